"""The rules a table states by its labels, each kept with why it was inferred:

- a category or row named 合计/总计 is the sum of the others (小计: of its own block, or of the
  rows up to the previous total); a 合计 row may stand on top or at the bottom; a 合计 category a
  note says holds others too (“合计”含…等其他组织) is at least their sum;
- a row 其中:… is at most the row it belongs to (the nearest row above that is not 其中);
- a row 已…数 (参加…数, 已被…数) is at most the row whose label it ends with (…组织数);
- the rows that are the whole of such a rule are the base rows (the denominators); a table
  with none takes its first row.
"""

from __future__ import annotations

import re

from .infer import TOTAL, Inferred, core, for_editor, unit_of
from .noted import note_sums

DONE = re.compile(r"^(已|参加|开展|完成|被)")


def state_rules(t: Inferred, notes: list[str] = ()) -> None:
    _category_sums(t, notes)
    _metric_sums(t)
    note_sums(t, notes)
    _le_rules(t)
    _bases(t)


def _is_total(label: str) -> bool:
    return bool(TOTAL.search(core(label)))


def _category_sums(t: Inferred, notes: list[str]) -> None:
    cats = [c for b in t.blocks for c in b]
    subtotals = [c for c in cats if core(c).startswith("小计")]
    for block in t.blocks:
        for c in block:
            if c in subtotals:
                parts = [x for x in block if not _is_total(x)]
            elif _is_total(c):
                parts = subtotals or [x for x in cats if not _is_total(x)]
            else:
                continue
            if not parts:
                continue
            said = c not in subtotals and _holds_others(core(c), notes)
            t.sums.append((c, parts, bool(said)))
            if said:
                t.notes.append(for_editor(f"类别“{c}”不小于{'、'.join(parts)}之和(注中写“{said}”:还含其他)",
                                          "at_least = true"))
            else:
                t.notes.append(f"类别“{c}”是{'、'.join(parts)}之和(由名称“{core(c)}”推断)")


def _holds_others(total: str, notes: list[str]) -> str:
    """The words of a note under the table saying a total holds more than the categories listed
    (“合计”含联合党支部等其他组织, 合计包括…其他…), or ""."""
    said = re.compile(rf"{re.escape(total)}[”\"’']?\s*(?:还|另|也)?(?:含|包括|包含)[^。;\uff1b]*?(?:其他|其它|等)[^。;\uff1b,\uff0c]*")
    return next((m[0] for n in notes if (m := said.search(n))), "")


def _metric_sums(t: Inferred) -> None:
    labels = [m.label for m in t.metrics]
    for i, label in enumerate(labels):
        if not _is_total(label):
            continue
        parts = _run(labels, i, 1) if i == 0 or _is_total(labels[i - 1]) else _run(labels, i, -1)
        parts = [p for p in parts if not p.startswith("其中") and unit_of(p) == unit_of(label)]
        rounds = {m.label: m.rounds for m in t.metrics}
        if len(parts) >= 2 and all(rounds[p] == rounds[label] for p in parts):
            t.sums.append((label, parts, False))
            t.notes.append(f"行“{label}”是{'、'.join(parts)}之和(由名称推断,合计在{'上' if i == 0 else '下'})")


def _run(labels: list[str], i: int, step: int) -> list[str]:
    out, j = [], i + step
    while 0 <= j < len(labels) and not _is_total(labels[j]):
        out.append(labels[j])
        j += step
    return out if step > 0 else out[::-1]


def _le_rules(t: Inferred) -> None:
    labels = [m.label for m in t.metrics]
    for i, label in enumerate(labels):
        if label.startswith("其中"):
            whole = next((x for x in reversed(labels[:i]) if not x.startswith("其中")), None)
            if whole and unit_of(whole) == unit_of(label):
                t.le.append((label, whole, f"“{label}”是“{whole}”的一部分(其中)"))
        elif whole := _whole_of(core(label), labels):
            if unit_of(whole) == unit_of(label):  # a row whose name ends with another count row's: a part of it
                t.le.append((label, whole, f"“{label}”不超过“{whole}”(名称以“{core(whole)}”结尾,是其中一部分)"))


def _whole_of(part: str, labels: list[str]) -> str | None:
    """The longest other label that the part's label ends with, and that is itself a count."""
    found = [x for x in labels if core(x) != part and len(core(x)) >= 2 and core(x).endswith("数")
             and part.endswith(core(x)) and not DONE.search(core(x))]
    return max(found, key=lambda x: len(core(x)), default=None)


def _bases(t: Inferred) -> None:
    """The wholes of the table's rules are its base rows, besides the divisor a note names (rates.py);
    a row with only 其中 parts counts a share of something, no total: a base only when nothing else
    is, said as a gap (the rate would divide by it unsure)."""
    by_label = {m.label: m for m in t.metrics}
    wholes = list(dict.fromkeys(w for _, w, _ in t.le if not any(p == w for p, _, _ in t.le)))
    shares = [w for w in wholes if all(p.startswith("其中") for p, x, _ in t.le if x == w)]
    for w in wholes:
        by_label[w].base = by_label[w].base or w not in shares
    if shares and not any(m.base for m in t.metrics):
        for w in shares:
            by_label[w].base = True
            by_label[w].unsure = for_editor(f"通知中没有写出比率的分母,暂把有“其中”行的“{w}”作为总数行(计算比例的分母):"
                                            "请按通知核对哪一行是总数", "不是总数行时删去这一行的 base = true,在真正的总数行写上 base = true")
    if not any(m.base for m in t.metrics) and t.metrics:
        first = next((m for m in t.metrics if not m.rounds), t.metrics[0])
        first.base = True
        t.notes.append(for_editor(f"没有看出哪一行是总数,暂把“{first.label}”作为总数行(计算比例的分母)", "base = true"))
        _done_within(t, first)
    first_base = next(m.label for m in t.metrics if m.base)
    for part, whole, _ in t.le:
        if by_label[whole].base and whole != first_base and not by_label[part].base:
            by_label[part].of = whole


def _done_within(t: Inferred, base) -> None:
    """Rows of those who took part (参加…, 已…) with no whole of their own: at most the total row
    taken for the table, where they count the same thing (the same unit)."""
    parts = {p for p, _, _ in t.le}
    for m in t.metrics:
        if m is not base and m.label not in parts and DONE.search(core(m.label)) and unit_of(m.label) == unit_of(base.label):
            t.le.append((m.label, base.label, f"“{m.label}”不超过总数行“{base.label}”(参加、已…的不超过总数)"))
