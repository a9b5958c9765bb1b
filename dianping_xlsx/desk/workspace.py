"""The work folder a clerk picks once: what it remembers, and where each period's files live.

    <folder>/工作台设置.json      office, period, due date, the mail account (never a password)
    <folder>/单位名册.xlsx        the roster
    <folder>/<period>/收件箱/     what the units sent (never changed by the desk)
    <folder>/<period>/汇总结果/   what merge wrote (汇总表, 上报_…, 退回/ …)
    <folder>/<period>/上次汇总.json  what the pages show of the last merge
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..api import Period

SETTINGS = "工作台设置.json"
ROSTER = "单位名册.xlsx"
INBOX, RESULTS, LAST = "收件箱", "汇总结果", "上次汇总.json"


@dataclass
class Settings:
    office: str = ""  # this office's name, the 填报单位 of its summary (安化县委创先办)
    period: str = ""  # 2011-H1
    due: str = ""  # 2011-06-28: units' files after it are late
    up: str = ""  # the level above's address
    mail_from: str = ""  # the office's own address
    mail_host: str = ""  # IMAP server (imap.qq.com)
    smtp_host: str = ""  # SMTP server (smtp.qq.com)
    mail_security: str = "ssl"  # ssl | starttls | none (none: a server on this machine only)
    mail_port: str = ""  # the IMAP port; "" for the usual port of the security
    smtp_port: str = ""  # the SMTP port; "" likewise


class Workspace:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser().resolve()
        self.folder.mkdir(parents=True, exist_ok=True)

    # -- what it remembers -------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        try:
            data = json.loads((self.folder / SETTINGS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        known = {f.name for f in fields(Settings)}
        return Settings(**{k: str(v) for k, v in data.items() if k in known})

    def save(self, settings: Settings) -> None:
        write_atomically(self.folder / SETTINGS, json.dumps(asdict(settings), ensure_ascii=False, indent=1))

    @property
    def period(self) -> Period:
        text = self.settings.period
        try:
            return Period.parse(text) if text else Period.around(dt.date.today())
        except ValueError:
            return Period.around(dt.date.today())

    @property
    def due(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.settings.due) if self.settings.due else None
        except ValueError:
            return None

    # -- where the files are -----------------------------------------------------------

    @property
    def roster(self) -> Path | None:
        path = self.folder / ROSTER
        return path if path.is_file() else None

    def inbox(self, period: Period | None = None) -> Path:
        return self.folder / str(period or self.period) / INBOX

    def results(self, period: Period | None = None) -> Path:
        return self.folder / str(period or self.period) / RESULTS

    @property
    def previous_results(self) -> Path | None:
        """The last period's results, for the December round's comparison (None when not here)."""
        before = self.results(self.period.previous)
        return before if any(before.glob("汇总表_*.xlsx")) else None

    @property
    def templates(self) -> Path:
        return self.folder / "模板"

    def inside(self, relative: str) -> Path | None:
        """A file of the workspace by its relative path; None for anything outside it."""
        path = (self.folder / relative).resolve()
        return path if self.folder in path.parents and path.is_file() else None

    def last(self) -> dict | None:
        try:
            return json.loads((self.folder / str(self.period) / LAST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def remember(self, state: dict) -> None:
        write_atomically(self.folder / str(self.period) / LAST, json.dumps(state, ensure_ascii=False))


def write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, target)
