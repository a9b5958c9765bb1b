"""The county's year: roster, mail-out, deadline, the 12-30 round, roll-up to the city."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key, load_table_set
from dianping_xlsx.merge.roster import match_key
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template, random_values

from .conftest import sheet_rows, status_of

H1 = ["--period", "2011-H1", "--date", "2011-06-30"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def totals_of(out):
    rows = csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))
    return {(r["table"], r["category"], r["metric"], r["round"]): int(r["value"]) for r in rows if r["unit"] == "合计"}


ROSTER = [
    RosterUnit("梅城镇党委", (), "乡镇"),
    RosterUnit("东坪镇党委", (), "乡镇"),
    RosterUnit("县教育局党委", ("教育局",), "县直机关"),
    RosterUnit("县卫生局党委", (), "县直机关"),
    RosterUnit("县财政局党组", (), "县直机关"),
    RosterUnit("安化一中党委", (), "学校"),
]


@pytest.fixture
def roster(ts, tmp_path):
    return write_blank_roster(ts, tmp_path / "名册.xlsx", ROSTER)


# -- 1. roster ---------------------------------------------------------------


def test_roster_init_writes_a_blank_roster(tmp_path):
    target = tmp_path / "单位名册.xlsx"
    res = run("roster", "init", "-o", target)
    assert res.exit_code == 0
    ws = openpyxl.load_workbook(target)["单位名册"]
    assert [c.value for c in ws[1][:4]] == ["单位名称", "别名", "类型", "上级"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and "乡镇" in dv.formula1
    assert run("roster", "init", "-o", target).exit_code == 1  # never overwrites a filled roster


@pytest.mark.parametrize("name, key", [
    ("中共安化县教育局党委", "教育局"), ("县教育局党组", "教育局"), ("安化县教育局", "教育局"),
    ("梅 城 鎮 黨 委", "梅城镇"), ("县委组织部", "县委组织部"), ("县直机关工委", "县直机关工委"),
])
def test_match_key(name, key):
    assert match_key(name, load_table_set().names) == key


def test_merge_matches_submissions_to_the_roster(ts, tmp_path, make_unit, roster):
    inbox = tmp_path / "in"
    _, mei = make_unit(inbox, "梅城镇党委", 1)                                   # exact
    _, edu = make_unit(inbox, "教育局", 2, name="edu.xlsx")                     # alias
    _, fin = make_unit(inbox, "中共安化县财政局党组", 3, name="fin.xlsx")        # normalised key
    _, dong = make_unit(inbox, "東坪鎮黨委", 4, name="dong.xlsx")               # traditional
    make_unit(inbox, "梅城乡党委", 5, name="near.xlsx")                          # near miss
    make_unit(inbox, "县人民医院党委", 6, name="other.xlsx")                     # not on the roster
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--roster", roster)
    assert res.exit_code == 1
    assert "名册共 6 个单位,未报(含退回)2 个:县卫生局党委、安化一中党委。" in res.output
    assert "名册外单位 2 个" in res.output

    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    status = status_of(wb)
    assert status["edu.xlsx"][:2] == ("县教育局党委", "已采用")
    assert status["fin.xlsx"][:2] == ("县财政局党组", "已采用")
    assert status["dong.xlsx"][:2] == ("东坪镇党委", "已采用")
    assert status["near.xlsx"][1] == "名册外" and "您是否指“梅城镇党委”?" in status["near.xlsx"][2]
    assert status["other.xlsx"][1] == "名册外"
    units = {r["单位"]: r["状态"] for r in sheet_rows(wb, "报送情况")}
    assert units["县卫生局党委"] == "未报" and units["安化一中党委"] == "未报"  # every roster unit shown
    missing = [(r["单位名称"], r["类型"], r["情况"]) for r in sheet_rows(wb, "未报单位")]
    assert missing == [("县卫生局党委", "县直机关", "未报送"), ("安化一中党委", "学校", "未报送")]
    off = [(r["文件"], r["表上填报单位"]) for r in sheet_rows(wb, "名册外单位")]
    assert off == [("near.xlsx", "梅城乡党委"), ("other.xlsx", "县人民医院党委")]
    notes = {(r[1], r[6]) for r in wb["问题明细"].iter_rows(min_row=4, values_only=True)}
    assert ("edu.xlsx", "unit.matched") in notes and ("fin.xlsx", "unit.matched") in notes

    assert totals_of(out) == {k: mei[k] + edu[k] + fin[k] + dong[k] for k in ts.keys}
    kinds = wb["附件3按类型汇总"]
    rows = {r[0]: r[1] for r in kinds.iter_rows(min_row=3, max_row=5, values_only=True)}
    members = ts.table("附件3").categories
    assert rows["乡镇(2 个单位)"] == sum(v[Key("附件3", c, "党员数", "")] for v in (mei, dong) for c in members)
    assert rows["县直机关(2 个单位)"] == sum(v[Key("附件3", c, "党员数", "")] for v in (edu, fin) for c in members)
    assert [c.value for c in wb["明细"][1][:2]] == ["单位", "类型"]


def test_alias_and_name_supersede_each_other(tmp_path, make_unit, roster):
    inbox = tmp_path / "in"
    make_unit(inbox, "县教育局党委", 1, day=dt.date(2011, 6, 20), name="a.xlsx")
    make_unit(inbox, "教育局", 2, day=dt.date(2011, 6, 26), name="b.xlsx")
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1, "--roster", roster)
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status["a.xlsx"][1] == "被替代" and status["b.xlsx"][1] == "已采用"


def test_bad_roster_is_a_usage_error(ts, tmp_path):
    path = write_blank_roster(ts, tmp_path / "r.xlsx", [RosterUnit("甲单位", ("乙",)), RosterUnit("乙")])
    inbox = tmp_path / "in"
    inbox.mkdir()
    res = run("merge", inbox, "-o", tmp_path / "o", *H1, "--roster", path)
    assert res.exit_code == 2 and "第 3 行" in res.output and "重复" in res.output


# -- 2. mail-out -------------------------------------------------------------


def test_template_per_roster_unit_with_locked_name(tmp_path, roster, ts):
    out = tmp_path / "mail"
    res = run("template", "--roster", roster, "-o", out)
    assert res.exit_code == 0 and "6 个单位" in res.output
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([*(f"领导点评群众评议统计表_{u.name}.xlsx" for u in ROSTER),
                            *(f"群众评议汇总表_{u.name}.xlsx" for u in ROSTER),
                            *(f"群众评议表_{f}_{u.name}.xlsx" for f in ("附件4", "附件5") for u in ROSTER),
                            *(f"{t}_{u.name}.xlsx" for t in ("领导点评全程记实台账", "公开承诺台账") for u in ROSTER)])
    wb = openpyxl.load_workbook(out / "领导点评群众评议统计表_县教育局党委.xlsx")
    for name in ("附件1", "附件2", "附件3"):
        cell = wb[name]["C3"]
        assert cell.value == "县教育局党委"
        assert cell.protection.locked is not False  # the name cannot be retyped
        assert wb[name].protection.sheet
        date_ref = "H3" if name == "附件1" else "G3"
        assert wb[name][date_ref].protection.locked is False  # the date can


# -- 3. the 12-30 round ------------------------------------------------------


def test_h2_sums_both_rounds_and_compares_with_h1(ts, tmp_path, blank):
    h1_in, h2_in = tmp_path / "h1", tmp_path / "h2"
    units = ["梅城镇党委", "东坪镇党委"]
    h1 = {u: random_values(ts, i) for i, u in enumerate(units)}
    cat = ts.table("附件2").categories[0]
    changed = Key("附件2", cat, "已被点评党组织数", "第一次")
    base = Key("附件2", cat, "党组织数", "")
    h1["梅城镇党委"][base] = h1["梅城镇党委"][changed] = 10
    h1["梅城镇党委"][Key("附件2", cat, "已被点评党组织数", "第二次")] = 10
    h1["梅城镇党委"][Key("附件2", cat, "已开展群众评议党组织数", "")] = 10
    for u in units:
        first = {k: (0 if k.round == "第二次" else v) for k, v in h1[u].items()}
        fill_template(ts, h1_in / f"{u}.xlsx", u, "2011-06-25", first, blank)
    run("merge", h1_in, "-o", tmp_path / "out1", *H1)

    h2 = {u: dict(h1[u]) for u in units}
    h2["梅城镇党委"][base] = 13  # +30%
    h2["梅城镇党委"][changed] = 9  # the first round, reported as 10 in H1
    for u in units:
        fill_template(ts, h2_in / f"{u}.xlsx", u, "2011-12-25", h2[u], blank)
    out = tmp_path / "out2"
    res = run("merge", h2_in, "-o", out, "--period", "2011-H2", "--previous", tmp_path / "out1")
    assert "汇总表_2011-H2.xlsx" in res.output
    assert totals_of(out) == {k: h2["梅城镇党委"][k] + h2["东坪镇党委"][k] for k in ts.keys}
    assert any(v for k, v in totals_of(out).items() if k[3] == "第二次")

    wb = openpyxl.load_workbook(out / "汇总表_2011-H2.xlsx")
    found = {(r[0], r[6], r[2], r[3]) for r in wb["问题明细"].iter_rows(min_row=4, values_only=True)}
    assert ("梅城镇党委", "previous.round-changed", "附件2", "C6") in found
    assert ("梅城镇党委", "previous.total-changed", "附件2", "C5") in found
    messages = [r[5] for r in wb["问题明细"].iter_rows(min_row=4, values_only=True) if r[6] == "previous.total-changed"]
    assert messages == [f"“{cat}”的党组织数本次为 13,上期为 10(变化 +30%,超过 20%)。请核实。"]
    assert not any(u == "东坪镇党委" and c.startswith("previous") for u, c, _, _ in found)
    detail = list(wb["明细"].iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1]) for r in detail[:4]] == [
        ("东坪镇党委", "2011-H2"), ("东坪镇党委", "上期"), ("梅城镇党委", "2011-H2"), ("梅城镇党委", "上期")]
    col = 4 + ts.keys.index(base)
    assert detail[3][col] == h1["梅城镇党委"][base] and detail[2][col] == h2["梅城镇党委"][base]


def test_previous_must_be_a_summary(tmp_path, make_unit):
    inbox = tmp_path / "in"
    make_unit(inbox, "甲", 1)
    res = run("merge", inbox, "-o", tmp_path / "o", "--period", "2011-H2", "--previous", inbox / "甲.xlsx")
    assert res.exit_code == 2 and "明细" in res.output


# -- 4. deadline -------------------------------------------------------------


def test_late_files_are_flagged_and_still_summed(ts, tmp_path, make_unit):
    inbox = tmp_path / "in"
    _, a = make_unit(inbox, "甲单位", 1, day=dt.date(2011, 6, 28))
    _, b = make_unit(inbox, "乙单位", 2, day=dt.date(2011, 6, 29))
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--due", "2011-06-28")
    assert res.exit_code == 0
    assert "截止日期 2011-06-28,逾期报送 1 个单位。" in res.output
    rows = {r["文件"]: r for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况")}
    assert rows["乙单位.xlsx"]["逾期"] == "逾期" and rows["乙单位.xlsx"]["状态"] == "已采用"
    assert rows["甲单位.xlsx"]["逾期"] in ("", None)
    assert totals_of(out) == {k: a[k] + b[k] for k in ts.keys}


# -- 5. roll-up --------------------------------------------------------------


def test_three_counties_roll_up_to_the_city_exactly(ts, tmp_path, make_unit):
    city_inbox = tmp_path / "市收件箱"
    everything = []
    for c, county in enumerate(["安化县委创先办", "桃江县委创先办", "南县县委创先办"]):
        inbox = tmp_path / county
        for u in range(4):
            _, values = make_unit(inbox, f"{county[:2]}单位{u}", seed=10 * c + u)
            everything.append(values)
        out = tmp_path / f"out-{c}"
        res = run("merge", inbox, "-o", out, *H1, "--unit-name", county)
        assert res.exit_code == 0, res.output
        city_inbox.mkdir(exist_ok=True)
        # each county e-mails its summary; the city saves them all (same file name, sub-folders)
        (city_inbox / county).mkdir()
        (city_inbox / county / "汇总表_2011-H1.xlsx").write_bytes((out / "汇总表_2011-H1.xlsx").read_bytes())
    out = tmp_path / "city"
    res = run("merge", city_inbox, "-o", out, *H1, "--unit-name", "益阳市委创先办")
    assert res.exit_code == 0, res.output
    assert "采用 3 个单位" in res.output
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert {v[0] for v in status.values()} == {"安化县委创先办", "桃江县委创先办", "南县县委创先办"}
    assert totals_of(out) == {k: sum(v[k] for v in everything) for k in ts.keys}


def test_summaries_without_unit_name_do_not_supersede_each_other(ts, tmp_path, make_unit):
    city_inbox = tmp_path / "city-in"
    for c in range(2):
        inbox = tmp_path / f"c{c}"
        make_unit(inbox, f"单位{c}", seed=c)
        run("merge", inbox, "-o", tmp_path / f"o{c}", *H1)  # no --unit-name
        county = ("桃江县", "安化县")[c]  # each county's summary in a folder of its name (the file names none)
        (city_inbox / county).mkdir(parents=True)
        (city_inbox / county / "汇总表_2011-H1.xlsx").write_bytes((tmp_path / f"o{c}" / "汇总表_2011-H1.xlsx").read_bytes())
    res = run("merge", city_inbox, "-o", tmp_path / "city", *H1)
    assert "采用 2 个单位" in res.output and "被替代 0 个" in res.output
