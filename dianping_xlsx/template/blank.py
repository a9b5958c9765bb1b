"""The blank template a unit fills in: the notice's tables, 填表说明 and the 自查 sheet."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import xlsxwriter

from ..definitions import Key, TableSet
from ..files import atomic_path, safe_filename
from ..model import TEMPLATE_NOTICE_PROPERTY, TEMPLATE_PERIOD_PROPERTY, Calendar, Period
from ..text import label_word
from .selfcheck import write_self_check
from .layout import (INSTRUCTION_WIDTH, INSTRUCTIONS_SHEET, WORKBOOK_OPTIONS, Formats, set_property, unit_cells,
                     write_table_sheet)


def template_filename(unit_name: str | None = None, ts: TableSet | None = None) -> str:
    """<the table set's file name>[_<unit>].xlsx."""
    stem = ts.file_name if ts is not None else "统计表"
    if unit_name:
        return f"{stem}_{safe_filename(unit_name)}.xlsx"
    return f"{stem}.xlsx"


RULES_LINE = "{rules}"  # the instruction line that stands for one line per error rule


UNKNOWN_DUE = "通知规定的日期"  # {due} where no deadline is known (a notice of several periods, none chosen)


def states_due(ts: TableSet) -> bool:
    """Whether the table set's instructions (填表说明) state the date units send their tables by."""
    return any("{due}" in line for line in ts.instructions)


def instruction_lines(ts: TableSet, year: int | None = None, due: dt.date | None = None) -> list[str]:
    """The table set's instructions, filled in and numbered; ``{rules}`` lists the error rules;
    ``{year}`` is the period's year (else the year the tables were published); ``{due}`` the date
    units send their tables by (template_due)."""
    rounds = [r.label for r in ts.rounds] or [""]
    fields = {
        "tables": "、".join(f"{t.key}({t.short})" if t.short and t.short != t.key else t.key for t in ts.tables),
        "count": len(ts.tables),
        "unit_label": label_word(ts.unit_label), "date_label": label_word(ts.date_label),
        "rounds": "、".join(rounds), "first_round": rounds[0], "last_round": rounds[-1],
        "year": year or ts.published.year,
        "due": f"{due.year}年{due.month}月{due.day}日" if due is not None else UNKNOWN_DUE,
    }
    texts = []
    for line in ts.instructions:
        if line == RULES_LINE:
            texts += [f"{'、'.join(rule.tables)}:每个类别的“{rule.plain[0]}”{rule.plain[1]}“{rule.plain[2]}”。"
                      for rule in ts.rules if rule.severity == "error" and rule.plain]
        else:
            texts.append(_apart(line, fields["tables"]).format(**fields))
    return [f"{n}. {text}" for n, text in enumerate(texts, start=1)]


def _apart(line: str, tables: str) -> str:
    """{tables}{count} with a word between where the tables end in a digit: 附件1、附件2,共2张
    (never 附件22张)."""
    return line.replace("{tables}{count}", "{tables},共{count}") if tables[-1:].isdigit() else line


def template_due(ts: TableSet, period: Period | None, calendar: Calendar | None, due: dt.date | None) -> dt.date | None:
    """The date a template tells units to send it by: the one the office set (``due``), else the
    notice's for the period (its units' date, else the period's), else, of a notice of one period,
    that period's in the year the tables were published; None when not known."""
    if due is not None:
        return due
    if period is not None:
        return period.unit_due or period.due
    specs = calendar.periods if calendar is not None else ()
    if len(specs) == 1:
        return specs[0].unit_due_date(ts.published.year) or specs[0].due_date(ts.published.year)
    return None


def write_instructions(wb: xlsxwriter.Workbook, fmt: Formats, ts: TableSet, year: int | None = None,
                       sheet_class: type | None = None, draw=None, due: dt.date | None = None) -> None:
    """The 填表说明 sheet (``due``: instruction_lines'); ``sheet_class``, ``draw``: as layout.write_table_sheet's."""
    ws = wb.add_worksheet(INSTRUCTIONS_SHEET, worksheet_class=sheet_class)
    if draw is not None:
        ws = draw(ws)
    ws.set_column(0, 0, INSTRUCTION_WIDTH)
    ws.write_string(0, 0, f"填表说明:{ts.title(year)}", fmt.heading)
    per_line = INSTRUCTION_WIDTH // 2 - 2  # a CJK character is two columns wide
    for i, line in enumerate(instruction_lines(ts, year, due), start=2):
        ws.set_row(i, 16 * math.ceil(len(line) / per_line) + 8)
        ws.write_string(i, 0, line, fmt.text)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})


def write_template(ts: TableSet, target: Path, unit_name: str | None = None,
                   lock_unit: bool = False, period: Period | None = None, ledgers: bool = True,
                   calendar: Calendar | None = None, due: dt.date | None = None, notice_id: str = "") -> Path:
    """Write the blank template workbook to ``target`` (atomically); ``period``: the 报送时段
    its 自查 sheet starts with (none: the unit picks, and until then every round is checked);
    ``ledgers``: whether the notice has ledgers (自查 lists the check against them); ``calendar``:
    the notice's periods, the 报送时段 offered (else the period's); ``due``: the deadline the office
    set, which 填表说明 states (else the notice's: template_due); ``notice_id``: the notice it is for,
    kept in its properties (a unit's file of another notice's template is told: check/othernotice.py)."""

    year = period.year if period else None
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties(
            {
                "title": ts.title(year),
                "subject": ts.subject,
                "author": "dianping-xlsx",
                "created": dt.datetime.combine(ts.published, dt.time()),
            }
        )
        if period is not None:  # a return of another year is told (check/fileyear.py)
            set_property(wb, TEMPLATE_PERIOD_PROPERTY, str(period))
        if notice_id:
            set_property(wb, TEMPLATE_NOTICE_PROPERTY, notice_id)
        fmt = Formats(wb)
        write_instructions(wb, fmt, ts, year, due=template_due(ts, period, calendar, due))
        places: dict[Key, str] = {}
        for table in ts.tables:
            places.update(write_table_sheet(wb, fmt, ts, table, unit_name=unit_name or "", lock_unit=lock_unit,
                                            year=year))
        write_self_check(wb, ts, places, unit_cells(ts), period, ledgers, calendar)
        wb.worksheets()[1].activate()
        wb.close()
    return target
