"""Everything the outputs show, computed once from a merge result.

Totals by category and by kind of unit with coverage rates, status counts, missing and
off-roster units, late files, the problems headline, evaluation counts and shares, and
the organisations and members to follow up. The workbook, the CSV and the console
summary render a ``Summary``; none of them counts anything again.

Its parts, by concern: rates.py (counts and coverage), evaluated.py (群众评议), kinds.py (the
problems, by kind), reporting.py (who reported, who is missing); ledgers.py (the 台账).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import (ACCEPTED, HELD, IGNORED, MATERIAL, MISSING_WORDS, REJECTED, SUPERSEDED, TOTAL, Entry,  # noqa: F401
                     RosterUnit)
from ..check.othernotice import CODE as OTHER_NOTICE
from ..problems import WARNING, codes_of, first_of, severities_of
from .evaluated import (EvalBlock, EvalRow, FollowUp, by_object, evaluation_blocks, follow_ups,  # noqa: F401
                        satisfied_rate, unsatisfied)
from .kinds import KindRow, UnitKindRow, UnitKinds, problem_kinds, rule_names
from .rates import RateSheet, by_category, by_kind, over_whole, sum_values  # noqa: F401
from .reporting import (NOT_SENT, RETURNED_UNIT, WARNED_UNIT, WRONG_NOTICE_STATUS, WRONG_PERIOD_STATUS, files_off_roster,  # noqa: F401
                        goes_back, ignored_by_unit, in_roster_order, lacking_materials, missing_units, unit_outcomes, units_gone, units_not_sent,
                        units_of_other_notice,
                        units_of_other_period, unreadable_here)


if TYPE_CHECKING:
    from .ledgers import LedgerSummary
    from .result import MergeResult


FROM_ABOVE = "file.opinion-from-above"  # the level above's return file for this office, in its inbox


@dataclass
class Summary:
    files: int
    counts: dict[str, int]  # files by status
    units: int  # accepted units with statistics tables
    evaluations_only: int  # accepted files with evaluations only
    ledgers_only: int  # accepted files with ledgers (台账) only
    by_category: list[RateSheet]
    by_kind: list[RateSheet]  # with a roster
    roster_size: int | None
    missing: list[tuple[RosterUnit, str]]  # roster units with no accepted file, and why
    not_sent: list[tuple[RosterUnit, str]]  # roster units that sent no statistics tables, and what they sent
    other_period: dict[str, str]  # of them, those that sent a summary of another period: name -> what to send
    off_roster: list[tuple[Entry, str]]  # files whose unit is not on the roster, and a hint
    late: list[Entry]
    due: dt.date | None
    reporting_units: int  # units whose file was accepted or rejected
    clean_units: int  # of them, tables adopted and nothing of their reports to check (late or a material missing may be)
    warned_units: int  # tables adopted, something of their reports to check (a warning, a ledger or form returned)
    rejected_units: int  # sent back: no tables adopted, a file returned
    warnings: int  # warnings on accepted files
    rejected: list[Entry]
    evaluation_units: int
    evaluations: list[EvalBlock] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    threshold: float = 0.2
    period_zh: str = ""  # 2011年上半年, for titles
    kinds: list[KindRow] = field(default_factory=list)  # every problem kind, errors first
    unit_kinds: Iterable[UnitKindRow] = field(default_factory=list)  # UnitKinds: made each time it is read
    ledgers: "LedgerSummary | None" = None  # what the accepted units' ledgers add up to
    below: list[Entry] = field(default_factory=list)  # accepted summaries of a level below that say they are incomplete
    gone: list[str] = field(default_factory=list)  # without a roster: units of the previous summary not reporting now
    materials: tuple[str, ...] = ()  # the names of the notice's materials other than the tables (工作总结)
    due_note: str = ""  # a deadline before the period's reporting window: its lateness is doubtful (Period.due_doubt)
    rate_notes: list[str] = field(default_factory=list)  # a total's rate over 100%: the definition's fault or the data's
    # each reporting unit's outcome as the counts above have it (reporting.unit_outcomes: returned, warned, clean)
    outcomes: dict[str, str] = field(default_factory=dict)
    # the files of the reporting units, whatever became of each (a superseded one, one of another period
    # beside this period's): 情况通报's 共收到N个单位报送的M个文件 counts the senders of the files it counts
    reported_files: int = 0
    # files in the inbox that are the level above's opinion on this office's own report (its return
    # file for this office): not counted, said apart (file.opinion-from-above)
    from_above: list[Entry] = field(default_factory=list)
    other_notice: frozenset[str] = frozenset()  # of other_period, those whose summary is of another notice
    # roster units that sent no tables but whose name a file the inbox ignored bears (an archive, a
    # Word document, a photo): name -> the file and what to ask for (reporting.ignored_by_unit)
    sent_instead: dict[str, str] = field(default_factory=dict)
    # the units late (date.late), once each in the roster's order; files off the roster said apart
    late_units: list[str] = field(default_factory=list)
    # the materials the notice asks for (工作总结) that units whose tables were adopted did not send: -> units
    lacking: dict[str, list[str]] = field(default_factory=dict)

    @property
    def untabled_units(self) -> int:
        """Reporting units neither sent back nor with tables adopted (their forms alone came)."""
        return self.reporting_units - self.clean_units - self.warned_units - self.rejected_units

    @property
    def lacking_units(self) -> list[str]:
        """The units that did not send a material the notice asks for, each once."""
        return list(dict.fromkeys(u for units in self.lacking.values() for u in units))

    @property
    def late_files(self) -> set[str]:
        return {e.name for e in self.late}

    @property
    def returned(self) -> list[Entry]:
        """The rejected files that go back to their unit: a file whose only error is that its
        填报单位 is not on the roster is this office's to-do (off_roster), not the unit's."""
        return [e for e in self.rejected if goes_back(e)]

    @property
    def unreadable(self) -> list[Entry]:
        """Files this office's machine could not read (no permission, held by another program,
        gone): the clerk's to-do, never sent back to their units."""
        return [e for e in self.rejected if unreadable_here(e)]

    @property
    def off_roster_units(self) -> list[str]:
        """The units (as their files name them) of the files off the roster, each once."""
        return list(dict.fromkeys(e.unit for e, _ in self.off_roster))

    @property
    def unopened(self) -> list[Entry]:
        """Rejected files that could not be opened, or that hold no statistics table: no return
        file can be made for them (those this machine could not read are the clerk's: unreadable)."""
        return [e for e in self.rejected if not e.submission.annotatable and not unreadable_here(e)]

    @property
    def beyond_limits(self) -> list[Entry]:
        """Of the unopened files, those the pre-scan refused for a limit (too big, a cell too far,
        too many merged ranges or strings): never opened, for safety, not broken (not 无法打开)."""
        return [e for e in self.unopened if e.submission.readable is False
                and any(p.code.startswith("limit.") for p in e.submission.problems)]

    @property
    def without_tables(self) -> list[Entry]:
        """Of the unopened files, those that opened but hold no statistics table (not 无法打开)."""
        return [e for e in self.unopened if e.submission.readable]

    @property
    def of_other_notice(self) -> list[Entry]:
        """Of those without tables, the files of another notice's tables (file.other-notice): the
        unit used the wrong template, or this office chose the wrong notice."""
        return [e for e in self.without_tables if OTHER_NOTICE in codes_of(e.submission.problems)]

    @property
    def complete(self) -> bool:
        """Every file accepted, with a roster every unit in (without one, every unit of the previous
        period's summary), and no summary of a level below that says it is incomplete (a city over
        counties still waiting for their units): can be stamped."""
        return not self.rejected and not self.missing and not self.off_roster and not self.below and not self.gone

    @property
    def shortfalls(self) -> list[str]:
        """What keeps the summary from being stamped, in words ([] when complete), each said once:
        a file off the roster as this office's to-do, not as a file sent back."""
        parts = []
        if self.returned:
            parts.append(f"退回 {len(self.returned)} 个文件")
        if self.missing:
            parts.append(MISSING_WORDS.format(count=len(self.missing)))
        if self.off_roster:
            parts.append(f"{len(self.off_roster_units)} 个名册外单位未计入")
        if self.unreadable:
            parts.append(f"{len(self.unreadable)} 个文件本机无法读取")
        if self.below:
            parts.append(f"{len(self.below)} 个下级的汇总不完整")
        if self.gone:
            parts.append(f"上期报送的 {len(self.gone)} 个单位本期未报")
        return parts


def ledgers_of(result: "MergeResult"):
    """The ledgers' part of the summary (MergeResult.ledger_summary keeps it)."""
    ls = result.options.ledgers
    if ls is None:
        return None
    from .ledgers import summarise_ledgers

    units = [(e.submission.display_unit, e.submission.ledger_records, e.submission.date)
             for e in result.by_status(ACCEPTED) if e.submission.ledger_records]
    return summarise_ledgers(units, ls, result.ts, result.period)


def over_offices(result: "MergeResult") -> bool:
    """Every report is a lower office's summary (its 上报 or 汇总表): a city merging its counties, a
    province its cities; not an office merging its units' files (or both kinds at once)."""
    reports = [e.submission for e in result.entries if e.status in (ACCEPTED, REJECTED)]
    return bool(reports) and all(s.from_office for s in reports)


def _due(result: "MergeResult"):
    """The deadline the reports were held to: a lower level's summaries' (summary_due) when
    every report is one (a city merging its counties), else the units'."""
    return result.options.summary_due if over_offices(result) else result.options.due


def summarise(result: "MergeResult") -> Summary:
    options = result.options
    roster = options.roster
    counts = {s: len(result.by_status(s)) for s in (ACCEPTED, REJECTED, SUPERSEDED, IGNORED, HELD, MATERIAL)}
    no_tables = [e.submission for e in result.by_status(ACCEPTED) if not e.submission.has_tables]
    ledgers_only = sum(1 for s in no_tables if s.ledger_rows and not s.evaluations)
    evaluations_only = len(no_tables) - ledgers_only
    outcomes = unit_outcomes(result)
    adopted = {s.display_unit for s in result.accepted}
    tabled = [o for unit, o in outcomes.items() if unit in adopted]  # the units whose tables were adopted
    reporting, errored, warned = (len(outcomes), sum(1 for o in outcomes.values() if o == RETURNED_UNIT),
                                  sum(1 for o in tabled if o == WARNED_UNIT))
    per_unit = result.evaluations
    es = options.items
    current = [e.problems for e in result.entries if e.status != SUPERSEDED]  # result.current_problems, by file
    due = _due(result)
    not_sent, ignored = units_not_sent(result), ignored_by_unit(result)
    off_roster = files_off_roster(result)
    late = [e for e in result.entries if e.status in (ACCEPTED, REJECTED)
            and any(c in ("date.late", "date.late-received") for c in codes_of(e.problems))]
    return Summary(
        files=len(result.entries), counts=counts, units=counts[ACCEPTED] - len(no_tables),
        evaluations_only=evaluations_only, ledgers_only=ledgers_only,
        by_category=[by_category(result, t) for t in result.ts.tables],
        by_kind=[by_kind(result, t) for t in result.ts.tables] if roster is not None else [],
        roster_size=len(roster.units) if roster is not None else None,
        missing=missing_units(result), not_sent=not_sent,
        sent_instead={u.name: why for u, why in not_sent if ignored.get(u.name) == why},
        other_period=units_of_other_period(result), off_roster=off_roster, late=late,
        late_units=in_roster_order(result, (e.unit for e in late if all(e is not o for o, _ in off_roster))),
        lacking=lacking_materials(result),
        due=due, due_note=result.period.due_doubt(due), rate_notes=over_whole(result), reporting_units=reporting,
        clean_units=sum(1 for o in tabled if o != WARNED_UNIT),
        warned_units=warned, rejected_units=errored, outcomes=outcomes,
        reported_files=sum(1 for e in result.entries if e.unit in outcomes),
        warnings=sum(1 for e in result.by_status(ACCEPTED) for s in severities_of(e.problems) if s == WARNING),
        rejected=result.by_status(REJECTED), evaluation_units=len(per_unit),
        evaluations=result.evaluation_blocks,
        follow_ups=follow_ups(es, per_unit, options.threshold) if es is not None else [],
        threshold=options.threshold, period_zh=result.period.zh,
        kinds=problem_kinds(current, names := rule_names(result.ts)), unit_kinds=UnitKinds(current, names),
        ledgers=result.ledger_summary,
        below=[e for e in result.by_status(ACCEPTED)
               if e.submission.summary_mark is not None and e.submission.summary_mark.incomplete],
        gone=units_gone(result), materials=_material_names(result),
        from_above=[e for e in result.by_status(IGNORED) if first_of(e.problems, FROM_ABOVE) is not None],
        other_notice=units_of_other_notice(result),
    )


def _material_names(result: "MergeResult") -> tuple[str, ...]:
    """The materials the notice lists besides the tables (工作总结 …), then any other received
    (a 台账 kept that the notice does not list)."""
    names = [m.name for m in result.options.materials]
    received = [e.problems[0].params.get("material", "") for e in result.by_status(MATERIAL) if e.problems]
    return tuple(dict.fromkeys(names + [n for n in received if n]))
