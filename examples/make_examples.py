"""Regenerate the sample inbox examples/2011-H1/ (run: python examples/make_examples.py).

About twenty units of a county report their 2011 H1 tables:
- most fill our template (some with numbers typed as text: 12人, full-width digits);
- one typed the tables by hand in the official layout, on one sheet, in
  traditional characters;
- 县教育局 sent a first version with a mistake, then a corrected one (the first
  is superseded);
- two files are bad: one with unreadable values and a total exceeded, one
  truncated in transit;
- an Office lock file left behind by Excel is ignored.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from dianping_xlsx.spec import Key, load_table_set
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import Handmade, fill_template, h1_only, random_values, write_handmade
from dianping_xlsx.report.layout import write_template

HERE = Path(__file__).resolve().parent
INBOX = HERE / "2011-H1"
ROSTER = HERE / "单位名册.xlsx"
# Units on the roster that sent nothing (they show in 未报单位).
SILENT = [("奎溪镇党委", "乡镇"), ("滔溪镇党委", "乡镇"), ("县水利局党组", "县直机关")]

TOWNSHIPS = ["东坪镇党委", "梅城镇党委", "小淹镇党委", "江南镇党委", "仙溪镇党委", "大福镇党委",
             "清塘铺镇党委", "烟溪镇党委", "马路镇党委", "平口镇党委", "柘溪镇党委", "羊角塘镇党委"]
BUREAUS = ["县财政局党组", "县卫生局党委", "县人民医院党委", "安化一中党委", "县茶业公司党委"]


def main() -> None:
    ts = load_table_set()
    if INBOX.exists():
        shutil.rmtree(INBOX)
    INBOX.mkdir(parents=True)
    blank = INBOX.parent / ".blank.xlsx"
    write_template(ts, blank)
    stamp = dt.datetime(2011, 6, 20, 9, 0).timestamp()

    def finish(path: Path, minutes: int) -> None:
        os.utime(path, (stamp + minutes * 60, stamp + minutes * 60))

    for i, unit in enumerate(TOWNSHIPS + BUREAUS):
        # most units appraised everyone (全覆盖); a few did not yet: a warning, still summed
        values = h1_only(ts, random_values(ts, seed=i, full=1.0 if i % 4 else 0.97))
        if unit == "大福镇党委":  # numbers typed as text: read, with a warning
            values[Key("附件3", "农村", "党员数", "")] = "１２３人"
            values[Key("附件3", "农村", "已被点评党员数", "第一次")] = " 120 "
        path = fill_template(ts, INBOX / f"{unit}.xlsx", unit, dt.date(2011, 6, 20 + i % 8), values, blank)
        finish(path, i)

    # A hand-made official layout: one sheet, shifted, traditional characters.
    values = h1_only(ts, random_values(ts, seed=101))
    path = write_handmade(
        ts, INBOX / "县林业局上报表格.xlsx", "县林业局党组", "2011年6月27日", values,
        Handmade(one_sheet=True, row_offset=2, col_offset=1, traditional=True,
                 sheet_names=("Sheet1",)),
    )
    finish(path, 100)

    # A first version with a mistake, then the correction (the first is superseded).
    values = h1_only(ts, random_values(ts, seed=202))
    values[Key("附件1", "其它基层党组织书记", "总人数", "")] = 131
    wrong = dict(values)
    wrong[Key("附件1", "其它基层党组织书记", "参加点评人数", "第一次")] = 311
    finish(fill_template(ts, INBOX / "教育局统计表.xlsx", "县教育局党委", dt.date(2011, 6, 24), wrong, blank), 200)
    values[Key("附件1", "其它基层党组织书记", "参加点评人数", "第一次")] = 131
    finish(fill_template(ts, INBOX / "教育局统计表(更正).xlsx", "县教育局党委", dt.date(2011, 6, 26), values, blank), 300)

    # Bad file 1: unreadable values and a count above its total.
    values = h1_only(ts, random_values(ts, seed=303))
    values[Key("附件2", "农村", "党组织数", "")] = "见附件"
    values[Key("附件3", "机关部门", "党员数", "")] = 40
    values[Key("附件3", "机关部门", "已被点评党员数", "第一次")] = "约45"
    values[Key("附件3", "机关部门", "已被群众评议党员数", "")] = 45
    finish(fill_template(ts, INBOX / "县公安局党委.xlsx", "县公安局党委", dt.date(2011, 6, 28), values, blank), 400)

    # Bad file 2: truncated in transit.
    good = fill_template(ts, INBOX / "乐安镇党委.xlsx", "乐安镇党委", dt.date(2011, 6, 25),
                         h1_only(ts, random_values(ts, seed=404)), blank)
    data = good.read_bytes()
    good.write_bytes(data[: len(data) // 2])
    finish(good, 500)

    # Mass evaluation: two units send their tally (评议汇总), one the filled forms themselves.
    write_evaluations(INBOX, finish)

    # Left behind by Excel while a file was open.
    lock = INBOX / "~$东坪镇党委.xlsx"
    lock.write_bytes(b"\x0bAdministrator" + b"\x00" * 40)
    finish(lock, 600)
    blank.unlink()
    write_roster(ts)
    print(f"wrote {len(list(INBOX.iterdir()))} files to {INBOX}, and {ROSTER.name}")


def write_evaluations(inbox: Path, finish) -> None:
    import random
    import tempfile

    from dianping_xlsx.spec import load_item_set
    from dianping_xlsx.report.forms import write_evaluation_templates
    from dianping_xlsx.testing import fill_org_forms, fill_tally

    es = load_item_set()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        org_form, _, tally = write_evaluation_templates(es, load_table_set(), Path(tmp))
        for n, (unit, objects) in enumerate([
            ("东坪镇党委", [("东坪村党支部", "农村"), ("东坪社区党支部", "街道社区"), ("黄沙坪村党支部", "农村")]),
            ("县卫生局党委", [("县卫生局机关党支部", "机关部门"), ("县中医院党支部", "基层医疗卫生单位")]),
        ]):
            rows = []
            for obj, category in objects:
                forms = rng.randint(20, 40)
                bad = rng.choice([0.02, 0.05, 0.3])  # one in three is followed up
                counts = {}
                for item in es.org.items:
                    worst = round(forms * bad)
                    middle = rng.randint(0, (forms - worst) // 3)
                    good = rng.randint(0, forms - worst - middle)
                    counts[item] = [forms - worst - middle - good, good, middle, worst]
                rows.append((obj, category, forms, counts))
            finish(fill_tally(es, tally, inbox / f"{unit}_群众评议汇总.xlsx", unit, {"附件4": rows}), 700 + n)
        answers = [("奎溪村党支部", {item: rng.choice(["满意", "满意", "比较满意"]) for item in es.org.items})
                   for _ in range(5)]
        # 梅城镇 printed the forms pre-filled with its 填报单位 (dianping template --unit-name)
        own = write_evaluation_templates(es, load_table_set(), Path(tmp) / "梅城镇", "梅城镇党委")[0]
        finish(fill_org_forms(es, own, inbox / "梅城镇_群众评议表.xlsx", answers), 710)


def write_roster(ts) -> None:
    kinds = {"县人民医院党委": "医院", "安化一中党委": "学校", "县茶业公司党委": "企业"}
    units = [RosterUnit(u, (), "乡镇", "安化县委") for u in [*TOWNSHIPS, "乐安镇党委"]]
    units += [RosterUnit(u, (), kinds.get(u, "县直机关"), "安化县委") for u in [*BUREAUS, "县公安局党委"]]
    units += [RosterUnit("县教育局党委", ("教育局", "县教育局"), "县直机关", "安化县委"),
              RosterUnit("县林业局党组", (), "县直机关", "安化县委")]
    units += [RosterUnit(u, (), kind, "安化县委") for u, kind in SILENT]
    if ROSTER.exists():
        ROSTER.unlink()
    write_blank_roster(ts, ROSTER, units)


if __name__ == "__main__":
    main()
