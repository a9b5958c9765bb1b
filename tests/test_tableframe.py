"""Table sheets written from a frame (template/tableframe.py) are the ones xlsxwriter writes cell
by cell, for units whose 填报单位 or 填报时间 is a text the sheet already holds (the shared
strings keep one copy), is empty, or is the other's; each file compared with the same file
written plainly (every file the first of its table set)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dianping_xlsx.model import Period
from dianping_xlsx.template import tableframe

from .test_return_fast import _same, both_ways, units
from .test_selfcheck import fills


def test_units_named_like_the_sheets_texts(ts, tmp_path, monkeypatch):
    period = Period(2011, "H1")
    subs = units(ts, tmp_path, period, fills(ts, 0, seed=7)[:3])
    first, label = ts.tables[0], ts.tables[0].rows[0].metric
    variants = [
        subs[0],
        dataclasses.replace(subs[1], unit=first.key),  # the text in A1 of the first table
        dataclasses.replace(subs[2], unit=label),  # a row's label
        dataclasses.replace(subs[1], unit=""),
        dataclasses.replace(subs[2], unit="2011-06-25", date=dt.date(2011, 6, 25)),  # the date's text
        dataclasses.replace(subs[0], unit=ts.date_label, date=None),
    ]
    fast, plain = both_ways(ts, variants, tmp_path, period, monkeypatch)
    _same(fast, plain, len(variants))
    assert all(frame is not None for frame in tableframe._FRAMES.values())


def test_a_frame_is_given_up_for_a_setting_with_a_format(ts):
    """A drawing the frame cannot do again is not framed (its sheets then written plainly)."""
    from xlsxwriter.format import Format

    plain = [("call", "set_row", (3, 20), {}), ("enter", "text")]
    assert tableframe._events(plain, {}, {}, {}) == plain
    assert tableframe._events([("call", "set_row", (3, 20, Format()), {})], {}, {}, {}) is None
    assert tableframe._events([("live", 3, 2, "write_string", ("x", None))], {}, {}, {}) is None
