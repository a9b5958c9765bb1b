"""The summary's problem sheets: 审核问题 (what a person reads) and 问题明细 (every problem, one
row each, for filtering and scripts).

问题明细 is the big one (ten problems a file: 120,000 rows at 10,000 files): its rows are
spliced in as XML (report/bulk.py), each as tall as its longest wrapped text, measured once per
text of a column (a unit's name, its file, a sheet, a code repeat on every row of the unit).
"""

from __future__ import annotations

from itertools import islice

from ..merge.result import MergeResult
from ..merge.summary import Summary
from ..model import STATUS_ZH, SUPERSEDED
from ..problemplaces import cut_places
from ..problems import ERROR, INFO, SEVERITY_ZH, WARNING, ByUnit
from ..template.layout import page_setup, row_height
from .bulk import ROW, flush_above, write_rows

PROBLEMS_SHEET, PROBLEM_LIST_SHEET = "审核问题", "问题明细"
MESSAGE_WIDTH = 80
LIST_FONT = 9  # 问题明细's rows: a list for filtering, compact when printed
PROBLEM_WIDTHS = (22, 24, 6, 16, 6, 30, 60, 18)  # 审核问题's columns (the overview sits on them)
PLACES_COL = 5
LIST_WIDTHS = (26, 26, 8, 8, 8, MESSAGE_WIDTH, 22, 9)  # 问题明细's columns
LIST_HEADINGS = ("单位", "文件", "工作表", "单元格", "级别", "问题说明", "代码", "文件状态")


def problems_headline(summary: Summary) -> str:
    """共 N 个单位报送:M 个报表无问题,Y 个报表有警告,X 个有错误 (a part that counts none left out),
    counted as 情况通报 counts them (merge/reporting.unit_outcomes); then what is not of the reports,
    each apart: the units that did not send a material the notice asks for, the units late.
    With a roster the N are its units; the units off it are said apart, and that the overview's
    涉及单位 count them too (their files were read and checked, not summed)."""
    parts = [(summary.clean_units, "报表无问题"), (summary.warned_units, "报表有警告(已采用)"),
             (summary.rejected_units, "有错误(已退回)"), (summary.untabled_units, "只报送了评议结果")]
    said = ",".join(f"{n} 个{what}" for n, what in parts if n) or "没有问题"
    said += "".join(f";{n} 个单位{what}" for n, what in _apart(summary) if n)
    off = summary.off_roster_units
    if not off:
        return f"共 {summary.reporting_units} 个单位报送:{said}。"
    head = f"名册中共 {summary.reporting_units} 个单位报送:{said}" if summary.reporting_units else "名册中的单位都没有报送"
    return (f"{head};另有名册外单位 {len(off)} 个,文件未计入汇总(见“名册外单位”表)。"
            f"下面问题概览的“涉及单位”包括这 {len(off)} 个名册外单位。")


def _apart(summary: Summary) -> list[tuple[int, str]]:
    """What the headline says apart from the reports' outcome: units without a material, units late."""
    materials = "、".join(summary.lacking)
    return [(len(summary.lacking_units), f"缺少报送材料({materials})"), (len(summary.late_units), "逾期报送")]


def problems_sheet(wb, st, summary: Summary) -> None:
    """What a person reads: each kind of problem once (level, units, places, what to do), then
    per unit one line per kind of error and warning with its cells listed together (a list wider
    than its column says where it starts and how many; every cell is in 问题明细); notes ask
    nothing of anyone: counted in the overview only."""
    ws = wb.add_worksheet(PROBLEMS_SHEET)
    ws.write_string(0, 0, problems_headline(summary), st.heading)
    ws.write_string(1, 0, "问题概览(每种问题一行;错误的文件已退回,警告和提示的文件已采用)", st.plain)
    row = _table(ws, st, 2, ["问题", "怎么处理", "级别", "涉及单位", "处数", "代码"],
                 [[k.title, k.advice, SEVERITY_ZH[k.severity], k.units, k.count, k.code] for k in summary.kinds],
                 bad_when=lambda r: r[2] == SEVERITY_ZH[ERROR])
    ws.write_string(row + 1, 0, "各单位的错误和警告(同一种问题的单元格列在一起;提示无需处理,只在上面计数;"
                                "逐条明细见“问题明细”表)", st.plain)
    top = row + 2
    for j, h in enumerate(["单位", "文件", "级别", "问题", "处数", "位置", "说明", "代码"]):
        ws.write_string(top, j, h, st.th)
    _unit_table(wb, ws, st, top + 1, summary)
    for col, width in enumerate(PROBLEM_WIDTHS):
        ws.set_column(col, col, width)
    # the units' table heading on every printed page (the overview above it is on the first)
    page_setup(ws, f"{summary.period_zh} {PROBLEMS_SHEET}", repeat_rows=(row + 2, row + 2))


def _table(ws, st, top: int, headings: list[str], rows: list[list], bad_when=None) -> int:
    """A header row and its rows from ``top`` on 审核问题's columns, each row as tall as its
    longest wrapped text in any column; returns the next free row."""
    for j, h in enumerate(headings):
        ws.write_string(top, j, h, st.th)
    for i, values in enumerate(rows, start=top + 1):
        fmt = st.bad if bad_when and bad_when(values) else st.td
        for j, value in enumerate(values):
            if isinstance(value, int):
                ws.write_number(i, j, value, st.num)
            else:
                ws.write_string(i, j, value, fmt)
        ws.set_row(i, max(row_height(v, w) for v, w in zip(values, PROBLEM_WIDTHS) if isinstance(v, str)))
    return top + len(rows) + 2


def _unit_table(wb, ws, st, first: int, summary: Summary) -> None:
    """审核问题's per-unit table from row ``first``: one row for each unit's kind of error and
    warning (as many as the kinds' units), all but the last spliced and made when the workbook is
    closed (summary.unit_kinds is made each time it is read), the last written by xlsxwriter, as
    bulk.spliced_list writes a list it holds. The rows' styles were numbered by the overview above
    (a unit's kind of error or warning is one of its rows), so the splice numbers none anew."""
    levels = {ERROR: 0, WARNING: 0}
    for k in summary.kinds:
        if k.severity in levels:
            levels[k.severity] += k.units
    count = sum(levels.values())
    if not count:
        return
    flush_above(ws, first)
    used = [_unit_styles(st, level == ERROR) for level, n in levels.items() if n]
    rows = islice(_unit_rows(st, _unit_lines(_without_notes(summary.unit_kinds))), count - 1)
    wb.bulk.rows(ws, first, count - 1, len(PROBLEM_WIDTHS), rows, used, exact_text=True)
    last = summary.unit_kinds.last(lambda u: u.severity != INFO)
    write_rows(ws, first + count - 1, _unit_rows(st, _unit_lines([last])), exact_text=True)


def _without_notes(unit_kinds):
    """The unit kinds but notes: those of UnitKinds never made (a list's as they are, _unit_lines skips them)."""
    without = getattr(unit_kinds, "without", None)
    return unit_kinds if without is None else without(INFO)


def _unit_lines(unit_kinds):
    """The per-unit table's cells, of each unit kind but notes (places cut to their column)."""
    width = PROBLEM_WIDTHS[PLACES_COL]
    for u in unit_kinds:
        if u.severity != INFO:
            yield [u.unit, u.files, SEVERITY_ZH[u.severity], u.title, u.count,
                   cut_places(u.places.split("、"), u.count, width) if u.places else "", u.message, u.code]


def _unit_styles(st, bad: bool) -> tuple:
    """A per-unit row's styles (its count a number, its other cells texts), red where an error."""
    text = st.bad if bad else st.td
    return (text,) * 4 + (st.num,) + (text,) * 3


def _unit_rows(st, lines):
    """审核问题's per-unit table as rows (cells, styles, height): as _table writes them, each
    text's height measured once per column while it is among the last HEIGHTS_KEPT (a unit's
    name, a level, a title repeat; its places and sentence are mostly its own)."""
    styles = {True: _unit_styles(st, True), False: _unit_styles(st, False)}
    seen: list[dict[str, float]] = [{} for _ in PROBLEM_WIDTHS]
    for values in lines:
        tallest = None
        for j, (v, width) in enumerate(zip(values, PROBLEM_WIDTHS)):
            if isinstance(v, str):
                if (h := seen[j].get(v)) is None:
                    if len(seen[j]) >= HEIGHTS_KEPT:
                        seen[j].clear()
                    h = seen[j][v] = row_height(v, width)
                if tallest is None or h > tallest:
                    tallest = h
        yield values, styles[values[2] == SEVERITY_ZH[ERROR]], tallest


HEIGHTS_KEPT = 4_096


def problem_list_sheet(wb, st, result: MergeResult, summary: Summary) -> None:
    """Every problem, one row each, grouped by unit, errors first: for filtering and scripts."""
    ws = wb.add_worksheet(PROBLEM_LIST_SHEET)
    ws.write_string(0, 0, problems_headline(summary), st.heading)
    for j, h in enumerate(LIST_HEADINGS):
        ws.write_string(2, j, h, st.th)
    groups = ByUnit(e.problems for e in result.entries)  # a unit's problems sorted when reached
    count = groups.count
    bad, plain = (st.list_bad,) * len(LIST_HEADINGS), (st.list_td,) * len(LIST_HEADINGS)
    status = {e.name: e.status for e in result.entries}
    if count:  # all rows but the last spliced, the last written by xlsxwriter (see bulk.spliced_list)
        used = _used(islice(_styles(groups, status, bad, plain), count - 1), 2)
        rows = islice(_list_rows(groups, status, bad, plain), count - 1)  # made when the workbook is closed
        pieces = _list_pieces(groups, status, bad, plain, count - 1)  # … as XML pieces, when spliced
        flush_above(ws, 3)
        wb.bulk.rows(ws, 3, count - 1, len(LIST_HEADINGS), rows, used, exact_text=True, pieces=pieces)
        last = [groups.problems(groups.units[-1])[-1:]]
        write_rows(ws, 2 + count, _list_rows(last, status, bad, plain), exact_text=True)
    row = 3 + count
    for j, width in enumerate(LIST_WIDTHS):
        ws.set_column(j, j, width)
    ws.freeze_panes(3, 0)
    ws.autofilter(2, 0, max(3, row - 1), len(LIST_HEADINGS) - 1)
    page_setup(ws, f"{summary.period_zh} {PROBLEM_LIST_SHEET}", repeat_rows=(2, 2))


def _styles(groups, status: dict, bad: tuple, plain: tuple):
    """(styles, problem) of each row (``groups``: each unit's problems, sorted): a superseded
    file's problems stay listed, marked so, never red (they count nowhere)."""
    for problems in groups:
        for p in problems:
            yield bad if p.severity == ERROR and status.get(p.file) != SUPERSEDED else plain, p


def _used(styles_and_problems, kinds: int) -> dict:
    """The styles of the rows, in the order first used (as dict.fromkeys of them all), read no
    further than where all ``kinds`` have been met."""
    used: dict = {}
    for style, _ in styles_and_problems:
        if style not in used:
            used[style] = None
            if len(used) == kinds:
                break
    return used


def _list_rows(groups, status: dict, bad: tuple, plain: tuple):
    """问题明细's rows: (cells, styles, height), of ``groups`` (each unit's problems, sorted)."""
    heights = ListHeights()
    message, row, state_of, word = heights.message, heights.row, status.get, STATUS_ZH.get
    for problems in groups:
        for p in problems:  # as _styles: a superseded file's problems never red
            state = state_of(p.file, "")
            text, tallest = message(p)
            cells = (p.unit, p.file, p.sheet, p.cell, SEVERITY_ZH[p.severity], text, p.code, word(state, ""))
            yield cells, bad if p.severity == ERROR and state != SUPERSEDED else plain, row(cells, tallest)


def _list_pieces(groups, status: dict, bad: tuple, plain: tuple, count: int):
    """_list_rows' first ``count`` rows as XML pieces (bulk.RowKind): the pieces of a unit's file
    made once while its rows go on, those of a sheet, cell, level and code once while among the
    last ListHeights.KEPT, a message's text's as it is met (ListHeights.message keeps the text)."""

    def rows(kinds):
        texts = (str,) * len(LIST_HEADINGS)
        made = {True: kinds.kind(bad, texts), False: kinds.kind(plain, texts)}
        heights = ListHeights()
        message, state_of, word, level = heights.message, status.get, STATUS_ZH.get, SEVERITY_ZH.__getitem__
        places: dict[tuple, tuple] = {}
        last, left = None, count
        for problems in groups:
            for p in problems:
                if not left:
                    return
                left -= 1
                _, file, sheet, cell, unit, severity, _, _, _, _ = p
                state = state_of(file, "")
                red = severity == ERROR and state != SUPERSEDED
                if last is None or last[0] != unit or last[1] != file or last[2] != state or last[3] != red:
                    kind = made[red]
                    cells, status_text = kind.cells, word(state, "")
                    last = (unit, file, state, red, cells[0][unit], cells[1][file], cells[7][status_text],
                            max(heights._height(0, unit), heights._height(1, file), heights._height(7, status_text)))
                    head = kind.head
                where = (sheet, cell, severity, p.code, red)
                at = places.get(where)
                if at is None:
                    if len(places) >= ListHeights.KEPT:
                        places.clear()
                    said, code = level(severity), where[3]
                    at = places[where] = (cells[2][sheet], cells[3][cell], cells[4][said], cells[6][code],
                                          max(heights._height(2, sheet), heights._height(3, cell),
                                              heights._height(4, said), heights._height(6, code)))
                text, tallest = message(p)
                height = last[7]
                if at[4] > height:
                    height = at[4]
                if tallest > height:
                    height = tallest
                yield [ROW, head(height), last[4], last[5], at[0], at[1], at[2], cells[5][text], at[3], last[6]]

    return rows


class ListHeights:
    """A 问题明细 row's height: the tallest of its wrapped texts (row_height at the list's font),
    each text measured once per column; the message formatted and measured once for each
    problem kind and values (units that filled a table alike share it), while it is among the
    last MESSAGES_KEPT to KEPT twice over met (≈ 450 bytes each: remembering all of 10,000
    files' 36,000 messages was the biggest part of the parent's memory)."""

    MESSAGE = LIST_HEADINGS.index("问题说明")
    KEPT = 50_000  # texts remembered; forgotten all at once beyond that (memory stays flat)
    MESSAGES_KEPT = 8_192  # messages remembered: the newer ones; met again, an older one is kept on

    def __init__(self):
        self.widths = [width * 11 / LIST_FONT for width in LIST_WIDTHS]
        self.seen: list[dict[str, float]] = [{} for _ in LIST_WIDTHS]
        self.messages: dict[tuple, tuple[str, float]] = {}
        self.older: dict[tuple, tuple[str, float]] = {}  # the messages before the last MESSAGES_KEPT
        self.last: tuple = ()  # row(): the unit, file and status of the row before, and their height
        self.last_height = 0.0
        self.places: dict[tuple, float] = {}  # row(): a sheet, cell, level and code's height

    def message(self, p) -> tuple[str, float]:
        """(p.message, its height): what p.message formats, from what."""
        key = (p.code, p.template, p.param_names, p.param_values, tuple(map(type, p.param_values)))  # 1 and 1.0 differ
        try:
            made = self.messages.get(key)
        except TypeError:  # a value that cannot be a key: measured alone
            return self._measure(p)
        if made is None:
            made = self.older.get(key) or self._measure(p)
            if len(self.messages) >= self.MESSAGES_KEPT:
                self.older, self.messages = self.messages, {}
            self.messages[key] = made
        return made

    def _measure(self, p) -> tuple[str, float]:
        message = p.message
        return message, row_height(message, self.widths[self.MESSAGE], 12)

    def row(self, cells, tallest: float = 0.0) -> float:
        """__call__'s height, the other texts measured together: the unit's, its file's and
        status's once while they repeat (a file's rows are together), the sheet's, cell's,
        level's and code's once for each four."""
        unit, file, sheet, cell, level, _, code, state = cells
        if (unit, file, state) != self.last:
            self.last = (unit, file, state)
            self.last_height = max(self._height(0, unit), self._height(1, file), self._height(7, state))
        where = (sheet, cell, level, code)
        height = self.places.get(where)
        if height is None:
            if len(self.places) >= self.KEPT:
                self.places.clear()
            height = self.places[where] = max(self._height(2, sheet), self._height(3, cell),
                                              self._height(4, level), self._height(6, code))
        return max(tallest, self.last_height, height)

    def _height(self, j: int, text: str) -> float:
        seen = self.seen[j]
        height = seen.get(text)
        if height is None:
            height = seen[text] = row_height(text, self.widths[j], line=12)
        return height

    def __call__(self, cells, tallest: float = 0.0) -> float:
        """The row's height, the message's (``tallest``) measured already."""
        for j, text in enumerate(cells):
            if j == self.MESSAGE:
                continue
            seen = self.seen[j]
            height = seen.get(text)
            if height is None:
                height = seen[text] = row_height(text, self.widths[j], line=12)
            if height > tallest:
                tallest = height
        return tallest
