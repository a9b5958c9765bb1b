"""The documents an office writes after a merge (issue 35), each from the notice's document set
(definitions/documentsets/<notice id>.toml): 情况通报_<period>.docx (the circular), and where units
sent evaluations 公示_<period>.docx (results to post) and 评先评优_<period>.xlsx (the ranking).
A notice without a document set gets none; one without evaluation forms no 公示 or 评先评优."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...definitions.documents import DocumentSet, check_with_forms
from ...merge.result import MergeResult
from ...model import ACCEPTED, CHINA, REJECTED
from . import figures as fig

CIRCULAR, POSTING, RANKING = "circular", "posting", "ranking"


def documents_for(result: MergeResult) -> DocumentSet | None:
    """The notice's document set, its items checked against the forms (SpecError); None without one."""
    notice = result.options.notice
    ds = notice.document_set if notice is not None else None
    if ds is not None:
        check_with_forms(ds, result.options.items)  # the forms may have been replaced (--items)
    return ds


def document_paths(result: MergeResult, ds: DocumentSet | None, out: Path) -> dict[str, Path]:
    """What this merge writes, by kind: the circular always, the evaluation parts where units sent any."""
    if ds is None:
        return {}
    period = result.period
    paths = {CIRCULAR: out / f"{ds.circular.file}_{period}.docx"}
    # the evaluations' blocks alone: the whole summary is made after the outputs' processes part
    if fig.evaluated_blocks(result.evaluation_blocks):
        paths[POSTING] = out / f"{ds.posting.file}_{period}.docx"
        paths[RANKING] = out / f"{ds.ranking.file}_{period}.xlsx"
    return paths


def every_name(ds: DocumentSet | None, period) -> list[str]:
    """Every document name a period may have (a later run without evaluations removes the old ones)."""
    if ds is None:
        return []
    return [f"{ds.circular.file}_{period}.docx", f"{ds.posting.file}_{period}.docx", f"{ds.ranking.file}_{period}.xlsx"]


def _notice_words(result: MergeResult, ds: DocumentSet) -> tuple[str, str]:
    """The notice's title as it was issued (the document set's, else the notice's name) and number:
    the same document whatever period is reported, never retitled with it."""
    notice = result.options.notice
    name, number = (notice.name, notice.document) if notice is not None else (result.ts.name, "")
    return ds.notice_title or name, number


def last_counted(result: MergeResult) -> tuple[dt.date, str] | None:
    """The day the last file counted (adopted or returned) came, and that file's name: when its mail
    was received, else the date it was filled in; only days in the period's reporting window (a slip
    such as 2012 for 2011 is no day any file came), None when no file says one."""
    first, last = result.period.window
    days = []
    for e in result.entries:
        if e.status not in (ACCEPTED, REJECTED) or e.submission is None:
            continue
        sub = e.submission
        day = sub.mail.received.astimezone(CHINA).date() if sub.mail is not None else sub.date
        if day is not None and first <= day <= last:
            days.append((day, e.name))
    return max(days, default=None)


def document_day(result: MergeResult, day: dt.date) -> dt.date:
    """The day the documents are dated and count up to (截至): the run's day, or the day of the
    last file they count when that is later (a circular is written after the last file it counts)."""
    last = last_counted(result)
    return max(day, last[0]) if last is not None else day


def later_than(result: MergeResult, day: dt.date) -> tuple[dt.date, str] | None:
    """The day of the last file counted and its name when the documents are dated by it, later than
    ``day`` (the 填报时间 of the summary and the upward workbook): the clerk is told, never left to
    find two dates on what is printed; None when the documents are dated ``day``."""
    last = last_counted(result)
    return last if last is not None and last[0] > day else None


def write_documents(result: MergeResult, ds: DocumentSet, targets: dict[str, Path], office: str,
                    day: dt.date) -> None:
    """Write the documents into ``targets`` (temp paths: write_outputs makes them atomic), dated
    ``day`` or the day of the last file counted, whichever is later (document_day)."""
    from .circular import write_circular
    from .posting import write_posting
    from .ranking import write_ranking

    day = document_day(result, day)
    office = office.strip() or fig.NO_OFFICE  # never a sentence cut where the office's name goes
    notice, number = _notice_words(result, ds)
    if CIRCULAR in targets:
        write_circular(result, ds, targets[CIRCULAR], office, day, notice, number)
    if POSTING in targets:
        write_posting(result, ds, targets[POSTING], office, day, notice, number)
    if RANKING in targets:
        write_ranking(result, ds, targets[RANKING], office, fig.common(result, office, day, notice, number), day)
