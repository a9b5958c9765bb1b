"""The header of a ledger (台账): the row of its column labels, or two rows where a label spans
the columns under it (被点评人 over 姓名/职务, 点评情况 over 时间/方式/内容, as clerks draw them).

A column of a two-row header is named by its lower cell's text: the upper label and the lower
text together (点评情况 + 时间: 点评情况时间, then the upper's beginnings: 点评时间), else the lower
text alone (方式), matched against the ledger's labels and aliases; a column with nothing below
keeps its own label (对象类别 merged over both rows), and a group whose columns name nothing takes
its upper label at its first column left unnamed (被点评人 over 姓名). Labels of single columns
stand before what is read from below (职务 under 被点评人 is not the 点评人职务 beside it). Two
rows are read together only when the lower holds text alone and names more of the ledger's
columns so: a row of records is never a header's lower row.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..definitions import Ledger, LedgerSet
from .grids import Grid

MIN_LABELS = 3  # a header holds at least this many of a ledger's columns …
SHARE = 0.45  # … and this share of them (units' own ledgers leave some out), by label or alias


@dataclass
class Header:
    row: int  # 0-based: the (upper) row of the labels
    ledger: Ledger
    columns: dict[str, int]  # label -> column
    height: int = 1  # rows the header takes (2: a label spanning the columns below it)
    repeats: set[int] | None = None  # rows of the same header repeated under the records

    @property
    def first(self) -> int:
        """The first row under the header."""
        return self.row + self.height


def find_headers(grid: Grid, ls: LedgerSet) -> list[Header]:
    """The ledgers' headers on a sheet, in order, a header repeated under its records (every
    printed page with one) taken as a repeat of the one above."""
    return _continued(_headers(grid, ls, ls.heading_labels))


def _continued(headers: list[Header]) -> list[Header]:
    """A header row repeated under the records continues the ledger above it: the same ledger
    with the same columns is one ledger, its repeated header rows passed over (neither records
    nor notes)."""
    out: list[Header] = []
    for header in headers:
        last = out[-1] if out else None
        if last is not None and last.ledger.key == header.ledger.key and last.columns == header.columns:
            last.repeats.update(range(header.row, header.first))
        else:
            header.repeats = set()
            out.append(header)
    return out


def _headers(grid: Grid, ls: LedgerSet, labels: dict) -> list[Header]:
    if len(ls.all_headings.intersection(grid.word_set)) < MIN_LABELS:
        return []  # fewer different headings in the whole sheet than a header row holds: no ledger here
    texts_by_row: dict[int, list[tuple[int, str]]] = {}
    for r, c, text in grid.texts:
        texts_by_row.setdefault(r, []).append((c, text))
    out: list[Header] = []
    for r, cells in sorted(texts_by_row.items()):
        if out and r < out[-1].first:
            continue  # the lower row of the header above
        for ledger in ls.ledgers:
            header = _header(grid, r, cells, texts_by_row.get(r + 1), ledger, labels[ledger.key])
            if header is not None:
                out.append(header)
                break
    return out


def _header(grid: Grid, r: int, cells: list[tuple[int, str]], below: list[tuple[int, str]] | None,
            ledger: Ledger, known: dict[str, str]) -> Header | None:
    columns = _named([(0, c, t) for c, t in cells], known)
    if columns and below and _text_only(grid.rows[r + 1]):
        two = _named(_two_rows(cells, below), known)
        if len(two) > len(columns) and _enough(two, ledger):
            return Header(r, ledger, two, height=2)
    return Header(r, ledger, columns) if _enough(columns, ledger) else None


def _enough(columns: dict[str, int], ledger: Ledger) -> bool:
    return len(columns) >= max(MIN_LABELS, SHARE * len(ledger.columns))


def _named(candidates: list[tuple[int, int, str]], known: dict[str, str]) -> dict[str, int]:
    """label -> column from (rank, column, text) candidates: the lower rank first, then the
    first column (a label before its alias), each label and each column named once."""
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for _, c, t in sorted(candidates, key=lambda x: (x[0], x[1])):
        if t in known and known[t] not in columns and c not in taken:
            columns[known[t]] = c
            taken.add(c)
    return columns


def _two_rows(upper: list[tuple[int, str]], lower: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(rank, column, text): what each column of two header rows may be called (module doc)."""
    above = dict(upper)
    under = dict(lower)
    out = []
    for c in sorted(set(above) | set(under)):
        label = under.get(c)
        if label is None:
            out.append((0, c, above[c]))
            continue
        group = _group(c, above, under)
        out.append((1, c, group + label))
        out += [(2, c, group[:k] + label) for k in range(len(group) - 1, 0, -1)]
        out.append((3, c, label))
        if group:
            out.append((4, c, group))
    return out


def _group(c: int, above: dict[int, str], under: dict[int, str]) -> str:
    """The upper label over a column with text below it: its own, or the nearest to its left
    over a run of columns with text below and nothing above (a label merged across them)."""
    while c >= 0 and c in under:
        if c in above:
            return above[c]
        c -= 1
    return ""


def _text_only(row: list) -> bool:
    """A row holding text alone (a header's lower row holds no number or date)."""
    return all(v is None or isinstance(v, str) for v in row)
