"""The mail manifest (邮件记录/邮件清单.jsonl): one JSON line per message taken into an inbox,
appended as each message is done. Written by the intake stage (dianping mail fetch / import),
read by the intake stage (what was taken before) and by merge (who sent each file, and when it
was received). Parsed here, in one place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .files import LinkRefused, open_to_append
from .model import CHINA, HANDED_RECORD, MAIL_FOLDER, MAIL_MANIFEST, MailInfo

SAVED, DUPLICATE, SKIPPED = "saved", "duplicate", "skipped"


@dataclass
class Saved:
    """One attachment of a message, and what became of it."""

    name: str  # as the sender named it (with the archive or forwarded message it came from)
    status: str  # saved | duplicate | skipped
    file: str = ""  # where it is in the inbox (relative), for saved and duplicate
    sha256: str = ""
    size: int = 0
    reason: str = ""  # Chinese: why it was skipped, or what a saved file is when it is no report (from_above)


@dataclass
class MessageRecord:
    key: str  # what makes a message the same one on a second run (Message-ID, or IMAP UID)
    message_id: str
    sender: str  # address
    sender_name: str
    received: str  # ISO 8601, Beijing time
    subject: str
    source: str  # the file or mailbox it came from
    attachments: list[Saved] = field(default_factory=list)
    problem: str = ""  # Chinese: a message that could not be read at all, or why it is no report
    kind: str = ""  # a message that is no report (intake/nature.py): bounce, delivery-note, auto-reply, own
    bounced: list[str] = field(default_factory=list)  # a bounce: the addresses that could not be reached

    @property
    def saved(self) -> list[Saved]:
        return [a for a in self.attachments if a.status == SAVED]


def manifest_path(inbox: Path) -> Path:
    return Path(inbox) / MAIL_FOLDER / MAIL_MANIFEST


def json_lines(path: Path):
    """Each line of a record kept a JSON object a line (the mail manifest, the desk's upload record,
    the sent log), decoded; none when the file is not there, a damaged line (a run killed mid-write)
    skipped. What a line must hold is its reader's to check."""
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except OSError:
        return
    with fh:
        for line in fh:
            try:
                yield json.loads(line)
            except ValueError:
                continue


def load_manifest(inbox: Path) -> list[MessageRecord]:
    """The messages taken into ``inbox`` so far (a damaged line, from a run killed mid-write, is skipped)."""
    records = []
    for data in json_lines(manifest_path(inbox)):
        try:
            data["attachments"] = [Saved(**a) for a in data.get("attachments", [])]
            records.append(MessageRecord(**data))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return records


def append_record(inbox: Path, record: MessageRecord) -> None:
    """One line, flushed to disk as soon as the message is done: a run that is stopped loses
    nothing it already saved, and the next run goes on from there."""
    with open_to_append(manifest_path(inbox)) as fh:  # never through a link planted in the desk's folder
        fh.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def mail_info(inbox: Path) -> dict[str, MailInfo]:
    """Inbox-relative file name -> who sent it and when it was received, for the files saved
    from mail ({} without a manifest)."""
    out: dict[str, MailInfo] = {}
    for record in load_manifest(inbox):
        try:
            received = dt.datetime.fromisoformat(record.received) if record.received else None
        except (TypeError, ValueError):
            continue
        if received is None:
            continue
        for item in record.saved:
            if item.file:
                out[item.file] = MailInfo(str(record.sender or ""), str(record.sender_name or ""), received)
    return out


@dataclass(frozen=True)
class Unsaved:
    """What a message brought that was not saved: a skipped attachment (a .rar, a 超大附件 link),
    or the message itself when it could not be read or came without attachment (``name`` "")."""

    sender: str
    sender_name: str
    received: str  # ISO 8601, as in the manifest
    subject: str
    name: str  # the attachment as the sender named it
    reason: str  # Chinese, written for the clerk
    kind: str = ""  # of a message that is no report: bounce, auto-reply (MessageRecord.kind)
    bounced: tuple[str, ...] = ()  # a bounce: the addresses that could not be reached (the unit's, not the sender's)

    @property
    def mail(self) -> str:
        """6月21日10:00发来的邮件“梅城镇党委报表”"""
        return f"{when_zh(self.received)}发来的邮件“{self.subject or '(无主题)'}”"


# messages that say nothing of a unit: the office's own mail, a note that a mail is on its way
NOT_OF_UNITS = ("own", "delivery-note")


def unsaved_of(records: list[MessageRecord]) -> list[Unsaved]:
    """Every attachment skipped, and every message that gave nothing to save, in the manifest's
    order; a bounce and an automatic reply with their kind (the office's own mail is left out)."""
    out = []
    for r in records:
        if r.kind in NOT_OF_UNITS:
            continue
        if r.problem and not r.attachments:
            out.append(Unsaved(r.sender, r.sender_name, r.received, r.subject, "", r.problem, r.kind,
                               tuple(r.bounced)))
        out += [Unsaved(r.sender, r.sender_name, r.received, r.subject, a.name or "(无名附件)", a.reason)
                for a in r.attachments if a.status == SKIPPED]
    return out


def not_saved(inbox: Path) -> list[Unsaved]:
    """What came by mail into ``inbox`` and was not saved ([] without a manifest)."""
    return unsaved_of(load_manifest(inbox))


def when_zh(received: str) -> str:
    """An ISO time of the manifest as a clerk says it, in Beijing time: 6月21日10:00 (此前 when unknown)."""
    try:
        day = dt.datetime.fromisoformat(received).astimezone(CHINA)
    except (TypeError, ValueError):
        return "此前"
    return f"{day.month}月{day.day}日{day:%H:%M}"


def now() -> dt.datetime:
    """The time a file is taken, in Beijing time (one place, for tests to set)."""
    return dt.datetime.now(CHINA)


def record_handed(inbox: Path, saved: Path) -> None:
    """A file handed over on the desk (an upload) came into ``inbox`` now: one line, with the saved
    file's size and modification time, so that a file put there later under the same name by other
    means is not taken for it. The desk is the office's inbox: this is the file's arrival."""
    try:
        info = saved.stat()
        line = {"file": saved.relative_to(inbox).as_posix(), "taken": now().isoformat(timespec="seconds"),
                "size": info.st_size, "mtime": info.st_mtime}
        with open_to_append(handed_path(inbox)) as fh:  # never through a link planted in the desk's folder
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    except LinkRefused:
        raise  # said to the clerk: the record would go (or come from) outside the workspace
    except (OSError, ValueError):
        return  # the file is in the inbox all the same: only its arrival time is not known


def handed_path(inbox: Path) -> Path:
    """Where the desk records when it took each file handed over (放入记录.jsonl)."""
    return Path(inbox) / MAIL_FOLDER / HANDED_RECORD


def handed_times(inbox: Path) -> dict[str, tuple[dt.datetime, int, float]]:
    """Inbox-relative file name -> (when the desk took it, its size and modification time then), for
    the files handed over on the desk ({} without a record; a damaged line is skipped)."""
    out: dict[str, tuple[dt.datetime, int, float]] = {}
    for data in json_lines(handed_path(inbox)):
        try:
            taken = dt.datetime.fromisoformat(data["taken"])
            out[str(data["file"])] = (taken if taken.tzinfo else taken.replace(tzinfo=CHINA),
                                      int(data["size"]), float(data["mtime"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return out


def handed_still(inbox: Path) -> dict[str, dt.datetime]:
    """Inbox-relative file name -> when the desk took it, for each file handed over on the desk that is
    still there as it was taken (its size and modification time the record's, as lateness judges it)."""
    out = {}
    for name, (taken, size, mtime) in handed_times(inbox).items():
        if Path(name).is_absolute() or ".." in Path(name).parts:
            continue
        try:
            info = (Path(inbox) / name).lstat()
        except OSError:
            continue
        if info.st_size == size and abs(info.st_mtime - mtime) < 1.0:
            out[name] = taken
    return out
