"""XML written otherwise than the pre-scan's byte patterns expect, read as the reader reads it.

The patterns of scan_zip.py look for XML as Excel, WPS and openpyxl write it: element names
without a prefix, each attribute as ``name="value"``. The same XML may be written otherwise, and
python-calamine reads it alike: it knows an element by its local name, whatever its prefix
(``<x:c r="H5">``, as Open XML SDK writes), and an attribute in single quotes or with spaces
around its "=" (``<c r='H5' t = 'e'>``); a reference's letters in either case. A part written so
is scanned in the one form the patterns know (``canonical``: a copy; the reader gets the
original bytes). Which parts need it, a cheap search decides (scan_zip.py).
"""

from __future__ import annotations

import re

# An attribute as XML allows it: spaces around "=", either quotes; the value may hold the other
# quote, ">" and even "<" (calamine reads them).
_ATTRIBUTE = re.compile(rb"""\s+([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# A start or end tag: its prefix apart, then its attributes one after another, to its end.
_TAG = re.compile(rb"""<(/?)(?:[^\s<>/!?=:"']+:)?([^\s<>/!?=:"']+)((?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
                  rb"""\s*(/?)>""")
# Elements of a sheet the patterns look for, written with a prefix (their start or end tags)
PREFIXED = re.compile(rb":(?:c|row|f|v|sheetData)[\s>/]")


def canonical(body: bytes) -> bytes:
    """The part with every tag as the patterns know them: no prefix on an element's name (the
    reader ignores it), each attribute as name="value" (its value's quotes, "<" and ">" escaped),
    no space before a tag's end. Text is left as it is."""
    return _TAG.sub(_canonical_tag, body)


def _canonical_tag(m: re.Match) -> bytes:
    attrs = b"".join(b' %s="%s"' % (a[1], _escaped(a[2] if a[2] is not None else a[3]))
                     for a in _ATTRIBUTE.finditer(m[3])) if m[3] else b""
    return b"<%s%s%s%s>" % (m[1], m[2], attrs, m[4])


def _escaped(value: bytes) -> bytes:
    if b'"' in value or b"<" in value or b">" in value:
        return value.replace(b'"', b"&quot;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    return value


def attributes(attrs: bytes, strict: bool = False) -> dict[bytes, bytes] | None:
    """A tag's attributes (the text after its name) by name, read one after another from the
    start (a value never taken for an attribute), as a tag _TAG matched has them; a name given
    twice: its last value, as the reader takes a cell's. ``strict``: None unless they are so read
    to the tag's end and no name is given twice (where what the reader takes is not certain)."""
    if strict and _PLAIN.fullmatch(attrs):  # as office suites write them: read at C speed
        found = _PLAIN_ATTRIBUTE.findall(attrs)
        out = dict(found)
    elif strict and not _ATTRIBUTES.fullmatch(attrs):
        return None
    else:
        found = _ATTRIBUTE.findall(attrs)
        out = {name: double or single for name, double, single in found}
    return None if strict and len(out) < len(found) else out


_ATTRIBUTES = re.compile(rb"""(?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?""")
_PLAIN = re.compile(rb"""(?: [\w:.-]+="[^"]*")*/?""")
_PLAIN_ATTRIBUTE = re.compile(rb' ([\w:.-]+)="([^"]*)"')


def start_tags(body: bytes, name: bytes):
    """The attributes of each start tag of the element ``name`` (any prefix), read as
    ``attributes`` reads them."""
    for m in _TAG.finditer(body):
        if not m[1] and m[2] == name:
            yield attributes(m[3])


def cell_key(ref: bytes) -> str | None:
    """A cell's reference as the reader takes it (letters in either case, a row with leading
    zeros: c09 is C9), as A1; None for what is no reference."""
    m = _REF.fullmatch(ref)
    return f"{m[1].decode().upper()}{int(m[2])}" if m and int(m[2]) else None


_REF = re.compile(rb"([A-Za-z]{1,4})(\d{1,9})")
