"""The sums a note under a table states in words (考核等次各项之和应等于参加述职人数; 合计应等于好、
较好、一般、差之和): drafted as a sum of rows or categories when each side names rows or categories
of the table, else said as a gap; never left out unsaid."""

from __future__ import annotations

import re

from .infer import JOIN, Inferred, core, for_editor

CLAUSE = re.compile(r"[。;\uff1b\n]")
LEAD = re.compile(r"^\s*(?:注\s*[:\uff1a])?\s*(?:\d{1,2}\s*[.、.]|[①-⑩]|[(\uff08]\s*\d{1,2}\s*[)\uff09])?\s*")
# 各项, 四项 (好、较好、一般、差四项之和): words after the parts that name no part
EACH = r"(?:各项|各栏|各类|各等次|各行|各列|[二三四五六七八九十两\d]{1,2}(?:项|栏|类))"
PARTS_FIRST = re.compile(rf"^(.+?){EACH}?之和\s*(?:应|须|必须|要)?\s*(?:等于|=|＝)\s*(.+?)$")
TOTAL_FIRST = re.compile(rf"^(.+?)\s*(?:应|须|必须|要)?\s*(?:等于|=|＝)\s*(.+?){EACH}?之和$")
LEADING = re.compile(r"^.*[,\uff0c]")  # 评议票数按收回的评议表统计,评议票数合计…: the total is after the comma


def note_sums(t: Inferred, notes: list[str]) -> None:
    for note in notes:
        for clause in (LEAD.sub("", c).strip() for c in CLAUSE.split(note)):
            said = _said(clause)
            if said is None:
                continue
            total, parts = _labels(t, said[0]), _parts(t, said[1])
            drafted = [s for s in t.sums if total == [s[0]]]
            if drafted and (not parts or any(set(s[1]) == set(parts) for s in drafted)):
                continue  # already read from the labels (评议票数合计 below its parts), said as a guess there
            if len(total) == 1 and len(parts) >= 2 and total[0] not in parts and _alike(t, [*total, *parts]):
                t.sums.append((total[0], parts, False))
                t.notes.append(f"“{total[0]}”等于{'、'.join(parts)}之和(读自注“{clause}”)")
            else:
                t.gaps.append(for_editor(f"注中写“{clause}”,没有对上表中的行或类别,没有写成审核规则",
                                         "请照 docs/通知定义.md 在这张表下写 [[tables.sums]](total 为总数的行或类别,"
                                         "parts 为各项)"))


def _alike(t: Inferred, labels: list[str]) -> bool:
    """Rows summed have the same rounds (categories have none)."""
    rounds = {m.label: m.rounds for m in t.metrics}
    return len({rounds.get(x, ()) for x in labels}) == 1


def _said(clause: str) -> tuple[str, str] | None:
    """(the total, the parts) a clause about a sum names, or None."""
    if "之和" not in clause or not re.search(r"等于|=|＝", clause):
        return None
    m = TOTAL_FIRST.match(clause)
    if m:
        return LEADING.sub("", m[1]), m[2]
    m = PARTS_FIRST.match(clause)
    return (m[2], LEADING.sub("", m[1])) if m else None


def _parts(t: Inferred, text: str) -> list[str]:
    """The rows or categories the words name: a list (好、较好、一般、差), or a heading over several
    rows (考核等次: 考核等次-好 …)."""
    words = [w for w in re.split(r"[、,\uff0c和及与]", text) if w.strip()]
    if len(words) >= 2:
        found = [_labels(t, w) for w in words]
        return [f[0] for f in found] if all(len(f) == 1 for f in found) else []
    head = core(text.strip())
    under = [m.label for m in t.metrics if m.label.startswith(head + JOIN)]
    return under if len(under) >= 2 else []


def _labels(t: Inferred, text: str) -> list[str]:
    """The rows (else categories) the words name: the same, or the last level the same."""
    said = core(text.strip())
    for labels in ([m.label for m in t.metrics], [c for b in t.blocks for c in b]):
        same = [x for x in labels if said in (core(x), core(x.split(JOIN)[-1]))]
        if same:
            return same
    return []
