"""The blank roster (单位名册) a county fills in once: its five columns and instructions."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from ..merge.roster import COLUMNS, SHEET
from ..model import RosterUnit
from ..definitions import TableSet
from ..files import atomic_path
from ..template.layout import WORKBOOK_OPTIONS


def write_blank_roster(ts: TableSet, target: Path, units: list[RosterUnit] = ()) -> Path:
    """A roster to fill in: the five columns, a 类型 drop-down, instructions."""
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties({"title": "单位名册", "author": "dianping-xlsx"})
        ws = wb.add_worksheet(SHEET)
        th = wb.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "font_name": "宋体",
                            "align": "center"})
        td = wb.add_format({"border": 1, "font_name": "宋体"})
        note = wb.add_format({"font_name": "宋体", "italic": True, "font_color": "#555555"})
        for j, h in enumerate(COLUMNS):
            ws.write_string(0, j, h, th)
        for i, u in enumerate(units, start=1):
            for j, text in enumerate((u.name, "、".join(u.aliases), u.kind, u.parent, "、".join(u.emails))):
                ws.write_string(i, j, text, td)
        last = max(200, len(units) + 50)
        if ts.unit_types:
            ws.data_validation(1, 2, last, 2, {
                "validate": "list", "source": list(ts.unit_types), "error_type": "information",
                "error_title": "类型", "error_message": "建议从下拉列表中选择;也可以填写其他类型。",
            })
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 40)
        ws.set_column(2, 3, 16)
        ws.set_column(4, 4, 28)
        ws.freeze_panes(1, 0)
        help_col = 6
        ws.set_column(help_col, help_col, 70)
        for i, line in enumerate([
            "填写说明:",
            "1. 每行一个报送单位。“单位名称”填全称,与各单位表头“填报单位”一致。",
            "2. “别名”填单位可能使用的其他写法,多个用顿号(、)或逗号隔开,如:县教育局、教育局党委。",
            f"3. “类型”用于分类汇总,如:{'、'.join(ts.unit_types) or '乡镇、县直机关'}。",
            "4. “上级”可不填。",
            "5. “邮箱”填单位报送用的邮箱地址(可不填;多个用顿号隔开):收取邮件时据此认出单位,催报邮件发到这里。",
            "6. 汇总时在工作台“本期”页上传本名册;用命令时:dianping merge 收件箱 --roster 单位名册.xlsx --period 期次"
            "(不是默认通知时再加 --notice 通知名称)。",
        ]):
            ws.write_string(i, help_col, line, note)
        wb.close()
    return target
