"""When the notice's work is done and what it calls its collections, as its text says: the names
of the periods (年中统计 和 年终统计, 上半年 和 下半年) and the spans of work each counts
(年中统计1月1日至6月15日开展的工作)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def period_names(text: str) -> tuple[list[str], str]:
    """The names of the collections, from the first sentence naming two or more (统计分年中统计和年终
    统计两次进行), with that sentence; ([], "") when none does."""
    for sentence in re.split(r"[。;\uff1b\n]", text):
        names = list(dict.fromkeys(m[0] for m in NAMED.finditer(sentence)))
        if len(names) >= 2:
            return names, sentence.strip()
    return [], ""


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
