"""Our custom document properties (dianping_*) in an .xls: the user-defined section of the OLE
container's DocumentSummaryInformation stream ([MS-OLEPS]), where Excel, WPS and LibreOffice keep
what an .xlsx carries in docProps/custom.xml when they save it as .xls. A summary written by merge
and re-saved as .xls by a lower office is thus still known as a summary.

Parsed here by hand, bounded: names are found through the section's dictionary (property 0) and
values by their identifiers, strings in the section's code page (property 1): UTF-8 (LibreOffice),
UTF-16 (Excel with 1200), GBK or any other. Anything malformed yields no property, never an error."""

from __future__ import annotations

import codecs
import struct

_STREAM = "\x05DocumentSummaryInformation"
# FMTID_UserDefinedProperties, as stored (the GUID's first three fields little-endian)
_USER_DEFINED = bytes.fromhex("05d5cdd59c2e1b10939708002b2cf9ae")
_VT_I2, _VT_LPSTR, _VT_LPWSTR = 2, 30, 31
_MAX_STREAM = 1 << 20
_PREFIX = "dianping_"


def ole_properties(ole) -> dict[str, str]:
    """The dianping_* properties of an open olefile.OleFileIO ({} when there are none)."""
    try:
        if not ole.exists(_STREAM) or ole.get_size(_STREAM) > _MAX_STREAM:
            return {}
        return user_defined(ole.openstream(_STREAM).read())
    except Exception:  # noqa: BLE001 - a broken property stream costs the marks only
        return {}


def user_defined(stream: bytes) -> dict[str, str]:
    """The dianping_* string properties of a DocumentSummaryInformation stream's user-defined section."""
    section = _section(stream)
    if section is None:
        return {}
    count = _u32(section, 4)
    offsets = {}
    for i in range(min(count, (len(section) - 8) // 8)):
        pid, offset = struct.unpack_from("<II", section, 8 + 8 * i)
        offsets[pid] = offset
    codepage = _codepage(section, offsets.get(1))
    names = _dictionary(section, offsets.get(0), codepage)
    out = {}
    for pid, name in names.items():
        if name.startswith(_PREFIX) and pid in offsets:
            value = _string(section, offsets[pid], codepage)
            if value is not None:
                out[name] = value
    return out


def _section(stream: bytes) -> bytes | None:
    """The user-defined section's bytes (its own size bounds it), or None."""
    if len(stream) < 28:
        return None
    for i in range(min(_u32(stream, 24), 16)):
        at = 28 + 20 * i
        if at + 20 > len(stream):
            return None
        if stream[at:at + 16] == _USER_DEFINED:
            start = _u32(stream, at + 16)
            size = _u32(stream, start) if start + 8 <= len(stream) else 0
            return stream[start:start + size] if size >= 8 else None
    return None


def _codepage(section: bytes, offset: int | None) -> str:
    """The code page of the section's strings as a Python codec ("utf-16-le", "utf-8", "cp936" …)."""
    if offset is None or offset + 6 > len(section) or _u32(section, offset) != _VT_I2:
        return "cp1252"
    number = struct.unpack_from("<H", section, offset + 4)[0]
    name = {1200: "utf-16-le", 65001: "utf-8"}.get(number, f"cp{number}")
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def _dictionary(section: bytes, offset: int | None, codepage: str) -> dict[int, str]:
    """Property identifier -> name, from the dictionary (property 0): in UTF-16 sections each name's
    length counts characters and each entry is padded to 4 bytes."""
    names: dict[int, str] = {}
    if offset is None or offset + 4 > len(section):
        return names
    wide = codepage == "utf-16-le"
    at = offset + 4
    for _ in range(min(_u32(section, offset), 4096)):
        if at + 8 > len(section):
            break
        pid, length = struct.unpack_from("<II", section, at)
        size = length * 2 if wide else length
        raw = section[at + 8:at + 8 + size]
        names[pid] = raw.decode(codepage, "replace").split("\0", 1)[0]
        at += 8 + size
        if wide:
            at += -size % 4
    return names


def _string(section: bytes, offset: int, codepage: str) -> str | None:
    """A VT_LPSTR (in the section's code page) or VT_LPWSTR value; None for any other type."""
    if offset + 8 > len(section):
        return None
    kind, length = _u32(section, offset), _u32(section, offset + 4)
    if kind == _VT_LPWSTR:
        raw, text_codec = section[offset + 8:offset + 8 + 2 * length], "utf-16-le"
    elif kind == _VT_LPSTR:
        raw, text_codec = section[offset + 8:offset + 8 + length], codepage
    else:
        return None
    return raw.decode(text_codec, "replace").split("\0", 1)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0] if at + 4 <= len(data) else 0
