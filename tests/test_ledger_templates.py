"""The ledgers (台账) as data and their templates: every column from the ledger set, drop-down
lists on the closed columns (the 类别 of 附件1–3 on 附件类别), dates checked, the header on every
printed page, the records free to edit; committed copies = generated; per unit with a roster."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.template.ledgers import HEADER_ROW, LISTS_SHEET, ledger_filename, write_ledger_templates
from dianping_xlsx.definitions import SpecError, load_ledger_set

from .conftest import ROOT, soffice


@pytest.fixture(scope="module")
def ls():
    return load_ledger_set()


def test_the_ledgers_are_data(ls, tmp_path):
    appraisal, commitment = ls.ledgers
    assert appraisal.title == "领导点评全程记实台账" and commitment.title == "公开承诺台账"
    assert appraisal.labels[:4] == ("序号", "点评日期", "点评人", "点评人职务")
    assert commitment.labels[-3:] == ("兑现情况", "兑现日期", "备注")
    # a county adds a column by editing the data
    text = (ROOT / "dianping_xlsx" / "definitions" / "ledgersets" / "hunan-2011.toml").read_text("utf-8")
    changed = tmp_path / "county.toml"
    changed.write_text(text.replace('{ label = "备注", kind = "text" },',
                                    '{ label = "备注", kind = "text" },\n  { label = "督查人", kind = "text" },'), "utf-8")
    assert load_ledger_set(str(changed)).ledger("commitment").labels[-1] == "督查人"
    changed.write_text(text.replace('kind = "date", required = true', 'kind = "day"', 1), "utf-8")
    with pytest.raises(SpecError, match="kind"):
        load_ledger_set(str(changed))


def test_template_columns_lists_dates_and_printing(ls, ts, tmp_path):
    res = CliRunner().invoke(main, ["template", "-o", str(tmp_path), "--unit-name", "梅城镇党委"])
    assert res.exit_code == 0, res.output
    path = tmp_path / ledger_filename(ls.ledger("appraisal"), "梅城镇党委")
    wb = openpyxl.load_workbook(path)
    ws = wb["领导点评全程记实台账"]
    assert [c.value for c in ws[HEADER_ROW + 1]] == list(ls.ledger("appraisal").labels)
    assert ws["C2"].value == "梅城镇党委" and ws["A2"].value == ts.unit_label
    assert ws.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}" and ws.page_setup.orientation == "landscape"
    assert ws.protection.sheet and ws.protection.insertRows is False  # False: inserting rows is allowed
    assert ws.cell(HEADER_ROW + 2, 1).protection.locked is False  # the records are free,
    assert _columns_unlocked(path) == [True] * len(ls.ledger("appraisal").columns)  # empty cells too
    rules = {str(v.sqref).split(":")[0]: v for v in ws.data_validations.dataValidation}
    assert rules["B5"].type == "date"
    way = rules["H5"]
    assert way.type == "list" and way.errorStyle in (None, "stop")
    lists = wb[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    column = ls.ledger("appraisal").columns[6]  # 附件类别: the 类别 of every table
    listed = [c.value for c in lists["G"][1:] if c.value]
    assert listed == list(column.values(ts)) and "农村" in listed and "市州委书记" in listed
    assert rules["G5"].formula1 == f"'{LISTS_SHEET}'!$G$2:$G${len(listed) + 1}"
    assert rules["D5"].errorStyle == "warning"  # 点评人职务 allows other titles


def test_committed_ledger_templates_are_what_the_command_writes(tmp_path):
    CliRunner().invoke(main, ["template", "-o", str(tmp_path)])
    for name in ("领导点评全程记实台账.xlsx", "公开承诺台账.xlsx"):
        with zipfile.ZipFile(ROOT / "input_templates" / name) as a, zipfile.ZipFile(tmp_path / name) as b:
            assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}, name


def test_one_of_each_ledger_per_roster_unit(tmp_path):
    roster = tmp_path / "单位名册.xlsx"
    CliRunner().invoke(main, ["roster", "init", "-o", str(roster)])
    wb = openpyxl.load_workbook(roster)
    ws = wb.active
    for r, unit in enumerate(["梅城镇党委", "县教育局党委"], start=2):
        ws.cell(r, 1, unit)
    wb.save(roster)
    res = CliRunner().invoke(main, ["template", "-o", str(tmp_path / "out"), "--roster", str(roster)])
    assert res.exit_code == 0, res.output
    made = sorted(p.name for p in (tmp_path / "out").glob("*台账*"))
    assert made == sorted(f"{t}_{u}.xlsx" for t in ("领导点评全程记实台账", "公开承诺台账")
                          for u in ("梅城镇党委", "县教育局党委"))


def _columns_unlocked(path) -> list[bool]:
    """Whether each column's own style (what its empty cells take) is unlocked, from the XML."""
    import re

    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    xfs = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", styles.split("<cellXfs")[1].split("</cellXfs>")[0])
    out = []
    for lo, hi, style in re.findall(r'<col min="(\d+)" max="(\d+)"[^>]*style="(\d+)"', sheet):
        out += ['locked="0"' in xfs[int(style)]] * (int(hi) - int(lo) + 1)
    return out


def test_the_ledger_templates_print_ruled_rows_to_write_by_hand(ls, ts, tmp_path):
    """Issue 26, item 5: many units keep the 台账 on paper. The template prints a page of ruled
    rows (every column bordered, room to write), readable, the column labels on every page."""
    from dianping_xlsx.template.ledgers import HEADER_ROW, PRINTED_PAGES, printed_rows, write_ledger_templates

    for path, ledger in zip(write_ledger_templates(ls, ts, tmp_path, "梅城镇党委"), ls.ledgers):
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        first = HEADER_ROW + 2  # 1-based: the first record row
        printed = printed_rows(ledger)
        for row in (first, first + printed - 2):
            cells = [ws.cell(row, c) for c in range(1, ws.max_column + 1)]
            assert all(c.border.left.style and c.border.bottom.style for c in cells), (path.name, row)
            assert ws.row_dimensions[row].height >= 20
            assert all(c.font.sz >= 11 for c in cells)
        assert ws.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
        assert ws.print_area.endswith(f"${HEADER_ROW + 1 + printed}")
        assert ws.sheet_properties.pageSetUpPr.fitToPage  # (a fitToWidth of 1 is the default, not written)
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, PRINTED_PAGES)
        assert 45 <= printed <= 60  # two pages of rows 26 points high, the title lines on the first


def _ink_bottom(pgm: Path) -> float:
    """How far down a rendered page (pdftoppm -gray: a binary PGM) its lowest ruled line is, as a
    share of the page's height: the lowest row of pixels mostly dark, under the footer's text."""
    data = pgm.read_bytes()
    _, width, height, _ = data.split(maxsplit=4)[:4]
    width, height = int(width), int(height)
    pixels = data[len(data) - width * height:]
    ruled = [y for y in range(height) if sum(1 for v in pixels[y * width:(y + 1) * width] if v < 128) > width // 3]
    return ruled[-1] / height if ruled else 0.0


@pytest.mark.skipif(not soffice() or not shutil.which("pdftoppm"), reason="needs LibreOffice and poppler")
def test_the_ledger_templates_print_whole_pages(ls, ts, tmp_path):
    """Issue 33: the printed ruled rows fill two whole pages (a 40-row area left 9 rows alone on
    page 2); the title is printed once, not again as a page header; page numbers below."""
    import subprocess

    from .printcheck import page_texts, to_pdf

    for path in write_ledger_templates(ls, ts, tmp_path, "梅城镇党委"):
        pdf = to_pdf(path, tmp_path / "pdf")
        texts = page_texts(pdf)
        assert len(texts) == 2, path.name
        title = path.stem.split("_")[0]
        assert [t.count(title) for t in texts] == [1, 0]  # the sheet's own title line only
        assert ["".join(t.split())[-7:] for t in texts] == ["第1页,共2页", "第2页,共2页"]
        subprocess.run(["pdftoppm", "-gray", "-r", "40", str(pdf), str(tmp_path / path.stem)], check=True)
        for page in sorted(tmp_path.glob(f"{path.stem}-*.pgm")):
            assert _ink_bottom(page) > 0.85, page.name  # the last ruled row near the foot of the page
