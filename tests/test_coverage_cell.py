"""A coverage warning names the round's own cell in every block of 附件1: the second block's rule
works out 未参加 from 总人数 first (a let), yet its failure is at the round's 参加点评人数, not at
总人数; in December each round's warning at its own cell, as in the first block."""

from __future__ import annotations

import pytest

from dianping_xlsx import check_files
from dianping_xlsx.definitions import Key
from dianping_xlsx.testing import fill_template, h1_only, random_values


def short_in_block(ts, values: dict, block: int, rounds: tuple[str, ...]) -> str:
    """Make the first category of ``block`` of the first table fall short in ``rounds``: 总人数 8,
    参加点评 6 (the rest of the table as filled); returns the category."""
    table = ts.tables[0]
    category = table.blocks[block - 1][0]
    base, row = table.base_row, next(r for r in table.rows if r.rounds)
    values[Key(table.key, category, base.metric, "")] = 8
    for rnd in row.rounds:
        values[Key(table.key, category, row.metric, rnd)] = 6 if rnd in rounds else (8 if rnd == row.rounds[0] else 0)
    return category


@pytest.mark.parametrize("period, rounds", [("2011-H1", 1), ("2011-H2", 2)])
@pytest.mark.parametrize("block", [1, 2])
def test_the_coverage_warning_is_at_the_rounds_own_cell(ts, tmp_path, blank, period, rounds, block):
    table = ts.tables[0]
    row = next(r for r in table.rows if r.rounds)
    due = row.rounds[:rounds]
    values = random_values(ts, 11)
    values = h1_only(ts, values) if rounds == 1 else values
    category = short_in_block(ts, values, block, due)
    day = "2011-06-25" if rounds == 1 else "2011-12-20"
    path = fill_template(ts, tmp_path / "梅城镇党委.xlsx", "梅城镇党委", day, values, blank)
    report = check_files(path, period=period)[0]
    said = [p for p in report.problems if p.code == "rule.coverage" and p.params.get("category") == category]
    cells = report.submission.cells
    expected = [cells[Key(table.key, category, row.metric, rnd)].ref for rnd in due]
    assert [p.cell for p in said] == expected
    assert cells[Key(table.key, category, table.base_row.metric, "")].ref not in [p.cell for p in said]
