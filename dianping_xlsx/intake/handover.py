"""A file a clerk hands over (dropped on the desk, say) put into the inbox, the way mail intake
takes an attachment: a workbook as it is, a .zip unpacked within the same limits, exported mail
(.eml, .mbox) through the mail intake. A file whose bytes are already in the inbox is not stored
again, and the clerk is told which inbox file it is; nothing in the inbox is ever replaced. When a
workbook was taken is recorded (manifest.record_handed), as mail intake records when mail came."""

from __future__ import annotations

import hashlib
import tempfile
from typing import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageProblem
from ..files import LinkRefused, folder_below, make_folder, safe_filename, unlinked
from ..manifest import DUPLICATE, handed_path, record_handed
from ..read.prescan import Limits
from ..read.grids import lock_file
from ..read.kinds import APPLE_DOUBLE_MAGIC, SHORTCUT, content_kind, system_file
from ..read.otherfiles import other_file
from .parts import ARCHIVES_UNSUPPORTED, inbox_folder, is_document, lock_reason, unpack_zip
from .run import import_messages
from .store import write_new

WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
MAIL = (".eml", ".mbox")


TOO_BIG_ADVICE = ("一份报表一般不到 1 MB:请单位删去表中插入的图片、照片或扫描件后另存,只发送统计表本身"
                  "(照片等其他材料另行发送)。")


@dataclass
class Handed:
    """What became of a file handed over."""

    saved: list[Path] = field(default_factory=list)  # new files in the inbox
    same: list[tuple[str, Path]] = field(default_factory=list)  # (name handed, the inbox file of its bytes)
    refused: list[str] = field(default_factory=list)  # a Chinese sentence each: what was not taken, and why
    system: list[str] = field(default_factory=list)  # the operating system's files handed along (Thumbs.db): not taken


class InboxBytes:
    """The inbox's files by their bytes, for a batch of files handed over: the inbox listed once and
    each file hashed once, when a file of its size is handed over (a listing and hashing per file
    handed over made 2000 files take a minute); the files the batch saves are added as it goes."""

    def __init__(self, inbox: Path):
        self.inbox = Path(inbox)
        self._pending: dict[int, list[Path]] | None = None  # by size, not hashed yet
        self._known: dict[tuple[int, bytes], Path] = {}  # (size, sha256) -> the first such file, by name

    def find(self, data: bytes) -> Path | None:
        """The inbox file whose bytes are ``data`` (the first by name), or None."""
        if self._pending is None:
            from ..merge.inbox import inbox_files  # every file merge reads, in the inbox's folders too

            self._pending = {}
            for path in inbox_files(self.inbox):
                if path.is_file() and not path.is_symlink():
                    self._pending.setdefault(path.stat().st_size, []).append(path)
        for there in self._pending.pop(len(data), []):
            try:
                self._known.setdefault((len(data), hashlib.sha256(there.read_bytes()).digest()), there)
            except OSError:
                continue  # gone or unreadable: no file of these bytes
        return self._known.get((len(data), hashlib.sha256(data).digest()))

    def add(self, path: Path, data: bytes) -> None:
        self._known.setdefault((len(data), hashlib.sha256(data).digest()), path)


def hand_over(inbox: Path, name: str, data: bytes, limits: Limits, own: Iterable[str] = (),
              batch: InboxBytes | None = None, folder: str = "") -> Handed:
    """``data`` handed over as ``name``; UsageProblem (Chinese) when it is nothing the inbox takes.
    ``batch``: the inbox's bytes as known to the files handed over with it (one listing for all).
    ``folder``: the folders it lay in (a folder upload's 收件箱/乡镇/烟溪镇党委), kept below the inbox as
    a .zip's are: a file named 统计表.xlsx keeps the folder that names its unit."""
    folder = inbox_folder(folder.replace("\\", "/").split("/"))
    inbox = make_folder(inbox)
    clean = safe_filename(Path(name.replace("\\", "/")).name or "文件", 150)
    if lock_file(clean):
        raise UsageProblem(f"“{clean}”:{lock_reason(clean)}")
    if len(data) > limits.max_file_mb * 1024 * 1024:
        raise UsageProblem(f"“{clean}”超过 {limits.max_file_mb:g} MB,不像一份报表,没有放入收件文件夹。{TOO_BIG_ADVICE}")
    system = system_file(clean, head=data[:len(APPLE_DOUBLE_MAGIC)])
    if system:  # a folder's Thumbs.db, desktop.ini, a Mac's ._X.xlsx dropped along with the tables
        return Handed(system=[f"“{clean}”:{system},不是报表,没有放入收件文件夹。"])
    suffix = Path(clean).suffix.lower()
    if suffix in MAIL:
        return _mail(inbox, clean, data, limits, own)
    kind = content_kind(data, clean)
    handed = Handed()
    batch = batch if batch is not None and batch.inbox == inbox else InboxBytes(inbox)
    if is_document(suffix) and kind not in WORKBOOKS:  # a 工作总结 the notice asks for: merge tells
        _workbook(inbox, clean, data, "", handed, batch, folder)
        return handed
    if kind == ".zip" and suffix not in WORKBOOKS:
        for found in unpack_zip(clean, data, limits):
            if found.data is None:
                handed.refused.append(f"“{clean}”中的“{found.name}”:{found.reason}")
            else:
                within = inbox_folder(f"{folder}/{found.folder}".split("/"))
                _workbook(inbox, found.name, found.data, content_kind(found.data, found.name), handed, batch, within)
        if not (handed.saved or handed.same or handed.refused):
            handed.refused.append(f"“{clean}”中没有表格文件,没有放入收件文件夹。")
        return handed
    if suffix in ARCHIVES_UNSUPPORTED:
        raise UsageProblem(f"“{clean}”是 {suffix} 压缩包,不能自动解压。请解压后把其中的表格文件放入收件箱(或改用 .zip)。")
    if suffix == ".lnk" and kind == "":  # what Windows makes of a file dragged with Alt, or a desktop's icon
        raise UsageProblem(f"“{clean}”是 {SHORTCUT}(只是指向别处文件的图标),不是表格文件本身,没有放入收件文件夹。"
                           f"{other_file(clean).ask}。")
    if kind == "" and suffix not in WORKBOOKS:
        raise UsageProblem(f"“{clean}”不是表格文件(.xlsx、.xls、.ods)、本通知要报送的材料、.zip 压缩包"
                           "或导出的邮件(.eml、.mbox),没有放入收件文件夹。")
    _workbook(inbox, clean, data, kind, handed, batch, folder)
    return handed


def _workbook(inbox: Path, name: str, data: bytes, kind: str, handed: Handed, batch: InboxBytes,
              folder: str = "") -> None:
    """A workbook saved under its name (with the suffix its content has) in ``folder`` below the
    inbox, unless its bytes are there (in any of its folders)."""
    suffix = Path(name).suffix.lower()
    kind = kind if kind in WORKBOOKS else suffix  # a damaged workbook is still the unit's report
    there = batch.find(data)
    if there is not None:
        handed.same.append((name, there))  # the same file handed over twice: kept once
        return
    stem = Path(name).stem if suffix in WORKBOOKS or is_document(suffix) else name
    unlinked(handed_path(inbox))  # where its arrival is recorded, checked before it is stored
    saved = write_new(_folder(inbox, folder), stem + kind, data)
    batch.add(saved, data)
    record_handed(inbox, saved)  # when it came: a correction's lateness is judged by it (merge/lateness.py)
    handed.saved.append(saved)


def _folder(inbox: Path, folder: str) -> Path:
    """``folder`` below the inbox, made; the inbox itself where a file stands in its way (a file
    乡镇 beside a folder 乡镇/ in a .zip). A link on the way is refused (LinkRefused), never followed."""
    try:
        return folder_below(inbox, folder)
    except LinkRefused:
        raise
    except OSError:
        return inbox


def _mail(inbox: Path, name: str, data: bytes, limits: Limits, own: Iterable[str] = ()) -> Handed:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / name
        source.write_bytes(data)
        report = import_messages([source], inbox, limits, own=own)
    handed = Handed([inbox / item for _, item in report.saved])
    handed.refused = [f"“{name}”:{r.problem}" for r in report.new if r.kind]  # a bounce, an automatic reply …
    handed.same = [(a.name, inbox / a.file) for r in report.new for a in r.attachments if a.status == DUPLICATE]
    return handed
