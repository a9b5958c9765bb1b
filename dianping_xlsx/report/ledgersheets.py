"""The ledgers in the outputs: 点评记实情况 and 公开承诺情况 in the summary workbook (per unit
and in total, as the Summary counted them), and the merged ledgers in a workbook of their own,
合并台账_<period>.xlsx (every accepted unit's records, the unit first, in the template's shape;
its records spliced in as XML rows (report/bulk.py), beside the summary, as a county's can
hold 100,000 rows)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from ..merge.ledgers import LedgerSummary
from ..model import MERGED_LEDGER_MARK, MERGED_LEDGER_PROPERTY
from .bulk import MAX_ROWS, BulkWriter
from ..template.layout import WORKBOOK_OPTIONS, page_setup, set_property


def merged_filename(period) -> str:
    return f"合并台账_{period}.xlsx"


def write_merged_ledgers(ledgers: LedgerSummary, path: Path, period_zh: str, day: dt.date,
                         streamed: bool = True) -> None:
    """``day``: the summary's date, the workbook's own (the same bytes on every run);
    ``streamed``: the records spliced in as XML rows (report/bulk.py), else cell by cell
    through xlsxwriter (the reference a test compares with)."""
    bulk = BulkWriter(path, streamed)
    wb = xlsxwriter.Workbook(bulk.target, dict(WORKBOOK_OPTIONS, constant_memory=True))
    wb.set_properties({"title": f"合并台账({period_zh})", "author": "dianping-xlsx",
                       "created": dt.datetime.combine(day, dt.time())})
    set_property(wb, MERGED_LEDGER_PROPERTY, period_zh)  # never read again as a unit's ledger
    head = wb.add_format({"font_name": "宋体", "bold": True, "border": 1, "bg_color": "#DDEBF7", "text_wrap": True})
    # the records' look comes from the columns (wrapped, top-aligned) and the printed grid, not from
    # a format of its own on each of 100,000 × 12 cells
    column = wb.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"})
    title = wb.add_format({"font_name": "宋体", "bold": True, "font_size": 12})
    for ledger in ledgers.ledgers.ledgers:
        units = ledgers.merged.get(ledger.key, [])
        if not units:
            continue
        count = sum(len(u.rows) for u in units)
        parts = _sheets_of(units, SHEET_ROWS)
        for n, part in enumerate(parts, start=1):
            name = ledger.title[:31] if len(parts) == 1 else f"{ledger.title[:26]}({n})"
            heading = f"{ledger.title}{MERGED_LEDGER_MARK}{period_zh},共 {len(units)} 个单位 {count} 条" + (
                f";一张工作表放不下,分 {len(parts)} 张,这是第 {n} 张)" if len(parts) > 1 else ")")
            _ledger_sheet(wb, bulk, name, heading, ledger, part, period_zh, (head, column, title))
    bulk.close(wb)


SHEET_ROWS = MAX_ROWS - 3  # under the title and the header


def _sheets_of(units, size: int) -> list[list[tuple[str, list]]]:
    """The units' records cut into sheets of at most ``size`` rows: [(unit, records)] each."""
    sheets, current, room = [], [], size
    for unit in units:
        rows = unit.rows
        while rows:
            take, rows = rows[:room], rows[room:]
            current.append((unit.unit, take))
            room -= len(take)
            if room == 0:
                sheets.append(current)
                current, room = [], size
    return sheets + [current] if current else sheets


def _ledger_sheet(wb, bulk, name: str, heading: str, ledger, part, period_zh: str, formats) -> None:
    head, column, title = formats
    ws = wb.add_worksheet(name)
    count = sum(len(rows) for _, rows in part)
    width = len(ledger.columns) + 1
    ws.write_string(0, 0, heading, title)
    ws.write_row(2, 0, ["单位", *ledger.labels], head)
    styles = (column,) * width
    bulk.rows(ws, 3, count, width, _records(part, styles), [styles])
    for j, chars in enumerate(_widths(["单位", *ledger.labels], part)):
        ws.set_column(j, j, chars, column)
    ws.hide_gridlines(0)  # 0: the grid on screen and on paper
    ws.freeze_panes(3, 1)
    ws.autofilter(2, 0, max(3, 2 + count), len(ledger.columns))
    page_setup(ws, f"{period_zh} {ledger.title}(合并)", repeat_rows=(2, 2), repeat_cols=(0, 0), titled=True)


def _widths(labels: list[str], part, sample: int = 2000) -> list[int]:
    """Each column as wide as its label and the longest value among the first records (a CJK
    character is 2 wide), 8 to 30: a category name on one line, free text wrapped at 30."""
    longest = [len(label) for label in labels]
    seen = 0
    for unit, rows in part:
        for record in rows:
            for j, text in enumerate((unit, *record)):
                longest[j] = max(longest[j], len(text))
            seen += 1
            if seen >= sample:
                break
        if seen >= sample:
            break
    return [min(30, max(8, 2 * n + 2)) for n in longest]


def _records(units, styles):
    """The merged ledger's rows: the unit, then the record (a function of its own: the rows are
    made when the workbook is closed, after the loop has moved on to the next ledger)."""
    for unit, rows in units:
        for record in rows:
            yield (unit, *record), styles


def write_ledger_sheets(wb, st, ledgers: LedgerSummary, period_zh: str, list_sheet) -> None:
    """``list_sheet``: the workbook's writer of a plain list (headings, widths, rows, title)."""
    if ledgers.appraisals:
        headings = ["单位", "记录(条)", *(f"{r}(人/个)" for r in ledgers.rounds), "点评方式", "缺整改/落实(条)"]
        rows = [[a.unit, a.records, *(a.persons.get(r, 0) for r in ledgers.rounds), a.ways, a.without_follow_up]
                for a in ledgers.appraisals]
        counting = _ledger(ledgers, "counts")
        list_sheet(wb, st, counting.summary_sheet, headings, [24, 10, *([13] * len(ledgers.rounds)), 44, 15], rows,
                   f"{counting.title}汇总(按人数计,同一对象同一轮只计一次)", period_zh, tall="点评方式")
    if ledgers.commitments:
        promised = _ledger(ledgers, "status")
        verb = promised.status.verb  # the ledger set's word: 兑现, 践诺
        by = ledgers.commitment_columns
        headings = ["单位", "承诺数", *(k.split(":", 1)[1] for k in by), f"{verb}率", f"逾期未{verb}"]
        rows = [[c.unit, c.count, *(c.by[k] for k in by), c.rate if c.rate is not None else "—", c.overdue]
                for c in ledgers.commitments]
        widths = [24, 8, *(max(8, 2 * len(h) + 2) for h in headings[2:-2]), 8, max(11, 2 * len(headings[-1]) + 1)]
        list_sheet(wb, st, promised.summary_sheet, headings, widths, rows,
                   f"{promised.title}汇总(逾期未{verb}:{promised.status.deadline}早于单位的填报时间、台账中尚未{verb},"
                   "请挂牌督办)", period_zh)


def _ledger(ledgers: LedgerSummary, part: str):
    """The ledger that counts appraisals (``counts``) or commitments (``status``)."""
    return next(x for x in ledgers.ledgers.ledgers if getattr(x, part) is not None)
