"""The totals are the exact sum of the accepted units' values, however their values are kept:
compact arrays of any width (a missing value is -1 there), plain dicts, both mixed, across the
blocks the compact ones are summed in."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from dianping_xlsx.check.compact import Values
from dianping_xlsx.definitions import load_table_set
from dianping_xlsx.merge import rates
from dianping_xlsx.merge.rates import sum_values

TS = load_table_set()
N = len(TS.keys)
COUNT = st.one_of(st.none(), st.integers(0, 40), st.integers(0, 2**31), st.integers(0, 2**62))


def _unit(numbers: list[int | None], plain: bool) -> SimpleNamespace:
    values = {k: v for k, v in zip(TS.keys, numbers) if v is not None}
    return SimpleNamespace(values=values if plain else Values.of(TS.fingerprint, values))


def _expected(units: list[list[int | None]]) -> dict:
    return {k: sum(u[i] or 0 for u in units) for i, k in enumerate(TS.keys)}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(COUNT, min_size=N, max_size=N), st.booleans()), max_size=12),
       st.integers(1, 5))
def test_any_mix_of_units_sums_exactly(units, block):
    old, rates._BLOCK = rates._BLOCK, block  # small blocks: every boundary is crossed
    try:
        got = sum_values(TS, [_unit(numbers, plain) for numbers, plain in units])
    finally:
        rates._BLOCK = old
    assert got == _expected([numbers for numbers, _ in units])


def test_a_thousand_units_of_every_width():
    units = [[(n * 7 + i) % 50 if (n + i) % 9 else None for i in range(N)] for n in range(1000)]
    units[3][0] = 2**40  # one unit's array is 8 bytes wide, another's 4: the same block
    units[4][1] = 2**20
    got = sum_values(TS, [_unit(u, False) for u in units])
    assert got == _expected(units)
    assert got[TS.keys[0]] == 2**40 + sum((n * 7) % 50 for n in range(1000) if n % 9 and n != 3)
    assert all(type(v) is int for v in got.values())
