"""邮件清单.xlsx: every message taken, each attachment on its own line with where it was
saved or why it was not."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from ..template.layout import WORKBOOK_OPTIONS, page_setup

STATUS_ZH = {"saved": "已保存", "duplicate": "重复,未再保存", "skipped": "未保存"}
# a message that is no unit's report (intake/nature.py), said in 处理 instead of 无附件
KIND_ZH = {"bounce": "退信", "delivery-note": "投递通知", "auto-reply": "自动回复", "own": "本单位发出"}
HEADINGS = ["序号", "收到时间", "发件人", "发件地址", "主题", "附件", "处理", "保存为", "说明"]
WIDTHS = [6, 18, 16, 24, 30, 30, 12, 40, 60]


def write_manifest_book(records, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    head = wb.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "font_name": "宋体"})
    cell = wb.add_format({"border": 1, "font_name": "宋体", "text_wrap": True, "valign": "top"})
    bad = wb.add_format({"border": 1, "font_name": "宋体", "text_wrap": True, "valign": "top",
                         "font_color": "#C00000"})
    ws = wb.add_worksheet("邮件清单")
    saved = sum(len(r.saved) for r in records)
    bounced = sum(1 for r in records if r.kind == "bounce")
    ws.write_string(0, 0, f"共收取 {len(records)} 封邮件,保存表格文件 {saved} 个。"
                    + (f"其中退信 {bounced} 封:发出的邮件没有送到,请核对“说明”中的地址。" if bounced else ""), head)
    for j, (h, w) in enumerate(zip(HEADINGS, WIDTHS)):
        ws.write_string(2, j, h, head)
        ws.set_column(j, j, w)
    row = 3
    for n, record in enumerate(records, start=1):
        lines = record.attachments or [None]
        for item in lines:
            status = STATUS_ZH[item.status] if item else KIND_ZH.get(record.kind, "无附件")
            reason = (item.reason if item else record.problem) or ""
            values = [str(n), record.received.replace("T", " ")[:16], record.sender_name, record.sender,
                      record.subject, item.name if item else "", status, item.file if item else "", reason]
            fmt = bad if (item is None or item.status == "skipped") else cell
            for j, value in enumerate(values):
                ws.write_string(row, j, value, fmt)
            row += 1
    ws.freeze_panes(3, 0)
    ws.autofilter(2, 0, max(3, row - 1), len(HEADINGS) - 1)
    page_setup(ws, "邮件清单", repeat_rows=(2, 2))
    wb.close()
