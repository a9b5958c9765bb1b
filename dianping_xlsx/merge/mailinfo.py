"""What the mail manifest says about the inbox's files: who sent each one and when it was
received (written by dianping mail into 邮件记录/; read here, as plain JSON lines)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..model import MAIL_FOLDER, MAIL_MANIFEST, MailInfo


def load_mail_info(inbox: Path) -> dict[str, MailInfo]:
    """Inbox-relative file name -> MailInfo, for the files saved from mail ({} without a manifest).
    A line that cannot be read (a run killed mid-write) is skipped."""
    path = Path(inbox) / MAIL_FOLDER / MAIL_MANIFEST
    out: dict[str, MailInfo] = {}
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except OSError:
        return out
    with fh:
        for line in fh:
            try:
                record = json.loads(line)
                received = dt.datetime.fromisoformat(record["received"]) if record.get("received") else None
                for item in record.get("attachments", []):
                    if item.get("status") == "saved" and item.get("file") and received is not None:
                        out[item["file"]] = MailInfo(str(record.get("sender", "")),
                                                     str(record.get("sender_name", "")), received)
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
    return out
