"""A worker's result as the parent gets it: a Submission pickled with its problems as one block
(problems.pack), the same problems, targets and params after; and the pool's preparations."""

import pickle
from pathlib import Path

from dianping_xlsx.definitions import Key
from dianping_xlsx.model import Cell, Submission
from dianping_xlsx.problems import Problem, pack, unpack

MESSAGE = "“{category}”未全覆盖:总人数 {rhs} 人,参加点评 {lhs} 人。"


def _problems() -> list[Problem]:
    key = Key("附件1", "街道社区", "参加点评人数", "")
    return [
        Problem("rule.coverage", file="甲.xlsx", sheet="表一", cell="C5", unit="甲", severity="warning",
                template=MESSAGE, params={"rule": "r", "category": "街道社区", "lhs": 4, "rhs": 10}, target=key),
        Problem.checked("rule.coverage", "甲.xlsx", "表一", "C6", "甲", ("rule", "category", "lhs", "rhs"),
                        ("r", "街道社区", 5, 10), "warning", MESSAGE, key),
        Problem("value.negative", file="甲.xlsx", sheet="表一", cell="D7", unit="甲",
                params={"text": "-1", "label": "x"}),
    ]


def _same(a: list[Problem], b: list[Problem]) -> None:
    assert a == b
    for p, q in zip(a, b):
        assert (p.params, p.severity, p.template, p.target, type(p.target), p.message) == \
            (q.params, q.severity, q.template, q.target, type(q.target), q.message)


def test_a_submission_comes_back_the_same():
    sub = Submission(path=Path("甲.xlsx"), name="甲.xlsx", mtime=1.0, unit="甲", problems=_problems(),
                     date_cell=Cell("表一", 3, 2, "2011年6月"), ledger_rows={"a": 2})
    back = pickle.loads(pickle.dumps(sub, pickle.HIGHEST_PROTOCOL))
    _same(back.problems, sub.problems)
    assert back.problems[0].target is back.problems[1].target  # one target for the block
    for name in Submission.__slots__:
        if name != "problems":
            assert getattr(back, name) == getattr(sub, name), name


def test_pack_keeps_odd_targets_and_no_problems():
    odd = [_problems()[0], Problem("value.negative", params={"text": "-1", "label": "x"}, target=("a", "b"))]
    _same(unpack(pickle.loads(pickle.dumps(pack(odd)))), odd)  # two kinds of target: one by one
    assert unpack(pickle.loads(pickle.dumps(pack([])))) == []


def test_checked_is_the_checked_problem():
    made, checked = _problems()[:2]
    assert checked.params == {"rule": "r", "category": "街道社区", "lhs": 5, "rhs": 10}
    assert checked.message == "“街道社区”未全覆盖:总人数 10 人,参加点评 5 人。"
    assert made.located(cell="C6") == checked


def test_rules_compiled_before_the_workers():
    from dianping_xlsx.check.workbook import prepare_rules
    from dianping_xlsx.definitions import load_table_set
    from dianping_xlsx.model import Period

    ts = load_table_set()
    prepare_rules(ts, Period(2011, "H1"))
    assert ts.rules and all(rule.walks and rule.batches for rule in ts.rules)


def test_problems_of_two_files_share_their_texts_names_and_targets():
    def sent(unit):  # each file's result pickled apart, as two workers send them
        sub = Submission(path=Path(f"{unit}.xlsx"), name=f"{unit}.xlsx", mtime=1.0, unit=unit,
                         problems=[p.located(file=f"{unit}.xlsx", unit=unit) for p in _problems()])
        return pickle.loads(pickle.dumps(sub, pickle.HIGHEST_PROTOCOL)).problems

    a, b = sent("甲"), sent("乙")
    for p, q in zip(a, b):
        assert p.code is q.code and p.sheet is q.sheet and p.cell is q.cell and p.template is q.template
        assert p.param_names is q.param_names and p.target is q.target
        assert all(x is y for x, y in zip(p.param_values, q.param_values) if isinstance(x, str))
    assert a[0].target is a[1].target is b[0].target and type(a[0].target) is Key
