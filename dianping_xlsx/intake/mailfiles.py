"""Whether the files given to mail import are mail at all, judged by their bytes before anything is
taken: a workbook, a Word file or a PDF named as the clerk pleased is no mail (it would be recorded
as a message without attachments, and the unit's table lost), and neither is a folder without mail
files. An Outlook .msg is an OLE file as an .xls is: told apart by its streams."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UsageProblem
from ..files import OFFICE_WORDS, office_kind

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
    """What the file is when it surely is no mail ("是表格文件" …), "" when it may be one (or
    cannot be read: reading it says why). An OLE file that is neither a workbook nor a Word file
    may be a damaged .msg: reading it says so."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
            kind = office_kind(head)
            if kind and kind != "pdf":  # a zip's names or an OLE file's directory may be anywhere
                fh.seek(0)
                kind = office_kind(fh.read())
    except OSError:
        return ""
    if kind in ("msg", "office"):
        return ""
    if kind:
        return OFFICE_WORDS[kind]
    if not head.strip():
        return "是空文件"
    first = head.removeprefix(_BOM).lstrip(b"\r\n\t ").split(b"\n", 1)[0]
    if _HEADER.match(first):
        return ""
    return "的内容不是邮件(邮件的开头是“From:”“Subject:”这样的信头)"


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
