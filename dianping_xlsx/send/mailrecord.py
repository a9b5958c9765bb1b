"""What the inbox's mail manifest (邮件记录) tells the mails that go out: the name each file had
when the unit sent it (the inbox's own name, 0622-1030_小淹镇党委_统计表.xlsx, means nothing to
the unit), and what a unit sent that could not be saved (a .rar, a 超大附件 link, a mail without
attachment), so that its reminder says what became of it instead of "not received".

The summary names its inbox only by a digest of its path (model.inbox_digest); the inbox is
found beside the output folder (the desk keeps 收件箱 and 汇总结果 side by side, the README's
commands too) or above it, or given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..manifest import SKIPPED, MessageRecord, load_manifest, unsaved_of, when_zh
from ..intake.nature import BOUNCE
from ..model import MAIL_FOLDER, MAIL_MANIFEST, inbox_digest

_NEIGHBOURS = 500  # folders beside the output folder looked at for the inbox, at most


@dataclass
class MailLog:
    """The manifest of the inbox a summary was merged from (empty when it is not found)."""

    records: list[MessageRecord] = field(default_factory=list)

    def sent_name(self, file: str) -> str:
        """The name the unit gave the inbox file ``file`` (the last part of 报表.zip → 统计表.xlsx)."""
        for record in self.records:
            for item in record.attachments:
                if item.file == file and item.status != SKIPPED:
                    return item.name.rsplit(" → ", 1)[-1]
        return ""

    def sender_of(self, file: str) -> str:
        """The address the inbox file ``file`` came from ("" when it did not come by mail)."""
        for record in self.records:
            if any(item.file == file and item.status != SKIPPED for item in record.attachments):
                return record.sender.lower()
        return ""

    def unsaved(self, emails: tuple[str, ...], same_unit) -> list[tuple[str, str]]:
        """What a unit sent (from one of ``emails``, or under a name ``same_unit`` says is the
        unit's) that was not saved: (the address it came from, a Chinese line with when, the mail and why)."""
        return [(u.sender, f"{u.mail}中的附件“{u.name}”:{for_unit(u.reason)}" if u.name
                 else f"{u.mail}:{for_unit(u.reason)}")
                for u in unsaved_of(self.records)
                if not u.kind  # a bounce or an automatic reply is no attempt to report: an ordinary reminder
                and (u.sender in emails or (u.sender_name and same_unit(u.sender_name)))]

    def bounced(self, address: str) -> str:
        """What the clerk is told before mailing ``address`` again when mail to it bounced ("" when none did)."""
        days = [when_zh(u.received) for u in unsaved_of(self.records) if u.kind == BOUNCE and address
                and address.lower() in u.bounced]
        return (f"{'、'.join(dict.fromkeys(days))}收到退信:以前发往这个地址的邮件无法投递,请先核对地址"
                "(名册“邮箱”列)" if days else "")


def find_log(out: Path, digest: str, inbox: Path | None = None) -> MailLog:
    """The manifest of ``inbox``, else of the folder near ``out`` whose path the summary's digest names."""
    if inbox is None and digest:
        inbox = next((p for p in _near(out) if inbox_digest(p) == digest), None)
    if inbox is None or not (Path(inbox) / MAIL_FOLDER / MAIL_MANIFEST).is_file():
        return MailLog()
    return MailLog(load_manifest(Path(inbox)))


def _near(out: Path):
    out = Path(out).resolve()
    yield out.parent  # the output folder inside the inbox (merge skips it)
    try:
        beside = sorted(p for p in out.parent.iterdir() if p.is_dir() and p != out)[:_NEIGHBOURS]
    except OSError:
        return
    yield from beside


_TO_CLERK = re.compile(r"[,;。]?\s*(请(对方|打开这封邮件|解压后把)|或请对方).*$")


def for_unit(reason: str) -> str:
    """A reason written for the clerk (请对方重新发送, 请解压后放进收件文件夹), as said to the unit:
    what was wrong, without the clerk's part."""
    first = reason.split("。")[0]
    return _TO_CLERK.sub("", first).rstrip(",;,;") + "。"
