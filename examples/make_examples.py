"""Regenerate the sample inbox examples/2011-H1/ (run: python examples/make_examples.py).

About twenty units of a county report their 2011 H1 tables:
- most fill our template (some with numbers typed as text: 12人, full-width digits);
- one typed the tables by hand in the official layout, on one sheet, in
  traditional characters;
- 县教育局 sent a first version with a mistake, then a corrected one (the first
  is superseded);
- two files are bad: one with unreadable values and a total exceeded, one
  truncated in transit;
- an Office lock file left behind by Excel is ignored;
- two townships send their ledgers (台账) in files of their own, counted to match their
  tables: 梅城镇 clean, 小淹镇 with a person appraised twice in a round (counted once: 提示)
  and a commitment past its deadline (listed for follow-up: 警告).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from dianping_xlsx.definitions import Key, load_table_set
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import Handmade, fill_template, h1_only, random_values, write_handmade
from dianping_xlsx.template.blank import write_template

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

    table_values = {}
    for i, unit in enumerate(TOWNSHIPS + BUREAUS):
        # most units appraised everyone (全覆盖); a few did not yet: a warning, still summed
        values = h1_only(ts, random_values(ts, seed=i, full=1.0 if i % 4 else 0.97))
        if unit == "大福镇党委":  # numbers typed as text: read, with a warning
            values[Key("附件3", "农村", "党员数", "")] = "１２３人"
            values[Key("附件3", "农村", "已被点评党员数", "第一次")] = " 120 "
        path = fill_template(ts, INBOX / f"{unit}.xlsx", unit, dt.date(2011, 6, 20 + i % 8), values, blank)
        finish(path, i)
        table_values[unit] = values
    write_ledgers(ts, INBOX, finish, table_values)

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

    from dianping_xlsx.definitions import load_item_set
    from dianping_xlsx.template.forms import write_evaluation_templates
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


def write_ledgers(ts, inbox: Path, finish, table_values: dict) -> None:
    """梅城镇 and 小淹镇's two ledgers, from our templates filled as Excel saves them: one record
    per person its tables count (persons, not person-times), so that tables and ledgers agree."""
    import openpyxl

    from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates
    from dianping_xlsx.definitions import load_ledger_set

    ls = load_ledger_set()
    ways = ls.ledger("appraisal").columns[7].choices
    for n, unit in enumerate(["梅城镇党委", "小淹镇党委"]):
        appraisal, commitment = write_ledger_templates(ls, ts, inbox, unit)
        records = _appraisals(ts, ls, table_values[unit], ways)
        if n == 1:  # the same branch appraised again in the same round: counted once, a 提示
            records.insert(1, (records[0][0] + dt.timedelta(days=30), *records[0][1:7], "会后回访,再次点评", "", ""))
        commitments = [
            ("党组织", f"{unit[:-2]}第1村党支部", unit, "业务工作", "硬化村道 3 公里", dt.date(2011, 1, 10),
             dt.date(2011, 6, 1), "已兑现", dt.date(2011, 5, 20), ""),
            ("党员", "刘建华", f"{unit[:-2]}第2村党支部", "服务群众", "帮扶 5 户困难群众", dt.date(2011, 2, 1),
             dt.date(2011, 12, 31), "推进中", None, ""),
            ("党员", "陈志明", f"{unit[:-2]}第3村党支部", "政治思想作风", "每月讲一次党课", dt.date(2011, 1, 5),
             dt.date(2011, 6, 30), "已兑现", dt.date(2011, 6, 18), ""),
        ]
        if n == 1:  # due 5-31 and still under way: listed for 挂牌督办
            commitments.append(("党组织", "小淹镇第4村党支部", unit, "业务工作", "建村级活动场所",
                                dt.date(2011, 3, 1), dt.date(2011, 5, 31), "推进中", None, ""))
        for path, rows in ((appraisal, records), (commitment, commitments)):
            wb = openpyxl.load_workbook(path)
            ws = wb.worksheets[0]
            for i, record in enumerate(rows):
                ws.cell(HEADER_ROW + 2 + i, 1, i + 1)
                for j, value in enumerate(record, start=2):
                    if value not in (None, ""):
                        ws.cell(HEADER_ROW + 2 + i, j, value)
            wb.save(path)
            finish(path, 800 + n)


def _appraisals(ts, ls, values: dict, ways) -> list[tuple]:
    """One record per person or organisation each table counts, in the round it counts them."""
    rules = ls.ledger("appraisal").counts.by_kind
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = ("建国 志明 丽华 海燕 卫东 秀英 红梅 国强 小军 春生 桂兰 德胜 玉兰 文斌 淑珍 永红 建平 少华 "
             "新民 金凤 振华 爱民 桂芳 光明 秋云").split()
    out = []
    for rule in rules:
        table = ts.table(rule.table)
        for category in table.categories:
            kind = rule.kinds[0] if not table.blocks or category in table.blocks[0] else rule.kinds[-1]
            count = values.get(Key(rule.table, category, rule.metric, "第一次"), 0)
            for k in range(int(count)):
                n = len(out)  # a name of its own for every person in the ledger
                person = surnames[n % 20] + given[n // 20 % 25] + (str(n // 500 + 1) if n >= 500 else "")
                who = f"{category}第{k + 1}党支部" if kind == "党组织" else person
                day = dt.date(2011, 3, 1) + dt.timedelta(days=(k * 7) % 110)
                # as the notice says: a member by the secretary of the branch, an organisation and
                # its secretary or committee members by the secretary of the level above
                appraiser, title = ("支部书记", f"{category}第{k % 9 + 1}党支部书记") if kind == "党员" \
                    else ("书记", "镇党委书记")
                out.append((day, title, appraiser, who, kind, category, ways[k % len(ways)],
                            "肯定成绩,指出不足", "制定整改措施", "已落实"))
    return out


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
