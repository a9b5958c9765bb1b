"""Merging an inbox: which file stands for which unit, and the exact totals.

Every file of the inbox gets a status: accepted (summed), rejected (errors),
superseded (the same unit sent a newer file) or ignored (not a submission).
Totals are the exact integer sums of the accepted units' values.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import stat
from pathlib import Path
from typing import Callable, Iterable

from ..check.crossfile import CORRECTION_WORDS, evaluation_pieces, ledgers_against_tables, tallies_against_forms
from ..check.checking import Checking
from ..check.othernotice import notice_name
from ..check.pool import check_in_workers, collector_paused
from ..model import (ACCEPTED, HELD, IGNORED, MAIL_FOLDER, REJECTED, RETURN_FOLDER, SUPERSEDED, Entry, Period, Submission,
                     inbox_digest)
from ..problems import ERROR, Problem, first_of, located_all, uncounted
from ..manifest import handed_times, mail_info, not_saved
from ..read.grids import ignore_reason
from ..read.ours import is_temp, output_reason, temp_reason
from ..settings import Limits
from ..definitions import TableSet
from ..text import normalise, printable
from .outliers import outliers
from .previous import compare, source_note
from .options import DEFAULT_OPTIONS, MergeOptions
from .othernotice import summary_of_other_notice
from .result import MergeResult
from .handmade import known_offices
from .lateness import judge_corrections, judge_late
from .lostledgers import lost_ledgers
from .materials import kept_entry, kept_of, material_entry, material_of, require_materials
from .roster import Match, Roster
from .summary import FROM_ABOVE, sum_values
from .within import counted_below

LEDGER_CODES, HELD_CODES = "ledger.", "ledger.held-"  # a ledger's problems; a ledger held back is the office's note
INCOMPLETE_BELOW = "unit.incomplete-below"


def inbox_files(inbox: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """Every entry below the inbox, sorted, skipping the output folder if inside and the mail
    record (邮件记录: what dianping mail saved, never a unit's file). Links to folders and our temp
    folders (.tmp-…, a killed run's) are listed, not walked (a link may point anywhere); links,
    FIFOs and devices are listed so that 报送情况 can say why they were not opened."""
    excluded = [Path(p).resolve() for p in exclude]
    found = []
    for root, dirs, files in os.walk(inbox, followlinks=False):
        here = Path(root)
        if root == str(inbox) and MAIL_FOLDER in dirs:
            dirs.remove(MAIL_FOLDER)
        if any(here.resolve() == e or e in here.resolve().parents for e in excluded):
            dirs[:] = []
            continue
        for d in list(dirs):
            if (here / d).is_symlink() or is_temp(d):
                dirs.remove(d)
                found.append(here / d)
        found += [here / f for f in files]
    return sorted(found)


def merge(
    inbox: Path,
    ts: TableSet,
    period: Period,
    options: MergeOptions = DEFAULT_OPTIONS,
    *,
    files: list[Path] | None = None,
    exclude: Iterable[Path] = (),
    progress: Callable[[], None] | None = None,
) -> MergeResult:
    """Read, check and merge every file of the inbox (or ``files``, listed once by the caller).

    Files are read in worker processes; the inbox is never modified.
    """
    entries: list[Entry] = []
    to_read = []
    mail = mail_info(inbox)
    for path in inbox_files(inbox, exclude) if files is None else files:
        relative = path.relative_to(inbox)
        name = printable(relative.as_posix())  # shown to people: printable
        reason = _not_a_report(path, relative.parts[:-1], inbox, options.limits)
        # a document the notice asks for (a 工作总结 as .docx, .pdf, WPS's .wps): never read as a workbook
        material = material_of(path, options.materials) if not reason or reason[0] == "file.not-spreadsheet" else None
        if material is not None:
            sender = mail.get(name)
            entries.append(material_entry(path, name, material, ts, options.roster, sender.sender if sender else ""))
            if progress:
                progress()
        elif reason:
            problem = Problem(reason[0], file=name, params=reason[1])
            entries.append(Entry(name, IGNORED, problem.message, problems=[problem]))
            if progress:
                progress()
        else:
            to_read.append((path, name))
    policy = ts.policy.merged(options.policy)
    checking = Checking(ts, period, options.limits, options.items, options.ledgers, policy, options.materials,
                        notice_name(options.notice))
    with collector_paused():  # all it makes is kept: the collector would walk it again and again
        submissions, previous = _gathered(inbox, check_in_workers(to_read, checking, options.jobs, progress),
                                                 entries, ts, period, options, policy, mail)
        # a correction's lateness is its own, whichever way it came
        judge_corrections(submissions, options.due, options.resubmit, policy, handed_times(inbox))
        return _decided(inbox, entries, submissions, ts, period, options, policy, previous)


def _decided(inbox: Path, entries: list[Entry], submissions: list[Submission], ts: TableSet, period: Period,
             options: MergeOptions, policy, previous: tuple[dict, dict[str, str]]) -> MergeResult:
    """What stands for each unit (the cross-file checks first), and the totals of the accepted."""
    if options.ledgers is not None:
        ledgers_against_tables(submissions, ts, options.ledgers, policy)
    evaluation_pieces(submissions)
    if options.items is not None:
        tallies_against_forms(submissions, options.items, policy)
    decided = _decide(submissions, options.roster)
    counted_below(decided)  # a unit a lower office's summary in the inbox counted already
    raised = {id(e) for e in outliers(decided, ts, policy)}  # far above the other units' (--error: sent back)
    decided = [_entry(e.submission) if id(e) in raised else e for e in decided]
    entries.extend(_with_ledger_problems(_hold_ledgers(decided, options.ledgers)))
    lost_ledgers(entries, options.ledgers, ts.date_label)
    require_materials(entries, options.materials, ts)
    entries.sort(key=lambda e: e.name)
    accepted = [e.submission for e in entries if e.status == ACCEPTED and e.submission.has_tables]
    return MergeResult(ts, period, entries, sum_values(ts, accepted), options, previous[0],
                       inbox_digest(inbox), not_saved(inbox), previous[1])


def _gathered(inbox: Path, found, entries: list[Entry], ts: TableSet, period: Period, options: MergeOptions,
              policy, mail: dict) -> tuple[list[Submission], tuple[dict[str, dict], dict[str, str]]]:
    """The workers' submissions as they arrive, each put in context (an inbox's own summary or
    merged ledgers ignored: into ``entries``); with the previous half-year's values by unit."""
    submissions = []
    previous_values: dict[str, dict] = {}
    previous_notes: dict[str, str] = {}  # whose previous values are another name's, or several units' sum
    digest = inbox_digest(inbox)
    for _, sub in found:
        sub.mail = mail.get(sub.name)
        if kept_of(sub) is not None:  # a 台账 kept and sent along: a material, never a unit's report
            entries.append(kept_entry(sub, ts, options.roster))
            continue
        merged = first_of(sub.problems, "file.merged-ledgers") or first_of(sub.problems, "file.own-output")
        note = (merged or _opinion_from_above(sub, options.unit_name)
                or _summary_to_ignore(sub, period, options, digest, ts))
        if note is not None:
            if merged is None:
                sub.add(note)
            entries.append(Entry(sub.name, IGNORED, sub.problems[-1].message, sub, [sub.problems[-1]]))
        else:
            if sub.summary_mark is not None and sub.summary_mark.incomplete:  # a county's summary with
                sub.add(Problem(INCOMPLETE_BELOW,  # units still missing or sent back below it
                                params={"unit": sub.unit, "what": sub.summary_mark.incomplete}))
            _in_context(sub, ts, period, options, previous_values, previous_notes)  # as it arrives: beside the workers
            sub.problems = policy.apply(sub.problems)
            submissions.append(sub)
    known_offices(submissions, ts, period, options, policy)  # a lower office's summary typed by hand
    return submissions, (previous_values, previous_notes)


def _not_a_report(path: Path, folders: tuple[str, ...], inbox: Path, limits: Limits) -> tuple[str, dict] | None:
    """Files that are never a unit's report: lock files, documents, our own return files
    (``folders``: the inbox's folders it is in) and our other outputs (summary.csv, the documents)."""
    temp = temp_reason(path, folders)  # a killed run's half-written file or folder: before anything else
    if temp is not None:
        return temp
    if RETURN_FOLDER in folders:
        return "file.returned-copy", {"folder": RETURN_FOLDER}
    odd = not_regular(path, inbox)
    return ("file.not-regular", {"what": odd}) if odd else output_reason(path, limits) or ignore_reason(path, folders, limits)


def not_regular(path: Path, inbox: Path | None = None) -> str:
    """Why an entry is not a regular file to open ("" when it is): a FIFO or device is never
    opened (it would block); a link is followed only to a regular file inside the inbox."""
    try:
        mode = os.lstat(path).st_mode  # one call for what is_symlink() and is_file() asked
    except OSError:
        return ""  # gone since it was listed, or a folder without permission: reading it says why
    except ValueError:
        return "管道、套接字或设备"  # as is_file() says of what cannot be looked at
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "失效或循环的链接"
        if inbox is not None and Path(inbox).resolve() not in target.parents:
            return "指向收件文件夹以外的链接"
        return "" if target.is_file() else "指向非普通文件的链接"
    return "" if stat.S_ISREG(mode) else "管道、套接字或设备"


def _opinion_from_above(sub: Submission, unit_name: str) -> Problem | None:
    """A return file the level above wrote for this very office (its 审核意见 on the office's own
    report, fetched into the office's inbox with its units' reports): never a unit's report."""
    if not unit_name or not sub.returned_to or normalise(sub.returned_to) != normalise(unit_name):
        return None
    return Problem(FROM_ABOVE, params={"unit": unit_name})


def _summary_to_ignore(sub: Submission, period: Period, options: MergeOptions, inbox: str,
                       ts: TableSet) -> Problem | None:
    """A summary written by merge is a child office's report (roll-up), unless it is this
    office's own (same 填报单位, or merged from this very inbox), one merged under another notice
    or one of another period: then it is set aside, with the reason."""
    mark, unit_name = sub.summary_mark, options.unit_name
    if mark is None:
        return None
    own_name = bool(unit_name) and normalise(unit_name) in (normalise(sub.unit), normalise(mark.unit))
    if own_name or mark.inbox == inbox:
        return Problem("file.own-summary", params={"unit": unit_name or sub.unit, "what": mark.what})
    other_notice = summary_of_other_notice(sub, options.notice, ts)
    if other_notice is not None:
        return other_notice
    try:
        other = Period.written(mark.period, period.calendar) if mark.period else period
    except ValueError:
        other = period  # an unreadable mark: read it as a child's summary, as any other file
    if other != period:  # said with this notice's names of its periods (or as the file wrote it)
        return Problem("file.summary-other-period",
                       params={"unit": sub.unit, "period": other if isinstance(other, str) else other.zh,
                               "current": period.zh, "what": mark.what})
    return None


def _in_context(sub: Submission, ts: TableSet, period: Period, options: MergeOptions,
                previous_values: dict[str, dict], previous_notes: dict[str, str]) -> None:
    """What the county knows beyond the file: the roster, the due date, the last period."""
    roster, due, previous = options.roster, options.due, options.previous
    if not sub.readable or (sub.has_tables and not sub.cells):
        if roster is not None:  # a broken file named after its unit, or mailed from its 邮箱: say who it was from
            found = roster.match(sub.unit).unit if not sub.unnamed else None
            if found is None and sub.mail is not None:
                found = roster.by_email(sub.mail.sender)
            sub.roster_unit = found
        return
    if roster is not None:
        _match_roster(sub, roster)
    if sub.ledgers_only:
        due = None  # 逾期 is about the unit's report: ledgers sent after the tables make no unit late
    elif sub.summary_mark is not None:  # a lower office's summary: due when offices report
        due = options.summary_due
    judge_late(sub, due)
    if previous is not None:
        found = compare(sub, ts, period, previous)
        if found is not None:
            previous_values[sub.display_unit] = found[0]
            note = source_note(sub.display_unit, found[1])
            if note:
                previous_notes[sub.display_unit] = note


def _match_roster(sub: Submission, roster: Roster) -> None:
    _typed_alias(sub, roster)
    found = roster.match(sub.unit) if not sub.unnamed else Match(None)
    if found.unit is None and (sub.unit_guessed or sub.unit_from_file) and not sub.unnamed:
        # a unit read from a title or file name: the one roster unit it contains, a confident match
        inside = roster.containing([sub.unit, sub.path.stem])
        if inside is not None:
            found = Match(inside, "contains")
    by_mail = roster.by_email(sub.mail.sender) if sub.mail is not None else None
    if by_mail is not None and (found.unit is None or sub.unit_from_file):
        # no 填报单位, or one the roster does not know: the roster's 邮箱 column says who sent it
        sub.problems = [p for p in sub.problems if p.code != "unit.unnamed"]  # known after all
        sub.roster_unit = by_mail
        sub.problems = located_all(sub.problems, unit=sub.display_unit)
        written = "表上没有填写填报单位" if sub.unnamed or sub.unit_from_file else _written(sub)
        sub.add(Problem("unit.matched", params={"written": written, "unit": by_mail.name,
                                                "how": f"邮箱({sub.mail.sender})"}))
        return
    if found.unit is None:
        if sub.unnamed:  # no name to look for (unit.unnamed says so): no roster name to suggest
            return
        hint = f"您是否指“{'”或“'.join(found.suggestions)}”?" if found.suggestions else ""
        sub.add(Problem("unit.not-on-roster", params={"unit": sub.unit, "hint": hint}))
        return
    sub.roster_unit = found.unit
    sub.problems = located_all(sub.problems, unit=sub.display_unit)
    if found.how != "name":
        how = {"alias": "别名", "key": "简称", "contains": "名称中的单位名"}[found.how]
        sub.add(Problem("unit.matched", params={"written": _written(sub), "unit": found.unit.name, "how": how}))


def _written(sub: Submission) -> str:
    """What unit.matched says the file names: its 填报单位, or the title or file name it was read from."""
    if sub.unit_from_file:
        return f"表上没有填写填报单位,按文件名认作“{sub.unit}”"
    if sub.unit_guessed:
        return f"表上没有填写填报单位,从标题或文件名认作“{sub.unit}”"
    return f"表上填报单位为“{sub.unit}”"


def _typed_alias(sub: Submission, roster: Roster) -> None:
    """A 填报单位 read as no name (a number, a date: unit.not-a-name) that the roster knows as a unit's
    name or 别名 (501 for 501厂党委) is that unit's after all: the name it was given from the file is
    dropped, and so is the warning."""
    said = first_of(sub.problems, "unit.not-a-name")
    typed = said.params.get("text", "") if said is not None else ""
    found = roster.match(typed) if typed else None
    if found is None or found.unit is None or found.how not in ("name", "alias"):
        return
    sub.problems = [p for p in sub.problems if p.code != said.code]  # (a compact list makes each anew)
    sub.unit, sub.unit_from_file, sub.unit_guessed = typed, False, False


# Modification times this close are one save (a mail's attachments saved in one go, files unzipped
# from one archive: zip keeps times to 2 seconds), not an order of saving.
SAME_MTIME = 2.0


def _decide(submissions: list[Submission], roster: Roster | None = None) -> list[Entry]:
    """The latest file of each unit stands for it; the others are superseded. Latest: the last
    received when every file came by mail, else the latest 填报时间 and then the latest
    modification time; where these tie, the later 填报时间 / received time, then a name that says
    更正/修改/最新. A 填报时间 that is not known (unreadable, blank, a file that cannot be opened)
    neither wins nor loses: the times that are known decide. A tie that is still a tie is said
    (unit.tie), never decided in silence. A latest file that cannot be used (sent back, or not
    opened at all) still stands: the unit's older files are not summed meanwhile, and say why.
    A file that opened but holds no statistics table replaces nothing and is replaced by nothing."""
    entries = []
    groups: dict[str, list[Submission]] = {}
    for sub in submissions:
        # a file that opened but holds no statistics table is no version of its unit's tables
        alone = sub.readable and sub.has_tables and not sub.cells
        groups.setdefault("file:" + sub.name if alone else sub.unit_key, []).append(sub)
    for group in groups.values():
        entries += _apart(group, roster)
        if not group:
            continue
        newest, tied, same, timed = _newest(group)
        copies = [s for s in group if s is not newest and _same_bytes(s, newest)]
        # one report in two files (an .xlsx and its .xls; a county's 汇总表 and 上报 of one run): no choice to check
        alike = [s for s in tied + timed if s not in copies and _same_report(s, newest)]
        tied = [s for s in tied if s not in copies and s not in alike]  # the same file twice: nothing to tell apart
        timed = [s for s in timed if s not in copies and s not in alike]
        if tied:
            newest.add(Problem("unit.tie", file=newest.name, unit=newest.display_unit,
                               params={"others": "”“".join(s.name for s in tied), "same": same}))
        if timed:
            newest.add(Problem("unit.tie-saved", file=newest.name, unit=newest.display_unit,
                               params={"others": "”“".join(s.name for s in timed)}))
        for old in group:
            if old is not newest:
                same_code = ("unit.same-file" if old in copies else "unit.same-values" if old in alike
                             else "unit.superseded-saved" if old in timed else "")
                note = (Problem(same_code, file=old.name, unit=old.display_unit, params={"newer": newest.name})
                        if same_code else _two_names(old, newest, roster)
                        or _superseded(old, newest, same if old in tied else None))
                _not_counted(old)
                entries.append(Entry(old.name, SUPERSEDED, note.message, old, problems=old.problems + [note]))
        entries.append(_entry(newest))
    return entries


def _apart(group: list[Submission], roster: Roster | None) -> list[Entry]:
    """Files of one 填报单位 whose names name other roster units (乐安镇党委.xlsx saying 东坪镇党委
    beside 东坪镇党委.xlsx: a template copied, the name not changed) are no versions of each other:
    each such file is taken out of ``group`` and sent back, saying which files share its 填报单位."""
    if roster is None or len(group) < 2:
        return []
    named = {id(s): roster.containing([s.name.rsplit(".", 1)[0]]) for s in group
             if s.has_tables and s.readable and s.cells}
    if len({u.name for u in named.values() if u is not None}) < 2:
        return []
    apart = [s for s in group if (u := named.get(id(s))) is not None
             and (s.roster_unit is None or u.name != s.roster_unit.name)]
    entries = []
    for sub in apart:
        cell = sub.unit_cell
        sub.add(Problem("unit.name-clash", sheet=cell.sheet if cell else "", cell=cell.ref if cell else "",
                        params={"named": named[id(sub)].name, "unit": sub.unit,
                                "others": "”“".join(s.name for s in group if s is not sub)}))
        entries.append(_entry(sub))
    group[:] = [s for s in group if s not in apart]
    return entries


def _two_names(old: Submission, newest: Submission, roster: Roster | None) -> Problem | None:
    """Two files whose 填报单位 are two names of one roster unit naming two units (two 别名: 甲镇党委
    and 乙镇党委 of the merged 甲乙镇党委; or its own name and a 别名: 江南镇党委 and the 小淹镇党委
    merged into it): two offices' files, not a correction. The older is replaced, never in silence:
    said at both files' 填报单位 (a warning on the newer one too); the note of the older, or None
    when not so (the same 填报单位 twice, or one name written two ways: a plain resend)."""
    unit = old.roster_unit
    if roster is None or unit is None or newest.roster_unit is None or newest.roster_unit.name != unit.name:
        return None
    names = roster.distinct_names(unit, old.unit, newest.unit)
    if names is None:
        return None
    if unit.name in names:
        alias = names[1] if names[0] == unit.name else names[0]
        relation = f"在名册中“{unit.name}”是单位名称,“{alias}”是它的别名"
    else:
        relation = f"两者在名册中都是“{unit.name}”的别名"
    if newest.ok:
        counted = f"只计入较新的“{newest.name}”,另一份的数字没有计入汇总"
    else:
        why = "无法打开" if not newest.readable else "有错误"
        counted = f"较新的“{newest.name}”{why},已退回,两份的数字都没有计入汇总"

    def said(this: Submission, other: Submission) -> Problem:
        cell = this.unit_cell
        return Problem("unit.aliases-one-unit", file=this.name, unit=this.display_unit,
                       sheet=cell.sheet if cell else "", cell=cell.ref if cell else "",
                       params={"this": this.unit, "other": other.unit, "other_file": other.name,
                               "relation": relation, "counted": counted})

    newest.add(said(newest, old))
    return said(old, newest)


def _same_bytes(a: Submission, b: Submission) -> bool:
    """Two files of a unit byte for byte the same (one file saved twice: 单位.xlsx, 单位(1).xlsx)."""
    try:
        return filecmp.cmp(a.path, b.path, shallow=False)
    except (OSError, ValueError):
        return False


def _same_report(a: Submission, b: Submission) -> bool:
    """Two files of a unit that say the same: read, every number, evaluation and ledger record
    alike, what a summary says it lacked below alike, and both usable or both not."""
    def lacked(s: Submission) -> str:
        return s.summary_mark.incomplete if s.summary_mark is not None else ""

    return (a.readable and b.readable and bool(a.cells) and bool(b.cells) and a.ok == b.ok
            and dict(a.values) == dict(b.values) and a.evaluations == b.evaluations
            and a.ledger_records == b.ledger_records and lacked(a) == lacked(b))


def _superseded(old: Submission, newest: Submission, same: str | None) -> Problem:
    """Why ``old`` is not summed (``same``: what it shares with ``newest`` when nothing told them
    apart): the newer file is adopted, or sent back; or ``old`` itself could not be opened."""
    where = {"file": old.name, "unit": old.display_unit}
    if not newest.ok:
        why = "无法打开" if not newest.readable else "有错误"
        return Problem("unit.superseded-returned", **where, params={"newer": newest.name, "why": why})
    if same is not None:
        return Problem("unit.superseded-tie", **where, params={"newer": newest.name, "same": same})
    if not old.readable:
        return Problem("unit.superseded-unreadable", **where, params={"newer": newest.name})
    return Problem("unit.superseded", **where, params={"newer": newest.name})


def _newest(group: list[Submission]) -> tuple[Submission, list[Submission], str, list[Submission]]:
    """The file that stands for its unit; the files nothing tells from it (of these a readable
    one, then the last by name, stands); what they share, in words; and the lower office's summaries
    of the same 填报时间 that only their modification times put behind it (unit.tie-saved)."""
    received = ("收到时间", lambda s: s.mail.received.timestamp() if s.mail is not None else None, 0.0)
    day = ("填报时间", lambda s: s.date.toordinal() if s.date is not None else None, 0)
    saved = ("修改时间", lambda s: s.mtime, SAME_MTIME)
    # every file by mail: the order they came in (their modification times are when they were saved)
    steps = [received, day] if all(s.mail is not None for s in group) else [day, saved, received]
    top, shared, timed = list(group), [], []
    for word, key, slack in steps:
        if word == "修改时间":
            top = _by_contents(top)  # two summaries of one office: what they say of themselves first
        if len(top) == 1:
            break
        known = [key(s) for s in top if key(s) is not None]
        if not known or (word == "收到时间" and len(known) < len(top)):
            continue  # the mail's time, only between files that all came by mail
        best = max(known)
        before = top
        top = [s for s in top if key(s) is None or key(s) >= best - slack]  # unknown: neither wins nor loses
        if word == "修改时间" and _summaries(before):  # a mailed or copied file's time may not be the merge's
            timed = [s for s in before if s not in top]
        if all(key(s) is not None for s in top):
            shared.append(word)
    if len(top) > 1:
        said = [s for s in top if any(w in Path(s.name).stem for w in CORRECTION_WORDS)]
        top = said or top
    top.sort(key=lambda s: (s.readable, s.name))
    return top[-1], top[:-1], "、".join(shared), timed


def _summaries(files: list[Submission]) -> bool:
    return len(files) > 1 and all(s.summary_mark is not None for s in files)


def _by_contents(top: list[Submission]) -> list[Submission]:
    """Of a lower office's summaries (written by our merge) not told apart by 填报时间: those of the
    merge that read the newest report (SUMMARY_NEWEST_PROPERTY; unknown neither wins nor loses), then
    the one whose counted units include every other's and more (the merge after a missing unit's
    report came). Other files, or summaries these do not tell apart: ``top`` as it was."""
    if not _summaries(top):
        return top
    read = {id(s): _instant(s.summary_mark.newest) for s in top}
    known = [t for t in read.values() if t is not None]
    if known:
        top = [s for s in top if read[id(s)] is None or read[id(s)] >= max(known)]
    units = {id(s): frozenset(s.summary_mark.units) for s in top}
    for s in top:
        if units[id(s)] and all(units[id(s)] > units[id(o)] for o in top if o is not s):
            return [s]
    return top


def _instant(text: str) -> float | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp()
    except ValueError:
        return None


def _hold_ledgers(entries: list[Entry], ledgers=None) -> list[Entry]:
    """A unit's ledgers sent in files of their own count only with its tables adopted in this
    merge; otherwise they are held back (listed in 报送情况, with why) until a merge adopts them.
    ``ledgers``: the notice's ledger set, whose summary sheets the note names."""
    counted = [x.summary_sheet for x in (ledgers.ledgers if ledgers else ()) if x.counts or x.status]
    sheets = "“" + "”“".join(counted) + "”和" if counted else ""
    adopted = {e.submission.unit_identity for e in entries if e.status == ACCEPTED and e.submission.has_tables}
    sent = {e.submission.unit_identity: e.status for e in entries
            if e.submission is not None and e.submission.has_tables and e.status != SUPERSEDED}
    for e in entries:
        sub = e.submission
        if e.status == ACCEPTED and sub.ledgers_only and sub.unit_identity not in adopted:
            code = "ledger.held-returned" if sent.get(sub.unit_identity) == REJECTED else "ledger.held-no-tables"
            note = Problem(code, file=sub.name, unit=sub.display_unit, params={"sheets": sheets})
            e.status, e.reason = HELD, note.message
            e.problems.append(note)
    return entries


def _with_ledger_problems(entries: list[Entry]) -> list[Entry]:
    """A unit's tables sent back carry the problems of the ledgers it sent in files of their own
    (a date not read is why the ledger counts fewer than the table), as a ledger sheet in the
    tables' workbook does: its return file says them, each at its file (Submission.companions)."""
    said: dict[str, list[Problem]] = {}
    for e in sorted(entries, key=lambda e: e.name):
        sub = e.submission
        if sub is not None and sub.ledgers_only and e.status in (ACCEPTED, HELD):
            said.setdefault(sub.unit_identity, []).extend(
                p if p.file else p.located(file=sub.name) for p in sub.problems
                if p.code.startswith(LEDGER_CODES) and not p.code.startswith(HELD_CODES))
    for e in entries:
        if e.status == REJECTED and e.submission is not None and e.submission.has_tables:
            e.submission.companions = said.get(e.submission.unit_identity, [])
    return entries


def _not_counted(sub: Submission) -> None:
    """A file not counted (sent back, replaced): its problems said without the words that it is
    counted; what a lower office's summary lacked below is a note on a counted summary (the
    conclusion's "N 个下级的汇总不完整" counts those alone), said again when its corrected file is
    counted, unless it is why the file was sent back (--error)."""
    said = uncounted(sub.problems)  # the same list when nothing says so (a compact list stays one)
    if any(p.code == INCOMPLETE_BELOW and p.severity != ERROR for p in said):
        said = [p for p in said if p.code != INCOMPLETE_BELOW or p.severity == ERROR]
    sub.problems = said


def _entry(sub: Submission) -> Entry:
    if sub.ok:
        return Entry(sub.name, ACCEPTED, "", sub, problems=sub.problems.copy())
    _not_counted(sub)
    entry = Entry(sub.name, REJECTED, "", sub, problems=sub.problems.copy())
    errors = entry.errors
    first = f"{errors[0].position}:{errors[0].message}" if errors[0].position else errors[0].message
    if len(errors) > 1:
        first = f"有 {len(errors)} 处错误,详见“审核问题”表。第一处 {first}"
    entry.reason = first
    return entry
