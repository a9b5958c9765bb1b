"""Files sent back to rejected units: their own numbers in a fresh template.

For every rejected unit, merge writes ``退回/<unit>_审核意见.xlsx``: the unit's
values (as they typed them, even when unreadable) in a fresh copy of our
template, each faulty cell filled red with a comment, and a 审核意见 sheet
listing every problem, and the template's 自查 sheet (each fault shown again the moment it is
typed, and gone when corrected). The unit corrects this file and sends it again; a unit
that sent a hand-made layout gets its values back in our template.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path, PurePosixPath

from xlsxwriter.utility import xl_cell_to_rowcol

from ..check.pool import collector_paused
from ..model import (RETURN_LEFT_OUT_PROPERTY, RETURN_RUN_PROPERTY, RETURN_SOURCE_PROPERTY, RETURN_UNIT_PROPERTY,
                     TEMPLATE_NOTICE_PROPERTY, Period, Submission)  # noqa: F401
from ..problemplaces import places as places_text
from ..problems import SEVERITY_ZH, sorted_problems
from ..definitions import Key, TableSet
from ..text import as_shown, label_word
from ..files import atomic_path, unique_names
from ..template.layout import (WORKBOOK_OPTIONS, Formats, page_setup, row_height, safe_filename, set_property,
                               unit_cells)
from ..template import memzip
from ..template.selfcheck import seen_live, write_self_check
from ..template.tableframe import write_framed_instructions, write_framed_table
from .marks import mark_returned_summary

RETURN_SUFFIX = "_审核意见.xlsx"
EVALUATION_PART, LEDGER_PART = "_群众评议", "_台账"
MESSAGE_WIDTH = 80
PLACE_WIDTH = 16
EXPLANATION_WIDTH = 2 * 7 + 2 * PLACE_WIDTH + MESSAGE_WIDTH  # the five columns it is merged over
NOT_HERE = "不在本文件中(台账,见原文件)"  # a problem of a ledger sheet the return file does not hold


def unit_values(sub: Submission) -> dict[Key, object]:
    """The unit's values: numbers where they were read, and where not, the value as it came: a
    number stays a number (the reader gives every number as a float: -5 is -5, never "-5.0"),
    text stays the text; a cell left blank stays blank (read as 0, never written as one); an error
    value or a formula without its result (the reader gives them blank) as text (#DIV/0!, =2+3),
    never blank: a blank would pass as 0."""
    out: dict[Key, object] = {}
    unread = _unread_cells(sub)
    for key in sub.cells:
        if (raw := sub.cells[key].raw) in ("", None):  # its cell taken only here, once
            if key in unread:
                out[key] = unread[key]
            continue
        value = sub.values.get(key, _UNREAD)
        out[key] = value if value is not _UNREAD else _as_typed(raw)
    return out


_UNREAD = object()
# a formula saved without its result whose text the file does not hold (a shared formula's cells)
FORMULA_NOT_KNOWN = "(公式,没有保存结果)"
_UNREAD_KINDS = ("value.error-cell", "value.formula-no-value")


def _unread_cells(sub: Submission) -> dict[Key, str]:
    """The cells the reader gave blank for what they held (an error value, a formula without its
    result), each with the text that shows it."""
    return {Key(*p.target): p.params.get("text") or FORMULA_NOT_KNOWN
            for p in sub.problems if p.code in _UNREAD_KINDS and p.target is not None}


def _unread_note(problem) -> str:
    """What a cell the reader gave blank holds in the return file (the formula, the error value,
    as text), said under the merge's message."""
    text = problem.params.get("text") or FORMULA_NOT_KNOWN
    what = "公式" if problem.code == "value.formula-no-value" else "错误值"
    return f"本文件中此格写的是原来的{what}“{text}”(只是文字,不是数字),请直接填写整数。"


def _as_typed(raw: object) -> object:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float) and not math.isfinite(raw):
        return str(raw)  # nan, inf: a file's own text (a number cell can hold neither)
    if isinstance(raw, float) and as_shown(raw).is_integer():  # 28.999999999999996 shows 29: is 29
        return int(as_shown(raw))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    return str(raw)


def _numbers_as_numbers(ws, where: dict[Key, str], values: dict[Key, object]) -> None:
    """The table writer writes a value that is not a whole number as text; a unit's 2.5 goes back
    as the number 2.5, in the cell's own format."""
    for key, ref in where.items():
        value = values.get(key)
        if isinstance(value, float):
            row, col = xl_cell_to_rowcol(ref)
            ws.write_number(row, col, value, ws.table[row][col].format)


def return_filename(sub: Submission) -> str:
    """<unit>_审核意见.xlsx; a file of evaluations only: <unit>_群众评议_审核意见.xlsx; of ledgers
    only: <unit>_台账_审核意见.xlsx."""
    return "".join(_return_name_parts(sub))


def _return_name_parts(sub: Submission) -> tuple[str, str]:
    """(the unit's part, the rest) of a return file's name: a second unit of the same name gets
    its number between them (<unit>_2_群众评议_审核意见.xlsx keeps what the file holds at its end)."""
    middle = "" if sub.has_tables else LEDGER_PART if sub.ledgers_only else EVALUATION_PART
    return safe_filename(_named_after(sub)), f"{middle}{RETURN_SUFFIX}"


def _named_after(sub: Submission) -> str:
    """The unit a return file is named after; a file whose unit cannot be told (unit.unnamed), after
    the file it answers (新建 Microsoft Excel 工作表, of a return file sent back again without its own
    suffix), never after the words that say no unit is known."""
    if not sub.unnamed:
        return sub.display_unit
    stem = PurePosixPath(sub.name).stem
    return stem.removesuffix(RETURN_SUFFIX.removesuffix(".xlsx")) or stem


def write_return_file(sub: Submission, ts: TableSet, folder: Path, day: dt.date, name: str = "",
                      run: str = "", period: Period | None = None, ledgers: bool = True, notice_id: str = "") -> Path:
    """The unit's file sent back: its values in a fresh template, faulty cells red, and a
    审核意见 sheet; for a file of evaluations only, the 审核意见 sheet alone. ``notice_id``: the
    notice merged under, kept in the properties of a return file holding the tables, as a template's."""
    with collector_paused():  # its many short-lived objects are freed by reference counting
        return _write_return_file(sub, ts, folder / (name or return_filename(sub)), day, run, period, ledgers,
                                  notice_id)


def _write_return_file(sub: Submission, ts: TableSet, target: Path, day: dt.date, run: str,
                       period: Period | None, ledgers: bool = True, notice_id: str = "") -> Path:
    marks: dict[Key, list[str]] = {}
    painted: set[Key] = set()  # faults the 自查 sheet cannot see: filled red for good
    for p in sub.problems:
        if p.target is not None and p.severity != "info":
            marks.setdefault(Key(*p.target), []).append(f"{SEVERITY_ZH[p.severity]}:{p.message}")
            if p.code in _UNREAD_KINDS:
                marks[Key(*p.target)].append(_unread_note(p))
            if not seen_live(p.code) and p.code not in _UNREAD_KINDS:  # those held as text: seen as text
                painted.add(Key(*p.target))
    with atomic_path(target) as tmp:
        wb, buffer = memzip.workbook(WORKBOOK_OPTIONS)
        wb.set_properties({"title": f"审核意见:{sub.display_unit}", "author": "dianping-xlsx",
                           "created": dt.datetime.combine(day, dt.time())})
        # which inbox file and unit it answers (dianping mail send finds the sender by it)
        set_property(wb, RETURN_SOURCE_PROPERTY, sub.name)
        set_property(wb, RETURN_UNIT_PROPERTY, sub.display_unit)
        if run:  # the merge run that wrote it, as the summary says (see outputs.run_id)
            set_property(wb, RETURN_RUN_PROPERTY, run)
        if _left_out(sub):  # its ledger sheets, not in this file: the return mail asks for the unit's own file
            set_property(wb, RETURN_LEFT_OUT_PROPERTY, "”“".join(_left_out(sub)))
        if notice_id and sub.has_tables:  # the tables of this notice, corrected and sent again
            set_property(wb, TEMPLATE_NOTICE_PROPERTY, notice_id)
        if sub.summary_mark is not None:  # a lower office's summary sent back: corrected, it is one again
            mark_returned_summary(wb, sub.summary_mark, period)
        fmt = Formats(wb)
        opinions = wb.add_worksheet("审核意见")
        places: dict[Key, tuple[str, str]] = {}
        if sub.has_tables:
            values = unit_values(sub)
            date = _date_text(sub)
            for table in ts.tables:
                table_marks = {k: "\n".join(v) for k, v in marks.items() if k.table == table.key}
                where = write_framed_table(wb, fmt, ts, table, values=values, marks=table_marks, painted=painted,
                                           unit_name=sub.unit, date_text=date, year=period.year if period else None)
                _numbers_as_numbers(wb.get_worksheet_by_name(table.key), where, values)
                places.update({k: (table.key, ref) for k, ref in where.items()})
            # the notice's deadline, as the template said it
            write_framed_instructions(wb, fmt, ts, period.year if period else None,
                                      (period.unit_due or period.due) if period else None)
            write_self_check(wb, ts, {k: ref for k, (_, ref) in places.items()}, unit_cells(ts), period, ledgers,
                             ceiling=not sub.from_office)  # a lower office's summary counts many units
        _write_opinions(opinions, wb, sub, places, day, ts)
        opinions.activate()
        memzip.save(wb, buffer, tmp)
    return target


def _date_text(sub: Submission) -> str:
    if sub.date:
        return sub.date.isoformat()
    return ""


def _write_opinions(ws, wb, sub: Submission, places, day: dt.date, ts: TableSet) -> None:
    bold = wb.add_format({"bold": True, "font_size": 14, "font_name": "宋体"})
    text = wb.add_format({"text_wrap": True, "valign": "top", "font_name": "宋体"})
    th = wb.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "font_name": "宋体",
                        "align": "center"})
    td = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_name": "宋体"})
    bad = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_name": "宋体",
                         "font_color": "#9C0006"})
    ws.write_string(0, 0, f"审核意见:{sub.unit}", bold)
    ws.merge_range(1, 0, 1, 4, f"原文件:{sub.name};审核日期:{day.isoformat()};结论:请修改后重新报送。", text)
    said = explanation(sub, ts)
    ws.set_row(2, max(48, row_height(said, EXPLANATION_WIDTH)))
    ws.merge_range(2, 0, 2, 4, said, text)
    headings = ["序号", "级别", "本文件中的位置", "原文件中的位置", "问题说明"]
    for j, h in enumerate(headings):
        ws.write_string(4, j, h, th)
    lines = (_opinion_lines(sub.problems, places, left_out=_left_out(sub))
             + _opinion_lines(sub.companions, {}, sub.name))
    for i, (p, here, there, message) in enumerate(lines, start=1):
        row = 4 + i
        fmt = bad if p.severity == "error" else td
        ws.write_number(row, 0, i, td)
        ws.write_string(row, 1, SEVERITY_ZH[p.severity], fmt)
        ws.write_string(row, 2, here, td)
        ws.write_string(row, 3, there, td)
        ws.write_string(row, 4, message, fmt)
        ws.set_row(row, max(row_height(message, MESSAGE_WIDTH), row_height(here, PLACE_WIDTH),
                            row_height(there, PLACE_WIDTH)))
    ws.set_column(0, 1, 7)
    ws.set_column(2, 3, PLACE_WIDTH)
    ws.set_column(4, 4, MESSAGE_WIDTH)
    # A4 landscape one page wide, the headings on every page, 第 N 页,共 M 页 below
    page_setup(ws, f"审核意见:{sub.display_unit}", repeat_rows=(4, 4), titled=True)


def explanation(sub: Submission, ts: TableSet) -> str:
    """What the unit is to do with the file: correct the tables in it (they are in it), or, for a
    file of ledgers or evaluations only (this sheet alone), correct its own file and send it again.
    A workbook of tables and ledger sheets: this file holds its tables alone, so the unit corrects its
    own file and sends it whole again (this one sent instead would leave the unit without a ledger)."""
    if sub.has_tables and _left_out(sub):
        return _with_ledger_sheets(sub, ts)
    if sub.has_tables:
        apart = sorted({p.file for p in sub.companions if p.file and p.file != sub.name})
        return ("说明:本文件已把原文件中的数字填入统一模板。有问题的单元格标红(错误)或标黄(警告),鼠标指向可看批注;"
                "改对后颜色随即消失,“自查”页第一行写明能否报送。"
                f"请直接在本文件的{ts.all_tables}中修改,并把{label_word(ts.date_label)}改为修改当天,保存后重新报送。"
                + (f"台账文件({'、'.join(f'“{f}”' for f in apart)})中的问题,请在原台账文件中改正后一并重新报送。"
                   if apart else ""))
    what = "台账文件" if sub.ledgers_only else "评议文件"
    return (f"说明:本文件只列出审核发现的问题,不是{what}本身。请按下表“原文件中的位置”在原{what}“{sub.name}”中"
            f"逐条改正,保存后把改好的原{what}重新报送,不要报送本文件。")


def _left_out(sub: Submission) -> list[str]:
    """The sheets of the unit's workbook a return file of its tables does not hold: its ledgers'."""
    return sub.ledger_sheets if sub.has_tables else []


def _with_ledger_sheets(sub: Submission, ts: TableSet) -> str:
    sheets = "”“".join(sub.ledger_sheets)
    at = [p.position for p in sorted_problems(sub.problems) if p.sheet in sub.ledger_sheets and p.position]
    date = label_word(ts.date_label)
    return ("说明:本文件已把原文件中统计表的数字填入统一模板,有问题的单元格标红(错误)或标黄(警告),鼠标指向可看批注。"
            f"原文件“{sub.name}”中的台账工作表(“{sheets}”)不在本文件中:只报送本文件,台账就没有了。"
            f"请对照下表,在原文件“{sub.name}”中逐条改正(位置见“原文件中的位置”"
            + (f",台账的问题如 {at[0]}" if at else "")
            + f"),并把{date}改为修改当天,保存后把改好的原文件整个重新报送(统计表和台账一起),不要报送本文件。")


def _opinion_lines(problems, places, own: str = "", left_out: list[str] = ()) -> list[tuple]:
    """(problem, place in this file, place in the unit's file, message): each error and warning
    at its cell; notes (提示: nothing to do) one line per kind, counted, their cells together.
    ``own``: the file answered; a problem of another of the unit's files (its ledger sent apart)
    names that file before its place. ``left_out``: the unit's sheets this file does not hold."""
    lines, notes = [], {}
    for p in sorted_problems(problems):
        if p.severity == "info":
            notes.setdefault((p.file, p.code), []).append(p)
            continue
        here = places.get(Key(*p.target)) if p.target is not None else None
        here_text = f"{here[0]}!{here[1]}" if here else NOT_HERE if p.sheet in left_out else ""
        lines.append((p, here_text, _there(p, own, p.position), p.message))
    for group in notes.values():
        first = group[0]
        here = NOT_HERE if first.sheet in left_out else ""
        if len(group) == 1:
            lines.append((first, here, _there(first, own, first.position), first.message))
        else:
            lines.append((first, here, _there(first, own, places_text(group, width=2 * PLACE_WIDTH)),
                          f"共 {len(group)} 处。例:{first.message}"))
    return lines


def _there(p, own: str, position: str) -> str:
    """A place in the unit's file; in another of its files (own given): the file's name first."""
    return f"{p.file}:{position}" if own and p.file and p.file != own else position


def return_plan(rejected: list[Submission]) -> list[tuple[Submission, str]]:
    """The rejected units' files to write, each with its name (never overwriting another, also
    where names differ only in letter case or full-width forms: Windows and macOS)."""
    subs = [sub for sub in rejected if sub.annotatable]
    return list(zip(subs, unique_names(_return_name_parts(sub) for sub in subs)))


def write_return_files(rejected: list[Submission], ts: TableSet, folder: Path, day: dt.date,
                       run: str = "", period: Period | None = None,
                       plan: list[tuple[Submission, str]] | None = None, ledgers: bool = True,
                       notice_id: str = "") -> list[Path]:
    """Write every rejected unit's file into ``folder`` (a fresh one: outputs.py switches it in
    with the summary, so no return file of another run is ever left beside it); ``plan``: only
    these files (a part of return_plan's)."""
    plan = return_plan(rejected) if plan is None else plan
    return [write_return_file(sub, ts, folder, day, name, run, period, ledgers, notice_id) for sub, name in plan]
