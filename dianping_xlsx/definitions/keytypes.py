"""Each key's value of the type its schema declares (schema.K's kind): a definition whose id is written
2013 (no quotes) or whose name is ["x"] is refused at load with its line and the fix, written as TOML
(id = "2013"), never accepted to break a merge later. One walk over the schema, for every key."""

from __future__ import annotations

import datetime as dt
import json
import re

from .files import SpecError
from .schema import (ARRAY, BOOL, DATE, FILE_WORDS, INTEGER, NUMBER, SCHEMAS, SECTION, TEXT, TEXTS, K,
                     lines_of_value, _line_of, walk_keys)

BLOCKS, LIST = "文字列表的列表", "列表"


def refuse_mistyped(kind: str, data: dict, text: str, source: str) -> None:
    """SpecError for the first key whose value is not of its declared kind: its line, what it
    should be and, where it can be told, the line as it should be written."""
    found = _mistyped(SCHEMAS[kind], data, "")
    if found is None:
        return
    key, value, where, fix = found
    line = _line_with(text, key, value)
    at = f"第 {line} 行" if line else f"{where or '文件开头'}中"
    raise SpecError(f"{FILE_WORDS[kind]}文件 {source} {at}:{key} = {shown(value)} {fix}")


def _mistyped(keys: tuple[K, ...], data: dict, where: str):
    for name, value, at, k, _ in walk_keys(keys, data, where):
        fix = _fix(k, value) if k is not None else ""  # an unknown key is refused by its own check
        if fix:
            return name, value, at, fix
    return None


def _fits(k: K, value) -> bool:
    if k.dates and isinstance(value, dt.date) or isinstance(value, str) and value in k.words:
        return True
    if k.kind == TEXT:
        return isinstance(value, str)
    if k.kind == TEXTS:
        return isinstance(value, list) and all(isinstance(v, str) or k.dates and isinstance(v, dt.date) for v in value)
    if k.kind == BOOL:
        return isinstance(value, bool)
    if k.kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if k.kind == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if k.kind == DATE:
        return isinstance(value, dt.date)
    if k.kind == SECTION:
        return isinstance(value, dict)
    if k.kind == ARRAY:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if k.kind == BLOCKS:
        return isinstance(value, list) and all(isinstance(b, list) and all(isinstance(v, str) for v in b) for b in value)
    if k.kind == LIST:
        return isinstance(value, list)
    return True


def _fix(k: K, value) -> str:
    """"" when ``value`` is of ``k``'s kind; else what it should be, in Chinese, with the fix."""
    if _fits(k, value):
        return ""
    name, example = k.name, k.example
    if k.kind == TEXT:
        one = value[0] if isinstance(value, list) and len(value) == 1 else value
        if not isinstance(one, (list, dict)):
            return f"应写成文字,加引号:{name} = {shown(_plain(one))}"
    if k.kind == TEXTS and not isinstance(value, (dict,)):
        items = value if isinstance(value, list) else [value]
        if all(not isinstance(v, (list, dict)) for v in items):
            return f"应写成文字列表,每一项加引号:{name} = {shown([_plain(v) for v in items])}"
    if k.kind == BOOL:
        said = {"true": True, "是": True, "false": False, "否": False}.get(str(value).strip().lower())
        return "应写成 true(是)或 false(否),不加引号" + (f":{name} = {shown(said)}" if said is not None else "")
    if k.kind in (INTEGER, NUMBER):
        number = str(value).strip() if isinstance(value, str) else ""
        fine = re.fullmatch(r"-?\d+" if k.kind == INTEGER else r"-?\d+(\.\d+)?", number)
        what = "整数" if k.kind == INTEGER else "数字"
        return f"应写成{what},不加引号" + (f":{name} = {number}" if fine else f",如 {name} = {example}")
    if k.kind == DATE:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            return f"应写成日期,不加引号,如 {name} = {example}"
        return f"应写成日期,不加引号:{name} = {day.isoformat()}"
    words = {TEXT: "文字(加英文引号)", TEXTS: "文字列表", SECTION: "表", ARRAY: "表的数组"}.get(k.kind, k.kind)
    return f"应写成{words},如 {name} = {example}" if k.kind not in (SECTION, ARRAY) else \
        f"应写成{words}:{'[[' + name + ']]' if k.kind == ARRAY else '[' + name + ']'} 一行,下面逐行写它的键 = 值"


def _plain(value) -> str:
    """A scalar as the text it was meant to be (2013 -> "2013", true -> "true", a date as written)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def shown(value) -> str:
    """A value as TOML writes it (["x"], not Python's ['x'])."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {shown(v)}" for k, v in value.items()) + " }"
    return str(value)


def _line_with(text: str, key: str, value) -> int:
    """The line where ``key = value`` is written (spaces aside), else the key's first line."""
    want = re.sub(r"\s", "", shown(value))
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=\s*(.*)$')
    for n, line in enumerate(text.splitlines(), start=1):
        m = pattern.match(line)
        if m and re.sub(r"\s", "", m[1].split("#")[0]).startswith(want):
            return n
    lines = lines_of_value(text, key, _plain(value)) if not isinstance(value, (list, dict)) else []
    return lines[0] if lines else _line_of(text, key)
