"""One grid read as a statistics table: its header rows, blocks, label columns and value columns.

A header row holds text where numbers go; a body row holds a label and, where numbers go, blanks
or numbers (a notice's sample figures). A header row after body rows starts a new block (seed
002 prints twelve categories as two blocks of six). Merged cells count once (by their origin):
a 类别 cell two columns wide makes two label columns; a header over two rows (党组织 above 总数,
已评议) gives each column both levels, flattened later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import DATE_LINE, UNIT_LINE, Cell, Grid, label_line

HEADER_WORDS = ("类别", "项目", "指标", "单位", "名称", "类型", "分类", "序号", "栏目", "内容")
EMPTYISH = {"", "/", "/", "—", "——", "-", "无", "×"}
NUMBER = re.compile(r"^[-+]?[\d,\uff0c.]+%?(人|个|名|户|家)?$")


@dataclass
class Block:
    columns: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # (grid column, header levels)
    rows: list[tuple[str, ...]] = field(default_factory=list)  # each body row's label levels
    header_rows: int = 0
    cells: list[list[tuple[tuple[int, int], str]]] = field(default_factory=list)  # header rows' (origin, text)


@dataclass
class Layout:
    label_width: int
    corner: str  # the text over the label columns (类别)
    blocks: list[Block]
    lines: list[str]  # rows that are a line of text across the table (填报单位…, 注:…)


def is_value(text: str) -> bool:
    """What a number cell may hold in a blank or sample table: nothing, a dash, a number."""
    return text in EMPTYISH or bool(NUMBER.match(text.replace(" ", "")))


def read_layout(grid: Grid) -> Layout | str:
    """The grid's layout, or why it is not a statistics table (Chinese)."""
    rows, lines = _content_rows(grid)
    if len(rows) < 2:
        return "除了文字行只有一行表格,没有可以填数的行,不像统计表"
    width = _label_width(rows)
    if width is None or width >= len(rows[0]):
        return "看不出哪些列是名称、哪些格填数字"
    blocks = _blocks(rows, width)
    if not blocks or not any(b.rows for b in blocks):
        return "没有可以填数的行(每一格都是文字)"
    corner = _corner(rows[0], width) or next((c.text for c in rows[0][:width] if c.text), "")
    return Layout(width, corner, [b for b in blocks if b.columns and b.rows], lines)


def _content_rows(grid: Grid) -> tuple[list[list[Cell]], list[str]]:
    """Rows with any text; a row that is one cell across the table is a line of text."""
    rows, lines = [], []
    for row in grid.rows:
        if not any(c.text for c in row):
            continue
        origins = {c.origin for c in row if c.text}
        if len(origins) == 1 and len({c.origin for c in row}) == 1 or _is_line(row):
            lines.append(" ".join(dict.fromkeys(c.text for c in row if c.text)))
        else:
            rows.append(row)
    return rows, lines


def _is_line(row: list[Cell]) -> bool:
    texts = [c.text for c in row if c.text]
    return bool(texts) and (texts[0].startswith(("注:", "注:", "说明:", "说明:")) or label_line(texts[0])
                            or any(UNIT_LINE.search(t) for t in texts) and any(DATE_LINE.search(t) for t in texts))


def _label_width(rows: list[list[Cell]]) -> int | None:
    """How many columns on the left hold names: the span of the top-left cell, widened while
    the column after holds text in body rows (第一次, 第二次 beside a merged row label)."""
    first = rows[0]
    width = sum(1 for c in first if c.origin == first[0].origin)
    width = next((n for n in range(width + 1, min(4, len(first))) if _corner(first, n)), width)
    body = [r for r in rows[1:] if not _is_header_values(r, width)]
    while width < len(first) - 1 and not first[width].text and body and \
            any(not is_value(r[width].text) for r in body):
        width += 1
    if not body:
        return None
    return width


def _corner(row: list[Cell], width: int) -> str:
    """The heading over the label columns when typed in several cells, not merged (“类” | “别”):
    their texts make one of the header words; "" when they do not."""
    texts = [c.text for c in dict((c.origin, c) for c in row[:width]).values()]
    word = "".join(texts)
    return word if len([t for t in texts if t]) > 1 and word in HEADER_WORDS else ""


def _is_header_values(row: list[Cell], width: int) -> bool:
    return any(not is_value(c.text) for c in row[width:])


def _blocks(rows: list[list[Cell]], width: int) -> list[Block]:
    blocks: list[Block] = []
    header_origins: set[tuple[int, int]] = set()
    for row in rows:
        corner = row[0]
        is_header = _is_header_values(row, width) and (
            not blocks or not blocks[-1].rows or corner.origin in header_origins
            or corner.text.startswith(HEADER_WORDS) or not corner.text or _corner(row, width))
        if is_header:
            if not blocks or blocks[-1].rows:
                blocks.append(Block())
            blocks[-1].header_rows += 1
            header_origins.update(c.origin for c in row[:width])
            _add_header(blocks[-1], row, width)
        elif blocks:
            blocks[-1].rows.append(_levels(row[:width]))
    return blocks


def _add_header(block: Block, row: list[Cell], width: int) -> None:
    """Each value column's header cells, row by row (a merged cell in every column it covers)."""
    block.cells.append([(c.origin, c.text) for c in row[width:]])
    block.columns = []
    for i in range(len(row) - width):
        if i and all(r[i][0] == r[i - 1][0] for r in block.cells):
            continue  # the same cells as the column before: one label spanning both
        levels: list[str] = []
        for r in block.cells:
            if r[i][1] and levels[-1:] != [r[i][1]]:
                levels.append(r[i][1])
        block.columns.append((width + i, tuple(levels)))


def _levels(cells: list[Cell]) -> tuple[str, ...]:
    out, seen = [], set()
    for c in cells:
        if c.text and c.origin not in seen and (not out or out[-1] != c.text):
            out.append(c.text)
        seen.add(c.origin)
    return tuple(out)
