"""The two intake jobs: messages from files, and from an IMAP mailbox, into an inbox folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..files import make_folder
from ..read.prescan import Limits
from ..manifest import DUPLICATE, MessageRecord, Saved
from .store import Intake
from .account import Account
from .sources import Incoming, MailboxCount, count_messages, file_messages, imap_messages

MESSAGE_LIMIT_FACTOR = 1.5  # a message carries its attachments in base64: 4/3 of their size, and text


@dataclass
class IntakeReport:
    inbox: Path
    new: list[MessageRecord] = field(default_factory=list)
    total: int = 0  # messages in the manifest after this run
    book: Path | None = None
    mailbox: MailboxCount | None = None  # a fetch: the dates asked for, what the folder held besides

    @property
    def saved(self) -> list[tuple[MessageRecord, str]]:
        return [(r, a.file) for r in self.new for a in r.saved]

    @property
    def duplicates(self) -> list[tuple[MessageRecord, Saved]]:
        """Attachments not saved because their bytes are in the inbox already (saved or put there)."""
        return [(r, a) for r in self.new for a in r.attachments if a.status == DUPLICATE]

    @property
    def problems(self) -> list[tuple[MessageRecord, str, str]]:
        """(message, attachment or "", reason) for everything not taken."""
        out = [(r, "", r.problem) for r in self.new if r.problem]
        out += [(r, a.name, a.reason) for r in self.new for a in r.attachments if a.status == "skipped"]
        return out

    @property
    def problem_lines(self) -> list[str]:
        """Each of ``problems`` as the clerk reads it: who sent it, its subject, the attachment, why."""
        lines = []
        for record, name, reason in self.problems:
            who = record.sender_name or record.sender or record.source
            subject = f"“{record.subject}”" if record.subject else "(无主题)"
            lines.append(f"{who} {subject}{' 附件“' + name + '”' if name else ''}:{reason}")
        return lines


def _run(inbox: Path, limits: Limits, messages: Iterable[Incoming], intake: Intake,
         progress: Callable[[], None] | None) -> IntakeReport:
    for incoming in messages:
        intake.take(incoming)
        if progress:
            progress()
    make_folder(inbox)
    report = IntakeReport(Path(inbox), intake.new, len(intake.records))
    if intake.records:
        report.book = intake.write_book()
    return report


def import_messages(paths: list[Path], inbox: Path, limits: Limits,
                    progress: Callable[[], None] | None = None,
                    total: Callable[[int], None] | None = None, own: Iterable[str] = ()) -> IntakeReport:
    """``own``: the office's own addresses (what comes from them is no unit's report)."""
    make_folder(inbox)
    intake = Intake(inbox, limits, own)
    if total:
        total(count_messages(paths))
    return _run(inbox, limits, file_messages(paths), intake, progress)


def fetch_messages(account: Account, inbox: Path, since: dt.date, until: dt.date, limits: Limits,
                   progress: Callable[[], None] | None = None,
                   total: Callable[[int], None] | None = None, own: Iterable[str] = ()) -> IntakeReport:
    """Messages received from ``since`` to ``until`` (both included). The inbox folder is made
    once the mailbox has answered (a failed connection leaves no empty folder behind). The
    mailbox's own address and ``own`` are the office's: what comes from them is no unit's report."""
    intake = Intake(inbox, limits, [account.user, *own])
    max_bytes = int(limits.max_file_mb * 1024 * 1024 * MESSAGE_LIMIT_FACTOR * 4 / 3) + (1 << 20)
    count = MailboxCount(account.folder, since, until)
    messages = imap_messages(account, since, until + dt.timedelta(days=1), max_bytes, intake.seen, total, count)
    report = _run(inbox, limits, messages, intake, progress)
    report.mailbox = count
    return report
