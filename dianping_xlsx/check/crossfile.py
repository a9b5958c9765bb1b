"""What a unit's files say together: the ledgers (台账) it sent in files of their own, held
against its statistics tables as when both come in one workbook.

One code path for `dianping check` (a unit's table and its ledger files given in one command)
and `dianping merge` (the whole inbox), so that check never says 可以报送 to what merge returns.
"""

from __future__ import annotations

from ..model import Submission
from ..problems import Policy
from ..definitions import LedgerSet, TableSet
from .ledgers import against_tables


def ledgers_against_tables(submissions: list[Submission], ts: TableSet, ledgers: LedgerSet,
                           policy: Policy) -> None:
    """Each unit's tables (every file of them) against the appraisal ledgers it sent apart."""
    appraisal = next((x for x in ledgers.ledgers if x.counts is not None), None)
    by_unit: dict[str, dict[tuple, int]] = {}
    for sub in submissions:
        if sub.ledgers_only and sub.ledger_counts is not None and sub.ok and not sub.unit_from_file:
            counted = by_unit.setdefault(sub.unit_identity, {})
            for key, n in sub.ledger_counts.items():  # two ledger files: the larger count stands
                counted[key] = max(n, counted.get(key, 0))
    if appraisal is None or not by_unit:
        return
    for sub in submissions:
        counted = by_unit.get(sub.unit_identity)
        if sub.has_tables and sub.ledger_counts is None and counted is not None and sub.cells:
            found = against_tables(appraisal, counted, ts, sub.values, sub.cells)
            sub.problems = policy.apply(sub.problems + [p.located(file=sub.name, unit=sub.display_unit)
                                                        for p in found])
