"""Rules as data: every shipped rule passes and fails; bad rules are named at load time."""

from __future__ import annotations

import pytest

from dianping_xlsx.definitions import Key, SpecError, load_table_set
from dianping_xlsx.problems import Problem
from dianping_xlsx.definitions.rules import RuleError, compile_rule, run_rule
from dianping_xlsx.testing import h1_only, random_values

from .conftest import ROOT

TOML = ROOT / "dianping_xlsx" / "definitions" / "tablesets" / "hunan-2011.toml"


def failures(ts, values, rule_id, rounds=None):
    rule = next(r for r in ts.rules if r.id == rule_id)
    rounds = rounds or tuple(r.label for r in ts.rounds)
    return run_rule(rule, ts.tables_by_key, rounds, values.get)


def message(f) -> str:
    """The clerk's message of a rule failure, as the checker renders it (a Problem)."""
    return Problem(f.rule.code, template=f.rule.message, params=f.params, severity=f.rule.severity).message


def clean(ts, seed=1):
    return random_values(ts, seed)


@pytest.mark.parametrize("rule_id", [
    "leaders-appraised-le-total", "orgs-appraised-le-total", "orgs-evaluated-le-total",
    "members-appraised-le-total", "members-evaluated-le-total",
    "leaders-coverage", "orgs-coverage", "members-coverage", "secretaries-vs-organisations",
])
def test_every_shipped_rule_passes_on_consistent_values(ts, rule_id):
    for seed in range(5):
        assert failures(ts, clean(ts, seed), rule_id) == []


def test_exceeds_rules_fail_per_category_and_round(ts):
    values = clean(ts)
    t2 = ts.table("附件2")
    cat = t2.categories[3]
    values[Key("附件2", cat, "党组织数", "")] = 4
    values[Key("附件2", cat, "已被点评党组织数", "第二次")] = 5
    values[Key("附件2", cat, "已被点评党组织数", "第一次")] = 4
    values[Key("附件2", cat, "已开展群众评议党组织数", "")] = 9
    (f,) = failures(ts, values, "orgs-appraised-le-total")
    assert (f.category, f.round, f.lhs, f.rhs) == (cat, "第二次", 5, 4)
    assert message(f) == f"“{cat}”的已被点评党组织数(第二次)为 5,超过了党组织数 4。请核对后修改。"
    (g,) = failures(ts, values, "orgs-evaluated-le-total")
    assert (g.round, g.lhs, g.rhs) == ("", 9, 4)
    assert "为 9,超过了党组织数 4" in message(g)


@pytest.mark.parametrize("table, base, done, rule_id", [
    ("附件1", "总人数", "参加点评人数", "leaders-appraised-le-total"),
    ("附件3", "党员数", "已被点评党员数", "members-appraised-le-total"),
    ("附件3", "党员数", "已被群众评议党员数", "members-evaluated-le-total"),
])
def test_other_exceeds_rules_fail(ts, table, base, done, rule_id):
    values = clean(ts)
    cat = ts.table(table).categories[-1]
    values[Key(table, cat, base, "")] = 3
    rnd = "第一次" if ts.table(table).row(done).rounds else ""
    values[Key(table, cat, done, rnd)] = 4
    if rnd:
        values[Key(table, cat, done, "第二次")] = 3
    (f,) = failures(ts, values, rule_id)
    assert (f.category, f.round, f.lhs, f.rhs) == (cat, rnd, 4, 3)


def test_coverage_rules_warn_per_category_only_for_due_rounds(ts):
    values = h1_only(ts, clean(ts))
    for table_key, base, done, rule_id in [("附件1", "总人数", "参加点评人数", "leaders-coverage"),
                                           ("附件2", "党组织数", "已被点评党组织数", "orgs-coverage"),
                                           ("附件3", "党员数", "已被点评党员数", "members-coverage")]:
        cat = ts.table(table_key).categories[1]
        values[Key(table_key, cat, base, "")] = 10
        values[Key(table_key, cat, done, "第一次")] = 7
        due_h1 = ts.due_rounds("H1")
        assert due_h1 == ("第一次",)
        (f,) = failures(ts, values, rule_id, due_h1)
        assert (f.category, f.round, f.lhs, f.rhs) == (cat, "第一次", 7, 10)
        assert "未全覆盖" in message(f) and "(第一次)" in message(f)
        # In H2 both rounds are due: the empty second round is not covered anywhere it has members.
        h2 = failures(ts, values, rule_id, ts.due_rounds("H2"))
        assert {x.round for x in h2} == {"第一次", "第二次"}


def test_cross_table_rule(ts):
    values = clean(ts)
    t1, t2 = ts.table("附件1"), ts.table("附件2")
    secretaries = sum(values[Key("附件1", c, "总人数", "")] for c in t1.blocks[0])
    organisations = sum(values[Key("附件2", c, "党组织数", "")] for c in t2.categories)
    assert secretaries == organisations
    last = Key("附件1", t1.blocks[0][-1], "总人数", "")
    values[last] += organisations // 10  # within 10%: fine
    assert failures(ts, values, "secretaries-vs-organisations") == []
    values[last] += organisations // 5 + 2  # now beyond
    (f,) = failures(ts, values, "secretaries-vs-organisations")
    assert f.values["书记数"] == secretaries + organisations // 10 + organisations // 5 + 2
    assert f.values["党组织数合计"] == organisations
    assert f"各类书记总人数为 {f.values['书记数']},附件2 党组织数合计为 {organisations}" in message(f)
    # block=1 sums the secretaries only: committee members do not count
    values[Key("附件1", t1.blocks[1][0], "总人数", "")] += 1000
    (g,) = failures(ts, values, "secretaries-vs-organisations")
    assert g.values["书记数"] == f.values["书记数"]


def test_cross_table_warning_points_at_the_row_it_adds_up(ts, tmp_path):
    """Not at the first category (often a 0): at the secretaries' 总人数 row it compares, in the
    check's position, the summary's 问题明细 and the compressed list of places."""
    from dianping_xlsx.api import check_files
    from dianping_xlsx.problemplaces import places
    from dianping_xlsx.testing import fill_template

    values = clean(ts)
    t1 = ts.table("附件1")
    values[Key("附件1", t1.blocks[0][-1], "总人数", "")] += 1000
    path = fill_template(ts, tmp_path / "u.xlsx", "梅城镇党委", "2011-06-25", values)
    (report,) = check_files([path], period="2011-H1", jobs=1)
    (p,) = [p for p in report.problems if p.code == "rule.cross-table"]
    assert p.position == "附件1!C5:I5"  # the block of secretaries, as printed: 7 categories in row 5
    assert places([p]) == "附件1!C5:I5"
    assert p.target == Key("附件1", t1.blocks[0][0], "总人数", "")  # the return file marks its first cell


def test_missing_value_skips_the_rule(ts):
    values = clean(ts)
    cat = ts.table("附件2").categories[0]
    values[Key("附件2", cat, "已被点评党组织数", "第一次")] = 10**6
    del values[Key("附件2", cat, "党组织数", "")]  # unreadable cell: its own error already
    assert failures(ts, values, "orgs-appraised-le-total") == []


def test_every_message_placeholder_is_filled(ts):
    values = clean(ts)
    for table in ts.tables:
        for key in table.keys():
            row = table.row(key.metric)
            values[key] = 1 if row.base else 2  # every done > total, organisations != secretaries
    values[Key("附件1", ts.table("附件1").blocks[0][0], "总人数", "")] = 500
    seen = set()
    for rule in ts.rules:
        for f in failures(ts, values, rule.id):
            assert "{" not in message(f) and "}" not in message(f)
            seen.add(rule.id)
    exceed_ids = {r.id for r in ts.rules if r.code in ("rule.exceeds", "rule.cross-table")}
    assert exceed_ids <= seen


BAD_RULES = {
    "unknown row": ({"check": "参加点评人数 <= 人数总计"}, "没有“人数总计”这一行"),
    "syntax": ({"check": "参加点评人数 <="}, "写法有误"),
    "not a comparison": ({"check": "参加点评人数 + 总人数"}, "必须是一个比较"),
    "bad round": ({"check": "参加点评人数[第三次] <= 总人数"}, "轮次"),
    "round on a row without": ({"check": "总人数[第一次] >= 0"}, "没有轮次"),
    "unknown table": ({"check": "附件9.总人数 >= 0"}, "没有表格 附件9"),
    "bad function": ({"check": "len(总人数) >= 0"}, "不支持的函数"),
    "bad placeholder": ({"message": "{没有这个}"}, "占位符"),
    "bad severity": ({"severity": "fatal"}, "severity"),
    "attribute trick": ({"check": "总人数.__class__ >= 0"}, "没有表格"),
    "string constant": ({"check": "总人数 >= 'a'"}, "数字常量"),
    "bad block": ({"check": "sum(附件1.总人数, block=3) >= 0", "tables": []}, "第 3 块"),
}


@pytest.mark.parametrize("change, words", BAD_RULES.values(), ids=BAD_RULES.keys())
def test_bad_rule_is_named_at_load_time(ts, change, words):
    raw = {"id": "my-rule", "severity": "error", "code": "rule.exceeds", "tables": ["附件1"],
           "check": "参加点评人数 <= 总人数", "message": "{category}"}
    raw.update(change)
    with pytest.raises(RuleError, match=f"规则 my-rule.*{words}"):
        compile_rule(raw, ts.tables_by_key, tuple(r.label for r in ts.rounds))


def test_bad_rule_file_stops_loading(tmp_path):
    text = TOML.read_text(encoding="utf-8").replace(
        'check = "已被点评党员数 >= 党员数"', 'check = "已被点评党员数 >= 党员总数"')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match="members-coverage.*党员总数"):
        load_table_set(str(path))


def test_bad_rule_file_stops_the_cli_at_start(tmp_path):
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    text = TOML.read_text(encoding="utf-8").replace(
        'check = "参加点评人数 >= 总人数"', 'check = "参加点评人数 >= "')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    inbox = tmp_path / "in"
    inbox.mkdir()
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "o"),
                                    "--period", "2011-H1", "--table-set", str(path)])
    assert res.exit_code == 2
    assert "leaders-coverage" in res.output and "写法有误" in res.output
    assert not (tmp_path / "o").exists()


def test_failed_places_give_run_rules_outcomes_and_params():
    """The checker's path (failed_places, outcome_params: no Outcome each) gives every rule's
    failures at the same places, in the same order, with Outcome.params' names and values."""
    from dianping_xlsx.definitions.rules import Outcome, failed_places, outcome_params

    ts = load_table_set()
    rounds = tuple(r.label for r in ts.rounds)
    values = clean(ts, 3)
    for n, key in enumerate(sorted(values)):  # many failures: values broken every few keys
        if n % 3 == 0:
            values[key] = 999 - n
    lookup = {tuple(k): v for k, v in values.items()}.__getitem__
    seen = 0
    for rule in ts.rules:
        outcomes = run_rule(rule, ts.tables_by_key, rounds, lookup=lookup)
        failed = failed_places(rule, ts.tables_by_key, rounds, lookup)
        assert len(failed) == len(outcomes)
        for out, (n, lets, lhs, rhs) in zip(outcomes, failed):
            place = rule.walks[rounds][n]
            assert place == (out.table, out.category, out.round) and (lhs, rhs, lets) == (out.lhs, out.rhs, out.values)
            names, shown = outcome_params(rule.id, place, lhs, rhs, lets)
            assert list(out.params.items()) == list(zip(names, shown))
            seen += 1
    assert seen > 20
    rule = ts.rules[0]  # a let named like a standard name takes that name's place, as in Outcome.params
    out = Outcome(rule, "t", "c", "", 1.5, 2.0, {"table": 3.0, "x": 0.25}, rule.refs[0])
    names, shown = outcome_params(rule.id, ("t", "c", ""), 1.5, 2.0, {"table": 3.0, "x": 0.25})
    assert list(out.params.items()) == list(zip(names, shown))


def test_two_rules_with_the_same_check_report_a_cell_once(tmp_path):
    """A hand-written definition (or an old draft) holding one check twice under two ids: the first
    is kept, so the template's 填表说明, the summary and the return file say each problem once."""
    from dianping_xlsx.api import check_files
    from dianping_xlsx.testing import fill_template

    twice = ('\n[[rules]]\nid = "orgs-appraised-again"\nseverity = "error"\ncode = "rule.exceeds"\n'
             'tables = ["附件2"]\ncheck = "已被点评党组织数  <=  党组织数"\n'
             'message = "“{category}”的已被点评党组织数超过了党组织数。"\n')
    path = tmp_path / "tables.toml"
    path.write_text(TOML.read_text(encoding="utf-8") + twice, encoding="utf-8")
    mine = load_table_set(str(path))
    same = [r.id for r in mine.rules if r.check.replace(" ", "") == "已被点评党组织数<=党组织数"]
    assert same == ["orgs-appraised-le-total"]
    values = clean(mine)
    cat = mine.table("附件2").categories[0]
    values[Key("附件2", cat, "已被点评党组织数", "第一次")] = values[Key("附件2", cat, "党组织数", "")] + 5
    filled = fill_template(mine, tmp_path / "u.xlsx", "梅城镇党委", "2011-06-25", values)
    (report,) = check_files([filled], period="2011-H1", table_set=mine, jobs=1)
    assert len([p for p in report.problems if p.code == "rule.exceeds"]) == 1, report.problems
