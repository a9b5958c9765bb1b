"""Issue 33, pages that cannot be read: 报送情况 rows one line where their text fits one line (a
December date was taken for two); 审核问题 rows as tall as their wrapped text in any column, its
units' heading on every printed page."""

from __future__ import annotations

import datetime as dt

import openpyxl
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.template.layout import row_height
from dianping_xlsx.testing import fill_template, random_values

ONE_LINE = row_height("x", 10)


def test_december_dates_and_statuses_take_one_line(ts, blank, tmp_path):
    inbox = tmp_path / "in"
    for n, unit in enumerate(["梅城镇党委", "平口镇党委", "东坪镇党委"]):
        fill_template(ts, inbox / f"{unit}.xlsx", unit, dt.date(2011, 12, 15), random_values(ts, n), blank)
    CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out"), "--period", "2011-H2",
                              "--date", "2011-12-30"])
    ws = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2011-H2.xlsx")["报送情况"]
    rows = [c.row for c in ws["B"] if c.value and str(c.value).endswith(".xlsx")]
    assert len(rows) == 3 and {ws.cell(r, 5).value for r in rows} == {"2011年12月15日"}
    assert all(abs(ws.row_dimensions[r].height - ONE_LINE) < 1 for r in rows)  # (Excel keeps quarter points)


def test_problem_rows_are_as_tall_as_their_places(make_unit, tmp_path):
    inbox = tmp_path / "in"
    typed = {k: "0" for k in [Key("附件3", c, "党员数", "") for c in ("农村", "街道社区", "机关部门", "学校")]}
    typed.update({Key("附件2", c, "已开展群众评议党组织数", ""): "0人" for c in ("农村", "学校")})
    make_unit(inbox, "梅城镇党委", seed=1, values=typed)
    CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out"), "--period", "2011-H1",
                              "--date", "2011-06-30"])
    ws = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2011-H1.xlsx")["审核问题"]
    heading = next(c.row for c in ws["A"] if c.value == "单位")
    assert ws.print_title_rows == f"${heading}:${heading}"
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFGH"}
    for row in range(heading + 1, ws.max_row + 1):
        texts = [(c.value, widths[c.column_letter]) for c in ws[row] if isinstance(c.value, str)]
        if texts:
            need = max(row_height(t, w) for t, w in texts)
            assert abs(ws.row_dimensions[row].height - need) < 1, (row, texts)
