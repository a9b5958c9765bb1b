"""Saving the attachments of messages into the inbox, once, never overwriting; the manifest.

Each spreadsheet is saved under a name that carries when it was received and who sent it
(0625-1030_东坪镇党委_统计表.xlsx), so that 130 files all called 统计表.xlsx stand side by
side; a file whose bytes were already saved (the same attachment sent twice, or fetched
again), or that is in the inbox otherwise (handed over on the desk, copied in by hand), is
listed with that inbox file, not saved again. Files are written to a temporary name and then
linked to their final name, which fails rather than replaces: nothing in the inbox is ever overwritten.

The manifest (../manifest.py: one JSON line per message, appended as each message is done)
makes a second run fetch only new messages; 邮件记录/邮件清单.xlsx is written from it at the
end for the clerk. merge reads the manifest for each file's sender and time received.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import email.utils
import hashlib

import os
import re
import stat
import tempfile

from pathlib import Path
from typing import Iterable

from ..manifest import DUPLICATE, SAVED, MessageRecord, Saved, append_record, load_manifest
from ..model import CHINA, MAIL_FOLDER
from ..read.prescan import Limits
from ..files import LinkRefused, atomic_paths, file_mode, folder_below, make_folder, safe_filename, unlinked
from .names import header_text, sender
from .nature import from_above, nature_of
from .parts import Found, attachments

MANIFEST_BOOK = "邮件清单.xlsx"
_SAVED = re.compile(r"^[0-9]{4}-.*_")  # a file this intake saved: received MMDD-HHMM_…


def message_key(raw: bytes, message=None) -> str:
    """A message's identity: its Message-ID, else a hash of its bytes."""
    if message is not None:
        mid = str(message.get("Message-ID", "") or "").strip()
        if mid:
            return "mid:" + mid
    return "sha256:" + hashlib.sha256(raw).hexdigest()


class Intake:
    """Messages into one inbox folder; what is there already is read from the manifest."""

    def __init__(self, inbox: Path, limits: Limits, own: Iterable[str] = ()):
        """``own``: the office's own addresses (the mailbox fetched from, the address it sends as):
        what comes from them is never a unit's report."""
        self.inbox, self.limits = Path(inbox), limits
        self.records: list[MessageRecord] = load_manifest(self.inbox)
        # the mailbox an earlier fetch read is the office's own, for a later import into the same inbox too
        fetched = (r.key[len("imap:"):].split("/")[0].rpartition("@")[0] for r in self.records if r.key.startswith("imap:"))
        self.own = frozenset(a.strip().lower() for a in (*own, *fetched) if a and "@" in a)
        self.folder = self.inbox / MAIL_FOLDER
        self.keys = {r.key for r in self.records} | {f"mid:{r.message_id}" for r in self.records if r.message_id}
        self.hashes = {a.sha256: a.file for r in self.records for a in r.attachments
                       if a.status == SAVED and a.sha256}
        # a run killed between saving a file and recording its message left the file without
        # its line: known here by its bytes, recorded (not saved again) when the message comes
        self.orphans = self._orphans()
        self.sizes: dict[int, list[Path]] | None = None  # the inbox's other files by size, when first asked
        self.new: list[MessageRecord] = []
        self._clean_temp_files()
        if self.records:  # 邮件清单.xlsx as the manifest says now, whatever a killed run left
            self.write_book()

    def _orphans(self) -> dict[str, str]:
        """sha256 -> inbox file, for the saved-by-mail files (MMDD-HHMM_…, in the folders of a .zip
        too) no manifest line names."""
        named = {a.file for r in self.records for a in r.attachments if a.file}
        out = {}
        from ..merge.inbox import inbox_files  # links and temp folders listed, never walked; 邮件记录 left out

        for path in inbox_files(self.inbox) if self.inbox.is_dir() else []:
            relative = path.relative_to(self.inbox).as_posix()
            if not _SAVED.match(path.name) or relative in named or path.is_symlink() or not path.is_file():
                continue
            out.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), relative)
        return out

    def _already_there(self, size: int, digest: str) -> str:
        """The inbox file (relative) with these bytes among those merge reads, "" when none: the
        files are listed by size once (links, FIFOs and temp files left out), read when a size matches."""
        if self.sizes is None:
            from ..merge.inbox import inbox_files
            from ..read.ours import is_temp

            self.sizes = {}
            for path in inbox_files(self.inbox) if self.inbox.is_dir() else []:
                try:
                    info = path.lstat()
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode) and not is_temp(path.name):
                    self.sizes.setdefault(info.st_size, []).append(path)
        for path in self.sizes.get(size, []):
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
                    return path.relative_to(self.inbox).as_posix()
            except OSError:
                continue
        return ""

    def _clean_temp_files(self) -> None:
        try:
            unlinked(self.folder)  # a folder reached through a link: nothing removed there
        except LinkRefused:
            return
        for tmp in self.folder.glob(".tmp-*") if self.folder.is_dir() else []:
            try:
                tmp.unlink()
            except OSError:
                pass

    def seen(self, key: str) -> bool:
        return key in self.keys

    def take(self, incoming) -> MessageRecord | None:
        """One message from a source (sources.Incoming); None when it was taken before."""
        if incoming.raw is not None:
            return self.add(incoming.raw, incoming.source, incoming.key, incoming.received)
        if not incoming.problem or self.seen(incoming.key):
            return None  # already taken: the source did not download it again
        record = MessageRecord(incoming.key, "", "", "", _iso(incoming.received), "", incoming.source,
                               problem=incoming.problem)
        if incoming.headers:
            head = email.message_from_bytes(incoming.headers, policy=email.policy.default)
            record.sender_name, record.sender = sender(head)
            record.subject = header_text(head, "Subject")
            record.message_id = str(head.get("Message-ID", "") or "").strip()
            nature = _nature(head, self.own)  # too big to download: a bounce all the same, by its headers
            if nature is not None:
                record.kind, record.problem, record.bounced = nature.kind, nature.reason, nature.bounced
        self._append(record)
        return record

    def add(self, raw: bytes, source: str, key: str = "", received: dt.datetime | None = None) -> MessageRecord | None:
        """Read one message's bytes and save its spreadsheets; None if it was taken before."""
        try:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            mkey = message_key(raw, message)
        except Exception as exc:  # noqa: BLE001 - a message the parser refuses is listed, the rest goes on
            message, mkey = None, message_key(raw)
            problem = f"邮件格式损坏,无法读取({type(exc).__name__})。"
        if self.seen(key or mkey) or self.seen(mkey):
            return None
        if message is None:
            record = MessageRecord(key or mkey, "", "", "", _iso(received), "", source, problem=problem)
        else:
            record = self._read(message, raw, key or mkey, source, received)
        self._append(record)
        return record

    def _read(self, message, raw, key, source, received) -> MessageRecord:
        name, address = sender(message)
        when = received or _header_date(message)
        record = MessageRecord(key, str(message.get("Message-ID", "") or "").strip(), address, name,
                               _iso(when), header_text(message, "Subject"), source)
        nature = _nature(message, self.own)
        if nature is not None:  # a bounce, an automatic reply, the office's own mail: nothing of it is saved
            record.kind, record.problem, record.bounced = nature.kind, nature.reason, nature.bounced
            return record
        try:
            found = list(attachments(message, self.limits))
        except Exception as exc:  # noqa: BLE001 - a malformed structure: listed, the rest goes on
            record.problem = f"邮件结构损坏,无法取出附件({type(exc).__name__})。请打开邮件手工保存附件。"
            return record
        for item in found:
            record.attachments.append(self._save(item, record, when))
            if item.data is not None and record.attachments[-1].status == SAVED:
                record.attachments[-1].reason = from_above(message, item.data)
        if not found:
            record.problem = "这封邮件没有附件。"
        return record

    def _save(self, item: Found, record: MessageRecord, when: dt.datetime | None) -> Saved:
        if item.data is None:
            return Saved(item.shown, "skipped", reason=item.reason)
        digest = hashlib.sha256(item.data).hexdigest()
        if digest in self.orphans:  # saved by a run that was killed before it could record it
            relative = self.orphans.pop(digest)
            self.hashes[digest] = relative
            return Saved(item.shown, SAVED, relative, digest, len(item.data))
        if digest in self.hashes:
            return Saved(item.shown, DUPLICATE, self.hashes[digest], digest, len(item.data),
                         reason=f"与已保存的“{self.hashes[digest]}”完全相同,没有重复保存。")
        there = self._already_there(len(item.data), digest)
        if there:  # put into the inbox otherwise (handed over on the desk, copied in by hand)
            self.hashes[digest] = there
            return Saved(item.shown, DUPLICATE, there, digest, len(item.data),
                         reason=f"与收件箱中已有的“{there}”完全相同,没有重复保存。")
        stamp = when.astimezone(CHINA).strftime("%m%d-%H%M") if when else "无日期"
        who = item.sender or record.sender_name or record.sender.split("@")[0] or "未知发件人"
        make_folder(self.folder)
        # the sender without "_": the name's parts are told apart (check/naming.py: the sender never names the unit)
        who = safe_filename(who, 60).replace("_", "-")
        # in the folders it lay in inside a .zip (乡镇/烟溪镇党委/): a file named 统计表.xlsx keeps the folder naming its unit
        target = write_new(self._below(item.folder), f"{stamp}_{who}_{item.name}", item.data, self.folder)
        relative = target.relative_to(self.inbox).as_posix()
        self.hashes[digest] = relative
        return Saved(item.shown, SAVED, relative, digest, len(item.data))

    def _below(self, folder: str) -> Path:
        """``folder`` below the inbox, made; the inbox itself where a file stands in its way."""
        try:
            return folder_below(self.inbox, folder)
        except LinkRefused:
            raise
        except OSError:
            return self.inbox

    def _append(self, record: MessageRecord) -> None:
        """One line per message, flushed to disk as soon as the message is done: a run that is
        stopped loses nothing it already saved, and the next run goes on from there."""
        append_record(self.inbox, record)
        self.records.append(record)
        self.new.append(record)
        self.keys.add(record.key)
        if record.message_id:
            self.keys.add(f"mid:{record.message_id}")

    def write_book(self) -> Path:
        """邮件清单.xlsx: every message and attachment, for the clerk."""
        from .book import write_manifest_book

        target = self.folder / MANIFEST_BOOK
        make_folder(self.folder)
        with atomic_paths([target]) as (tmp,):
            write_manifest_book(self.records, tmp)
        return target


def write_new(folder: Path, name: str, data: bytes, tmp_dir: Path | None = None) -> Path:
    """Write ``data`` as a new file named ``name`` in ``folder`` (name shortened to fit, _2,
    _3 ... when taken); an existing file is never replaced. The temporary file is made in
    ``tmp_dir`` (same disk; merge ignores the mail folder, so a killed run leaves nothing it reads)."""
    stem, dot, suffix = safe_filename(name, 200).rpartition(".")
    stem, suffix = (stem, f".{suffix}") if dot else (suffix, "")
    unlinked(folder)  # never into a folder reached through a link planted in the desk's folder
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=unlinked(tmp_dir or folder))
    try:
        with contextlib.suppress(OSError):  # mkstemp's 0o600: the umask's mode, as any saved file
            os.chmod(tmp, file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        n = 1
        while True:
            target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}_{n}{suffix}")
            if _claim(Path(tmp), target):
                return target
            n += 1
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _claim(tmp: Path, target: Path) -> bool:
    """Give ``tmp`` the name ``target`` unless that name is taken (a hard link fails rather
    than replaces; where links are not supported, e.g. FAT, check then rename)."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        if target.exists():
            return False
        os.replace(tmp, target)
        return True


def _nature(message, own: frozenset[str]):
    """What the message is when it is no unit's report (nature.Nature), else None; a structure
    the checks cannot walk is left to the attachments' reading, which says so."""
    try:
        return nature_of(message, own)
    except Exception:  # noqa: BLE001 - a malformed message: read as any other
        return None


def _header_date(message) -> dt.datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=CHINA)


def _iso(when: dt.datetime | None) -> str:
    return when.astimezone(CHINA).isoformat(timespec="seconds") if when else ""
