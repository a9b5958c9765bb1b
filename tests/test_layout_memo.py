"""Locating a workbook from the memo of its layout (read/layoutmemo.py) gives what locating it the
long way gives: for workbooks of one layout whose cells are changed one by one to texts locating
looks for (headers, categories, labels, markers, rounds), blanks, numbers and free text."""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dianping_xlsx.read.grids import Grid, load_grids
from dianping_xlsx.read.layoutmemo import LayoutMemo
from dianping_xlsx.read.locate import Locator
from dianping_xlsx.testing import fill_template, h1_only, random_values


def _long_way(locator: Locator, grids):
    return locator._locate([Grid(g.name, g.rows) for g in grids])


def _same(a, b) -> bool:
    return (a.cells == b.cells and list(a.cells) == list(b.cells) and a.tables == b.tables
            and (a.units, a.dates, a.unit_slots) == (b.units, b.dates, b.unit_slots)
            and list(map(repr, a.problems)) == list(map(repr, b.problems)))


@pytest.fixture(scope="module")
def layout(ts, blank, tmp_path_factory):
    values = h1_only(ts, random_values(ts, 3))
    return load_grids(fill_template(ts, tmp_path_factory.mktemp("memo") / "u.xlsx", "平口镇党委", "2011-06-25",
                                    values, blank))


def _texts(ts, locator: Locator) -> list:
    """Values a cell is changed to: every text locating looks for, and a few it can only skip."""
    table = ts.tables[0]
    return ["", None, " ", 0.0, 7.0, -1.0, True, "12人", "单位甲", "2011-06-25", "类别", "类 别", "类别(单位)",
            ts.header_label, ts.unit_label, ts.date_label, "填报单位:单位乙", "填报时间:2011-07-01", table.title,
            table.key, "附件9", table.categories[0], table.categories[-1], table.rows[0].metric,
            f"{table.rows[0].metric}(人)", f"{table.rows[-1].metric}/个",  # a row typed with a unit
            *(r.label for r in ts.rounds), *ts.stop_labels, "注:", "合计"]


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_workbook_of_a_known_layout_is_located_as_the_long_way(ts, layout, rnd: random.Random):
    locator, plain = Locator(ts), Locator(ts)
    locator.locate(layout)
    locator.locate(layout)  # its layout now in the memo
    texts = _texts(ts, locator)
    for _ in range(4):
        grids = copy.deepcopy(layout)
        for _ in range(rnd.choice((1, 1, 2, 5))):
            g = rnd.choice(grids)
            r = rnd.randrange(len(g.rows))
            if g.rows[r]:
                g.rows[r][rnd.randrange(len(g.rows[r]))] = rnd.choice(texts)
        got = locator.locate([Grid(g.name, g.rows) for g in grids])
        assert _same(got, _long_way(plain, grids))


def test_the_memo_is_used_and_bounded(ts, layout, monkeypatch):
    locator = Locator(ts)
    first = locator.locate(layout)
    locator.locate(layout)
    monkeypatch.setattr(Locator, "_locate", lambda *a: pytest.fail("located the long way"))
    grids = copy.deepcopy(layout)
    unit = next(c for c in first.units)
    grids[[g.name for g in grids].index(unit.sheet)].rows[unit.row][unit.col] = "另一个单位"
    again = locator.locate(grids)
    assert again.units[0].raw == "另一个单位" and again.cells == first.cells
    assert again.cells is not first.cells and again.problems is not first.problems
    monkeypatch.undo()
    from dianping_xlsx.read import layoutmemo

    memo = LayoutMemo(locator)
    for n in range(layoutmemo.MAX_SHAPES + 5):
        grown = [Grid(g.name, g.rows + [[""]] * n) for g in layout]
        key = memo.key(grown)
        for _ in range(3):  # remembered, then kept, then served
            memo.put(key, grown, _long_way(Locator(ts), grown), [])
        assert memo.get(key, grown) is not None
        assert len(memo._shapes) <= layoutmemo.MAX_SHAPES
    assert all(len(shelf.entries) <= layoutmemo.MAX_ENTRIES for shelf in memo._shapes.values())
    assert memo.key([Grid("big", [[""]] * (layoutmemo.MAX_ROWS + 1))]) is None


def test_cells_of_a_layout_are_compacted_as_any_others(ts, layout):
    import pickle

    from dianping_xlsx.check.compact import Cells, Values
    from dianping_xlsx.definitions.tables import register

    register(ts)
    locator = Locator(ts)
    locator.locate(layout)
    locator.locate(layout)
    for n in range(3):  # the first makes the layout's positions, the others take them
        grids = copy.deepcopy(layout)
        found = locator.locate(grids)
        assert getattr(found.cells, "layout", None) is not None
        key = next(iter(found.cells))
        cell = found.cells[key]
        grids[[g.name for g in grids].index(cell.sheet)].rows[cell.row][cell.col] = "十二" if n else 5.0
        found = locator.locate(grids)
        assert getattr(found.cells, "layout", None) is not None
        plain = dict(found.cells)
        values = Values.of(ts.fingerprint, {k: 1 for k in list(plain)[1:]})
        placed, alone = Cells.of(ts.fingerprint, found.cells, values), Cells.of(ts.fingerprint, plain, values)
        assert pickle.dumps(placed) == pickle.dumps(alone) and dict(placed) == dict(alone)


def test_placed_cells_read_as_the_dict_of_the_long_way(ts, layout):
    """The memo's cells are made when asked (layoutmemo.Placed): every way of reading them gives
    what the long way's dict gives, and a pickle of them is that dict."""
    import pickle

    from dianping_xlsx.read.layoutmemo import Placed, raws_of

    locator = Locator(ts)
    locator.locate(layout)
    locator.locate(layout)
    grids = copy.deepcopy(layout)
    first = next(iter(_long_way(Locator(ts), grids).cells.values()))
    grids[[g.name for g in grids].index(first.sheet)].rows[first.row][first.col] = "12人"
    placed, long = locator.locate(grids).cells, _long_way(Locator(ts), grids).cells
    assert isinstance(placed, Placed) and type(long) is dict
    assert list(placed) == list(long) and len(placed) == len(long) and placed == long and long == placed
    assert placed.items() == list(long.items()) and placed.values() == list(long.values())
    assert [placed[k] for k in long] == [placed.get(k) for k in long] == list(long.values())
    assert list(raws_of(placed)) == raws_of(long) == [c.raw for c in long.values()]
    assert raws_of(placed)[0] == "12人" and placed[next(iter(long))].raw == "12人"
    other = next(k for k in ts.keys if k not in long) if len(long) < len(ts.keys) else ("?", "?", "?", "?")
    assert other not in placed and placed.get(other) is None and placed.get(other, 0) == 0
    with pytest.raises(KeyError):
        placed[other]
    again = pickle.loads(pickle.dumps(placed))
    assert type(again) is dict and list(again.items()) == list(long.items())


def test_word_sets_of_a_located_layout_are_its_sheets_words(ts, layout):
    """Locating from the memo makes each sheet's word_set (layoutmemo.py) from the entry's words
    and the cells it takes: the set of the sheet's own words, whatever those cells hold."""
    locator = Locator(ts)
    locator.locate(layout)
    locator.locate(layout)
    texts = _texts(ts, locator) + ["单位丙", "2011年6月", "12人", "附件4", "台账"]
    rnd = random.Random(7)
    made = 0
    for n in range(40):
        grids = [Grid(g.name, [list(row) for row in g.rows]) for g in layout]
        found = _long_way(Locator(ts), grids)
        taken = list(found.cells.values()) + found.units + found.dates
        for cell in rnd.sample(taken, min(len(taken), n % 6)):
            rows = grids[[g.name for g in grids].index(cell.sheet)].rows
            if cell.col < len(rows[cell.row]):
                rows[cell.row][cell.col] = rnd.choice(texts)
        locator.locate(grids)
        made += all("word_set" in g.__dict__ for g in grids)
        for g in grids:
            assert g.word_set == frozenset(Grid(g.name, g.rows).words)
    assert made >= 5  # from the memo (a header typed in a value cell: the long way)
