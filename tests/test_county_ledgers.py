"""A county of 130 units where half keep their ledgers (台账) in their own layouts and name
their files as they please (issue 21, item 3): every file under its own unit, with and without
a roster; the merged ledger holds exactly the adopted units' records; no ledger finding on a
unit whose ledgers agree with its tables.

The units' own ledgers are made the way units make them: openpyxl, a title row naming the unit
and no 填报单位 line, headings of their own (类别, 点评对象, 职务, 承诺人, 完成时限, 兑现时间,
完成情况 …), columns in another order, both ledgers in one workbook or in two files named
平口镇党委-创先争优活动台账.xlsx, 公开承诺台账(小淹镇党委).xlsx ….
"""

from __future__ import annotations

import datetime as dt
import random

import openpyxl
import pytest

import dianping_xlsx as api
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.template.ledgers import write_ledger_templates
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.definitions import Key, load_ledger_set
from dianping_xlsx.testing import fill_template, h1_only, random_values

from .test_ledgers import _fill_template

TOWNS = ["平口", "梅城", "东坪", "小淹", "烟溪", "大福", "江南", "柘溪", "马路", "羊角塘", "清塘铺", "仙溪",
         "乐安", "奎溪", "滔溪", "古楼", "冷市", "龙塘", "南金", "田庄", "高明", "长塘", "渠江"]
BUREAUS = ["教育局", "卫生局", "财政局", "公安局", "林业局", "水利局", "农业局", "交通局", "民政局", "司法局",
           "审计局", "统计局", "文化局", "商务局", "环保局", "国土资源局", "住建局", "人社局", "粮食局", "畜牧水产局",
           "发改局", "经信局", "科技局", "档案局", "气象局", "供销社", "移民局", "旅游局", "茶业局"]
KINDS = {"书记": ("附件1", "参加点评人数"), "党组织": ("附件2", "已被点评党组织数"), "党员": ("附件3", "已被点评党员数")}
APPRAISAL_OWN = ["序号", "日期", "点评领导", "职务", "点评对象", "对象类别", "类别", "方式", "点评内容", "整改措施",
                 "整改落实情况"]
COMMITMENT_OWN = ["序号", "主体", "承诺人", "承诺类型", "承诺内容", "完成时限", "完成情况", "兑现时间"]


def _units() -> list[tuple[str, str]]:
    units = [(f"{t}镇党委", "乡镇") for t in TOWNS]
    units += [(f"县{b}党组", "县直机关") for b in BUREAUS]
    units += [(f"{t}镇中心学校党支部", "学校") for t in TOWNS]
    units += [(f"{t}镇卫生院党支部", "医院") for t in TOWNS]
    units += [(f"{t}镇{w}村党支部", "其他") for w in ("东", "西") for t in TOWNS]
    assert len(units) >= 130
    return units[:130]


def _ledger_rows(ts, unit: str, values: dict) -> tuple[list[tuple], list[tuple]]:
    """Appraisal records that add up to the unit's figures (distinct persons per category, some
    appraised twice in the round), and a few commitments."""
    rng = random.Random(unit)
    rows = []
    for table in ts.tables:
        for category in table.categories:
            for metric_kind, (key_table, metric) in KINDS.items():
                if key_table != table.key:
                    continue
                n = values.get(Key(table.key, category, metric, "第一次"), 0)
                kind = metric_kind if table.key != "附件1" else (
                    "书记" if category in table.blocks[0] else "班子成员")
                for k in range(n):
                    person = f"{category}{kind}{k + 1}号"
                    day = dt.date(2011, rng.randint(3, 6), rng.randint(1, 28)).isoformat()
                    rows.append((day, "李书记", "书记", person, kind, category, "会议集中点评", "好", "有", "已落实"))
                    if k == 0 and rng.random() < 0.3:  # appraised twice: counted once
                        rows.append((day, "王书记", "书记", person, kind, category, "个别谈话点评", "好", "有", "已落实"))
    promises = [("党员", f"{unit}党员{k}", "", "业务工作", f"办实事{k}", "2011-12-31", "推进中", "")
                for k in range(rng.randint(1, 4))]
    return rows, promises


def _own_sheet(ws, title: str, headings: list[str], order: list[int], rows: list[tuple]):
    ws.append([title])
    ws.append([])
    ws.append([headings[i] for i in order])
    for n, row in enumerate(rows, start=1):
        full = (n, *row)
        ws.append([full[i] for i in order])


def _own_ledgers(folder, unit: str, rows, promises, style: int) -> list[str]:
    """Ledgers as a unit keeps them on its own: returns the file names."""
    # appraisal: 序号 日期 点评领导 职务 点评对象 对象类别 类别 方式 点评内容 整改措施 整改落实情况 (shuffled)
    order_a = [0, 4, 1, 2, 3, 6, 5, 7, 8, 9, 10]
    commit_rows = [(p[0], p[1], p[3], p[4], p[5], p[6], p[7]) for p in promises]
    order_c = [0, 2, 1, 3, 4, 5, 6, 7]
    if style % 2 == 0:  # both ledgers in one workbook, named after the campaign
        wb = openpyxl.Workbook()
        _own_sheet(wb.active, f"{unit}领导点评全程记实台账", APPRAISAL_OWN, order_a, rows)
        _own_sheet(wb.create_sheet("承诺"), f"{unit}公开承诺台账", COMMITMENT_OWN, order_c, commit_rows)
        name = f"{unit}-创先争优活动台账.xlsx"
        wb.save(folder / name)
        return [name]
    names = [f"{unit}-领导点评全程记实台账.xlsx", f"公开承诺台账({unit}).xlsx"]
    for name, title, headings, order, data in ((names[0], "领导点评全程记实台账", APPRAISAL_OWN, order_a, rows),
                                               (names[1], "公开承诺台账", COMMITMENT_OWN, order_c, commit_rows)):
        wb = openpyxl.Workbook()
        _own_sheet(wb.active, title, headings, order, data)  # the title without the unit: the file name tells
        wb.save(folder / name)
    return names


@pytest.fixture(scope="module")
def county(ts, blank, tmp_path_factory):
    ls = load_ledger_set()
    inbox = tmp_path_factory.mktemp("county") / "收件箱"
    inbox.mkdir()
    units = _units()
    records: dict[str, int] = {}
    files: dict[str, str] = {}  # file name -> its unit
    ours = inbox.parent / "ours"
    ours.mkdir()
    for i, (unit, _) in enumerate(units):
        values = h1_only(ts, random_values(ts, i, scale=6))
        rows, promises = _ledger_rows(ts, unit, values)
        records[unit] = len(rows)
        table_name = f"{unit}.xlsx" if i % 2 == 0 else f"2011年上半年{unit}统计表(上报).xlsx"
        signed = unit
        if i % 10 == 3:  # no 填报单位: the file's name tells
            table_name, signed = f"{unit}-统计表(更正).xlsx", ""
        fill_template(ts, inbox / table_name, signed, dt.date(2011, 6, 25), values, blank)
        files[table_name] = unit
        if i % 2 == 0:  # our ledger templates, filled in
            for path in write_ledger_templates(ls, ts, ours, unit):
                _fill_template(path, rows if "点评" in path.name else
                               [(p[0], p[1], "", p[3], p[4], "", p[5], p[6], p[7], "") for p in promises])
                target = inbox / path.name
                target.write_bytes(path.read_bytes())
                files[path.name] = unit
        else:
            for name in _own_ledgers(inbox, unit, rows, promises, i // 2):
                files[name] = unit
    roster = write_blank_roster(ts, inbox.parent / "名册.xlsx",
                                [RosterUnit(u, (), kind) for u, kind in units])
    return inbox, roster, files, records


@pytest.mark.parametrize("with_roster", [False, True])
def test_a_county_with_its_own_ledgers(county, with_roster, tmp_path):
    inbox, roster, files, records = county
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster if with_roster else None,
                             due="2011-06-28")
    units = {e.name: e.unit for e in result.entries}
    assert units == files  # every file under its own unit
    statuses = {e.name: e.status for e in result.entries}
    assert set(statuses.values()) == {"accepted"}, {n: s for n, s in statuses.items() if s != "accepted"}
    summary = result.summary
    if with_roster:
        assert not summary.missing and not summary.off_roster
    assert summary.units == 130
    bad = [p for p in result.problems if p.code in ("ledger.above", "ledger.below", "ledger.missing-column",
                                                    "ledger.unknown-value", "ledger.missing-field",
                                                    "ledger.date-outside", "unit.not-on-roster")]
    assert bad == []
    merged = summary.ledgers.merged["appraisal"]
    assert {u.unit: len(u.rows) for u in merged} == records
    assert summary.ledgers.appraisals[-1].records == sum(records.values())
    guessed = [p for p in result.problems if p.code in ("unit.from-title", "unit.from-filename")]
    assert guessed and all(p.severity == "warning" for p in guessed)
    out = api.write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    ws = openpyxl.load_workbook(out.ledgers, read_only=True)["领导点评全程记实台账"]
    assert sum(1 for r in ws.iter_rows(min_row=4, values_only=True) if r[0]) == sum(records.values())
