"""What keeps a merge of 10,000 files small: problems, values and positions as they come back
from a worker (pickled), and 审核问题's per-unit rows made when read. The shapes the rest of
the code reads stay the same."""

import pickle

import pytest

from dianping_xlsx.check.compact import Cells, Values, compact, smallest
from dianping_xlsx.definitions import load_table_set
from dianping_xlsx.merge.kinds import UnitKinds, unit_kinds
from dianping_xlsx.model import Cell, Submission
from dianping_xlsx.problems import ERROR, Problem

RULE_MESSAGE = "“{category}”未全覆盖:总人数 {rhs} 人,参加点评 {lhs} 人。"


def _rule(cell: str, lhs: int, file: str = "甲.xlsx", unit: str = "甲") -> Problem:
    return Problem("rule.coverage", file=file, sheet="表一", cell=cell, unit=unit, severity="warning",
                   template=RULE_MESSAGE, params={"rule": "r", "category": "街道社区", "lhs": lhs, "rhs": 10},
                   target=("附件1", "街道社区", "参加点评人数", ""))


def _worker_copy(obj):
    """What the parent gets: a pickle made apart from every other (each worker result is one)."""
    return pickle.loads(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL))


def test_a_problem_reads_as_before():
    p = _rule("C5", 4)
    assert p.params == {"rule": "r", "category": "街道社区", "lhs": 4, "rhs": 10}
    assert p.message == "“街道社区”未全覆盖:总人数 10 人,参加点评 4 人。"
    assert (p.position, p.severity, p.kind.code) == ("表一!C5", "warning", "rule.coverage")
    assert p.to_dict()["params"] == p.params and p.to_dict()["target"]["metric"] == "参加点评人数"
    p.params["lhs"] = 99  # a copy: the problem does not change
    assert p.params["lhs"] == 4
    with pytest.raises(AttributeError):
        p.cell = "D6"
    assert p == _rule("C5", 5) and hash(p) == hash(_rule("C5", 5))  # equal by code and position
    assert p != _rule("C6", 4) and p != _rule("C5", 4, unit="乙")
    assert "params={'rule': 'r'" in repr(p)


def test_located_keeps_everything_else():
    p = _rule("C5", 4)
    moved = p.located(file="乙.xlsx", unit="乙")
    assert (moved.file, moved.unit, moved.cell, moved.params, moved.template) == ("乙.xlsx", "乙", "C5", p.params,
                                                                               RULE_MESSAGE)
    raised = p.located(severity=ERROR)
    assert raised.severity == ERROR and raised.message == p.message
    with pytest.raises(ValueError):
        p.located(severity="fatal")
    with pytest.raises(ValueError):
        p.located(params={"rule": "r"})  # a template's placeholder left without its value
    with pytest.raises(ValueError):
        Problem("value.negative")  # made without its params


def test_problems_from_workers_share_their_strings():
    first, second = _worker_copy([_rule("C5", 4)]), _worker_copy([_rule("C5", 300, file="乙.xlsx", unit="乙")])
    a, b = first[0], second[0]
    assert (a, a.params, a.message) == (_rule("C5", 4), _rule("C5", 4).params, _rule("C5", 4).message)
    for name in ("code", "sheet", "cell", "severity", "template", "target", "param_names"):
        assert getattr(a, name) is getattr(b, name), name
    assert a.param_values[1] is b.param_values[1]  # a text value (a category) shared too
    assert type(a.target) is tuple and _worker_copy(a) == a


def test_values_take_the_smallest_type_that_holds_them():
    assert smallest([-1, 0, 32767]).typecode == "h"
    assert smallest([-1, 32768]).typecode == "i"
    assert smallest([-1, 2**31]).typecode == "q"
    assert smallest([]).typecode == "h"
    with pytest.raises(OverflowError):
        smallest([2**63])


def test_compact_values_and_cells_round_trip():
    ts = load_table_set()
    keys = ts.keys
    sub = Submission(path=None, name="甲.xlsx", mtime=0.0)
    sub.values = {keys[0]: 3, keys[1]: 70000, keys[3]: 0, keys[20]: 0}
    sub.cells = {keys[0]: Cell("表一", 5, 3, 3.0), keys[1]: Cell("表一", 5, 4, 70000.0),
                 keys[2]: Cell("表一", 5, 5, "见附件"), keys[3]: Cell("表一", 5, 6, 0.0),
                 keys[20]: Cell("表一", 9, 6, "")}
    compact(sub, ts)
    assert isinstance(sub.values, Values) and isinstance(sub.cells, Cells)
    again = _worker_copy(sub)
    assert dict(again.values) == {keys[0]: 3, keys[1]: 70000, keys[3]: 0, keys[20]: 0}
    assert again.cells[keys[2]] == Cell("表一", 5, 5, "见附件") and again.cells[keys[1]].raw == 70000
    # a cell left blank stays blank (one bit), a typed 0 is 0
    assert again.cells[keys[20]].raw == "" and again.cells[keys[3]].raw == 0 and len(again.cells._blank) == 3
    other = _worker_copy(sub)
    assert other.cells._pos is again.cells._pos  # files laid out alike: one array of positions
    assert other.values._source is again.values._source is again.cells._source


def test_a_cell_from_a_worker_shares_its_texts():
    a, b = _worker_copy(Cell("表一", 3, 2, "2011-06-25")), _worker_copy(Cell("表一", 3, 2, "2011-06-25"))
    assert a == Cell("表一", 3, 2, "2011-06-25") and type(a) is Cell and a.ref == "C4"
    assert a.sheet is b.sheet and a.raw is b.raw
    assert _worker_copy(Cell("表一", 3, 2, 44.0)).raw == 44.0


def test_unit_kinds_made_when_read_are_the_same_rows():
    problems = [_rule("D7", 4), _rule("C5", 2), _rule("C6", 1, file="乙.xlsx", unit="乙"),
                Problem("value.negative", file="乙.xlsx", unit="乙", sheet="表一", cell="B2",
                        params={"label": "总人数", "text": "-1"})]
    rows = UnitKinds([problems[:2], problems[2:]])
    first = list(rows)
    assert first == list(unit_kinds([problems])) == list(rows)  # made again each time it is read
    assert len(first) == 3 and first[0].unit == "乙" and (first[2].count, first[2].files) == (2, "甲.xlsx")
    assert [r.places for r in first] == ["表一!B2", "表一!C6", "表一!C5、表一!D7"]
    assert rows.last(lambda r: True) == first[-1] and rows.last(lambda r: r.unit == "乙") == first[1]
    assert rows.last(lambda r: r.severity == "info") is None


# -- a file's problems held compactly (problems.Problems) -------------------------------------


def _fields(problems):
    """Every field of each problem (Problem's == compares code and position alone)."""
    return [(*p, type(p.target)) for p in problems]


def _submission_with(problems):
    sub = Submission(path=None, name="甲.xlsx", mtime=0.0)
    sub.problems = problems
    return _worker_copy(sub)


def test_a_workers_problems_come_back_compact_and_read_as_sent():
    from dianping_xlsx.definitions import Key
    from dianping_xlsx.problems import Problems

    sent = [_rule("C5", 4), _rule("C6", 300).located(target=Key("附件1", "街道社区", "参加点评人数", "")),
            Problem("value.negative", file="甲.xlsx", unit="甲", sheet="表一", cell="B2",
                    params={"label": "总人数", "text": "-1"})]
    sent[0] = sent[0].located(target=Key(*sent[0].target))
    back = _submission_with(sent).problems
    assert type(back) is Problems and len(back) == 3 and bool(back)
    assert _fields(back) == _fields(sent) and type(back[1].target) is Key
    assert back == sent and back[-1] == sent[-1] and back[0].message == sent[0].message
    assert _fields(back[1:]) == _fields(sent[1:])
    assert list(back.codes()) == ["rule.coverage", "rule.coverage", "value.negative"]
    assert list(back.severities()) == ["warning", "warning", "error"] and back.has_errors()
    assert list(back.kinds())[2] == ("value.negative", "error") and back.units() == {"甲"}
    again = _submission_with(sent).problems  # another file alike: the same shared parts
    assert again._heads == back._heads and again[0].template is back[0].template
    assert _fields(_worker_copy(back)) == _fields(sent)  # pickled itself (the desk's copies)


def test_problems_added_later_follow_in_order_and_copies_stay_apart():
    back = _submission_with([_rule("C5", 4), _rule("C6", 5)]).problems
    note = Problem("unit.matched", params={"written": "表上填报单位为“甲”", "unit": "甲党委", "how": "别名"})
    copy = back.copy()
    back.append(note)
    longer = copy + [note, note]
    assert [p.code for p in back] == ["rule.coverage", "rule.coverage", "unit.matched"]
    assert len(copy) == 2 and len(longer) == 4 and longer[-1] is note and back[-1] is note
    assert not copy.has_errors() and list(longer.severities())[-1] == "info"
    moved = back.located(unit="甲党委")
    assert [p.unit for p in moved] == ["甲党委"] * 3 and [p.unit for p in back] == ["甲", "甲", ""]
    assert _fields(moved) == _fields([p.located(unit="甲党委") for p in back])
    raised = back.located(severity=ERROR)
    assert raised.has_errors() and [p.severity for p in raised] == [ERROR] * 3
    assert raised[0].message == back[0].message


def test_a_policy_keeps_problems_compact_and_as_a_list_gives_them():
    from dianping_xlsx.problems import Policy, Problems

    sent = [_rule("C5", 4), Problem("value.negative", file="甲.xlsx", unit="甲", sheet="表一", cell="B2",
                                    params={"label": "总人数", "text": "-1"}), _rule("C6", 5)]
    back = _submission_with(sent).problems
    for policy in (Policy(), Policy(ignore=frozenset({"rule.coverage"})), Policy(raise_=frozenset({"rule.coverage"}))):
        applied = policy.apply(back)
        assert type(applied) is Problems and applied is not back
        assert _fields(applied) == _fields(policy.apply(sent))
    assert [p.cell for p in Policy(ignore=frozenset({"rule.coverage"})).apply(back)] == ["B2"]


def test_problems_of_several_files_keep_their_order():
    from dianping_xlsx.problems import Problems

    mixed = [_rule("C5", 4), _rule("C6", 5, file="乙.xlsx", unit="乙"), _rule("C7", 6)]
    held = Problems.of(mixed)
    assert _fields(held) == _fields(mixed) and held.units() == {"甲", "乙"}
    assert _fields(_submission_with(mixed).problems) == _fields(mixed)
    assert Problems() == [] and not Problems() and list(Problems().codes()) == []


def test_problems_sorted_by_their_shared_parts_as_sorted_problems():
    from dianping_xlsx.problems import sorted_problems

    cells = ["C5", "AA10", "C10", "B5:D5", "", "N2", "C5"]
    sent = [Problem("rule.coverage", file="甲.xlsx", sheet=sheet, cell=cell, unit="甲", severity=level,
                    template=RULE_MESSAGE, params={"rule": "r", "category": "街道社区", "lhs": n, "rhs": 10})
            for n, (cell, sheet, level) in enumerate((c, s, v) for c in cells for s in ("表二", "表一")
                                                     for v in ("info", "error", "warning"))]
    back = _submission_with(sent).problems
    assert _fields(back.sorted()) == _fields(sorted_problems(sent))
    assert [p.param_values[2] for p in back.sorted()][:5] == [28, 34, 22, 4, 40]  # C5 twice: the order they came
    back.append(sent[0].located(severity=ERROR))  # one added: the long way
    assert _fields(back.sorted()) == _fields(sorted_problems([*sent, sent[0].located(severity=ERROR)]))
