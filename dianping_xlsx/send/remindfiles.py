"""The template a reminder (催报) carries, in 待发邮件/催报模板: stamped with the unit's name, its
填表说明 stating the deadline the reminder states. One an earlier run wrote is written again when
that deadline changed; one the clerk edited (its bytes no longer the ones written) is kept as it is."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from pathlib import Path

from ..files import atomic_paths, make_folder
from ..template.blank import write_template

RECORD = ".催报模板.json"  # beside 催报模板: file name -> [sha256, deadline] of each template written


def reminder_due(mail_due: dt.date | None, units_due: dt.date | None) -> dt.date | None:
    """The date a reminder asks for: the one given for the mails (--due, the desk's 重报截止日期), never
    before the units' deadline of the merge (they were told that date); else that deadline."""
    given = [d for d in (mail_due, units_due) if d is not None]
    return max(given) if given else None


class ReminderTemplates:
    """The reminders' templates of one outbox folder, and the record of those written there."""

    def __init__(self, folder: Path, ts, period, calendar, notice_id: str = ""):
        self.folder, self.ts, self.period, self.calendar = folder, ts, period, calendar
        self.notice_id = notice_id  # marked in each template: the notice it is for
        make_folder(folder)  # never through a link planted in the desk's folder
        self.record_path = folder.parent / RECORD
        self.record = _read(self.record_path)
        self.known = dict(self.record)

    def template(self, name: str, unit: str, due: dt.date | None) -> Path:
        """``name`` in the folder for ``unit``, stating ``due`` (None: the notice's date)."""
        target, said = self.folder / name, due.isoformat() if due else ""
        if target.exists():
            held, mine = _digest(target), self.record.get(name)
            if mine == [held, said]:
                return target
            if (mine[0] if mine else self._as_before(unit)) != held:  # the clerk's own: kept
                return target
        self._write(target, unit, due)
        self.record[name] = [_digest(target), said]
        return target

    def save(self) -> None:
        if self.record != self.known:
            with atomic_paths([self.record_path]) as (tmp,):
                Path(tmp).write_text(json.dumps(dict(sorted(self.record.items())), ensure_ascii=False, indent=1),
                                     encoding="utf-8")

    def _write(self, target: Path, unit: str, due: dt.date | None, notice_id: str | None = None) -> None:
        write_template(self.ts, target, unit, lock_unit=True, period=self.period, calendar=self.calendar, due=due,
                       notice_id=self.notice_id if notice_id is None else notice_id)

    def _as_before(self, unit: str) -> str:
        """The digest of the template an earlier version wrote without a record (the notice's date)."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "模板.xlsx"
            self._write(path, unit, None, notice_id="")  # nor the notice's mark: written before both
            return _digest(path)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): [str(v[0]), str(v[1])] for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return {}
