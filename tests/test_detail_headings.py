"""明细's headings (issue 33): each printed on the lines it is read in — a new line before a
bracket and before a row's name that ends a longer one, a category once over its columns, each
column as wide as its longest line — and a previous summary read with the old headings or the new."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from dianping_xlsx.merge.previous import load_previous
from dianping_xlsx.report.detail import (LEAST_SCALE, PRINTABLE_WIDTH, SCALE_ROOM, _breaks, _points,
                                          category_spans, value_headings)

from .conftest import ROOT, soffice

ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30"]


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    out = tmp_path_factory.mktemp("detail")
    CliRunner().invoke(main, ["merge", str(ROOT / "examples" / "2011-H1"), "-o", str(out), *ARGS])
    return out / "汇总表_2011-H1.xlsx"


def test_a_heading_line_is_never_wider_than_its_column(ts):
    from dianping_xlsx.text import display_width

    metrics, widths = value_headings(ts.keys)
    assert "参加点评人数\n(第一次)" in metrics and "已被点评\n党员数\n(第二次)" in metrics
    for text, width in zip(metrics, widths):
        assert max(display_width(line) for line in text.split("\n")) + 2 <= width


def _old_headings(path, ts) -> None:
    """明细's headings as the version before wrote them: every column's category, one line each."""
    wb = openpyxl.load_workbook(path)
    ws = wb["明细"]
    first = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == ts.keys[0].table)
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    for j, key in enumerate(ts.keys, start=first):
        ws.cell(2, j).value = key.category
        ws.cell(3, j).value = f"{key.metric}({key.round})" if key.round else key.metric
    wb.save(path)


def test_a_previous_summary_reads_with_the_old_headings_and_the_new(summary, ts, tmp_path):
    new = load_previous(summary, ts)
    ws = openpyxl.load_workbook(summary)["明细"]
    assert ws.merged_cells.ranges and "\n" in str(ws.cell(3, 6).value)  # the new headings
    old = tmp_path / summary.name
    shutil.copy(summary, old)
    _old_headings(old, ts)
    before = load_previous(old, ts)
    assert new.units == before.units and len(new.units) == 19
    assert all(len(values) == len(ts.keys) for values in new.units.values())


@pytest.mark.skipif(not soffice() or not shutil.which("pdftotext"), reason="needs LibreOffice and pdftotext")
def test_no_heading_word_is_broken_when_printed(summary, ts, tmp_path):
    """Rendered by LibreOffice: every line of 明细's headings is one of the lines they are given
    (never 市州委书 / 记, 人数(第 / 一次))."""
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(summary)], capture_output=True, timeout=300, check=True)
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "汇总表_2011-H1.pdf"), "-"], capture_output=True,
                          text=True).stdout
    pages = [p for p in text.split("\f") if p.lstrip().startswith("2011年上半年 明细")]
    assert len(pages) == 11  # at a readable scale: a band over several pages, a break between two categories
    assert openpyxl.load_workbook(summary)["明细"].page_setup.scale >= LEAST_SCALE
    metrics, _ = value_headings(ts.keys)
    lines = {line for m in metrics for line in m.split("\n")}
    lines |= {line for k in ts.keys for line in k.category.replace("(", "\n(").split("\n")}
    ws = openpyxl.load_workbook(summary)["明细"]
    data = {str(c.value) for row in ws.iter_rows(min_row=4) for c in row if c.value is not None}
    data |= {"单位", "类型", "文件", "填报时间", "合计", "2011年上半年", "明细", "第", "页,共", "页"}
    words = {w for page in pages for w in page.split() if not w.startswith("附件") and not w.isdigit()} - data
    assert not {w for w in words if w not in lines}, words - lines  # 市州委书 / 记 before
    assert {"(第一次)", "市州委书记", "参加点评人数", "已被点评"} <= words


def test_a_band_wider_than_a_page_breaks_between_categories(ts):
    """明细 at a readable scale: a page begins with each table and, where the page so far would
    not hold a category whole, with that category; every page holds what it is given."""
    _, widths = value_headings(ts.keys)
    fixed = [12.0, 8.0, 20.0, 12.0]
    breaks = _breaks(fixed, ts.keys, widths, LEAST_SCALE)
    starts = {first for _, first, _ in category_spans(ts.keys)}
    tables = {j for j, k in enumerate(ts.keys) if j and k.table != ts.keys[j - 1].table}
    assert tables <= set(breaks) <= starts and len(breaks) > len(tables)  # the sample's bands are wide
    room = PRINTABLE_WIDTH * SCALE_ROOM * 100 / LEAST_SCALE
    edges = [0, *breaks, len(ts.keys)]
    for i, (a, b) in enumerate(zip(edges, edges[1:])):
        lead = sum(map(_points, fixed)) if i == 0 else _points(fixed[0])
        alone = not any(a < first < b for first in starts)  # one category wider than a page: alone on it
        assert lead + sum(map(_points, widths[a:b])) <= room or alone


def test_a_category_is_never_cut_into_a_lone_column_without_its_heading(tmp_path):
    """t10 print finding 2: justice-2012's 明细 (one table, six categories of eleven columns): the
    first category does not fit beside 单位/类型/文件/填报时间 but fits a page of its own, so its
    page begins with it (it was cut by the printer, 评议票数合计 alone on a page without its
    heading); no category heading runs across a page break."""
    import datetime as dt

    from dianping_xlsx.api import load_notice, merge_inbox, write_summary
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster
    from dianping_xlsx.testing import fill_template

    from .test_justice_notice import unit_values

    notice = load_notice("justice-2012")
    inbox = tmp_path / "收件箱"
    units = ["溧阳市公证处党支部", "江苏溧阳平陵律师事务所党支部"]  # as the clerk's roster names them
    for k, unit in enumerate(units):
        fill_template(notice.tables, inbox / f"{unit}_统计表.xlsx", unit, dt.date(2012, 3, 10), unit_values(k))
    roster = write_blank_roster(notice.tables, tmp_path / "名册.xlsx", [RosterUnit(u, (), "基层法律服务所") for u in units])
    result = merge_inbox(inbox, period="2012-H1", notice=notice, roster=roster)
    write_summary(result, tmp_path / "o", unit_name="溧阳市司法局", day=dt.date(2012, 3, 12))
    ws = openpyxl.load_workbook(tmp_path / "o" / "汇总表_2012-H1.xlsx")["明细"]
    fixed = 4  # 单位, 类型, 文件, 填报时间
    breaks = [b.id for b in ws.col_breaks.brk]  # a page begins with the column after each
    assert breaks[0] == fixed
    heads = [r for r in ws.merged_cells.ranges if r.min_row == 2]
    assert len(heads) == 6 and not [r for r in heads for b in breaks if r.min_col <= b < r.max_col], (heads, breaks)


def test_a_category_wider_than_a_page_is_cut_with_its_heading_on_each_part():
    """A category of 33 columns, wider than a page at the least scale: it starts beside the fixed
    columns, is cut where each page is full, its last part two columns (never one), and
    category_spans heads each part."""
    from dianping_xlsx.definitions import Key

    keys = [Key("附件1", "乡镇党委", f"项目{j}", "") for j in range(33)]
    widths = [10.0] * len(keys)
    fixed = [12.0, 8.0, 20.0, 12.0]
    breaks = _breaks(fixed, keys, widths, LEAST_SCALE)
    assert breaks and breaks[-1] == len(keys) - 2, breaks
    room = PRINTABLE_WIDTH * SCALE_ROOM * 100 / LEAST_SCALE
    edges = [0, *breaks, len(keys)]
    for i, (a, b) in enumerate(zip(edges, edges[1:])):
        lead = sum(map(_points, fixed)) if i == 0 else _points(fixed[0])
        assert lead + sum(map(_points, widths[a:b])) <= room and b - a >= 2
    assert [(first, n) for _, first, n in category_spans(keys, breaks)] == [(a, b - a) for a, b in zip(edges, edges[1:])]
