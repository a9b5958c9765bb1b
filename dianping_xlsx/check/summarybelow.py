"""What a lower office's summary lacked, read from its sheets: a summary written before its
properties said so (report/marks.py) still lists the units it lacked on its 未报单位 sheet; and
the units it counted: an upward workbook's properties name them, a 汇总表's 明细 lists them."""

from __future__ import annotations

import re

from ..model import DETAIL_SHEET, MISSING_SHEET, MISSING_UNIT_HEADING, MISSING_WORDS, SUMMARY_UNITS_PROPERTY, TOTAL
from ..text import clean_text, first_named

DETAIL_UNIT_HEADING = "单位"  # 明细's first heading, over the column of the units it counted
_NUMBERED = re.compile(r"_([0-9]{1,4})")
# between two names: the line break they are written with (model.UNITS_SEPARATOR), or what an office
# suite made of it (\r\n); no unit's name holds any of these (text.clean_text)
_BETWEEN = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


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


def units_listed(grids) -> tuple[str, ...]:
    """The units a summary's 明细 lists, each once (the units it counted; () without the sheet)."""
    sheet = next((g for g in grids if g.name == DETAIL_SHEET), None)
    rows = sheet.rows if sheet is not None else []
    if not rows or not rows[0] or not isinstance(rows[0][0], str) or rows[0][0].strip() != DETAIL_UNIT_HEADING:
        return ()
    names = (clean_text(str(row[0])) for row in rows[1:] if row and row[0] not in ("", None))
    return tuple(dict.fromkeys(n for n in names if n and n != TOTAL))


def units_marked(props, base: str = SUMMARY_UNITS_PROPERTY) -> tuple[str, ...]:
    """The units an upward workbook says its totals hold (its numbered properties, in their order),
    each once; () when it says none (written by an earlier version). Of SUMMARY_OFFICES_PROPERTY:
    the lower offices whose summaries they hold."""
    parts = sorted((int(m[1]), value) for name, value in props.items()
                   if name.startswith(base) and (m := _NUMBERED.fullmatch(name, len(base))))
    names = (clean_text(name) for _, value in parts for name in _BETWEEN.split(value))
    return tuple(dict.fromkeys(n for n in names if n and n != TOTAL))
