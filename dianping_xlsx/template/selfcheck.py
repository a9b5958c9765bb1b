"""The 自查 sheet: the table set's checks as formulas in the template and every return file.

A unit that fills the tables in Excel, WPS or LibreOffice sees, without any program of ours,
a cell turn red (error) or yellow (warning) the moment a figure breaks a rule, and on the 自查
sheet each rule once per category, its rounds side by side, with its verdict: 通过, or the
sentence ``dianping check`` prints, its numbers filled in by the formula (selfcheck_lines.py,
selfcheck_sheet.py). The first line says whether the workbook is ready to send, counting errors
and warnings as check counts them. Every formula is saved with the value it computes (evaluate.py).

The formulas live on two sheets: 自查 (what the unit reads) and 自查计算 (hidden: each input
cell read as text.parse_count reads it, in the same row as on its table sheet so that one
conditional format per table colours every cell). The reader skips both (read/grids.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from ..definitions import Key, TableSet
from ..model import HALF_YEARS, SELF_CHECK_HELPER, SELF_CHECK_SHEET, Calendar, Period
from ..text import label_unit
from ..problems import RULE_PREFIX
from . import formulas as fx
from .evalparse import compile_formula, forget
from .evaluate import Memo, Program, fill_results, saved_value
from .layout import KnownFunctions
from .selfcheck_frame import Frame, frame_of, framed_sheet
from .selfcheck_lines import Line, build_lines
from .selfcheck_sheet import (FIRST_LINE, columns, fit_saved, formats, period_names, saved_heights, status_cell,
                              write_sheet)

HELPER_AREAS = ("S", "T", "U", "Q", "V", "P", "R", "G", "M", "F")  # see formulas.cell_formulas
HALF_CELL = "$C$2"  # the 报送时段 the unit picks (one of the notice's periods)
# The placeholder every formula is written with; evaluate.fill_results replaces it with the value
# the formula computes before the file is saved. (A wrong saved value is what LibreOffice shows: it
# does not recalculate on opening; a saved 0 once showed a return file's faults as 通过.)
NO_RESULT = ""
_TEXTS = re.compile(r'"(?:[^"]|"")*"')  # a formula's texts (a message may name 附件1!C7)


def seen_live(code: str) -> bool:
    """Whether the 自查 sheet finds a problem of this kind in the workbook as it stands (and
    colours its cell while it lasts): a value that is not a count, a declared rule, a second-round
    figure in a first-half report, a table left blank beside a filled one. Others (a formula without a saved value, a ledger, the roster)
    it cannot see."""
    return (code in fx.Q_KINDS.values()
            or code in ("value.date", "value.implausible", "period.second-round-early", "table.blank")
            or code.startswith(RULE_PREFIX))


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

    def unit_at(self, i: int) -> tuple[int, int]:
        """The i-th 填报单位 cell's kind (formulas.unit_kind): a row each, in the column after the bands."""
        return i, 1 + len(self.index) * len(HELPER_AREAS) * self.width

    def unit_ref(self, i: int) -> str:
        return xl_rowcol_to_cell(*self.unit_at(i), True, True)


@dataclass
class _Plan:
    helper_cells: list[tuple[int, int, str, object]]  # 自查计算: (row, column, formula, cached value)
    lines: list[Line]  # 自查's checked lines
    counts: tuple[str, str, str]  # formulas: value cells filled, errors, warnings
    memo: Memo  # the helpers that read their input cell alone, their results kept across units
    helper: _Helper  # where each input cell's helpers go
    formulas: dict[tuple[str, int, int], str] = field(default_factory=dict)  # 自查计算's, for evaluate
    # kept from the first file (selfcheck_frame.py): the two sheets as xlsxwriter wrote them, the
    # 自查 lines' rows (height, result cells), its texts in the order written, its conditional styles
    sheet_frame: Frame | None = None
    helper_frame: Frame | None = None
    rows: dict = field(default_factory=dict)
    strings: list[str] = field(default_factory=list)
    dxf: list[str] = field(default_factory=list)
    program: Program | None = None  # the frames' formulas, for _Refill

    def framed(self) -> bool:
        return self.sheet_frame is not None and self.helper_frame is not None


def write_self_check(wb: xlsxwriter.Workbook, ts: TableSet, places: dict[Key, str],
                     unit_cells: list[str], period: Period | None = None, ledgers: bool = True,
                     calendar: Calendar | None = None, ceiling: bool = True) -> None:
    """The 自查 and 自查计算 sheets, and the colouring of the table sheets' value cells.
    ``places``: each input's A1 on its table sheet; ``unit_cells``: the 填报单位 cells; ``ledgers``:
    whether the notice has ledgers (自查 lists the check against them, made at merge);
    ``calendar``: the notice's periods, whose names the 报送时段 offers (else the period's);
    ``ceiling``: whether a value above its row's ``most`` is an error (a unit's file; not a lower
    office's summary sent back)."""
    calendar = calendar or (period.calendar if period else HALF_YEARS)
    plan = _plan(ts, places, unit_cells, period, ledgers, calendar, ceiling)
    sheet = wb.add_worksheet(SELF_CHECK_SHEET, worksheet_class=_Framed)
    hidden = wb.add_worksheet(SELF_CHECK_HELPER, worksheet_class=_Framed)
    # a plan's first file: xlsxwriter writes every cell, and the frames are kept; later ones are
    # framed (a workbook whose earlier sheets have conditional formats is written plainly)
    framed = _Refill(wb, plan) if plan.framed() and not wb.dxf_format_indices else None
    rows = _write_cells(wb, ts, plan, sheet, hidden, period, ledgers, calendar) if framed is None else plan.rows
    _colour_tables(wb, ts, plan.helper)
    if framed is not None:
        framed.fill(sheet, hidden)
    else:
        fill_results(wb, (SELF_CHECK_SHEET, SELF_CHECK_HELPER), plan.memo, plan.formulas)
        fit_saved(sheet, rows)
    hidden.hide()
    hidden.protect("")


_Framed = framed_sheet(KnownFunctions)


def _write_cells(wb, ts: TableSet, plan: _Plan, sheet, hidden, period, ledgers: bool, calendar: Calendar) -> dict:
    """Both sheets cell by cell; the first time, what a frame needs is kept (from a workbook whose
    conditional formats 自查's are the first of, as in every file of ours). Returns the 自查 lines'
    rows (write_sheet's)."""
    first = not plan.rows and not wb.dxf_format_indices
    for row, col, formula, cached in plan.helper_cells:
        hidden.write_formula(row, col, formula, None, cached)
    rows, strings = _entering(wb, lambda: write_sheet(wb, sheet, ts, plan.lines, plan.counts, period, ledgers,
                                                                 calendar))
    if not first:
        return rows
    plan.rows, plan.strings = rows, strings
    plan.dxf = [f._get_format_key() for f in sorted((f for f in wb.formats if f.dxf_index is not None),
                                                    key=lambda f: f.dxf_index)]
    sheet.keep = lambda ws, xml: setattr(plan, "sheet_frame", frame_of(ws, xml, plan.rows))
    hidden.keep = lambda ws, xml: setattr(plan, "helper_frame", frame_of(ws, xml, {}))
    return rows


def _entering(wb, write):
    """What ``write()`` returns, and the texts it entered into the shared strings, in order (a
    later file enters them again)."""
    table, texts = wb.str_table, []
    enter = type(table)._get_shared_string_index

    def entered(text):
        texts.append(text)
        return enter(table, text)

    table._get_shared_string_index = entered
    try:
        return write(), texts
    finally:
        del table._get_shared_string_index


class _Refill:
    """A later file of a plan: what the 自查 sheet does to the workbook done again (its texts
    entered into the shared strings, its conditional formats' styles registered), then both
    sheets written from their frames with this file's results."""

    def __init__(self, wb, plan: _Plan):
        self.wb, self.plan = wb, plan
        _enter_all(wb.str_table, plan.strings)
        self.styles = {f._get_format_key(): f for f in formats(wb).values()}
        if [self.styles[key]._get_dxf_index() for key in plan.dxf] != list(range(len(plan.dxf))):
            raise ValueError("self-check frame: the conditional formats' styles are not the first file's")

    def fill(self, sheet, hidden) -> None:
        plan = self.plan
        frames = ((SELF_CHECK_SHEET, plan.sheet_frame), (SELF_CHECK_HELPER, plan.helper_frame))
        if plan.program is None:  # the frames' formulas and other cells, as evaluate takes them
            plan.program = Program({(name, *at): f for name, frame in frames for at, f in frame.formulas.items()},
                                   {(name, *at): v for name, frame in frames for at, v in frame.fixed.items()},
                                   (SELF_CHECK_SHEET, SELF_CHECK_HELPER), plan.memo)
            if plan.program.ordered:  # those not the memo's are run bound (a Book compiles them again)
                forget((at[0], f) for at, f in plan.program.formulas.items() if at not in plan.memo.cells)
        results = list(map(saved_value, plan.program.results(self.wb)))
        shown = dict(zip(plan.sheet_frame.formulas, results))  # 自查's
        heights = saved_heights(plan.rows, lambda r, c: shown[(r, c)])
        saved = (results[:len(shown)], results[len(shown):])
        strings = self.wb.str_table.string_table
        for ws, (_, frame), values in zip((sheet, hidden), frames, saved):
            ws.use(frame, lambda frame=frame, values=values: frame.render(values, self.styles, strings, heights))


def _enter_all(table, texts: list) -> None:
    """``table._get_shared_string_index(text)`` for each text in turn, done at once: the new
    ones numbered in the order they come, every one counted."""
    index = table.string_table
    new = [text for text in dict.fromkeys(texts) if text not in index]
    index.update(zip(new, range(table.unique_count, table.unique_count + len(new))))
    table.unique_count += len(new)
    table.count += len(texts)


_PLANS: dict[tuple, _Plan] = {}  # the same formulas for every unit's template: made once


def _plan(ts: TableSet, places: dict[Key, str], unit_cells: list[str], period: Period | None,
          ledgers: bool, calendar: Calendar, ceiling: bool = True) -> _Plan:
    """Every formula of the two sheets, made once per table set, layout and period (a roster's
    130 templates differ in their 填报单位 only: the formulas were 70% of writing each)."""
    names = period_names(calendar)
    key = (ts.fingerprint, tuple(places.items()), tuple(unit_cells), str(period), ledgers, tuple(names.items()),
           ceiling)
    if key in _PLANS:
        return _PLANS[key]
    helper = _Helper(ts, places)
    half = f"'{SELF_CHECK_SHEET}'!{HALF_CELL}"
    ceilings = ts.ceilings if ceiling else {}
    own = {k: _cell(ts, helper, k, half, period, names, ceilings.get(k)) for k in places}
    cells = [c for k in places for c in own[k]]
    value = lambda k: helper.ref(k, "V") if k in places else None  # noqa: E731
    filled_in = lambda t: f"COUNTIF('{SELF_CHECK_HELPER}'!{_band_range(helper, t, 'Q')},\">0\")"  # noqa: E731
    cells += [(*helper.unit_at(i), fx.unit_kind(c), NO_RESULT) for i, c in enumerate(unit_cells)]
    kinds = f"'{SELF_CHECK_HELPER}'!{helper.unit_ref(0)}:{helper.unit_ref(len(unit_cells) - 1)}"
    lines, about = build_lines(ts, places, value, helper.ref, kinds, half, names, filled_in)
    cols = columns(ts)
    for k in places:  # a cell's colour: its own reading, and every rule line about it
        statuses = [helper.ref(k, "G"), *(f"'{SELF_CHECK_SHEET}'!{status_cell(cols, i, j, lines)}"
                                          for i, j in about.get(k, []))]
        cells.append((*helper.at(k, "F"), f"=MAX({','.join(statuses)})", NO_RESULT))
    if len(_PLANS) > 8:
        _PLANS.clear()
    plan = _PLANS[key] = _Plan(cells, lines, _counts(ts, helper, lines, cols), _memo(helper, own, half), helper,
                               {(SELF_CHECK_HELPER, r, c): f.removeprefix("=") for r, c, f, _ in cells})
    return plan


def unit_kind_of(name: str) -> int:
    """The kind a 填报单位 cell holding ``name`` is of, as its formula computes it (formulas.unit_kind)."""
    return int(compile_formula(fx.unit_kind("'u'!$A$1"), "u").run({("u", 0, 0): name}))


def _memo(helper: _Helper, own: dict[Key, list[tuple]], half: str) -> Memo:
    """The helper cells whose formulas read their own input cell, its other helpers and the
    报送时段 alone (all but F), each with its shape: the formula, those references named."""
    cells = {}
    for key, formulas in own.items():
        row, col = helper.places[key]
        names = {f"'{key.table}'!{xl_rowcol_to_cell(row, col, True, True)}": "\ue000x",
                 half: "\ue000half", **{helper.ref(key, a): f"\ue000{a}" for a in HELPER_AREAS}}
        for r, c, formula, _ in formulas:
            shape = formula
            for ref, name in names.items():
                shape = shape.replace(ref, name)
            if "!" not in _TEXTS.sub("", shape):  # no other cell read
                cells[(SELF_CHECK_HELPER, r, c)] = (shape, (key.table, row, col))
    return Memo(cells)


def _counts(ts: TableSet, helper: _Helper, lines: list[Line], cols) -> tuple[str, str, str]:
    """How many value cells are filled; how many errors and warnings there are, as check counts
    them: each value cell's own (its G helper), each rule line's round."""
    bands = lambda area: [f"'{SELF_CHECK_HELPER}'!{_band_range(helper, t.key, area)}" for t in ts.tables]  # noqa: E731
    last = xl_rowcol_to_cell(FIRST_LINE + len(lines) - 1, cols.status + cols.count - 1, True, True)
    every = f"{xl_rowcol_to_cell(FIRST_LINE, cols.status, True, True)}:{last}"
    cell_lines = [status_cell(cols, i, 0, lines) for i, line in enumerate(lines) if line.table and not line.rule and not line.severity]
    filled = "+".join(f'COUNTIF({b},">0")' for b in bands("Q"))

    def count(code):
        return "+".join([*(f"COUNTIF({b},{code})" for b in bands("G")), f"COUNTIF({every},{code})",
                         *(f"-COUNTIF({c},{code})" for c in cell_lines)])
    return filled, count(fx.FAIL), count(fx.WARN)


def _cell(ts: TableSet, helper: _Helper, key: Key, half: str, period: Period | None,
          names: dict[str, str], most: int | None = None) -> list[tuple]:
    """The helper formulas of one input cell: (row, column, formula, cached value); ``most``: the
    most a unit can count in it (None: not checked)."""
    row, col = helper.places[key]
    x = f"'{key.table}'!{xl_rowcol_to_cell(row, col, True, True)}"
    h = lambda area: helper.ref(key, area)  # noqa: E731 - a short name for the formulas below
    unit = label_unit(key)
    out = [(*helper.at(key, area), formula, NO_RESULT) for area, formula in fx.cell_formulas(x, h, unit).items()]
    early = None
    if key.round and ts.round_half(key.round) != ts.rounds[0].half:  # a later half's round
        first = names[ts.rounds[0].half]
        below = f",N({h('V')})<={most}" if most else ""  # above it, the value is said as no unit's alone
        condition = f'AND({half}="{first}",N({h("V")})>0{below})'
        year = f"{period.year}年" if period else ""  # as check says it: 本次为2011年上半年报送
        early = (condition, {"period": year + first, "category": key.category, "metric": key.metric,
                             "round": key.round, "later": names[ts.round_half(key.round)]})
    out.append((*helper.at(key, "G"), fx.cell_status(h, early[0] if early else "", most), NO_RESULT))
    where = f"{key.table}!{xl_rowcol_to_cell(row, col)}"
    out.append((*helper.at(key, "M"), fx.cell_message(h, key, where, early, most, unit), NO_RESULT))
    return out


def _band_range(helper: _Helper, table: str, area: str) -> str:
    rows = [r for k, (r, _) in helper.places.items() if k.table == table]
    start = helper.band(table, area)
    return (xl_rowcol_to_cell(min(rows), start, True, True) + ":"
            + xl_rowcol_to_cell(max(rows), start + helper.width - 2, True, True))


def _colour_tables(wb, ts: TableSet, helper: _Helper) -> None:
    """One conditional format per table sheet: a value cell red or yellow as its F helper says."""
    red = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    yellow = wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})
    for table in ts.tables:
        ws = wb.get_worksheet_by_name(table.key)
        cells = [at for k, at in helper.places.items() if k.table == table.key]
        top, left = min(r for r, _ in cells), min(c for _, c in cells)
        bottom, right = max(r for r, _ in cells), max(c for _, c in cells)
        first = xl_rowcol_to_cell(top, helper.band(table.key, "F") + left - helper.first_col)
        for code, fmt in ((fx.FAIL, red), (fx.WARN, yellow)):
            ws.conditional_format(top, left, bottom, right, {
                "type": "formula", "criteria": f"='{SELF_CHECK_HELPER}'!{first}={code}", "format": fmt})
