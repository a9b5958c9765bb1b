"""The workbook that goes up (上报_<office>_<period>.xlsx): the official 附件1–3 with the
totals, 填报单位 and 填报时间, ready to print and stamp, and nothing about single units.

It is what `dianping mail send --up` sends and what the level above merges (roll-up stays
exact: it is read like any unit's tables). Its document properties say whose summary of which
period it is (so that, copied back into the office's own inbox, it is never counted again) and
what was missing below when it was written, so that the level above is told of a county that
reported with units still returned or missing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from ..merge.result import MergeResult
from ..model import (SUMMARY_INBOX_PROPERTY, SUMMARY_INCOMPLETE_PROPERTY, SUMMARY_PERIOD_PROPERTY,
                     SUMMARY_RUN_PROPERTY, SUMMARY_UNIT_PROPERTY)
from .layout import WORKBOOK_OPTIONS, Formats, safe_filename, write_table_sheet

UPWARD_PREFIX = "上报_"


def upward_filename(period, unit_name: str = "") -> str:
    """上报_安化县委创先办_2011-H1.xlsx: the one file of the outputs that goes up."""
    middle = f"{safe_filename(unit_name)}_" if unit_name else ""
    return f"{UPWARD_PREFIX}{middle}{period}.xlsx"


def incomplete_text(result: MergeResult) -> str:
    """What the summary lacks, in words ("" when complete): said to the level above."""
    s = result.summary
    parts = []
    if s.rejected:
        parts.append(f"退回 {len(s.rejected)} 个文件")
    if s.missing:
        names = "、".join(u.name for u, _ in s.missing[:10]) + ("等" if len(s.missing) > 10 else "")
        parts.append(f"名册中 {len(s.missing)} 个单位未报或被退回({names})")
    if s.off_roster:
        parts.append(f"{len(s.off_roster)} 个名册外单位未计入")
    return ";".join(parts)


def write_upward_workbook(result: MergeResult, path: Path, unit_name: str, day: dt.date,
                          date_text: str, run: str = "") -> None:
    """附件1–3 as the notice prints them, filled with the totals (write_outputs makes it atomic)."""
    ts = result.ts
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"{ts.name}({result.period.zh},{unit_name or '汇总'})",
                       "author": "dianping-xlsx", "created": dt.datetime.combine(day, dt.time())})
    wb.set_custom_property(SUMMARY_PERIOD_PROPERTY, str(result.period))
    if unit_name:
        wb.set_custom_property(SUMMARY_UNIT_PROPERTY, unit_name)
    if result.inbox:
        wb.set_custom_property(SUMMARY_INBOX_PROPERTY, result.inbox)
    if run:
        wb.set_custom_property(SUMMARY_RUN_PROPERTY, run)
    missing = incomplete_text(result)
    if missing:
        wb.set_custom_property(SUMMARY_INCOMPLETE_PROPERTY, missing)
    fmt = Formats(wb)
    for table in ts.tables:
        write_table_sheet(wb, fmt, ts, table, values=result.totals, form=False,
                          unit_name=unit_name, date_text=date_text)
    wb.close()
