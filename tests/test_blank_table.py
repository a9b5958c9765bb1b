"""One table of a file left entirely blank while another is filled (a unit that skipped 附表2, a
return file whose turned table could not be read): an error at that table in check and merge, and
a line of the 自查 sheet (was: 可以报送, the table summed as 0s). A blank template: table.empty only."""

from __future__ import annotations

import datetime as dt

import python_calamine

from dianping_xlsx.api import check_files, merge_inbox, write_summary, write_templates
from dianping_xlsx.model import SELF_CHECK_SHEET
from dianping_xlsx.testing import fill_template

from .test_turned_tables import _ts, _values

UNIT = "机关党支部"


def _first_table_only(tmp_path, ts, folder):
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    values = {k: v for k, v in _values().items() if k.table == "附表1"}
    return fill_template(ts, folder / f"{UNIT}.xlsx", UNIT, dt.date(2022, 6, 20), values, blank)


def test_check_says_the_blank_table(tmp_path):
    ts = _ts(tmp_path)
    report, = check_files([_first_table_only(tmp_path, ts, tmp_path)], period="2022-H1",
                          table_set=ts, items=None, ledgers=None)
    said = [(p.code, p.severity, p.sheet, p.params["table"]) for p in report.problems if p.severity != "info"]
    assert said == [("table.blank", "error", "附表2", "附表2")]
    assert report.problems[0].cell


def test_merge_sends_it_back_and_its_return_file_says_so_on_selfcheck(tmp_path):
    ts = _ts(tmp_path)
    inbox = tmp_path / "收件箱"
    _first_table_only(tmp_path, ts, inbox)
    result = merge_inbox(inbox, period="2022-H1", table_set=ts, items=None, ledgers=None)
    assert result.accepted == []
    out = tmp_path / "结果"
    write_summary(result, out, unit_name="某某县司法局创先办", day=dt.date(2022, 6, 25))
    returned, = (out / "退回").glob("*.xlsx")
    rows = python_calamine.CalamineWorkbook.from_path(str(returned)).get_sheet_by_name(SELF_CHECK_SHEET).to_python()
    assert "未通过" in rows[0][0]
    whole = {r[1]: r[5] for r in rows if len(r) > 5 and r[3] == "整表填写"}
    assert whole["附表1"] == "通过"
    assert whole["附表2"].startswith("附表2《公开承诺情况统计表》的数字格全部是空的")


def test_a_blank_template_is_one_empty_file_not_blank_tables(tmp_path):
    ts = _ts(tmp_path)
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    path = fill_template(ts, tmp_path / f"{UNIT}.xlsx", UNIT, dt.date(2022, 6, 20), {}, blank)
    report, = check_files([path], period="2022-H1", table_set=ts, items=None, ledgers=None)
    assert [p.code for p in report.problems if p.severity == "error"] == ["table.empty"]
