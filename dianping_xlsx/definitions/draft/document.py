"""A notice as paragraphs and tables, in the order they are printed.

``read_docx`` takes the bytes of a .docx (already pre-scanned against the limits: entries, sizes,
ratio, no DOCTYPE) and parses its body with defusedxml: paragraphs as text, each table as a grid
whose merged cells (gridSpan across, vMerge down) repeat the text of their first cell and know it
(``origin``), so a header cell spanning two columns is one label, not two.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field, replace

from defusedxml import ElementTree

from ...text import simplified, traditional
from ..files import SpecError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# The lines above a table where a unit writes its name and the date: 填报单位:, 报表单位(公章):,
# 填报时间:, 报表日期: (group 1: the label as printed, up to its colon).
UNIT_LINE = re.compile(r"((?:填报|报表|报送|填表)单位[^:\uff1a]{0,8}[:\uff1a])")
DATE_LINE = re.compile(r"((?:填报|报表|报送|填表)(?:时间|日期)[^:\uff1a]{0,8}[:\uff1a])")


def label_line(text: str) -> bool:
    """A line (or row) that is the unit's or the date's label, not a title or a table's row."""
    return bool(UNIT_LINE.search(text) or DATE_LINE.search(text))


def squeeze(text: str) -> str:
    """A label as a person reads it: spaces (full-width too) dropped between Chinese characters,
    runs of spaces in Latin text made one."""
    text = _SPACE.sub(" ", text or "").strip()
    if _CJK.search(text):
        text = re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)
    return text


@dataclass
class Cell:
    text: str
    origin: tuple[int, int]  # (row, column) of the merged cell this grid place belongs to


@dataclass
class Grid:
    """One table: ``rows`` of equal length, merged places sharing their first cell's text."""

    rows: list[list[Cell]]
    where: str  # how a person finds it: 文中第 2 个表格, 工作表“附件1”
    paragraphs_before: list[str] = field(default_factory=list)  # the text since the previous table
    repeated_header: int = 0  # rows Word repeats at the top of every page (w:tblHeader)
    paragraphs_after: list[str] = field(default_factory=list)  # after the last table: the text to the end

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass
class Document:
    paragraphs: list[str]  # every paragraph of the body, tables' cells not included
    grids: list[Grid]
    kind: str  # "Word" or "Excel"
    created: "dt.date | None" = None  # the file's own creation date (a blank template: its notice's)


def in_simplified(doc: Document) -> tuple[Document, bool]:
    """A notice printed in traditional characters read as its simplified form (every paragraph and
    cell converted), so that each inference reads it alike and the draft's labels are those units'
    files are matched against; True when it was converted. A simplified notice is left as it is."""
    every = doc.paragraphs + [c.text for g in doc.grids for row in g.rows for c in row]
    if not traditional("".join(every)):
        return doc, False
    grids = [replace(g, rows=[[Cell(simplified(c.text), c.origin) for c in row] for row in g.rows],
                     paragraphs_before=[simplified(p) for p in g.paragraphs_before],
                     paragraphs_after=[simplified(p) for p in g.paragraphs_after]) for g in doc.grids]
    return replace(doc, paragraphs=[simplified(p) for p in doc.paragraphs], grids=grids), True


def read_docx(data: bytes) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            body = zf.read("word/document.xml")
    except KeyError:
        raise SpecError("这个文件不是 Word 文档(.docx):里面没有正文(word/document.xml)。") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpecError(f"这个 Word 文档已损坏,无法读取:{exc}") from None
    try:
        root = ElementTree.fromstring(body)
    except Exception as exc:  # noqa: BLE001 - ParseError, defusedxml's refusals
        raise SpecError(f"这个 Word 文档的正文已损坏,无法读取:{exc}") from None
    found = root.find(f"{W}body")
    if found is None:
        raise SpecError("这个 Word 文档没有正文。")
    return _walk(found)


def _walk(body) -> Document:
    paragraphs, grids, pending = [], [], []
    for node in _blocks(body):
        if node.tag == f"{W}p":
            text = _text(node)
            paragraphs.append(text)
            pending.append(text)
        else:
            grid = _grid(node, f"文中第 {len(grids) + 1} 个表格")
            grid.paragraphs_before, pending = pending, []
            grids.append(grid)
    if grids:
        grids[-1].paragraphs_after = pending
    return Document(paragraphs, grids, "Word")


def _blocks(parent):
    """Paragraphs and tables in print order, through content controls (w:sdt)."""
    for node in parent:
        if node.tag in (f"{W}p", f"{W}tbl"):
            yield node
        elif node.tag == f"{W}sdt":
            content = node.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _text(node) -> str:
    out = []
    for el in node.iter():
        if el.tag == f"{W}t" and el.text:
            out.append(el.text)
        elif el.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            out.append(" ")
    return "".join(out)


def _grid(tbl, where: str) -> Grid:
    rows: list[list[Cell]] = []
    header = 0
    for tr in tbl.findall(f"{W}tr"):
        row = _row(tr, len(rows), rows[-1] if rows else None)
        if tr.find(f"{W}trPr/{W}tblHeader") is not None and header == len(rows):
            header += 1
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r, row in enumerate(rows):
        row.extend(Cell("", (r, c)) for c in range(len(row), width))
    return Grid(rows, where, repeated_header=header)


def _row(tr, r: int, above: list[Cell] | None) -> list[Cell]:
    row: list[Cell] = []
    before = tr.find(f"{W}trPr/{W}gridBefore")
    for _ in range(_int(before) if before is not None else 0):
        row.append(Cell("", (r, len(row))))
    for tc in tr.findall(f"{W}tc"):
        props = tc.find(f"{W}tcPr")
        span = _int(props.find(f"{W}gridSpan") if props is not None else None)
        merge = props.find(f"{W}vMerge") if props is not None else None
        c = len(row)
        if merge is not None and merge.get(f"{W}val", "continue") == "continue" and above and c < len(above):
            first = above[c]
            row.extend(Cell(first.text, first.origin) for _ in range(span))
            continue
        text = squeeze("".join(_text(p) for p in tc.findall(f"{W}p")))
        row.extend(Cell(text, (r, c)) for _ in range(span))
    return row


def _int(node) -> int:
    if node is None:
        return 1
    try:
        return max(1, min(int(node.get(f"{W}val", "1")), 64))
    except ValueError:
        return 1
