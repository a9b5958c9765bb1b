"""The workbook that goes up (上报_<office>_<period>.xlsx): the official 附件1–3 with the
totals, 填报单位 and 填报时间, ready to print and stamp, and nothing about single units.

It is what `dianping mail send --up` sends and what the level above merges (roll-up stays
exact: it is read like any unit's tables). Its document properties say whose summary of which
period it is (so that, copied back into the office's own inbox, it is never counted again),
what was missing below when it was written, so that the level above is told of a county that
reported with units still returned or missing, and which units and lower offices its totals hold,
transitively, so that a level above counts a unit or an office once when its own file is forwarded
as well (merge/within.py).
The printed pages say nothing of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import xlsxwriter

from ..merge.rates import rate_columns
from ..merge.result import MergeResult
from ..model import SUMMARY_VALUES_PROPERTY
from ..template.layout import LABEL_COLS, WORKBOOK_OPTIONS, Formats, safe_filename, set_property, write_table_sheet
from .marks import incomplete_text, mark_summary, mark_units, units_held

UPWARD_PREFIX = "上报_"


def upward_filename(period, unit_name: str = "") -> str:
    """上报_安化县委创先办_2011-H1.xlsx: the one file of the outputs that goes up."""
    middle = f"{safe_filename(unit_name)}_" if unit_name else ""
    return f"{UPWARD_PREFIX}{middle}{period}.xlsx"


def values_digest(result: MergeResult, unit_name: str, missing: str) -> str:
    """What the level above is told, as a digest: the period, the office, every total and what
    the summary lacks (not the run, the date written or the bytes)."""
    return digest_of(str(result.period), unit_name, missing, result.totals)


def digest_of(period: str, unit_name: str, missing: str, values) -> str:
    """The digest of a report's content: merge's of the totals it writes, and mail's of the numbers
    the file holds when it is sent (read as the level above reads it): the same for a file untouched."""
    digest = hashlib.sha256(f"{period}\n{unit_name}\n{missing}\n".encode("utf-8"))
    for key in sorted(values):
        digest.update(f"{'|'.join(key)}={values[key]}\n".encode("utf-8"))
    return digest.hexdigest()[:32]


def write_upward_workbook(result: MergeResult, path: Path, unit_name: str, day: dt.date,
                          date_text: str, run: str = "") -> None:
    """附件1–3 as the notice prints them, filled with the totals (write_outputs makes it atomic)."""
    ts = result.ts
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"{ts.title(result.period.year)}({result.period.zh},{unit_name or '汇总'})",
                       "author": "dianping-xlsx", "created": dt.datetime.combine(day, dt.time())})
    mark_summary(wb, result, unit_name, run)
    held = units_held(result)
    mark_units(wb, held.units, held.offices)
    set_property(wb, SUMMARY_VALUES_PROPERTY, values_digest(result, unit_name, incomplete_text(result)))
    fmt = Formats(wb)
    pct = wb.add_format({"font_name": "宋体", "font_size": 11, "valign": "vcenter", "border": 1, "align": "center",
                         "num_format": "0.0%"})
    for table in ts.tables:
        write_table_sheet(wb, fmt, ts, table, values=result.totals, form=False,
                          unit_name=unit_name, date_text=date_text, year=result.period.year,
                          after_block=_rate_rows(result, table, pct))
    wb.close()


NOT_APPLICABLE = "—"  # a rate without a base, or of a round not yet due, as the summary shows it


def defined_rates(table) -> list[tuple[int, str, str]]:
    """(column of the rate sheet, rate name, round) of the rates the table's notes define
    (注:践诺率=已践诺事项数÷承诺事项数×100%): the notice prints them as rows of its table, so the
    table that goes up has them too; a rate the notes do not name is the summary's alone."""
    notes = "".join(table.notes)
    out = []
    for j, (_, key, kind) in enumerate(rate_columns(table)):
        name = table.row(key.metric).rate
        if kind == "rate" and name in notes:
            out.append((j, name, key.round))
    return out


def _rate_rows(result: MergeResult, table, pct):
    """What draws the defined rates under each block: per category, computed from the sums as
    分类汇总 computes it (merge/rates.by_category), "—" where it has no base; None when none."""
    rates = defined_rates(table)
    if not rates:
        return None
    sheet = next(s for s in result.summary.by_category if s.table.key == table.key)
    cells = {r.label: r.cells for r in sheet.rows}
    width = max(len(b) for b in table.blocks)

    def draw(ws, fmt, row: int, block) -> int:
        for name in dict.fromkeys(name for _, name, _ in rates):
            mine = [(j, rnd) for j, n, rnd in rates if n == name]
            _rate_label(ws, fmt, row, name, len(mine), bool(mine[0][1]))
            for j, rnd in mine:
                ws.set_row(row, 24)
                if rnd:
                    ws.write_string(row, 1, rnd, fmt.label)
                for c in range(width):
                    value = cells[block[c]][j] if c < len(block) and block[c] in cells else ""
                    if isinstance(value, float):
                        ws.write_number(row, LABEL_COLS + c, value, pct)
                    else:
                        ws.write_string(row, LABEL_COLS + c, NOT_APPLICABLE if value is None else "", fmt.label)
                row += 1
        return row

    return draw


def _rate_label(ws, fmt, row: int, name: str, rows: int, rounds: bool) -> None:
    """A rate's name as a metric's is drawn: over its rounds' rows in column A, else over A:B."""
    if rounds and rows > 1:
        ws.merge_range(row, 0, row + rows - 1, 0, name, fmt.label)
    elif rounds:
        ws.write_string(row, 0, name, fmt.label)
    else:
        ws.merge_range(row, 0, row, 1, name, fmt.label)
