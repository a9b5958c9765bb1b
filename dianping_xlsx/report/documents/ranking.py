"""评先评优: units (and 党组织, 党员 where the forms name them) ranked by 满意率, with the counts
behind it; a basis for the decision, never the decision.

Ranks go by the 满意率 as shown (to 0.1%): equal shown rates are equal ranks, said 并列, and the
next rank skips (1, 1, 3). A row whose shown 不满意 share passes the document set's line is marked;
one whose 满意率 reaches its other line is noted. Rows without ticks come last, unranked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from ...definitions.documents import ALL_ITEMS, DocumentSet, Ranking
from ...merge.evaluated import by_object, satisfied_rate, unsatisfied
from ...merge.result import MergeResult
from ...model import OUTPUT_PROPERTY
from ...template.layout import WORKBOOK_OPTIONS, page_setup, set_property
from . import figures as fig

TIED = "并列"


@dataclass
class RankRow:
    names: list[str]  # unit; or object, unit, category
    forms: int
    counts: list[int]  # per option, of the item that stands for the form
    rate: float | None
    unsatisfied: int
    share: float | None
    rank: int | None = None
    tied: bool = False
    mark: str = ""
    over: bool = False


def shown(value: float | None) -> Decimal | None:
    """A rate as the reader sees it (95.8), so that what looks equal ranks equal."""
    return None if value is None else Decimal(fig.percent(value)[:-1])


def rank(rows: list[RankRow], r: Ranking) -> list[RankRow]:
    """Sorted by shown 满意率 (then name); ranks with ties; marks by the document set's lines."""
    rows = sorted(rows, key=lambda x: (x.rate is None, -(shown(x.rate) or 0), x.names))
    rates = [shown(x.rate) for x in rows]
    for x, rate in zip(rows, rates):
        if rate is not None:
            x.rank = 1 + sum(1 for other in rates if other is not None and other > rate)
            x.tied = rates.count(rate) > 1
        share = shown(x.share)
        x.over = share is not None and share > Decimal(r.unsatisfied_line * 100)
        good = rate is not None and r.satisfied_line and rate >= Decimal(r.satisfied_line * 100)
        x.mark = (r.over.format(line=f"{r.unsatisfied_line:.0%}") if x.over
                  else r.good.format(line=f"{r.satisfied_line:.0%}") if good else "")
    return rows


def _item_counts(es, ds: DocumentSet, form, counts_by_item: list[list[int]]) -> list[int]:
    item = ds.rate_item(form)
    if item == ALL_ITEMS:
        return [sum(c) for c in zip(*counts_by_item)]
    return counts_by_item[form.items.index(item)]


def unit_rows(result: MergeResult, ds: DocumentSet, block) -> list[RankRow]:
    es = result.options.items
    return [RankRow([row.first[0]], row.forms, _item_counts(es, ds, block.form, [i.counts for i in row.items]),
                    fig.row_rate(es, ds, block.form, row), row.unsatisfied, row.share)
            for row in block.rows if not row.total and row.first[1] == ""]


def object_rows(result: MergeResult, ds: DocumentSet, form) -> list[RankRow]:
    """Each 党组织 or 党员 a unit's forms name (forms of the same one added up, as 评议跟进 does)."""
    es = result.options.items
    out = []
    for unit, tallies in result.evaluations.items():
        for t in by_object(tallies):
            if t.form != form.key:
                continue
            counts = _item_counts(es, ds, form, [t.counts.get(i, [0] * len(es.options)) for i in form.items])
            bad, share = unsatisfied(es, t)
            who = f"{t.object}({t.branch})" if t.branch else t.object  # a member and its branch, as 评议跟进 says
            out.append(RankRow([who, unit, t.category], t.forms, counts, satisfied_rate(es, counts), bad, share))
    return out


def sheets(result: MergeResult, ds: DocumentSet) -> list[tuple[str, list[str], list[RankRow], str]]:
    """(sheet name, name headings, ranked rows, the rate item) per sheet; empty sheets left out."""
    es, r = result.options.items, ds.ranking
    out = []
    for block in fig.evaluated_blocks(result.summary.evaluations):
        form, item = block.form, fig.item_label(ds, block.form)
        out.append((r.unit_sheet.format(form=form.key), ["单位"], rank(unit_rows(result, ds, block), r), item))
        objects = rank(object_rows(result, ds, form), r)
        if objects:
            name = r.org_sheet if form is es.org else r.member_sheet
            out.append((name, [form.object_label, "所属单位", es.category], objects, item))
    return out


def write_ranking(result: MergeResult, ds: DocumentSet, path: Path, office: str, base: dict,
                  day: dt.date) -> None:
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": ds.ranking.title.format(**base, unit=office, forms=0, units=0, objects=""),
                       "author": "dianping-xlsx",  # dated the report day: a run again writes the same bytes
                       "created": dt.datetime.combine(day, dt.time())})
    set_property(wb, OUTPUT_PROPERTY, ds.ranking.file)  # never read as a unit's report, left in an inbox
    st = _Formats(wb)
    for name, heads, rows, item in sheets(result, ds):
        _sheet(wb, st, result, ds, name, heads, rows, item, base)
    wb.close()


class _Formats:
    def __init__(self, wb):
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter", "border": 1}
        self.heading = wb.add_format({"font_name": "宋体", "font_size": 14, "bold": True})
        self.plain = wb.add_format({"font_name": "宋体", "font_size": 10, "italic": True, "text_wrap": True,
                                    "valign": "top"})
        self.th = wb.add_format(dict(base, bold=True, align="center", text_wrap=True, bg_color="#DDEBF7"))
        self.td, self.num = wb.add_format(dict(base, text_wrap=True)), wb.add_format(dict(base, num_format="0"))
        self.pct = wb.add_format(dict(base, num_format="0.0%"))
        self.na = wb.add_format(dict(base, align="center", font_color="#808080"))
        self.bad = wb.add_format(dict(base, text_wrap=True, font_color="#C00000", bold=True))
        self.center = wb.add_format(dict(base, align="center"))


def _sheet(wb, st, result, ds, name, heads, rows, item, base) -> None:
    es = result.options.items
    ws = wb.add_worksheet(name[:31])
    title = ds.ranking.title.format(**base, unit="", forms=0, units=0, objects="")
    ws.write_string(0, 0, f"{title}:{name}", st.heading)
    ws.merge_range(1, 0, 1, 8, f"满意率按“{item}”计算。{ds.ranking.note}", st.plain)
    ws.set_row(1, 30)
    headings = ["排名", TIED, *heads, es.forms_count, *es.options, "满意率", "不满意次数", "不满意占比", "提示"]
    for j, h in enumerate(headings):
        ws.write_string(3, j, h, st.th)
    for i, x in enumerate(rows, start=4):
        cells = [x.rank, TIED if x.tied else "", *x.names, x.forms, *x.counts, x.rate, x.unsatisfied, x.share, x.mark]
        rates = {len(headings) - 4, len(headings) - 2}
        for j, v in enumerate(cells):
            if v is None:
                ws.write_string(i, j, fig.NOT_APPLICABLE, st.na)
            elif j in rates:
                ws.write_number(i, j, v, st.pct)
            elif isinstance(v, int):
                ws.write_number(i, j, v, st.num)
            else:
                ws.write_string(i, j, v, st.bad if x.over and j == len(headings) - 1 else
                                st.center if j == 1 else st.td)
    ws.set_column(0, 1, 6)
    ws.set_column(2, 1 + len(heads), 22)
    ws.set_column(2 + len(heads), len(headings) - 2, 9)
    ws.set_column(len(headings) - 1, len(headings) - 1, 20)
    ws.freeze_panes(4, 0)
    page_setup(ws, f"{base['period']} {name}", repeat_rows=(3, 3), titled=True)
