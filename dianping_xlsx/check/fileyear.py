"""The year a workbook says it is for, against the period checked (a return of last year sent
again, last year's template filled in): period.other-year, at the cell that says it.

What a workbook says, most trusted first: the period our template was made for (its custom
property; the 自查 sheet, which shows it too, is never read); then the years written in the
titles above the tables and in the 填表说明 heading. A template made without a period
writes the year the tables were published there: that year alone says nothing of the period,
unless the template's own period says otherwise."""

from __future__ import annotations

import re

from ..definitions import TableSet
from ..definitions.ownsheets import INSTRUCTIONS_SHEET
from ..model import TEMPLATE_PERIOD_PROPERTY, Period, Submission
from ..problems import Problem
from ..read.layoutmemo import first_rows
from ..text import a1, clean_text

# a year that is not part of a date (2026年度, 2026年年度, 2026年上半年; not 2027年1月8日)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def other_year(sub: Submission, grids, ts: TableSet, period: Period) -> Problem | None:
    """period.other-year when the workbook says it is for another year than ``period``'s."""
    by_name = {g.name: g for g in grids}
    template = _template_period(sub, by_name, getattr(grids, "properties", {}), period)
    if template is not None and template[3] != period.year:
        sheet, ref, text, year = template
        return _problem(sheet, ref, year, period, f"这是{text}的报表模板", "改用本期的模板重新填写")
    exempt = {period.year} if template is not None else {period.year, ts.published.year}
    for sheet, ref, text, year in _titles(sub, by_name):
        if year not in exempt:
            if sheet == INSTRUCTIONS_SHEET:
                return _problem(sheet, ref, year, period, f"这是{year}年的报表模板(填表说明写的是“{text}”)",
                                "改用本期的模板重新填写")
            return _problem(sheet, ref, year, period, f"表头写的是“{text}”", f"把表头中的年份改为{period.year}年")
    return None


def _problem(sheet: str, ref: str, year: int, period: Period, what: str, fix: str) -> Problem:
    return Problem("period.other-year", sheet=sheet, cell=ref,
                   params={"what": what, "year": year, "period": period.zh, "fix": fix})


def _template_period(sub: Submission, by_name: dict, properties: dict,
                     period: Period) -> tuple[str, str, str, int] | None:
    """(sheet, cell, text, year) of the period the template was made for (its property), said at
    填表说明's heading or the first table's corner; None when the file does not carry it."""
    written = properties.get(TEMPLATE_PERIOD_PROPERTY, "")
    if not written:  # most files: a hand-made one, or a template of an older version (no exception raised)
        return None
    try:
        made = Period.written(written, period.calendar)
    except ValueError:
        return None
    year = int(written.strip()[:4])
    sheet = INSTRUCTIONS_SHEET if INSTRUCTIONS_SHEET in by_name else min((c.sheet for c in sub.cells.values()),
                                                                          default=INSTRUCTIONS_SHEET)
    return sheet, "A1", made if isinstance(made, str) else made.zh, year


def _titles(sub: Submission, by_name: dict):
    """(sheet, cell, text, year) of each year written above a table or in 填表说明's heading."""
    made = getattr(sub.cells, "first_rows", None)  # located from the layout memo: known once per layout
    first_row = made() if made is not None else first_rows((c.sheet, c.row) for c in sub.cells.values())
    date = (sub.date_cell.sheet, sub.date_cell.ref) if sub.date_cell is not None else None
    for sheet, last in sorted(first_row.items()):  # the rows above a sheet's first value: titles, headers
        grid = by_name.get(sheet)
        for row, values in enumerate(grid.rows[:last] if grid is not None else ()):
            for col, value in enumerate(values):
                # most cells above a table hold no year: a look for 年 before any cleaning (a worker
                # checks every file so: cleaning each header cell cost a tenth of its time)
                if value.__class__ is not str or "年" not in value:
                    continue
                text = _text(grid, row, col)
                m = _YEAR.search(text)
                if m and (sheet, a1(row, col)) != date:
                    yield sheet, a1(row, col), text, int(m[1])
    notes = by_name.get(INSTRUCTIONS_SHEET)
    text = _text(notes, 0, 0) if notes is not None else ""
    m = _YEAR.search(text)
    if m:
        yield INSTRUCTIONS_SHEET, "A1", text, int(m[1])


def _text(grid, row: int, col: int) -> str:
    try:
        value = grid.rows[row][col]
    except IndexError:
        return ""
    return clean_text(value)[:60] if isinstance(value, str) else ""
