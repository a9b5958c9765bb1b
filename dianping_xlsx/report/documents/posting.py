"""公示: the evaluation results, ready to post: the whole office's on the first page, then one
page per unit that reported evaluations, all in one .docx (a clerk prints the file once, or the
pages wanted, instead of opening a file per unit).

Each page: forms counted, per item the count of every option and the 满意率, and the form's
满意率 and 不满意 share, as the summary's 群众评议汇总 shows them (figures.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...definitions.documents import DocumentSet
from ...merge.evaluated import EvalBlock, EvalRow
from ...merge.result import MergeResult
from ...model import OUTPUT_PROPERTY
from . import figures as fig
from docx.shared import Pt
from .gbt import TEXT_WIDTH, WD_ALIGN_PARAGRAPH, official_document, paragraph, save, table, title

ITEM_MM = 72  # the item column: an item of 18 characters on one line
POSTING_LINE = 24  # points: a posted page is no 公文, its lines closer so that a unit fits one page
TABLE_PT = 11


def unit_rows(blocks: list[EvalBlock], unit: str) -> list[tuple[EvalBlock, EvalRow]]:
    """A unit's row in each form's block (the summary's row, never counted again)."""
    return [(b, r) for b in blocks for r in b.rows if not r.total and r.first == [unit, ""]]


def write_posting(result: MergeResult, ds: DocumentSet, path: Path, office: str, day: dt.date,
                  notice: str = "", document: str = "") -> None:
    s = result.summary
    p = ds.posting
    blocks = fig.evaluated_blocks(s.evaluations)
    base = fig.common(result, office, day, notice, document)
    totals = [(b, b.rows[-1]) for b in blocks]
    pages = [(p.office_title, p.office_intro, "", totals)]
    evaluated = result.evaluations
    pages += [(p.title, p.intro, unit, unit_rows(blocks, unit)) for unit in fig.in_roster_order(result, evaluated)]
    doc = official_document(p.office_title.format(**base, unit=office, forms=0, units=0, objects=""))
    for n, (head, intro, unit, rows) in enumerate(pages):
        fields = {**base, "unit": unit or office, "units": s.evaluation_units, "forms": sum(r.forms for _, r in rows),
                  "objects": fig.LIST.join(dict.fromkeys(t.object for t in evaluated.get(unit, []) if t.object))}
        _page(doc, result, ds, head.format(**fields), intro.format(**fields), rows, base, first=n == 0)
    save(doc, path, day, (OUTPUT_PROPERTY, p.file))  # never read as a unit's file, left in an inbox


def _page(doc, result: MergeResult, ds: DocumentSet, head: str, intro: str,
          rows: list[tuple[EvalBlock, EvalRow]], base: dict, first: bool) -> None:
    p, es = ds.posting, result.options.items
    title(doc, head)
    if not first:  # each unit on a page of its own
        doc.paragraphs[-2].paragraph_format.page_break_before = True
    doc.paragraphs[-1].paragraph_format.line_spacing = Pt(POSTING_LINE / 2)  # the blank line under the title
    _compact(paragraph(doc, intro))
    for block, row in rows:
        fields = {**base, **fig.evaluation(es, ds, block, row)}
        cap = _compact(paragraph(doc, p.caption.format(**fields), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER))
        cap.paragraph_format.keep_with_next = True
        lines = [[item, *(str(n) for n in stats.counts), fig.percent(stats.satisfied)]
                 for item, stats in zip(block.form.items, row.items)]
        rest = (TEXT_WIDTH.mm - ITEM_MM) / (len(es.options) + 1)
        table(doc, [p.item_heading, *es.options, p.rate_heading], lines,
              [ITEM_MM, *[rest] * (len(es.options) + 1)], size=TABLE_PT)
        _compact(paragraph(doc, p.summary.format(**fields)))
    _compact(paragraph(doc, p.note.format(**base), indent=False))
    _compact(paragraph(doc, p.closing.format(**base))).paragraph_format.keep_with_next = True  # signed beside it
    sign = _compact(paragraph(doc, p.sign.format(**base), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4))
    sign.paragraph_format.space_before = doc.styles["Normal"].font.size
    sign.paragraph_format.keep_with_next = True
    _compact(paragraph(doc, base["date"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4))


def _compact(p):
    p.paragraph_format.line_spacing = Pt(POSTING_LINE)
    return p
