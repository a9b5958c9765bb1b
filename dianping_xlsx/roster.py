"""The unit roster (单位名册): who must report, and matching submissions to it.

A roster is a workbook with the columns 单位名称, 别名 (separated by 、 or
commas), 类型 and 上级. A submission's 填报单位 matches a roster unit by exact
name, then by alias, then by a normalised key (spaces, full-width forms,
traditional characters, a leading 县 / 中共…县 and a trailing 党委 / 党组 /
党总支 / 党支部 removed). A near miss is only suggested, never matched.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from .cells import normalise
from .definitions import TableSet
from .files import atomic_path
from .template import WORKBOOK_OPTIONS

SHEET = "单位名册"
COLUMNS = ("单位名称", "别名", "类型", "上级")
_ALIAS_SPLIT = re.compile(r"[、,,;;/\n]+")
_PREFIX = re.compile(r"^中共")
_COUNTY = re.compile(r"^[^县]{0,5}县(?![委直])")
_SUFFIX = re.compile(r"(党委|党组|党总支|党支部)$")


class RosterError(ValueError):
    """The roster file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class RosterUnit:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    parent: str = ""
    row: int = 0  # 1-based row in the roster file


@dataclass
class Match:
    unit: RosterUnit | None
    how: str = ""  # "name", "alias", "key" or "" when not matched
    suggestions: list[str] = field(default_factory=list)


def match_key(name: str) -> str:
    """The loose key of a unit name: 中共安化县教育局党委 -> 教育局."""
    key = normalise(name)
    key = _PREFIX.sub("", key)
    key = _COUNTY.sub("", key) or key
    return _SUFFIX.sub("", key) or key


@dataclass
class Roster:
    units: list[RosterUnit]
    source: str = ""

    def __post_init__(self):
        self._by_name = {normalise(u.name): u for u in self.units}
        self._by_alias: dict[str, RosterUnit] = {}
        for u in self.units:
            for a in u.aliases:
                self._by_alias[normalise(a)] = u
        self._by_key: dict[str, list[RosterUnit]] = {}
        for u in self.units:
            for label in {u.name, *u.aliases}:
                bucket = self._by_key.setdefault(match_key(label), [])
                if u not in bucket:
                    bucket.append(u)

    def match(self, name: str) -> Match:
        text = normalise(name)
        if text in self._by_name:
            return Match(self._by_name[text], "name")
        if text in self._by_alias:
            return Match(self._by_alias[text], "alias")
        hits = self._by_key.get(match_key(name), [])
        if len(hits) == 1:
            return Match(hits[0], "key")
        if len(hits) > 1:
            return Match(None, "", [u.name for u in hits])
        names = {normalise(u.name): u.name for u in self.units}
        close = difflib.get_close_matches(text, list(names), n=3, cutoff=0.6)
        return Match(None, "", [names[c] for c in close])


def load_roster(path: Path) -> Roster:
    """Read a roster workbook (.xlsx, .xls, .ods); raise RosterError on a bad one."""
    from .read import ReadError, load_grids

    try:
        grids = load_grids(path)
    except ReadError as exc:
        raise RosterError(f"名册“{path}”无法读取({exc.code})") from exc
    for grid in grids:
        header = _find_header(grid.rows)
        if header is not None:
            return _units(grid, *header, path)
    raise RosterError(f"名册“{path}”中找不到表头“单位名称”。请用 dianping roster init 生成名册。")


def _find_header(rows):
    for r, row in enumerate(rows[:30]):
        labels = [normalise(v) if isinstance(v, str) else "" for v in row]
        if COLUMNS[0] in labels:
            return r, {name: labels.index(name) for name in COLUMNS if name in labels}
    return None


def _units(grid, header_row, cols, path) -> Roster:
    units, seen = [], {}
    def cell(row, name):
        c = cols.get(name)
        value = row[c] if c is not None and c < len(row) else ""
        return " ".join(str(value).split()) if value not in (None, "") else ""

    for r in range(header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        name = cell(row, "单位名称")
        if not name:
            continue
        aliases = tuple(a.strip() for a in _ALIAS_SPLIT.split(cell(row, "别名")) if a.strip())
        unit = RosterUnit(name, aliases, cell(row, "类型"), cell(row, "上级"), r + 1)
        for label in (name, *aliases):
            key = normalise(label)
            if key in seen and seen[key].name != name:
                raise RosterError(
                    f"名册“{path.name}”第 {r + 1} 行:“{label}”与第 {seen[key].row} 行"
                    f"“{seen[key].name}”重复。每个名称或别名只能对应一个单位。"
                )
            if key in seen and label == name:
                raise RosterError(f"名册“{path.name}”第 {r + 1} 行:单位“{name}”重复列出。")
            seen[key] = unit
        units.append(unit)
    if not units:
        raise RosterError(f"名册“{path}”中没有单位。")
    return Roster(units, str(path))


def write_blank_roster(ts: TableSet, target: Path, units: list[RosterUnit] = ()) -> Path:
    """A roster to fill in: the four columns, a 类型 drop-down, instructions."""
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
            for j, text in enumerate((u.name, "、".join(u.aliases), u.kind, u.parent)):
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
        ws.freeze_panes(1, 0)
        help_col = 5
        ws.set_column(help_col, help_col, 70)
        for i, line in enumerate([
            "填写说明:",
            "1. 每行一个报送单位。“单位名称”填全称,与各单位表头“填报单位”一致。",
            "2. “别名”填单位可能使用的其他写法,多个用顿号(、)或逗号隔开,如:县教育局、教育局党委。",
            f"3. “类型”用于分类汇总,如:{'、'.join(ts.unit_types) or '乡镇、县直机关'}。",
            "4. “上级”可不填。",
            "5. 汇总时:dianping merge 收件箱 --roster 单位名册.xlsx --period 2011-H1",
        ]):
            ws.write_string(i, help_col, line, note)
        wb.close()
    return target
