"""The unit roster (单位名册): who must report, and matching submissions to it.

A roster is a workbook with the columns 单位名称, 别名 (separated by 、 or
commas), 类型, 上级 and 邮箱, each also known by the names clerks give it (rosterheads.py). A submission's 填报单位 matches a roster unit by exact
name, then by alias, then by a loose key: spaces, full-width forms and
traditional characters folded, and the prefixes, place names and suffixes that
the table set lists (``[names]``) removed. A near miss is only suggested, never matched.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..definitions.tables import NameRules
from ..errors import BLANK_ROSTER, UsageProblem
from ..files import A_FOLDER, NOT_THERE
from ..model import RosterUnit
from ..text import normalise
from .rosterheads import NAME, find_header, likeliest_header, looked_for

SHEET = "单位名册"
NO_NAME_RULES = NameRules()  # exact names and aliases only
COLUMNS = ("单位名称", "别名", "类型", "上级", "邮箱")  # as the blank roster writes them; 邮箱 may be missing
_ALIAS_SPLIT = re.compile(r"[、,\uff0c;\uff1b/\n]+")
# an address has no spaces: a 邮箱 cell splits on them too (Alt+Enter, a space, a full-width space)
_EMAIL_SPLIT = re.compile(r"[\s、,;/]+")


class RosterError(UsageProblem, ValueError):
    """The roster file cannot be used; the message says where and why."""


# A roster refused as no workbook: what it is, in the clerk's words (the catalogue's messages ask a
# unit to send its file again; the roster is the office's own, saved again and used).
_NOT_A_WORKBOOK = {"file.disguised": "网页或文本文件,只是扩展名像表格", "file.unsupported": " {suffix} 格式",
                   "file.strict-ooxml": "“Strict Open XML”格式"}
# Why a roster cannot be read, in the office's words: the roster is its own file (never a unit's, never
# in the inbox); the other codes are said as the catalogue says them of any workbook.
_ROSTER_UNREAD = {
    "file.unreadable": "本机无法读取这个文件({reason})。请检查名册是否被其他程序(Excel、WPS、杀毒软件)占用、"
                       "是否有读取权限。",
    "file.not-regular": "它不是普通文件({what}),没有打开。请写名册文件本身的路径。",
    "file.empty": "文件是空的(0 字节)。请在 Excel 或 WPS 中重新保存名册。",
    "file.encrypted": "名册设置了打开密码。请在 Excel 或 WPS 中去掉密码后另存,再使用。",
    "file.corrupt": "文件已损坏或不完整,无法打开({detail})。请用 Excel 或 WPS 打开名册,另存为 .xlsx 后再使用。",
}


@dataclass
class Match:
    unit: RosterUnit | None
    how: str = ""  # "name", "alias", "key" or "" when not matched
    suggestions: list[str] = field(default_factory=list)


class NameKey:
    """The loose key of unit names under a table set's name rules."""

    def __init__(self, rules: NameRules):
        def alternatives(words):
            return "|".join(re.escape(normalise(w)) for w in sorted(words, key=len, reverse=True))

        self.equivalents = [(normalise(a), normalise(b)) for a, b in rules.equivalents]
        self.prefix = re.compile(f"^(?:{alternatives(rules.prefixes)})") if rules.prefixes else None
        self.county = re.compile(rules.county) if rules.county else None
        self.suffix = re.compile(f"(?:{alternatives(rules.suffixes)})$") if rules.suffixes else None
        self.place = re.compile(rules.place) if rules.place else None

    def place_of(self, name: str) -> str:
        """The place an office's name starts with (某某县 of 中共某某县委创先办), "" when none."""
        m = self.place.match(normalise(name)) if self.place else None
        return m[1] if m else ""

    def same_place(self, a: str, b: str) -> bool:
        """Two names of one place, or either without one (赫山区 and 益阳市赫山区 are one place)."""
        pa, pb = self.place_of(a), self.place_of(b)
        return not pa or not pb or pa.endswith(pb) or pb.endswith(pa)

    def __call__(self, name: str) -> str:
        key = normalise(name)
        for written, same in self.equivalents:
            key = key.replace(written, same)
        if self.prefix:
            key = self.prefix.sub("", key)
        if self.county:
            key = self.county.sub("", key) or key
        if self.suffix:
            key = self.suffix.sub("", key) or key
        return key


def match_key(name: str, rules: NameRules) -> str:
    """The loose key of a unit name: 中共安化县教育局党委 -> 教育局 (with the Hunan rules)."""
    return NameKey(rules)(name)


@dataclass
class Roster:
    units: list[RosterUnit]
    source: str = ""
    names: NameRules = field(default_factory=NameRules)
    unused: list[str] = field(default_factory=list)  # headers of columns not read (联系人, 备注), as written
    heads: list[str] = field(default_factory=list)  # the header row as written
    mail_head: str = ""  # the header of the column read as 邮箱, as written; "" when none is

    def __post_init__(self):
        self._key = NameKey(self.names)
        self._by_name = {normalise(u.name): u for u in self.units}
        self._by_alias: dict[str, RosterUnit] = {}
        for u in self.units:
            for a in u.aliases:
                self._by_alias[normalise(a)] = u
        self._by_key: dict[str, list[RosterUnit]] = {}
        for u in self.units:
            for label in {u.name, *u.aliases}:
                bucket = self._by_key.setdefault(self._key(label), [])
                if u not in bucket:
                    bucket.append(u)

    def notes(self) -> list[str]:
        """What the clerk should know of a roster that loads: columns not read, no 邮箱 at all."""
        said = []
        if self.unused:
            said.append("名册中" + "".join(f"“{h[:20]}”" for h in self.unused) + f"列不读(读的是{'、'.join(COLUMNS)}列);"
                        "如果其中有别名或邮箱,请把那一列的表头改为“别名”或“邮箱”。")
        if not any(u.emails for u in self.units):
            said.append("名册中没有一个单位填了邮箱:收取邮件时不能按邮箱认出单位,退回和催报邮件也没有地址可发。"
                        "要用邮件时,请在名册中加一列“邮箱”,填上各单位的邮箱地址。")
        return said

    def no_addresses(self) -> str:
        """Said once when no unit of the roster has an address (every reminder lacks one): which
        column was read as 邮箱, or that none was and the headers the roster has; "" otherwise."""
        if any(u.emails for u in self.units):
            return ""
        name = f"名册“{Path(self.source).name}”" if self.source else "名册"
        if self.mail_head:
            why = f"{name}的“{self.mail_head[:20]}”列(读作邮箱)中没有一个单位填了邮箱地址"
        else:
            heads = "".join(f"“{h[:20]}”" for h in self.heads[:12])
            why = f"{name}中没有读到邮箱列(表头是{heads};读作邮箱的是“邮箱”“电子邮箱”“E-mail”等)"
        return (f"{why},所以催报邮件都没有收件地址。请在名册中把写邮箱的那一列的表头改为“邮箱”"
                "(没有这一列就加一列“邮箱”,填上各单位的邮箱地址)后重试,或电话催报。")

    def by_email(self, address: str) -> RosterUnit | None:
        """The unit whose 邮箱 column lists ``address`` (None when none or several do)."""
        hits = [u for u in self.units if address.lower() in u.emails]
        return hits[0] if len(hits) == 1 else None

    def match(self, name: str) -> Match:
        """The roster unit a name stands for: by name, alias or loose key; never a unit of another
        place (two counties are never one unit, whatever an alias says); else suggestions only."""
        text = normalise(name)
        if text in self._by_name:
            return Match(self._by_name[text], "name")
        if text in self._by_alias and self._key.same_place(name, self._by_alias[text].name):
            return Match(self._by_alias[text], "alias")
        hits = [u for u in self._by_key.get(self._key(name), []) if self._key.same_place(name, u.name)]
        if len(hits) == 1:
            return Match(hits[0], "key")
        if len(hits) > 1:
            return Match(None, "", [u.name for u in hits])
        return Match(None, "", self._suggestions(name))

    def name_of(self, unit: RosterUnit, name: str) -> str:
        """The roster's name of ``unit`` that ``name`` stands for, written as the roster writes it:
        the unit's own name (also written another way: 江南镇 for 江南镇党委, or an alias that is
        only that), one of its 别名, or "" when it is none of these (by exact text, then by loose key)."""
        text, key = normalise(name), self._key(name)
        own = unit.name if key and key == self._key(unit.name) else ""
        if text == normalise(unit.name):
            return unit.name
        for test in (lambda a: normalise(a) == text, lambda a: self._key(a) == key):
            found = [a for a in unit.aliases if test(a)]
            if found:
                return own or found[0]
        return own

    def distinct_names(self, unit: RosterUnit, a: str, b: str) -> tuple[str, str] | None:
        """The roster's names of ``unit`` that names ``a`` and ``b`` stand for, when they are two
        different units' names: two 别名 (甲镇党委 and 乙镇党委 of a merged 甲乙镇党委), or its own
        name and a 别名 (江南镇党委 and 小淹镇党委 merged into it); not 教育局 and 县教育局, one name
        written two ways. None otherwise."""
        first, second = self.name_of(unit, a), self.name_of(unit, b)
        if first and second and self._key(first) != self._key(second):
            return first, second
        return None

    def _suggestions(self, name: str) -> list[str]:
        """Up to three units whose names are close to ``name`` in what tells units apart (their
        keys: 职业中专 of 安化县职业中专党委), never for the place and 党委 they all share."""
        keys: dict[str, list[str]] = {}
        for u in self.units:
            if self._key.same_place(name, u.name):
                for label in (u.name, *u.aliases):
                    names = keys.setdefault(self._key(label), [])
                    if u.name not in names:
                        names.append(u.name)
        close = difflib.get_close_matches(self._key(name), list(keys), n=3, cutoff=0.6)
        return list(dict.fromkeys(n for c in close for n in keys[c]))[:3]

    def containing(self, texts: list[str]) -> RosterUnit | None:
        """The one roster unit whose name or alias stands inside these texts (a title, a file
        name: 平口镇党委-创先争优活动台账), or None when none or several do."""
        return one_inside({normalise(x): u for u in self.units for x in (u.name, *u.aliases)}, texts)

    def ending_with(self, name: str) -> RosterUnit | None:
        """The one roster unit whose name or alias ends with ``name``, a short form without its
        place (卫健工委 of 云州市卫健工委), or None when none or several do."""
        text = normalise(name)
        if len(text) < 3:
            return None
        found = {u.name: u for u in self.units for x in (u.name, *u.aliases) if normalise(x).endswith(text)}
        return next(iter(found.values())) if len(found) == 1 else None


def load_roster(path: Path, names: NameRules = NO_NAME_RULES) -> Roster:
    """Read a roster workbook (.xlsx, .xls, .ods); raise RosterError on a bad one.

    ``names``: the table set's rules for loose name matching (``ts.names``)."""
    from ..read.grids import ReadError, load_grids

    if not path.exists() or path.is_dir():  # said as the command line says it of --roster
        template = A_FOLDER if path.is_dir() else NOT_THERE
        raise RosterError(template.format(name="名册", filename=path) + ("名册是一个表格文件(单位名册.xlsx)。"
                                                                         if path.is_dir() else ""))
    try:
        grids = load_grids(path)
    except ReadError as exc:
        said = _NOT_A_WORKBOOK.get(exc.code)
        if said is None:
            why = _ROSTER_UNREAD[exc.code].format(**exc.params) if exc.code in _ROSTER_UNREAD else exc.problem.message
            raise RosterError(f"名册“{path}”无法读取:{why}") from exc
        what = " CSV 文本文件" if path.suffix.lower() in (".csv", ".txt") else said.format(**exc.params)
        raise RosterError(f"名册“{path}”不是 Excel 工作簿(它是{what}),无法读取。名册要用 .xlsx(或 .xls)工作簿:"
                          f"在 Excel 或 WPS 中打开这个文件,“另存为”“Excel 工作簿(*.xlsx)”,再使用另存的文件。") from exc
    for grid in grids:
        header = find_header(grid.rows)
        if header is not None:
            roster = _units(grid, header.row, header.columns, path, names)
            roster.unused, roster.heads = header.unused, header.written
            mail = header.columns.get("邮箱")
            roster.mail_head = " ".join(str(grid.rows[header.row][mail]).split()) if mail is not None else ""
            return roster
    raise RosterError(f"名册“{path}”中找不到写单位名称的列。单位名称一列的表头应为{looked_for()}之一;"
                      f"{likeliest_header(grids)}请把单位名称那一列的表头改为“{NAME}”。", remedy=BLANK_ROSTER)


def _units(grid, header_row, cols, path, names: NameRules) -> Roster:
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
        emails = emails_in(row[cols["邮箱"]] if cols.get("邮箱") is not None and cols["邮箱"] < len(row) else None)
        unit = RosterUnit(name, aliases, cell(row, "类型"), cell(row, "上级"), r + 1, emails)
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
    return Roster(units, str(path), names)


def emails_in(value) -> tuple[str, ...]:
    """The addresses of a 邮箱 cell, in its order: several split by line breaks (Alt+Enter), spaces,
    、 , ; / (full-width forms folded first: ｄｐ＠ｑｑ．ｃｏｍ；ａ＠ｂ．ｃｎ), lower case, each once."""
    if value is None or not str(value).strip():
        return ()
    text = unicodedata.normalize("NFKC", str(value))
    return tuple(dict.fromkeys(a.lower() for a in _EMAIL_SPLIT.split(text) if "@" in a))


def one_inside(labels: dict[str, object], texts: list[str]):
    """The one thing whose (normalised) label stands inside these texts, or None when none or
    several do; a label inside a longer one found too (县教育局 in 县教育局党委) is that one's part."""
    folded = [normalise(t) for t in texts if t]
    found = {label: thing for label, thing in labels.items() if len(label) >= 2 and any(label in t for t in folded)}
    kept = {id(thing): thing for label, thing in found.items() if not any(label != o and label in o for o in found)}
    return next(iter(kept.values())) if len(kept) == 1 else None
