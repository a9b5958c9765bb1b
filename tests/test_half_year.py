"""The half-year as a county runs it (issue 21): several merges in a row, files as units make them.

A unit is sent back and corrects its file; units keep ledgers in their own workbooks and name
their files as they please; the county sends its result up and the city merges it. Each test
builds the situation the way it arises and asserts statuses, totals and what the clerk reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.spec import Key

from .conftest import sheet_rows, status_of

H1 = ("--period", "2011-H1", "--date", "2011-06-30")
COUNTY = "安化县委创先办"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def totals_of(out):
    rows = csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))
    return {Key(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
            for r in rows if r["unit"] == "合计"}


def overview(book):
    """The 审核问题 overview: (title, level, units, places, code) per kind of problem."""
    wb = openpyxl.load_workbook(book)
    rows = list(wb["审核问题"].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "问题")
    out = []
    for r in rows[top + 1:]:
        if not r or r[0] in (None, ""):
            break
        out.append(r)
    per_unit_top = next(i for i, r in enumerate(rows) if r and r[0] == "单位")
    per_unit = [r for r in rows[per_unit_top + 1:] if r and r[0]]
    return out, per_unit


# -- 1. a corrected error is not a problem of this summary -----------------------------


def test_a_corrected_file_leaves_no_trace_of_the_old_error(make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    _, mei = make_unit(inbox, "梅城镇党委", seed=1)
    bad = Key("附件2", "农村", "已被点评党组织数", "第一次")
    total = Key("附件2", "农村", "党组织数", "")
    make_unit(inbox, "平口镇党委", seed=2, day=dt.date(2011, 6, 20),
              values={total: 20, bad: 25, Key("附件2", "农村", "已开展群众评议党组织数", ""): 20})
    out1 = tmp_path / "o1"
    first = run("merge", inbox, "-o", out1, *H1, "--unit-name", COUNTY)
    assert first.exit_code == 1 and "退回 1 个" in first.output
    assert (out1 / "退回" / "平口镇党委_审核意见.xlsx").exists()

    # the unit corrects its figure and sends the file again, dated later
    _, fixed = make_unit(inbox, "平口镇党委", seed=2, day=dt.date(2011, 6, 27), name="平口镇党委(更正).xlsx",
                         values={total: 20, bad: 20, Key("附件2", "农村", "已开展群众评议党组织数", ""): 20})
    out2 = tmp_path / "o2"
    second = run("merge", inbox, "-o", out2, *H1, "--unit-name", COUNTY)
    assert second.exit_code == 0, second.output
    assert "数字超过总数" not in second.output  # the screen's 主要问题 names no old error
    assert "0 个有错误" in openpyxl.load_workbook(out2 / "汇总表_2011-H1.xlsx")["审核问题"]["A1"].value
    kinds, per_unit = overview(out2 / "汇总表_2011-H1.xlsx")
    assert all(k[2] != "错误" for k in kinds), kinds
    assert "rule.exceeds" not in {k[5] for k in kinds}
    assert all(r[2] != "错误" for r in per_unit), per_unit
    assert not (out2 / "退回").exists() or not list((out2 / "退回").iterdir())
    # the superseded file is still visible where it belongs, marked as such
    status = status_of(out2 / "汇总表_2011-H1.xlsx")
    assert status["平口镇党委.xlsx"][1] == "被替代"
    listed = [r for r in sheet_rows(out2 / "汇总表_2011-H1.xlsx", "问题明细", first="单位")
              if r["代码"] == "rule.exceeds"]
    assert listed and all(r["文件"] == "平口镇党委.xlsx" and r["文件状态"] == "被替代" for r in listed)
    assert totals_of(out2)[bad] == mei[bad] + fixed[bad] == mei[bad] + 20
