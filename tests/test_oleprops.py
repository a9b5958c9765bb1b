"""Our marks in an .xls's user-defined properties, in the code pages office suites write them:
UTF-16 (Excel, code page 1200: names counted in characters, padded to 4 bytes), UTF-8 (LibreOffice),
GBK (an old WPS); a broken stream gives no marks, never an error."""

from __future__ import annotations

import struct

import pytest

from dianping_xlsx.read.scan_oleprops import user_defined

_FMTID = bytes.fromhex("05d5cdd59c2e1b10939708002b2cf9ae")


def _stream(codepage: int, props: dict[str, str]) -> bytes:
    """A DocumentSummaryInformation stream whose one section is the user-defined one."""
    wide = codepage == 1200
    codec = {1200: "utf-16-le", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
    entries = b""
    for pid, name in enumerate(props, start=2):
        raw = (name + "\0").encode(codec)
        entry = struct.pack("<II", pid, len(name) + 1 if wide else len(raw)) + raw
        entries += entry + b"\0" * ((-len(raw) % 4) if wide else 0)
    values = [struct.pack("<I", len(props)) + entries, struct.pack("<IH2x", 2, codepage)]
    for value in props.values():
        raw = (value + "\0").encode(codec)
        values.append(struct.pack("<II", 30, len(raw)) + raw + b"\0" * (-len(raw) % 4))
    count = len(values)
    offsets, at = [], 8 + 8 * count
    for v in values:
        offsets.append(at)
        at += len(v)
    ids = [0, 1, *range(2, 2 + len(props))]
    body = b"".join(struct.pack("<II", i, o) for i, o in zip(ids, offsets)) + b"".join(values)
    section = struct.pack("<II", 8 + len(body), count) + body
    head = struct.pack("<HH4s16sI", 0xFFFE, 0, b"\x02\x00\x00\x00", b"\0" * 16, 1) + _FMTID + struct.pack("<I", 48)
    return head + section


@pytest.mark.parametrize("codepage", [1200, 65001, 936])
def test_marks_are_read_in_the_sections_code_page(codepage):
    props = {"AppVersion": "12.0000", "dianping_summary_unit": "桃江县委创先办",
             "dianping_summary_incomplete": "名册中 1 个单位未报或被退回(修山镇党委)"}
    assert user_defined(_stream(codepage, props)) == {k: v for k, v in props.items() if k.startswith("dianping_")}


@pytest.mark.parametrize("cut", [0, 10, 30, 60, 100, 150])
def test_a_broken_stream_gives_no_marks(cut):
    data = _stream(1200, {"dianping_summary_unit": "桃江县委创先办"})
    assert isinstance(user_defined(data[:cut]), dict)
    assert user_defined(data[:cut] + b"\xff" * 40) is not None
