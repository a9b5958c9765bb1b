"""A unit's ledger lost on the way: its adopted file of tables holds none, while a file of its tables
that file replaced held ledger records (a workbook of tables and ledger sheets sent back, the return
file sent again alone: the tables come back, the ledger sheets do not). Said to the clerk at the
adopted file, never in silence."""

from __future__ import annotations

from ..definitions import Ledger, LedgerSet
from ..model import ACCEPTED, HELD, SUPERSEDED, Entry, Submission
from ..problems import Problem
from ..text import label_word


def lost_ledgers(entries: list[Entry], ledgers: LedgerSet | None, date_label: str) -> None:
    """A warning (ledger.lost) on each adopted file of tables whose unit's ledger of the notice is now
    in none of its files counted or held, but was in a file of its tables this one replaced."""
    if ledgers is None:
        return
    wanted = {x.key: x for x in ledgers.ledgers}
    now: dict[str, set[str]] = {}
    adopted: dict[str, Entry] = {}
    for e in entries:
        sub = e.submission
        if sub is not None and e.status in (ACCEPTED, HELD):
            now.setdefault(sub.unit_identity, set()).update(sub.ledger_rows)
            if e.status == ACCEPTED and sub.has_tables:
                adopted[sub.unit_identity] = e
    lost: dict[str, tuple[Submission, list[str]]] = {}  # unit -> (the file replaced, its ledgers lost)
    for e in sorted(entries, key=lambda e: e.name):
        old = e.submission
        if e.status != SUPERSEDED or old is None or not old.has_tables or old.unit_identity not in adopted:
            continue
        keys = [k for k in old.ledger_rows if k in wanted and k not in now[old.unit_identity]]
        if keys and old.unit_identity not in lost:
            lost[old.unit_identity] = (old, keys)
    for unit, (old, keys) in lost.items():
        _say(adopted[unit], old, [wanted[k] for k in keys], label_word(date_label))


def _say(newest: Entry, old: Submission, lost: list[Ledger], date: str) -> None:
    counted = [x.summary_sheet for x in lost if x.counts or x.status]
    sub = newest.submission
    sub.add(Problem("ledger.lost", params={
        "ledger": "、".join(x.title for x in lost), "older": old.name,
        "n": sum(old.ledger_rows[x.key] for x in lost), "sheets": "”“".join(old.ledger_sheets),
        "summaries": ("“" + "”“".join(counted) + "”和") if counted else "", "date": date}))
    newest.problems.append(sub.problems[-1])
