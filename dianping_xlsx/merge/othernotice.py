"""A lower office's summary merged under another notice (a county that used the Hunan notice's
tables where the bureau's evaluation was asked for): never this notice's report, whatever its period."""

from __future__ import annotations

from ..definitions import TableSet
from ..definitions.notices import shipped_notice
from ..model import Submission
from ..problems import Problem

# the problems that say a file does not hold this notice's tables
NOT_THESE_TABLES = frozenset({"file.no-tables", "table.missing"})


def summary_of_other_notice(sub: Submission, notice, ts: TableSet) -> Problem | None:
    """file.summary-other-notice when the summary says it was merged under another notice than
    ``notice`` and its tables are not this notice's (a notice of another id with the same table set,
    an office's own copy of a shipped notice, is the same report); None otherwise."""
    mark = sub.summary_mark
    if mark is None or not mark.notice or notice is None or mark.notice == notice.id:
        return None
    other = shipped_notice(mark.notice)
    if other is not None and other.tables.id == ts.id:
        return None
    if other is None and not any(p.code in NOT_THESE_TABLES for p in sub.problems):
        return None  # a notice we do not know, whose file holds our tables: read as ours
    return Problem("file.summary-other-notice",
                   params={"unit": sub.unit, "what": mark.what, "other": other.name if other is not None else mark.notice,
                           "current": notice.name, "notice_id": notice.id})

