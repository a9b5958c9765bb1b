"""What a mail fetch or import did, in Chinese, for the console."""

from __future__ import annotations

from ..model import MAIL_FOLDER


def intake_lines(report) -> list[str]:
    new = report.new
    saved = report.saved
    duplicates = sum(1 for r in new for a in r.attachments if a.status == "duplicate")
    lines = [f"新收取 {len(new)} 封邮件,保存表格文件 {len(saved)} 个"
             + (f"(另有 {duplicates} 个与已保存的文件完全相同,未重复保存)" if duplicates else "")
             + f";收件文件夹中共记录 {report.total} 封邮件。"]
    if not new:
        lines.append("没有新邮件(已收取过的邮件不会重复收取)。")
    for record, file in saved:
        lines.append(f"  已保存:{file}(发件人 {record.sender_name or record.sender})")
    for record in new:
        for item in record.attachments:
            if item.status == "duplicate":
                lines.append(f"  未重复保存:{record.sender_name or record.sender} 的“{item.name}”{item.reason}")
    problems = report.problems
    if problems:
        lines.append(f"有 {len(problems)} 处需要留意:")
        for record, name, reason in problems:
            who = record.sender_name or record.sender or record.source
            subject = f"“{record.subject}”" if record.subject else "(无主题)"
            lines.append(f"  {who} {subject}{' 附件“' + name + '”' if name else ''}:{reason}")
    if report.book:
        lines.append(f"邮件清单:{report.book}")
        lines.append(f"下一步:dianping merge {report.inbox} --period 期次 …(“{MAIL_FOLDER}”文件夹会被自动跳过)")
    return lines
