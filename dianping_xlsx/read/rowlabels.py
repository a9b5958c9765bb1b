"""Row labels typed with (or without) a unit of measure.

Units type a row's name the usual way: 人数(人) where the definition says 人数; 支部数(个), 支部数/个
or 支部数 where a drafted definition says 支部数-(个) (a two-row heading joined with "-"). A label that is no row exactly (locate.py tries that first, the fast path) is
compared here by its stem: the comparable text without a trailing unit in brackets of any kind, or
after a separator (- — – · / _ ~), and without the separators before it. It stands for a row of the
block's tables when the stems are equal and the units do not differ (one side without a unit, or
the same one), and only one row is so; two or more such rows (人数(人) and 人数(%), typed 人数) are
ambiguous: the label is no row, and the rows are named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# units of measure a count's row name may carry (comparable text: NFKC makes ％ %, 个 stays)
UNITS = ("人次", "个次", "户次", "万元", "元", "人", "个", "名", "项", "次", "户", "家", "件", "位", "所", "处",
         "条", "篇", "场", "份", "支", "批", "%", "‰")
_SEPARATORS = "-—–·・/_~"
_UNITS = "(?:单位[::]?)?(" + "|".join(re.escape(u) for u in UNITS) + ")"
_SEPARATED = f"[{re.escape(_SEPARATORS)}]"
# a stem, separators, then a unit in brackets of any kind (group 2) or a bare unit after a separator (group 3)
_TRAILING_UNIT = re.compile(
    rf"^(.+?){_SEPARATED}*(?:[(\[{{<〈《「『]{_UNITS}[)\]}}>〉》」』]|{_SEPARATED}+{_UNITS})$"
)
MAX_KEPT = 4096


def split_unit(label: str) -> tuple[str, str]:
    """(stem, unit) of a comparable label: 支部数-(个) -> (支部数, 个); 人数 -> (人数, "")."""
    m = _TRAILING_UNIT.match(label)
    if m is None:
        return label.rstrip(_SEPARATORS) or label, ""
    return m[1].rstrip(_SEPARATORS) or m[1], m[2] or m[3]


class UnitNames:
    """The rows of a table set by stem, built once per locator; a label's row, kept per label and
    tables (the same few labels in every file of a batch)."""

    def __init__(self, labels: Iterable[str]):
        self._by_stem: dict[str, list[tuple[str, str]]] = {}
        for label in labels:
            stem, unit = split_unit(label)
            self._by_stem.setdefault(stem, []).append((label, unit))
        self._kept: dict[tuple, tuple[str, tuple[str, ...]]] = {}

    def match(self, label: str, tables: frozenset, in_tables: Callable[[str, frozenset], bool]
              ) -> tuple[str, tuple[str, ...]]:
        """(the row label ``label`` stands for, ()) when one row of ``tables`` differs from it only by
        a unit or separators; ("", the rows it may be) when several do; ("", ()) when none does.
        ``in_tables(row label, tables)``: whether that row is a row of one of the tables."""
        key = (label, tables)
        made = self._kept.get(key)
        if made is None:
            made = self._match(label, tables, in_tables)
            if len(self._kept) >= MAX_KEPT:
                self._kept.clear()
            self._kept[key] = made
        return made

    def _match(self, label, tables, in_tables) -> tuple[str, tuple[str, ...]]:
        stem, unit = split_unit(label)
        rows = [(row, its) for row, its in self._by_stem.get(stem, ()) if row != label and in_tables(row, tables)]
        fitting = [(row, its) for row, its in rows if not unit or not its or its == unit]
        same = [row for row, its in fitting if unit and its == unit]
        if len(same) == 1:
            return same[0], ()
        if len(fitting) == 1:
            return fitting[0][0], ()
        return "", tuple(row for row, _ in fitting)
