"""A unit's value far above the other units' in the same cell: a warning at merge.

A digit typed twice (676 → 6766) stays below what no unit can have (the table set's ``most``,
an error in the file's own check) yet stands out among the batch: a value more than
``outlier_ratio`` times the median of the other units' non-zero values of the same cell, and at
least ``outlier_floor``, is said at its cell, naming that median. Units are compared with units,
lower offices' summaries with summaries; the files counted in the summary only.
"""

from __future__ import annotations

from ..check.compact import in_order
from ..definitions import Key, TableSet
from ..model import ACCEPTED, Entry
from ..problems import NO_POLICY, Policy, Problem

OUTLIER = "value.outlier"
FEWEST_OTHERS = 3  # a median of fewer units says too little


def outliers(entries: list[Entry], ts: TableSet, policy: Policy = NO_POLICY) -> list[Entry]:
    """Each counted file's values far above the others' (see the module): a warning on it, as the
    run's policy has it (ignored, or an error). Returns the entries it made errors of (to be sent back)."""
    if ts.outlier_ratio <= 0 or OUTLIER in policy.ignore:
        return []
    counted = [e for e in entries if e.status == ACCEPTED and e.submission is not None and e.submission.has_tables]
    raised = []
    for summaries in (False, True):
        group = [e for e in counted if e.submission.from_office is summaries]
        if len(group) > FEWEST_OTHERS:
            raised += _in_group(group, ts, policy)
    return list({id(e): e for e in raised}.values())


def _in_group(group: list[Entry], ts: TableSet, policy: Policy) -> list[Entry]:
    columns = zip(*(in_order(e.submission.values, ts.keys) for e in group))
    found: list[tuple[int, Key, int, float, int]] = []  # (entry, key, value, median, others)
    for key, column in zip(ts.keys, columns):
        if max(column) < ts.outlier_floor:
            continue
        ranked = sorted(v for v in column if v)
        if len(ranked) <= FEWEST_OTHERS:
            continue
        for n, value in enumerate(column):
            if value < ts.outlier_floor or value <= ts.outlier_ratio * ranked[0]:
                continue
            median = _median_without(ranked, value)
            if value > ts.outlier_ratio * median:
                found.append((n, key, value, median, len(ranked) - 1))
    for n, key, value, median, others in found:
        _warn(group[n], key, value, median, others, ts.outlier_ratio, policy)
    return [group[n] for n, *_ in found if OUTLIER in policy.raise_]


def _median_without(ranked: list[int], value: int) -> float:
    """The median of ``ranked`` (sorted) less one occurrence of ``value`` (its last), without a copy."""
    import bisect

    gone = bisect.bisect_right(ranked, value) - 1
    size = len(ranked) - 1

    def at(j: int) -> int:
        return ranked[j if j < gone else j + 1]

    middle = size // 2
    return at(middle) if size % 2 else (at(middle - 1) + at(middle)) / 2


def _warn(entry: Entry, key: Key, value: int, median: float, others: int, ratio: float, policy: Policy) -> None:
    sub = entry.submission
    cell = sub.cells.get(key)
    shown = lambda x: int(x) if float(x).is_integer() else round(x, 1)  # noqa: E731
    problem = Problem(OUTLIER, file=sub.name, sheet=cell.sheet if cell else "", cell=cell.ref if cell else "",
                      unit=sub.display_unit, target=key,
                      params={"label": key.label(), "value": value, "median": shown(median), "count": others,
                              "times": shown(ratio)})
    (problem,) = policy.apply([problem])
    sub.problems.append(problem)
    entry.problems.append(problem)
