"""A 台账 a unit keeps and sends along with its tables (留存备查并随表报送) when the notice defines
no ledger set to read it by: a workbook without the statistics tables that is recognisably that
ledger is received as a material, never sent back, never summed.

Which workbook is which ledger is data, the notice's ``[[materials]]`` of kind "ledger": the
words of its name (in the workbook's title rows, a sheet's name or the file's name) or its
column heads (a row holding two thirds of them). A workbook titled …台账 that the notice does
not list is a ledger too: the tool's own word for the thing, not a notice's.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from ..definitions import TableSet
from ..definitions.notices import Material
from ..problems import Problem
from ..text import a1, normalise
from ..definitions.ownsheets import own_sheet
from .naming import TITLE_ROWS, namer, title_like

LEDGER_WORD = "台账"
HEAD_ROWS = 12  # a ledger's column heads stand in a sheet's first rows
SHARE = 2 / 3  # of a listed ledger's columns, a heading row holds at least this share

# How a kept ledger was known, said in its note.
BY_TITLE, BY_SHEET, BY_COLUMNS, BY_NAME = "标题", "工作表名称", "列名", "文件名"


def kept_ledger(grids, path: Path, kept: tuple[Material, ...]) -> tuple[Material, str, str, str] | None:
    """(material, how it was known, sheet, cell) of the ledger this workbook is, or None. The
    notice's ledgers first, in order; then any workbook titled, named or filed as a 台账."""
    listed = [m for m in kept if m.kind == "ledger"]
    for material in listed:
        found = _known(grids, path, material)
        if found is not None:
            return (material, *found)
    if listed:
        return None  # the notice names its ledgers: another …台账 is none of them
    anyone = Material(LEDGER_WORD, "ledger", (LEDGER_WORD,), required=False)
    found = _known(grids, path, anyone)
    return None if found is None else (anyone, *found)


def kept_sheet(grids, tables_on: set[str], kept: tuple[Material, ...]) -> list[tuple[Material, str, str, str]]:
    """(material, how it was known, sheet, cell) of each ledger the notice lists that a workbook
    whose tables were found holds on a sheet of its own (beside the tables, not our 填表说明 or
    自查): known by its title, sheet name or columns, never by the file's name (the tables')."""
    rest = [g for g in grids if g.name not in tables_on and not own_sheet(g.name)]
    if not rest:
        return []
    found = ((m, _known(rest, None, m)) for m in kept if m.kind == "ledger")
    return [(m, *how) for m, how in found if how is not None]


def _known(grids, path: Path | None, material: Material) -> tuple[str, str, str] | None:
    words = [w for w in map(normalise, material.words) if w]
    for grid in grids:
        for r, c, text in grid.texts:
            if r >= TITLE_ROWS:
                break
            if title_like(text) and any(w in text for w in words):
                return BY_TITLE, grid.name, a1(r, c)
    for grid in grids:
        if any(w in normalise(grid.name) for w in words):
            return BY_SHEET, grid.name, ""
    heads = {normalise(c) for c in material.columns} - {""}
    if heads:
        least = max(2, math.ceil(len(heads) * SHARE))
        for grid in grids:
            rows: dict[int, set[str]] = {}
            for r, c, text in grid.texts:
                if r >= HEAD_ROWS:
                    break
                rows.setdefault(r, set()).add(text)
            hit = next((r for r, texts in rows.items() if len(texts & heads) >= least), None)
            if hit is not None:
                return BY_COLUMNS, grid.name, a1(hit, 0)
    if path is not None and any(w in normalise(path.stem) for w in words):
        return BY_NAME, "", ""
    return None


def kept_problem(material: Material, how: str, sheet: str, cell: str, unit: str) -> Problem:
    """What the workbook is said to be: a ledger of ``unit``'s, or of a unit not told."""
    words = "”“".join(material.words)
    return Problem(KEPT if unit else UNNAMED, sheet=sheet, cell=cell,
                   params={"material": material.name, "how": how, "unit": unit, "words": words})


def sheet_problem(material: Material, how: str, sheet: str, cell: str) -> Problem:
    """A sheet of the unit's tables workbook that is the ledger: received with the tables."""
    return Problem(KEPT_SHEET, sheet=sheet, cell=cell, params={"material": material.name, "how": how, "tab": sheet})


def ledger_namer(ts: TableSet, material: Material):
    """The namer of a kept ledger's unit: its title or file name without the ledger's words, the
    name ending at a unit's ending (the ledger's own title words, 领导点评, 公开承诺, may be no word
    of this notice's)."""
    return namer(replace(ts.names, document_words=ts.names.document_words + material.file_words), cut=True)


KEPT = "material.kept"
UNNAMED = "material.no-unit"  # as a document whose name tells no unit
KEPT_SHEET = "material.kept-sheet"  # the ledger on a sheet of the unit's tables workbook
