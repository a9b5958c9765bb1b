"""A period's dates in their year: an annual report due in January is due in the next January."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from dianping_xlsx.api import load_notice, merge_inbox
from dianping_xlsx.cli import main
from dianping_xlsx.model import Period
from dianping_xlsx.testing import fill_template, random_values

ANNUAL = """id = "annual"
name = "某县年度统计"
tables = "justice-2012"
forms = ""
ledgers = ""

[[periods]]
code = "H1"
name = "年度统计"
due = "{due}"
unit_due = "{unit_due}"
work = ["01-01", "12-31"]
"""


def _notice(tmp_path, due="01-15", unit_due="01-10"):
    path = tmp_path / "annual.toml"
    path.write_text(ANNUAL.format(due=due, unit_due=unit_due), encoding="utf-8")
    return path


def test_a_january_due_date_of_a_years_work_is_the_next_january(tmp_path):
    """The year's work reported by 01-15: the summary's date, lateness and the reporting window
    are of the next year; a unit dated 2028-01-08 is on time (it was 逾期 against 2027-01-10)."""
    notice = load_notice(str(_notice(tmp_path)))
    period = Period.parse("2027-H1", notice.calendar)
    assert (period.due, period.unit_due) == (dt.date(2028, 1, 15), dt.date(2028, 1, 10))
    assert period.window == (dt.date(2027, 1, 1), dt.date(2028, 2, 15))
    assert period.report_day(dt.date(2026, 12, 7)) == (dt.date(2028, 1, 15), False)
    assert Period.around(dt.date(2028, 1, 8), notice.calendar) == period
    assert notice.calendar.periods[0].due_words == "次年1月15日"
    fill_template(notice.tables, tmp_path / "in" / "甲镇.xlsx", "甲镇", dt.date(2028, 1, 8),
                  random_values(notice.tables, 3))
    fill_template(notice.tables, tmp_path / "in" / "乙镇.xlsx", "乙镇", dt.date(2028, 1, 12),
                  random_values(notice.tables, 4))
    result = merge_inbox(tmp_path / "in", period="2027-H1", notice=notice)
    late = {e.unit for e in result.entries if any(p.code == "date.late" for p in e.problems)}
    assert len(result.accepted) == 2 and late == {"乙镇"}
    said = next(p.message for e in result.entries for p in e.problems if p.code == "date.late")
    assert "2028-01-10" in said and "2027" not in said


def test_the_next_year_can_be_written_and_is_what_check_says(tmp_path):
    """次年01-15 says it outright; definitions check shows each period's dates and asks to confirm
    a due date read as the next year's, one too far from the work to tell, a unit due after the
    office's and a due date outside the reporting window."""
    written = tmp_path / "written"
    written.mkdir()
    spec = load_notice(str(_notice(written, due="次年01-15"))).calendar.periods[0]
    assert spec.due_date(2027) == dt.date(2028, 1, 15) and spec.unit_due_date(2027) == dt.date(2028, 1, 10)
    res = CliRunner().invoke(main, ["definitions", "check", str(_notice(tmp_path))])
    assert res.exit_code == 0, res.output
    assert "年度统计(工作 1月1日至12月31日;各单位次年1月10日前、本级次年1月15日前报送)" in res.output
    assert "有 1 处请核对" in res.output and "按次年计算" in res.output and "次年01-15" in res.output
    res = CliRunner().invoke(main, ["definitions", "check", str(_notice(tmp_path, due="06-30", unit_due="07-10"))])
    assert res.exit_code == 0 and "看不出是当年还是次年" in res.output and "晚于本级向上级报送的截止日期" in res.output
    shipped = CliRunner().invoke(main, ["definitions", "check", str(_notice(written, due="次年01-15"))])
    assert "没有发现问题" in shipped.output and "请核对" not in shipped.output
