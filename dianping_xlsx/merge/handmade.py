"""A lower office's summary typed by hand: a county that filled the official tables itself (or
had them typed from the stamped paper) sends a workbook without the marks merge writes into its
summaries (report/marks.py). It is still the county's summary, known so by the roster:

- its unit's 类型 is one the table set names a lower office's (office_types: 区县市, 市州), or
- most files of the inbox are marked summaries (an office merging its offices' reports) and its
  unit is on the roster.

Such a file is held to no unit's ceiling (value.implausible: a county counts many units), is due
when offices report (summary_due), and leaves the documents addressed to offices (over_offices).
It says nothing of its units (which it counted, which it lacked): no SummaryMark is made up for it."""

from __future__ import annotations

from ..check.workbook import rounds_early
from ..model import Period, Submission
from ..definitions import TableSet
from ..text import normalise
from .lateness import LATE, judge_late
from .options import MergeOptions

CEILING = "value.implausible"


def known_offices(submissions: list[Submission], ts: TableSet, period: Period, options: MergeOptions,
                  policy) -> None:
    """Each unmarked submission whose unit the roster tells is a lower office: taken as its summary."""
    if options.roster is None:
        return
    tabled = [s for s in submissions if s.readable and s.has_tables and s.cells]
    offices = {normalise(kind) for kind in ts.office_types}
    marked = sum(1 for s in tabled if s.summary_mark is not None)
    over_offices = 2 * marked > len(tabled)
    for sub in tabled:
        if sub.summary_mark is None and sub.roster_unit is not None and (
                over_offices or normalise(sub.roster_unit.kind) in offices):
            _as_summary(sub, ts, period, options, policy)


def _as_summary(sub: Submission, ts: TableSet, period: Period, options: MergeOptions, policy) -> None:
    """The unit's checks undone where an office's summary is judged otherwise: no ceiling (a later
    round's value above it is said as filled early instead), the offices' deadline."""
    sub.office_known = True
    over = {p.target for p in sub.problems if p.code == CEILING}
    added = rounds_early(sub, ts, period, {}, over) if over else []
    if options.summary_due != options.due and not sub.ledgers_only:
        sub.problems = [p for p in sub.problems if p.code not in LATE]
        before = len(sub.problems)
        judge_late(sub, options.summary_due)
        added += sub.problems[before:]
        del sub.problems[before:]
    sub.problems = [p for p in sub.problems if p.code != CEILING]
    for problem in policy.apply(added):
        sub.add(problem)
