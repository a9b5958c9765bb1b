"""The pre-scan of a zip container (.xlsx, .xlsm, .ods): entries, sizes and ratios, DOCTYPE,
strict OOXML, each sheet's dimension, farthest cell and merged ranges, shared strings, error
cells and formulas without a value, and our document properties. The parts a reader parses are
inflated straight from the file's bytes (bounded, CRC checked)."""

from __future__ import annotations

import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from functools import lru_cache
from pathlib import PurePosixPath

from ..settings import Limits
from ..model import SELF_CHECK_SHEET, self_check_sheet
from ..text import a1, reason_zh
from .refusal import DOCTYPE, Refused, Scan, col_index, far, far_extent
from .scan_ods import scan_ods
from .xmlform import PREFIXED, attributes, canonical, cell_key, start_tags
from .zipcopy import Entry, plain_entries, stored_copy


# Custom document properties named dianping_*: .xlsx (docProps/custom.xml) and .ods (meta.xml),
# with any prefix and the attributes in either quotes (read by xmlform.attributes).
_PREFIX = rb"""(?:[^\s<>/!?=:"']+:)?"""
_OOXML_PROPERTY = re.compile(rb"<" + _PREFIX + rb"property(\s[^>]*)>\s*<" + _PREFIX + rb"lpwstr\b[^>]*>([^<]{0,2000})<")
_ODS_PROPERTY = re.compile(rb"<" + _PREFIX + rb"user-defined(\s[^>]*)>([^<]{0,2000})<")
_OUR_PROPERTY = re.compile(r"dianping_[a-z_]+(?:_[0-9]{1,4})?")  # numbered: dianping_summary_units_1


@lru_cache(maxsize=16)
def _far_patterns(max_rows: int, max_cols: int):
    """Regexes for references that may pass the limits: a row number with at least as many
    digits as max_rows, a column with at least as many letters as max_cols. A real sheet
    has few of them, so the scan stays cheap."""
    digits = str(len(str(max_rows))).encode()
    letters = str(len(a1(0, max_cols - 1).rstrip("0123456789"))).encode()
    # the first starts with a literal (r=") so that the regex engine skips ahead cheaply, and its
    # letters are possessive (letters and digits never overlap: the same matches, no backtracking);
    # an attribute merely ending in r (a false alarm) only sends the scan to the exact patterns.
    # Letters in either case: the reader takes c9000 for C9000.
    return (re.compile(rb"r=\"(?:[A-Za-z]*+\d{" + digits + rb",}|[A-Za-z]{" + letters + rb",}+\d+)\""),
            re.compile(rb"<row\b[^>]*?\sr=\"(\d{" + digits + rb",})\""),
            re.compile(rb"<c\b[^>]*?\sr=\"([A-Za-z]+)(\d{" + digits + rb",})\""),
            re.compile(rb"<c\b[^>]*?\sr=\"([A-Za-z]{" + letters + rb",})(\d+)\""))


_MERGE = re.compile(rb"<mergeCell ref=\"([A-Za-z]+)(\d+):([A-Za-z]+)(\d+)\"")
_MERGE_BLOCK = re.compile(rb'<mergeCells(?: count="\d+")?>(?:<mergeCell ref="[A-Za-z]+\d+:[A-Za-z]+\d+"/>)*+</mergeCells>')
_MERGE_REF = re.compile(rb"([A-Za-z]+)(\d+):([A-Za-z]+)(\d+)")


_SST = re.compile(rb"<" + _PREFIX + rb"""sst\b[^>]*?(?:uniqueCount|count)\s*=\s*["']\s*(\d+)""")
_PREFIXED_SI = re.compile(rb"<[^\s<>/!?=:\"']+:si[\s>/]")


# A cell to its end, its attributes read one after another (a value may hold ">"); its content.
_CELL = re.compile(rb"""<c((?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/>|>(.*?)</c>)""", re.S)


_FORMULA = re.compile(rb"<f[\s>/]")  # a cell formula, not <formula1> of a validation
_SINGLE_E = re.compile(rb"'e'")  # the error type in single quotes (a regex: its first byte found as by memchr)


_CACHED = re.compile(rb"<v(?:\s[^>]*)?>[^<]")  # a saved result (openpyxl writes an empty <v /> for none)


_FORMULA_TEXT = re.compile(rb"<f\b[^>]*>([^<]+)</f>")  # a formula's own text (a shared one's other cells have none)
FORMULA_SHOWN = 200  # characters of a formula kept to show it (a formula may hold 8,192)


_ERROR_VALUE = re.compile(rb"<v(?:\s[^>]*)?>(#[A-Z0-9/!?_.]{1,15})</v>")  # an error cell's saved value


_STRICT = b"purl.oclc.org/ooxml/spreadsheetml"


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused("file.corrupt", detail=f"压缩包已损坏:{reason_zh(exc)}") from None


def scan_zip(data: bytes, limits: Limits, document: bool = False) -> Scan:
    plain = plain_entries(data)  # a plain zip read directly (zipcopy.py); any other through zipfile
    zf = _open(data) if plain is None else None
    infos = plain if plain is not None else zf.infolist()
    if len(infos) > limits.max_parts:
        raise Refused("limit.parts", count=len(infos), limit=limits.max_parts)
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unpacked_mb * 1024 * 1024:
        raise Refused("limit.unpacked", size=f"{declared / 1024 / 1024:.0f} MB",
                      limit=f"{limits.max_unpacked_mb:g} MB")
    for info in infos:
        if info.file_size > 1 << 20 and info.file_size > limits.max_ratio * max(1, info.compress_size):
            raise Refused("limit.ratio", part=info.filename, ratio=f"{info.file_size / max(1, info.compress_size):.0f}")
    if not document:
        _is_a_workbook({i.filename for i in infos})
    budget = [int(limits.max_unpacked_mb * 1024 * 1024), limits.max_unpacked_mb]  # actual, not declared
    parts = _inflated(data, zf, [i for i in infos if i.filename in _WORKBOOK_PARTS], budget)
    skipped = _self_check_parts(parts) if len(parts) == len(_WORKBOOK_PARTS) else set()
    parts.update(_inflated(data, zf, [i for i in infos if _parsed(i.filename) and i.filename not in parts
                                      and i.filename not in skipped], budget))
    # bytes.find, not ``in``: ``in`` tries its operand as a byte's value first, and raises and clears
    # a TypeError each time (its message formatted) before it searches
    for name, body in parts.items():  # byte searches first, the rarest first: most parts have no "!" at all
        if body.find(b"!") >= 0 and body.find(b"<!") >= 0 and DOCTYPE.search(body):
            raise Refused("file.xml-doctype", part=name)
        if body.find(b"\x00") >= 0:  # no XML holds a NUL: the reader skipped the element around one (a cell
            # read as blank, so as 0) where it should have refused the file
            raise Refused("file.corrupt", detail=f"{name}:含有空字符")
    if parts.get("xl/workbook.xml", b"").find(_STRICT, 0, 4096) >= 0:
        raise Refused("file.strict-ooxml")
    flagged = {}
    # the sheets wherever they are (a sheet part may sit at any path the workbook names): every
    # part with sheet data, and whatever is in xl/worksheets/; the workbook's own list of names
    # is parsed only to name a flagged cell's sheet
    sheets = {n: b for n, b in parts.items()
              if b.find(b"sheetData") >= 0 or (n.startswith("xl/worksheets/") and n.endswith(".xml"))}
    scanned = {}
    for name, body in sheets.items():
        body, odd = _sheet_form(body)
        try:
            _check_sheet(name, body, limits, odd)
        except Refused as refused:  # said of the sheet's tab, as the workbook names it
            raise _on_tab(refused, name, parts) from None
        scanned[name] = body
    for name, body in scanned.items():
        cells = _flag_cells(body)
        if cells:
            flagged[name] = cells
    sst = parts.get("xl/sharedStrings.xml")
    if sst:
        for m in _SST.finditer(sst[:2048]):
            if int(m[1]) > limits.max_strings:
                raise Refused("limit.strings", count=int(m[1]), limit=limits.max_strings)
        actual = sst.count(b"<si")  # the strings there, whatever it declares (with a prefix too)
        if sst.find(b":si") >= 0:
            actual += len(_PREFIXED_SI.findall(sst))
        if actual > limits.max_strings:
            raise Refused("limit.strings", count=actual, limit=limits.max_strings)
    if flagged:
        part_names = _part_names(parts)
        flagged = {part_names.get(part, part): cells for part, cells in flagged.items()}
    if "content.xml" in parts:  # OpenDocument (.ods): cells, repeats and error values of its own
        flagged.update(scan_ods(parts["content.xml"], limits))
    reader = stored_copy(data, plain, parts, sheets) if plain is not None and "xl/workbook.xml" in parts else None
    scan = Scan(data, flagged, _properties(data, zf, infos), reader)
    scan.date1904 = _date1904(parts.get("xl/workbook.xml", b""))
    return scan


_DATE1904 = re.compile(rb"""\sdate1904\s*=\s*["']\s*(?:1|true)\s*["']""")


def _date1904(book: bytes) -> bool:
    """Whether the workbook counts its days from 1904 (its workbookPr says so)."""
    return book.find(b"date1904") >= 0 and _DATE1904.search(book) is not None


_PROPERTY_PARTS = ("docProps/custom.xml", "meta.xml")
_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".et")


def _is_a_workbook(names: set[str]) -> None:
    """Refused, saying what it is instead, when the zip holds no workbook: an .xlsx without its
    main part (the reader would find no sheet at all), a Word or PowerPoint file, a plain zip."""
    if "xl/workbook.xml" in names or "content.xml" in names:
        return
    if any(n.startswith("xl/") for n in names):
        detail = "缺少工作簿的主要部分"
    elif "word/document.xml" in names:
        detail = "这是 Word 文档,不是表格"
    elif "ppt/presentation.xml" in names:
        detail = "这是 PowerPoint 演示文稿,不是表格"
    elif any(n.lower().endswith(_SPREADSHEETS) for n in names):
        detail = "这是一个压缩包,表格在压缩包里面,请解压后发送表格本身"
    else:
        detail = "这是一个压缩包,里面没有表格"
    raise Refused("file.corrupt", detail=detail)


def custom_properties(data: bytes) -> dict[str, str]:
    """Our custom properties (dianping_*) of any zip package (a Word document too); {} for what
    is no readable zip. Only the properties' part is inflated, at most 1 MB of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _properties(data, zf, zf.infolist())
    except (zipfile.BadZipFile, Refused, ValueError, OSError, RuntimeError):
        return {}


def _properties(data: bytes, zf: zipfile.ZipFile | None, infos) -> dict[str, str]:
    """The custom properties (our templates' and return files' marks); a plain zip's part
    inflated from its bytes (zipcopy.py), any other's through zipfile."""
    import html

    out = {}
    for info in infos:
        if info.filename in _PROPERTY_PARTS and info.file_size < 1 << 20:
            body = _read_part(zf, info) if zf is not None else _inflate(data, info, [1 << 20, 1])
            for m in (*_OOXML_PROPERTY.finditer(body), *_ODS_PROPERTY.finditer(body)):
                name = next((v for k, v in (attributes(m[1]) or {}).items() if k.rsplit(b":", 1)[-1] == b"name"), b"")
                name = html.unescape(name.decode("utf-8", "replace"))
                if _OUR_PROPERTY.fullmatch(name):
                    out[name] = html.unescape(m[2].decode("utf-8", "replace"))
    return out


def _inflated(data: bytes, zf: zipfile.ZipFile, infos, budget: list) -> dict[str, bytes]:
    parts = {}
    for info in infos:
        body = _inflate(data, info, budget)
        parts[info.filename] = body if body is not None else _read_part(zf, info, budget)
    return parts


@lru_cache(maxsize=1024)  # the same few part names in every file
def _parsed(name: str) -> bool:
    """The XML parts a reader parses (sheets, strings, styles, workbook, relationships,
    content types; ODS content); pictures, themes and document properties are not."""
    if not name.endswith((".xml", ".rels")):
        return False
    if name.startswith(("xl/theme/", "xl/media/", "xl/drawings/", "xl/printerSettings/", "docProps/",
                        "customXml/", "Thumbnails/", "Configurations2/")):
        return False
    return True


CHUNK = 1 << 20


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list | None = None) -> bytes:
    """The whole entry, inflated 1 MB at a time: an entry that lies about its size never inflates
    in one go. zipfile stops at the declared size and checks the CRC (an entry that unpacks to
    more, or to other bytes, is corrupt); ``budget`` ([bytes left, the limit in MB]) bounds
    what is actually unpacked over all parts."""
    chunks = []
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                if budget is not None:
                    budget[0] -= len(chunk)
                    if budget[0] < 0:
                        raise Refused("limit.unpacked", size=f"超过 {budget[1]:g} MB", limit=f"{budget[1]:g} MB")
                chunks.append(chunk)
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError...
        raise Refused("file.corrupt", detail=f"{info.filename}:{reason_zh(exc)}") from None
    return b"".join(chunks)


_LOCAL = struct.Struct("<4s2B4HL2L2H")  # a zip entry's local header


def _inflate(data: bytes, info: zipfile.ZipInfo, budget: list) -> bytes | None:
    """The entry inflated straight from the file's bytes with zlib, as zipfile would (stopping
    at the declared size, the CRC checked, ``budget`` as in _read_part), without zipfile's
    per-entry machinery: a tenth of its cost on the small parts a sheet is made of. None for
    what it leaves to zipfile: anything but plain stored or deflated entries."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    start = info.data_start if info.__class__ is Entry else _data_start(data, info)
    packed = memoryview(data)[start:start + info.compress_size]  # not copied: zlib reads it in place
    if len(packed) < info.compress_size:
        raise Refused("file.corrupt", detail=f"{info.filename}:数据不完整")
    limit = min(info.file_size, max(budget[0], 0)) + 1  # one byte more than allowed tells a lie
    if info.compress_type == zipfile.ZIP_STORED:
        body = bytes(packed[:limit])
    else:
        try:
            body = zlib.decompressobj(-15).decompress(packed, limit)
        except zlib.error as exc:
            raise Refused("file.corrupt", detail=f"{info.filename}:{reason_zh(exc)}") from None
    budget[0] -= len(body)
    if budget[0] < 0:
        raise Refused("limit.unpacked", size=f"超过 {budget[1]:g} MB", limit=f"{budget[1]:g} MB")
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        raise Refused("file.corrupt", detail=f"{info.filename}:大小或校验值与记录不符")
    return body


def _data_start(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where a zipfile entry's data begins, after its local header (checked here); a plain
    zip's entry knows it already (zipcopy.plain_entries checked the same header)."""
    head = data[info.header_offset:info.header_offset + _LOCAL.size]
    if len(head) < _LOCAL.size:
        raise Refused("file.corrupt", detail=f"{info.filename}:本地文件头不完整")
    fields = _LOCAL.unpack(head)
    if fields[0] != b"PK\x03\x04":
        raise Refused("file.corrupt", detail=f"{info.filename}:本地文件头损坏")
    return info.header_offset + _LOCAL.size + fields[10] + fields[11]


@lru_cache(maxsize=256)
def _stem(name: str) -> str:
    return PurePosixPath(name).stem


def _sheet_form(body: bytes) -> tuple[bytes, bool]:
    """The sheet as the patterns read it, and whether it may have cells or rows without r=. A
    sheet whose cells and rows all start as office suites write them (<c r="...) and whose cells
    have no prefix is read as it is: the patterns know it; any other in its canonical form
    (xmlform.py: <x:c r='H5'> read as <c r="H5">)."""
    if _NO_REF_FIRST.search(body) or PREFIXED.search(body):
        return canonical(body), True
    return body, False


def _check_sheet(name: str, body: bytes, limits: Limits, odd: bool = True) -> None:
    """Refused when the sheet reaches too far or merges too much (said of its part's name:
    scan_zip names its tab); ``odd``: it may have cells or rows without r=."""
    sheet = _stem(name)  # the same few part names in every file
    _check_merges(sheet, body, limits)  # first: what makes a sheet so long is often its merges
    # Only references with a long row number or a wide column can be far: few in a real sheet. The
    # extent a sheet declares (<dimension ref="A1:XFD15">) is not one: the reader allocates for
    # the cells it finds, not for it, and there is nothing there for the unit to delete.
    if _far_patterns(limits.max_rows, limits.max_cols)[0].search(body):  # rare: then look exactly
        _farthest(sheet, body, limits)
    if odd and _NO_REF_FIRST.search(body) and _NO_REF.search(body):  # cells or rows without r=: their place is their count
        _far_by_count(sheet, body, limits)


def _check_merges(sheet: str, body: bytes, limits: Limits) -> None:
    """Refused when the sheet has too many merged ranges, or one too large."""
    first = body.find(b"mergeCell")  # every one is named so (with any prefix): from the first one on
    merges = []
    if first >= 0:  # one list as office suites write it, none after it: its ranges; else each read
        block = _MERGE_BLOCK.match(body, first - 1)
        if block and body.find(b"mergeCell", block.end()) < 0:
            merges = _MERGE.findall(body, first, block.end())
        else:
            merges = _merges_written_otherwise(body[max(0, body.rfind(b"<", 0, first)):])
    if len(merges) > limits.max_merged:
        raise Refused("limit.merged", where=(sheet, ""), sheet=sheet, count=len(merges), limit=limits.max_merged)
    for c1, r1, c2, r2 in merges:
        area = (abs(col_index(c2) - col_index(c1)) + 1) * (abs(int(r2) - int(r1)) + 1)
        if area > limits.max_merged_cells:
            first_cell = f"{c1.decode().upper()}{int(r1)}"
            raise Refused("limit.merged-area", where=(sheet, first_cell), sheet=sheet,
                          ref=f"{first_cell}:{c2.decode().upper()}{int(r2)}")


def _merges_written_otherwise(body: bytes) -> list[tuple[bytes, ...]]:
    """The merged ranges of a part whose ranges are not all written as office suites write them
    (a prefix, other quotes, other attributes), read as the reader reads them."""
    refs = (_MERGE_REF.fullmatch(attrs.get(b"ref", b"")) for attrs in start_tags(body, b"mergeCell"))
    return [ref.groups() for ref in refs if ref]


def _farthest(sheet: str, body: bytes, limits: Limits) -> None:
    """Refused naming the farthest cell beyond the limits, else the farthest row (a row with no
    cell, only a format or a height)."""
    _, far_row, far_cell, wide_cell = _far_patterns(limits.max_rows, limits.max_cols)
    cells = {(int(r), col_index(c)) for c, r in (*far_cell.findall(body), *wide_cell.findall(body))}
    beyond = [(r, c) for r, c in cells if r > limits.max_rows or c > limits.max_cols]
    if beyond:
        row, col = max(beyond)
        far(sheet, col, row, limits)
    far_extent(sheet, 1, max(map(int, far_row.findall(body)), default=1), limits)


_NO_REF = re.compile(rb"<(?:c|row)(?:[>/]|\s(?![^>]*?(?<=\s)r=))")  # a tag without r=
# Every tag _NO_REF finds is one whose name is not followed by " r=": a third cheaper to look for
# (Excel writes r= first), and where none is, neither is a tag without r=.
_NO_REF_FIRST = re.compile(rb"<(?:c|row)(?=[\s>/])(?! r=\")")  # also: r= written otherwise


_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.S)


_ANY_CELL = re.compile(rb"<c[\s>/]")


def _far_by_count(sheet: str, body: bytes, limits: Limits) -> None:
    """Rows and cells written without r= stand one after the other: count them."""
    rows = 0
    for row in _ROW.finditer(body):
        rows += 1
        if row[1]:
            far(sheet, len(_ANY_CELL.findall(row[1])), rows, limits)
    far(sheet, 1, rows, limits)


def _flag_cells(body: bytes) -> dict[str, str]:
    """Error cells (their text, or "error") and formulas without a cached value ("=" and the
    formula's text, or "formula" when the cell holds none): the reader gives them as blank. A
    cell's attributes are read as the reader reads them (either quotes, a name given twice: its
    last value)."""
    end = body.rfind(b"sheetData>")  # the reader reads the cells before it only
    end = end if end >= 0 else len(body)
    if body.find(b'"e"') < 0 and (body.find(b"'", 0, end) < 0 or not _SINGLE_E.search(body, 0, end)) \
            and not _FORMULA.search(body):
        return {}
    out = {}
    for m in _CELL.finditer(body):
        attrs, inner = m[1], m[3] or b""
        error = b'"e"' in attrs or b"'e'" in attrs  # then a look at its type
        if not error and not (_FORMULA.search(inner) and not _CACHED.search(inner)):
            continue
        found = attributes(attrs)
        ref = cell_key(found.get(b"r", b""))
        if ref is None:
            continue
        if found.get(b"t") == b"e":  # said as written (#DIV/0!), when it is an error's text
            written = _ERROR_VALUE.search(inner)
            out[ref] = written[1].decode() if written else "error"
        elif _FORMULA.search(inner) and not _CACHED.search(inner):  # <v/> or <v></v> is no value
            out[ref] = _formula_flag(inner)
    return out


def _formula_flag(inner: bytes) -> str:
    """A formula without its result as written ("=2+3"), for the unit to see it again in its
    return file; "formula" when its cell holds no text of its own (a shared formula's others)."""
    written = _FORMULA_TEXT.search(inner)
    if not written:
        return "formula"
    return "=" + html.unescape(written[1].decode("utf-8", "replace"))[:FORMULA_SHOWN]


_WORKBOOK_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
_SELF_CHECK_BYTES = SELF_CHECK_SHEET.encode()


# named first (a literal: found fast among the workbook's many defined names), any prefix before
_SHEET_ELEMENT = re.compile(rb"sheet(?<=[<:]sheet)(\s[^>]*)>")
_RELATIONSHIP = re.compile(rb"Relationship(?<=[<:]Relationship)(\s[^>]*)>")


def _self_check_parts(parts: dict[str, bytes]) -> set[str]:
    """The parts of the template's 自查 sheets: formulas only, never read (read/grids.py skips
    them by name), so neither inflated nor scanned (1,700 formula cells: 15 ms a file). Found
    with patterns, not a parse (the workbook part has a defined name per input: 0.8 ms to parse),
    each element's attributes read one after another (a value never taken for an attribute); a
    sheet not found this way (an element whose attributes are not certain: none is skipped) is
    only scanned like any other."""
    book = parts["xl/workbook.xml"]
    if book.find(_SELF_CHECK_BYTES) < 0:
        return set()
    ids, other_ids = set(), set()
    for element in _SHEET_ELEMENT.findall(book):
        found = attributes(element, strict=True)
        if found is None:
            return set()
        rids = [v for k, v in found.items() if k.endswith(b":id")]
        mine = len(rids) == 1 and self_check_sheet(found.get(b"name", b"").decode("utf-8", "replace"))
        (ids if mine else other_ids).update(rids)
    ids -= other_ids  # a relationship another sheet names too is scanned
    mine, others = set(), set()  # the parts of the 自查 sheets; those of any other relationship
    for element in _RELATIONSHIP.findall(parts["xl/_rels/workbook.xml.rels"]):
        found = attributes(element, strict=True)
        target = found and found.get(b"Target", b"").decode("utf-8", "replace")
        if not target or _ODD_TARGET.search(target):  # a part named otherwise may be any part
            return set()
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
        (mine if found.get(b"Id") in ids else others).add(path)
    return mine - others  # a part also named by another relationship is scanned


_ODD_TARGET = re.compile(r"[%\\&:]")  # escapes, backslashes, entities, schemes


def _on_tab(refused: Refused, part: str, parts: dict[str, bytes]) -> Refused:
    """A sheet's refusal said of the tab the workbook names ``part`` (kept as it is when the
    workbook does not name it)."""
    if "sheet" not in refused.params:
        return refused
    try:
        tab = _part_names(parts).get(part)
    except Refused:  # a workbook part that cannot be parsed: the part's name stays
        return refused
    return refused.on_sheet(tab) if tab else refused


def _part_names(parts: dict[str, bytes]) -> dict[str, str]:
    """Worksheet part name -> sheet name, through workbook.xml and its relationships."""
    from defusedxml import ElementTree

    names = {}
    try:
        rels = ElementTree.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<r/>"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        book = ElementTree.fromstring(parts.get("xl/workbook.xml", b"<w/>"))
        for el in book.iter():
            if el.tag.endswith("}sheet"):
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                target = targets.get(rid, "").lstrip("/")
                target = target if target.startswith("xl/") else f"xl/{target}"
                names[target] = el.get("name")
    except Exception:  # noqa: BLE001 - defusedxml refusals and malformed XML
        raise Refused("file.corrupt", detail="工作簿结构(workbook.xml)无法解析") from None
    return names
