"""The table set's own keys, from the tables found and the notice's text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from .attachments import Found
from .render import comment
from .wording import Wording

MARKER_PATTERN = "{word}([0-9一二三四五六七八九十]+(?:-[0-9]+)?)"
MARKER_WORDS = ("附件", "附表")  # what the marker above a table is called (attachments.MARKER)


def table_fields(ts_id: str, found: list[Found], w: Wording) -> dict:
    """Ordered keys of the table set (a key starting with # is a comment line)."""
    out: dict = {"id": ts_id, "name": _name(found, w), "file_name": "统计表", "called": "统计表",
                 "subject": "统计表(空白模板)"}
    units = Counter(f.unit_label for f in found if f.unit_label)
    dates = Counter(f.date_label for f in found if f.date_label)
    if not units:
        out["#unit"] = comment("待补", "表上方没有找到“填报单位”一行,暂写“填报单位:”")
    out["unit_label"] = units.most_common(1)[0][0] if units else "填报单位:"
    if not dates:
        out["#date"] = comment("待补", "表上方没有找到“填报时间”,暂写“填报时间:”")
    out["date_label"] = dates.most_common(1)[0][0] if dates else "填报时间:"
    headers = Counter(f.table.header for f in found if f.table.header)
    out["header_label"] = headers.most_common(1)[0][0] if headers else "类别"
    if w.issued is None:
        out["#published"] = comment("待补", "没有读出通知的日期,暂写今天")
    elif w.issued_from:
        out["#published"] = comment("推断", f"通知的日期取自{w.issued_from},请对照通知核对")
    out["published"] = w.issued or dt.date.today()
    out["marker_pattern"] = marker_pattern([f.key for f in found])
    out["stop_labels"] = ["注", out["marker_pattern"][:2]]
    out["all_tables"] = _all_tables([f.key for f in found])
    out["previous_change"] = 0.2
    return out


def marker_pattern(keys: list[str]) -> str:
    """The marker the tables' keys were read from (附表一: 附表…), 附件… when none was read."""
    words = {k[:2] for k in keys if k[:2] in MARKER_WORDS}
    return MARKER_PATTERN.format(word=words.pop() if len(words) == 1 else MARKER_WORDS[0])


def _name(found: list[Found], w: Wording) -> str:
    titles = [f.title for f in found if f.title]
    if not titles:
        return "{year}年统计表"
    common = titles[0]
    for t in titles[1:]:
        while common and not t.startswith(common):
            common = common[:-1]
    if common.count("(") + common.count("(") > common.count(")") + common.count(")"):
        common = common[:max(common.rfind("("), common.rfind("("))]
    name = common.strip() if len(common) >= 4 else titles[0]
    name = re.sub(r"^\d{4}年(度)?", "", name)
    return "{year}年" + name


def _all_tables(keys: list[str]) -> str:
    numbers = [k[2:] for k in keys if re.fullmatch(r"附件\d+", k)]
    if len(numbers) == len(keys) and len(keys) > 1:
        ints = [int(n) for n in numbers]
        if ints == list(range(ints[0], ints[0] + len(ints))):
            return f"附件{ints[0]}–{ints[-1]}"
    return "、".join(keys)
