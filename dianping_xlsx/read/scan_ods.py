"""The pre-scan of an .ods content.xml: cells with a value beyond the limits (repeat attributes
counted), error results and formulas without a value flagged."""

from __future__ import annotations

import io
import re

from ..model import self_check_sheet
from ..settings import Limits
from ..text import a1
from .refusal import Refused, far


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


_ERROR_TEXT = re.compile(r"^(#[A-Z/0!?]+|Err:\d+)$")


def scan_ods(content: bytes, limits: Limits) -> dict[str, dict[str, str]]:
    """Walk an .ods sheet by sheet, row and cell repeats included: refuse a non-empty cell beyond
    the limits (a repeated value spanning 40,000 rows stalls the reader), and note error cells
    and formulas without a value, which the reader returns blank (never read as 0)."""
    from defusedxml.ElementTree import iterparse

    flagged: dict[str, dict[str, str]] = {}
    sheet, row, col, row_repeat = "", 0, 0, 1
    skipping = False  # in a sheet of the template's self-check: never read (read/grids.py)
    cell_tags = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
    content = _without_self_check(content)
    try:
        for event, el in iterparse(io.BytesIO(content), events=("start", "end")):
            if event == "start":
                if el.tag == _TABLE + "table":
                    sheet, row = el.get(_TABLE + "name", ""), 0
                    skipping = self_check_sheet(sheet)
                elif el.tag == _TABLE + "table-row":
                    col, row_repeat = 0, int(el.get(_TABLE + "number-rows-repeated", "1"))
                continue
            if skipping:
                if el.tag in cell_tags or el.tag == _TABLE + "table-row":
                    el.clear()
                continue
            if el.tag in cell_tags:
                repeat = int(el.get(_TABLE + "number-columns-repeated", "1"))
                kind = _ods_cell(el)
                if kind:
                    far(sheet, col + repeat, row + row_repeat, limits)
                    if kind != "value":
                        flagged.setdefault(sheet, {})[a1(row, col)] = kind
                col += repeat
                el.clear()
            elif el.tag == _TABLE + "table-row":
                row += row_repeat
                el.clear()
    except SyntaxError as exc:  # ParseError: its place
        line = getattr(exc, "position", (0, 0))[0]
        raise Refused("file.corrupt", detail=f"内容文件第 {line} 行格式有误" if line else "内容文件格式有误") from None
    except ValueError:  # a repeat count that is not a number
        raise Refused("file.corrupt", detail="内容文件中行或列的重复次数有误") from None
    return flagged


_SHEET_START = re.compile(rb'<table:table\s[^>]*?\btable:name="([^"]*)"[^>]*>')
_NESTED = re.compile(rb"<table:table(?=[\s/>])[^>]*?(/?)>|</table:table>")


def _without_self_check(content: bytes) -> bytes:
    """content.xml with the self-check sheets' elements taken out before parsing (1,700 formula
    cells: 40 ms a file to walk); each cut at its matching end tag, nested tables counted. A sheet
    written some other way is walked like any other (its cells are skipped, only slower)."""
    if "自查".encode() not in content:
        return content
    cuts, pos = [], 0
    while (start := _SHEET_START.search(content, pos)) is not None:
        pos = start.end()
        if not self_check_sheet(start[1].decode("utf-8", "replace")):
            continue
        depth = 1
        for tag in _NESTED.finditer(content, pos):
            if tag[0].startswith(b"</"):
                depth -= 1
            elif not tag[1]:  # an empty <table:table/> opens nothing
                depth += 1
            if depth == 0:
                cuts.append((start.start(), tag.end()))
                pos = tag.end()
                break
        else:
            break  # no end: leave it to the parser
    if not cuts:
        return content
    parts, last = [], 0
    for begin, end in cuts:
        parts.append(content[last:begin])
        last = end
    parts.append(content[last:])
    return b"".join(parts)


def _ods_cell(el) -> str:
    """The error's text as written (#DIV/0!, Err:502; "error" when none is), "formula" (no value
    saved), "value" (something there) or "" (empty)."""
    text = "".join(el.itertext()).strip()
    formula = el.get(_TABLE + "formula")
    if el.get(_CALCEXT + "value-type") == "error" or (formula and _ERROR_TEXT.match(text)):
        return text if _ERROR_TEXT.match(text) else "error"
    if formula and el.get(_OFFICE + "value-type") is None:
        return "formula"
    return "value" if el.get(_OFFICE + "value-type") is not None or text else ""
