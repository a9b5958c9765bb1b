"""A sheet's words (read/grids.py) are the same whether its texts were made first or not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dianping_xlsx.read.grids import Grid

_VALUES = st.one_of(st.sampled_from(["", " ", "类别", "類別", "填报单位:", " 附件1 ", "12人", "\u3000"]), st.text(max_size=4),
                    st.floats(allow_nan=False), st.integers(), st.booleans(), st.none())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_VALUES, max_size=6), max_size=6))
def test_words_without_texts_are_the_words_of_texts(rows):
    alone, after = Grid("s", rows), Grid("s", rows)
    after.texts  # noqa: B018 - made first
    assert alone.words == after.words == [t for _, _, t in after.texts]
    assert "texts" not in alone.__dict__
