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
    name, said = _name(found, w)
    out: dict = {"id": ts_id, **({"#name": comment("推断", said)} if said else {}), "name": name,
                 "file_name": "统计表", "called": called_of(name), "subject": "统计表(空白模板)"}
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


def called_of(name: str) -> str:
    """How mails and the desk call the table set: its name without the year, a long one by the
    campaign it quotes (“甲”乙活动情况统计表 -> 甲统计表); never a bare 统计表 when the name says more."""
    said = re.sub(r"^\{year\}年(度)?", "", name).strip()
    quoted = re.search(r"[“\"]([^”\"]{2,16})[”\"]", said)
    if quoted and len(said) > 16:
        return quoted[1] + ("统计表" if said.endswith("统计表") else "表" if said.endswith("表") else "")
    return said or "统计表"


def marker_pattern(keys: list[str]) -> str:
    """The marker the tables' keys were read from (附表一: 附表…), 附件… when none was read."""
    words = {k[:2] for k in keys if k[:2] in MARKER_WORDS}
    return MARKER_PATTERN.format(word=words.pop() if len(words) == 1 else MARKER_WORDS[0])


def _name(found: list[Found], w: Wording) -> tuple[str, str]:
    """The name of the whole table set ({year}年…) and, when it is a guess, what it was made from:
    the one table's title; the title the tables share (…统计表(党组织), …统计表(党员)); else, the
    tables titled apart, the notice's title (关于开展2022年甲和乙统计工作的通知: 甲和乙统计表);
    else what all the titles say (甲情况统计表, 乙情况统计表: 甲、乙情况统计表)."""
    titles = list(dict.fromkeys(re.sub(r"^\d{4}年(度)?", "", f.title) for f in found if f.title))
    if not titles:
        return "{year}年统计表", ""
    common = _shared(titles)
    if len(titles) == 1 or common.endswith("表"):
        return "{year}年" + (common if len(titles) > 1 else titles[0]), ""
    called = "、".join(f"“{t}”" for t in titles)
    of_notice = _of_notice(w.title)
    if of_notice:
        return "{year}年" + of_notice, f"各表的标题不同({called}),总称取自通知的标题“{w.title}”,请核对"
    return "{year}年" + _together(titles), f"各表的标题不同({called}),总称由各表的标题合成,请按通知核对"


def _shared(titles: list[str]) -> str:
    """The beginning all titles share, cut before a bracket it leaves open, "" when shorter than 4."""
    common = titles[0]
    for t in titles[1:]:
        while common and not t.startswith(common):
            common = common[:-1]
    if common.count("(") + common.count("(") > common.count(")") + common.count(")"):
        common = common[:max(common.rfind("("), common.rfind("("))]
    return common.strip() if len(common.strip()) >= 4 else ""


_ABOUT = re.compile(r"^关于(?:切实|认真|进一步)?(?:组织开展|开展|做好|进行|组织|填报|报送)?")
_NOTICE_END = re.compile(r"(?:工作)?(?:有关事项|相关事项)?的?(?:补充)?通知$")


def _of_notice(title: str) -> str:
    """What a notice's title says its statistics are (关于开展2022年甲和乙情况统计工作的通知 -> 甲和乙情况
    统计表), "" when it says nothing usable."""
    if not _NOTICE_END.search(title):
        return ""
    said = _NOTICE_END.sub("", _ABOUT.sub("", title.strip()))
    said = re.sub(r"\d{4}年(?:度)?(?:上半年|下半年)?(?:度)?", "", said).strip()
    if not 2 <= len(said) <= 30 or said.startswith("对") or "进行" in said:  # 对……进行评议: no name of tables
        return ""
    ending = next((e for w, e in (("表", ""), ("统计", "表"), ("情况", "统计表")) if said.endswith(w)), "情况统计表")
    return said + ending


def _together(titles: list[str]) -> str:
    """What all titles say: their own words joined before the ending they share (甲情况统计表, 乙情况
    统计表: 甲、乙情况统计表), else the titles joined, else 统计表 when that is too long to print."""
    end = titles[0]
    while end and not all(t.endswith(end) and len(t) > len(end) for t in titles):
        end = end[1:]
    said = "、".join(t[:len(t) - len(end)] for t in titles) + end if len(end) >= 3 else "、".join(titles)
    return said if len(said) <= 40 else "统计表"


def _all_tables(keys: list[str]) -> str:
    numbers = [k[2:] for k in keys if re.fullmatch(r"附件\d+", k)]
    if len(numbers) == len(keys) and len(keys) > 1:
        ints = [int(n) for n in numbers]
        if ints == list(range(ints[0], ints[0] + len(ints))):
            return f"附件{ints[0]}–{ints[-1]}"
    return "、".join(keys)
