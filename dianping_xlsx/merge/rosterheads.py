"""The roster's header row: each column known by the names clerks give it.

A county's own roster seldom says 单位名称 and 邮箱: it says 单位全称 and 电子邮箱, E-mail, 單位名稱.
Each column the roster uses has its names (the first is the one ``roster init`` writes); a header
is compared folded (NFKC, simplified, no spaces, case, a leading * or a trailing note in brackets
and a colon dropped). Columns the roster does not use are named, so a face can say they are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import normalise

# column -> its names, the first as the blank roster writes it
HEADS: dict[str, tuple[str, ...]] = {
    "单位名称": ("单位名称", "单位全称", "单位", "名称", "单位名", "报送单位", "填报单位", "党组织名称"),
    "别名": ("别名", "简称", "单位简称", "别称", "其他名称", "其他写法", "曾用名"),
    "类型": ("类型", "类别", "单位类别", "单位类型", "分类"),
    "上级": ("上级", "上级单位", "上级党组织", "主管单位", "主管部门", "上级部门"),
    "邮箱": ("邮箱", "电子邮箱", "邮件地址", "e-mail", "email", "电子邮件", "邮箱地址", "电子邮件地址", "电邮",
           "联系邮箱", "mail", "电子信箱", "email地址", "qq邮箱", "邮件", "信箱", "邮箱号"),
}
# a header none of the names above is, yet surely the 邮箱 column (单位邮箱, 报送邮箱, 联系人E-mail),
# taken when no column is named as above: its folded text holds one of these
MAIL_WORDS = ("邮箱", "信箱", "邮件", "mail")
NAME = "单位名称"
NUMBERING = ("序号", "编号", "no", "no.")  # a row number column: not a column to report as ignored
HEADER_ROWS = 30  # rows searched for the header
_NOTE = re.compile(r"\([^()]*\)$")  # 单位名称(全称), 邮箱(多个用顿号隔开)
_MARKS = re.compile(r"^[*※]+|[::*]+$|[-_]")


def fold(label: str) -> str:
    """A header as compared: 電子郵箱(多个用、隔开): -> 电子邮箱, E-Mail -> email."""
    text = normalise(label).casefold()
    text = _MARKS.sub("", text)
    return _NOTE.sub("", text) or text


_RANK = {fold(name): (column, i) for column, names in HEADS.items() for i, name in enumerate(names)}


@dataclass
class Header:
    """The header row of a roster: where it is, the column of each field, the headers not used."""

    row: int  # 0-based
    columns: dict[str, int]
    unused: list[str] = field(default_factory=list)  # as written, in their order
    written: list[str] = field(default_factory=list)  # every header of the row as written, in their order


def find_header(rows: list[list]) -> Header | None:
    """The first row (of the first HEADER_ROWS) with a header naming the unit's name column."""
    for r, row in enumerate(rows[:HEADER_ROWS]):
        labels = [fold(v) if isinstance(v, str) else "" for v in row]
        if any(_RANK.get(label, ("",))[0] == NAME for label in labels):
            return _header(r, row, labels)
    return None


def _header(r: int, row: list, labels: list[str]) -> Header:
    best: dict[str, tuple[int, int]] = {}  # column -> (rank of its name, index)
    for c, label in enumerate(labels):
        if label in _RANK:
            column, rank = _RANK[label]
            if column not in best or rank < best[column][0]:
                best[column] = (rank, c)
    if "邮箱" not in best:
        mail = next((c for c, label in enumerate(labels) if label not in _RANK and any(w in label for w in MAIL_WORDS)), None)
        if mail is not None:
            best["邮箱"] = (len(HEADS["邮箱"]), mail)
    used = {c for _, c in best.values()}
    unused = [" ".join(str(row[c]).split()) for c, label in enumerate(labels)
              if label and c not in used and label not in NUMBERING]
    written = [" ".join(str(row[c]).split()) for c, label in enumerate(labels) if label]
    return Header(r, {column: c for column, (_, c) in best.items()}, unused, written)


def looked_for() -> str:
    """The headers taken as the unit's name, for a message: “单位名称”“单位全称”…"""
    return "".join(f"“{name}”" for name in HEADS[NAME])


def likeliest_header(grids) -> str:
    """Where a header seems to be and what it says, for a message when none names the unit's
    name column: the row (of any sheet's first HEADER_ROWS) with the most texts in it."""
    best = (0, "", 0, [])
    for grid in grids:
        for r, row in enumerate(grid.rows[:HEADER_ROWS]):
            texts = [" ".join(v.split()) for v in row if isinstance(v, str) and v.strip()]
            if len(texts) > best[0]:
                best = (len(texts), grid.name, r, texts)
    count, sheet, r, texts = best
    if not count:
        return "名册的前几行中没有文字。"
    return f"工作表“{sheet}”第 {r + 1} 行写的是:" + "".join(f"“{t[:20]}”" for t in texts[:12]) + "。"
