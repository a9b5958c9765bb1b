"""What a unit sent instead of its tables: a Word document, a photo, CSV files exported from its
workbook, lying in the inbox under the unit's name. The unit is 未报, and its row says which file
came and what to ask the unit for (as for a .zip left packed), on the screen too."""

from __future__ import annotations

import docx
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .conftest import sheet_rows

H1 = ("--period", "2011-H1", "--date", "2011-06-30", "--unit-name", "安化县委创先办")
UNITS = ["梅城镇党委", "柘溪镇党委", "县文化局党组", "县交通局党组", "乐安镇党委", "县教育局党委"]


def _word_tables(path):
    """The tables typed into Word, as a unit does that has no Excel at hand."""
    document = docx.Document()
    document.add_paragraph("填报单位:柘溪镇党委")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["类别", "总数", "已被点评"]):
        cell.text = text
    document.save(path)


def test_a_unit_that_sent_no_workbook_is_told_what_came_and_what_to_ask_for(ts, make_unit, tmp_path):
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总结果"
    make_unit(inbox, "梅城镇党委", seed=1)
    _word_tables(inbox / "柘溪镇党委统计表.docx")
    (inbox / "县文化局党组统计表.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64)
    for n in (1, 2, 3):  # each sheet saved as CSV from the unit's workbook
        (inbox / f"县交通局党组-表{n}.csv").write_text("类别,总数\n农村,12\n", encoding="gbk")
    (inbox / "乐安镇党委.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (inbox / "县教育局党委.xlsx.crdownload").write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a download cut short
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit(u, (), "乡镇") for u in UNITS])
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *H1, "--roster", str(roster)])
    assert res.exit_code == 1, res.output
    notes = {r["单位"]: r["说明"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况") if r["状态"] == "未报"}
    word = "收到的是 Word 文档“柘溪镇党委统计表.docx”,不是统计表;请对方用下发的 Excel 模板填写后重新发送"
    assert notes["柘溪镇党委"] == f"名册中的单位,{word}。"
    assert notes["县文化局党组"] == ("名册中的单位,收到的是照片“县文化局党组统计表.jpg”,不是统计表;"
                                "请对方发送 Excel 表格文件,照片或 PDF 不能汇总。")
    assert "“县交通局党组-表1.csv”“县交通局党组-表2.csv”“县交通局党组-表3.csv”" in notes["县交通局党组"]
    assert "请对方用下发的 Excel 模板填写后重新发送" in notes["县交通局党组"]
    assert "压缩包“乐安镇党委.zip”" in notes["乐安镇党委"]  # the archive's sentence, as before
    assert notes["县教育局党委"] == ("名册中的单位,收到的是没有下载完的文件“县教育局党委.xlsx.crdownload”,不是统计表;"
                                "请重新下载该附件(下载完成后文件名以 .xlsx 结尾),或请对方重新发送。")
    assert f"  - 柘溪镇党委:{word}。" in res.output.splitlines()  # the screen names the file too
    assert any(line.startswith("  - 乐安镇党委:收件文件夹中有压缩包") for line in res.output.splitlines())
    why = {r["单位名称"]: r["情况"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "未报单位")}
    assert why["柘溪镇党委"] == word


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_mailed_word_attachment_is_said_once_with_what_to_ask_for(ts, make_unit, tmp_path):
    """The tables typed into Word and mailed: the import screen and 报送情况 say 没有保存 once, and
    what to ask the unit for."""
    import datetime as dt

    from .mailcorpus import Attachment, message

    _word_tables(tmp_path / "柘溪镇党委统计表.docx")
    when = dt.datetime(2011, 6, 25, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    mail = message("柘溪镇", "zxz@example.cn", "柘溪镇党委统计表", when,
                   [Attachment("柘溪镇党委统计表.docx", (tmp_path / "柘溪镇党委统计表.docx").read_bytes(), ctype=DOCX_TYPE)])
    (tmp_path / "m.eml").write_bytes(mail)
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总结果"
    res = CliRunner().invoke(main, ["mail", "import", str(tmp_path / "m.eml"), "--inbox", str(inbox)])
    ask = "请对方用下发的 Excel 模板填写后重新发送"
    (line,) = [x for x in res.output.splitlines() if "柘溪镇党委统计表.docx" in x]
    assert line.endswith(f"附件“柘溪镇党委统计表.docx”:是 Word 文档,不是表格文件,没有保存。如是报表,{ask}。"), line
    make_unit(inbox, "梅城镇党委", seed=1)  # another unit's tables, placed by hand
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit("梅城镇党委", (), "乡镇"),
                                                              RosterUnit("柘溪镇党委", (), "乡镇", "", 0, ("zxz@example.cn",))])
    CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *H1, "--roster", str(roster)])
    (note,) = [r["说明"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况") if r["单位"] == "柘溪镇党委"]
    assert note.count("没有保存") == 1 and note.endswith(f"附件“柘溪镇党委统计表.docx”没有保存:是 Word 文档,不是表格文件。"
                                                      f"如是报表,{ask}。"), note


def test_check_tells_the_unit_what_to_do_itself_not_the_clerk(make_unit, tmp_path):
    """`dianping check`, run by a unit on what it meant to send: a .zip of its workbook, its tables
    typed into Word. It is told what to do itself, never to put files into the inbox and merge again."""
    import zipfile

    path, _ = make_unit(tmp_path / "made", "乐安镇党委", seed=1)
    with zipfile.ZipFile(tmp_path / "乐安镇党委报表.zip", "w") as z:
        z.write(path, path.name)
    _word_tables(tmp_path / "柘溪镇党委统计表.docx")
    res = CliRunner().invoke(main, ["check", str(tmp_path / "乐安镇党委报表.zip"), str(tmp_path / "柘溪镇党委统计表.docx"),
                                    "--period", "2011-H1"])
    assert "压缩包(.zip)不会自动解压,没有检查。请解压后对其中的表格文件运行检查。" in res.output, res.output
    assert "不是表格文件(.docx),没有检查。如是报表,请用下发的 Excel 模板填写后再检查、报送。" in res.output
    assert "收件文件夹" not in res.output and "汇总" not in res.output.replace("不能汇总", "") and "请对方" not in res.output
