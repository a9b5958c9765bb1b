"""The workbook that goes up shows a rate the table's notes define (注:践诺率=…÷…×100%) as a row of
the table, computed from the sums as 分类汇总 computes it; the level above reads it as before."""

from __future__ import annotations

import openpyxl

from dianping_xlsx.api import load_notice, merge_inbox
from dianping_xlsx.catalogue import ERROR, WARNING
from dianping_xlsx.merge.rates import by_kind

from .test_circular_columns import county  # noqa: F401 - the county's half-year, built once here


def rows_of(ws) -> dict[str, list]:
    return {row[0].value: row for row in ws.iter_rows() if row[0].value}


def test_a_rate_the_notes_define_is_a_row_of_the_upward_table(county):  # noqa: F811
    path, result = county
    upward = next(path.parent.glob("上报_*.xlsx"))
    wb = openpyxl.load_workbook(upward)
    two = rows_of(wb["附件2"])
    assert "注:践诺率=已践诺事项数÷承诺事项数×100%。" in two
    sheet = next(s for s in result.summary.by_category if s.table.key == "附件2")
    j = sheet.headings.index("践诺率")
    by_category = {r.label: r.cells[j] for r in sheet.rows}
    row = two["践诺率"]
    categories = [c.value for c in rows_of(wb["附件2"])["乡镇(单位)"][2:]]
    assert categories == ["甲街道", "乙镇", "合计"]
    assert [c.value for c in row[2:]] == [by_category[c] for c in categories]
    assert all(c.number_format == "0.0%" for c in row[2:])
    assert row[0].row < two["注:践诺率=已践诺事项数÷承诺事项数×100%。"][0].row  # in the table, above its note
    assert not any("覆盖率" in str(label) for label in rows_of(wb["附件1"]))  # no note defines it: the summary's alone


def test_the_level_above_reads_the_upward_table_with_its_rate_row(county, tmp_path):  # noqa: F811
    path, result = county
    ups = tmp_path / "市收件箱"
    ups.mkdir()
    upward = next(path.parent.glob("上报_*.xlsx"))
    (ups / upward.name).write_bytes(upward.read_bytes())
    notice = load_notice(str(path.parent.parent / "county-2027.toml"))
    city = merge_inbox(ups, period="2027-H1", notice=notice, unit_name="某市委组织部")
    assert len(city.accepted) == 1 and city.totals == result.totals
    assert not [p.code for e in city.entries for p in e.problems if p.severity in (ERROR, WARNING)]


def test_the_summarys_rate_sheets_keep_the_notices_row_order(county):  # noqa: F811
    """附件2's first row (承诺党员数) is no base: 分类汇总 and 按类型汇总 list it first all the same."""
    path, result = county
    order = ["承诺党员数(人)", "承诺事项数(项)", "已践诺事项数(项)", "践诺率"]
    wb = openpyxl.load_workbook(next(path.parent.glob("汇总表_*.xlsx")), read_only=True)
    heading = next(r for r in wb["附件2分类汇总"].iter_rows(values_only=True) if r[0] == "类别名称")
    assert list(heading[1:]) == order, heading
    two = result.ts.table("附件2")
    assert by_kind(result, two).headings == order  # 按类型汇总 (written with a roster)
