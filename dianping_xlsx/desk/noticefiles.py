"""The workspace's 通知定义 folder: what an uploaded notice (with the sets it names) may not do there.

A notice's id names its period folders (2013-H1, or 2013-H1_<id> beside another notice's): a second,
different notice under an id already used would take over that notice's inbox and overwrite its
results; a file of the same name would replace another notice's definition (a table set both name
as 表格定义.toml). Both are refused, saying why and how to upload it instead; the same notice (the
same text) uploaded again is fine."""

from __future__ import annotations

import re
from pathlib import Path

from ..api import Notice, SpecError, available_notices, write_file
from .workspace import NOTICES, Outside, Workspace

SET_WORDS = {"tables": "表格定义", "forms": "评议表定义", "ledgers": "台账定义", "documents": "文书定义"}


def upload_refusal(workspace: Workspace, notice: Notice, files: dict[str, bytes]) -> str:
    """Why ``files`` (by name; ``notice``, loaded from them, is one) cannot go into 通知定义 ("" when
    they can): a file there of the same name holds other text, or another notice has its id."""
    kept = _kept_notices(workspace)
    clash = _name_taken(workspace, notice, files, kept)
    if clash:
        name, there = clash[0], _names_there(workspace)
        mine = name == Path(notice.source).name
        fix = (f"请把所选的“{name}”改名(如“{_renamed(name, there)}”)" +
               ("" if mine else f",并把通知定义中的 {_key_of(notice.text, name)} = \"{name}\" 改成新的文件名") +
               "后再上传;")
        return _clash_words(*clash) + fix + _EDIT
    return _id_taken(notice, kept)


_EDIT = f"要修改原来的通知,请直接用记事本修改工作文件夹中 {NOTICES} 文件夹里的那个文件。没有采用。"


def _clash_words(name: str, what: str, owners: list[str]) -> str:
    whose = f",属于通知{'、'.join(owners)}" if owners else ""
    return (f"工作文件夹中已有同名的{what}文件“{name}”{whose},内容与这次所选的不同;采用会把它替换掉,"
            "原来的通知就不能再用了。")


def _same(a: str, b: str) -> bool:
    """Two definition texts alike but for line ends, a BOM and blank lines around them."""
    def plain(text: str) -> str:
        return text.lstrip("\ufeff").replace("\r\n", "\n").strip()

    return plain(a) == plain(b)


def _kept_notices(workspace: Workspace) -> list[tuple[Path, Notice]]:
    """The notices in 通知定义 that load (a table set beside them, a broken file: left out)."""
    folder = workspace.folder / NOTICES
    out = []
    try:
        paths = sorted(workspace.contained(folder).glob("*.toml")) if folder.is_dir() else []
    except Outside:
        return []
    for path in paths:
        try:
            out.append((path, workspace.load_notice(f"{NOTICES}/{path.name}")))
        except SpecError:
            continue
    return out


def _names_there(workspace: Workspace) -> dict[str, Path]:
    folder = workspace.folder / NOTICES
    return {p.name.casefold(): p for p in folder.iterdir()} if folder.is_dir() else {}


def _name_taken(workspace: Workspace, notice: Notice, files: dict[str, bytes], kept):
    """The first of ``files`` whose name a different file in 通知定义 has: (name, what kind of
    definition, the notices it belongs to); None when there is none."""
    there = _names_there(workspace)
    for name, data in files.items():
        old = there.get(name.casefold())
        if old is None or not old.is_file():
            continue
        try:
            if _same(old.read_bytes().decode("utf-8", "replace"), data.decode("utf-8", "replace")):
                continue
        except OSError:
            pass
        what = "通知定义" if name == Path(notice.source).name else _set_word(notice.text, name)
        return name, what, [f"“{n.name}”" for path, n in kept if _uses(n, path, old)]
    return None


def _id_taken(notice: Notice, kept) -> str:
    held = id_holder(notice, kept)
    if held is None:
        return ""
    whose, fresh = held
    line = _id_line(notice.text)
    return (f"通知定义文件“{Path(notice.source).name}”{f'第 {line} 行' if line else ''}的 id = \"{notice.id}\" "
            f"已被{whose}使用,两者内容不同。id 是期次文件夹的名称,同一个 id 的两个通知会共用收件箱和汇总结果,"
            f"后汇总的会覆盖先汇总的。请用记事本把这一行改成一个没有用过的名称,如 id = \"{fresh}\","
            "保存后再上传。没有采用。")


def id_holder(notice: Notice, kept) -> tuple[str, str] | None:
    """Who else has ``notice``'s id with other text (in words), and an id no notice has; None when
    no other notice has it."""
    others = [(f"自带的通知“{n.name}”", n) for n in available_notices()]
    others += [(f"工作文件夹中的通知定义“{path.name}”(通知“{n.name}”)", n) for path, n in kept]
    for whose, other in others:
        if other.id == notice.id and not _same(other.text, notice.text):
            used = {n.id for _, n in others}
            return whose, next(f"{notice.id}-{k}" for k in range(2, len(used) + 3) if f"{notice.id}-{k}" not in used)
    return None


def draft_refusal(workspace: Workspace, notice: Path, tables: Path) -> tuple[str, str]:
    """A draft (its notice and table set, in 草稿) about to move into 通知定义: (why it cannot, "")
    when a file there of the same name holds other text; ("", what was changed) when its drafted id
    is another notice's: the draft's id becomes a fresh one (it is the program's guess anyway)."""
    kept = _kept_notices(workspace)
    loaded = workspace.load_notice(notice.relative_to(workspace.folder).as_posix())
    files = {p.name: p.read_bytes() for p in (tables, notice)}
    clash = _name_taken(workspace, loaded, files, kept)
    if clash:
        free = Path(_renamed(notice.name, _names_there(workspace))).stem  # its tables are named after it
        return (_clash_words(*clash) + f"请把通知文件改名(如“{free}{_source_suffix(loaded)}”)后重新从通知生成;"
                + _EDIT), ""
    held = id_holder(loaded, kept)
    if held is None:
        return "", ""
    whose, fresh = held
    text = re.sub(r'^(\s*"?id"?\s*=\s*)["\'][^"\']*["\']', lambda m: f'{m[1]}"{fresh}"', loaded.text, count=1, flags=re.M)
    write_file(workspace.contained(notice), text)  # the draft's own file, never through a link
    return "", f"通知中读出的名称 id = \"{loaded.id}\" 已被{whose}使用,已改为 id = \"{fresh}\"(期次文件夹按它命名)。"


def _uses(notice: Notice, path: Path, file: Path) -> bool:
    """Whether ``notice`` (kept at ``path``) is ``file`` or names it as one of its sets (by its text:
    a set loaded before is the same object wherever its text was read)."""
    named = [path.parent / value for value in _named(notice.text).values()]
    try:
        return any(p.resolve() == file.resolve() for p in (path, *named))
    except OSError:
        return False


def _named(text: str) -> dict[str, str]:
    """The files a notice's text names as its sets: key -> the .toml path written."""
    found = {}
    for key in SET_WORDS:
        m = re.search(rf'^\s*{key}\s*=\s*["\']([^"\']+\.toml)["\']', text, re.M | re.I)
        if m:
            found[key] = m[1]
    return found


def _key_of(text: str, name: str) -> str:
    """Which key of a notice's text names the file ``name`` (tables when none says)."""
    return next((key for key, value in _named(text).items() if Path(value).name == name), "tables")


def _set_word(text: str, name: str) -> str:
    return SET_WORDS[_key_of(text, name)]


def _id_line(text: str) -> int:
    return next((n for n, line in enumerate(text.splitlines(), start=1)
                 if re.match(r'\s*"?id"?\s*=', line)), 0)


def _source_suffix(notice: Notice) -> str:
    """The suffix of the document a draft was read from (its text says it: 从“x.docx”生成), else .docx."""
    m = re.search(r"“[^”]*(\.(?:docx|doc|wps|rtf|odt|xlsx|xls|ods|et))”", notice.text, re.I)
    return m[1] if m else ".docx"


def _renamed(name: str, there: dict) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix
    return next(f"{stem}{k}{suffix}" for k in range(2, len(there) + 3) if f"{stem}{k}{suffix}".casefold() not in there)
