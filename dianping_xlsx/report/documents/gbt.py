"""A Chinese official document's page, as GB/T 9704 lays it out, in python-docx.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 仿宋_GB2312 三号 (16 pt) on
22 lines of 28 characters (exact line spacing, characters set a little closer); the title in
方正小标宋简体 二号; first-level headings in 黑体; page numbers "— 1 —" (a PAGE field) in 宋体
四号, odd pages right and even pages left. Fonts a computer lacks are named with the face Word
substitutes for them (the font table's altName: 仿宋, 宋体), as Word does with 仿宋_GB2312.
"""

from __future__ import annotations

from copy import deepcopy

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

BODY, TITLE, HEADING, NUMBERS, LATIN = "仿宋_GB2312", "方正小标宋简体", "黑体", "宋体", "Times New Roman"
FALLBACK = {BODY: "仿宋", TITLE: "宋体", HEADING: "黑体", NUMBERS: "宋体"}
BODY_PT, TITLE_PT, TABLE_PT = 16, 22, 12
LINE = Twips(579)  # 225 mm of text area ÷ 22 lines = 28.95 pt
TEXT_WIDTH = Mm(210 - 28 - 26)
CHAR = Pt(BODY_PT)
__all__ = ["WD_SECTION", "official_document", "title", "paragraph", "table", "page_break", "TEXT_WIDTH"]


def _fonts(run_or_style, face: str) -> None:
    """A face for Chinese text, Times New Roman for digits and Latin letters."""
    rpr = run_or_style.element.get_or_add_rPr() if hasattr(run_or_style, "element") else run_or_style
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", face), ("w:cs", LATIN)):
        fonts.set(qn(attr), value)


def _font_table(doc) -> None:
    """Each face with the one to use where it is missing (Word reads altName; LibreOffice its own table)."""
    part = next((r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for face, alt in FALLBACK.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): face})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern" if face == BODY else "roman"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _grid(section, style) -> None:
    """22 lines of 28 characters: a line pitch of exactly 28.95 pt, and characters set 0.25 pt
    closer (16 pt glyphs leave 27 to a 156 mm line). Word's character grid (docGrid linesAndChars)
    would do the same in Word but spreads the characters apart in LibreOffice and WPS's tables."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        section._sectPr.remove(grid)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round((TEXT_WIDTH.pt / 28 - BODY_PT) * 20) - 1))  # twentieths of a point
    style.element.get_or_add_rPr().append(spacing)


def official_document(title_text: str):
    doc = Document()
    doc.core_properties.title, doc.core_properties.author = title_text, "dianping-xlsx"
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance, section.header_distance = Mm(23), Mm(15)
    normal = doc.styles["Normal"]
    _grid(section, normal)
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr(), BODY)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    _font_table(doc)
    _page_numbers(doc, section)
    return doc


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE) whose result the reader computes; "1" until then."""
    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _page_numbers(doc, section) -> None:
    """"— 1 —" in 宋体 四号: odd pages at the right, even pages at the left, a character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                       WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.alignment = align
        fmt = p.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(14)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.add_run("— ")
        _field(p, "PAGE")
        p.add_run(" —")
        for r in p.runs:
            _fonts(r, NUMBERS)
            r.font.size = Pt(14)


def title(doc, text: str) -> None:
    """The title in 小标宋 二号, centred, a blank line under it."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
    p.paragraph_format.keep_with_next = True
    _fonts(p.add_run(text), TITLE)
    p.runs[0].font.size = Pt(TITLE_PT)
    doc.add_paragraph()


def paragraph(doc, text: str, *, indent: bool = True, heading: bool = False, align=None, right_chars: int = 0):
    """A body paragraph (first line indented two characters), or a 黑体 heading kept with the next."""
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = CHAR * 2
    if right_chars:
        p.paragraph_format.right_indent = CHAR * right_chars
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    if heading:
        _fonts(run, HEADING)
        p.paragraph_format.keep_with_next = True
    return p


def table(doc, headings: list[str], rows: list[list[str]], widths: list[float], bold_rows=(), size=TABLE_PT):
    """A ruled table inside the text, centred, in 仿宋 at ``size`` pt, its heading row repeated.
    A body row after the first of its kind (bold or not) is that one's XML copied with its own
    texts: python-docx's calls for each cell's settings, made again for every row, were most of
    情况通报's time (the same XML: a run's text set as add_run sets it)."""
    t = doc.add_table(rows=1 + len(rows), cols=len(headings))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for column, width in zip(t.columns, widths):  # the grid LibreOffice and WPS lay out by
        column.width = Mm(width)
    made = list(t.rows)  # t.cell(i, j) and t.rows[i] walk every cell
    models: dict[bool, object] = {}
    for i, (row, values) in enumerate(zip(made, [headings, *rows])):
        bold = i == 0 or (i - 1) in bold_rows
        model = models.get(bold) if i else None
        if model is None:
            _fill(row, values, widths, i, bold, size)
            if i:
                models[bold] = row._tr
            continue
        copy = deepcopy(model)
        for tc, value in zip(copy.tc_lst, values):
            tc.p_lst[0].r_lst[0].text = value
        row._tr.getparent().replace(row._tr, copy)
    _repeat_header(t.rows[0])
    for row in t.rows:
        _no_split(row)
    return t


def _fill(row, values: list[str], widths: list[float], i: int, bold: bool, size) -> None:
    """A row's cells set one by one: widths, centred vertically, single-spaced, its runs' fonts."""
    for j, (cell, value, width) in enumerate(zip(row.cells, values, widths)):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.first_line_indent = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 and i else WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(value)
        run.font.size = Pt(size)
        run.bold = bold
        _fonts(run, HEADING if i == 0 else BODY)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _no_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every part's time in the zip: the same run writes the same bytes


def save(doc, path, day, mark: tuple[str, str] | None = None) -> None:
    """Save ``doc`` so that writing it again gives the same bytes (re-running a merge changes
    nothing): its properties dated ``day``, every zip entry at one fixed time; ``mark`` (a name and
    a value) a custom document property, as an xlsxwriter workbook carries it."""
    import datetime as dt
    import io
    import zipfile

    moment = dt.datetime.combine(day, dt.time())
    props = doc.core_properties
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        parts = {info.filename: source.read(info) for info in source.infolist()}
        if mark is not None:
            parts = with_property(parts, *mark)
        for name, body in parts.items():
            fixed = zipfile.ZipInfo(name, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, body)


_CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def with_property(parts: dict[str, bytes], name: str, value: str) -> dict[str, bytes]:
    """A package's parts with one custom property (docProps/custom.xml, its content type and its
    relationship), as Word writes it: Word and WPS keep it when the document is edited and saved."""
    from xml.sax.saxutils import escape

    body = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
            f'name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property></Properties>')
    out = dict(parts)
    out["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{_CUSTOM}" ContentType="{_CUSTOM_TYPE}"/></Types>'.encode())
    out["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdCustom1" Type="{_CUSTOM_REL}" Target="{_CUSTOM}"/>'
                             "</Relationships>".encode())
    out[_CUSTOM] = body.encode("utf-8")
    return out
