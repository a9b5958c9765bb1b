"""The values' counts read at once (check/workbook._counts) are each value's _count, and the
places left to read one by one are exactly those where it is None, in order."""

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
