"""A unit's correction is not its report: a unit whose first report came on time, was sent back
and sent its correction by the re-submission deadline (the one the 退回 mail stated) is not late; a
correction after that deadline is a late correction, not a late report. Without a re-submission
deadline the first report's time decides, and the correction is noted.

This holds whichever way a file came. When it came is known of mail (the time received) and of
a file handed over on the desk (the time the desk took it: the desk is the office's inbox). Of a
file put into the inbox folder by hand nothing says when it came: its 填报时间 is what the unit
says, and what a first report put there is judged by (merge/inbox.py); its modification time is
not used (a copy keeps the unit's time of saving, or takes the time of copying: neither is when
it came). A return file of ours (审核意见) is a correction whatever its time: it answers a return."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..model import CHINA, Submission
from ..problems import Problem
from ..text import normalise

LATE = ("date.late-received", "date.late")  # a first report's lateness: by the mail's time, by the 填报时间


class Arrival(NamedTuple):
    """When a file came, as far as it is known, and how that is said."""

    when: dt.datetime  # Beijing time (a 填报时间: its midnight)
    said: str  # 收到时间 2011-06-21 10:00
    by_date: bool = False  # the 填报时间: said at its cell


def judge_late(sub: Submission, due: dt.date | None) -> None:
    """date.late-received (a mailed file, by when it arrived) or date.late (by its 填报时间) after ``due``."""
    if due is not None and sub.mail is not None:
        received = sub.mail.received.astimezone(CHINA)
        if received.date() > due:
            sub.add(Problem("date.late-received", params={"received": received.strftime("%Y-%m-%d %H:%M"),
                                                          "due": due.isoformat()}))
    elif due is not None and sub.date is not None and sub.date > due:
        cell = sub.date_cell
        sub.add(Problem("date.late", sheet=cell.sheet, cell=cell.ref,
                        params={"date": sub.date.isoformat(), "due": due.isoformat()}))


def judge_corrections(submissions: list[Submission], due: dt.date | None, resubmit: tuple, policy,
                      handed: dict | None = None) -> None:
    """Each late file of a unit that is a correction (a later file of a unit whose first report was
    on time, or a return file of ours): its lateness said again, as a correction's (``resubmit``:
    (unit, date) pairs, unit "" for all, as MergeOptions has them; ``handed``: manifest.handed_times)."""
    if due is None:
        return
    groups: dict[str, list[Submission]] = {}
    for sub in submissions:
        if sub.has_tables and not sub.from_office:  # a summary is due otherwise
            groups.setdefault(sub.unit_key, []).append(sub)
    deadlines = {normalise(unit): day for unit, day in resubmit}
    for group in groups.values():
        times = {id(sub): arrival(sub, handed or {}) for sub in group}
        reports = [s for s in group if not s.returned_to and times[id(s)] is not None]
        first = min(reports, key=lambda s: (times[id(s)].when, s.name)) if reports else None
        if first is not None and _late(first):
            continue  # the first report itself was late
        for sub in group:
            if sub is first or not _late(sub) or times[id(sub)] is None:
                continue
            deadline = deadlines.get(normalise(sub.display_unit), deadlines.get(normalise(sub.unit), deadlines.get("")))
            if first is None and deadline is None:
                continue  # a return file whose first report is gone, and no deadline: nothing to judge it by
            said = _said(times[id(sub)], times[id(first)] if first is not None else None, due, deadline)
            place = sub.date_cell if times[id(sub)].by_date else None  # judged by its 填报时间: said at its cell
            at = {"sheet": place.sheet, "cell": place.ref} if place is not None else {}
            said = said.located(file=sub.name, unit=sub.display_unit, **at)
            sub.problems = [p for p in sub.problems if p.code not in LATE]  # (a compact list makes each anew)
            sub.problems += policy.apply([said])


def arrival(sub: Submission, handed: dict) -> Arrival | None:
    """When ``sub`` came: by mail, handed over on the desk (the record's size and time still the
    file's), else its 填报时间 (the unit's word); None when nothing says."""
    if sub.mail is not None:
        received = sub.mail.received.astimezone(CHINA)
        return Arrival(received, f"收到时间 {received:%Y-%m-%d %H:%M}")
    record = handed.get(sub.name)
    if record is not None and _same_file(sub, record):
        taken = record[0].astimezone(CHINA)
        return Arrival(taken, f"放入工作台的时间 {taken:%Y-%m-%d %H:%M}")
    if sub.date is not None:
        midnight = dt.datetime.combine(sub.date, dt.time(), CHINA)
        return Arrival(midnight, f"填报时间 {sub.date.isoformat()}", True)
    return None


def _same_file(sub: Submission, record: tuple) -> bool:
    try:
        size = sub.path.stat().st_size
    except OSError:
        return False
    return size == record[1] and abs(sub.mtime - record[2]) < 1.0


def _late(sub: Submission) -> bool:
    return any(p.code in LATE for p in sub.problems)


def _said(came: Arrival, first: Arrival | None, due: dt.date, deadline: dt.date | None) -> Problem:
    opening = (f"首次报送按时({first.said},截止日期 {due.isoformat()})" if first is not None
               else "首次报送的文件已不在收件箱中(是否按时未核对)")
    params = {"first": opening, "received": came.said.replace(" ", "为 ", 1)}
    if deadline is not None and came.when.date() > deadline:
        return Problem("date.late-correction", params={**params, "resubmit": deadline.isoformat()})
    within = (f",在退回时要求的重报期限 {deadline.isoformat()} 内" if deadline is not None
              else "(没有可核对的重报期限,按首次报送的时间判断)")
    return Problem("date.corrected-in-time", params={**params, "within": within})
