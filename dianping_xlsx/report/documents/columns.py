"""The columns of a figures table on an A4 portrait page: each as wide as its widest number and its
heading need, at the largest font size they fit in; split into several tables, each with the label
column, when even the smallest size does not fit.

Widths are measured, not guessed from the count of columns: a CJK character is an em, a digit
0.7 em (Times New Roman's are 0.5, but DejaVu Serif Bold, which LibreOffice and WPS set where Times
New Roman is missing, takes 0.7), at the size the table is set in. A number never wraps; a heading
may take a few lines, never one character a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...text import display_width

PT_MM = 25.4 / 72
# (size, the lines a column's heading may take at most), tried in turn: 小四, 五号, 小五
SIZES = ((12.0, 3), (10.5, 4), (9.0, 5))
SPLIT = SIZES[1]  # tables split in parts are set in 五号, the usual size of a table in a document
PAD_MM = 2 * 1.9 + 0.8  # Word's cell margins (108 twips a side) and room for a face's rounding
LABEL_MM = 52  # the widest a label column gets: a longer label wraps
# Advance widths (em) of the narrow characters a figure is written with, the widest of the faces
# that set them: Times New Roman where Windows has it, DejaVu Serif Bold where LibreOffice or WPS
# stands in for it (its digits are 0.7 em, Times New Roman's 0.5)
NARROW = {".": 0.38, ",": 0.38, "%": 1.0, "(": 0.47, ")": 0.47, "-": 0.42, " ": 0.35, "—": 1.0}
DIGIT, LETTER = 0.7, 0.8


def em(text: str) -> float:
    """A text's width in ems: a wide (CJK) character one, a digit DIGIT, others as NARROW says."""
    return sum(1.0 if display_width(ch) == 2 else NARROW.get(ch, DIGIT if ch.isdigit() else LETTER) for ch in text)


def mm(text: str, size: float) -> float:
    return em(text) * size * PT_MM


@dataclass
class Part:
    """One table of a split: the columns (indices of the figures) it shows and every column's width."""

    columns: list[int]
    widths: list[float]  # the label column's first


@dataclass
class Layout:
    size: float
    parts: list[Part]


def _label_mm(first: str, labels: list[str], size: float) -> float:
    """The label column: its longest label and its heading (类别名称) on one line, at most LABEL_MM."""
    longest = max((mm(t, size) for t in labels), default=0.0)
    return min(max(longest, mm(first, size)) + PAD_MM, LABEL_MM)


def _column_mm(heading: str, values: list[str], size: float, lines: int) -> float:
    """A figures column: its widest value on one line, its heading in ``lines`` lines at most
    (a character more a line for where a line breaks)."""
    number = max((mm(v, size) for v in values), default=0.0)
    heading_em = min(em(heading), em(heading) / lines + 1)
    return max(number, heading_em * size * PT_MM) + PAD_MM


def _spread(label: float, needs: list[float], width: float) -> list[float]:
    """The widths of a table that fits: the room left shared by the figures columns alike."""
    extra = max(0.0, width - label - sum(needs)) / len(needs) if needs else 0.0
    return [label, *(n + extra for n in needs)]


def _groups(kinds: list[str]) -> list[list[int]]:
    """Columns kept together in a split: a rate beside the count it is the rate of."""
    out: list[list[int]] = []
    for j, kind in enumerate(kinds):
        if kind == "rate" and out:
            out[-1].append(j)
        else:
            out.append([j])
    return out


def fit(first: str, headings: list[str], rows: list[list[str]], kinds: list[str], width: float) -> Layout:
    """How to print a table of ``headings`` (the figures' columns) and ``rows`` (a label, then the
    figures) ``width`` mm wide: one table at the largest size that fits, else parts at SPLIT's."""
    labels = [r[0] for r in rows]
    columns = [[r[j + 1] for r in rows] for j in range(len(headings))]
    for size, lines in SIZES:
        label = _label_mm(first, labels, size)
        needs = [_column_mm(h, c, size, lines) for h, c in zip(headings, columns)]
        if label + sum(needs) <= width:
            return Layout(size, [Part(list(range(len(headings))), _spread(label, needs, width))])
    size, lines = SPLIT
    label = _label_mm(first, labels, size)
    needs = [_column_mm(h, c, size, lines) for h, c in zip(headings, columns)]
    parts: list[list[int]] = [[]]
    for group in _groups(kinds):
        if parts[-1] and label + sum(needs[j] for j in parts[-1] + group) > width:
            parts.append([])
        parts[-1] += group
    return Layout(size, [Part(p, _spread(label, [needs[j] for j in p], width)) for p in parts])
