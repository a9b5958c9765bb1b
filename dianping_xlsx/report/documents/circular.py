"""情况通报: the circular an office sends its units after a round, drafted from the merge.

Every sentence is a template of the notice's document set; every figure is one of the Summary's
(figures.py). Headings are numbered 一、二、… as they are written (a section left out, such as
the evaluation results of a notice without forms, leaves no gap); numbered paragraphs (一)(二)….
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.shared import RGBColor

from ...definitions.documents import DocumentSet, Paragraph
from ...merge.result import MergeResult
from ...model import OUTPUT_PROPERTY
from ...text import display_width
from . import columns
from . import figures as fig
from .gbt import TEXT_WIDTH, WD_ALIGN_PARAGRAPH, official_document, paragraph, save, table, title

NUMERALS = "一二三四五六七八九十"
LATENESS = ("due", "late", "late_units", "on_time")  # the fields a doubtful deadline makes doubtful
OPEN, CLOSE = fig.OPEN, fig.CLOSE


def numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else f"十{NUMERALS[n - 11]}"


def write_circular(result: MergeResult, ds: DocumentSet, path: Path, office: str, day: dt.date,
                   notice: str = "", document: str = "") -> None:
    base = fig.common(result, office, day, notice, document)
    fields = {**base, **fig.reporting(result, ds)}
    held = fig.conditions(result, fields)
    c = ds.circular
    doc = official_document(c.title.format(**fields))
    title(doc, c.title.format(**fields))
    paragraph(doc, fig.recipients(result, ds, office).format(**fields), indent=False)
    _body(doc, result, ds, [para for para in c.paragraphs if para.when in held], fields, held, base)
    _sign(doc, c.sign.format(**fields), base["date"])
    save(doc, path, day, (OUTPUT_PROPERTY, c.file))  # never read as a unit's file, left in an inbox


def _body(doc, result: MergeResult, ds: DocumentSet, paragraphs: list[Paragraph], fields: dict, held: set[str],
          base: dict) -> None:
    """The paragraphs whose condition holds; a heading only where a paragraph of its section follows
    (numbered 一、二、… as written: a section without any leaves no gap and no empty heading)."""
    heading = numbered = 0
    pending = ""  # the heading of the section, written before its first paragraph
    doubt = result.summary.due_note  # the drafter's to-do, said once beside the first sentence of lateness
    for para in paragraphs:
        if para.kind == "heading":
            pending, numbered = para.text.format(**fields), 0
            continue
        if pending:
            heading += 1
            paragraph(doc, f"{numeral(heading)}、{pending}", heading=True)
            pending = ""
        if para.kind == "coverage":
            _coverage(doc, result, ds, para, base)
        elif para.kind == "evaluation":
            _evaluation(doc, result, ds, para, base)
        else:
            numbered += para.numbered
            prefix = f"{OPEN}{numeral(numbered)}{CLOSE}" if para.numbered else ""
            clauses = "".join(c.text.format(**fields) for c in para.clauses if c.when in held)
            paragraph(doc, prefix + para.text.format(**fields, clauses=clauses))
            if doubt and any(f"{{{name}}}" in para.text for name in LATENESS):
                _note(doc, doubt)
                doubt = ""


def _coverage(doc, result: MergeResult, ds: DocumentSet, para: Paragraph, base: dict) -> None:
    """Per table: the sentence of its totals, then its categories in a table under a caption."""
    for n, sheet in enumerate(result.summary.by_category, start=1):
        fields = {**base, **fig.coverage(sheet, ds, n)}
        paragraph(doc, para.text.format(**fields))
        if not para.caption:
            continue
        cap = paragraph(doc, para.caption.format(**fields), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        cap.paragraph_format.keep_with_next = True
        _figures_table(doc, sheet)
        doc.add_paragraph()


def _figures_table(doc, sheet) -> None:
    """A rate sheet's shown columns in one table, or in parts one under another where they do not
    fit the page at the smallest size (columns.fit): each part with the label column."""
    cols = fig.shown_columns(sheet)
    rows = [[r.label, *(fig.count(r.cells[j], sheet.kinds[j]) for j in cols)] for r in sheet.rows]
    headings = [sheet.headings[j] for j in cols]
    layout = columns.fit(sheet.first, headings, rows, [sheet.kinds[j] for j in cols], TEXT_WIDTH.mm)
    bold = [i for i, r in enumerate(sheet.rows) if r.total]
    for n, part in enumerate(layout.parts):
        if n:
            doc.add_paragraph()
        table(doc, [sheet.first, *(headings[j] for j in part.columns)],
              [[r[0], *(r[j + 1] for j in part.columns)] for r in rows], part.widths, bold_rows=bold,
              size=layout.size)


def _evaluation(doc, result: MergeResult, ds: DocumentSet, para: Paragraph, base: dict) -> None:
    es = result.options.items
    for block in fig.evaluated_blocks(result.summary.evaluations):
        fields = {**base, **fig.evaluation(es, ds, block, block.rows[-1])}
        paragraph(doc, para.text.format(**fields))


def _note(doc, text: str) -> None:
    """A note to whoever edits the draft, in red brackets: to check, then delete before issuing."""
    note = paragraph(doc, f"【请核对{fig.COMMA}印发前删去本段{fig.COLON}{fig.official(text)}】")
    note.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)


def _sign(doc, office: str, date: str) -> None:
    """The office centred over the date; the date four characters in from the right (GB/T 9704);
    the last paragraph kept on the page of the signature (never a signature alone on a page)."""
    for p in doc.paragraphs[-1:]:
        p.paragraph_format.keep_with_next = True
    for _ in range(2):
        doc.add_paragraph().paragraph_format.keep_with_next = True
    gap = max(0.0, (display_width(date) - display_width(office)) / 4)  # half the difference, in characters
    signed = paragraph(doc, office, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4 + round(gap))
    signed.paragraph_format.keep_with_next = True
    paragraph(doc, date, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
