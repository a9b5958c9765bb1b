"""Finding a spec file: a .toml path, or an id shipped in the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import UsageProblem


class SpecError(UsageProblem, ValueError):
    """A spec file (table set or item set) is missing or malformed; the message is for the clerk."""


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
    Unicode, UTF-16), saying which it seems to be and how to save it again."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\0" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise SpecError(f"{what}文件 {where} 不是 UTF-8 编码的文本{_encoding_said(data)}。请另存为 UTF-8:"
                    "用记事本打开它,点“文件”→“另存为”,“编码”选“UTF-8”后保存。")


def _encoding_said(data: bytes) -> str:
    """What a file that is not UTF-8 seems to be, in Notepad's words ("" when unknown)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in data:
        return "(它是 UTF-16 编码,记事本中称为“Unicode”)"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "(它是 GBK 编码,记事本中称为“ANSI”)"


def read_spec_file(folder: str, name_or_path: str, what: str) -> tuple[str, str]:
    """The text and location of a spec file: a .toml path, or an id shipped in ``folder``."""
    path = Path(name_or_path)
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
