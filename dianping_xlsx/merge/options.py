"""What a merge is asked to do, apart from what it found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..problems import NO_POLICY, Policy
from ..read.prescan import DEFAULT_LIMITS, Limits
from ..definitions import ItemSet, LedgerSet
from .previous import Previous
from .roster import Roster


@dataclass(frozen=True)
class MergeOptions:
    """What a merge is asked to do, besides the inbox, the table set and the period."""

    roster: Roster | None = None
    due: dt.date | None = None  # files dated after it are late (逾期)
    # the date by which a unit sent back was asked to send its correction (the 退回 mail's), by unit
    # ((unit, date) pairs; unit "" for every unit): a correction received by then is not late when the
    # first report was not
    resubmit: tuple = ()
    # a lower level's summary (a county's, at the city) is late after this one: the notice's
    # deadline for the office's own report, not the units' (the same as ``due`` when one was given)
    summary_due: dt.date | None = None
    previous: Previous | None = None  # the previous period's summary, compared with
    items: ItemSet | None = None  # read mass evaluations with this item set
    ledgers: LedgerSet | None = None  # read and check the units' ledgers (台账) with this ledger set
    threshold: float = 0.2  # 不满意 share above which an organisation or member is followed up
    limits: Limits = DEFAULT_LIMITS
    jobs: int | None = None  # worker processes (default: one per core)
    unit_name: str = ""  # this office: a summary of its own in the inbox is not a unit's report
    policy: Policy = NO_POLICY  # problem kinds silenced or made errors for this run
    materials: tuple = ()  # the notice's materials that are not workbooks (工作总结 …): definitions.Material
    notice: object = None  # the Notice followed: its name, number and document set word the documents


DEFAULT_OPTIONS = MergeOptions()
