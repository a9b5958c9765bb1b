"""What a merge found: every file's entry and the exact totals; records and data frames.

``MergeResult`` holds results only; what the merge was asked (roster, due date,
threshold…) stays in its ``options``. Everything the outputs show is computed once,
in ``result.summary``; the workbook, the CSV and the console only render it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..check.compact import in_order
from .evaluated import unit_evaluations
from ..model import ACCEPTED, HELD, IGNORED, MATERIAL, SUPERSEDED, Entry, Period, Submission, Tally
from ..problems import Problem
from ..definitions import Key, TableSet

if TYPE_CHECKING:
    from ..manifest import Unsaved
    from .options import MergeOptions
    from .summary import Summary

RECORD_COLUMNS = ("unit", "kind", "file", "date", "table", "category", "metric", "round", "value")
TOTAL_COLUMNS = ("table", "category", "metric", "round", "value")
# a problem's fields, then the status of its file (问题明细's 文件状态): "superseded" for a file its
# unit's later one replaced, whose problems 审核问题 and everything sent on leave out (current_problems)
PROBLEM_COLUMNS = ("code", "severity", "file", "unit", "sheet", "cell", "target", "params", "message", "status")


@dataclass
class MergeResult:
    ts: TableSet
    period: Period
    entries: list[Entry]
    totals: dict[Key, int]
    options: "MergeOptions"
    previous_values: dict[str, dict[Key, int]] = field(default_factory=dict)  # by display unit
    inbox: str = ""  # a digest of the inbox folder (model.inbox_digest): marks the summary
    unsaved: list["Unsaved"] = field(default_factory=list)  # what came by mail and was not saved (a .rar…)
    # by display unit: whose previous values are not its own under its name now, said in 明细's 上期 row
    # (上期为甲镇党委、乙镇党委之和: townships merged; 上期为“县卫生局党组”: a unit renamed)
    previous_notes: dict[str, str] = field(default_factory=dict)

    def by_status(self, status: str) -> list[Entry]:
        return [e for e in self.entries if e.status == status]

    @cached_property
    def accepted(self) -> list[Submission]:
        """Accepted submissions of the statistics tables, by unit."""
        return sorted(
            (e.submission for e in self.by_status(ACCEPTED) if e.submission.has_tables),
            key=lambda s: (s.display_unit, s.name),
        )

    @cached_property
    def evaluations(self) -> dict[str, list[Tally]]:
        """Each unit's evaluations, from all its accepted files that have any (merge/evaluated.py:
        every filled form counts; of tallies, an object in two files taken from the newer; a
        form the unit sent filled forms of is counted from them, its tally only held against them)."""
        files: dict[str, list[Submission]] = {}
        for e in self.by_status(ACCEPTED):
            if e.submission.evaluations:
                files.setdefault(e.submission.display_unit, []).append(e.submission)
        return {unit: unit_evaluations(files[unit]) for unit in sorted(files)}

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every file, a superseded file's included (问题明细 lists them all)."""
        return [p for e in self.entries for p in e.problems]

    @property
    def current_problems(self) -> list[Problem]:
        """The problems of this summary: a file another file of its unit replaced (a unit sent a
        corrected file) has no say in the overview, the headline or anything sent on."""
        return [p for e in self.entries if e.status != SUPERSEDED for p in e.problems]

    @property
    def no_reports(self) -> bool:
        """Nothing in the inbox was a report (empty, or only documents, lock files, ledgers held
        and materials): asked before the outputs are written, so never of the whole summary."""
        return all(e.status in (IGNORED, HELD, MATERIAL) for e in self.entries)

    def no_reports_lines(self) -> list[str]:
        """An inbox with nothing to merge: what was found instead, in Chinese; no summary is written."""
        lines = [f"没有找到任何报表:收件文件夹中共 {len(self.entries)} 个文件,都不是统计表,未生成汇总表。"]
        lines += [f"  - {e.name}:{e.reason}" for e in self.entries[:20]]
        if len(self.entries) > 20:
            lines.append(f"  ……另有 {len(self.entries) - 20} 个文件")
        lines.append("请把各单位报送的表格文件(.xlsx、.xls、.ods)放进收件文件夹后重新汇总。")
        return lines

    @cached_property
    def evaluation_blocks(self) -> list:
        """The evaluation forms' blocks (merge/evaluated.py): the summary's, and what says whether
        the documents include the posting, asked before the summary is made."""
        from .evaluated import evaluation_blocks

        es = self.options.items
        return evaluation_blocks(es, self.evaluations) if es is not None and self.evaluations else []

    @cached_property
    def ledger_summary(self):
        """The summary's ledgers part, made apart: the merged ledgers' writer needs it alone."""
        from .summary import ledgers_of

        return ledgers_of(self)

    @cached_property
    def summary(self) -> "Summary":
        """Everything the outputs show, computed once."""
        from .summary import summarise

        return summarise(self)

    # -- records: the tidy long tables ------------------------------------

    def records(self):
        """One dict per accepted unit and value (RECORD_COLUMNS); totals are in total_records()."""
        keys = self.ts.keys
        for sub in self.accepted:
            head = {"unit": sub.display_unit, "kind": sub.kind, "file": sub.name,
                    "date": sub.date.isoformat() if sub.date else ""}
            for key, value in zip(keys, in_order(sub.values, keys)):
                yield {**head, "table": key.table, "category": key.category, "metric": key.metric,
                       "round": key.round, "value": value}

    def total_records(self):
        """One dict per value of the summed tables (TOTAL_COLUMNS)."""
        for key in self.ts.keys:
            yield {"table": key.table, "category": key.category, "metric": key.metric,
                   "round": key.round, "value": self.totals[key]}

    def problem_records(self):
        """One dict per problem of any file, with every structured field and its file's status
        (PROBLEM_COLUMNS): ``status != "superseded"`` keeps the problems that count."""
        for e in self.entries:
            for p in e.problems:
                yield {**p.to_dict(), "status": e.status}

    # -- pandas (optional: pip install "dianping-xlsx[pandas]") -----------

    def to_frame(self):
        """The records as a pandas DataFrame (one row per accepted unit and value)."""
        return _frame(self.records(), RECORD_COLUMNS)

    def totals_frame(self):
        return _frame(self.total_records(), TOTAL_COLUMNS)

    def problems_frame(self):
        return _frame(self.problem_records(), PROBLEM_COLUMNS)


def _frame(rows, columns):
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError('需要 pandas:pip install "dianping-xlsx[pandas]"') from exc
    return pd.DataFrame.from_records(list(rows), columns=list(columns))
