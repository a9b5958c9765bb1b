"""What a draft inferred and lacks, in a clerk's words, for the desk's draft page.

The draft's comments are written for whoever edits the definition file: a guess beside a key
(``base = true  # 推断:…``) or a note ending in what to write there (render.for_editor). Here each
becomes (what it means, said as the notice would say it; the key or what to write, "" when none),
the page showing the second small, for a technician."""

from __future__ import annotations

import re
import tomllib

from .infer import split_note
from .render import TABLE_HEAD, entries

_KEY = re.compile(r"^(\w+) = (.*)$")


def told(text: str, kind: str) -> list[tuple[str, str]]:
    """The ``# 推断:`` (or ``# 待补:``) comments of a written draft, as marked() lists them, each as
    (words, what it is in the file)."""
    bases, ofs = _bases(text)
    out = []
    for table, of, code, note in entries(text, kind):
        where = f"{table}:" if table else ""
        said, how = split_note(note)
        if not code:
            out.append((where + said, how))
            continue
        row = of.strip("“”:")
        words = _key_words(code, row, said, ofs.get((table, row)) or bases.get(table, ""))
        out.append((where + (words or f"{of}{code}({said})"), f"{of}{code}" + (f";{how}" if how else "")))
    return out


def _key_words(code: str, row: str, why: str, base: str) -> str:
    """A key inferred for a row, a period or a material, said in words; "" for a key not known here."""
    m = _KEY.match(code)
    if m is None:
        return ""
    try:
        value = tomllib.loads(code)[m[1]]
    except (tomllib.TOMLDecodeError, KeyError):
        return ""
    said = {
        "base": lambda: f"“{row}”是总数行,作为计算比例(覆盖率)的分母" if value is True else "",
        "rate": lambda: f"汇总表中显示{value} = “{row}” ÷ “{base}”" if base else f"汇总表中显示“{row}”的{value}",
        "unit_due": lambda: f"{row}:各单位{_day(value)}前报送(通知中两个日期,较早的是各单位报送的,较晚的是汇总上报的)",
        "work": lambda: f"{row}:统计的工作时段 {_day(value[0])}至{_day(value[1])}"
                        f"({why.removeprefix('这一期统计的工作时段,')})",
        "required": lambda: f"{row}:各单位须随表报送({why})" if value is True else f"{row}:{why}",
    }.get(m[1])
    try:
        return said() if said else ""
    except (TypeError, IndexError, ValueError):
        return ""


def _day(md: str) -> str:
    """A definition's month-day in words: 次年01-10 -> 次年1月10日, 12-31 -> 12月31日."""
    m = re.fullmatch(r"(次年)?(\d{1,2})-(\d{1,2})", str(md))
    return f"{m[1] or ''}{int(m[2])}月{int(m[3])}日" if m else str(md)


def _bases(text: str) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Each table's first total row (base = true), and each row's own (of = …)."""
    bases: dict[str, str] = {}
    ofs: dict[tuple[str, str], str] = {}
    table = row = ""
    for line in text.splitlines():
        if m := TABLE_HEAD.match(line):
            table, row = m[1], ""
        elif m := re.match(r'^metric = "(.*)"', line):
            row = m[1]
        elif line.startswith("base = true") and row:
            bases.setdefault(table, row)
        elif (m := re.match(r'^of = "(.*)"', line)) and row:
            ofs[(table, row)] = m[1]
    return bases, ofs
