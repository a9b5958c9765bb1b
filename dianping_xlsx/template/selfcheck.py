"""The 自查 sheet: the table set's checks as formulas in the template and every return file.

A unit that fills the tables in Excel, WPS or LibreOffice sees, without any program of ours,
a cell turn red (error) or yellow (warning) the moment a figure breaks a rule, and on the 自查
sheet each rule once per category and round with its verdict: 通过, or the sentence
``dianping check`` prints, its numbers filled in by the formula. The first line says whether
the workbook is ready to send.

The formulas live on two sheets: 自查 (what the unit reads) and 自查计算 (hidden: each input
cell read as text.parse_count reads it, in the same row as on its table sheet so that one
conditional format per table colours every cell). The reader skips both (read/grids.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..definitions import Key, TableSet
from ..model import HALF_ZH, SELF_CHECK_HELPER, SELF_CHECK_SHEET, SELF_CHECK_TITLE, Period
from ..problems import RULE_PREFIX, SEVERITY_ZH
from ..text import label_word
from . import formulas as fx
from .evaluate import fill_results
from .layout import row_height

HELPER_AREAS = ("S", "T", "U", "Q", "V", "P", "R", "G", "M", "F")  # see formulas.cell_formulas
HALF_CELL = "$C$2"  # the 报送时段 the unit picks (上半年 / 下半年)
FIRST_LINE = 5  # the first checked line's row (0-based)
# The placeholder every formula is written with; evaluate.fill_results replaces it with the value
# the formula computes before the file is saved. (A wrong saved value is what LibreOffice shows: it
# does not recalculate on opening; a saved 0 once showed a return file's faults as 通过.)
NO_RESULT = ""
# Checks no single workbook can decide: made when the office merges.
AT_MERGE = ("填报单位与单位名册核对", "同一单位重复报送时以最新一份为准", "统计表与台账核对",
            "与上一期汇总比较", "填报时间是否在本期内")
COLUMNS = (("序号", 5), ("表格", 7), ("类别", 22), ("轮次", 7), ("检查内容", 30), ("级别", 9), ("结果", 90))
STATUS_COL, RULE_COL = 7, 8  # hidden: the line's status code, and its rule's id


def seen_live(code: str) -> bool:
    """Whether the 自查 sheet finds a problem of this kind in the workbook as it stands (and
    colours its cell while it lasts): a value that is not a count, a declared rule, a second-round
    figure in a first-half report. Others (a formula without a saved value, a ledger, the roster)
    it cannot see."""
    return (code in fx.Q_KINDS.values() or code in ("value.date", "period.second-round-early")
            or code.startswith(RULE_PREFIX))


@dataclass
class Line:
    table: str
    category: str
    round: str
    what: str
    severity: str  # "error" | "warning"; "" for a category's cells (an unreadable one is an
    # error, a number written as text a warning)
    status: str  # formula of the status code
    message: str  # formula of the failure's sentence
    rule: str = ""
    longest: str = ""  # the longest sentence the line may show, to make its row tall enough


class _KnownFunctions(Worksheet):
    """A sheet whose formulas are ours, made of the functions formulas.py lists: none of them is
    one of Excel's newer functions that xlsxwriter would rename (_xlfn.), so the thirty pattern
    substitutions it runs on every formula to find them (0.3 s a template) are skipped."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


class _Helper:
    """Where an input cell's helper formulas go on 自查计算: the same row as on its table sheet,
    in a band of columns per table and helper area."""

    def __init__(self, ts: TableSet, places: dict[Key, str]):
        self.width = max(len(b) for t in ts.tables for b in t.blocks) + 1
        self.first_col = min(xl_cell_to_rowcol(a)[1] for a in places.values())
        self.index = {t.key: i for i, t in enumerate(ts.tables)}
        self.places = {k: xl_cell_to_rowcol(a) for k, a in places.items()}

    def band(self, table: str, area: str) -> int:
        return 1 + (self.index[table] * len(HELPER_AREAS) + HELPER_AREAS.index(area)) * self.width

    def at(self, key: Key, area: str) -> tuple[int, int]:
        row, col = self.places[key]
        return row, self.band(key.table, area) + col - self.first_col

    def ref(self, key: Key, area: str) -> str:
        row, col = self.at(key, area)
        return f"'{SELF_CHECK_HELPER}'!{xl_rowcol_to_cell(row, col, True, True)}"


def write_self_check(wb: xlsxwriter.Workbook, ts: TableSet, places: dict[Key, str],
                     unit_cells: list[str], period: Period | None = None) -> None:
    """The 自查 and 自查计算 sheets, and the colouring of the table sheets' value cells.
    ``places``: each input's A1 on its table sheet; ``unit_cells``: the 填报单位 cells."""
    helper = _Helper(ts, places)
    plan = _plan(ts, helper, places, unit_cells, period)
    sheet = wb.add_worksheet(SELF_CHECK_SHEET, worksheet_class=_KnownFunctions)
    hidden = wb.add_worksheet(SELF_CHECK_HELPER, worksheet_class=_KnownFunctions)
    for row, col, formula, cached in plan.helper_cells:
        hidden.write_formula(row, col, formula, None, cached)
    _write_sheet(wb, sheet, ts, plan.lines, helper, period)
    _colour_tables(wb, ts, helper, places)
    fill_results(wb, (SELF_CHECK_SHEET, SELF_CHECK_HELPER))
    hidden.hide()
    hidden.protect("")


@dataclass
class _Plan:
    helper_cells: list[tuple[int, int, str, object]]  # 自查计算: (row, column, formula, cached value)
    lines: list[Line]  # 自查's checked lines


_PLANS: dict[tuple, _Plan] = {}  # the same formulas for every unit's template: made once


def _plan(ts: TableSet, helper: _Helper, places: dict[Key, str], unit_cells: list[str],
          period: Period | None) -> _Plan:
    """Every formula of the two sheets, made once per table set, layout and period (a roster's
    130 templates differ in their 填报单位 only: the formulas were 70% of writing each)."""
    key = (ts.fingerprint, tuple(places.items()), tuple(unit_cells), str(period))
    if key in _PLANS:
        return _PLANS[key]
    half = f"'{SELF_CHECK_SHEET}'!{HALF_CELL}"
    cells = [c for k in places for c in _cell(ts, helper, k, half, period)]
    lines, about = _lines(ts, helper, places, unit_cells, half)
    for k in places:  # a cell's colour: its own reading, and every rule line about it
        statuses = [helper.ref(k, "G"), *(f"'{SELF_CHECK_SHEET}'!$H${r + 1}" for r in about.get(k, []))]
        cells.append((*helper.at(k, "F"), f"=MAX({','.join(statuses)})", NO_RESULT))
    if len(_PLANS) > 8:
        _PLANS.clear()
    plan = _PLANS[key] = _Plan(cells, lines)
    return plan


def _cell(ts: TableSet, helper: _Helper, key: Key, half: str, period: Period | None) -> list[tuple]:
    """The helper formulas of one input cell: (row, column, formula, cached value)."""
    row, col = helper.places[key]
    x = f"'{key.table}'!{xl_rowcol_to_cell(row, col, True, True)}"
    h = lambda area: helper.ref(key, area)  # noqa: E731 - a short name for the formulas below
    out = [(*helper.at(key, area), formula, NO_RESULT) for area, formula in fx.cell_formulas(x, h).items()]
    early = None
    if key.round and ts.round_half(key.round) != ts.rounds[0].half:  # a later half's round
        condition = f'AND({half}="{HALF_ZH[ts.rounds[0].half]}",N({h("V")})>0)'
        year = f"{period.year}年" if period else ""  # as check says it: 本次为2011年上半年报送
        early = (condition, {"period": year + HALF_ZH[ts.rounds[0].half], "category": key.category,
                             "metric": key.metric, "round": key.round})
    out.append((*helper.at(key, "G"), fx.cell_status(h, early[0] if early else ""), NO_RESULT))
    where = f"{key.table}!{xl_rowcol_to_cell(row, col)}"
    out.append((*helper.at(key, "M"), fx.cell_message(h, key, where, early), NO_RESULT))
    return out


def _due(ts: TableSet, rule, rnd: str, half: str) -> str:
    """The condition under which a round is checked: always, or (a rule of the rounds due)
    when the 报送时段 picked is blank or reaches the round's half."""
    if not (rule.due_rounds_only and rnd) or ts.round_half(rnd) == min(HALF_ZH):
        return ""
    reached = [zh for h, zh in HALF_ZH.items() if h >= ts.round_half(rnd)]
    return "OR(" + ",".join([f'{half}=""', *(f'{half}="{zh}"' for zh in reached)]) + ")"


def _lines(ts, helper, places, unit_cells, half) -> tuple[list[Line], dict[Key, list[int]]]:
    """Every checked line in order (the unit's name; then table by table, category by category,
    its cells and each rule in it; then the rules over whole tables), and for each input cell
    the rows of the lines that colour it."""
    all_rounds = tuple(r.label for r in ts.rounds)
    tables = ts.tables_by_key
    value = lambda key: helper.ref(key, "V") if key in places else None  # noqa: E731
    per_rule = [(rule, fx.instances(rule, tables, all_rounds, value)) for rule in ts.rules]
    blank = "AND(" + ",".join(f"LEN({c})=0" for c in unit_cells) + ")"
    lines = [Line("", "", "", "填写填报单位", "warning", f"=IF({blank},{fx.WARN},{fx.PASS})",
                  fx.quote(f"未填写“{label_word(ts.unit_label).split('(')[0]}”。请在表头填写单位全称。"))]
    about: dict[Key, list[int]] = {}

    def add(inst):
        lines.append(Line(inst.table, inst.category, inst.round, inst.rule.what, inst.rule.severity,
                          fx.status(inst, _due(ts, inst.rule, inst.round, half)), inst.message, inst.rule.id,
                          _longest(inst.rule.message, inst.category)))
        for key in inst.about:
            about.setdefault(key, []).append(FIRST_LINE + len(lines) - 1)

    for table in ts.tables:
        for category in table.categories:
            keys = [k for k in table.keys() if k.category == category and k in places]
            statuses = ",".join(helper.ref(k, "G") for k in keys)
            lines.append(Line(table.key, category, "", "数字格填写", "", f"=MAX({statuses})",
                              "&".join(helper.ref(k, "M") for k in keys), longest=CELL_MESSAGE * 2))
            for rule, found in per_rule:
                for inst in found:
                    if rule.per_category and inst.table == table.key and inst.category == category:
                        add(inst)
    for rule, found in per_rule:
        if not rule.per_category:
            for inst in found:
                add(inst)
    return lines, about


CELL_MESSAGE = "附件9!C10:" + "字" * 60  # about as long as one cell's message (two are given room)


def _longest(template: str, category: str) -> str:
    """A failure sentence as long as it gets: the category, and six digits for each number."""
    return re.sub(r"\{category\}", category, re.sub(r"\{(?!category)[^}]*\}", "999999", template))


def _write_sheet(wb, ws, ts: TableSet, lines: list[Line], helper: _Helper, period) -> None:
    f = _formats(wb)
    for col, (_, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
    ws.set_column(STATUS_COL, RULE_COL, None, None, {"hidden": True})
    last = FIRST_LINE + len(lines) - 1
    statuses = f"$H${FIRST_LINE + 1}:$H${last + 1}"
    filled = "+".join(f"COUNTIF('{SELF_CHECK_HELPER}'!{_band_range(helper, t.key, 'Q')},\">0\")" for t in ts.tables)
    errors, warnings = f'COUNTIF({statuses},{fx.FAIL})', f'COUNTIF({statuses},{fx.WARN})'
    verdict = (f'=IF({filled}=0,"{SELF_CHECK_TITLE}:表格还没有填写数字。填写后,本页自动显示检查结果。",'
               f'IF({errors}>0,"{SELF_CHECK_TITLE}:未通过,有 "&{errors}&" 项错误(标红),改正后才能报送。"'
               f'&IF({warnings}>0,"另有 "&{warnings}&" 项警告(标黄)。",""),'
               f'IF({warnings}>0,"{SELF_CHECK_TITLE}:可以报送。没有错误,有 "&{warnings}&" 项警告(标黄),请核实。",'
               f'"{SELF_CHECK_TITLE}:全部通过,可以报送。")))')
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, len(COLUMNS) - 1, "", f["verdict"])
    ws.write_formula(0, 0, verdict, f["verdict"], NO_RESULT)
    _write_half(ws, ts, f, period)
    ws.set_row(2, 48)
    ws.merge_range(2, 0, 2, len(COLUMNS) - 1,
                   "本页随填随查,不用另外操作:表格中标红的数字格有错误,必须改正;标黄的是警告,请核实。"
                   "“结果”一栏写明每项检查是否通过、错在哪里。本页由模板自动计算,不能修改,报送时请保留。", f["text"])
    for col, (name, _) in enumerate(COLUMNS):
        ws.write_string(FIRST_LINE - 1, col, name, f["head"])
    for i, line in enumerate(lines):
        _write_line(ws, FIRST_LINE + i, i + 1, line, f)
    end = last + 2
    ws.write_string(end, 0, "以下内容在各单位报送后、汇总时检查(本页无法检查):", f["text"])
    for i, what in enumerate(AT_MERGE, start=1):
        ws.write_number(end + i, 0, i, f["cell"])
        ws.merge_range(end + i, 1, end + i, 4, what, f["left"])
        ws.write_string(end + i, 5, "", f["cell"])
        ws.write_string(end + i, 6, "汇总时检查", f["left"])
    result = f"G{FIRST_LINE + 1}:G{last + 1}"
    for code, fmt in ((fx.FAIL, f["bad"]), (fx.WARN, f["warn"]), (fx.PASS, f["good"])):
        ws.conditional_format(result, {"type": "formula", "criteria": f"=$H{FIRST_LINE + 1}={code}", "format": fmt})
    ws.conditional_format(result, {"type": "formula", "criteria": f"=$H{FIRST_LINE + 1}<0", "format": f["grey"]})
    ws.freeze_panes(FIRST_LINE, 0)
    ws.autofilter(FIRST_LINE - 1, 0, last, len(COLUMNS) - 1)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(FIRST_LINE - 1)
    ws.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})


def _write_half(ws, ts: TableSet, f, period: Period | None) -> None:
    """The 报送时段 the unit picks: which rounds the coverage rules look at (a table set whose
    rounds all fall in one period, or that has none, has nothing to pick)."""
    ws.merge_range(1, 0, 1, 1, "报送时段:", f["label"])
    if len({r.half for r in ts.rounds}) < 2:
        ws.write_string(1, 2, period.zh if period else "", f["text"])
        ws.merge_range(1, 3, 1, len(COLUMNS) - 1, "本表不分上下半年,每项检查都随填随查。", f["text"])
        return
    picked = HALF_ZH[period.half] if period else ""
    ws.write_string(1, 2, picked, f["input"])
    ws.data_validation(1, 2, 1, 2, {"validate": "list", "source": list(HALF_ZH.values()),
                                    "input_title": "报送时段", "input_message": "请选择上半年或下半年。"})
    first = [r.label for r in ts.rounds if r.half == ts.rounds[0].half]
    ws.merge_range(1, 3, 1, len(COLUMNS) - 1,
                   f"选“{HALF_ZH[ts.rounds[0].half]}”只查{'、'.join(first)}是否全覆盖;"
                   f"选“{HALF_ZH['H2']}”或不选,{'、'.join(r.label for r in ts.rounds)}都查。", f["text"])


def _write_line(ws, row: int, number: int, line: Line, f) -> None:
    ws.write_number(row, 0, number, f["cell"])
    for col, text in enumerate((line.table, line.category or ("全部类别" if line.table else ""), line.round,
                                line.what, SEVERITY_ZH.get(line.severity, "错误/警告")), start=1):
        ws.write_string(row, col, text, f["left"] if col in (2, 4) else f["cell"])
    h = f"$H${row + 1}"
    verdict = (f'=IF({h}={fx.PASS},"通过",IF({h}={fx.NOT_DUE},"本期不检查",IF({h}={fx.INCOMPLETE},'
               f'"有数字填写有误,暂不检查",IF({h}={fx.NOT_COMPUTABLE},"无法计算,请检查数字",{line.message}))))')
    ws.write_formula(row, 6, verdict, f["left"], NO_RESULT)
    texts = {2: line.category, 4: line.what, 6: line.longest}
    ws.set_row(row, max(row_height(text, COLUMNS[col][1]) for col, text in texts.items()))
    ws.write_formula(row, STATUS_COL, line.status, None, NO_RESULT)
    ws.write_string(row, RULE_COL, line.rule)


def _band_range(helper: _Helper, table: str, area: str) -> str:
    rows = [r for k, (r, _) in helper.places.items() if k.table == table]
    start = helper.band(table, area)
    return (xl_rowcol_to_cell(min(rows), start, True, True) + ":"
            + xl_rowcol_to_cell(max(rows), start + helper.width - 2, True, True))


def _colour_tables(wb, ts: TableSet, helper: _Helper, places) -> None:
    """One conditional format per table sheet: a value cell red or yellow as its F helper says."""
    red = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    yellow = wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})
    for table in ts.tables:
        ws = wb.get_worksheet_by_name(table.key)
        cells = [xl_cell_to_rowcol(a) for k, a in places.items() if k.table == table.key]
        top, left = min(r for r, _ in cells), min(c for _, c in cells)
        bottom, right = max(r for r, _ in cells), max(c for _, c in cells)
        first = xl_rowcol_to_cell(top, helper.band(table.key, "F") + left - helper.first_col)
        for code, fmt in ((fx.FAIL, red), (fx.WARN, yellow)):
            ws.conditional_format(top, left, bottom, right, {
                "type": "formula", "criteria": f"='{SELF_CHECK_HELPER}'!{first}={code}", "format": fmt})


def _formats(wb) -> dict:
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
