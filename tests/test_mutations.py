"""Property: any mutation of a filled template gives the right values or listed problems.

Never an exception, never a hang, never a silently wrong number. Files go
through the worker processes, as in merge, since a mutation may abort the
native reader.
"""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dianping_xlsx.check.checking import Checking
from dianping_xlsx.check.pool import check_in_workers
from dianping_xlsx.read.prescan import Limits
from dianping_xlsx.testing import fill_template, h1_only, random_values
from dianping_xlsx.model import Period

H1 = Period.parse("2011-H1")
EXAMPLES = int(os.environ.get("MUTATION_EXAMPLES", "40"))
# bytes that cannot silently turn one number into another: no digits, no signs, no dots
NOISE = st.binary(min_size=1, max_size=8).filter(lambda b: not any(chr(c) in "0123456789+-.eE" for c in b))


@pytest.fixture(scope="module")
def base(ts, blank, tmp_path_factory):
    folder = tmp_path_factory.mktemp("mut")
    values = h1_only(ts, random_values(ts, 8))
    path = fill_template(ts, folder / "base.xlsx", "梅城镇党委", "2011-06-25", values, blank)
    return path.read_bytes(), values, folder


def verdict(ts, folder, data: bytes, name: str):
    path = folder / name
    path.write_bytes(data)
    ((_, sub),) = list(check_in_workers([(path, name)], Checking(ts, H1, Limits(timeout=20)), jobs=1))
    return sub


def assert_right_or_reported(sub, values):
    if sub.ok:
        assert sub.values == values, "a mutated file was accepted with other numbers"
    else:
        assert sub.problems and all(p.message for p in sub.problems)
    assert not any(p.code == "file.timeout" for p in sub.problems)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=6))
def test_byte_mutations(ts, base, flips):
    data, values, folder = base
    buf = bytearray(data)
    for pos, byte in flips:
        buf[pos % len(buf)] = byte
    assert_right_or_reported(verdict(ts, folder, bytes(buf), "bytes.xlsx"), values)


def mutate_entry(data: bytes, index: int, how: str, at: int, noise: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        infos = zin.infolist()
        target = infos[index % len(infos)].filename
        for info in infos:
            body = zin.read(info)
            if info.filename == target:
                cut = at % (len(body) + 1)
                if how == "drop":
                    continue
                if how == "truncate":
                    body = body[:cut]
                elif how == "insert":
                    body = body[:cut] + noise + body[cut:]
                elif how == "duplicate":
                    zout.writestr(info.filename + ".copy", body)
                elif how == "empty":
                    body = b""
            zout.writestr(info.filename, body)
    return out.getvalue()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 50), st.sampled_from(["drop", "truncate", "insert", "duplicate", "empty"]),
       st.integers(0, 10**6), NOISE)
def test_zip_entry_mutations(ts, base, index, how, at, noise):
    data, values, folder = base
    mutated = mutate_entry(data, index, how, at, noise)
    assert_right_or_reported(verdict(ts, folder, mutated, "entry.xlsx"), values)


def test_a_byte_inside_a_value_cells_tag_never_reads_as_blank(ts, base):
    """A NUL put inside a cell's tag (<\\x00c r="F11">…<v>3</v></c>): the reader skipped that cell,
    read as blank and so as 0, and the file was taken with another number (a case hypothesis found)."""
    data, values, folder = base
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [i.filename for i in z.infolist()]
        sheets = [(n, z.read(n)) for n in names if n.startswith("xl/worksheets/sheet")]
    refused = 0
    for name, body in sheets:
        at = body.find(b"<v>") - 1
        while at > 0 and body[at:at + 2] != b"<c":
            at -= 1
        mutated = mutate_entry(data, names.index(name), "insert", at + 1, b"\x00")
        sub = verdict(ts, folder, mutated, "nul.xlsx")
        assert_right_or_reported(sub, values)  # the 自查 sheets are never read: taken as they are
        refused += any(p.code == "file.corrupt" for p in sub.problems)
    assert refused >= 3  # each sheet holding a table (附件1–3)
