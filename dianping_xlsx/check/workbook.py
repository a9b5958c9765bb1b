"""Checking one submitted workbook: its values, the table set's rules and the reporting period.

``check_workbook`` reads a file, locates its tables, parses every value cell
and runs the table set's rules. It never raises for a bad file: every fault
becomes a Problem with a position, and the submission is accepted only when
none of them is an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import (DETAIL_SHEET, MERGED_LEDGER_MARK, MERGED_LEDGER_PROPERTY, OUTPUT_PROPERTY, RETURN_UNIT_PROPERTY,
                     STATUS_SHEET,
                     SUMMARY_INBOX_PROPERTY, SUMMARY_INCOMPLETE_PROPERTY, SUMMARY_NEWEST_PROPERTY, SUMMARY_NOTICE_PROPERTY,
                     SUMMARY_OFFICES_PROPERTY, SUMMARY_PERIOD_PROPERTY,
                     SUMMARY_BOOK, SUMMARY_UNIT_PROPERTY, TOTAL, UPWARD_BOOK, Period, Submission, SummaryMark)
from ..problems import Problem
from ..read.evaluations import EvalReader
from ..read.grids import ReadError, load_grids
from ..read.layoutmemo import raws_of
from ..read.ledgers import find_ledgers
from ..read.locate import Locator
from ..read.prescan import DEFAULT_LIMITS, Limits
from ..read.cellformat import percent_places, percent_text
from ..read.refusal import is_formula_flag
from ..definitions import Key, LedgerSet, TableSet
from ..definitions.rules import failed_places, outcome_params, prepare_rule
from ..text import MAX_COUNT, a1, clean_text, label_unit, label_word, normalise, parse_count, parse_date, number_text
from .fileyear import other_year
from .kept import kept_ledger, kept_problem, kept_sheet, ledger_namer, sheet_problem
from .ledgers import as_text, check_ledgers, ledger_persons, ledger_repeats, ledger_undated
from .naming import name_by_path, namer, not_a_name
from .othernotice import NoticeName, other_notice
from .summarybelow import missing_listed, units_listed, units_marked


def check_workbook(
    path: Path, ts: TableSet, period: Period | None, locator: Locator | None = None,
    name: str | None = None, limits: Limits = DEFAULT_LIMITS, evaluator: EvalReader | None = None,
    ledgers: LedgerSet | None = None, materials: tuple = (), notice: NoticeName = NoticeName(),
) -> Submission:
    """Read and check one workbook; every fault is a problem, never an exception. ``materials``: the
    notice's 台账 kept and sent along (materials of kind "ledger"), looked for without ``ledgers``;
    ``notice``: the notice checked against (a file of another notice's tables is said to be so)."""
    locator = locator or Locator(ts)
    try:
        grids = load_grids(path, limits)
    except ReadError as exc:
        sub = Submission(path=path, name=name or path.name, mtime=mtime(path))
        sub.readable = False
        name_by_path(sub, namer(ts.names))  # how is not said: the file could not be read at all
        sub.problems.append(exc.problem)
        return _finish(sub)
    written = getattr(grids, "mtime", None)  # the pre-scan's, from the file it opened
    sub = Submission(path=path, name=name or path.name, mtime=mtime(path) if written is None else written)
    sub.returned_to = getattr(grids, "properties", {}).get(RETURN_UNIT_PROPERTY, "")
    own = own_output(grids)
    if own is not None:  # merge's own output, copied back into an inbox: never a unit's report or ledger
        sub.has_tables = False
        sub.name_after_file()
        sub.problems.append(own)
        return _finish(sub)
    found = locator.locate(grids)
    sub.summary_mark = summary_mark(grids)
    found_ledgers = find_ledgers(grids, ledgers) if ledgers is not None else []
    kept = [f for f in found_ledgers if f.records]
    filled = {f.ledger.key for f in kept}
    for f in found_ledgers:  # a blank ledger template sent along is no ledger: said, not used; a
        if f.ledger.key not in filled:  # blank page beside filled ones (五月 not yet kept) is no fault
            sub.problems.append(Problem("ledger.empty", sheet=f.sheet, cell=a1(f.header_row, 0),
                                        params={"ledger": f.ledger.title}))
    for f in kept:
        sub.ledger_rows[f.ledger.key] = sub.ledger_rows.get(f.ledger.key, 0) + len(f.records)
        sub.ledger_records.setdefault(f.ledger.key, []).extend(as_text(f, period))
        if f.sheet not in sub.ledger_sheets:
            sub.ledger_sheets.append(f.sheet)
    if any(f.countable for f in kept):
        sub.ledger_persons = ledger_persons(kept, ts, period)
        sub.ledger_repeats = ledger_repeats(kept, ts, period)
        sub.ledger_undated = ledger_undated(kept, ts, period, "" if found.tables else f"“{sub.name}”")
    if evaluator is not None:
        sub.evaluations, eval_problems = evaluator.read(grids)
        for t in sub.evaluations:  # which printed form, told from another file's: forms are counted by it
            t.form_id = f"{sub.name}|{t.form_id}" if t.form_id else ""
        if not found.tables and not found_ledgers and not sub.evaluations and not eval_problems:
            eval_problems = evaluator.unread(grids, ts.all_tables)  # a form not read: what was looked for
        sub.problems.extend(eval_problems)
    if not found.tables:
        if (evaluator is not None and (sub.evaluations or sub.problems)) or found_ledgers:
            sub.has_tables = False  # a tally, filled forms or ledgers, without the statistics tables
            locator.header_lines(grids, found)
            _identify(sub, found, grids, ts, _named_on_forms(sub, evaluator.es) if evaluator is not None else None)
            _read_date(sub, found, period, getattr(grids, "date1904", False))
            sub.problems += check_ledgers(kept, ts, period, sub.date)
            return _finish(sub)
        ledger = kept_ledger(grids, path, materials) if ledgers is None else None
        if ledger is not None:  # a 台账 kept and sent along (no ledger set reads it): received, not summed
            sub.has_tables = False
            _name_without_tables(sub, found, grids, locator, ts, ledger_namer(ts, ledger[0]))
            sub.problems.append(kept_problem(*ledger, unit="" if sub.unit_from_file else sub.unit))
            return _finish(sub)
        _name_without_tables(sub, found, grids, locator, ts)
        sub.problems += (locator.transposed(grids, {t.key for t in ts.tables})
                         or [other_notice(grids, ts, notice)
                             or Problem("file.no-tables", params={"all_tables": ts.all_tables})])
        return _finish(sub)
    sub.cells = found.cells
    _identify(sub, found, grids, ts)
    _read_date(sub, found, period, getattr(grids, "date1904", False))
    reading = Reading(grids, found, ts, period, kept, {g.name: g.flagged for g in grids if g.flagged}, locator,
                      materials if ledgers is None else ())
    for _, check in WORKBOOK_CHECKS:
        check(sub, reading)
    return _finish(sub)


@dataclass(frozen=True)
class Reading:
    """What the workbook checks look at besides the submission itself."""

    grids: list
    found: object  # the tables located (read.locate.Found)
    ts: TableSet
    period: Period | None
    ledgers: list  # the unit's ledgers with records, in the same workbook
    flagged: dict[str, dict[str, str]]  # sheet -> {A1: an error's text | "error" | "=2+3" | "formula"}: read blank
    locator: Locator
    materials: tuple = ()  # the 台账 kept and sent along that no ledger set reads (definitions.Material)


def _very_hidden_tables(sub: Submission, r: Reading) -> None:
    hidden = {g.name for g in r.grids if g.very_hidden}
    if not hidden:
        return
    for table, sheet in sorted({(k.table, c.sheet) for k, c in r.found.cells.items() if c.sheet in hidden}):
        sub.problems.append(Problem("table.very-hidden", sheet=sheet, params={"table": table, "sheet": sheet}))


def _missing_tables(sub: Submission, r: Reading) -> None:
    missing = {t.key for t in r.ts.tables if t.key not in r.found.tables}
    if not missing:
        return
    turned = r.locator.transposed(r.grids, missing)  # made the other way round: said so
    sub.problems += turned
    missing -= {p.params["table"] for p in turned}
    for table in r.ts.tables:
        if table.key in missing:
            sub.problems.append(Problem("table.missing", params={"table": table.key, "title": table.title,
                                                                 "all_tables": r.ts.all_tables}))


def _layout(sub: Submission, r: Reading) -> None:
    """What locating the tables found (a category twice …); the cells a hidden sheet repeats
    said once for the sheet: the unit does not see it."""
    hidden = {g.name for g in r.grids if g.hidden}
    copies: dict[str, list] = {}
    for p in r.found.problems:
        sheet = _hidden_copy(p, hidden)
        if sheet is None:
            sub.problems.append(p)
        else:
            copies.setdefault(sheet, []).append(p)
    for sheet, repeated in copies.items():
        first = repeated[0]
        tables = "、".join(dict.fromkeys(p.params["table"] for p in repeated))
        sub.problems.append(Problem("table.hidden-copy", sheet=sheet, cell=first.cell if first.sheet == sheet else "",
                                    params={"sheet": sheet, "table": tables, "count": len(repeated)}))


def _hidden_copy(p: Problem, hidden: set[str]) -> str | None:
    """The hidden sheet a repeated table cell is on (or repeats), else None."""
    if p.code != "table.duplicate" or not hidden:
        return None
    if p.sheet in hidden:
        return p.sheet
    other = p.params.get("other", "").rpartition("!")[0]
    return other if other in hidden else None


def _values(sub: Submission, r: Reading) -> None:
    _parse_values(sub, r.ts, r.flagged)


def _blank_template(sub: Submission, r: Reading) -> None:
    # a table located without a value cell (its header found, none of its rows) is said as
    # row.missing while locating: nothing here is blank
    if sub.cells and not r.flagged and all(raw in ("", None) for raw in raws_of(sub.cells)):
        first = next(iter(sub.cells.values()))  # a blank template sent back as it came
        sub.problems.append(Problem("table.empty", sheet=first.sheet, cell=first.ref,
                                    params={"all_tables": r.ts.all_tables}))


def _blank_tables(sub: Submission, r: Reading) -> None:
    """A table whose value cells are all blank beside one that is filled: its numbers were left out
    (a table typed the other way round and not read, its return file's table blank), never 0s."""
    first: dict[str, object] = {}  # table -> its first cell
    written: set[str] = set()  # tables with a cell not blank
    for key, cell in sub.cells.items():
        first.setdefault(key.table, cell)
        if cell.raw not in ("", None) or cell.ref in r.flagged.get(cell.sheet, ()):
            written.add(key.table)
    if not written:
        return  # nothing filled at all: a blank template sent back (table.empty)
    for table in r.ts.tables:
        if table.key in first and table.key not in written:
            cell = first[table.key]
            sub.problems.append(Problem("table.blank", sheet=cell.sheet, cell=cell.ref,
                                        params={"table": table.key, "title": table.title,
                                                "all_tables": r.ts.all_tables}))


def _implausible(sub: Submission, r: Reading) -> None:
    """A count no single unit can have (its row's ``most``: 676676676, a paste doubled), at its cell;
    a lower office's summary counts many units and is never held to it."""
    values = sub.values
    if not values or sub.summary_mark is not None or max(values.values()) <= r.ts.lowest_ceiling:
        return
    ceilings = r.ts.ceilings
    for key, value in values.items():
        most = ceilings.get(key)
        if most is not None and value > most:
            cell = sub.cells[key]
            sub.problems.append(Problem("value.implausible", sheet=cell.sheet, cell=cell.ref, target=key,
                                        params={"label": key.label(), "value": value, "most": most}))


def _rules(sub: Submission, r: Reading) -> None:
    _run_rules(sub, r.ts, r.period)


def _reporting_period(sub: Submission, r: Reading) -> None:
    if r.period is not None:
        _check_period(sub, r.ts, r.period)
        said = other_year(sub, r.grids, r.ts, r.period)
        if said is not None:
            sub.problems.append(said)


def _own_ledgers(sub: Submission, r: Reading) -> None:
    if r.ledgers:  # the unit's ledgers in the same workbook: each record, and the tables against them
        sub.problems += check_ledgers(r.ledgers, r.ts, r.period, sub.date, sub.values, sub.cells)


def _kept_sheets(sub: Submission, r: Reading) -> None:
    """A 台账 the notice keeps (no ledger set reads it) on a sheet beside the tables: received with them."""
    if any(m.kind == "ledger" for m in r.materials):
        tables_on = {c.sheet for c in r.found.cells.values()}
        sub.problems += [sheet_problem(*found) for found in kept_sheet(r.grids, tables_on, r.materials)]


# The built-in checks of a workbook whose tables were found, in the order they run (the table
# set's declared rules are one of them; what they check is data, see definitions/rules.py).
WORKBOOK_CHECKS = (
    ("very-hidden tables", _very_hidden_tables),
    ("missing tables", _missing_tables),
    ("table layout", _layout),
    ("values", _values),
    ("blank template", _blank_template),
    ("a blank table beside filled ones", _blank_tables),
    ("counts no unit can have", _implausible),
    ("declared rules", _rules),
    ("reporting period", _reporting_period),
    ("ledgers in the workbook", _own_ledgers),
    ("kept ledgers in the workbook", _kept_sheets),
)


def summary_mark(grids) -> SummaryMark | None:
    """A summary written by merge says so in its properties; when an office suite dropped them,
    its sheets still tell (period and inbox unknown). None for any other workbook. What it lacked
    below: its property, or where it has none (written by an earlier version, or the properties
    dropped), the units its 未报单位 sheet lists. The units it counted: its properties' list (an
    upward workbook's), else its 明细's; the lower offices whose summaries it counted: its properties'."""
    props = getattr(grids, "properties", {})
    names = {g.name for g in grids}
    if SUMMARY_PERIOD_PROPERTY in props:
        lacked = props.get(SUMMARY_INCOMPLETE_PROPERTY) or missing_listed(grids)
        return SummaryMark(props[SUMMARY_PERIOD_PROPERTY], props.get(SUMMARY_UNIT_PROPERTY, ""),
                           props.get(SUMMARY_INBOX_PROPERTY, ""), lacked,
                           SUMMARY_BOOK if STATUS_SHEET in names else UPWARD_BOOK, props.get(SUMMARY_NOTICE_PROPERTY, ""),
                           units_marked(props) or units_listed(grids), units_marked(props, SUMMARY_OFFICES_PROPERTY),
                           props.get(SUMMARY_NEWEST_PROPERTY, ""))
    if {STATUS_SHEET, DETAIL_SHEET} <= names:
        return SummaryMark("", "", "", missing_listed(grids), units=units_listed(grids))
    return None


def own_output(grids) -> Problem | None:
    """What merge wrote other than a summary (those are read as a lower office's report, or set
    aside as this office's own: merge/inbox.py): the merged ledgers, the ranking workbook."""
    if merged_ledgers(grids):
        return Problem("file.merged-ledgers")
    what = getattr(grids, "properties", {}).get(OUTPUT_PROPERTY)
    return Problem("file.own-output", params={"what": what}) if what else None


def merged_ledgers(grids) -> bool:
    """The merged ledgers merge writes (合并台账): by their property, or, when an office suite
    dropped it, by every sheet's title."""
    if MERGED_LEDGER_PROPERTY in getattr(grids, "properties", {}):
        return True
    titles = [g.rows[0][0] for g in grids if g.rows and g.rows[0] and isinstance(g.rows[0][0], str)]
    return bool(titles) and len(titles) == len(grids) and all(MERGED_LEDGER_MARK in t for t in titles)


def mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _finish(sub: Submission) -> Submission:
    name, unit = sub.name, sub.unit  # the checks after _identify make theirs placed already
    sub.problems = [p if p.file == name and p.unit == unit else p.located(file=name, unit=unit)
                    for p in sub.problems]
    return sub


def _named_on_forms(sub: Submission, items) -> tuple[str, str] | None:
    """(label, name) when every filled form of the file names the same organisation."""
    names = {t.object if t.form == items.org.key else t.branch for t in sub.evaluations} - {""}
    if len(names) != 1:
        return None
    label = items.org.name_label if any(t.form == items.org.key for t in sub.evaluations) else items.member.name_label
    return label_word(label), names.pop()


def _name_without_tables(sub: Submission, found, grids, locator: Locator, ts: TableSet, named=None) -> None:
    """A file without the statistics tables: its unit as a 填报单位 line in it says (a table laid
    out its own way), else as its name does. ``named``: a kept ledger's namer, which reads its
    title first (陬市镇党委党员承诺践诺台账) and knows the ledger's words."""
    locator.header_lines(grids, found)
    typed = [(cell, text) for cell in found.units if (text := _unit_text(cell.raw))]
    wrong = next(((cell, text, what) for cell, text in typed if (what := not_a_name(cell.raw))), None)
    typed = [text for cell, text in typed if not not_a_name(cell.raw)]
    title = named.from_title(grids) if named is not None and not typed else None
    how = "其他表上填写的填报单位"
    if typed:
        sub.unit = typed[0]
    elif title is not None:
        sub.unit, sub.unit_guessed, how = title[2], True, "标题"
    else:
        code, params = name_by_path(sub, named or namer(ts.names))
        how = _HOW[code]
        if code == "unit.unnamed":  # whose ledger or forms these are cannot be told: said, never guessed
            place = {"sheet": wrong[0].sheet, "cell": wrong[0].ref} if wrong is not None else {}
            sub.problems.append(Problem(code, **place, params=params))
            wrong = None
    if wrong is not None:  # a date or a number where the name goes: said at its cell
        cell, text, what = wrong
        sub.problems.append(Problem("unit.not-a-name", sheet=cell.sheet, cell=cell.ref,
                                    params={"what": what, "text": text, "how": how, "unit": sub.unit}))


def _unit_text(raw) -> str:
    """A 填报单位 cell's text as shown: a number as typed (12345, not the reader's 12345.0), a
    date cell as its day (2011-06-20)."""
    if type(raw) is float and abs(raw) < 1e15:
        raw = number_text(raw)
    elif isinstance(raw, dt.datetime) and raw.time() == dt.time():
        raw = raw.date()
    return clean_text(str(raw))


def _identify(sub: Submission, found, grids, ts: TableSet, from_forms: tuple[str, str] | None = None) -> None:
    """The unit (填报单位) of a submission. A 填报单位 that can be no name (a date, a number) is
    read as not filled in, and said at its cell."""
    typed = [(c, u, not_a_name(c.raw)) for c in found.units if (u := _unit_text(c.raw))]
    units = [(c, u) for c, u, what in typed if not what]
    wrong = [(c, u, what) for c, u, what in typed if what]
    where = {}
    if units:
        cell, sub.unit = units[0]
        sub.unit_cell, where = cell, {"sheet": cell.sheet, "cell": cell.ref}
        for cell, other in units[1:]:
            if normalise(other) != normalise(sub.unit):
                sub.problems.append(
                    Problem("unit.inconsistent", sheet=cell.sheet, cell=cell.ref,
                            params={"unit": sub.unit, "other": other})
                )
                break
        how = "其他表上填写的填报单位"
    else:
        slot = found.unit_slots[0] if found.unit_slots else None
        where = {"sheet": slot.sheet if slot else "", "cell": slot.ref if slot else ""}
        code, place, params, how = _unit_elsewhere(sub, grids, ts, from_forms, where)
        if code == "unit.unnamed" and wrong:  # no unit taken: the date or number is said by this error
            place, wrong = {"sheet": wrong[0][0].sheet, "cell": wrong[0][0].ref}, []
        if not wrong:
            sub.problems.append(Problem(code, **place, params=params))
    if wrong:  # a date or a number where the name goes: said at its cell, the name taken as above
        cell, text, what = wrong[0]
        sub.problems.append(Problem("unit.not-a-name", sheet=cell.sheet, cell=cell.ref,
                                    params={"what": what, "text": text, "how": how, "unit": sub.unit}))
    if normalise(sub.unit) == normalise(TOTAL):
        renamed = f"{sub.unit}(单位)"
        sub.problems.append(Problem("unit.reserved-name", **where, params={"unit": sub.unit, "renamed": renamed}))
        sub.unit = renamed


def _unit_elsewhere(sub: Submission, grids, ts: TableSet, from_forms, where: dict) -> tuple[str, dict, dict, str]:
    """No 填报单位: the unit from the forms, the title or the file's name (set on ``sub``); the
    problem that says so (code, where, params) and where the name came from, in words."""
    if from_forms is not None:  # forms without 填报单位, all of one organisation
        label, sub.unit = from_forms
        sub.unit_guessed = True  # a branch's name: the roster may know the unit from the file's name
        return "unit.from-form", where, {"label": label, "unit": sub.unit}, f"评议表上的“{label}”"
    if (title := namer(ts.names).from_title(grids)) is not None:  # 平口镇党委领导点评全程记实台账
        sheet, cell, name = title
        sub.unit, sub.unit_guessed = name, True
        return "unit.from-title", {"sheet": sheet, "cell": cell}, {"unit": name}, "标题"
    code, params = name_by_path(sub, namer(ts.names))
    return code, where, params, _HOW[code]


_HOW = {"unit.from-filename": "文件名", "unit.from-folder": "所在文件夹的名称", "unit.unnamed": ""}  # 暂按{how}认作


def _read_date(sub: Submission, found, period: Period | None, date1904: bool = False) -> None:
    """The date (填报时间) of a submission: the latest one its tables give (a date without the
    year, 6月28日, in the period's year; a bare number in the workbook's own date system)."""
    window = period.window if period is not None else None
    for cell in found.dates:
        date = _date(cell.raw, window, date1904)
        if date is None:
            sub.problems.append(
                Problem("date.unreadable", sheet=cell.sheet, cell=cell.ref,
                        params={"text": clean_text(str(cell.raw), 30)})
            )
            continue
        if sub.date is None or date > sub.date:
            sub.date, sub.date_cell = date, cell


_dates = lru_cache(maxsize=4096, typed=True)(parse_date)  # the same few dates, file after file


def _date(raw, window=None, date1904=False):
    """parse_date of a 填报时间, each value worked out once."""
    try:
        return _dates(raw, window, date1904)
    except TypeError:  # a value that is no key
        return parse_date(raw, window, date1904)


def _parse_values(sub: Submission, ts: TableSet, flagged: dict[str, dict[str, str]]) -> None:
    values, cells = sub.values, sub.cells
    if flagged:  # cells read blank somewhere: one by one
        for key, (sheet, _, _, raw) in cells.items():
            if type(raw) is float and 0 <= raw <= MAX_COUNT and raw.is_integer() and sheet not in flagged:
                values[key] = int(raw)
            else:
                _parse_value(sub, key, cells[key], flagged)
        return
    # the common case at once: a count as calamine gives it; None holds the place of any other
    counts, others = _counts(raws_of(cells))
    values.update(zip(cells, counts))
    if others:
        keys = list(cells)
        for i in others:
            _parse_value(sub, keys[i], cells[keys[i]], flagged)


_WHOLE = 4096  # whole floats below it are read through one table (_whole)


@lru_cache(maxsize=1)
def _whole() -> dict[float, int]:
    return {float(n): n for n in range(_WHOLE)}


def _count(raw) -> int | None:
    """A count as calamine gives it (a whole float, not negative), else None."""
    return int(raw) if type(raw) is float and 0 <= raw <= MAX_COUNT and raw.is_integer() else None


def _counts(raws: list) -> tuple[list[int | None], list[int]]:
    """_count of each value, and where it is None (in order); at once through a table where the
    values are floats and texts (a text never equals a key; an int or a bool would equal 1.0's:
    those one by one)."""
    if not set(map(type, raws)) <= {float, str}:
        counts = list(map(_count, raws))
        return counts, [i for i, n in enumerate(counts) if n is None] if None in counts else []
    counts = list(map(_whole().get, raws))  # None for a text, a fraction, a negative, nan, a larger one
    if None not in counts:
        return counts, []
    others = [i for i, n in enumerate(counts) if n is None]
    for i in others:
        counts[i] = _count(raws[i])
    return counts, [i for i in others if counts[i] is None]


def _parse_value(sub: Submission, key: Key, cell, flagged: dict[str, dict[str, str]]) -> None:
    """A value that is not a count as calamine gives it: read, or its problem said and left out."""
    flag = flagged[cell.sheet].get(cell.ref) if cell.sheet in flagged else None
    if flag:  # the reader gives these as blank: never let them count as 0
        if is_formula_flag(flag):  # its text kept ("" when not known), for the return file to show it again
            code, said = "value.formula-no-value", "" if flag == "formula" else flag
        else:
            code = "value.error-cell"
            said = flag if flag.startswith("#") or flag.startswith("Err:") else "#错误值"  # as written (#DIV/0!)
        sub.problems.append(Problem(code, sheet=cell.sheet, cell=cell.ref, target=key,
                                    params={"text": said, "label": key.label()}))
        sub.values.pop(key, None)
        return
    printed = label_unit(key)
    parsed = parse_count(cell.raw, printed)
    if parsed.code:
        params = {"text": clean_text(parsed.text, 30), "value": parsed.value, "label": key.label()}
        if parsed.unit:
            params |= {"typed": parsed.unit, "printed": printed}
        code = parsed.code
        if code == "value.not-integer" and type(cell.raw) is float:  # as the unit sees it: 12% for 0.12
            decimals = percent_places(sub.path, cell.sheet).get(cell.ref)
            if decimals is not None:
                code, params["shown"] = "value.percent", percent_text(cell.raw, decimals)
        sub.problems.append(Problem(code, file=sub.name, sheet=cell.sheet, cell=cell.ref, unit=sub.unit, target=key,
                                    params=params))
    if parsed.value is not None:
        sub.values[key] = parsed.value
    else:
        sub.values.pop(key, None)


def _rule_rounds(ts: TableSet, period: Period | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the rounds due in the period, every round): a rule is checked in one or the other."""
    all_rounds = tuple(r.label for r in ts.rounds)
    return (ts.due_rounds(period.half) if period else all_rounds), all_rounds


def prepare_rules(ts: TableSet, period: Period | None) -> None:
    """Compile the declared rules as a file's check would (a merge: before its workers start)."""
    due, all_rounds = _rule_rounds(ts, period)
    for rule in ts.rules:
        prepare_rule(rule, ts.tables_by_key, due if rule.due_rounds_only else all_rounds)


def _run_rules(sub: Submission, ts: TableSet, period: Period | None) -> None:
    """Each rule's failures as run_rule(..., lookup=...) gives them (rules.failed_places: the same
    places, params and order, without an Outcome each)."""
    tables = ts.tables_by_key
    due, all_rounds = _rule_rounds(ts, period)
    lookup = sub.values.__getitem__  # a plain (table, category, metric, round) tuple finds the Key: same hash
    for rule in ts.rules:
        rounds = due if rule.due_rounds_only else all_rounds
        failed = failed_places(rule, tables, rounds, lookup)
        if not failed:
            continue
        places, ref = rule.walks[rounds], rule.refs[0]
        for n, values, lhs, rhs in failed:
            place = places[n]
            target = rule.targets.get(place)
            if target is None:
                target = rule.targets[place] = _target(ts, ref, *place)
            cell = sub.cells.get(target)
            sub.problems.append(_failure(rule, outcome_params(rule.id, place, lhs, rhs, values), sub,
                                         cell.sheet if cell else "", _summed_cells(sub, ts, ref, target, cell), target))


def _failure(rule, params: tuple[tuple, tuple], sub: Submission, sheet: str, cell: str, target: Key) -> Problem:
    """A declared rule's failure at one place: its message's names and its severity were checked
    when the table set was loaded, its params ((names, values)) hold every name (the standard
    ones and its lets)."""
    names, values = params
    if not rule.message:
        return Problem(rule.code, file=sub.name, sheet=sheet, cell=cell, unit=sub.unit, params=dict(zip(names, values)),
                       severity=rule.severity, template=rule.message, target=target)
    return Problem.checked(rule.code, sub.name, sheet, cell, sub.unit, names, values,
                           rule.severity, rule.message, target)


def _target(ts: TableSet, ref, table: str, category: str, rnd: str) -> Key:
    """The value a rule's failure at one place is about (kept by the rule, per place): the checked
    row in the place's category; for a rule over named categories (小计 == 党委 + 党总支), the one
    its checked row names (the 小计's cell, not the first category's)."""
    target = Key(ref.table or table, category or ref.category or _first_category(ts, ref, table),
                 ref.metric, ref.round or rnd)
    if not ts.tables_by_key[target.table].row(target.metric).rounds:
        target = target._replace(round="")
    return target


def _summed_cells(sub: Submission, ts: TableSet, ref, target: Key, cell) -> str:
    """Where a failure points: the checked cell; for a rule over whole tables, the row it adds
    up (the C5:I5 of a block's base row), when its cells stand in one row of one sheet."""
    if cell is None:
        return ""
    if not ref.summed:
        return cell.ref
    table = ts.table(target.table)
    categories = table.blocks[ref.block - 1] if ref.block else table.categories
    cells = [sub.cells.get(target._replace(category=c)) for c in categories]
    if any(c is None or c.sheet != cell.sheet or c.row != cell.row for c in cells):
        return cell.ref
    first, last = min(cells, key=lambda c: c.col), max(cells, key=lambda c: c.col)
    return f"{first.ref}:{last.ref}"


def _first_category(ts: TableSet, ref, table: str) -> str:
    return ts.table(ref.table or table).categories[0]


def _check_period(sub: Submission, ts: TableSet, period: Period) -> None:
    start, end = period.window
    if sub.date is not None and not start <= sub.date <= end:
        cell = sub.date_cell
        sub.problems.append(Problem("date.outside-period", sheet=cell.sheet, cell=cell.ref,
                                    params={"date": sub.date.isoformat(), "period": period.zh,
                                            "start": start.isoformat(), "end": end.isoformat(),
                                            "mixup": period.mixup}))
    most = ts.ceilings if sub.summary_mark is None else {}  # a value no unit can have: said as that alone
    sub.problems += rounds_early(sub, ts, period, most)


def rounds_early(sub: Submission, ts: TableSet, period: Period, most: dict, keys=None) -> list[Problem]:
    """A round of a later period filled already (period.second-round-early), at each of its cells
    (``keys``: of these alone); a value above ``most`` is said as one no unit can have instead."""
    later = {r.label for r in ts.rounds if r.half > period.half}
    early = [(key, value) for key, value in sub.values.items()
             if value and key.round in later and value <= most.get(key, value)
             and (keys is None or key in keys)] if later else ()
    return [Problem("period.second-round-early", sheet=(cell := sub.cells[key]).sheet, cell=cell.ref, target=key,
                    params={"period": period.zh, "category": key.category, "metric": key.metric,
                            "round": key.round, "value": value,
                            "later": period.calendar.spec(ts.round_half(key.round)).name})
            for key, value in early]
