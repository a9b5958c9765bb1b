"""A unit's correction is not its report: a unit whose first report came by mail on time, was
sent back and sent its correction by the re-submission deadline (the one the 退回 mail stated) is
not late; a correction after that deadline is a late correction, not a late report. Without a
re-submission deadline the first report's time decides, and the correction is noted."""

from __future__ import annotations

import datetime as dt

from ..model import CHINA, Submission
from ..problems import Problem, first_of
from ..text import normalise

LATE = "date.late-received"


def judge_corrections(submissions: list[Submission], due: dt.date | None, resubmit: tuple, policy) -> None:
    """Each late mailed file of a unit that had a file received by ``due``: its lateness said again,
    as a correction's (``resubmit``: (unit, date) pairs, unit "" for all, as MergeOptions has them)."""
    if due is None:
        return
    groups: dict[str, list[Submission]] = {}
    for sub in submissions:
        if sub.mail is not None and sub.has_tables and sub.summary_mark is None:  # a summary is due otherwise
            groups.setdefault(sub.unit_key, []).append(sub)
    deadlines = {normalise(unit): day for unit, day in resubmit}
    for group in groups.values():
        first = min(group, key=lambda s: s.mail.received)
        first_day = first.mail.received.astimezone(CHINA)
        if first_day.date() > due:
            continue  # the first report itself was late
        for sub in group:
            if first_of(sub.problems, LATE) is None:
                continue
            deadline = deadlines.get(normalise(sub.display_unit), deadlines.get(normalise(sub.unit), deadlines.get("")))
            sub.problems = [p for p in sub.problems if p.code != LATE]  # (a compact list makes each anew)
            said = _said(sub, first_day, due, deadline).located(file=sub.name, unit=sub.display_unit)
            sub.problems += policy.apply([said])


def _said(sub: Submission, first: dt.datetime, due: dt.date, deadline: dt.date | None) -> Problem:
    received = sub.mail.received.astimezone(CHINA)
    params = {"first": first.strftime("%Y-%m-%d %H:%M"), "received": received.strftime("%Y-%m-%d %H:%M")}
    if deadline is not None and received.date() > deadline:
        return Problem("date.late-correction", params={**params, "resubmit": deadline.isoformat()})
    within = (f",在退回时要求的重报期限 {deadline.isoformat()} 内" if deadline is not None
              else "(没有可核对的重报期限,按首次报送的时间判断)")
    return Problem("date.corrected-in-time", params={**params, "due": due.isoformat(), "within": within})
