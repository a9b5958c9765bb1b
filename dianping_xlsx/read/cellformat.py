"""A cell's number format, looked up for a cell already in error: a count cell in percent format
holds 0.12 where the unit sees 12% (it typed 12 into a cell formatted 0%). The reader gives
values, not formats; the few cells that need theirs are looked up here, in the file itself
(its sheet part and styles), never for a file without such a cell."""

from __future__ import annotations

import html
import os
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from .xmlform import canonical, cell_key, start_tags

_PERCENT_IDS = {9: 0, 10: 2}  # built-in formats: 0%, 0.00%
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escaped characters, [colours]
_MAX_PART = 64 << 20  # what is read of a part (the file passed the pre-scan's limits already)


def percent_places(path: Path, sheet: str) -> dict[str, int]:
    """The cells of the sheet (its tab's name) shown as percentages, each with the decimals its
    format shows; {} when it cannot be known (any fault: the message stays as it is)."""
    try:
        return _percent_places(str(path), os.stat(path).st_mtime_ns, sheet)
    except OSError:
        return {}


@lru_cache(maxsize=8)  # the cells of one sheet are asked about one by one
def _percent_places(path: str, _mtime: int, sheet: str) -> dict[str, int]:
    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet)
            if part is None:
                return {}
            styles = _percent_styles(_read(zf, "xl/styles.xml"))
            if not styles:
                return {}
            out = {}
            for attrs in start_tags(canonical(_read(zf, part)), b"c"):
                ref, style = cell_key(attrs.get(b"r", b"")), attrs.get(b"s", b"0")
                if ref and style.isdigit() and int(style) in styles:
                    out[ref] = styles[int(style)]
            return out
    except Exception:  # noqa: BLE001 - a damaged part: the plain message
        return {}


def percent_text(value: float, decimals: int) -> str:
    """The value as its percent format shows it: 0.12 -> 12%."""
    return f"{value * 100:.{decimals}f}%"


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        return fh.read(_MAX_PART)


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    from .scan_zip import _part_names  # the one mapping of tabs to parts

    parts = {n: _read(zf, n) for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")}
    return next((part for part, name in _part_names(parts).items() if name == sheet), None)


def _percent_styles(styles: bytes) -> dict[int, int]:
    """Cell style index -> decimals, for the styles whose number format is a percentage."""
    codes = {int(a[b"numFmtId"]): html.unescape(a.get(b"formatCode", b"").decode("utf-8", "replace"))
             for a in start_tags(canonical(styles), b"numFmt") if a.get(b"numFmtId", b"").isdigit()}
    xfs = canonical(styles)
    start, end = xfs.find(b"<cellXfs"), xfs.find(b"</cellXfs>")
    if start < 0:
        return {}
    out = {}
    for i, attrs in enumerate(start_tags(xfs[start:end if end > start else len(xfs)], b"xf")):
        fmt = int(attrs.get(b"numFmtId", b"0")) if attrs.get(b"numFmtId", b"0").isdigit() else 0
        decimals = _PERCENT_IDS.get(fmt, _decimals(codes[fmt]) if fmt in codes else None)
        if decimals is not None:
            out[i] = decimals
    return out


def _decimals(code: str) -> int | None:
    """The decimals a custom format shows a percentage with (its first section), else None."""
    first = _QUOTED.sub("", code.split(";")[0])
    if "%" not in first:
        return None
    _, _, after = first.partition(".")
    return len(re.match(r"[0#?]*", after)[0]) if after else 0

