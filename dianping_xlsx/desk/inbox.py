"""收件 → 放入收件箱: the files chosen (a folder's, a .zip's, exported mail) handed to the inbox,
and what became of each said in one message: how many were stored, which were identical to a
file already there (and not stored again), which were refused and why."""

from __future__ import annotations

from pathlib import Path

from ..api import DianpingError, LinkRefused, hand_to_inbox, inbox_batch
from .helpers import clean_upload_name, upload_folder
from .home import MAX_FILE

LISTED = 10  # files named one by one in a message; beyond that, 等


def put_uploads(inbox: Path, uploads, notice=None, own=()) -> tuple[str, str]:
    """The uploads put into ``inbox`` (the ``notice``'s materials taken too; mail from ``own``, the
    office's addresses, is no unit's report); (message, error) for the page, in Chinese."""
    saved, same, said, refused = [], [], [], []
    hidden, batch = 0, inbox_batch(inbox)  # the inbox listed once for all the files
    for upload in uploads:
        name, note = clean_upload_name(upload.filename)
        folder = upload_folder(upload.filename)
        if name.startswith(".") or any(p.startswith(".") for p in folder.split("/")):
            # a folder's hidden files (.DS_Store …) and hidden folders' (.git/); a lock file (~$X.xlsx) is refused
            # by hand_to_inbox, naming the program that left it
            hidden += 1
            continue
        upload.file.seek(0)
        try:  # read a byte beyond the limit at most: a file too big is refused by hand_to_inbox, saying what to do
            handed = hand_to_inbox(inbox, name, upload.file.read(MAX_FILE + 1), notice=notice, own=own,
                                   batch=batch, folder=folder)
        except LinkRefused as exc:  # a link planted in the inbox: said once, nothing more is put there
            refused.append(str(exc))
            break
        except DianpingError as exc:
            refused.append(str(exc))
            continue
        hidden += len(handed.system)  # Thumbs.db, desktop.ini: what the folder's system put there
        saved += handed.saved
        same += handed.same
        refused += handed.refused
        if note and handed.saved:
            said.append(note.replace(f"“{name}”保存", f"“{handed.saved[0].name}”保存"))
    if hidden:
        said.append(f"略过 {hidden} 个隐藏文件或系统文件(文件夹中系统自带的文件)。")
    message = (f"已放入收件箱 {len(saved)} 个文件。" if saved else "") + identical(same) + " ".join(said)
    return message, " ".join(refused)


def identical(same: list[tuple[str, Path]]) -> str:
    """The files not stored again, by name, each with the inbox file it is identical to."""
    if not same:
        return ""
    names = [f"“{name}”" if name == there.name else f"“{name}”(即收件箱中的“{there.name}”)" for name, there in same]
    listing = "、".join(names[:LISTED]) + (f"等 {len(names)} 个" if len(names) > LISTED else "")
    return f"{listing}与收件箱中已有的文件完全相同,没有再存一份。"


def fetched_lines(report) -> list[str]:
    """What a fetch did, as the command line says it: how many mails and files; each file saved
    with a note of what it is (the level above's 审核意见 on this office's own report); each mail or
    attachment not saved and why (a bounce, an automatic reply, a .rar, the office's own copy)."""
    same = len(report.duplicates)
    bounced = [", ".join(r.bounced) or r.sender for r in report.new if r.kind == "bounce"]
    lines = [f"新收取 {len(report.new)} 封邮件,保存表格文件 {len(report.saved)} 个"
             + (f"(另有 {same} 个与收件箱中已有的文件完全相同,未重复保存)" if same else "") + "。"
             + (f"其中 {len(bounced)} 封是退信:发往 {'、'.join(bounced)} 的邮件没有送到,请核对这些地址"
                "(见下)。" if bounced else "")]
    lines += [f"已保存“{a.file}”(发件人 {r.sender_name or r.sender}):{a.reason}"
              for r in report.new for a in r.saved if a.reason]
    problems = report.problem_lines
    if problems:
        lines.append(f"有 {len(problems)} 处需要留意(也记在“邮件清单.xlsx”中):")
    return lines + problems
