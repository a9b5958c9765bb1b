"""A unit's file filled on another notice's template (the Hunan notice's 附件1–3 where the bureau's
附件4 is asked for, or the reverse): said to be that notice's tables, never "no tables in the
file", so that the unit is asked for this notice's tables and the clerk sees a notice chosen
wrongly. Looked at only when a file holds none of this notice's tables: the normal path costs nothing.

How a file is known to be another notice's: our template says which notice it was made for
(TEMPLATE_NOTICE_PROPERTY); a file without it (typed by hand, or its properties dropped) by its
sheets, located as the tables of another shipped notice."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ..definitions import TableSet
from ..definitions.files import available
from ..definitions.notices import shipped_notice
from ..model import TEMPLATE_NOTICE_PROPERTY
from ..problems import Problem
from ..text import a1

CODE = "file.other-notice"


class NoticeName(NamedTuple):
    """The notice a run checks against, as its problems name it (picklable, for the workers)."""

    id: str = ""
    name: str = ""


def notice_name(notice) -> NoticeName:
    """The NoticeName of a Notice (none: a run given a table set alone, nothing said of others)."""
    return NoticeName(notice.id, notice.name) if notice is not None else NoticeName()


def other_notice(grids, ts: TableSet, notice: NoticeName) -> Problem | None:
    """file.other-notice for a file without this notice's tables (``ts``) that is another notice's:
    its template's mark names another notice (one with other tables, or one not known here), or,
    without a mark, its sheets are the tables of another shipped notice. None otherwise (a file of
    this notice's own template whose tables were deleted, a file of no notice: file.no-tables)."""
    if not notice.id:
        return None
    said = getattr(grids, "properties", {}).get(TEMPLATE_NOTICE_PROPERTY, "")
    if said == notice.id:
        return None
    if said:
        other = shipped_notice(said)
        if other is None:  # an office's own notice: known by its id alone
            return _problem(notice, ts, said, "表格", None)
        if other.tables.id == ts.id:  # the same tables under another name: not another notice's
            return None
        return _problem(notice, ts, other.name, "统计表", _place(grids, other.id))
    for other in _others(ts):
        place = _place(grids, other.id)
        if place is not None:
            return _problem(notice, ts, other.name, "统计表", place)
    return None


def _problem(notice: NoticeName, ts: TableSet, other: str, what: str, place) -> Problem:
    sheet, cell = place or ("", "")
    return Problem(CODE, sheet=sheet, cell=cell,
                   params={"other": other, "what": what, "current": notice.name, "all_tables": ts.all_tables})


def _others(ts: TableSet) -> list:
    """The shipped notices whose tables are not ``ts`` (each table set once), in their order."""
    out, seen = [], {ts.id}
    for notice_id in available("notices"):
        other = shipped_notice(notice_id)
        if other is not None and other.tables.id not in seen:
            seen.add(other.tables.id)
            out.append(other)
    return out


def _place(grids, notice_id: str) -> tuple[str, str] | None:
    """Where a shipped notice's tables stand in the workbook (the first sheet holding one, its
    top left cell), or None when none of them is there."""
    found = _locator(notice_id).locate(grids)
    if not found.tables:
        return None
    order = {g.name: i for i, g in enumerate(grids)}
    first = min(found.cells.values(), key=lambda c: (order.get(c.sheet, len(order)), c.row, c.col))
    return first.sheet, a1(first.row, first.col)


@lru_cache(maxsize=4)
def _locator(notice_id: str):
    """One locator per other shipped notice in a worker: built on the first file that needs it
    (imported here: the summary and the mail name this module's code, --help reads no workbook)."""
    from ..read.locate import Locator

    return Locator(shipped_notice(notice_id).tables)
