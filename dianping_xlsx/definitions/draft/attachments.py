"""The notice's tables, each with what is printed around it: the 附件 number and title above,
the 填报单位 / 填报时间 line, the notes (注) under it. A table continued on the next page (a
second Word table with nothing but blank lines between, its header row repeated) is one table;
a table titled …评议表 is an evaluation form, not a statistics table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import DATE_LINE, UNIT_LINE, Cell, Document, Grid, label_line, squeeze
from .infer import Inferred, infer
from .layout import read_layout
from .rates import take_rates
from .stated import state_rules

MARKER = re.compile(r"^附\s*([件表])\s*([0-9０-９一二三四五六七八九十]+(?:\s*[-－]\s*[0-9０-９]+)?)\s*[:\uff1a]?\s*(.*)$")
FORM_WORDS = ("评议表", "测评表", "登记表", "推荐表")
NOTE_START = re.compile(r"^(注|说明)\s*[:\uff1a]")
NOTE_MORE = re.compile(r"^[①-⑩0-9一二三四五六七八九十(\uff08]")
LIST = "是人员名单(姓名、职务等文字,逐人一行),不是统计表:按台账收下,不汇总"  # kept and sent as a 台账 is
PERSON_HEADS = ("姓名", "性别", "职务", "身份证号", "出生年月")
SERIAL = re.compile(r"^\d{1,3}$")


@dataclass
class Found:
    key: str
    title: str
    where: str
    table: Inferred | None = None
    unit_label: str = ""
    date_label: str = ""
    notes: list[str] = field(default_factory=list)
    problem: str = ""  # why it could not be read as a statistics table
    grid: Grid | None = None  # the table as the document has it (shown beside what was read)


def find_tables(doc: Document, collections: tuple[str, ...] = ()) -> list[Found]:
    """The notice's tables; ``collections``: what its text calls its collections (年中统计, 年中),
    rounds where a table prints them under a metric."""
    grids = _joined(doc.grids)
    found = []
    for n, grid in enumerate(grids):
        after = grid.paragraphs_after or (grids[n + 1].paragraphs_before if n + 1 < len(grids) else [])
        found.append(_one(grid, after, n + 1, collections))
    return found


def _joined(grids: list[Grid]) -> list[Grid]:
    """Tables split over a page joined again, the repeated header rows dropped."""
    out: list[Grid] = []
    for grid in grids:
        between = [p for p in grid.paragraphs_before if p.strip()]
        word = grid.where.startswith("文中")
        if out and word and not between and grid.width == out[-1].width and not out[-1].paragraphs_after:
            first = [c.text for c in out[-1].rows[0]]
            rows = grid.rows[1:] if grid.rows and [c.text for c in grid.rows[0]] == first else grid.rows
            shift = len(out[-1].rows) + len(grid.rows)  # origins of the two tables kept apart
            out[-1].rows.extend([Cell(c.text, (c.origin[0] + shift, c.origin[1])) for c in r] for r in rows)
            out[-1].paragraphs_after = grid.paragraphs_after
            continue
        out.append(Grid([list(r) for r in grid.rows], grid.where, grid.paragraphs_before,
                        paragraphs_after=grid.paragraphs_after))
    return out


def _one(grid: Grid, after: list[str], n: int, collections: tuple[str, ...]) -> Found:
    key, title = _marker(grid.paragraphs_before)
    found = Found(key or f"表{n}", title, grid.where, grid=grid)
    layout = read_layout(grid)
    lines = [squeeze(p) for p in grid.paragraphs_before] + (layout.lines if not isinstance(layout, str) else [])
    found.unit_label, found.date_label = _labels(lines)
    found.notes = _notes((layout.lines if not isinstance(layout, str) else []) + [squeeze(p) for p in after])
    if any(w in title for w in FORM_WORDS):
        found.problem = "form"
    elif isinstance(layout, str):
        found.problem = layout
    elif _is_list(layout):
        found.problem = LIST
    else:
        found.table = infer(layout, collections)
        take_rates(found.table, found.notes)
        state_rules(found.table, found.notes)
        if not found.table.blocks or not found.table.metrics:
            found.problem, found.table = "没有找到类别或行名", None
    return found


def _is_list(layout) -> bool:
    """A list of persons (序号 1, 2, 3 … down the side; 姓名, 职务 … across): no numbers to add up."""
    heads = {lv for b in layout.blocks for _, levels in b.columns for lv in levels}
    rows = [r for b in layout.blocks for r in b.rows]
    return bool(heads & set(PERSON_HEADS)) or bool(rows) and all(len(r) == 1 and SERIAL.match(r[0]) for r in rows)


def _marker(paragraphs: list[str]) -> tuple[str, str]:
    """The last 附件 line above the table and the title line after it (or on it)."""
    lines = [squeeze(p) for p in paragraphs if squeeze(p)]
    for i in range(len(lines) - 1, -1, -1):
        m = MARKER.match(lines[i])
        if m and len(lines[i]) <= 60:
            key = "附" + m[1] + m[2].translate(str.maketrans("０１２３４５６７８９－", "0123456789-")).replace(" ", "")
            rest = [x for x in [m[3], *lines[i + 1:]] if x and not label_line(x)]
            return key, rest[0] if rest else ""
    rest = [x for x in lines if not label_line(x)]
    return "", rest[-1] if rest and len(rest[-1]) <= 60 else ""


def _labels(lines: list[str]) -> tuple[str, str]:
    unit = date = ""
    for line in lines:
        unit = unit or (UNIT_LINE.search(line)[1] if UNIT_LINE.search(line) else "")
        date = date or (DATE_LINE.search(line)[1] if DATE_LINE.search(line) else "")
    return unit, date


def _notes(lines: list[str]) -> list[str]:
    notes: list[str] = []
    for line in lines:
        if not line:
            if notes:
                break
            continue
        if NOTE_START.match(line) or (notes and NOTE_MORE.match(line)):
            notes.append(line)
        elif notes or MARKER.match(line):
            break
    return notes
