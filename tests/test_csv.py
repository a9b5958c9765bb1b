"""summary.csv: the fast path writes csv.writer's bytes."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

from dianping_xlsx.api import merge_inbox
from dianping_xlsx.report.csv import csv_rows, write_csv

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ODD = ['甲,乙', '引"号', "换\n行", "=1+1", " -2", "百分之%s%%", "尾 ", "普通单位"]


def test_summary_csv_is_csv_writers_file(tmp_path):
    """A unit's records as one %-format: what csv.writer writes for csv_rows(), for units whose
    names a CSV must quote or escape (or a %-format could misread), and the formula guard kept."""
    result = merge_inbox(EXAMPLES, period="2011-H1")
    assert result.accepted
    units = []
    for n, name in enumerate(ODD):
        sub = copy.copy(result.accepted[n % len(result.accepted)])
        sub.unit, sub.roster_unit = name, None
        units.append(sub)
    odd = copy.copy(result.accepted[0])  # values that are not all whole numbers: csv.writer's own rows
    odd.unit, odd.roster_unit, odd.values = "小数单位", None, {result.ts.keys[0]: 2.5, result.ts.keys[1]: 3}
    units.append(odd)
    result.__dict__["accepted"] = units  # in place of the example's (a cached property)
    write_csv(result, tmp_path / "fast.csv")
    with open(tmp_path / "plain.csv", "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(csv_rows(result))
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()
    with open(tmp_path / "fast.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert {"'=1+1", "' -2", "甲,乙", '引"号', "换\n行", "百分之%s%%", "尾 "} <= {r[0] for r in rows}
    per_unit = len(result.ts.keys)
    assert len(rows) == 1 + per_unit * (len(ODD) + 2)
    assert rows[1][5] == str(result.accepted[0].values[result.ts.keys[0]])
    assert [r[5] for r in rows if r[0] == "小数单位"][:3] == ["2.5", "3", "0"]
