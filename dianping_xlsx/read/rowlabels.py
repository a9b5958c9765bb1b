"""Row labels typed with (or without) a unit of measure.

Units type a row's name the usual way: 人数(人) where the definition says 人数; 支部数(个), 支部数/个
or 支部数 where a drafted definition says 支部数-(个) (a two-row heading joined with "-"). A label that is no row exactly (locate.py tries that first, the fast path) is
compared here by its stem: the comparable text without a trailing unit in brackets of any kind, or
after a separator (- — – · / _ ~), and without the separators before it. It stands for a row of the
block's tables when the stems are equal and the units do not differ (one side without a unit, or
the same one), and only one row is so; two or more such rows (人数(人) and 人数(%), typed 人数) are
ambiguous: the label is no row, and the rows are named. A unit typed after a plain space (支部数 个) is
lost to the comparable text (支部数个): where the label so is no row, the cell's own text is looked at,
and a known unit after its last space is taken as a separated one (spaced_unit).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from ..text import normalise

# units of measure a count's row name may carry (comparable text: NFKC makes ％ %, 个 stays)
UNITS = ("人次", "个次", "户次", "万元", "元", "人", "个", "名", "项", "次", "户", "家", "件", "位", "所", "处",
         "条", "篇", "场", "份", "支", "批", "%", "‰")
_SEPARATORS = "-—–·・/_~"
_UNITS = "(?:单位[:\uff1a]?)?(" + "|".join(re.escape(u) for u in UNITS) + ")"
_SEPARATED = f"[{re.escape(_SEPARATORS)}]"
# a stem, separators, then a unit in brackets of any kind (group 2) or a bare unit after a separator (group 3)
_TRAILING_UNIT = re.compile(
    rf"^(.+?){_SEPARATED}*(?:[(\[{{<〈《「『]{_UNITS}[)\]}}>〉》」』]|{_SEPARATED}+{_UNITS})$"
)
MAX_KEPT = 4096
_LAST_WORD = re.compile(r"^(.*\S)\s+(\S+)$", re.S)  # a text's last word after a space (of any kind)


def split_unit(label: str) -> tuple[str, str]:
    """(stem, unit) of a comparable label: 支部数-(个) -> (支部数, 个); 人数 -> (人数, "")."""
    m = _TRAILING_UNIT.match(label)
    if m is None:
        return label.rstrip(_SEPARATORS) or label, ""
    return m[1].rstrip(_SEPARATORS) or m[1], m[2] or m[3]


def spaced_unit(typed: str, label: str) -> str:
    """``label`` (comparable) with its unit separated when the cell's text ``typed`` ends in a known
    unit after a space: 支部数 个 -> 支部数-个; else "". Only a word of UNITS counts (a name spaced out
    character by character, 支 部 数, keeps its last one), and only tried where the label is no row as
    it is: the row must still be the only one it may be (UnitNames.match)."""
    m = _LAST_WORD.match(unicodedata.normalize("NFKC", typed).strip())
    tail = normalise(m[2]) if m else ""
    if tail not in UNITS or not label.endswith(tail) or len(label) == len(tail):
        return ""
    return f"{label[:-len(tail)]}-{tail}"


class UnitNames:
    """The rows of a table set by stem, built once per locator; a label's row, kept per label and
    tables (the same few labels in every file of a batch). A drafted row joins a two-row heading
    with "-" (考核等次-好(人)): its lower heading alone (好(人)) or both without the "-" (考核等次好)
    are its stem too, tried after the stems themselves."""

    def __init__(self, labels: Iterable[str]):
        self._by_stem: dict[str, list[tuple[str, str, str]]] = {}
        self._by_part: dict[str, list[tuple[str, str, str]]] = {}
        for label in labels:
            stem, unit = split_unit(label)
            self._by_stem.setdefault(stem, []).append((label, unit, ""))
            heading, _, lower = stem.rpartition("-")
            if heading and lower:
                for part in dict.fromkeys((lower, heading + lower)):
                    self._by_part.setdefault(part, []).append((label, unit, heading))
        self._kept: dict[tuple, tuple[str, str, tuple[str, ...]]] = {}

    def match(self, label: str, tables: frozenset, in_tables: Callable[[str, frozenset], bool]
              ) -> tuple[str, str, tuple[str, ...]]:
        """(the row label ``label`` stands for, the upper heading it leaves out or "", ()) when one
        row of ``tables`` differs from it only by a unit or separators (or else by its upper
        heading); ("", "", the rows it may be) when several do; ("", "", ()) when none does.
        ``in_tables(row label, tables)``: whether that row is a row of one of the tables."""
        key = (label, tables)
        made = self._kept.get(key)
        if made is None:
            stem, unit = split_unit(label)
            made = _one(self._by_stem, stem, unit, label, tables, in_tables)
            if not made[0] and not made[2]:
                made = _one(self._by_part, stem, unit, label, tables, in_tables)
            if len(self._kept) >= MAX_KEPT:
                self._kept.clear()
            self._kept[key] = made
        return made


def _one(index: dict, stem: str, unit: str, label: str, tables, in_tables) -> tuple[str, str, tuple[str, ...]]:
    """The one row of ``index`` under ``stem`` whose unit fits (the same unit first), else the rows
    that fit."""
    rows = [r for r in index.get(stem, ()) if r[0] != label and in_tables(r[0], tables)]
    fitting = [r for r in rows if not unit or not r[1] or r[1] == unit]
    same = [r for r in fitting if unit and r[1] == unit]
    if len(same) == 1:
        return same[0][0], same[0][2], ()
    if len(fitting) == 1:
        return fitting[0][0], fitting[0][2], ()
    return "", "", tuple(r[0] for r in fitting)
