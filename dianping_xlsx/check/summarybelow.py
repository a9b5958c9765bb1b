"""What a lower office's summary lacked, read from its sheets: a summary written before its
properties said so (report/marks.py) still lists the units it lacked on its 未报单位 sheet."""

from __future__ import annotations

from ..model import MISSING_SHEET, MISSING_UNIT_HEADING, MISSING_WORDS
from ..text import clean_text, first_named

def missing_listed(grids) -> str:
    """The units a summary's 未报单位 sheet lists, said as the level above is told ("" when none)."""
    sheet = next((g for g in grids if g.name == MISSING_SHEET), None)
    if sheet is None:
        return ""
    names: list[str] = []
    column = None
    for row in sheet.rows:
        if column is None:  # above the list: its title, then the row of headings
            column = next((j for j, v in enumerate(row) if isinstance(v, str) and v.strip() == MISSING_UNIT_HEADING),
                          None)
        elif column < len(row) and row[column] not in ("", None) and (name := clean_text(str(row[column]))):
            names.append(name)
    if not names:
        return ""
    return f"{MISSING_WORDS.format(count=len(names))}({first_named(names)})"
