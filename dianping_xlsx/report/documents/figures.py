"""The figures of the documents, as texts, from a merge result's Summary.

Nothing is counted here: every number is one the Summary holds (merge/summary.py, rates.py,
evaluated.py), written as the summary workbook shows it (rates to 0.1% as Excel's "0.0%"
format rounds them: the decimal value half up, never Python's half-even on the binary one).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from ...catalogue import ERROR, WARNING
from ...definitions import ItemSet
from ...definitions.documents import ALL_ITEMS, DocumentSet
from ...merge.evaluated import EvalBlock, EvalRow, satisfied_rate
from ...merge.rates import RateSheet
from ...merge.result import MergeResult
from ..workbook import date_text

NOT_APPLICABLE = "—"  # as the summary shows a rate without a base
LIST = "、"


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
            "document": document, "date": date_text(day), "year": result.period.year}


def _units(names) -> str:
    return LIST.join(dict.fromkeys(names)) or "无"


def reporting(result: MergeResult, ds: DocumentSet) -> dict:
    """The fields of the circular's text paragraphs."""
    s = result.summary
    late = list(dict.fromkeys(e.unit for e in s.late))
    kinds = [k for k in s.kinds if k.severity in (ERROR, WARNING)]
    return {
        "files": s.files, "units": s.units, "reporting": s.reporting_units, "on_time": s.reporting_units - len(late),
        "late": len(late), "late_units": _units(late), "due": date_text(s.due) if s.due else "规定时间",
        "roster": s.roster_size or 0, "missing": len(s.missing), "missing_units": _units(u.name for u, _ in s.missing),
        "returned": len(s.rejected), "returned_units": _units(e.unit for e in s.rejected),
        "clean": s.clean_units, "warned": s.warned_units, "eval_units": s.evaluation_units,
        "problems": LIST.join(f"{k.title}({k.units}个单位{k.count}处)" for k in kinds),
        "threshold": f"{s.threshold:.0%}", "follow_count": len(s.follow_ups),
        "follow_names": LIST.join(f"{f.tally.object}({f.unit},{percent(f.share)})" for f in s.follow_ups),
        "uncovered": ";".join(f"{sheet.table.short}:{below}" for sheet in s.by_category
                              if (below := uncovered(sheet, ds))),
    }


def conditions(result: MergeResult, fields: dict) -> set[str]:
    """Which of the circular's conditions (documents.CONDITIONS) hold."""
    s = result.summary
    # 按时 only where lateness was checked: a deadline given (--due) or the notice's for units
    held = {"always", "late" if fields["late"] else "no_late" if s.due else "no_due"}
    held |= {name for name, yes in (
        ("returned", s.rejected), ("missing", s.missing), ("roster", s.roster_size is not None),
        ("evaluations", bool(evaluated_blocks(s.evaluations))), ("follow_ups", s.follow_ups),
        ("uncovered", fields["uncovered"]), ("problems", fields["problems"]),
        ("complete", s.complete), ("incomplete", not s.complete)) if yes}
    return held


def shown_columns(sheet: RateSheet) -> list[int]:
    """The rate sheet's columns worth printing: a rate no row has (a round not yet due), with
    its count of zeros, is left out."""
    empty = {j for j, kind in enumerate(sheet.kinds) if kind == "rate" and all(r.cells[j] is None for r in sheet.rows)}
    zeros = {j for j in range(len(sheet.kinds)) if j + 1 in empty and all(r.cells[j] == 0 for r in sheet.rows)}
    return [j for j in range(len(sheet.kinds)) if j not in empty | zeros]


def figures(sheet: RateSheet, cells: list, template: str) -> str:
    return ",".join(template.format(heading=sheet.headings[j], value=count(cells[j], sheet.kinds[j]))
                    for j in shown_columns(sheet))


def uncovered(sheet: RateSheet, ds: DocumentSet) -> str:
    """Categories of a rate sheet with a rate below 100%, and those rates."""
    out = []
    for row in sheet.rows:
        low = [j for j in shown_columns(sheet) if sheet.kinds[j] == "rate" and row.cells[j] is not None
               and row.cells[j] < 1]
        if low and not row.total:
            text = LIST.join(f"{sheet.headings[j]}{percent(row.cells[j])}" for j in low)
            out.append(ds.circular.below.format(category=row.label, figures=text))
    return LIST.join(out)


def coverage(sheet: RateSheet, ds: DocumentSet, n: int) -> dict:
    """The fields of a coverage paragraph: the total rows' figures (each block's where blocks stand apart)."""
    totals = [r for r in sheet.rows if r.total]
    parts = [figures(sheet, r.cells, ds.circular.figure) for r in totals]
    if len(totals) > 1:
        parts = [f"{r.label}:{p}" for r, p in zip(totals, parts)]
    return {"table": sheet.table.key, "short": sheet.table.short, "title": sheet.table.title,
            "figures": ";".join(parts), "below": uncovered(sheet, ds), "n": n}


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
    return {"form": block.form.key, "title": block.form.title, "units": units, "forms": row.forms,
            "item": item_label(ds, block.form), "rate": percent(row_rate(es, ds, block.form, row)),
            "unsatisfied": row.unsatisfied, "share": percent(row.share)}
