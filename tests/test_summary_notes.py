"""What the summary and the checks say of a table, as a clerk reads it (a tester's annual notice,
drafted from its Word file): a note on rates only under a table that has rates; a sum of rows
that does not add up names its table, as a sum of categories does."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx import api
from dianping_xlsx.cli import main
from dianping_xlsx.model import Key
from dianping_xlsx.testing import fill_template

from .test_draft_docs import annual_docx

DAY = dt.date(2028, 1, 8)


@pytest.fixture
def notice(tmp_path):
    draft = api.draft_notice(annual_docx(tmp_path / "通知.docx"), tmp_path / "def" / "年度.toml")
    # 附件2's header as the tester had it: 考核等次 (a prefix of 附件1's rows) is another finding's
    draft.tables.write_text(draft.tables.read_text(encoding="utf-8").replace('header = "考核等次"', 'header = "等次"'),
                            encoding="utf-8")
    return api.load_notice(str(draft.notice))


def consistent(ts, per: int = 1) -> dict[Key, int]:
    """Numbers that pass every rule: per category 10 organisations, 10 secretaries, 8 reported,
    graded 4, 2, 1, 1; 附件2 the grades; each 合计 the sum of the others."""
    a1, a2 = ts.tables
    grades = [4 * per, 2 * per, 1 * per, 1 * per]
    values = {}
    for cat in a1.categories:
        n = len(a1.categories) - 1 if cat == "合计" else 1
        for row, v in zip(a1.rows, [10 * per, 10 * per, 8 * per, *grades]):
            values[Key(a1.key, cat, row.metric, "")] = v * n
    for cat, v in zip(a2.categories, [*grades, sum(grades)]):
        values[Key(a2.key, cat, a2.rows[0].metric, "")] = v * (len(a1.categories) - 1)
    return values


def test_a_table_without_rates_has_no_note_on_rates(notice, tmp_path):
    """附件2 (人数 only): no 说明:;人数(人)为 0 时不计算比率 under its summaries; 附件1 keeps its 述职比例 note."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for n, unit in enumerate(["市直工委", "教育工委"], start=1):
        fill_template(notice.tables, inbox / f"{unit}.xlsx", unit, DAY, consistent(notice.tables, n))
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out"), "--notice", str(notice.source),
                                    "--period", "2027-H1", "--unit-name", "云州市委组织部", "--date", "2028-01-15"])
    assert res.exit_code == 0, res.output
    summary = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2027-H1.xlsx")
    notes = {name: [c.value for row in summary[name].iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith("说明:")]
             for name in summary.sheetnames if name.startswith(("附件1", "附件2")) and name not in ("附件1", "附件2")}
    assert notes and all(not said for name, said in notes.items() if name.startswith("附件2")), notes
    assert any("述职比例 = 述职评议情况-参加述职人数(人) ÷ 党组织书记数(人)" in s for name, said in notes.items()
               if name.startswith("附件1") for s in said), notes


def test_a_sum_of_rows_that_does_not_add_up_names_its_table(notice, tmp_path):
    values = consistent(notice.tables)
    values[Key("附件1", "县市区委", "考核等次-好(人)", "")] = 5  # 5 + 2 + 1 + 1 = 9, not 8
    book = fill_template(notice.tables, tmp_path / "县市区委.xlsx", "县市区委", DAY, values)
    res = CliRunner().invoke(main, ["check", str(book), "--notice", str(notice.source), "--period", "2027-H1"])
    assert "附件1“县市区委”的述职评议情况-参加述职人数(人)为 8,不等于" in res.output, res.output
