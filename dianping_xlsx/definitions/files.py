"""Finding a spec file: a .toml path, or an id shipped in the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import NOTICE_DRAFT, UsageProblem
from ..files import OFFICE_WORDS, office_kind


class SpecError(UsageProblem, ValueError):
    """A spec file (table set or item set) is missing or malformed; the message is for the clerk."""


OFFICE_SUFFIXES = (".docx", ".doc", ".wps", ".odt", ".xlsx", ".xlsm", ".xls", ".et", ".ods", ".pdf")


def available(folder: str) -> list[str]:
    """The spec files shipped in a folder of the package (tablesets, itemsets), by id."""
    root = resources.files("dianping_xlsx.definitions") / folder
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


def is_bare_name(name: str) -> bool:
    """A shipped definition's name as written (hunan-2011): no folder, no way up or out."""
    return bool(name) and not any(c in name for c in "/\\:\0") and name not in (".", "..") and not name.startswith(".")


def fingerprint(text: str) -> str:
    """What names a definition: its text, hashed (the same text, the same definition)."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def built_once(cache: dict, text: str, source: str, build):
    """``build(text, source)``, once per distinct text: a definition loaded again (or rebuilt from
    its text in a worker) is the same object. The one loader of table, item and ledger sets."""
    key = fingerprint(text)
    if key not in cache:
        cache[key] = build(text, source)
    return cache[key]


def definition_text(data: bytes, where: str, what: str = "定义") -> str:
    """The text of a definition file: UTF-8, with or without the BOM older Notepad writes; a
    SpecError naming the file for any other encoding (what Notepad calls ANSI, GBK here, or
    Unicode, UTF-16), saying which it seems to be and how to save it again. A Word file, a workbook,
    a PDF or an archive is said to be what it is (a Word file or a workbook with the remedy
    NOTICE_DRAFT: a definition is drafted from the notice), never an encoding."""
    kind = office_kind(data)
    if kind:
        raise SpecError(f"{what}文件 {where} {OFFICE_WORDS[kind]},不是定义文件:"
                        "定义文件是 UTF-8 编码的 .toml 文本(一行一个“键 = 值”)。",
                        remedy=NOTICE_DRAFT if kind in ("word", "workbook") else "")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\0" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise SpecError(f"{what}文件 {where} 不是 UTF-8 编码的文本{_encoding_said(data)}。请另存为 UTF-8:"
                    "用记事本打开它,点“文件”→“另存为”,“编码”选“UTF-8”后保存。")


def _encoding_said(data: bytes) -> str:
    """What a file that is not UTF-8 seems to be, in Notepad's words ("" when unknown)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        return "(它是 UTF-16 编码,记事本中称为“Unicode”)"
    if b"\0" in data:
        return "(它不是文本文件)"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "(它是 GBK 编码,记事本中称为“ANSI”)"


def _utf16_without_bom(data: bytes) -> bool:
    """UTF-16 text without its mark: NULs in every other byte (the ASCII of keys, brackets, line
    ends), none between them, where a binary file has them anywhere."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) * 10 >= len(head) // 2 and min(even, odd) * 20 <= max(even, odd)


def read_spec_file(folder: str, name_or_path: str, what: str) -> tuple[str, str]:
    """The text and location of a spec file: a .toml path, or an id shipped in ``folder``."""
    path = Path(name_or_path)
    if path.suffix.lower() in OFFICE_SUFFIXES and path.is_file():  # the notice itself, or a roster: said what it is
        definition_text(path.read_bytes(), str(path), what)
    if path.suffix == ".toml" and path.is_file():
        return definition_text(path.read_bytes(), str(path), what), str(path)
    shipped = available(folder)
    missing = f"找不到{what}“{name_or_path}”(可用:{'、'.join(shipped)},或一个 .toml 文件的路径)"
    if not is_bare_name(name_or_path):  # a path is no shipped name: never looked up outside the package
        raise SpecError(missing if path.suffix == ".toml" else
                        f"找不到{what}“{name_or_path}”:自带的定义只写名称(可用:{'、'.join(shipped)}),"
                        "定义文件要写出以 .toml 结尾的文件路径。")
    res = resources.files("dianping_xlsx.definitions") / folder / f"{name_or_path}.toml"
    if not res.is_file():
        raise SpecError(missing)
    return res.read_text(encoding="utf-8"), str(res)
