"""The public face of dianping-xlsx: what the ``dianping`` command and an analyst's notebook use.

    from dianping_xlsx import merge_inbox, write_summary
    result = merge_inbox("收件箱", period="2011-H1")
    result.to_frame().groupby(["kind", "category"])["value"].sum()

A notice (``notice=``: a name shipped, a .toml path, or a loaded Notice) gives everything the
notice fixes: tables, forms, ledgers, periods. Its parts may be replaced one by one (table sets,
item sets, ledger sets by name, by path or as loaded objects); all are loaded and checked together
here, once, before any worker process starts. Readers and
writers are imported only when a function needs them, so importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Callable, Iterable

from .catalogue import ERROR, INFO, SEVERITY_ZH, WARNING  # noqa: F401 - the words the faces render with
from .errors import BadValue, DianpingError, InternalError, NoReports, UsageProblem  # noqa: F401 - each carries its exit code
from .errors import toml_loads  # noqa: F401 - TOML read, too deep a nesting said as malformed
from .intake.account import Account as MailAccount
from .intake.account import IMAP_PORTS, SMTP_PORTS, MailError, MailWords, check_cafile, clear_text_problem
from .settings import MAX_JOBS, given_date, jobs_count, mail_password, share  # noqa: F401 - for the faces too
from .merge.options import MergeOptions
from .merge.previous import Previous, PreviousError
from .merge.result import MergeResult
from .merge.roster import Roster, RosterError
from .merge.summary import Summary
from .merge.reporting import (NOTED_UNIT, OFF_ROSTER_STATUS, RETURNED_UNIT, UNREADABLE_STATUS,  # noqa: F401 - the faces' words
                              WARNED_UNIT)
from .manifest import DUPLICATE, handed_still, mail_info  # noqa: F401 - who sent each inbox file, when (or when the desk took it)
from .model import CHINA, HALF_YEARS, MAIL_FOLDER, OUTBOX, Entry, FileReport, Period, Submission  # noqa: F401
from .problemplaces import kind_of, places  # noqa: F401
from .problems import Policy, Problem, flatten  # noqa: F401
from .read.prescan import DEFAULT_LIMITS, Limits
from .files import (A_FILE, A_FOLDER, NOT_THERE, OutputError, OutputRefused, PathProblem, given_file,  # noqa: F401
                    given_folder, refuse_inbox_as_output, undeviced)
# the desk's workspace: below it no write goes through a link, the library's for it included
from .files import LinkRefused, confine, hold_lock, make_folder, write_file  # noqa: F401
from .definitions import (DEFAULT_ITEM_SET, DEFAULT_LEDGER_SET, DEFAULT_TABLE_SET, ItemSet, Key, LedgerSet, SpecError,
                          TableSet, load_item_set, load_ledger_set, load_table_set)
from .definitions.notices import DEFAULT_NOTICE, Notice, available_notices, load_notice
from .definitions.files import definition_text  # noqa: F401 - a definition file's text, or why not
from .text import display_width, printable, without_controls  # noqa: F401

__all__ = [
    "DEFAULT_ITEM_SET", "DEFAULT_NOTICE", "DEFAULT_TABLE_SET", "Entry", "Notice", "available_notices", "load_notice",
    "notice_of", "FROM_NOTICE", "load_ledger_set", "ranking_of", "return_names", "FileReport", "ItemSet", "Key", "Limits",
    "DianpingError", "UsageProblem", "InternalError", "BadValue", "MergeOptions", "MergeResult", "NoReports",
    "OutputError", "OutputRefused", "PathProblem",
    "Period", "Policy", "Previous", "PreviousError", "Problem",
    "Roster", "RosterError", "SpecError", "Submission", "Summary", "TableSet", "check_files",
    "flatten", "inbox_files", "leftover_file", "load_item_set", "load_previous", "load_roster",
    "load_table_set", "merge_inbox", "resubmit_deadlines", "refuse_inbox_as_output", "write_roster", "write_summary", "write_templates",
    "template_files", "templates_state_due",
    "MailAccount", "MailError", "MailWords", "IMAP_PORTS", "SMTP_PORTS", "check_cafile", "clear_text_problem",
    "fetch_mail", "import_mail", "plan_mail", "mail_said_once", "send_mail", "add_to_inbox",
    "hand_to_inbox", "inbox_batch",
    "draft_notice", "LinkRefused", "confine", "hold_lock", "make_folder", "write_file",
]


FROM_NOTICE = "notice"  # items / ledgers not given: the notice's own


def notice_of(notice: str | Notice | None = None, *, table_set: str | TableSet | None = None,
              items: str | ItemSet | None = FROM_NOTICE, ledgers: str | LedgerSet | None = FROM_NOTICE) -> Notice:
    """The notice a run follows: by name or path (default: the first shipped), with any part
    replaced; everything checked together (SpecError, in Chinese, when the parts do not fit)."""
    found = notice if isinstance(notice, Notice) else load_notice(notice)
    if table_set is None and items == FROM_NOTICE and ledgers == FROM_NOTICE:
        return found
    tables = table_set if isinstance(table_set, TableSet) or table_set is None else load_table_set(table_set)
    forms = False if items == FROM_NOTICE else (load_item_set(items) if isinstance(items, str) else items)
    kept = False if ledgers == FROM_NOTICE else (load_ledger_set(ledgers) if isinstance(ledgers, str) else ledgers)
    return found.choosing(tables, forms, kept)


def _table_set(spec: str | TableSet | None, notice: str | Notice | None = None) -> TableSet:
    if isinstance(spec, TableSet):
        return spec
    return load_table_set(spec) if spec else notice_of(notice).tables


def _period(period: str | Period | None, notice: Notice | None = None) -> Period:
    if notice is not None:
        return notice.period(period)
    if isinstance(period, Period):
        return period
    return Period.parse(period) if period else Period.around(dt.date.today())


def _required_period(period: str | Period | None, notice: Notice) -> Period:
    """The period a merge is for, which it must be told (BadValue, with an example, when not)."""
    if period is None or (isinstance(period, str) and not period.strip()):
        now = notice.period(None)
        raise BadValue(f"没有写报送期次(period),如 period=\"{now}\"({now.zh});汇总必须写明是哪一期。")
    return _period(period, notice)


def _policy(ignore: str | Iterable[str], error: str | Iterable[str]) -> Policy:
    """The codes silenced and raised for a run; a code written alone (a str) is one code."""
    def codes(given):
        return frozenset([given] if isinstance(given, str) else given)

    return Policy(codes(ignore), codes(error))


def check_files(
    paths: str | Path | Iterable[str | Path], *, period: str | Period | None = None,
    table_set: str | TableSet | None = None, items: str | ItemSet | None = FROM_NOTICE,
    limits: Limits = DEFAULT_LIMITS, jobs: int | None = None,
    ignore: Iterable[str] = (), error: Iterable[str] = (),
    ledgers: str | LedgerSet | None = FROM_NOTICE, notice: str | Notice | None = None,
) -> list[FileReport]:
    """Check a unit's files exactly as merge will (same reading, rules and limits).

    One FileReport per path, in order (one path alone, a str or Path, is one file); ``report.ok``
    is False when it has an error. Without ``period``, the period around today. ``ignore`` /
    ``error``: problem codes (or one code) to silence or make errors (BadValue, a ValueError, for
    an unknown code or an error). PathProblem, as ``dianping check`` says it, for a path that is
    not there or is a folder; SpecError for a bad spec.
    """
    from .check.checking import Checking
    from .check.files import check_paths
    from .check.othernotice import notice_name

    files = [given_file(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    jobs, policy = jobs_count(jobs), _policy(ignore, error)
    nt = notice_of(notice, table_set=table_set, items=items, ledgers=ledgers)
    checking = Checking(nt.tables, _period(period, nt), limits, nt.forms, nt.ledgers, policy, kept=nt.other_materials,
                        notice=notice_name(nt))
    return check_paths(files, checking, jobs)


def inbox_files(inbox: str | Path, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Every file below the inbox that merge will look at, sorted."""
    from .merge.inbox import inbox_files as listing

    return listing(given_folder(inbox), [Path(p) for p in exclude])


def leftover_file(path: str | Path, inbox: str | Path) -> bool:
    """Whether merge passes over a file of the inbox as a lock or system file (~$X.xlsx, ._X.xlsx,
    Thumbs.db): an office suite's or the system's, its coming and going no change of the inbox."""
    from .read.grids import leftover_reason

    path = Path(path)
    try:
        folders = path.parent.relative_to(inbox).parts
    except ValueError:
        folders = ()
    return leftover_reason(path, folders) is not None


def load_roster(path: str | Path, table_set: str | TableSet | None = None, *,
                notice: str | Notice | None = None) -> Roster:
    """A roster (单位名册) workbook; RosterError when it cannot be used."""
    from .merge.roster import load_roster as load

    return load(Path(path), _table_set(table_set, notice).names)


def load_previous(path: str | Path, table_set: str | TableSet | None = None, *,
                  period: str | Period | None = None, unit_name: str = "",
                  notice: str | Notice | None = None) -> Previous:
    """The previous period's summary (a file, or the folder it was written to). With ``period``
    (and ``unit_name``), it must be this office's summary of the period just before.
    PreviousError if it cannot be read or is not that."""
    from .merge.previous import check_previous
    from .merge.previous import load_previous as load

    nt = notice_of(notice) if notice else None
    when = _period(period, nt) if period is not None else None
    calendar = nt.calendar if nt else when.calendar if when else HALF_YEARS
    current = nt.id if nt else "" if table_set is not None else DEFAULT_NOTICE  # to name another notice's summary
    previous = load(Path(path), _table_set(table_set, notice), calendar, current)
    if when is not None:
        check_previous(previous, when, unit_name)
    return previous


def merge_inbox(
    inbox: str | Path, *, period: str | Period, table_set: str | TableSet | None = None,
    roster: str | Path | Roster | None = None, due: dt.date | str | None = None,
    previous: str | Path | Previous | None = None, items: str | ItemSet | None = FROM_NOTICE,
    threshold: float | str = 0.2, limits: Limits = DEFAULT_LIMITS, jobs: int | None = None,
    unit_name: str = "", ignore: str | Iterable[str] = (), error: str | Iterable[str] = (),
    exclude: Iterable[str | Path] = (), files: list[Path] | None = None,
    progress: Callable[[], None] | None = None, ledgers: str | LedgerSet | None = FROM_NOTICE,
    notice: str | Notice | None = None, resubmit: dt.date | str | dict | None = None,
) -> MergeResult:
    """Read, check and merge every file of an inbox folder. The inbox is never modified.

    ``roster`` and ``previous`` may be paths or loaded objects; ``unit_name`` is this office
    (its own summary left in the inbox is not a report); ``ignore`` / ``error`` silence or
    raise problem codes for this run; ``files`` (from ``inbox_files``)
    saves listing the inbox again; ``progress`` is called once per file. ``resubmit``: the date by
    which units sent back were asked to send their correction (the 退回 mails'), or such dates by
    unit (resubmit_deadlines of the output folder): a unit whose first report came on time and whose
    correction came by then is not late.

    Asked wrongly, it raises before a file is read, in Chinese as the command line says it:
    PathProblem (the inbox not there, or a file), BadValue (no ``period``, or one that is no period
    of the notice; a ``due`` that is no date: a date, datetime, pandas Timestamp or "2011-06-28",
    or another period's; a ``threshold`` outside 0..1 or 0%..100%; ``jobs`` outside 1..64; an
    unknown code), RosterError, PreviousError, SpecError.
    """
    from .merge.inbox import merge

    inbox = given_folder(inbox)  # PathProblem: not there, or a file
    nt = notice_of(notice, table_set=table_set, items=items, ledgers=ledgers)
    ts, period = nt.tables, _required_period(period, nt)
    due, threshold = given_date(due, "截止日期(due)"), share(threshold)
    jobs, policy = jobs_count(jobs), _policy(ignore, error)
    if due is not None and period.due_refusal(due):  # another period's deadline: every lateness would be wrong
        raise BadValue(period.due_refusal(due, "截止日期(due)"))
    if roster is not None and not isinstance(roster, Roster):
        roster = load_roster(roster, ts)
    if previous is not None and not isinstance(previous, Previous):
        previous = load_previous(previous, ts, period=period, unit_name=unit_name, notice=nt)
    options = MergeOptions(roster=roster, due=due or period.unit_due, summary_due=due or period.due,
                           previous=previous, items=nt.forms,
                           ledgers=nt.ledgers,
                           threshold=threshold, limits=limits, jobs=jobs, unit_name=unit_name,
                           materials=nt.other_materials, resubmit=_resubmit(resubmit),
                           policy=policy, notice=nt)
    return merge(inbox, ts, period, options, files=files,
                 exclude=[Path(p) for p in exclude], progress=progress)


def _resubmit(resubmit) -> tuple:
    """(unit, date) pairs from a date (for every unit: "") or a mapping of units to dates."""
    if resubmit is None:
        return ()
    if isinstance(resubmit, dict):
        return tuple((str(unit), given_date(day, "重报截止日期(resubmit)")) for unit, day in resubmit.items())
    return (("", given_date(resubmit, "重报截止日期(resubmit)")),)


def resubmit_deadlines(out: str | Path) -> dict[str, dt.date]:
    """Unit -> the re-submission deadline the last return mail prepared for it stated (mail send
    records them in the output folder's 待发邮件); {} when none was."""
    from .send.outbox import resubmit_recorded

    return resubmit_recorded(Path(out))


def return_names(result: MergeResult) -> dict[str, str]:
    """Each file sent back -> the name of its return file in 退回 (as write_summary names them)."""
    from .report.outputs import return_names as names

    return names(result)


def ranking_of(result: MergeResult) -> list[dict]:
    """评先评优 as the desk shows it: per form (and per 党组织 / 党员 where the forms name them), the
    ranked rows — 排名 with ties (并列), names, forms counted, 满意率 and 不满意占比 as the summary
    shows them (0.1%), the notice's mark. Empty without evaluations or a document set."""
    from .report.documents import documents_for
    from .report.documents.figures import percent
    from .report.documents.ranking import sheets

    ds = documents_for(result)
    if ds is None or result.options.items is None:
        return []
    return [{"name": name, "heads": heads, "item": item,
             "rows": [{"rank": x.rank or "", "tied": x.tied, "names": x.names, "forms": x.forms,
                       "rate": percent(x.rate), "share": percent(x.share), "mark": x.mark, "over": x.over}
                      for x in rows]}
            for name, heads, rows, item in sheets(result, ds)]


def write_summary(result: MergeResult, out: str | Path, *, unit_name: str = "",
                  day: dt.date | str | None = None):
    """Write 汇总表_<period>.xlsx, summary.csv and 退回/ into ``out``; OutputError if it cannot.
    NoReports (in Chinese, nothing written) when nothing in the inbox was a report."""
    from .report.outputs import write_outputs

    if result.no_reports:  # an all-zero 上报 would read as units that reported nothing
        raise NoReports("\n".join(result.no_reports_lines()))
    return write_outputs(result, Path(out), unit_name, given_date(day, "填报时间(day)"))


def write_templates(out: str | Path, *, table_set: str | TableSet | None = None,
                    items: str | ItemSet | None = FROM_NOTICE, unit_name: str = "",
                    roster: Roster | None = None, force: bool = False,
                    ledgers: str | LedgerSet | None = FROM_NOTICE,
                    period: str | Period | None = None,
                    notice: str | Notice | None = None,
                    due: dt.date | str | None = None) -> tuple[list[Path], list[Path]]:
    """The blank statistics template, the evaluation forms and the ledgers (台账); with a roster,
    one template, one of each evaluation form, one tally and one of each ledger per unit, 填报单位
    filled (locked on the template; below the printed form on the forms, which have no such line). ``period`` is picked on the template's 自查 sheet (else the unit picks it).
    ``due``: the date units send their tables by, as the office set it, stated in 填表说明 (else
    the notice's). Returns (templates, forms and ledgers).

    A file of the same name that differs (a filled copy) is never overwritten unless ``force``:
    OutputRefused, and nothing is written."""
    from .files import fresh_folder
    from .template.forms import write_evaluation_templates
    from .template.blank import template_filename, write_template
    from .template.ledgers import write_ledger_templates
    from .template.stamp import write_unit_files, write_unit_forms

    nt = notice_of(notice, table_set=table_set, items=items, ledgers=ledgers)
    out, ts, es, ls = Path(out), nt.tables, nt.forms, nt.ledgers
    period = nt.period(period) if period else None
    due = given_date(due, "截止日期(due)")
    if due is not None and period is not None and period.due_refusal(due):  # another period's date
        raise BadValue(period.due_refusal(due, "截止日期(due)"))
    with fresh_folder(out, force) as tmp:
        if roster is None:
            # one unit's forms are named after it, as its tables and ledgers are (beside the blank ones)
            forms = ([] if es is None else write_unit_forms(es, ts, tmp, unit_name) if unit_name
                     else write_evaluation_templates(es, ts, tmp))
            templates = [write_template(ts, tmp / template_filename(unit_name, ts), unit_name, period=period,
                                         ledgers=ls is not None, calendar=nt.calendar, due=due, notice_id=nt.id)]
            example = period.example_day if period else None  # how dates are written: a day of the period
            forms += write_ledger_templates(ls, ts, tmp, unit_name, example) if ls is not None else []
        else:  # a roster's units: each kind written once, stamped with each unit's name (no blank forms)
            templates, forms = write_unit_files(ts, es, ls, tmp, [u.name for u in roster.units], period,
                                                 nt.calendar, due, nt.id)
    return [out / p.name for p in templates], [out / p.name for p in forms]


def templates_state_due(notice: str | Notice | None = None) -> bool:
    """Whether a notice's templates state the units' deadline (its 填表说明 has ``{due}``): written
    then as the period's deadline, or the reminder's."""
    from .template.blank import states_due

    return states_due(notice_of(notice).tables)


def template_files(notice: str | Notice | None = None) -> list[tuple[str, str]]:
    """What ``write_templates`` writes for a notice without a roster, in its order: (file name,
    what it is, in Chinese); a roster's files are these names with the unit's added."""
    from .template.blank import template_filename
    from .template.forms import form_filename, tally_filename
    from .template.ledgers import ledger_filename

    nt = notice_of(notice)
    ts, es, ls = nt.tables, nt.forms, nt.ledgers
    out = [(template_filename(None, ts), f"统计表({ts.all_tables})")]
    if es is not None:
        out += [(form_filename(f), f"{f.title}({f.key})") for f in (es.org, es.member)]
        out.append((tally_filename(es), es.tally_title))
    out += [(ledger_filename(ledger), ledger.title) for ledger in (ls.ledgers if ls is not None else ())]
    return out


def write_roster(target: str | Path, *, table_set: str | TableSet | None = None,
                 notice: str | Notice | None = None) -> Path:
    """A blank roster to fill in (单位名称, 别名, 类型, 上级)."""
    from .report.roster import write_blank_roster

    return write_blank_roster(_table_set(table_set, notice), Path(target))


def import_mail(sources: Iterable[str | Path], inbox: str | Path, *, limits: Limits = DEFAULT_LIMITS,
                progress: Callable[[], None] | None = None, total: Callable[[int], None] | None = None,
                notice: str | Notice | None = None, own: Iterable[str] = ()):
    """Save the spreadsheets attached to exported messages (.eml, .mbox, Outlook .msg, or
    folders of them) into ``inbox``, each once, never overwriting; the manifest in 邮件记录/.
    A message taken before (same Message-ID) is not taken again. Returns an IntakeReport.
    ``progress()`` is called after each message, ``total(n)`` once with their number. The
    ``notice``'s materials (a 工作总结 …) are saved too. Bounces, automatic replies and mail from
    ``own`` (the office's own addresses) are listed, nothing of them saved. A file that is no mail
    (a workbook, a Word file, a PDF: judged by its bytes) or a folder holding no mail files raises
    UsageProblem, and nothing is taken."""
    from .intake.mailfiles import refuse_non_mail
    from .intake.parts import documents
    from .intake.run import import_messages

    refuse_non_mail([Path(s) for s in sources], Path(inbox))
    with documents(notice_of(notice).materials):
        return import_messages([Path(s) for s in sources], Path(inbox), limits, progress, total, own)


def fetch_mail(account: MailAccount, inbox: str | Path, *, period: str | Period | None = None,
               since: dt.date | str | None = None, until: dt.date | str | None = None, limits: Limits = DEFAULT_LIMITS,
               progress: Callable[[], None] | None = None, total: Callable[[int], None] | None = None,
               notice: str | Notice | None = None, own: Iterable[str] = ()):
    """Fetch the messages received in the period's window (or ``since``..``until``) from an IMAP
    mailbox, read-only, and save their spreadsheets into ``inbox`` as import_mail does; only
    messages not fetched before are downloaded. Raises MailError (Chinese) when the mailbox
    cannot be reached or opened. The ``notice``'s materials (a 工作总结 …) are saved too. The
    mailbox's address and ``own`` are the office's own: what comes from them is no unit's report."""
    from .intake.parts import documents
    from .intake.run import fetch_messages

    since, until = given_date(since, "开始日期(since)"), given_date(until, "结束日期(until)")
    if since is None or until is None:
        start, end = _period(period).window
        since, until = since or start, until or end
    with documents(notice_of(notice).materials):
        return fetch_messages(account, Path(inbox), since, until, limits, progress, total, own)


def summaries_in(paths: Iterable[str | Path], *, limits: Limits = DEFAULT_LIMITS,
                 notice: str | Notice | None = None) -> list[tuple[Path, str, str]]:
    """Of ``paths``, the summaries and upward workbooks merge wrote (a lower office's report), known
    by what they carry, not by their names: (path, office, period named as the ``notice`` names it) each."""
    from .read.ours import summary_of

    calendar = notice_of(notice).calendar
    found = []
    for path in map(Path, paths):
        mark = summary_of(path, limits)
        if mark is not None:
            try:
                period = Period.written(mark[1], calendar)
            except ValueError:
                period = mark[1]
            found.append((path, mark[0], getattr(period, "zh", period)))
    return found


def plan_mail(out: str | Path, *, sender: str, sender_name: str = "", roster: str | Path | Roster | None = None,
              up: str = "", due: dt.date | str | None = None, table_set: str | TableSet | None = None,
              dry_run: bool = True, force: bool = False, notice: str | Notice | None = None,
              inbox: str | Path | None = None):
    """What goes out after a merge into ``out``: return files to the addresses they came from,
    reminders with pre-filled templates to roster units still missing (by the roster's 邮箱
    column), the upward workbook to ``up`` (an incomplete summary only with ``force``). With ``dry_run`` the messages are written as .eml files into
    out/待发邮件/ with a list. The inbox's mail record (``inbox``, else the folder beside ``out``
    the summary was merged from) gives the names files were sent under and what a unit sent that
    could not be saved (its reminder says so). Returns the list of Outgoing."""
    from .send.outbox import (mark_sent_before, plan_materials, plan_reminders, plan_returns, plan_unopened,
                              read_summary, record_resubmit, write_dry_run)
    from .send.upward import plan_up

    ts = _table_set(table_set, notice)
    due = given_date(due, "截止日期(due)")
    if roster is not None and not isinstance(roster, Roster):
        roster = load_roster(roster, ts)
    out = Path(out)
    nt = notice_of(notice)
    summary = read_summary(out, nt.calendar, Path(inbox) if inbox else None)
    returns = plan_returns(out, summary, due, sender_name, roster, ts.called) + plan_unopened(summary, due, sender_name, roster)
    record_resubmit(out, [p.unit for p in returns if p.to], due)
    plans = (returns
             + plan_reminders(out, summary, roster, ts, due, sender_name, nt.id if table_set is None else "")
             + plan_materials(summary, due, sender_name, roster)
             + plan_up(summary, up, sender_name, force, ts.called, out, ts))
    mark_sent_before(out, plans)  # what the sent log says went before: listed as such, never written as to send
    if dry_run:
        write_dry_run(out, plans, sender, sender_name)
    return plans


def mail_said_once(roster: str | Path | Roster | None, plans, *, notice: str | Notice | None = None) -> str:
    """What to say once above the planned mails (plan_mail's list, planned with this ``roster``), ""
    when nothing: that no unit of the roster has a mail address, which column was read as 邮箱 and how
    to fix it (a roster given by its path is read again only then)."""
    from .send.outbox import said_once

    def loaded() -> Roster | None:
        return roster if roster is None or isinstance(roster, Roster) else load_roster(roster, _table_set(None, notice))

    return said_once(plans, loaded)


def upward_sent(out: str | Path, *, notice: str | Notice | None = None) -> dict | None:
    """Whether the upward workbook of the last merge into ``out`` went up (out/待发邮件/已发送.jsonl):
    the sent log's line of it (to, subject, sent, and ``when`` in words: 6月30日10:20), else None."""
    from .send.upward import sent_report

    return sent_report(Path(out), _table_set(None, notice), notice_of(notice).calendar)


def send_mail(out: str | Path, plans, account: MailAccount, *, sender: str, sender_name: str = ""):
    """Send the planned messages over SMTP, each file to each address once (recorded in
    out/待发邮件/已发送.jsonl). Returns (Outgoing, the server's answer or why not) pairs."""
    from .send.outbox import send

    return send(Path(out), plans, account, sender, sender_name)


def add_to_inbox(inbox: str | Path, name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS,
                 notice: str | Notice | None = None) -> list[Path]:
    """A file a clerk hands over put into the inbox (see hand_to_inbox): the inbox files that now
    stand for it (new ones, or those with the same bytes already there); UsageProblem, in Chinese,
    when nothing of it was taken."""
    handed = hand_to_inbox(inbox, name, data, limits=limits, notice=notice)
    got = handed.saved + [there for _, there in handed.same]
    if not got and (handed.refused or handed.system):
        raise UsageProblem(" ".join(handed.refused + handed.system))
    return got


def hand_to_inbox(inbox: str | Path, name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS,
                  notice: str | Notice | None = None, own: Iterable[str] = (), batch=None, folder: str = ""):
    """A file a clerk hands over (dropped on the desk, say) put into the inbox: a workbook as it is
    (known by its bytes; never replacing a file there), a .zip unpacked as mail intake unpacks one
    (same limits), exported mail (.eml, .mbox) through the mail intake. Returns a Handed: the files
    saved, those not stored again because their bytes are there (with the inbox file), what was
    refused and why; UsageProblem, in Chinese, for a file the inbox does not take. The inbox's
    other files are never changed; merge pre-scans every file as it does all input. The
    ``notice``'s materials (a 工作总结 …) are taken too; mail from ``own`` (the office's addresses),
    bounces and automatic replies are refused, saying what they are. ``batch``: files handed over
    together (a folder dropped) share one ``inbox_batch(inbox)``: the inbox is listed and hashed
    once for them all, not once per file. ``folder``: the folders the file lay in (a folder upload's
    收件箱/乡镇/烟溪镇党委), kept below the inbox as a .zip's folders are, so that a file named only
    统计表.xlsx is still known by the folder that names its unit."""
    from .intake.handover import hand_over
    from .intake.parts import documents

    with documents(notice_of(notice).materials):
        return hand_over(Path(inbox), name, data, limits, own, batch, folder)


def inbox_batch(inbox: str | Path):
    """What ``hand_to_inbox`` knows of ``inbox``'s bytes across files handed over together."""
    from .intake.handover import InboxBytes

    return InboxBytes(Path(inbox))


def draft_notice(source: str | Path, out: str | Path, *, limits: Limits = DEFAULT_LIMITS):
    """Read a notice (.docx; .doc through LibreOffice; or its blank tables as .xlsx/.xls) and
    write a draft notice definition ``out`` and its table set beside it (both or neither), each
    guess marked ``# 推断:`` and each gap ``# 待补:``. The notice is pre-scanned like a unit's file
    (size, zip entries and sizes, no DOCTYPE); SpecError, in Chinese, for a broken or foreign file."""
    from .definitions.draft import draft_notice as draft
    from .read.prescan import Refused, prescan

    suffix = Path(source).suffix.lower()
    sheet = suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".et")  # the notice's blank tables, not its Word file

    def scan(path: Path) -> bytes:
        try:
            return prescan(path, limits, document=not sheet).data
        except Refused as exc:
            said = str(exc).split("。")[0]  # the workbook's advice (另存为 .xlsx) left out
            if exc.code == "file.disguised" and not sheet:  # its words are a workbook's
                said = f"文件实际上是网页或文本,不是 Word 文件(只是扩展名是 {suffix})"
            advice = "请用 Excel 或 WPS 打开这张表,另存为 .xlsx 后再试。" if sheet else "请用 Word 或 WPS 打开通知,另存为 .docx 后再试。"
            raise SpecError(f"通知文件“{Path(source).name}”不能读:{said}。{advice}") from None

    return draft(Path(source), Path(out), scan, limits)
