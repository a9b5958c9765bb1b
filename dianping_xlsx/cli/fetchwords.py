"""What `dianping mail fetch` says of the dates it takes, and why nothing new came: fetched
before, or the mail in the folder received outside those dates (with the period it belongs to
and how to take it). Renders what the library returned; nothing is counted here."""

from __future__ import annotations

import datetime as dt
from typing import Callable


def day_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def nothing_new_lines(mailbox, belongs: Callable[[dt.date], str] | None = None) -> list[str]:
    """Why a fetch brought nothing new, from its MailboxCount (None: an import, mail files only);
    ``belongs(day)`` names the period a day's mail belongs to (2011-H1)."""
    if mailbox is None:
        return ["没有新邮件(已收取过的邮件不会重复收取)。"]
    if not mailbox.messages:
        return [f"邮箱文件夹“{mailbox.folder}”中没有邮件。"]
    if mailbox.in_window:
        return [f"这段时间收到的 {mailbox.in_window} 封邮件都已收取过,不会重复收取。"]
    return [f"邮箱文件夹“{mailbox.folder}”中的 {mailbox.outside} 封邮件都不是这段时间收到的,没有收取{_where(mailbox)}。",
            _how(mailbox, belongs)]

def _where(mailbox) -> str:
    """:4 封在 2011年8月1日以前(最近一封 2011年6月28日收到);… — what the server said of them."""
    parts = []
    if mailbox.before:
        parts.append(f"{mailbox.before} 封在 {day_zh(mailbox.since)}以前"
                     + (f"(最近一封 {day_zh(mailbox.latest_before)}收到)" if mailbox.latest_before else ""))
    if mailbox.after:
        parts.append(f"{mailbox.after} 封在 {day_zh(mailbox.until)}以后"
                     + (f"(最早一封 {day_zh(mailbox.earliest_after)}收到)" if mailbox.earliest_after else ""))
    return (":" + ";".join(parts)) if parts else ""


def _how(mailbox, belongs) -> str:
    nearest = [d for d in (mailbox.latest_before, mailbox.earliest_after) if d]
    periods = list(dict.fromkeys(belongs(d) for d in nearest)) if belongs else []
    example = f"(如 {'、'.join('--period ' + p for p in periods)})" if periods else ""
    since = f"(如 --since {nearest[0]:%Y-%m}-01)" if nearest else ""
    return f"要收取它们,请用 --period 写明它们所属的期次{example},或用 --since、--until 写明日期{since}。"
