"""A return of another year (last year's template filled in, last year's return sent again, a
title that says another year) is told at the cell that says it: period.other-year."""

from __future__ import annotations

import datetime as dt

import openpyxl

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.testing import fill_template, h1_only, random_values

from .test_clerk_traps import run


def _other_year(sub):
    return [p for p in sub.problems if p.code == "period.other-year"]


def _filled(ts, tmp_path, period: str | None, day: dt.date, name="梅城镇党委.xlsx"):
    """Our template made for ``period`` (dianping template --period), filled like a clerk."""
    blank = write_template(ts, tmp_path / f"blank-{period}.xlsx", period=Period.parse(period) if period else None)
    values = h1_only(ts, random_values(ts, 5))
    return fill_template(ts, tmp_path / "in" / name, "梅城镇党委", day, values, blank)


def test_last_years_template_is_told_at_its_heading(ts, tmp_path):
    path = _filled(ts, tmp_path, "2012-H1", dt.date(2013, 6, 20))
    sub = check_workbook(path, ts, Period.parse("2013-H1"))
    [said] = _other_year(sub)
    assert (said.sheet, said.cell) == ("填表说明", "A1")
    assert said.message.startswith("这是2012年上半年的报表模板,本次汇总的是2013年上半年。")
    assert sub.ok  # a warning: the office checks with the unit
    assert not _other_year(check_workbook(path, ts, Period.parse("2012-H1")))


def test_a_template_made_without_a_period_says_nothing_of_the_year(ts, tmp_path):
    """Its 填表说明 carries the year the tables were published: no warning in any later year."""
    path = _filled(ts, tmp_path, None, dt.date(2013, 6, 20))
    assert not _other_year(check_workbook(path, ts, Period.parse("2013-H1")))


def test_a_title_written_with_another_year(ts, tmp_path):
    path = _filled(ts, tmp_path, "2013-H1", dt.date(2013, 6, 20))
    wb = openpyxl.load_workbook(path)
    wb["附件2"]["A2"] = "2012年领导点评和群众评议等工作情况统计表(党组织)"
    wb["附件1"]["H3"] = "2013年6月20日"  # a date is no year of the report
    wb.save(path)
    sub = check_workbook(path, ts, Period.parse("2013-H1"))
    [said] = _other_year(sub)
    assert (said.sheet, said.cell) == ("附件2", "A2")
    assert "表头写的是“2012年领导点评" in said.message and "把表头中的年份改为2013年" in said.message


def test_merge_tells_the_office_of_last_years_return(ts, tmp_path):
    path = _filled(ts, tmp_path, "2012-H1", dt.date(2013, 6, 20))
    res = run("merge", path.parent, "-o", tmp_path / "out", "--period", "2013-H1", "--date", "2013-06-30")
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2013-H1.xlsx")
    texts = [c.value for sheet in ("审核问题", "问题明细") for row in book[sheet].iter_rows() for c in row]
    assert "报表年份不是本期" in texts
    assert any(isinstance(v, str) and "这是2012年上半年的报表模板" in v for v in texts)
