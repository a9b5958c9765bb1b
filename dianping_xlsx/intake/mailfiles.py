"""Whether the files given to mail import are mail at all, judged by their bytes before anything is
taken: a workbook, a Word file or a PDF named as the clerk pleased is no mail (it would be recorded
as a message without attachments, and the unit's table lost), and neither is a folder without mail
files. An Outlook .msg is an OLE file as an .xls is: told apart by its streams."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UsageProblem
from ..read.kinds import content_kind
from ..read.prescan import OLE_MAGIC, ZIP_MAGIC

MAIL_SUFFIXES = {".eml", ".mbox", ".msg", ".mbx"}
MAIL_FILES = "邮件文件(.eml、.mbox、Outlook .msg)"
MAIL_WORDS = "邮件文件(.eml、.mbox、Outlook .msg,或装有它们的文件夹)"
HEAD = 4096
_HEADER = re.compile(rb"^(>?From |[!-9;-~]+:)")  # an mbox's separator, or a header field "Name:"
_BOM = b"\xef\xbb\xbf"


def refuse_non_mail(paths: list[Path], inbox: Path) -> None:
    """UsageProblem (Chinese, exit 2) naming the first of ``paths`` that is no mail file, or a
    folder holding none; nothing is taken then."""
    for path in map(Path, paths):
        if path.is_dir():
            _folder(path, inbox)
        else:
            what = not_mail(path)
            if what:
                raise UsageProblem(f"“{path}”不是{MAIL_WORDS}:它{what}。" + _put_there(what, inbox))


def not_mail(path: Path) -> str:
    """What the file is when it surely is no mail ("是 Excel 表格文件" …), "" when it may be one (or
    cannot be read: reading it says why)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
            if head.startswith(OLE_MAGIC) or head.startswith(ZIP_MAGIC):
                fh.seek(0)
                return _container(path, fh.read())
    except OSError:
        return ""
    if not head.strip():
        return "是空文件"
    if head.startswith(b"%PDF"):
        return "是 PDF 文件"
    first = head.removeprefix(_BOM).lstrip(b"\r\n\t ").split(b"\n", 1)[0]
    if _HEADER.match(first):
        return ""
    return "的内容不是邮件(邮件的开头是“From:”“Subject:”这样的信头)"


def _container(path: Path, data: bytes) -> str:
    """A zip or OLE file: a workbook, a Word file, another archive; "" for an Outlook .msg, or an
    OLE file that is none of these (a damaged .msg: reading it says so)."""
    if data.startswith(OLE_MAGIC):
        return _ole(data)
    kind = content_kind(data, path.name)
    if kind in (".xlsx", ".ods"):
        return "是表格文件"
    if kind == ".zip":
        return "是压缩包"
    return "是 Word 文件" if b"word/" in data else "是 Office 文件"


def _ole(data: bytes) -> str:
    """An OLE file by the names of its streams (UTF-16 in its directory, read without a parser): an
    Outlook .msg holds MAPI property streams (__substg1.0_…), an .xls a Workbook (or Book) stream,
    a .doc a WordDocument stream."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("__substg1.0_") or has("__properties_version1.0"):
        return ""
    if has("Workbook") or has("Book\0") or has("EncryptedPackage"):
        return "是表格文件"
    return "是 Word 文件" if has("WordDocument") else ""


def _folder(folder: Path, inbox: Path) -> None:
    files = [p for p in folder.rglob("*") if p.is_file()]
    if any(p.suffix.lower() in MAIL_SUFFIXES for p in files):
        return
    tables = any(p.suffix.lower() in (".xlsx", ".xls", ".xlsm", ".ods", ".et") for p in files)
    raise UsageProblem(f"文件夹“{folder}”中没有{MAIL_FILES}。"
                       + (_put_there("是表格文件", inbox) if tables else "请检查路径:应选邮件客户端导出邮件的文件夹。"))


def _put_there(what: str, inbox: Path) -> str:
    if what == "是表格文件":
        return f"单位发来的表格请直接放进收件文件夹“{inbox}”,不必导入。"
    return "单位发来的表格请直接放进收件文件夹;邮件请先在邮件客户端中另存为 .eml 再导入。"
