"""What `dianping mail fetch` says of the dates it takes, and why nothing new came: fetched
before, or the mail in the folder received outside those dates (with the period it belongs to
and how to take it). Renders what the library returned; nothing is counted here."""

from __future__ import annotations

import datetime as dt


def day_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

