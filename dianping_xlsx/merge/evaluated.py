"""Mass evaluation (群众评议) added up: forms counted, the share of each option per item, the
满意率, and the organisations and members whose 不满意 share passes the threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..model import FORM_SOURCE, TALLY_SOURCE, TOTAL, Submission, Tally
from ..definitions import ItemSet

if TYPE_CHECKING:
    from ..definitions import Form


def unit_evaluations(files: list[Submission]) -> list[Tally]:
    """A unit's evaluations from its accepted files: every filled form (forms are never versions
    of each other); tallies newest file first, an object in two of them taken once, from the
    newer; a tally of a form the unit also sent filled forms of is not counted (the forms are:
    the tally is held against them, check/crossfile.tallies_against_forms)."""
    newest_first = sorted(files, key=lambda s: (s.date or dt.date.min, s.mtime), reverse=True)
    forms = [t for sub in newest_first for t in sub.evaluations if t.source == FORM_SOURCE]
    filled = {t.form for t in forms}
    taken: set[tuple] = set()
    tallies = []
    for sub in newest_first:
        mine = [t for t in sub.evaluations if t.source == TALLY_SOURCE and t.form not in filled
                and (t.form, t.object, t.category) not in taken]
        tallies += mine
        taken.update((t.form, t.object, t.category) for t in mine)
    return forms + tallies


def combine(tallies: Iterable[Tally], form: str) -> Tally:
    """The tallies of one form added up, its forms counted as forms: a filled 附件5 lists several
    members, one form however many rows (each row is one evaluation of a member)."""
    total = Tally(form, "", "", 0, {})
    printed: set[str] = set()
    for t in tallies:
        if t.form == form:
            total.add(t)
            if t.source == FORM_SOURCE and t.form_id:
                total.forms -= t.forms if t.form_id in printed else 0
                printed.add(t.form_id)
    return total


def by_object(tallies: Iterable[Tally]) -> list[Tally]:
    """Forms of the same organisation or member added up (filled forms come one per evaluator)."""
    merged: dict[tuple, Tally] = {}
    for t in tallies:
        key = (t.form, t.object, t.category, t.branch)
        if key not in merged:
            merged[key] = Tally(t.form, t.object, t.category, 0, {}, branch=t.branch)
        merged[key].add(t)
    return list(merged.values())


def satisfied_rate(es: ItemSet, counts: list[int]) -> float | None:
    total = sum(counts)
    if not total:
        return None
    return sum(counts[es.options.index(o)] for o in es.satisfied) / total


def unsatisfied(es: ItemSet, tally: Tally) -> tuple[int, float | None]:
    i = es.options.index(es.unsatisfied)
    bad = sum(c[i] for c in tally.counts.values())
    ticks = sum(sum(c) for c in tally.counts.values())
    return bad, (bad / ticks if ticks else None)


@dataclass
class ItemStats:
    counts: list[int]  # per option
    shares: list[float | None]  # per option; None when the item has no ticks
    satisfied: float | None  # 满意率


@dataclass
class EvalRow:
    first: list[str]  # unit (or a label) and category
    forms: int
    unsatisfied: int
    share: float | None
    items: list[ItemStats]
    total: bool = False


@dataclass
class EvalBlock:
    form: "Form"
    rows: list[EvalRow]


@dataclass
class FollowUp:
    unit: str
    tally: Tally
    unsatisfied: int
    share: float


def _eval_row(es: ItemSet, form: "Form", first: list[str], tally: Tally, total=False) -> EvalRow:
    bad, share = unsatisfied(es, tally)
    items = []
    for item in form.items:
        counts = tally.counts.get(item, [0] * len(es.options))
        n = sum(counts)
        items.append(ItemStats(counts, [c / n if n else None for c in counts], satisfied_rate(es, counts)))
    return EvalRow(first, tally.forms, bad, share, items, total)


def evaluation_blocks(es: ItemSet, per_unit: dict[str, list[Tally]]) -> list[EvalBlock]:
    """Per form: a row per unit, per category, and the total."""
    blocks = []
    for form in es.forms:
        rows, everything = [], []
        for unit, tallies in per_unit.items():
            mine = [t for t in tallies if t.form == form.key]
            if mine:
                everything += mine
                rows.append(_eval_row(es, form, [unit, ""], combine(mine, form.key)))
        for cat in sorted({t.category for t in everything if t.category}):
            rows.append(_eval_row(es, form, ["(按类别)", cat],
                                  combine([t for t in everything if t.category == cat], form.key)))
        rows.append(_eval_row(es, form, [TOTAL, ""], combine(everything, form.key), total=True))
        blocks.append(EvalBlock(form, rows))
    return blocks


def follow_ups(es: ItemSet, per_unit: dict[str, list[Tally]], threshold: float) -> list[FollowUp]:
    out = []
    for unit, tallies in per_unit.items():
        for t in by_object(tallies):
            bad, share = unsatisfied(es, t)
            if share is not None and share > threshold:
                out.append(FollowUp(unit, t, bad, share))
    return out
