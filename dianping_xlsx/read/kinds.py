"""What a file is by its bytes and place, whatever its name: a workbook (.xlsx, .xls, .ods) named
otherwise (统计表 without an extension, WPS's .ett holding an .xlsx), or a file the operating system
writes beside the units' files (a Mac's AppleDouble ._X.xlsx, .DS_Store, Windows' Thumbs.db). Mail
intake and merge ask the same questions here, and say the same of the answers."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import PurePosixPath
from typing import BinaryIO

from .prescan import OLE_MAGIC, ZIP_MAGIC

# A Mac writes a file's extended attributes beside it as ._name (AppleDouble), and its zip tool puts
# them in a __MACOSX folder: never a report, whatever the name says (._梅城镇党委.xlsx).
APPLE_DOUBLE_MAGIC = b"\x00\x05\x16\x07"
MAC_ZIP_FOLDER = "__MACOSX"
APPLE_DOUBLE = "苹果电脑附带的系统文件(文件名以 ._ 开头)"
# Files a folder's operating system writes into it by itself, by their names (lower case)
SYSTEM_NAMES = {
    ".ds_store": "苹果电脑自动生成的文件夹设置文件",
    "thumbs.db": "Windows 自动生成的缩略图文件",
    "ehthumbs.db": "Windows 自动生成的缩略图文件",
    "desktop.ini": "Windows 自动生成的文件夹设置文件",
}
SHORTCUT = "Windows 快捷方式"
# OLE files that are not workbooks by their names (Word, WPS text, PowerPoint …): one that cannot be
# read is a damaged document, never presumed a damaged .xls (工作总结.doc saved as 工作总结.doc.xls)
OLE_DOCUMENTS = {".doc", ".dot", ".wps", ".ppt", ".pps", ".pot", ".vsd", ".pub", ".msg"}


def system_file(name: str, folders: tuple[str, ...] = (), head: bytes | None = None) -> str:
    """What system file this is (its Chinese description), "" when it is none: anything in a
    __MACOSX folder (``folders``: those it is in), a ._name whose bytes begin as AppleDouble
    (``head``: its first bytes; None: the name alone decides, as in a zip a Mac made), .DS_Store,
    Thumbs.db, desktop.ini."""
    if MAC_ZIP_FOLDER in folders:
        return APPLE_DOUBLE
    if name.startswith("._") and (head is None or head.startswith(APPLE_DOUBLE_MAGIC)):
        return APPLE_DOUBLE
    return SYSTEM_NAMES.get(name.lower(), "")


def file_head(path, size: int = len(APPLE_DOUBLE_MAGIC)) -> bytes:
    """The first ``size`` bytes of a regular file (b"" when it cannot be read: reading it says why)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def content_kind(data: bytes, name: str = "") -> str:
    """".xlsx", ".ods", ".xls" or ".zip" (another archive) by the bytes; "" when none of these. A
    broken OLE file is taken for a damaged .xls, unless ``name`` says it is a document (OLE_DOCUMENTS)."""
    return _kind(io.BytesIO(data), PurePosixPath(name.lower()).suffix in OLE_DOCUMENTS, sure=False)


def workbook_in(path, max_bytes: int) -> str:
    """".xlsx", ".xls" or ".ods" when the file's bytes surely are such a workbook (a zip holding
    xl/workbook.xml or an OpenDocument spreadsheet; an OLE file with a Workbook stream, or an
    encrypted .xlsx), whatever it is named; "" for anything else, a broken file, or one over
    ``max_bytes`` (only the zip's directory or the OLE file's is read)."""
    try:
        if os.path.getsize(path) > max_bytes:
            return ""
        with open(path, "rb") as fh:
            kind = _kind(fh, True, sure=True)
    except OSError:
        return ""
    return "" if kind == ".zip" else kind


def _kind(fh: BinaryIO, document: bool, sure: bool) -> str:
    head = fh.read(len(OLE_MAGIC))
    fh.seek(0)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(fh, document)
    if not head.startswith(ZIP_MAGIC):
        return ""
    try:
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                kind = zf.read("mimetype")[:80]
                return ".ods" if b"opendocument.spreadsheet" in kind else ""
            if "xl/workbook.xml" in names if sure else any(n.startswith("xl/") for n in names):
                return ".xlsx"
            if any(n.startswith(("word/", "ppt/", "xl/")) for n in names):
                return ""
            return ".zip"
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return ""


def _ole_kind(fh: BinaryIO, document: bool = False) -> str:
    """An OLE file: ".xls" with a workbook stream (.xls, WPS .et), ".xlsx" for a password-protected
    .xlsx (Office wraps it in OLE: its EncryptedPackage), "" for anything else (a .doc). One that
    cannot be read is a damaged .xls, or nothing of ours when named as a ``document``."""
    try:
        import olefile

        ole = olefile.OleFileIO(fh)
        streams = {"/".join(s) for s in ole.listdir()}
    except Exception:  # noqa: BLE001 - a broken OLE file: merge says what is wrong with it
        return "" if document else ".xls"
    if "EncryptedPackage" in streams:
        return ".xlsx"  # shown and kept under the name it was sent as; merge says it is encrypted
    return ".xls" if streams & {"Workbook", "Book"} else ""
