"""The values' counts read at once (check/workbook._counts) are each value's _count, and the
places left to read one by one are exactly those where it is None, in order; the dates worked
out once (check/workbook._date) are parse_date's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dianping_xlsx.check.workbook import _count, _counts

_RAWS = st.one_of(st.floats(), st.sampled_from([0.0, -0.0, 1.0, 4095.0, 4096.0, 1e20, 2.5, -3.0]),
                  st.sampled_from(["", "12人", "3", " "]), st.text(max_size=3), st.none(),
                  st.integers(-2, 5000), st.booleans())


@settings(max_examples=400, deadline=None)
@given(st.lists(_RAWS, max_size=40))
def test_counts_at_once_are_each_values_count(raws):
    counts, others = _counts(raws)
    assert counts == list(map(_count, raws))
    assert all(type(n) is type(m) for n, m in zip(counts, map(_count, raws)))
    assert others == [i for i, raw in enumerate(raws) if _count(raw) is None]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.floats(), st.integers(-5, 90000), st.booleans(), st.none(), st.dates(),
                 st.datetimes(), st.sampled_from(["2011-06-25", "2011年6月25日", "20110625", "2011.6.31", 40719.0, 40719])))
def test_dates_worked_out_once_are_parse_dates(raw):
    from dianping_xlsx.check.workbook import _date
    from dianping_xlsx.text import parse_date

    for _ in range(2):
        got, want = _date(raw), parse_date(raw)
        assert got == want and type(got) is type(want)
    assert _date([raw]) == parse_date([raw])  # no key: worked out each time
