"""A damaged file is said to be damaged in Chinese words: never the reader's English text nor the
name of its exception (WorksheetNotFound, CalamineError, "mismatched tag: line 2")."""

from __future__ import annotations

import re
import zipfile

import pytest

from dianping_xlsx import check_files


def _damaged(good, target, change):
    """The unit's file with its parts changed: ``change(name, data)`` gives (name, data) or None."""
    with zipfile.ZipFile(good) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            kept = change(info.filename, a.read(info))
            if kept is not None:
                b.writestr(*kept)
    return target


def _drop(part):
    return lambda name, data: None if name == part else (name, data)


def _edit(part, old: bytes, new: bytes, count=1):
    return lambda name, data: (name, data.replace(old, new, count) if name == part else data)


def _first_number(name, data):
    if name == "xl/worksheets/sheet2.xml":  # 附件1: its first number written " 12 " (a hand-edited file)
        data = re.sub(rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?(?: t="n")?>)<v>[0-9]+</v>', rb"\1<v> 12 </v>", data, count=1)
    return name, data


def _shared_text(name, data):
    """附件1's first text a shared string, which the file does not have (a part lost on the way)."""
    if name == "xl/worksheets/sheet2.xml":
        data = re.sub(rb't="inlineStr"><is><t>[^<]*</t></is>', rb't="s"><v>5</v>', data, count=1)
    return name, data


DAMAGES = {
    "缺少工作表": (_drop("xl/worksheets/sheet2.xml"), "缺少工作表“附件1”的内容"),
    "类型未知": (_edit("xl/worksheets/sheet2.xml", b't="n"><v>', b't="zz"><v>'), "类型标记"),
    "缺少关系": (_drop("_rels/.rels"), "文件结构不完整"),
    "缺少共享字符串": (_shared_text, "共享字符串"),
    "数字带空格": (_first_number, "数字"),
    "缺少工作簿": (_drop("xl/workbook.xml"), "缺少工作簿的主要部分"),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_workbook_is_said_in_chinese(make_unit, tmp_path, damage):
    change, words = DAMAGES[damage]
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=1)
    (report,) = check_files([_damaged(good, tmp_path / f"{damage}.xlsx", change)], period="2011-H1", jobs=1)
    (problem,) = report.problems
    assert problem.code == "file.corrupt"
    assert words in problem.params["detail"] and not re.search("[A-Za-z]", problem.params["detail"])


def test_a_word_document_or_a_zip_named_xlsx_is_said_for_what_it_is(make_unit, tmp_path):
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=1)
    word = tmp_path / "总结.xlsx"
    with zipfile.ZipFile(word, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    packed = tmp_path / "打包.xlsx"
    with zipfile.ZipFile(packed, "w") as z:
        z.write(good, "梅城镇党委.xlsx")
    details = [r.problems[0].params["detail"] for r in check_files([word, packed], period="2011-H1", jobs=1)]
    assert details == ["这是 Word 文档,不是表格", "这是一个压缩包,表格在压缩包里面,请解压后发送表格本身"]


def test_a_broken_ods_names_the_line_in_chinese(tmp_path):
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>'
               '<office:spreadsheet><table:table table:name="附件1"><table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    target = tmp_path / "坏.ods"
    with zipfile.ZipFile(target, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    (report,) = check_files([target], period="2011-H1", jobs=1)
    assert [(p.code, p.params["detail"]) for p in report.problems] == [("file.corrupt", "内容文件第 2 行格式有误")]


def test_an_error_cell_is_said_as_written(ts, make_unit, tmp_path):
    """Excel saves a formula's error with its text (<v>#DIV/0!</v>): the problem quotes it."""
    keys = [k for k in ts.tables[0].keys()][:2]
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=1, values={keys[0]: 777771, keys[1]: 777772})

    def errors(name, data):
        for marker, formula, error in ((b"777771", b"1/0", b"#DIV/0!"), (b"777772", b"#REF!+1", b"#REF!")):
            data = re.sub(rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?)(?: t="n")?><v>' + marker + b"</v>",
                          rb'\1 t="e"><f>' + formula + b"</f><v>" + error + b"</v>", data)
        return name, data

    (report,) = check_files([_damaged(good, tmp_path / "错误值.xlsx", errors)], period="2011-H1", jobs=1)
    said = sorted(p.params["text"] for p in report.problems if p.code == "value.error-cell")
    assert said == ["#DIV/0!", "#REF!"]


def test_a_unit_name_typed_as_a_number_is_said_as_typed(ts, tmp_path):
    """A unit entered as 12345 (a number cell) is said as 12345, not the reader's 12345.0; a number
    is no unit's name: the file's name stands for it, with a warning at the cell."""
    import datetime as dt

    from dianping_xlsx.testing import fill_template, h1_only, random_values

    path = fill_template(ts, tmp_path / "编号单位.xlsx", 12345, dt.date(2011, 6, 25), h1_only(ts, random_values(ts, 1)))
    (report,) = check_files([path], period="2011-H1", jobs=1)
    assert report.submission.unit == "编号单位"
    said = next(p for p in report.problems if p.code == "unit.not-a-name")
    assert "“12345”" in said.message and "12345.0" not in said.message and said.cell == "C3"
