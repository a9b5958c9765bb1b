"""The figures of the documents, as texts, from a merge result's Summary.

Nothing is counted here: every number is one the Summary holds (merge/summary.py, rates.py,
evaluated.py), written as the summary workbook shows it (rates to 0.1% as Excel's "0.0%"
format rounds them: the decimal value half up, never Python's half-even on the binary one).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from ...catalogue import ERROR, WARNING
from ...merge.kinds import KindRow, problem_kinds, rule_names
from ...definitions import ItemSet
from ...definitions.documents import ALL_ITEMS, DocumentSet
from ...merge.evaluated import EvalBlock, EvalRow, satisfied_rate
from ...merge.rates import COVERAGE, RateSheet, rate_columns
from ...merge.result import MergeResult
from ...merge.roster import NameKey
from ...merge.reporting import NOT_QUALITY, in_roster_order
from ...merge.summary import over_offices
from ...model import SUPERSEDED
from ...problems import SEVERITY_ORDER, kinds_of, units_of
from ..workbook import date_text

NO_AREA = "本地区"  # an office whose name says no place (and a document set without its word)
# a merge without the office's name (no --unit-name): a blank to fill where the name goes, seen as one
NO_OFFICE = "（单位名称）"
NOT_APPLICABLE = "—"  # as the summary shows a rate without a base
LIST = "、"
# the punctuation the code joins into running text: full-width, as official documents write Chinese
COMMA, COLON, SEMICOLON, OPEN, CLOSE = "\uff0c", "\uff1a", "\uff1b", "\uff08", "\uff09"
HALF_WIDTH = str.maketrans({",": COMMA, ":": COLON, ";": SEMICOLON, "(": OPEN, ")": CLOSE})
# NOT_QUALITY (merge/reporting.py): problems the circular says each in its own paragraph, never as report quality


def percent(value: float | None) -> str:
    """A rate as the summary's "0.0%" cells show it: 95.8%, 6.3% for 0.0625, "—" for None."""
    if value is None:
        return NOT_APPLICABLE
    shown = (Decimal(f"{value:.15g}") * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%"


def count(value: int | float | None, kind: str) -> str:
    if value is None:
        return NOT_APPLICABLE
    return percent(value) if kind == "rate" else str(value)


def common(result: MergeResult, office: str, day: dt.date, notice: str = "", document: str = "") -> dict:
    return {"office": office, "period": result.period.zh, "notice": notice or result.ts.name,
            "document": document, "date": date_text(day), "year": result.period.year,
            "area": area(result, office)}


def area(result: MergeResult, office: str) -> str:
    """The office's area as its documents say it (全县 for 安化县委创先办, 全市 for a city's office):
    the document set's word where it gives one, else 全 and the level of the place the office's
    name starts with (the table set's names.place), else NO_AREA."""
    notice = result.options.notice
    ds = notice.document_set if notice is not None else None
    if ds is not None and ds.area:
        return ds.area
    place = level(result, office)
    return f"全{place}" if place else NO_AREA


def level(result: MergeResult, office: str) -> str:
    """The level of the place the office's name starts with (县, 市, 省: its last character), "" when none."""
    return NameKey(result.ts.names).place_of(office)[-1:]


def recipients(result: MergeResult, ds: DocumentSet, office: str) -> str:
    """Whom the circular is addressed to, as the document set says it for the office's level."""
    return ds.circular.recipients_for(level(result, office), over_offices(result))


def _units(names) -> str:
    return LIST.join(dict.fromkeys(names)) or "无"


def label(text: str) -> str:
    """A label of the notice's tables or forms (a row, a column heading, a title, a problem's title)
    as it enters a sentence of a document: its punctuation full-width, 合计（书记） and 中央和外省（区、市）
    in running text. Workbooks, and the tables inside the documents, keep the labels as the
    workbooks show them: the units' files are matched by them, and a table is read against its sheet."""
    return text.translate(HALF_WIDTH)


def official(text: str) -> str:
    """Words from elsewhere (a lower office's note of what it lacks) as running text of a document:
    full-width punctuation, no spaces between Chinese and figures."""
    text = label(text)
    return re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", text)


def reporting(result: MergeResult, ds: DocumentSet) -> dict:
    """The fields of the circular's text paragraphs."""
    s = result.summary
    late = s.late_units
    kinds = quality_kinds(result)
    lower = [(e.unit, official(e.submission.summary_mark.incomplete)) for e in s.below]
    lacking = s.lacking
    return {
        "files": s.reported_files, "reporting": s.reporting_units, "on_time": s.reporting_units - len(late),
        "late": len(late), "late_units": _units(late), "due": date_text(s.due) if s.due else "规定时间",
        "roster": s.roster_size or 0, "missing": len(s.missing), "missing_units": _units(u.name for u, _ in s.missing),
        "returned": len(returned_files(result)), "returned_units": _units(returned_units(result)),
        "off_roster": len(s.off_roster), "off_roster_returned": len(s.returned) - len(returned_files(result)), "off_roster_files": LIST.join(f"{e.name}{OPEN}填报单位“{e.unit}”{CLOSE}"
                                                                       for e, _ in s.off_roster),
        **adopted_units(result), "eval_units": s.evaluation_units,
        "problems": LIST.join(f"{label(title)}{OPEN}{units}个单位{n}处{CLOSE}"
                              for title, units, n in problem_titles(result, kinds)),
        "threshold": f"{s.threshold:.0%}", "follow_count": len(s.follow_ups),
        "follow_names": LIST.join(f"{f.tally.object}{OPEN}{f.unit}{COMMA}{percent(f.share)}{CLOSE}"
                                  for f in s.follow_ups),
        "uncovered": SEMICOLON.join(f"{label(sheet.table.short)}{COLON}{below}" for sheet in s.by_category
                                    if (below := uncovered(sheet, ds))),
        "below": len(lower), "below_names": _units(u for u, _ in lower),
        "below_units": LIST.join(f"{unit}{OPEN}{what}{CLOSE}" if what else unit for unit, what in lower),
        "lacking": len(s.lacking_units),
        "lacking_units": SEMICOLON.join(f"{label(material)}{OPEN}{LIST.join(units)}{CLOSE}" for material, units in lacking.items()),
    }


def quality_kinds(result: MergeResult) -> list[KindRow]:
    """The kinds of problem of the reports themselves (NOT_QUALITY left out), errors and warnings, in
    the files of units on the roster (a file off it is said apart, by its file)."""
    kinds = problem_kinds((e.problems for e in _reports(result)), rule_names(result.ts))
    return [k for k in kinds if k.severity in (ERROR, WARNING) and k.code not in NOT_QUALITY]


def _reports(result: MergeResult) -> list:
    """The files whose problems the circular counts: not superseded, of units on the roster."""
    off = {id(e) for e, _ in result.summary.off_roster}
    return [e for e in result.entries if e.status != SUPERSEDED and id(e) not in off]


def returned_files(result: MergeResult) -> list:
    """The files returned to units of the roster. A file whose unit is not on the roster is said
    apart, by its file (a branch's 填报单位 is no unit the circular's readers know), even when its own
    errors send it back (off_roster_returned); one this office's machine could not read goes back to no one."""
    off = {id(e) for e, _ in result.summary.off_roster}
    return [e for e in result.summary.returned if id(e) not in off]


def returned_units(result: MergeResult) -> list[str]:
    """The units of the files returned, in the roster's order."""
    return in_roster_order(result, (e.unit for e in returned_files(result)))


def adopted_units(result: MergeResult) -> dict:
    """The units whose statistics tables were adopted ({units}), and of them those with nothing of
    their reports to verify ({clean}) and those with a warning or an error in any of their files, a
    returned ledger or form too ({warned}): the two add up to the first, and are 审核问题's counts
    (Summary, merge/reporting.unit_outcomes: a late file or a material missing is said apart)."""
    s = result.summary
    return {"units": s.clean_units + s.warned_units, "clean": s.clean_units, "warned": s.warned_units}


def problem_titles(result: MergeResult, kinds: list[KindRow]) -> list[tuple[str, int, int]]:
    """(title, units, places) of the kinds, kinds of one title said once (three codes are 未填填报单位:
    the unit taken from the file name, the title or the form): their units counted again together."""
    groups: dict[str, list[KindRow]] = {}
    for k in kinds:
        groups.setdefault(k.title, []).append(k)
    rows = [(min(SEVERITY_ORDER[k.severity] for k in ks), k0.title,
             k0.units if len(ks) == 1 else _units_with(result, {(k.code, k.severity) for k in ks}),
             sum(k.count for k in ks)) for k0, ks in ((ks[0], ks) for ks in groups.values())]
    return [(title, units, n) for _, title, units, n in sorted(rows, key=lambda r: (r[0], -r[2], -r[3], r[1]))]


def _units_with(result: MergeResult, kinds: set[tuple[str, str]]) -> int:
    """How many units have a problem of these (code, severity) kinds, in the files counted (_reports)."""
    units: set[str] = set()
    for e in _reports(result):
        hits = [i for i, kind in enumerate(kinds_of(e.problems)) if kind in kinds]
        whose = units_of(e.problems) if hits else set()
        units |= whose if len(whose) == 1 else {e.problems[i].unit for i in hits}
    return len(units)


def conditions(result: MergeResult, fields: dict) -> set[str]:
    """Which of the circular's conditions (documents.CONDITIONS) hold."""
    s = result.summary
    # 按时 only where lateness was checked: a deadline given (--due) or the notice's for units
    # 均按时 only when every unit due has reported: with units still missing, the ones that reported
    on_time = "no_late_missing" if s.missing or s.gone else "no_late"
    held = {"always", "late" if fields["late"] else on_time if s.due else "no_due"}
    units, clean, warned = fields["units"], fields["clean"], fields["warned"]
    held |= {name for name, yes in (
        ("returned", fields["returned"]), ("off_roster", s.off_roster),
        ("off_roster_returned", fields["off_roster_returned"]), ("missing", s.missing),
        ("roster", s.roster_size is not None), ("all_in", s.roster_size is not None and not s.missing),
        ("owing", s.missing or fields["returned"]), ("below", s.below), ("lacking", fields["lacking"]),
        ("some_on_time", fields["late"] and fields["on_time"]), ("all_late", fields["late"] and not fields["on_time"]),
        ("figures", units), ("no_figures", not units), ("all_clean", units and not warned),
        ("all_warned", units and not clean), ("clean_and_warned", clean and warned),
        ("evaluations", bool(evaluated_blocks(s.evaluations))), ("follow_ups", s.follow_ups),
        ("uncovered", fields["uncovered"]), ("problems", fields["problems"]),
        ("complete", s.complete), ("incomplete", not s.complete)) if yes}
    return held | {"offices" if over_offices(result) else "units"}


def shown_columns(sheet: RateSheet) -> list[int]:
    """The rate sheet's columns worth printing: a rate no row has (a round not yet due), with
    its count of zeros, is left out."""
    empty = {j for j, kind in enumerate(sheet.kinds) if kind == "rate" and all(r.cells[j] is None for r in sheet.rows)}
    zeros = {j for j in range(len(sheet.kinds)) if j + 1 in empty and all(r.cells[j] == 0 for r in sheet.rows)}
    return [j for j in range(len(sheet.kinds)) if j not in empty | zeros]


def figures(sheet: RateSheet, cells: list, template: str) -> str:
    return COMMA.join(template.format(heading=label(sheet.headings[j]), value=count(cells[j], sheet.kinds[j]))
                    for j in shown_columns(sheet))


def coverage_columns(sheet: RateSheet) -> list[int]:
    """The shown columns of coverage rates (覆盖率: those covered of a total), not of other rates
    (践诺率, 满意率): only those say that a category is not fully covered."""
    names = [sheet.table.row(key.metric).rate if kind == "rate" else "" for _, key, kind in rate_columns(sheet.table)]
    return [j for j in shown_columns(sheet) if sheet.kinds[j] == "rate" and names[j].endswith(COVERAGE)]


def uncovered(sheet: RateSheet, ds: DocumentSet) -> str:
    """Categories of a rate sheet with a coverage rate below 100%, and those rates; never a total
    or a subtotal (小计, the sum of other categories: its parts are listed themselves)."""
    out = []
    for row in sheet.rows:
        low = [j for j in coverage_columns(sheet) if row.cells[j] is not None and row.cells[j] < 1]
        if low and not row.total and not sheet.table.included(row.label):
            text = LIST.join(f"{label(sheet.headings[j])}{percent(row.cells[j])}" for j in low)
            out.append(ds.circular.below.format(category=label(row.label), figures=text))
    return LIST.join(out)


def coverage(sheet: RateSheet, ds: DocumentSet, n: int) -> dict:
    """The fields of a coverage paragraph: the total rows' figures (each block's where blocks stand apart)."""
    totals = [r for r in sheet.rows if r.total]
    parts = [figures(sheet, r.cells, ds.circular.figure) for r in totals]
    if len(totals) > 1:
        parts = [f"{label(r.label)}{COLON}{p}" for r, p in zip(totals, parts)]
    return {"table": sheet.table.key, "short": label(sheet.table.short), "title": label(sheet.table.title),
            "figures": SEMICOLON.join(parts), "below": uncovered(sheet, ds), "n": n}


def evaluated_blocks(blocks: list[EvalBlock]) -> list[EvalBlock]:
    """The forms any unit reported (a form nobody filled has only an empty total row)."""
    return [b for b in blocks if b.rows[-1].forms]


def row_rate(es: ItemSet, ds: DocumentSet, form, row: EvalRow) -> float | None:
    """The 满意率 that stands for a row: its rate item's, or all items' together."""
    item = ds.rate_item(form)
    if item == ALL_ITEMS:
        return satisfied_rate(es, [sum(c) for c in zip(*(i.counts for i in row.items))])
    return row.items[form.items.index(item)].satisfied


def item_label(ds: DocumentSet, form) -> str:
    item = ds.rate_item(form)
    return "全部项目" if item == ALL_ITEMS else item


def evaluation(es: ItemSet, ds: DocumentSet, block: EvalBlock, row: EvalRow) -> dict:
    """The fields of an evaluation sentence or caption, for one row (a unit's, or the total)."""
    units = sum(1 for r in block.rows if not r.total and r.first[1] == "")
    return {"form": block.form.key, "title": label(block.form.title), "units": units, "forms": row.forms,
            "item": label(item_label(ds, block.form)), "rate": percent(row_rate(es, ds, block.form, row)),
            "unsatisfied": row.unsatisfied, "share": percent(row.share)}
