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

import datetime as dt
import hashlib
import re

from ..model import TALLY_SOURCE, Submission, Tally
from ..problems import Policy, Problem
from ..definitions import ItemSet, LedgerSet, TableSet
from ..text import normalise
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
    by_unit: dict[str, dict[tuple, set[str]]] = {}
    repeats: dict[str, dict[tuple, tuple]] = {}
    undated: dict[str, dict[tuple, tuple]] = {}
    for unit, parts in pieces.items():
        persons: dict[tuple, set[str]] = {}
        for copies in parts:
            for key, seen in _largest(copies).items():  # copies of one piece: the larger count stands
                persons.setdefault(key, set()).update(seen)  # pieces: each person once over all
        if persons:
            by_unit[unit] = persons
            repeats[unit] = _repeats(parts)
            undated[unit] = _undated(parts)
    if appraisal is None or not by_unit:
        return
    for sub in submissions:
        counted = by_unit.get(sub.unit_identity)
        if sub.has_tables and sub.ledger_persons is None and counted is not None and sub.cells:
            found = against_tables(appraisal, counted, ts, sub.values, sub.cells, repeats[sub.unit_identity],
                                   undated[sub.unit_identity])
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
    """Each file of evaluations alone told its piece (Submission.evaluation_part). A file of filled
    forms is one or more persons' ticks, never a version of another: each is a piece of its own,
    but for the same file twice (the same bytes under one name: 单位.xlsx and 单位(1).xlsx, which
    merge takes once) and a corrected file (its name the other's with 更正, 修改…: it replaces it).
    A tally (评议汇总表) may be replaced by a later tally: of files holding tallies of the same
    forms, a piece per set of organisations or members (a branch's tally, another's), where a copy
    (most of the smaller's objects in the other: a corrected file) is the same piece."""
    groups: dict[tuple, list[Submission]] = {}
    forms_only: dict[str, list[Submission]] = {}
    for sub in sorted(submissions, key=lambda s: s.name):
        if sub.evaluations and not sub.has_tables and not sub.unit_from_file:
            tallies = [t for t in sub.evaluations if t.source == TALLY_SOURCE]
            if not tallies:
                forms_only.setdefault(sub.unit_identity, []).append(sub)
                continue
            forms = ",".join(sorted({t.form for t in tallies}))
            groups.setdefault((sub.unit_identity, forms), []).append(sub)
    for subs in forms_only.values():
        _forms_files(subs)
    for (_, forms), subs in groups.items():
        parts: list[set] = []
        for sub in subs:
            objects = {(t.form, t.object, t.category) for t in sub.evaluations if t.source == TALLY_SOURCE}
            n = next((i for i, held in enumerate(parts) if _copy(objects, held)), len(parts))
            if n == len(parts):
                parts.append(set())
            parts[n].update(objects)
            sub.evaluation_part = "汇总" + forms + (f"#{n + 1}" if n else "")


# Words in a file's name that say it replaces another of the same unit.
CORRECTION_WORDS = ("更正", "修改", "修正", "改正", "最新", "重报")
_CORRECTED = re.compile(r"[\s_\-—]*[(\uff08【\[]?\s*(" + "|".join(CORRECTION_WORDS) + r")(稿|版|后)?\s*[)\uff09】\]]?")
# what a file saved twice gets after its name: 单位(1).xlsx, 单位 (2).xlsx, 单位 - 副本.xlsx, 单位 - Copy.xlsx
_COPY_MARK = re.compile(r"(\s*[(\uff08]\d{1,3}[)\uff09]|\s*-?\s*(副本|copy)(\s*[(\uff08]?\d{1,3}[)\uff09]?)?)+$", re.IGNORECASE)


def _forms_files(subs: list[Submission]) -> None:
    """A unit's files of filled forms alone, each its piece: its own (the name without the marks
    of a copy, and a digest of its bytes: the same file twice is one piece), or, where a file's
    name is another's with a word of correction (评议表(更正).xlsx), the piece they share."""
    names = {id(sub): normalise(_COPY_MARK.sub("", sub.path.stem) or sub.path.stem) for sub in subs}
    plain = {id(sub): _CORRECTED.sub("", name) or name for sub in subs for name in [names[id(sub)]]}
    corrected = {plain[id(sub)] for sub in subs if plain[id(sub)] != names[id(sub)]}
    for sub in subs:
        forms = ",".join(sorted({t.form for t in sub.evaluations}))
        name = plain[id(sub)]
        sub.evaluation_part = f"{forms}@{name}" if name in corrected else f"{forms}@{name}#{_digest(sub)}"


def _digest(sub: Submission) -> str:
    """A digest of the file's bytes (its name when it cannot be read again)."""
    try:
        return hashlib.sha256(sub.path.read_bytes()).hexdigest()[:16]
    except (OSError, ValueError):
        return sub.name


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


def _undated(parts: list[list[Submission]]) -> dict[tuple, tuple]:
    """The records a unit's ledger pieces count in no round for their date (ledgers.ledger_undated),
    of each piece's largest copy, as _repeats takes them."""
    out: dict[tuple, tuple] = {}
    for copies in parts:
        read = [s for s in copies if s.ok and s.ledger_persons is not None]
        if read:
            piece = max(read, key=lambda s: sum(len(seen) for seen in s.ledger_persons.values()))
            for key, records in piece.ledger_undated.items():
                out[key] = out.get(key, ()) + records
    return out


def _largest(copies: list[Submission]) -> dict[tuple, frozenset[str]]:
    """Per key, the largest set of persons among copies of one piece (read without errors)."""
    out: dict[tuple, frozenset[str]] = {}
    for sub in copies:
        if sub.ok and sub.ledger_persons is not None:
            for key, seen in sub.ledger_persons.items():
                if len(seen) > len(out.get(key, ())):
                    out[key] = seen
    return out


def tallies_against_forms(submissions: list[Submission], items: ItemSet, policy: Policy) -> None:
    """A unit that sent both its filled forms and a tally (评议汇总表) of them, in one workbook or
    in files apart: the forms are counted (merge/evaluated.unit_evaluations) and each tally row
    is held against what they add up to: a count, a 份数 or a whole row that differs is an error
    at the tally's cell, saying what the forms add up to."""
    by_unit: dict[str, list[Submission]] = {}
    for sub in submissions:
        if sub.readable and sub.evaluations:
            by_unit.setdefault(sub.unit_identity, []).append(sub)
    for subs in by_unit.values():
        for sub in subs:
            if any(t.source == TALLY_SOURCE for t in sub.evaluations):
                found = _against_forms(sub, _forms_beside(sub, subs), items)
                if found:
                    sub.problems = policy.apply(sub.problems + [p.located(file=sub.name, unit=sub.display_unit)
                                                                for p in found])


def _forms_beside(tally: Submission, subs: list[Submission]) -> dict[tuple, Tally]:
    """(form, object) -> the filled forms of the unit added up: the tally's own file's, and those
    of its other files without errors, a file saved twice (one unit key) taken once, the newest."""
    newest: dict[str, Submission] = {}
    for sub in subs:
        if sub is tally or sub.ok:
            key = "file:" + sub.name if sub is tally else sub.unit_key
            if key not in newest or (sub.date or dt.date.min, sub.mtime) > (newest[key].date or dt.date.min,
                                                                          newest[key].mtime):
                newest[key] = sub
    out: dict[tuple, Tally] = {}
    for sub in newest.values():
        for t in sub.evaluations:
            if t.source != TALLY_SOURCE:
                out.setdefault((t.form, normalise(t.object)), Tally(t.form, t.object, "", 0, {})).add(t)
    return out


def _against_forms(sub: Submission, forms: dict[tuple, Tally], items: ItemSet) -> list[Problem]:
    filled = {form for form, _ in forms}
    rows = [t for t in sub.evaluations if t.source == TALLY_SOURCE and t.form in filled]
    found = []
    for t in rows:
        counted = forms.get((t.form, normalise(t.object)), Tally(t.form, t.object, "", 0, {}))
        where = {"sheet": t.sheet}
        if t.forms != counted.forms:
            found.append(Problem("eval.tally-vs-forms", cell=t.refs[""][1], **where,
                                 params={"object": t.object, "what": items.forms_count, "said": t.forms,
                                         "counted": counted.forms}))
        for item, said in t.counts.items():
            sums = counted.counts.get(item, [0] * len(said))
            for option, ref, n, m in zip(items.options, t.refs.get(item, ()), said, sums):
                if n != m:
                    found.append(Problem("eval.tally-vs-forms", cell=ref, **where,
                                         params={"object": t.object, "what": f"“{item}”一项“{option}”",
                                                 "said": n, "counted": m}))
    listed = {(t.form, normalise(t.object)) for t in rows}
    for (form, key), counted in forms.items():
        last = next((t for t in reversed(rows) if t.form == form), None)
        if (form, key) not in listed and last is not None:
            found.append(Problem("eval.tally-lacks-object", sheet=last.sheet, cell=_below(last.refs[""][0]),
                                 params={"form": form, "object": counted.object, "forms": counted.forms}))
    return found


def _below(ref: str) -> str:
    """The cell under an A1 reference."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    return f"{m.group(1)}{int(m.group(2)) + 1}" if m else ref
