"""dianping definitions init: a draft notice definition read from the notice. The round trip is
the test: the template made from the draft shows every label of the notice's tables, filled
copies merge with exact totals, and seed 002's tables give what the shipped hunan-2011 gives."""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dianping_xlsx import api
from dianping_xlsx.definitions.draft.document import squeeze
from dianping_xlsx.testing import fill_template, random_values

from .test_draft_docs import (CITY_CATEGORIES, CITY_METRICS, city_docx, city_rows, city_workbook, county_docx, seed002_docx,
                              seed_tables)


def _template_text(folder: Path, notice: Path) -> str:
    templates, _ = api.write_templates(folder, notice=str(notice))
    wb = openpyxl.load_workbook(templates[0])
    return "\n".join(re.sub(r"\s+", "", str(c.value)) for ws in wb.worksheets for row in ws.iter_rows()
                     for c in row if c.value is not None)


def _merge_filled(tmp: Path, notice, values_for, period: str, day: dt.date, units: int = 3):
    ts = api.load_notice(str(notice)).tables
    inbox = tmp / "inbox"
    sent = []
    for n in range(units):
        values = values_for(ts, n)
        fill_template(ts, inbox / f"单位{n}.xlsx", f"测试单位{n}", day, values)
        sent.append(values)
    result = api.merge_inbox(inbox, period=period, notice=str(notice), jobs=1)
    return ts, sent, result


def test_seed002_gives_the_hunan_tables(tmp_path):
    notice = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml").notice
    drafted, shipped = api.load_notice(str(notice)), api.load_notice("hunan-2011")
    assert [(r.label, r.half) for r in drafted.tables.rounds] == [(r.label, r.half) for r in shipped.tables.rounds]
    for mine, theirs in zip(drafted.tables.tables, shipped.tables.tables, strict=True):
        assert (mine.key, mine.title, mine.blocks) == (theirs.key, theirs.title, theirs.blocks)
        assert [(r.metric, r.rounds, r.base) for r in mine.rows] == [(r.metric, r.rounds, r.base) for r in theirs.rows]
        assert mine.notes == theirs.notes  # 2011年 in a note is the period's year: {year}年
        assert mine.separate_blocks == theirs.separate_blocks  # 书记 and 常委 never added together
        assert [r.rate for r in mine.rows] == [r.rate for r in theirs.rows]  # 点评覆盖率, 群众评议覆盖率
    assert (drafted.document, drafted.issued) == ("安创先办〔2011〕2号", dt.date(2011, 6, 16))
    assert [(p.half, p.due) for p in drafted.calendar.periods] == [("H1", (6, 30)), ("H2", (12, 30))]
    assert "# 推断:" in notice.with_name("新通知-tables.toml").read_text(encoding="utf-8")
    assert "评议表" in notice.read_text(encoding="utf-8")  # the forms named, as a gap


def test_seed002_draft_states_each_part_within_its_whole(tmp_path):
    """A row of those who took part is at most the table's total row, even when that total was
    only taken as the first row (附件1: no rule was drafted); the shipped rules' checks all come."""
    draft = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml")
    drafted = {r.check for r in api.load_notice(str(draft.notice)).tables.rules}
    assert not [g for g in draft.gaps if re.search(r"[((]表\d+", g)], draft.gaps  # 表5 is our count, not the notice's
    shipped = {r.check for r in api.load_notice("hunan-2011").tables.rules if r.code == "rule.exceeds"}
    assert "参加点评人数 <= 总人数" in drafted
    assert shipped <= drafted, shipped - drafted


def test_seed002_merges_as_hunan_does(tmp_path):
    notice = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml").notice
    hunan = api.load_notice("hunan-2011").tables
    values = lambda _ts, n: random_values(hunan, seed=n)  # noqa: E731 - the same values in both
    day = dt.date(2011, 12, 20)
    _, _, mine = _merge_filled(tmp_path / "draft", notice, values, "2011-H2", day)
    _, _, theirs = _merge_filled(tmp_path / "hunan", "hunan-2011", values, "2011-H2", day)
    assert len(mine.accepted) == 3 and mine.totals == theirs.totals

    def by_category(result):  # the summary's 分类汇总 counts: each block's 合计 kept apart in 附件1
        return [(sheet.headings, [("合计" if row.total else row.label, row.cells) for row in sheet.rows])
                for sheet in result.summary.by_category]

    assert by_category(mine) == by_category(theirs)


def test_seed002_template_shows_every_label(tmp_path):
    notice = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml").notice
    text = _template_text(tmp_path / "模板", notice)
    for key, title, blocks, metrics, notes in seed_tables():
        for label in [key, title, "类别", "填报单位(盖章):", "填报时间:", "第一次", "第二次",
                      *(c for b in blocks for c in b), *(m for m, _ in metrics), *notes]:
            assert re.sub(r"\s+", "", label) in text, label


@pytest.mark.parametrize("total_on_top", [False, True])
def test_city_table_typed_the_other_way_round(tmp_path, total_on_top):
    draft = api.draft_notice(city_docx(tmp_path / "通知.docx", total_on_top), tmp_path / "city.toml")
    notice = api.load_notice(str(draft.notice))
    (table,) = notice.tables.tables
    expected = ["合计", *CITY_CATEGORIES] if total_on_top else [*CITY_CATEGORIES, "合计"]
    assert table.blocks == (tuple(expected),)
    assert [r.metric for r in table.rows] == CITY_METRICS  # full-width spaces gone, split table joined
    assert table.sums == (("合计", tuple(CITY_CATEGORIES), "error", False),)
    assert {r.check for r in notice.tables.rules if not r.id.endswith("sum")} == {
        "参加评议党组织数(个) <= 党组织数(个)", "参加评议党员数(人) <= 党员数(人)",
        "其中:非中共党员合伙人(人) <= 参加评议人数(人)"}
    assert (notice.document, notice.up_email, notice.calendar.periods[0].due) == ("常司发〔2012〕6号", "zzb618@163.com", (3, 15))
    assert [m.name for m in notice.materials] == ["统计表", "工作总结"]
    text = _template_text(tmp_path / "模板", draft.notice)
    for label in {squeeze(x) for row in city_rows(total_on_top) for x in row if x}:
        assert label.replace(" ", "") in text, label


def test_city_table_merges_with_exact_totals(tmp_path):
    notice = api.draft_notice(city_docx(tmp_path / "通知.docx"), tmp_path / "city.toml").notice
    ts, sent, result = _merge_filled(tmp_path, notice, lambda ts, n: random_values(ts, seed=10 + n),
                                     "2012-H1", dt.date(2012, 3, 10))
    assert len(result.accepted) == 3
    for key in ts.keys:
        assert result.totals[key] == sum(v.get(key, 0) for v in sent), key


def test_the_blank_workbook_gives_the_same_table(tmp_path):
    from_word = api.load_notice(str(api.draft_notice(city_docx(tmp_path / "a.docx"), tmp_path / "a.toml").notice))
    draft = api.draft_notice(city_workbook(tmp_path / "空白表.xlsx"), tmp_path / "b.toml")
    from_sheet = api.load_notice(str(draft.notice))
    mine, theirs = from_sheet.tables.tables[0], from_word.tables.tables[0]
    assert (mine.key, mine.title, mine.blocks, mine.rows, mine.sums, mine.notes) == \
        (theirs.key, theirs.title, theirs.blocks, theirs.rows, theirs.sums, theirs.notes)
    assert any("截止日期" in g for g in draft.gaps)  # no text: said, and marked in the file
    assert "# 待补:" in draft.notice.read_text(encoding="utf-8")


def test_a_twenty_page_notice_is_read_in_seconds(tmp_path):
    source = city_docx(tmp_path / "长通知.docx", pages=20)
    start = time.perf_counter()
    api.draft_notice(source, tmp_path / "long.toml")
    assert time.perf_counter() - start < 3


def _docx_with(tmp_path: Path, name: str, part: str, body: bytes) -> Path:
    source = city_docx(tmp_path / "好.docx")
    target = tmp_path / name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, body if item.filename == part else zin.read(item))
    return target


@pytest.mark.parametrize("make, words", [
    (lambda t: _docx_with(t, "doctype.docx", "word/document.xml",
                          b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'), "DOCTYPE"),
    (lambda t: (t / "坏.docx").write_bytes(b"PK\x03\x04 not really a zip" * 10) and t / "坏.docx", "损坏"),
    (lambda t: (t / "网页.docx").write_bytes(b"<html><body>notice</body></html>") and t / "网页.docx", "不能读"),
    (lambda t: (t / "通知.txt").write_text("通知", encoding="utf-8") and t / "通知.txt", "不是能读的通知文件"),
    (lambda t: _docx_with(t, "无正文.docx", "word/document.xml", b"<x/>"), "正文"),
    (lambda t: _docx_with(t, "无表.docx", "word/document.xml", (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        '<w:p><w:r><w:t>关于开展群众评议的通知</w:t></w:r></w:p></w:body></w:document>').encode("utf-8")),
     "请改用那个文件"),
])
def test_a_broken_or_foreign_notice_is_said_and_nothing_written(tmp_path, make, words):
    target = tmp_path / "out" / "新通知.toml"
    with pytest.raises(api.SpecError) as caught:
        api.draft_notice(make(tmp_path), target)
    assert words in str(caught.value)
    assert not target.parent.exists() or not any(target.parent.iterdir())


def test_a_web_page_saved_as_docx_is_said_as_a_word_file(tmp_path):
    """A notice saved from the website (an .html named .docx): said as a Word file, not a workbook."""
    page = tmp_path / "通知.docx"
    page.write_bytes("<html><body><p>关于开展群众评议的通知</p></body></html>".encode("utf-8"))
    with pytest.raises(api.SpecError) as caught:
        api.draft_notice(page, tmp_path / "out" / "新通知.toml")
    assert str(caught.value) == ("通知文件“通知.docx”不能读:文件实际上是网页或文本,不是 Word 文件(只是扩展名是 .docx)。"
                                 "请用 Word 或 WPS 打开通知,另存为 .docx 后再试。")


def test_the_command_line_writes_a_draft_that_check_accepts(tmp_path):
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    source = seed002_docx(tmp_path / "通知.docx")
    runner = CliRunner()
    made = runner.invoke(main, ["definitions", "init", str(source), "-o", str(tmp_path / "新通知.toml")])
    assert made.exit_code == 0, made.output
    assert "附件1" in made.output and "评议表" in made.output
    checked = runner.invoke(main, ["definitions", "check", str(tmp_path / "新通知.toml")])
    assert checked.exit_code == 0 and "没有发现问题" in checked.output


def test_a_title_with_the_notices_year_is_drafted_without_it(tmp_path):
    """The notice's 2013年群众评议情况统计表: the table set's name carries {year}年, the table's
    title (printed as written) none, said in a comment; next year's template says no 2013."""
    draft = api.draft_notice(county_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml")
    ts = api.load_notice(str(draft.notice)).tables
    assert [t.title for t in ts.tables] == ["群众评议情况统计表"] and ts.title(2014) == "2014年群众评议情况统计表"
    assert not any("2013" in w for w in ts.names.document_words)
    assert "# 推断:通知中的标题是“2013年群众评议情况统计表”" in draft.tables_text
    api.write_templates(tmp_path / "t", notice=str(draft.notice), period="2014-H1")
    wb = openpyxl.load_workbook(tmp_path / "t" / "统计表.xlsx")
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts if "2013" in t] and "群众评议情况统计表" in texts


@pytest.mark.skipif(__import__("tests.conftest", fromlist=["writer"]).writer() is None,
                    reason="LibreOffice Writer is not installed (apt-get install libreoffice-writer-nogui)")
def test_a_doc_is_read_through_libreoffice(tmp_path):
    import subprocess

    seed002_docx(tmp_path / "通知.docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(tmp_path / "通知.docx")], check=True, capture_output=True,
                   timeout=120)
    from_doc = api.draft_notice(tmp_path / "通知.doc", tmp_path / "a.toml")
    from_docx = api.draft_notice(tmp_path / "通知.docx", tmp_path / "b.toml")
    strip = lambda text: text.split("\n", 1)[1].replace("a-tables", "X").replace("b-tables", "X")  # noqa: E731
    assert strip(from_doc.tables_text) == strip(from_docx.tables_text)


def _pages_with(pdf: Path, tables: list[tuple[str, str]]) -> dict[str, int]:
    """How many pages of a PDF print each table: (title, first row label) both on the page
    (spaces ignored; a list of attachments that names a title is no page of its table)."""
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [re.sub(r"\s+", "", p) for p in text.split("\f")]
    return {title: sum(1 for p in pages if title in p and row in p) for title, row in tables}


@pytest.mark.skipif(__import__("tests.conftest", fromlist=["writer"]).writer() is None
                    or not __import__("shutil").which("pdftotext"),
                    reason="LibreOffice Writer and pdftotext are needed to print both")
def test_seed002_tables_print_on_as_many_a4_pages_as_the_notice(tmp_path):
    """The round trip on paper: each table of the notice, printed from Word, takes as many A4
    pages as the same table in the template made from the draft (printed from the workbook)."""
    import subprocess

    from .conftest import writer

    source = seed002_docx(tmp_path / "通知.docx", forms=False)
    notice = api.draft_notice(source, tmp_path / "新通知.toml").notice
    templates, _ = api.write_templates(tmp_path / "模板", notice=str(notice), items=None, ledgers=None)
    for path in (source, templates[0]):
        subprocess.run([writer(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(path)],
                       check=True, capture_output=True, timeout=240)
    tables = [(title, metrics[0][0]) for _, title, _, metrics, _ in seed_tables()]
    printed = _pages_with(tmp_path / "pdf" / "通知.pdf", tables)
    ours = _pages_with(tmp_path / "pdf" / f"{templates[0].stem}.pdf", tables)
    assert printed == ours and set(printed.values()) == {1}, (printed, ours)


def _our_template(tmp_path, changes=()):
    """Our own blank template of a table set (as `dianping template` writes it), the justice
    table set with its labels and keys changed as another notice prints them."""
    from dianping_xlsx.definitions.tables import table_set_from_text
    from dianping_xlsx.template.blank import write_template

    text = (Path(api.__file__).parent / "definitions" / "tablesets" / "justice-2012.toml").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    ts = table_set_from_text(text)
    return ts, write_template(ts, tmp_path / "空白模板.xlsx")


@pytest.mark.parametrize("changes", [(), (
    ('unit_label = "填报单位(盖章):"', 'unit_label = "报表单位(公章):"'), ('date_label = "填报时间:"', 'date_label = "报表日期:"'),
    ('marker_pattern = "附件(\\\\d+)"', 'marker_pattern = "附表([一二三四五六七八九十]+)"'),
    ('附件4', '附表四'))])
def test_our_blank_template_drafts_its_own_tables(tmp_path, changes):
    """init on a template we wrote (a documented input): its 填表说明, 自查 and 自查计算 sheets are
    no tables; the label lines (报表单位(公章):, 报表日期:) are labels, never a category or a
    title; the marker fits the keys read; the notice's date is the template's, not today."""
    ts, template = _our_template(tmp_path, changes)
    draft = api.draft_notice(template, tmp_path / "草稿.toml")
    assert [f.key for f in draft.found] == [t.key for t in ts.tables]
    drafted = api.load_notice(str(draft.notice)).tables
    (table,) = drafted.tables
    assert table.title == ts.tables[0].title
    assert table.categories == ts.tables[0].categories
    assert [r.metric for r in table.rows] == [r.metric for r in ts.tables[0].rows]
    assert (drafted.unit_label, drafted.date_label) == (ts.unit_label, ts.date_label)
    assert drafted.marker.match(ts.tables[0].key)
    assert drafted.published == ts.published
