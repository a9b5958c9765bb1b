"""The objects every stage passes on: periods, cells, evaluations, roster units, submissions.

``Submission`` is one file after reading and checking; ``Entry`` is what became of
one file of the inbox (accepted, rejected, superseded, ignored).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .problems import ERROR, Problem, has_errors, pack, unpack
from .definitions import Key
from .definitions.ownsheets import SELF_CHECK_HELPER, SELF_CHECK_SHEET  # noqa: F401 - our sheets' names
from .definitions.periods import HALF_YEARS, Calendar, Period, PeriodSpec  # noqa: F401 - the model's periods
from .text import a1, clean_text, normalise


# How a summary written by `dianping merge` is recognised when it comes back as an input
# (left in the inbox, or a county's summary at the city): document properties it carries,
# and, when an office suite dropped them, the sheets only a summary has.
SUMMARY_PERIOD_PROPERTY = "dianping_summary_period"
SUMMARY_UNIT_PROPERTY = "dianping_summary_unit"
SUMMARY_NOTICE_PROPERTY = "dianping_summary_notice"  # the id of the notice it was merged under
SUMMARY_RUN_PROPERTY = "dianping_summary_run"  # the run that wrote it; its return files say the same
SUMMARY_INBOX_PROPERTY = "dianping_summary_inbox"  # a digest of the inbox it was merged from
# the latest modification time of the reports the run read (UTC, to the second): two summaries of one
# office written the same day are told apart by it (the later merge read a file the earlier did not)
SUMMARY_NEWEST_PROPERTY = "dianping_summary_newest"
SUMMARY_RETURNS_PROPERTY = "dianping_summary_returns"  # how many return files the run wrote into 退回
# The units' deadline the merge judged lateness by (--due, the desk's 本期, else the notice's), as
# 2011-06-28: mail send's reminders and the templates they carry state it when no later date is given.
SUMMARY_DUE_PROPERTY = "dianping_summary_due"
# What the summary lacked when it was written (units sent back or missing, in words; absent when
# complete): the level above is told of a county that reported with units still missing.
SUMMARY_INCOMPLETE_PROPERTY = "dianping_summary_incomplete"
# The upward workbook's content as the level above reads it (period, office, totals, what it lacks),
# as a digest: a later run with the same numbers is the same report (not mailed up again), another
# digest a corrected one (mailed up as 更正). The bytes differ from run to run; this does not.
SUMMARY_VALUES_PROPERTY = "dianping_summary_values"
# The units an upward workbook's totals are made of (the accepted units, in roster order), so that the
# level above sets aside their own files when an office forwards them too (merge/within.py). One
# property holds 255 characters: the names go into numbered ones (dianping_summary_units_1, _2 …),
# whole names each, one a line; a unit's name never holds a line break (text.clean_text).
SUMMARY_UNITS_PROPERTY = "dianping_summary_units"
# The lower offices whose summaries those totals hold, transitively (a city's counties; a province's
# cities and their counties), numbered alike (dianping_summary_offices_1 …): a county's own 上报
# forwarded beside its city's is set aside at the province, and at any level above. The units list
# holds, after the units reported directly, the units below those offices as far as it may grow
# (report/marks.py); an earlier version's list holds the units reported directly alone.
SUMMARY_OFFICES_PROPERTY = "dianping_summary_offices"
UNITS_SEPARATOR = "\n"
# A return file merge writes (退回/<unit>_审核意见.xlsx) says which inbox file and unit it answers and
# the run that wrote it: a unit corrects it and sends it again; an office that finds one written for
# itself in its inbox has the level above's opinion on its own report, no unit's report.
RETURN_SOURCE_PROPERTY, RETURN_UNIT_PROPERTY = "dianping_return_for", "dianping_return_unit"
RETURN_RUN_PROPERTY = "dianping_return_run"
# The sheets of a workbook of tables and ledgers a return file of its tables does not hold: the unit
# corrects its own file and sends it whole again (the return mail says so too).
RETURN_LEFT_OUT_PROPERTY = "dianping_return_left_out"
# The period a template was made for (dianping template --period): a return of another year is told.
TEMPLATE_PERIOD_PROPERTY = "dianping_template_period"
# The notice a template (and a return file holding the tables) was made for: a unit's file filled on
# another notice's template is said to be that notice's, not a file without tables (check/othernotice.py).
TEMPLATE_NOTICE_PROPERTY = "dianping_template_notice"
# The merged ledgers (合并台账) merge writes say so too, in their properties and in each sheet's
# title: copied back into an inbox, they would be read as one more unit's ledger.
MERGED_LEDGER_PROPERTY = "dianping_merged_ledgers"
MERGED_LEDGER_MARK = "(各单位合并,"
# Every other output merge writes says what it is (its name, as the notice calls it): a workbook or a
# Word document in a custom property, summary.csv by its first line (CSV_COLUMNS). Left in an
# inbox (an earlier -o inside it), none is read as a unit's report, whatever folder it is in.
OUTPUT_PROPERTY = "dianping_output"
CSV_COLUMNS = ["unit", "table", "category", "metric", "round", "value"]  # summary.csv's first line
STATUS_SHEET, DETAIL_SHEET = "报送情况", "明细"
# A summary's list of the roster's units without an accepted report (a summary written before its
# properties said what it lacked tells it here alone), and how a summary says so to the level above.
MISSING_SHEET, MISSING_UNIT_HEADING = "未报单位", "单位名称"
MISSING_WORDS = "名册中 {count} 个单位未报或被退回"
# The template's self-check (template/selfcheck.py): the sheet a unit reads, the hidden sheet of
# its formulas, and the words its first line starts with. The reader skips both sheets.
SELF_CHECK_TITLE = "自查结果"
_SELF_CHECK_NAME = re.compile(rf"^(?:{SELF_CHECK_SHEET}|{SELF_CHECK_HELPER})(?:\s*\(\d+\))?$")


def self_check_sheet(name: str) -> bool:
    """A sheet of the template's self-check, or a copy of one (自查 (2)): never a table."""
    return bool(_SELF_CHECK_NAME.match(name))
RETURN_FOLDER = "退回"  # where merge writes the files sent back to units
OUTBOX = "待发邮件"  # in a merge's output folder: the mails prepared after it, their sent log
# in the output folder while a merge replaces its outputs one by one: left there only by a run
# stopped midway, whose folder holds outputs of two runs (mail send refuses them)
UNFINISHED = "汇总未完成_请重新汇总.txt"
MAIL_FOLDER = "邮件记录"  # in the inbox: what came in, from whom, when (the mail manifest; the desk's record)
MAIL_MANIFEST = "邮件清单.jsonl"  # in MAIL_FOLDER: one JSON line per message
HANDED_RECORD = "放入记录.jsonl"  # in MAIL_FOLDER: one JSON line per file handed over on the desk, with when
CHINA = dt.timezone(dt.timedelta(hours=8))  # times shown and deadlines: Beijing time, on any machine
TOTAL = "合计"  # the totals' name in the summary and summary.csv: no unit may take it
# the unit of a file without 填报单位 whose name and folder name none (统计表.xlsx): each file its own
UNNAMED_UNIT = "未填填报单位"


def inbox_digest(inbox: Path) -> str:
    """Names the inbox folder a summary was merged from, without revealing its path."""
    import hashlib

    return hashlib.sha256(str(Path(inbox).resolve()).encode("utf-8")).hexdigest()[:20]


class MailInfo(NamedTuple):
    """Where a file of the inbox came from, by the mail manifest."""

    sender: str  # address
    sender_name: str
    received: dt.datetime  # with its time zone


class SummaryMark(NamedTuple):
    """What a summary written by merge says about itself ("" where it does not say)."""

    period: str
    unit: str
    inbox: str
    incomplete: str = ""  # what the office's summary lacked below it ("" when complete or unknown)
    what: str = "汇总表"  # what the file is, as a clerk calls it: the summary, or the upward file (上报文件)
    notice: str = ""  # the id of the notice it was merged under ("" when it does not say)
    units: tuple[str, ...] = ()  # the units it counted: its properties' list (SUMMARY_UNITS_PROPERTY), else its 明细's
    offices: tuple[str, ...] = ()  # the lower offices whose summaries it counted (SUMMARY_OFFICES_PROPERTY)
    newest: str = ""  # the latest modification time of the reports it read (SUMMARY_NEWEST_PROPERTY), "" unknown


# What a summary written by merge is, said to the clerk: the 汇总表 (its 报送情况 sheet tells it),
# or the 上报 file (the tables alone) that goes up.
SUMMARY_BOOK, UPWARD_BOOK = "汇总表", "上报文件"


class Cell(NamedTuple):
    """Where a value was found, and the value as the reader gave it."""

    sheet: str
    row: int
    col: int
    raw: object

    @property
    def ref(self) -> str:
        return _ref(self.row, self.col)

    def __reduce__(self):
        return (_cell, tuple(self))


_ref = lru_cache(maxsize=1 << 14)(a1)  # a file's problems name the same few cells as every other's


def _cell(sheet: str, row: int, col: int, raw: object) -> Cell:
    """A Cell unpickled (a unit's 填报时间, from a worker): its sheet's name and its text shared."""
    return Cell(sys.intern(sheet) if type(sheet) is str else sheet, row, col,
                sys.intern(raw) if type(raw) is str else raw)


FORM_SOURCE, TALLY_SOURCE = "form", "tally"


@dataclass
class Tally:
    """The evaluations of one organisation or member: forms counted, ticks per item and option."""

    form: str  # the form's key (附件4 / 附件5)
    object: str
    category: str
    forms: int
    counts: dict[str, list[int]]  # item -> count per option, in the option order
    # "form": one person's ticks on a filled form (forms are never versions of each other: each
    # counts); "tally": a row of a 评议汇总表, which adds up forms the unit holds
    source: str = FORM_SOURCE
    # where it was read: the sheet, and per item the cells of its options ("" -> the 份数 cell of a
    # tally row, or the cell naming the form); which printed form a form's ticks are on
    sheet: str = field(default="", compare=False)
    refs: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    form_id: str = field(default="", compare=False)
    branch: str = ""  # a member's 所在党支部 (附件5): who the member is, not a 类别

    def add(self, other: "Tally") -> None:
        self.forms += other.forms
        for item, counts in other.counts.items():
            mine = self.counts.setdefault(item, [0] * len(counts))
            for i, n in enumerate(counts):
                mine[i] += n


@dataclass(frozen=True)
class RosterUnit:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    parent: str = ""
    row: int = 0  # 1-based row in the roster file
    emails: tuple[str, ...] = ()  # the addresses it sends from (lower case), for dianping mail


@dataclass(slots=True)  # no dict each: 10,000 of them held by a merge
class Submission:
    """One file of the inbox after reading and checking."""

    path: Path
    name: str  # the file's path relative to the inbox, as shown to the clerk
    mtime: float
    unit: str = ""
    date: dt.date | None = None
    values: Mapping[Key, int] = field(default_factory=dict)
    cells: Mapping[Key, Cell] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    unit_from_file: bool = False  # no 填报单位: the unit was named after the file
    unit_guessed: bool = False  # no 填报单位: the unit was read from a title row or the file's name
    evaluations: list[Tally] = field(default_factory=list)  # from tallies or filled forms
    has_tables: bool = True  # False: a file with evaluations only
    date_cell: Cell | None = None
    roster_unit: RosterUnit | None = None  # once matched to the roster
    summary_mark: SummaryMark | None = None  # set when the file is a summary written by merge
    mail: "MailInfo | None" = None  # who sent the file and when it was received (dianping mail)
    ledger_rows: dict[str, int] = field(default_factory=dict)  # ledger key -> records read (台账)
    # (table, metric, category, round) -> the persons (or organisations) the appraisal ledgers record
    ledger_persons: dict[tuple, frozenset[str]] | None = None
    # … of them, those recorded more than once, with their records (check/ledgers.ledger_repeats)
    ledger_repeats: dict[tuple, tuple] = field(default_factory=dict)
    # (table, metric, category) -> ((person, where), ...): records counted in no round, their date not read
    ledger_undated: dict[tuple, tuple] = field(default_factory=dict)
    # which piece of its unit's ledger a file of ledgers alone is (check/crossfile.py): pieces ("",
    # "2", …) stand side by side; copies of one piece (the same records, corrected) replace each other
    ledger_part: str = ""
    ledger_records: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # key -> rows, as text
    ledger_sheets: list[str] = field(default_factory=list)  # the sheets its ledger records were read from
    # which piece of its unit's evaluations a file of evaluations alone is (check/crossfile.py):
    # the forms it holds and, of files of the same forms, a number for those of other objects
    evaluation_part: str = ""
    unit_cell: Cell | None = None  # where its 填报单位 was read (None: from a title, a form, the file's name)
    # a unit's tables sent back: the problems of the ledgers it sent in files of their own, each with
    # its file (merge/inbox.py), said again in the return file as a ledger sheet's own would be
    companions: list[Problem] = field(default_factory=list)
    returned_to: str = ""  # a return file merge wrote: the unit it was written for (RETURN_UNIT_PROPERTY)
    # a lower office's summary without our marks (typed by hand into the official tables): known so
    # by the roster (merge/handmade.py); it says nothing of its units (no SummaryMark)
    office_known: bool = False

    def __reduce__(self):  # a worker's result: its problems as one block (problems.pack)
        state = [getattr(self, name) for name in _SUBMISSION_FIELDS]
        state[_PROBLEMS] = pack(self.problems)
        return (_submission, (tuple(state),))

    @property
    def ok(self) -> bool:
        return self.readable and not has_errors(self.problems)

    @property
    def annotatable(self) -> bool:
        """Something was read that a return file can show: a file that could not be opened has none."""
        return self.readable and (bool(self.cells) or not self.has_tables)

    @property
    def ledger_counts(self) -> dict[tuple, int] | None:
        """(table, metric, category, round) -> distinct persons in the ledgers, or None."""
        return None if self.ledger_persons is None else {k: len(v) for k, v in self.ledger_persons.items()}

    @property
    def ledgers_only(self) -> bool:
        """A file of ledgers (台账) alone: no statistics tables, no evaluations."""
        return not self.has_tables and not self.evaluations and bool(self.ledger_rows)

    @property
    def unit_identity(self) -> str:
        """Who sent the file, whatever it holds: the roster unit, else the 填报单位."""
        if self.roster_unit is not None:
            return "roster:" + self.roster_unit.name
        if self.unit_from_file:
            return "file:" + self.name  # never merge files that only share a file name
        return "unit:" + normalise(self.unit)

    @property
    def unit_key(self) -> str:
        """Which files stand for the same unit and replace each other: the unit, and what the
        file holds (a file of evaluations only, or of ledgers only, never replaces the tables,
        nor each other; of a unit's ledger or evaluation files, only copies of one piece replace
        each other)."""
        if self.has_tables or self.unit_from_file:
            return self.unit_identity
        if self.evaluations:
            return f"eval:{self.evaluation_part}:" + self.unit_identity
        part = f"#{self.ledger_part}" if self.ledger_part else ""
        return f"ledger:{','.join(sorted(self.ledger_rows))}{part}:" + self.unit_identity

    @property
    def display_unit(self) -> str:
        return self.roster_unit.name if self.roster_unit is not None else self.unit

    @property
    def from_office(self) -> bool:
        """A lower office's summary: one merge wrote (summary_mark), or one the roster tells
        (office_known). Only the marked one says what it lacked below and which units it holds."""
        return self.summary_mark is not None or self.office_known

    @property
    def kind(self) -> str:
        return self.roster_unit.kind if self.roster_unit is not None else ""

    def name_after_file(self, guess: str = "") -> None:
        """No 填报单位 could be read: the unit is what the file's name leaves once the words of
        documents are out (``guess``, see check/naming.py), a guess the roster may confirm; with
        nothing left, the file's name itself, never merged with another file that only shares it."""
        if guess:
            self.unit, self.unit_guessed = guess, True
        else:
            self.unit = clean_text(self.path.stem)
            self.unit_from_file = True

    def name_unknown(self) -> None:
        """No 填报单位, and neither the file's name nor its folder's names a unit (统计表.xlsx): the
        unit is UNNAMED_UNIT, this file's alone (never merged with another such file)."""
        self.unit, self.unit_from_file, self.unit_guessed = UNNAMED_UNIT, True, False

    @property
    def unnamed(self) -> bool:
        """Whose file this is cannot be told from it (name_unknown): no roster name to look for."""
        return self.unit_from_file and self.unit == UNNAMED_UNIT

    def add(self, problem: Problem) -> None:
        self.problems.append(problem.located(file=self.name, unit=self.display_unit))


_SUBMISSION_FIELDS = Submission.__slots__
_PROBLEMS = _SUBMISSION_FIELDS.index("problems")


def _submission(state: tuple) -> Submission:
    """A Submission unpickled (from a worker): its problems unpacked and shared (problems.unpack)."""
    sub = object.__new__(Submission)
    for name, value in zip(_SUBMISSION_FIELDS, state):
        object.__setattr__(sub, name, value)
    sub.problems = unpack(sub.problems)
    return sub


ACCEPTED, REJECTED, SUPERSEDED, IGNORED = "accepted", "rejected", "superseded", "ignored"
# A unit's ledgers (台账) sent in files of their own follow its tables: held back, and listed,
# while its tables are not adopted in this merge (sent back, or not sent at all).
HELD = "held"
# A file of a material that is not a workbook (a unit's 工作总结): received, counted for its unit.
MATERIAL = "material"
STATUS_ZH = {ACCEPTED: "已采用", REJECTED: "退回", SUPERSEDED: "被替代", IGNORED: "已忽略", HELD: "暂不计入",
             MATERIAL: "已收到材料"}
# 报送情况's other statuses: a roster unit that sent nothing; a county that sent another period's file;
# a file this office's machine could not read; a file rejected only for its 填报单位 off the roster
# (these three are the office's to-do, never sent back). A later merge reads them (merge/previous.py).
NOT_SENT_STATUS, WRONG_PERIOD_STATUS, UNREADABLE_STATUS, OFF_ROSTER_STATUS = "未报", "报错期次", "无法读取", "名册外"
WRONG_NOTICE_STATUS = "用错通知"  # a county that sent a summary merged under another notice


@dataclass(slots=True)  # no dict each: 10,000 of them held by a merge
class Entry:
    """One file of the inbox and what became of it."""

    name: str
    status: str
    reason: str = ""
    submission: Submission | None = None
    problems: list[Problem] = field(default_factory=list)
    named: str = ""  # the unit a file that is no workbook is from (a material, by its name)

    @property
    def unit(self) -> str:
        return self.submission.display_unit if self.submission else self.named

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


@dataclass
class FileReport:
    """One checked file: its submission (None when it is not a submission) and its problems."""

    path: Path
    submission: Submission | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def ignored(self) -> bool:
        return self.submission is None

    def count(self, severity: str) -> int:
        return sum(p.severity == severity for p in self.problems)
