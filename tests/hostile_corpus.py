"""A corpus of bad and hostile inputs, made by script (no binary blobs in the repository).

``build(folder, ...)`` writes every case into ``folder`` and returns them with
the problem code each must produce ("" for a file that must be accepted).
Run directly to write the corpus somewhere to look at it:
``python -m tests.hostile_corpus /tmp/corpus``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

SECRET = "PLANTED-SECRET-7f3a9c"


@dataclass
class Case:
    name: str
    code: str  # the expected problem code ("" = accepted)
    why: str


def rewrite(src: Path, dst: Path, change, add: dict[str, bytes] | None = None) -> Path:
    """Copy a zip workbook, passing each entry's bytes through change(name, data)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def sheet_part(src: Path, sheet: str) -> str:
    """The zip entry of a sheet, by its name."""
    with zipfile.ZipFile(src) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="(\w+)"', book)[1]
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    t = target[1].lstrip("/")
    return t if t.startswith("xl/") else f"xl/{t}"


def in_sheet(src: Path, sheet: str, fn):
    part = sheet_part(src, sheet)
    return lambda name, data: fn(data) if name == part else data


def set_cell_xml(data: bytes, ref: str, xml: str) -> bytes:
    """Replace the whole <c r="ref" ...> element of a sheet."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.S)
    assert pattern.search(data), ref
    return pattern.sub(xml.encode(), data, count=1)


def doctype(data: bytes, decl: str, entity_use: str) -> bytes:
    """Insert a DOCTYPE after the XML declaration and use an entity in the first text."""
    data = re.sub(rb"(<\?xml[^>]*\?>)?", lambda m: (m[0] or b"") + decl.encode(), data, count=1)
    return re.sub(rb"<t>", b"<t>" + entity_use.encode(), data, count=1)


def build(folder: Path, good_for, blank: Path, good_xls: Path | None) -> list[Case]:
    """``good_for(unit)`` makes a well-filled submission of that unit (each case its own unit)."""
    folder.mkdir(parents=True, exist_ok=True)
    planted = folder.parent / "planted-secret.txt"
    planted.write_text(SECRET, encoding="utf-8")
    cases: list[Case] = []

    def add(name, code, why):
        cases.append(Case(name, code, why))

    def one_cell(name, sheet, ref, xml, code, why):
        """A case made by replacing one cell of a good submission."""
        good = good_for(name)
        rewrite(good, folder / f"{name}.xlsx", in_sheet(good, sheet, lambda d: set_cell_xml(d, ref, xml)))
        add(f"{name}.xlsx", code, why)

    # XML attacks (in the shared strings of a file that has them, and in a sheet).
    laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' +
              "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                      for i in range(1, 10)) + "]>")
    rewrite(blank, folder / "billion_laughs.xlsx",
            lambda n, d: doctype(d, laughs, "&lol9;") if n == "xl/sharedStrings.xml" else d)
    add("billion_laughs.xlsx", "file.xml-doctype", "nested entities expanding to 10^9 characters")
    big = "x" * 50_000
    rewrite(blank, folder / "quadratic_blowup.xlsx",
            lambda n, d: doctype(d, f'<!DOCTYPE q [<!ENTITY a "{big}">]>', "&a;" * 5000)
            if n == "xl/sharedStrings.xml" else d)
    add("quadratic_blowup.xlsx", "file.xml-doctype", "one large entity used thousands of times")
    rewrite(blank, folder / "xxe.xlsx",
            lambda n, d: doctype(d, f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{planted}">]>', "&xxe;")
            if n == "xl/sharedStrings.xml" else d)
    add("xxe.xlsx", "file.xml-doctype", "an external entity pointing at a planted file")

    # Zip-level attacks.
    with zipfile.ZipFile(good_for("zip_bomb")) as zin, \
            zipfile.ZipFile(folder / "zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, zin.read(info))
        z.writestr("xl/media/bomb.xml", b"\0" * (60 << 20))
    add("zip_bomb.xlsx", "limit.ratio", "60 MB of zeros packed into 60 KB")
    _lying_size(good_for("lying_sizes"), folder / "lying_sizes.xlsx")
    add("lying_sizes.xlsx", "file.corrupt", "an entry that unpacks to more than its declared size")
    _huge_declared(good_for("huge_declared"), folder / "huge_declared.xlsx")
    add("huge_declared.xlsx", "limit.unpacked", "declared sizes adding up to gigabytes")

    # Sheet-level attacks on python-calamine.
    one_cell("far_cell", "附件1", "C5", '<c r="XFD1048576" t="n"><v>1</v></c>',
             "limit.far-cell", "a cell at XFD1048576 (aborts the native reader)")
    good = good_for("huge_dimension")
    part = sheet_part(good, "附件1")
    rewrite(good, folder / "huge_dimension.xlsx",
            lambda n, d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d)
            if n == part else d)
    add("huge_dimension.xlsx", "", "a dimension of the whole sheet, no cell there: read (the reader allocates for cells)")
    rewrite(blank, folder / "huge_shared_strings.xlsx",
            lambda n, d: re.sub(rb'count="\d+" uniqueCount="\d+"', b'count="2000000000" uniqueCount="2000000000"', d)
            if n == "xl/sharedStrings.xml" else d)
    add("huge_shared_strings.xlsx", "limit.strings", "two billion shared strings declared")
    good = good_for("whole_sheet_merge")
    rewrite(good, folder / "whole_sheet_merge.xlsx", in_sheet(good, "附件1", lambda d: re.sub(
        rb"<mergeCells[^>]*>", b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>', d, count=1)))
    add("whole_sheet_merge.xlsx", "limit.merged-area", "one merged range over the whole sheet")

    # Broken files.
    data = good_for("truncated").read_bytes()
    (folder / "truncated.xlsx").write_bytes(data[: len(data) * 2 // 3])
    add("truncated.xlsx", "file.corrupt", "cut off in transit")
    good = good_for("bit_flipped")
    data = good.read_bytes()
    flipped = bytearray(data)
    start = data.index(sheet_part(good, "附件2").encode()) + 40
    for i in range(start, start + 64):
        flipped[i] ^= 0xFF
    (folder / "bit_flipped.xlsx").write_bytes(bytes(flipped))
    add("bit_flipped.xlsx", "file.corrupt", "64 bytes of a sheet inverted")
    (folder / "empty.xlsx").write_bytes(b"")
    add("empty.xlsx", "file.empty", "zero bytes")
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(good_for("encrypted"), "rb") as plain, open(folder / "encrypted.xlsx", "wb") as enc:
        OOXMLFile(plain).encrypt("123456", enc)
    add("encrypted.xlsx", "file.encrypted", "a password to open")

    # Formats in disguise.
    if good_xls is not None:
        (folder / "xls_named_xlsx.xlsx").write_bytes(good_xls.read_bytes())
        add("xls_named_xlsx.xlsx", "", "an .xls renamed .xlsx: read by its content")
    (folder / "xlsx_named_xls.xls").write_bytes(good_for("xlsx_named_xls").read_bytes())
    add("xlsx_named_xls.xls", "", "an .xlsx renamed .xls: read by its content")
    (folder / "html_as.xls").write_text("<html><body><table><tr><td>类别</td></tr></table></body></html>", encoding="utf-8")
    add("html_as.xls", "file.disguised", "a web page saved as .xls")
    (folder / "csv_as.xls").write_text("类别,农村,街道社区\n党组织数,12,3\n", encoding="gb18030")
    add("csv_as.xls", "file.disguised", "a CSV file saved as .xls")
    rewrite(good_for("strict"), folder / "strict.xlsx", lambda n, d: d.replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main") if n == "xl/workbook.xml" else d)
    add("strict.xlsx", "file.strict-ooxml", "strict Open XML")
    (folder / "macro.xlsm").write_bytes(good_for("macro").read_bytes())
    add("macro.xlsm", "", "a macro-enabled workbook (macros are never run)")

    # Cells the reader would return blank.
    one_cell("formula_no_value", "附件2", "C5", '<c r="C5"><f>SUM(D5:E5)</f></c>',
             "value.formula-no-value", "a formula saved without its result")
    one_cell("error_cells", "附件2", "C5", '<c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
             "value.error-cell", "#DIV/0! in a value cell")

    # Odd but legal content.
    _odd_values(good_for, folder)
    add("cjk_date.xlsx", "value.date", "a date typed into a count cell, shown as 2011年1月2日")
    add("control_chars.xlsx", "", "a unit name with control characters, a tab and a formula")
    add("long_text.xlsx", "value.not-number", "40,000 characters in a cell")
    return cases


def _lying_size(src: Path, dst: Path) -> None:
    """Declare a sheet's unpacked size smaller than it is, in both headers (CRC left right)."""
    data = bytearray(src.read_bytes())
    part = sheet_part(src, "附件1")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(part)
    fake = struct.pack("<I", 100)
    data[info.header_offset + 22:info.header_offset + 26] = fake  # local header
    name = info.filename.encode()
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:  # its central directory entry
        if data[pos + 46:pos + 46 + len(name)] == name:
            data[pos + 24:pos + 28] = fake
        pos += 4
    dst.write_bytes(bytes(data))


def _huge_declared(src: Path, dst: Path) -> None:
    """Central directory entries claiming 1 GB each."""
    data = bytearray(src.read_bytes())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        data[pos + 24:pos + 28] = struct.pack("<I", 1 << 30)
        pos += 4
    dst.write_bytes(bytes(data))


def _odd_values(good_for, folder: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(good_for("cjk_date"))
    ws = wb["附件3"]
    ws["C5"].value = dt.datetime(2011, 1, 2)
    ws["C5"].number_format = 'yyyy"年"m"月"d"日"'
    for name in ("附件1", "附件2", "附件3"):
        wb[name]["H3" if name == "附件1" else "G3"].value = dt.datetime(2011, 6, 25)
        wb[name]["H3" if name == "附件1" else "G3"].number_format = 'yyyy"年"m"月"d"日"'
    wb.save(folder / "cjk_date.xlsx")

    # Control characters cannot be typed through openpyxl; Excel stores them as _xHHHH_.
    wb = openpyxl.load_workbook(good_for("control_chars"))
    for name in ("附件1", "附件2", "附件3"):
        wb[name]["C3"].value = "CONTROL-NAME"
    wb.save(folder / "control.tmp.xlsx")
    hostile = '\t=HYPERLINK(&quot;http://evil.example&quot;,&quot;点我&quot;)_x0007_单位_x001B_'
    rewrite(folder / "control.tmp.xlsx", folder / "control_chars.xlsx",
            lambda n, d: d.replace(b"CONTROL-NAME", hostile.encode()))
    (folder / "control.tmp.xlsx").unlink()

    wb = openpyxl.load_workbook(good_for("long_text"))
    wb["附件2"]["C5"].value = "说明" * 20_000
    for name in ("附件1", "附件2", "附件3"):
        wb[name]["C3"].value = "很长的单位名称" * 5000
    wb.save(folder / "long_text.xlsx")


if __name__ == "__main__":  # pragma: no cover
    print("use the tests' fixtures to build the corpus:", sys.argv)
