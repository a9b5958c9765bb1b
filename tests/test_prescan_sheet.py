"""The pre-scan's search for cells and rows written without r= (read/scan_zip.py): its cheap first
look never misses a tag the exact pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dianping_xlsx.read.scan_zip import _NO_REF, _NO_REF_FIRST

_PIECES = st.sampled_from([b"<c", b"<row", b"<col", b" ", b"\t", b"\n", b"r=", b' r="A1"', b"s=", b">", b"/>",
                           b"/", b"x", b"<", b"\"", b"<c r=\"B2\">", b"<row r=\"3\">", b"</c>", b"  r="])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_the_first_look_finds_whatever_the_exact_pattern_finds(pieces):
    body = b"".join(pieces)
    if _NO_REF.search(body):
        assert _NO_REF_FIRST.search(body)


def test_tags_written_with_r_first_need_no_exact_look():
    body = b'<sheetData><row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row></sheetData>'
    assert _NO_REF_FIRST.search(body) is None and _NO_REF.search(body) is None
    for odd in (b"<c>", b"<c/>", b'<c s="1" r="A1">', b"<row>", b'<row\tr="1">'):
        assert _NO_REF_FIRST.search(odd)
