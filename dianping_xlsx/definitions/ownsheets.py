"""The names of the sheets our own workbooks add beside the tables (the template's 填表说明, its
自查 and 自查计算): the reader skips them, and so does ``definitions init`` reading a blank
template (they are never a statistics table)."""

from __future__ import annotations

import re

SELF_CHECK_SHEET, SELF_CHECK_HELPER = "自查", "自查计算"
INSTRUCTIONS_SHEET = "填表说明"
_OWN = re.compile(rf"^(?:{SELF_CHECK_SHEET}|{SELF_CHECK_HELPER}|{INSTRUCTIONS_SHEET})(?:\s*\(\d+\))?$")


def own_sheet(name: str) -> bool:
    """A sheet our workbooks add beside the tables, or a copy of one (自查 (2))."""
    return bool(_OWN.match(name.strip()))
