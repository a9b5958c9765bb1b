"""The summary workbook, rendered from a merge result and its Summary.

The official tables filled with the totals (ready to print, stamp and send up),
per table a summary by category (and by kind of unit) with coverage rates,
报送情况 (every file and what became of it), 审核问题 (every problem) and 明细
(every accepted unit's values). Nothing here counts: the Summary has counted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from ..merge.result import MergeResult
from ..merge.rates import COVERAGE
from ..merge.summary import NOT_SENT as NOTHING_SENT, WRONG_NOTICE_STATUS, WRONG_PERIOD_STATUS, RateSheet, Summary
from ..merge.reporting import OFF_ROSTER_STATUS, UNREADABLE_STATUS
from ..check.pool import collector_paused
from ..model import (ACCEPTED, CHINA, DETAIL_SHEET, HELD, IGNORED, MATERIAL, MISSING_SHEET, MISSING_UNIT_HEADING,
                     NOT_SENT_STATUS, REJECTED, STATUS_SHEET, STATUS_ZH, SUMMARY_DUE_PROPERTY, SUMMARY_RETURNS_PROPERTY,
                     SUPERSEDED)
from .bulk import BulkWriter, spliced_list, write_rows
from .charts import ChartData, coverage_chart, status_bar
from .evaluations import write_evaluation_sheets
from ..template.layout import (WORKBOOK_OPTIONS, Formats, page_setup, row_height, set_property, text_width,
                               write_table_sheet)
from .detail import date_text, detail_sheet  # noqa: F401 - date_text: the outputs' dates
from .marks import mark_summary
from .problemsheets import (LIST_FONT, PROBLEM_LIST_SHEET, PROBLEMS_SHEET, problem_list_sheet,
                            problems_sheet)
from .ledgersheets import write_ledger_sheets
from ..text import display_width

NOT_SENT = NOT_SENT_STATUS
NOT_APPLICABLE = "—"  # a rate without a base, or of a round not yet due
STREAMED_SHEETS = frozenset({STATUS_SHEET, PROBLEMS_SHEET, DETAIL_SHEET, PROBLEM_LIST_SHEET})


class _Styles(Formats):
    def __init__(self, wb):
        super().__init__(wb)
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter", "border": 1}
        self.th = wb.add_format(dict(base, bold=True, align="center", text_wrap=True, bg_color="#DDEBF7"))
        self.td = wb.add_format(dict(base, text_wrap=True))
        self.cell = wb.add_format(dict(base))  # one line, in a column as wide as its longest text
        self.num = wb.add_format(dict(base, num_format="0"))
        self.pct = wb.add_format(dict(base, num_format="0.0%"))
        self.total_label = wb.add_format(dict(base, bold=True))
        self.total_num = wb.add_format(dict(base, bold=True, num_format="0"))
        self.total_pct = wb.add_format(dict(base, bold=True, num_format="0.0%"))
        self.bad = wb.add_format(dict(base, text_wrap=True, font_color="#C00000"))
        self.plain = wb.add_format({"font_name": "宋体", "font_size": 10, "italic": True})
        self.alert = wb.add_format({"font_name": "宋体", "font_size": 11, "bold": True, "font_color": "#C00000"})
        # "—" (no base, or a round not yet due) centred in a cell of its own: never read into the number beside it
        self.na = wb.add_format(dict(base, align="center", font_color="#808080"))
        # the lists for filtering (问题明细), compact on paper
        small = dict(base, font_size=LIST_FONT, text_wrap=True)
        self.list_td = wb.add_format(small)
        self.list_bad = wb.add_format(dict(small, font_color="#C00000"))


class _SummaryBook(xlsxwriter.Workbook):
    """The sheets that grow with the number of files (报送情况, 审核问题, 明细, 问题明细) are
    written in xlsxwriter's constant-memory mode: each row goes to a temporary file as soon as
    the next one starts, so memory stays flat at any number of units. The mode is taken by
    each sheet when it is added; the other sheets keep the normal mode, so that the charts
    carry their cached values (a constant-memory sheet has none to give). Constant-memory
    mode drops, without a word, any cell written to a row above the current one: these
    sheets are written strictly row by row, and a test compares every cell with the normal mode."""

    def __init__(self, path: Path, streamed: bool):
        self.bulk = BulkWriter(path, streamed, in_memory=True)  # the lists: spliced in as XML rows
        super().__init__(self.bulk.target, self.bulk.options(WORKBOOK_OPTIONS))

    def add_worksheet(self, name=None, worksheet_class=None):
        self.constant_memory = self.bulk.streamed and name in STREAMED_SHEETS
        try:
            return super().add_worksheet(name, worksheet_class)
        finally:
            self.constant_memory = False


def write_summary_workbook(result: MergeResult, path: Path, unit_name: str, day: dt.date,
                           streamed: bool = True, run: str = "", returns: int | None = None) -> None:
    """Write the summary workbook to ``path`` (write_outputs makes it atomic); ``streamed``:
    the big sheets in constant-memory mode (see _SummaryBook)."""
    with collector_paused():  # its many short-lived objects are freed by reference counting
        _write_summary_workbook(result, path, unit_name, day, streamed, run, returns)


def _write_summary_workbook(result: MergeResult, path: Path, unit_name: str, day: dt.date, streamed: bool,
                            run: str, returns: int | None) -> None:
    ts = result.ts
    wb = _SummaryBook(path, streamed)
    wb.set_properties(
        {
            "title": f"{ts.title(result.period.year)} 汇总({result.period.zh})",
            "author": "dianping-xlsx",
            "created": dt.datetime.combine(day, dt.time()),
        }
    )
    mark_summary(wb, result, unit_name, run)
    if returns is not None:  # mail send checks that 退回 holds exactly these
        set_property(wb, SUMMARY_RETURNS_PROPERTY, str(returns))
    if result.options.due is not None:  # mail send's reminders state it (the summary alone: never sent up)
        set_property(wb, SUMMARY_DUE_PROPERTY, result.options.due.isoformat())
    st = _Styles(wb)
    data = ChartData()
    summary = result.summary
    for table in ts.tables:
        write_table_sheet(wb, st, ts, table, values=result.totals, form=False,
                          unit_name=unit_name, date_text=date_text(day), year=result.period.year)
    for sheet in summary.by_category:
        _rate_sheet(wb, st, sheet, f"{sheet.table.key}分类汇总", data)
    for sheet in summary.by_kind:
        _rate_sheet(wb, st, sheet, f"{sheet.table.key}按类型汇总", data)
    _status_sheet(wb, st, result, summary, data)
    if summary.roster_size is not None:
        if summary.missing:  # a list with nobody in it would print an empty page: 报送情况 says it
            _missing_sheet(wb, st, summary)
        if summary.off_roster:
            _off_roster_sheet(wb, st, summary)
    problems_sheet(wb, st, summary)
    detail_sheet(wb, st, result)
    if result.options.items is not None:
        write_evaluation_sheets(wb, st, summary, result.options.items, result.period.zh, data)
    if summary.ledgers is not None:
        write_ledger_sheets(wb, st, summary.ledgers, result.period.zh, _list_sheet)
    problem_list_sheet(wb, st, result, summary)
    data.write(wb)  # the charts' numbers, on a hidden sheet after all the others
    wb.bulk.close(wb)


def _rate_sheet(wb, st: _Styles, sheet: RateSheet, name: str, data: ChartData) -> None:
    """Counts and coverage rates, one row per category or kind of unit; the total row bold."""
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, sheet.title, st.heading)
    ws.set_row(1, 30)
    ws.write_string(1, 0, sheet.first, st.th)
    for j, heading in enumerate(sheet.headings, start=1):
        ws.write_string(1, j, heading, st.th)
    for i, line in enumerate(sheet.rows, start=2):
        bold = line.total
        ws.write_string(i, 0, line.label, st.total_label if bold else st.td)
        for j, (value, kind) in enumerate(zip(line.cells, sheet.kinds), start=1):
            if value is None:
                ws.write_string(i, j, NOT_APPLICABLE, st.na)
            elif kind == "n":
                ws.write_number(i, j, value, st.total_num if bold else st.num)
            else:
                ws.write_number(i, j, value, st.total_pct if bold else st.pct)
    if "rate" in sheet.kinds:  # a table without rates has no note on them (说明:;…为 0 时不计算比率)
        ws.write_string(len(sheet.rows) + 3, 0, _rates_note(sheet), st.plain)
    coverage_chart(wb, ws, data, sheet, len(sheet.rows) + 5)
    ws.set_column(0, 0, 34)
    for j, heading in enumerate(sheet.headings, start=1):  # on one line: never 第一 / 次
        ws.set_column(j, j, text_width(heading, 12))
    ws.freeze_panes(2, 1)
    page_setup(ws, sheet.title, repeat_rows=(1, 1), titled=True)


def _rates_note(sheet: RateSheet) -> str:
    """How the sheet's rates are made, in their own word: coverage rates over one base row as the
    count covered over it; any other rates (践诺率), or rates over different base rows, each with
    its own row and base."""
    table, word = sheet.table, sheet.word
    bases = {table.base_of(row).metric for row in table.rows if row.rate}
    base = next(iter(bases), table.base_row.metric)
    if len(bases) <= 1 and word == COVERAGE:
        return f"说明:覆盖率 = 对应人数(个数) ÷ {base};{base}为 0 时不计算覆盖率(显示“—”)。"
    each = ";".join(dict.fromkeys(f"{row.rate} = {row.metric} ÷ {table.base_of(row).metric}"
                                  for row in table.rows if row.rate))
    if len(bases) <= 1:
        return f"说明:{each};{base}为 0 时不计算{word}(显示“—”)。"
    return f"说明:{each};分母为 0 时不计算(显示“—”)。"


def _list_sheet(wb, st: _Styles, name: str, headings: list[str], widths: list[int],
                rows: list[list], title: str = "", period: str = "", chart_height: int = 0,
                tall: str = "说明", alert: str = ""):
    """A plain list with a header row (and an optional title above it, an alert under the title,
    and a row for a chart); each row as tall as the wrapped text of its ``tall`` column needs."""
    ws = wb.add_worksheet(name)
    top = 0
    if title:
        ws.write_string(0, 0, title, st.heading)
        if alert:  # row by row: a constant-memory sheet drops what is written above its current row
            ws.write_string(1, 0, alert, st.alert)
        top = 2
    if chart_height:
        ws.set_row(top, chart_height)
        ws.write_blank(top, 0, None, st.plain)  # a row without a cell keeps no height in constant-memory mode
        top += 1
    for j, (h, w) in enumerate(zip(headings, widths)):
        ws.write_string(top, j, h, st.th)
        ws.set_column(j, j, w)
    made = list(_list_rows(st, rows, widths, headings.index("状态") if "状态" in headings else -1))
    if getattr(ws, "constant_memory", False):  # a big list: its rows spliced in as XML (bulk.py)
        spliced_list(wb.bulk, ws, top + 1, made, len(headings))
    else:
        write_rows(ws, top + 1, made, exact_text=True)
    ws.freeze_panes(top + 1, 0)
    ws.autofilter(top, 0, max(top + 1, top + len(rows)), len(headings) - 1)
    page_setup(ws, f"{period} {name}", repeat_rows=(top, top))
    return ws


def _list_rows(st: _Styles, rows: list[list], widths: list[int], status: int):
    """_list_sheet's rows: (cells, styles, height), each row as tall as its longest wrapped text;
    the styles of a kind of row made once, the height of a text measured once per column."""
    kinds: dict[tuple, tuple] = {}
    seen: list[dict] = [{} for _ in widths]
    made: dict[tuple, tuple] = {}  # a row without "—": its styles by its values' types
    for row in rows:
        bad = "退回" in row or "未报" in row
        key = None if NOT_APPLICABLE in row else (bad, *map(type, row))
        styles = made.get(key) if key is not None else None
        if styles is None:
            styles = tuple(st.num if isinstance(v, int) else st.pct if isinstance(v, float)
                           else st.na if v == NOT_APPLICABLE else st.bad if bad and j == status else st.td
                           for j, v in enumerate(row))
            styles = kinds.setdefault(tuple(map(id, styles)), styles)
            if key is not None:
                made[key] = styles
        height = None
        for j, v in enumerate(row):
            if isinstance(v, str) and v:
                h = seen[j].get(v)
                if h is None:
                    h = seen[j][v] = row_height(v, widths[j])
                if height is None or h > height:
                    height = h
        yield row, styles, height




def _status_sheet(wb, st: _Styles, result: MergeResult, summary: Summary, data: ChartData) -> None:
    """Every file of the inbox (those sent back first, then in name order), and (with a roster)
    every roster unit that sent none."""
    rows = []
    late_files = summary.late_files
    mailed = any(e.submission is not None and e.submission.mail is not None for e in result.entries)
    back = {id(e) for e in summary.returned}  # the rest of the rejected: this office's to-do (名册外)
    unread = {id(e) for e in summary.unreadable}  # … or its machine's (无法读取)
    for entry in sorted(result.entries, key=lambda e: e.status != REJECTED):  # the files sent back first
        sub = entry.submission
        late = "逾期" if entry.name in late_files else ""
        status = (UNREADABLE_STATUS if id(entry) in unread else
                  OFF_ROSTER_STATUS if entry.status == REJECTED and id(entry) not in back else STATUS_ZH[entry.status])
        row = [entry.name, entry.unit, sub.kind if sub else "",
               date_text(sub.date) if sub and sub.date else "", status, late, entry.reason]
        if mailed:  # files fetched by dianping mail: who sent each and when it arrived
            row[4:4] = mail_cells(sub)
        rows.append(row)
    for unit, what in summary.not_sent:
        note = "名册中的单位,没有收到报送文件。" if what == NOTHING_SENT else f"名册中的单位,{what}。"
        status = (WRONG_NOTICE_STATUS if unit.name in summary.other_notice
                  else WRONG_PERIOD_STATUS if unit.name in summary.other_period else NOT_SENT)
        row = ["", unit.name, unit.kind, "", status, "", note]
        rows.append(row[:4] + ["", ""] + row[4:] if mailed else row)
    for unit in summary.gone:
        note = "上期汇总表中有这个单位,本期没有收到报送文件。请催报;如已撤销或合并,请用名册列出本期应报的单位。"
        row = ["", unit, "", "", NOT_SENT, "", note]
        rows.append(row[:4] + ["", ""] + row[4:] if mailed else row)
    rows = [[i, *row] for i, row in enumerate(rows, start=1)]
    headings = ["序号", "文件", "单位", "类型", "填报时间", "状态", "逾期", "说明"]
    # the file column as wide as the names (to 48; a longer one wraps, and its row grows)
    names = max(map(display_width, [e.name for e in result.entries]), default=0)
    # 2011年12月15日, 2011-12-15 09:00 and 暂不计入 each on one line (a cell's padding takes a unit)
    widths = [6, min(48, max(30, names + 2)), 26, 10, 16, 10, 6, 70]
    if mailed:
        headings[5:5], widths[5:5] = ["发件人", "收到时间"], [24, 18]
    ws = _list_sheet(wb, st, STATUS_SHEET, headings, widths, rows, status_headline(summary), summary.period_zh,
                     chart_height=88, alert=f"注意:{summary.due_note}" if summary.due_note else "")
    status_bar(wb, ws, data, summary, 2)


def mail_cells(sub) -> list[str]:
    """发件人 and 收到时间 of a file that came by mail ("" for one placed by hand)."""
    if sub is None or sub.mail is None:
        return ["", ""]
    who = f"{sub.mail.sender_name} <{sub.mail.sender}>" if sub.mail.sender_name else sub.mail.sender
    when = sub.mail.received.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    return [who, when]


def _missing_sheet(wb, st: _Styles, summary: Summary) -> None:
    rows = [[i, u.name, u.kind, u.parent, why] for i, (u, why) in enumerate(summary.missing, start=1)]
    _list_sheet(wb, st, MISSING_SHEET, ["序号", MISSING_UNIT_HEADING, "类型", "上级", "情况"], [6, 30, 12, 20, 24], rows,
                f"名册共 {summary.roster_size} 个单位,{len(rows)} 个没有被采用的报送。", summary.period_zh)


def _off_roster_sheet(wb, st: _Styles, summary: Summary) -> None:
    rows = [[i, e.name, e.submission.unit, hint] for i, (e, hint) in enumerate(summary.off_roster, start=1)]
    _list_sheet(wb, st, "名册外单位", ["序号", "文件", "表上填报单位", "说明"], [6, 30, 30, 60], rows,
                "这些文件的填报单位不在名册中,没有计入汇总。确属本级单位的,请在名册中添加或补充别名后重新汇总。",
                summary.period_zh)


def status_headline(summary: Summary) -> str:
    counts = summary.counts
    unread = len(summary.unreadable)
    off = counts[REJECTED] - len(summary.returned) - unread  # said apart from those sent back
    text = (f"共 {summary.files} 个文件:已采用 {counts[ACCEPTED]},退回 {len(summary.returned)},"
            + (f"{OFF_ROSTER_STATUS} {off}," if off else "") + (f"{UNREADABLE_STATUS} {unread}," if unread else "")
            + f"被替代 {counts[SUPERSEDED]},已忽略 {counts[IGNORED]}"
            + (f",台账暂不计入 {counts[HELD]}" if counts[HELD] else "")
            + (f",收到材料({'、'.join(summary.materials)}){counts[MATERIAL]}" if counts[MATERIAL] else "") + "。")
    if summary.roster_size is not None:
        text += f"名册 {summary.roster_size} 个单位,未报(含退回){len(summary.missing)} 个。"
    if summary.gone:
        text += f"上期报送的 {len(summary.gone)} 个单位本期未报。"
    if summary.due is not None:
        text += f"截止 {summary.due.isoformat()},逾期 {len(summary.late_units)} 个单位。"
    return text
