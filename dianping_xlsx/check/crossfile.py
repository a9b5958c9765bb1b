"""What a unit's files say together: the ledgers (台账) it sent in files of their own, held
against its statistics tables as when both come in one workbook.

One code path for `dianping check` (a unit's table and its ledger files given in one command)
and `dianping merge` (the whole inbox), so that check never says 可以报送 to what merge returns.

A unit may keep one ledger in several files (1-3月, 4-6月): each is a piece of it, standing
beside the others, and a person is counted once over all of them. A file that is plainly a copy
of another (nearly all the records of either are in the other: a corrected copy, one that updates
its records; a record is known by its identity, who was appraised when, who promised what) is the
same piece: of such copies the newest stands (merge's choice of the newest file, by the unit key
the piece is part of). A file that updates a few records, or goes on where another stopped, is a
piece beside it: a record in both is taken once, from the newer (merge/ledgers.py).
"""

from __future__ import annotations

from ..model import Submission
from ..problems import Policy
from ..definitions import LedgerSet, TableSet
from .ledgers import against_tables, record_identity, repeated_only

# two files sharing this share of the larger one's records are copies of one piece (a corrected or
# updated copy); less (a file of some records updated, one that goes on where the other stopped):
# pieces that stand side by side, each record taken once, from the newer file (merge/ledgers.py)
COPY_SHARE = 0.8


def ledgers_against_tables(submissions: list[Submission], ts: TableSet, ledgers: LedgerSet,
                           policy: Policy) -> None:
    """Each unit's tables (every file of them) against the appraisal ledgers it sent apart."""
    pieces = ledger_pieces(submissions, ledgers)
    appraisal = next((x for x in ledgers.ledgers if x.counts is not None), None)
    by_unit: dict[str, dict[tuple, int]] = {}
    repeats: dict[str, dict[tuple, tuple]] = {}
    for unit, parts in pieces.items():
        persons: dict[tuple, set[str]] = {}
        for copies in parts:
            for key, seen in _largest(copies).items():  # copies of one piece: the larger count stands
                persons.setdefault(key, set()).update(seen)  # pieces: each person once over all
        if persons:
            by_unit[unit] = {key: len(seen) for key, seen in persons.items()}
            repeats[unit] = _repeats(parts)
    if appraisal is None or not by_unit:
        return
    for sub in submissions:
        counted = by_unit.get(sub.unit_identity)
        if sub.has_tables and sub.ledger_persons is None and counted is not None and sub.cells:
            found = against_tables(appraisal, counted, ts, sub.values, sub.cells, repeats[sub.unit_identity])
            sub.problems = policy.apply(sub.problems + [p.located(file=sub.name, unit=sub.display_unit)
                                                        for p in found])


def ledger_pieces(submissions: list[Submission], ledgers: LedgerSet) -> dict[str, list[list[Submission]]]:
    """unit identity -> the pieces of its ledgers sent in files of their own, each piece the files
    that are copies of one another (in the order of their names). Each file is told its piece
    (Submission.ledger_part): the unit key keeps pieces apart and lets copies replace each other."""
    groups: dict[tuple, list[Submission]] = {}
    for sub in sorted(submissions, key=lambda s: s.name):
        if sub.ledgers_only and not sub.unit_from_file:
            groups.setdefault((sub.unit_identity, tuple(sorted(sub.ledger_rows))), []).append(sub)
    out: dict[str, list[list[Submission]]] = {}
    for (unit, _), subs in groups.items():
        parts: list[tuple[list[Submission], set]] = []
        for sub in subs:
            records = _records(sub, ledgers)
            n = next((i for i, (_, held) in enumerate(parts) if _copy(records, held)), len(parts))
            if n == len(parts):
                parts.append(([], set()))
            parts[n][0].append(sub)
            parts[n][1].update(records)
            sub.ledger_part = str(n + 1) if n else ""
        out.setdefault(unit, []).extend(copies for copies, _ in parts if any(s.ok for s in copies))
    return out


def evaluation_pieces(submissions: list[Submission]) -> None:
    """Each file of evaluations alone told its piece (Submission.evaluation_part): the forms it
    holds (附件4 in one file, 附件5 in another: both stand), and of files of the same forms, a
    piece per set of organisations or members evaluated (a branch's forms, another's) where a
    copy (most of the smaller's objects in the other: a corrected file) is the same piece."""
    groups: dict[tuple, list[Submission]] = {}
    for sub in sorted(submissions, key=lambda s: s.name):
        if sub.evaluations and not sub.has_tables and not sub.unit_from_file:
            forms = ",".join(sorted({t.form for t in sub.evaluations}))
            groups.setdefault((sub.unit_identity, forms), []).append(sub)
    for (_, forms), subs in groups.items():
        parts: list[set] = []
        for sub in subs:
            objects = {(t.form, t.object, t.category) for t in sub.evaluations}
            n = next((i for i, held in enumerate(parts) if _copy(objects, held)), len(parts))
            if n == len(parts):
                parts.append(set())
            parts[n].update(objects)
            sub.evaluation_part = forms + (f"#{n + 1}" if n else "")


def _records(sub: Submission, ledgers: LedgerSet) -> set[tuple]:
    """The file's records by their identity (check/ledgers.record_identity): a copy that updates
    most of its records (兑现情况 now 已兑现, 整改措施 filled in) holds the same records."""
    out = set()
    for ledger in ledgers.ledgers:
        identity = record_identity(ledger)
        out.update((ledger.key, *identity(row)) for row in sub.ledger_records.get(ledger.key, ()))
    return out


def _copy(records: set, others: set) -> bool:
    larger = max(len(records), len(others))
    return bool(records) and bool(others) and len(records & others) >= COPY_SHARE * larger


def _repeats(parts: list[list[Submission]]) -> dict[tuple, tuple]:
    """The persons a unit's ledger pieces record more than once (within a piece, or one in two
    pieces), each counted once: ledgers.ledger_repeats over files, a piece's largest copy for it."""
    times: dict[tuple, dict[str, int]] = {}
    for copies in parts:
        read = [s for s in copies if s.ok and s.ledger_persons is not None]
        if not read:
            continue
        piece = max(read, key=lambda s: sum(len(seen) for seen in s.ledger_persons.values()))
        for key, seen in piece.ledger_persons.items():
            more = dict(piece.ledger_repeats.get(key, ()))
            into = times.setdefault(key, {})
            for person in seen:
                into[person] = into.get(person, 0) + more.get(person, 1)
    return repeated_only(times)


def _largest(copies: list[Submission]) -> dict[tuple, frozenset[str]]:
    """Per key, the largest set of persons among copies of one piece (read without errors)."""
    out: dict[tuple, frozenset[str]] = {}
    for sub in copies:
        if sub.ok and sub.ledger_persons is not None:
            for key, seen in sub.ledger_persons.items():
                if len(seen) > len(out.get(key, ())):
                    out[key] = seen
    return out
