"""Mail after a merge of a county's own notice whose periods are named 年中统计 / 年终统计 and whose
tables are called 统计表, units owing two materials: one 【补报材料】 mail a unit listing both, and
the period and the tables named without 统计 said twice."""

from __future__ import annotations

import datetime as dt

from dianping_xlsx.api import load_notice, merge_inbox, plan_mail, write_summary, write_templates
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template

from .test_circular_columns import NOTICE, TABLES, unit_values

MATERIALS = """
[[materials]]
name = "统计表"
kind = "tables"

[[materials]]
name = "工作小结"
kind = "document"
words = ["小结"]

[[materials]]
name = "典型材料"
kind = "document"
words = ["典型"]
"""
UNITS = ["甲镇党委", "乙镇党委", "丙镇党委"]  # 丙镇党委 sends nothing


def test_one_reminder_a_unit_lists_every_material_and_no_word_is_said_twice(tmp_path):
    (tmp_path / "county-2027.toml").write_text(NOTICE + MATERIALS, encoding="utf-8")
    tables = TABLES.replace('called = "积分管理和承诺践诺统计表"', 'called = "统计表"')
    assert tables != TABLES
    (tmp_path / "county-2027-tables.toml").write_text(tables, encoding="utf-8")
    notice = load_notice(str(tmp_path / "county-2027.toml"))
    (blank, *_), _ = write_templates(tmp_path / "模板", notice=notice)
    for n, unit in enumerate(UNITS[:2]):
        fill_template(notice.tables, tmp_path / "收件箱" / f"{unit}.xlsx", unit, dt.date(2027, 6, 18),
                      unit_values(notice.tables, n), blank_template=blank)
    roster = write_blank_roster(notice.tables, tmp_path / "名册.xlsx",
                                [RosterUnit(u, (), "乡镇", emails=(f"u{n}@example.cn",)) for n, u in enumerate(UNITS)])
    result = merge_inbox(tmp_path / "收件箱", period="2027-H1", notice=notice, roster=roster, unit_name="某县委组织部")
    write_summary(result, tmp_path / "结果", unit_name="某县委组织部", day=dt.date(2027, 6, 25))
    plans = plan_mail(tmp_path / "结果", sender="zzb@example.cn", notice=notice, roster=roster,
                      due=dt.date(2027, 6, 30))
    materials = [p for p in plans if p.subject.startswith("【补报材料】")]
    assert sorted(p.unit for p in materials) == ["乙镇党委", "甲镇党委"]  # one mail a unit, not one a material
    for p in materials:
        assert "还缺 2 份材料" in p.body and "工作小结" in p.body and "典型材料" in p.body, p.body
    reminder = next(p for p in plans if p.subject.startswith("【催报】"))
    assert reminder.subject == "【催报】丙镇党委 2027年年中统计表"
    assert "本级尚未收到您单位的2027年年中统计表。" in reminder.body
    assert not [p for p in plans if "统计统计" in p.subject + p.body]
