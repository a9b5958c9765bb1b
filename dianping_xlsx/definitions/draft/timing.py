"""When the notice's work is done and what it calls its collections, as its text says: the names
of the periods (年中统计 和 年终统计, 上半年 和 下半年) and the spans of work each counts
(年中统计1月1日至6月15日开展的工作)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .infer import round_words

NAMED = re.compile(r"(上半年|下半年|年中|年终|半年|全年|第[一二三四1-4]季度)(统计|评议|考核|测评|点评|报送|报告|总结)?")
SPAN = re.compile(r"(?:\d{4}年)?(\d{1,2})月(初|上旬|\d{1,2}日)起?\s*(?:至|到|—|－|-|~|～)\s*"
                  r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


@dataclass
class Span:
    start: tuple[int, int]
    end: tuple[int, int]
    clause: str  # the words it was read from
    year: int | None = None  # the year its end is written with (2027年12月31日), if any

    def of(self, name: str) -> bool:
        """The span is said of this period (年中统计1月1日至6月15日…)."""
        return bool(name) and name in self.clause


HALF = re.compile(r"^(上半年|下半年)(?:统计|报送)$")  # 上半年统计1月1日至…: 统计 is what it does, not its name
GAP = 3  # months between two reported dates that make them two collections' (7月5日 and 次年1月10日)
DueDate = tuple[int, int, str]  # (month, day, the sentence): month 13 and on are the next year's


def period_names(text: str) -> tuple[list[str], str]:
    """The names of the collections, from the first sentence naming two or more (统计分年中统计和年终
    统计两次进行), with that sentence; ([], "") when none does. 上半年 and 下半年 stand alone: a
    sentence's 上半年统计1月1日至… names 上半年."""
    for sentence in re.split(r"[。;\uff1b\n]", text):
        names = list(dict.fromkeys(HALF.sub(r"\1", m[0]) for m in NAMED.finditer(sentence)))
        if len(names) >= 2:
            return names, sentence.strip()
    return [], ""


def two_collections(names: list[str], works: list[Span]) -> bool:
    """The text names two collections and gives each its own span of work, one after the other
    (上半年统计1月1日至6月30日……,下半年统计7月1日至12月31日……)."""
    spans = sorted({(s.start, s.end) for s in works})
    return len(names) == 2 and len(spans) == 2 and spans[0][1] < spans[1][0]


def by_half(dues: list[DueDate], names: list[str]) -> dict[str, list[DueDate]]:
    """The reported dates in the collection each is for: the one its sentence names (下半年……1月10日前
    is the next year's January), else the collection of the named date nearest it; when none is
    named, dates months apart are two collections' (the earlier H1: 7月5日 is the first half's,
    次年1月10日 the second's), dates close together one's (H1 when they fall by July)."""
    words = [round_words([n]) for n in (names if len(names) == 2 else ["上半年", "下半年"])]
    out: dict[str, list[DueDate]] = {}
    loose = []
    for m, d, s in dues:
        said = [h for h, ws in zip(("H1", "H2"), words) if any(w in s for w in ws)]
        if len(said) == 1:
            out.setdefault(said[0], []).append((m + 12 if said[0] == "H2" and m <= 6 else m, d, s))
        else:
            loose.append((m, d, s))
    if not out:
        return _clustered(loose)
    for date in loose:
        out.setdefault(_nearest(out, date), []).append(date)
    return {h: out[h] for h in ("H1", "H2") if h in out}


def _months(date: DueDate) -> float:
    return date[0] + date[1] / 31


def _nearest(anchored: dict[str, list[DueDate]], date: DueDate) -> str:
    half, far = min(((h, min(abs(_months(date) - _months(a)) for a in dates)) for h, dates in anchored.items()),
                    key=lambda x: x[1])
    if far >= GAP and len(anchored) == 1:
        return "H2" if _months(date) > _months(anchored[half][0]) else "H1"
    return half


def _clustered(dates: list[DueDate]) -> dict[str, list[DueDate]]:
    if not dates:
        return {}
    dates = sorted(dates, key=_months)
    gap, at = max(((_months(b) - _months(a), i) for i, (a, b) in enumerate(zip(dates, dates[1:]), 1)), default=(0, 0))
    if gap >= GAP:
        return {"H1": dates[:at], "H2": dates[at:]}
    return {"H1" if sum(map(_months, dates)) / len(dates) < 8 else "H2": dates}


def work_spans(text: str) -> list[Span]:
    """Spans of work (1月1日至6月15日, 2月初起至3月15日), in order; a span in words about sending
    (报送) is a reporting time, not work."""
    out = []
    for clause in re.split(r"[。;\uff1b,\uff0c\n]", text):
        if "报" in clause:
            continue
        for m in SPAN.finditer(clause):
            start = (int(m[1]), int(m[2][:-1]) if m[2].endswith("日") else 1)
            out.append(Span(start, (int(m[4]), int(m[5])), clause.strip(), int(m[3]) if m[3] else None))
    return out
