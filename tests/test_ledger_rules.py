"""What the notices ask of the appraisals themselves (seeds 000 and 004; issue 35), checked on
ledgers filled the way units fill them (our template, as Excel saves it): the appraiser's level,
the frequency, 每名书记都要点评. Each rule fails and passes on real values, in the notice's own
words and severity (data of the ledger set); repeated findings fold into one per file; a ledger
set without the blocks checks nothing new; a county's merge shows the findings in 审核问题."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

import dianping_xlsx as api
from dianping_xlsx.check.ledger_rules import spans
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.definitions import SpecError, load_ledger_set
from dianping_xlsx.model import Period
from dianping_xlsx.problems import flatten
from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates

from .test_ledgers import _fill_template

H1, H2 = Period.parse("2011-H1"), Period.parse("2011-H2")
RULES = {"ledger.appraiser-level", "ledger.appraisal-gap", "ledger.no-secretary"}
FIRST = HEADER_ROW + 2  # the first record's row (1-based)


def record(day, post, person, kind, category="农村", who="李明"):
    """点评日期, 点评人, 点评人职务, 被点评对象, 对象类别, 附件类别, 点评方式, 点评情况, 整改措施, 落实情况."""
    return (day, who, post, person, kind, category, "会议集中点评", "肯定成绩,指出不足", "制定整改措施", "已落实")


# A township's ledger as the notice wants it: the town's 书记 appraises the village branches and
# their secretaries, each branch's 支部书记 its members (written as units write the post).
GOOD = [
    record("2011-02-20", "镇党委书记", "梅城村党支部", "党组织"),
    record("2011-02-21", "书记", "张建华", "书记", "其它基层党组织书记"),
    record("2011-03-05", "梅城村党支部书记", "王五", "党员", who="张建华"),
    record("2011-05-10", "镇党委书记", "东山村党支部", "党组织"),
    record("2011-05-12", "支部书记", "赵六", "党员", who="刘强"),
    record("2011-06-08", "书记", "李建国", "班子成员", "乡镇、街道党工委领导班子成员"),
]


def ledger_file(folder, records, unit="梅城镇党委", ls=None):
    folder.mkdir(parents=True, exist_ok=True)
    path = next(p for p in write_ledger_templates(ls or load_ledger_set(), _ts(), folder, unit) if "点评" in p.name)
    _fill_template(path, records)
    return path


def _ts():
    from dianping_xlsx.definitions import load_table_set

    return load_table_set()


def ruled(sub):
    return [p for p in sub.problems if p.code in RULES]


def variant(tmp_path, old: str, new: str, name="variant.toml"):
    """The shipped ledger set with one text replaced (a county's or another notice's)."""
    text = load_ledger_set().text
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_ledger_set(str(path))


def test_a_ledger_kept_as_the_notice_says_has_no_finding(ts, tmp_path):
    sub = check_workbook(ledger_file(tmp_path, GOOD), ts, H1, ledgers=load_ledger_set())
    assert sub.ok and ruled(sub) == []


# -- 1. the appraiser's level ------------------------------------------------------------


def test_members_appraised_by_the_town_secretary_are_listed_once_with_count_and_first_row(ts, tmp_path):
    wrong = [record("2011-04-02", "镇党委书记", "孙七", "党员"),  # a member: by the branch's secretary
             record("2011-04-03", "组织委员", "周八", "党员"),  # a post outside the list
             record("2011-04-04", "支部书记", "东坪村党支部", "党组织")]  # a branch: by the level above
    sub = check_workbook(ledger_file(tmp_path, GOOD + wrong), ts, H1, ledgers=load_ledger_set())
    found = ruled(sub)
    assert flatten(found) == [["ledger.appraiser-level", "领导点评全程记实台账", f"D{FIRST + len(GOOD)}"]]
    level = found[0]
    assert level.severity == "warning" and sub.ok  # a warning: the ledger is kept
    assert level.params["n"] == 3 and level.params["row"] == FIRST + len(GOOD)
    assert (level.params["person"], level.params["kind"], level.params["post"]) == ("孙七", "党员", "镇党委书记")
    assert level.message.startswith("领导点评全程记实台账中有 3 条记录的点评人层级与通知规定不符(从第 11 行起,"
                                    "如“孙七”(党员)由“镇党委书记”点评,应由“支部书记”点评)。")
    assert "党员由所在党支部书记点评" in level.message  # the notice's words, from the ledger set


def test_248_wrong_rows_are_one_finding(ts, tmp_path):
    rows = [record(f"2011-{3 + k % 4:02d}-{1 + k % 28:02d}", "书记", f"党员{k + 1}号", "党员") for k in range(248)]
    sub = check_workbook(ledger_file(tmp_path, rows), ts, H1, ledgers=load_ledger_set())
    level = [p for p in sub.problems if p.code == "ledger.appraiser-level"]
    assert len(level) == 1 and level[0].params["n"] == 248 and level[0].cell == f"D{FIRST}"
    assert sub.ledger_rows == {"appraisal": 248}


def test_a_county_that_lets_committee_members_appraise_branches_writes_it(ts, tmp_path):
    ls = variant(tmp_path, '{ kinds = ["党组织", "书记", "班子成员"], posts = ["书记"] }',
                 '{ kinds = ["党组织", "书记", "班子成员"], posts = ["书记", "班子成员"] }')
    rows = GOOD + [record("2011-04-04", "镇党委班子成员", "东坪村党支部", "党组织")]
    assert [p.code for p in ruled(check_workbook(ledger_file(tmp_path, rows), ts, H1, ledgers=load_ledger_set()))] \
        == ["ledger.appraiser-level"]
    assert ruled(check_workbook(ledger_file(tmp_path / "v", rows, ls=ls), ts, H1, ledgers=ls)) == []


# -- 2. frequency ------------------------------------------------------------------------


def test_a_half_year_without_an_appraisal_is_listed_in_december(ts, tmp_path):
    second_half = [(f"2011-{int(r[0][5:7]) + 6:02d}{r[0][7:]}", *r[1:]) for r in GOOD]  # all July to December
    sub = check_workbook(ledger_file(tmp_path, second_half), ts, H2, ledgers=load_ledger_set())
    gap = [p for p in ruled(sub) if p.code == "ledger.appraisal-gap"]
    assert len(gap) == 1 and gap[0].severity == "warning" and gap[0].cell == f"B{HEADER_ROW + 1}"
    assert gap[0].params["gaps"] == "2011年上半年(1月1日至6月30日)" and gap[0].params["n"] == 1
    assert "至少每半年开展一次" in gap[0].message
    # the whole year's ledger, as a December report carries both rounds: no gap
    year = check_workbook(ledger_file(tmp_path / "year", GOOD + second_half), ts, H2, ledgers=load_ledger_set())
    assert ruled(year) == []


def test_quarterly_as_seed_004_asks(ts, tmp_path):
    ls = variant(tmp_path, 'every = "half-year"', 'every = "quarter"')
    only_q2 = [r for r in GOOD if r[0] >= "2011-04"]
    sub = check_workbook(ledger_file(tmp_path, only_q2, ls=ls), ts, H1, ledgers=ls)
    gap = [p for p in ruled(sub) if p.code == "ledger.appraisal-gap"]
    assert len(gap) == 1 and gap[0].params["gaps"] == "2011年第一季度(1月1日至3月31日)"
    assert "至少每季度开展一次" in gap[0].message and "2011年上半年的点评时段为 2011-01-01 至 2011-06-30" in gap[0].message
    assert ruled(check_workbook(ledger_file(tmp_path / "all", GOOD, ls=ls), ts, H1, ledgers=ls)) == []
    # a record outside the work window (last December) fills no quarter of this one
    late = [("2010-12-20", *GOOD[0][1:])] + only_q2
    assert [p.code for p in ruled(check_workbook(ledger_file(tmp_path / "late", late, ls=ls), ts, H1, ledgers=ls))] \
        == ["ledger.appraisal-gap"]


def test_only_the_quarters_begun_by_the_report_are_asked_for():
    assert [s[0] for s in spans(H1, 3, dt.date(2011, 6, 25))] == ["2011年第一季度", "2011年第二季度"]
    assert [s[0] for s in spans(H1, 3, dt.date(2011, 3, 20))] == ["2011年第一季度"]
    assert [s[0] for s in spans(H2, 3, dt.date(2011, 12, 30))] == [f"2011年第{q}季度" for q in "一二三四"]
    assert spans(H2, 6, dt.date(2011, 12, 30)) == [("2011年上半年", dt.date(2011, 1, 1), dt.date(2011, 6, 30)),
                                                  ("2011年下半年", dt.date(2011, 7, 1), dt.date(2011, 12, 31))]


# -- 3. every secretary appraises ----------------------------------------------------------


def test_a_unit_whose_secretary_appraises_in_no_record_is_listed(ts, tmp_path):
    by_others = [r for r in GOOD if "支部书记" in r[2]] + [record("2011-05-20", "班子成员", "李建国", "班子成员")]
    sub = check_workbook(ledger_file(tmp_path, by_others), ts, H1, ledgers=load_ledger_set())
    silent = [p for p in sub.problems if p.code == "ledger.no-secretary"]
    assert len(silent) == 1 and silent[0].cell == f"D{HEADER_ROW + 1}" and silent[0].params["n"] == 3
    assert silent[0].message.startswith("领导点评全程记实台账的 3 条记录中,没有一条的“点评人职务”是“书记”")
    # 镇党委书记 is 书记 (the longest option it contains), 村党支部书记 is 支部书记, not the unit's 书记
    with_secretary = by_others + [record("2011-05-21", "东坪镇党委书记", "东坪村党支部", "党组织")]
    assert not [p for p in check_workbook(ledger_file(tmp_path / "w", with_secretary), ts, H1,
                                          ledgers=load_ledger_set()).problems if p.code == "ledger.no-secretary"]


# -- the notice's words and levels are data ----------------------------------------------------


def test_each_rule_says_what_its_ledger_set_says_at_its_level(ts, tmp_path):
    text = load_ledger_set().text
    said = 'message = "{ledger}的 {n} 条记录中'
    text = text.replace(f'severity = "warning"\n{said}', f'severity = "info"\n{said}')
    text = re.sub(r'(\[ledgers\.level\]\npost = "点评人职务"\nseverity = "warning"\nmessage = )"[^\n]*"',
                  r'\1"{ledger}:{n} 条由“{post}”等点评,不合层级。"', text)
    (tmp_path / "words.toml").write_text(text, encoding="utf-8")
    ls = load_ledger_set(str(tmp_path / "words.toml"))
    rows = [record("2011-03-01", "班子成员", "孙七", "党员"), record("2011-05-01", "班子成员", "周八", "党员")]
    found = {p.code: p for p in ruled(check_workbook(ledger_file(tmp_path, rows, ls=ls), ts, H1, ledgers=ls))}
    assert set(found) == {"ledger.appraiser-level", "ledger.no-secretary"}
    assert found["ledger.appraiser-level"].message == "领导点评全程记实台账:2 条由“班子成员”等点评,不合层级。"
    assert found["ledger.no-secretary"].severity == "info"


def test_a_ledger_set_without_the_blocks_checks_nothing_new(ts, tmp_path):
    text = load_ledger_set().text
    start, end = text.index("[ledgers.level]"), text.index('[[ledgers]]\nkey = "commitment"')
    (tmp_path / "plain.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    plain = load_ledger_set(str(tmp_path / "plain.toml"))
    appraisal = plain.ledger("appraisal")
    assert (appraisal.level, appraisal.frequency, appraisal.secretary) == (None, None, None)
    bad = [record("2011-09-01", "班子成员", "孙七", "党员")]  # each rule would list it in December
    shipped = check_workbook(ledger_file(tmp_path / "a", bad), ts, H2, ledgers=load_ledger_set())
    assert {p.code for p in ruled(shipped)} == RULES
    without = check_workbook(ledger_file(tmp_path / "b", bad, ls=plain), ts, H2, ledgers=plain)
    assert ruled(without) == []
    assert sorted(p.code for p in without.problems) == sorted(p.code for p in shipped.problems if p.code not in RULES)


@pytest.mark.parametrize("old, new, said", [
    ('message = "{ledger}中{gaps}', 'message = "{ledger}中{quarter}', "{quarter} 不认识"),
    ('every = "half-year"', 'every = "monthly"', "frequency.every 应为 quarter 或 half-year"),
    ('posts = ["书记"]\nseverity = "warning"', 'posts = ["书记"]\nseverity = "error"', "severity 应为 info"),
    ('posts = ["支部书记"] }', 'posts = ["党支部书记"] }', "党支部书记 不是“点评人职务”的选项"),
    ('[ledgers.secretary]\npost = "点评人职务"', '[ledgers.secretary]\npost = "点评人"', "应为一个选项列"),
    ('[ledgers.frequency]\nevery', '[ledgers.frequency]\nmonths = 3\nevery', "不认识的键“months”"),
])
def test_a_bad_block_is_refused_when_loaded(tmp_path, old, new, said):
    with pytest.raises(SpecError) as err:
        variant(tmp_path, old, new)
    assert said in str(err.value)


def test_the_blocks_need_the_counted_columns(tmp_path):
    text = load_ledger_set().text
    start, end = text.index("[ledgers.counts]"), text.index("# What the notices ask of the appraisals")
    (tmp_path / "nocounts.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(SpecError, match="要与 counts 一起写"):
        load_ledger_set(str(tmp_path / "nocounts.toml"))


# -- a county's merge ------------------------------------------------------------------------


def test_a_county_merge_shows_the_findings_in_the_review_sheet(ts, tmp_path, make_unit):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    ls = load_ledger_set()
    units = {"梅城镇党委": GOOD,  # as the notice says
             "东坪镇党委": [record("2011-05-03", "镇党委书记", f"党员{k}号", "党员") for k in range(40)],
             "平口镇党委": [record("2011-04-01", "班子成员", "平口村党支部", "党组织")]}
    for n, (unit, rows) in enumerate(units.items()):
        path = next(p for p in write_ledger_templates(ls, ts, inbox, unit) if "点评" in p.name)
        _fill_template(path, rows)
        make_unit(inbox, unit, seed=n, values=dict.fromkeys(ts.keys, 0))
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert {e.status for e in result.entries} == {"accepted"}  # notes and warnings send nothing back
    found = sorted((p.unit, p.code) for p in result.problems if p.code in RULES)
    assert found == [("东坪镇党委", "ledger.appraiser-level"),
                     ("平口镇党委", "ledger.appraiser-level"), ("平口镇党委", "ledger.no-secretary")]
    out = api.write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    wb = openpyxl.load_workbook(out.workbook, read_only=True)
    review = [" ".join(str(v) for v in row if v is not None) for row in wb["审核问题"].iter_rows(values_only=True)]
    assert any("点评人层级不符" in line for line in review) and any("书记没有点评记录" in line for line in review)
    detail = [row for row in wb["问题明细"].iter_rows(values_only=True) if row and "ledger.appraiser-level" in row]
    assert len(detail) == 2  # one per file: 40 wrong rows of 东坪镇 are one line
    assert any("有 40 条记录的点评人层级与通知规定不符" in str(v) for row in detail for v in row)
