"""The README sample's 群众评议汇总 prints readably: a form nobody sent is one line, not a block of
zeros with an empty chart; a chart stays clear of the columns repeated on every page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent


def test_the_sample_evaluations_sheet(tmp_path):
    subprocess.run([sys.executable, "-m", "dianping_xlsx", "merge", str(ROOT / "examples" / "2011-H1"), "-o",
                    str(tmp_path / "o"), "--period", "2011-H1"], capture_output=True, timeout=600)
    ws = openpyxl.load_workbook(tmp_path / "o" / "汇总表_2011-H1.xlsx")["群众评议汇总"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "本期没有单位报送这种评议表。" in texts  # 附件5: nobody sent one
    assert len(ws._charts) == 1  # 附件4's only
    assert ws._charts[0].anchor._from.col >= 2  # not in the repeated columns A:B


def test_each_forms_section_starts_a_page_when_it_would_not_fit(ts, make_unit, tmp_path):
    """t10 print finding 2: two forms reported, their sections (heading, table, chart) do not fit
    one landscape page together: the second starts a new page (a manual row break at its heading),
    never a chart cut across two pages; no break inside a section."""
    import datetime as dt

    from dianping_xlsx.api import merge_inbox, write_summary
    from dianping_xlsx.definitions import load_item_set
    from dianping_xlsx.template.forms import write_evaluation_templates
    from dianping_xlsx.testing import fill_tally

    es = load_item_set("hunan-2011")
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "梅城镇党委", seed=1)
    tally = write_evaluation_templates(es, ts, tmp_path / "blank")[2]
    org, member = es.forms[0], es.forms[1]
    fill_tally(es, tally, inbox / "梅城镇评议汇总.xlsx", "梅城镇党委", {
        org.key: [("梅城村党支部", "农村", 10, {item: [6, 2, 1, 1] for item in org.items}),
                  ("启安村党支部", "农村", 10, {item: [7, 1, 1, 1] for item in org.items})],
        member.key: [("张三", "", 10, {item: [8, 1, 1, 0] for item in member.items})]})
    result = merge_inbox(inbox, period="2011-H1", unit_name="安化县委创先办")
    write_summary(result, tmp_path / "o", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    ws = openpyxl.load_workbook(tmp_path / "o" / "汇总表_2011-H1.xlsx")["群众评议汇总"]
    headings = [c.row for c in ws["A"] if isinstance(c.value, str) and c.value.startswith((org.key, member.key))]
    assert len(headings) == 2, headings
    assert [b.id for b in ws.row_breaks.brk] == [headings[1] - 1]  # a break is set under the row it follows
