"""One value for a check run: what every file is held to, built once and passed to the workers
(under spawn it is pickled; its definitions rebuild themselves from their text)."""

from __future__ import annotations

from dataclasses import dataclass

from ..definitions import ItemSet, LedgerSet, TableSet
from ..model import Period
from ..problems import NO_POLICY, Policy
from ..settings import DEFAULT_LIMITS, Limits
from .othernotice import NoticeName


@dataclass(frozen=True)
class Checking:
    tables: TableSet  # 附件1–3: labels, categories, rules
    period: Period | None  # the reporting period (None: not checked against one)
    limits: Limits = DEFAULT_LIMITS  # what a file may hold before a parser sees it
    items: ItemSet | None = None  # 附件4–5, mass evaluation (None: not read)
    ledgers: LedgerSet | None = None  # the 台账 (None: not read)
    policy: Policy = NO_POLICY  # problem kinds silenced or made errors for this run
    kept: tuple = ()  # the 台账 kept and sent along that no ledger set reads (definitions.Material)
    notice: NoticeName = NoticeName()  # the notice checked against: a file of another's tables is said so
