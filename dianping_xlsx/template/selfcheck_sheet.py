"""The 自查 sheet as a unit reads and prints it: the verdict, the 报送时段, one line per rule and
category with its rounds side by side, and the checks made only when the office merges."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..definitions import TableSet
from ..model import HALF_YEARS, SELF_CHECK_TITLE, Calendar, Period
from ..problems import SEVERITY_ZH
from . import formulas as fx
from .layout import page_setup, row_height
from .selfcheck_lines import FILLED_CELL, FILLED_COL, NOT_FILLED, Line

FIRST_LINE = 5  # the first checked line's row (0-based)
LEFT = (("序号", 4), ("表格", 6), ("类别", 20), ("检查内容", 22), ("级别", 8))
RESULT_COL = len(LEFT)
RESULT_WIDTH = {1: 100, 2: 66}  # by the number of rounds side by side; else 44 each
_height = lru_cache(maxsize=8192)(row_height)  # the same lines' texts in every unit's file: measured once
# Checks made when the office merges: what no single workbook can decide, and what its formulas
# cannot see (a number cell formatted as a date shows a date but holds a plain number: CELL("format")
# tells only a few of the date formats in LibreOffice and is not in Excel for the web)
AT_MERGE = ("填报单位与单位名册核对", "同一单位重复报送时以最新一份为准", "统计表与台账核对",
            "与上一期汇总比较", "填报时间是否在本期内", "数字格是否被设成了日期格式(显示为日期)")
LEDGER_CHECK = AT_MERGE[2]  # made only where the notice has ledgers (台账)


def at_merge(ledgers: bool) -> tuple[str, ...]:
    """The checks made when the office merges, as the 自查 sheet lists them: the ledgers' only
    where the notice has ledgers."""
    return AT_MERGE if ledgers else tuple(c for c in AT_MERGE if c != LEDGER_CHECK)


@dataclass(frozen=True)
class Columns:
    """Where a table set's lines put their results: one column per round (one if none), then
    as many hidden status columns, then the hidden rule id."""

    rounds: tuple[str, ...]

    @property
    def count(self) -> int:
        return max(1, len(self.rounds))

    @property
    def status(self) -> int:
        return RESULT_COL + self.count

    @property
    def rule(self) -> int:
        return self.status + self.count

    @property
    def width(self) -> int:
        return RESULT_WIDTH.get(self.count, 44)

    def index(self, rnd: str) -> int:
        return self.rounds.index(rnd) if rnd else 0

    def last(self) -> int:
        return RESULT_COL + self.count - 1


def columns(ts: TableSet) -> Columns:
    return Columns(tuple(r.label for r in ts.rounds))


def status_cell(cols: Columns, line_index: int, check_index: int, lines: list[Line]) -> str:
    """The status cell of a line's check, absolute (the colouring of value cells reads it)."""
    check = lines[line_index].checks[check_index]
    return xl_rowcol_to_cell(FIRST_LINE + line_index, cols.status + cols.index(check.round), True, True)


def period_names(calendar: Calendar) -> dict[str, str]:
    """The 报送时段 a unit picks, by period code: the notice's own names (上半年, 年中统计 …)."""
    return {p.half: p.name for p in calendar.periods}


def write_sheet(wb, ws, ts: TableSet, lines: list[Line], counts: tuple[str, str, str], period,
                ledgers: bool = True, calendar: Calendar = HALF_YEARS) -> dict:
    """``counts``: formulas of how many value cells are filled, errors and warnings; ``ledgers``:
    whether the notice has ledgers (the check against them is listed); ``calendar``: the notice's
    periods. Returns each line's row: its height and result cells (column, width), for fit_saved."""
    f = formats(wb)
    cols = columns(ts)
    for col, (_, width) in enumerate(LEFT):
        ws.set_column(col, col, width)
    ws.set_column(RESULT_COL, cols.last(), cols.width)
    ws.set_column(cols.status, cols.rule, None, None, {"hidden": True})
    ws.set_column(FILLED_COL, FILLED_COL, None, None, {"hidden": True})
    for i, formula in enumerate(counts):  # filled, errors, warnings: Z1, Z2, Z3
        ws.write_formula(i, FILLED_COL, "=" + formula, None, 0)
    errors, warnings = (xl_rowcol_to_cell(i, FILLED_COL, True, True) for i in (1, 2))
    verdict = (f'=IF({FILLED_CELL}=0,"{SELF_CHECK_TITLE}:表格还没有填写数字。填写后,本页自动显示检查结果。",'
               f'IF({errors}>0,"{SELF_CHECK_TITLE}:未通过,有 "&{errors}&" 项错误(标红),改正后才能报送。"'
               f'&IF({warnings}>0,"另有 "&{warnings}&" 项警告(标黄)。",""),'
               f'IF({warnings}>0,"{SELF_CHECK_TITLE}:可以报送。没有错误,有 "&{warnings}&" 项警告(标黄),请核实。",'
               f'"{SELF_CHECK_TITLE}:全部通过,可以报送。")))')
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, cols.last(), "", f["verdict"])
    ws.write_formula(0, 0, verdict, f["verdict"], "")
    _write_half(ws, ts, f, period, cols.last(), period_names(calendar))
    ws.set_row(2, 34)
    ws.merge_range(2, 0, 2, cols.last(),
                   "本页随填随查,不用另外操作:表格中标红的数字格有错误,必须改正;标黄的是警告,请核实。"
                   f"每项检查一行{',各轮次并列' if ts.rounds else ''},写明是否通过、错在哪里。"
                   "本页由模板自动计算,不能修改,报送时请保留。", f["text"])
    heads = [name for name, _ in LEFT] + ([f"结果({r})" for r in cols.rounds] or ["结果"])
    for col, name in enumerate(heads):
        ws.write_string(FIRST_LINE - 1, col, name, f["head"])
    rows = {FIRST_LINE + i: _write_line(ws, FIRST_LINE + i, i + 1, line, cols, f) for i, line in enumerate(lines)}
    last = FIRST_LINE + len(lines) - 1
    _write_at_merge(ws, last + 2, cols, f, at_merge(ledgers))
    _conditional(ws, last, cols, f)
    ws.freeze_panes(FIRST_LINE, 0)
    page_setup(ws, ts.title(period.year if period else None), repeat_rows=(FIRST_LINE - 1, FIRST_LINE - 1))
    ws.protect("", {"format_columns": True, "format_rows": True})
    return rows


def fit_saved(ws, rows: dict) -> None:
    """Rows made taller where the saved result (the values as written, a return file's) needs more
    than the room kept for a failure: every unit's typed mistake is readable in print."""
    for row, height in saved_heights(rows, lambda r, c: ws.table[r][c].value).items():
        if height > rows[row][0]:
            ws.set_row(row, height)


def saved_heights(rows: dict, saved) -> dict:
    """Each line's height with its saved results (``saved(row, column)``) in it."""
    out = {}
    for row, (height, cells) in rows.items():
        needed = max((_height(str(saved(row, col)), width) for col, width in cells), default=height)
        out[row] = max(needed, height)
    return out


def _write_at_merge(ws, row: int, cols: Columns, f, checks: tuple[str, ...]) -> None:
    ws.merge_range(row, 0, row, cols.last(), "以下内容在各单位报送后、汇总时检查(本页无法检查):", f["text"])
    for i, what in enumerate(checks, start=1):
        ws.write_number(row + i, 0, i, f["cell"])
        ws.merge_range(row + i, 1, row + i, 3, what, f["left"])
        ws.write_string(row + i, 4, "", f["cell"])
        if cols.last() > RESULT_COL:
            ws.merge_range(row + i, RESULT_COL, row + i, cols.last(), "汇总时检查", f["left"])
        else:  # one result column (a table set without rounds): one cell cannot be merged
            ws.write_string(row + i, RESULT_COL, "汇总时检查", f["left"])


def _conditional(ws, last: int, cols: Columns, f) -> None:
    for i in range(cols.count):
        result = f"{xl_col_to_name(RESULT_COL + i)}{FIRST_LINE + 1}:{xl_col_to_name(RESULT_COL + i)}{last + 1}"
        status = f"${xl_col_to_name(cols.status + i)}{FIRST_LINE + 1}"
        for code, fmt in ((fx.FAIL, f["bad"]), (fx.WARN, f["warn"]), (fx.PASS, f["good"])):
            ws.conditional_format(result, {"type": "formula", "criteria": f"={status}={code}", "format": fmt})
        ws.conditional_format(result, {"type": "formula", "criteria": f"=AND({status}<0,{status}>{NOT_FILLED})",
                                        "format": f["grey"]})


def _write_half(ws, ts: TableSet, f, period: Period | None, last: int, names: dict[str, str]) -> None:
    """The 报送时段 the unit picks, among the notice's periods (``names``, by code): which rounds
    the coverage rules look at (a table set whose rounds all fall in one period, or that has
    none, has nothing to pick)."""
    ws.merge_range(1, 0, 1, 1, "报送时段:", f["label"])
    if len({r.half for r in ts.rounds}) < 2:
        ws.write_string(1, 2, period.zh if period else "", f["text"])
        apart = f"本表不分{'、'.join(names.values())}" if len(names) > 1 else f"本通知只有{''.join(names.values())}一期"
        ws.merge_range(1, 3, 1, last, f"{apart},每项检查都随填随查。", f["text"])
        return
    picked = names[period.half] if period else ""
    ws.write_string(1, 2, picked, f["input"])
    ws.data_validation(1, 2, 1, 2, {"validate": "list", "source": list(names.values()),
                                    "input_title": "报送时段", "input_message": f"请选择{'或'.join(names.values())}。"})
    first = [r.label for r in ts.rounds if r.half == ts.rounds[0].half]
    later = [name for half, name in names.items() if half > ts.rounds[0].half]
    ws.merge_range(1, 3, 1, last,
                   f"选“{names[ts.rounds[0].half]}”只查{'、'.join(first)}是否全覆盖;"
                   f"选“{'”或“'.join(later)}”或不选,{'、'.join(r.label for r in ts.rounds)}都查。", f["text"])


def _write_line(ws, row: int, number: int, line: Line, cols: Columns, f) -> tuple[float, list]:
    ws.write_number(row, 0, number, f["cell"])
    category = line.category or ("全部类别" if line.table and line.rule else "")
    for col, text in enumerate((line.table, category, line.what, SEVERITY_ZH.get(line.severity, "错误/警告")), start=1):
        ws.write_string(row, col, text, f["left"] if col in (2, 3) else f["cell"])
    heights = [_height(category, LEFT[2][1]), _height(line.what, LEFT[3][1])]
    cells = []
    for check in line.checks:
        col = RESULT_COL + cols.index(check.round)
        span = cols.count if not check.round else 1
        if span > 1:
            ws.merge_range(row, col, row, col + span - 1, "", f["left"])
        h = xl_rowcol_to_cell(row, cols.status + cols.index(check.round), col_abs=True)
        verdict = (f'=IF({h}={NOT_FILLED},"",IF({h}={fx.PASS},"通过",IF({h}={fx.NOT_DUE},"本期不检查",'
                   f'IF({h}={fx.INCOMPLETE},"有数字填写有误,暂不检查",IF({h}={fx.NOT_COMPUTABLE},'
                   f'"无法计算,请检查数字",{check.message})))))')
        ws.write_formula(row, col, verdict, f["left"], "")
        ws.write_formula(row, cols.status + cols.index(check.round), check.status, None, "")
        heights.append(_height(check.longest, cols.width * span))
        cells.append((col, cols.width * span))
    for i in range(cols.count):  # a round the rule is not made in
        if not any(cols.index(c.round) == i or not c.round for c in line.checks):
            ws.write_string(row, RESULT_COL + i, "—", f["cell"])
    ws.set_row(row, max(heights))
    ws.write_string(row, cols.rule, line.rule)
    return max(heights), cells


def formats(wb) -> dict:
    base = {"font_name": "宋体", "font_size": 10.5, "valign": "vcenter"}
    cell = dict(base, border=1, align="center", text_wrap=True)
    return {
        "verdict": wb.add_format(dict(base, bold=True, font_size=14)),
        "label": wb.add_format(dict(base, align="right")),
        "input": wb.add_format(dict(base, locked=False, border=1, bg_color="#FFFFFF", align="center")),
        "text": wb.add_format(dict(base, text_wrap=True, valign="top")),
        "head": wb.add_format(dict(cell, bold=True, bg_color="#DDEBF7")),
        "cell": wb.add_format(cell),
        "left": wb.add_format(dict(cell, align="left")),
        "bad": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        "warn": wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
        "good": wb.add_format({"font_color": "#006100"}),
        "grey": wb.add_format({"font_color": "#808080"}),
    }
