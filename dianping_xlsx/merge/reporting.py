"""Who reported: units by outcome, roster units missing (and what they sent instead), units
that sent no statistics tables, files whose unit is not on the roster."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..check.kept import KEPT
from ..manifest import when_zh
from ..model import (ACCEPTED, IGNORED, MATERIAL, REJECTED, SUPERSEDED, Entry, RosterUnit, Submission,
                     OFF_ROSTER_STATUS, UNREADABLE_STATUS, WRONG_NOTICE_STATUS, WRONG_PERIOD_STATUS)  # noqa: F401 - 报送情况's words
from ..problems import WARNING, codes_of, first_of, kinds_of
from ..read.otherfiles import sent_instead
from ..text import normalise
from .previous import units_not_in

if TYPE_CHECKING:
    from .result import MergeResult

NOT_SENT, SENT_REJECTED, SENT_BLANK = "未报送", "已报送但被退回", "报送的是空白表(已退回)"
SENT_OTHER = "只报送了{what},没有报送统计表"  # a unit whose files hold no statistics tables
LEDGER_SAID = "台账"  # what SENT_OTHER calls a unit's ledgers, read by a ledger set or kept
# no statistics tables came, but an archive named after the unit lies in the inbox, not unpacked
SENT_ARCHIVE = "收件文件夹中有压缩包“{file}”,可能是该单位报送的,请解压后把其中的表格放入收件文件夹,重新汇总"
# no statistics tables came, but the unit's mail did, and what it brought could not be saved (a .rar …)
SENT_UNSAVED = "{mail}中的附件“{file}”没有保存:{reason}"
_NOT_SAVED = re.compile(r"[,\uff0c]没有保存(?=。|$)")  # … and so the reason's own word for it is left out
SENT_NOTHING_SAVED = "{mail}没有可保存的表格:{reason}"
# a bounce of a mail to the unit, an automatic reply from it: the unit has not reported
SENT_BOUNCED = "没有收到报送文件;{when}收到退信:{what},请核对该单位的邮箱地址"
SENT_AUTO_REPLY = "没有收到报送文件({mail}是自动回复,不是报送)"
SENT_OTHER_PERIOD = "报送的是{period}的{what}(“{file}”),不是{current}的,请改报{current}的上报文件"
SENT_OTHER_NOTICE = "报送的是按另一个通知(“{other}”)汇总的{what}(“{file}”),不是本通知的统计表,请其按本通知重新汇总后改报上报文件"
# what a county sent instead of this period's report: a summary (or upward file) set aside, by its code
SENT_WRONG = {"file.summary-other-period": SENT_OTHER_PERIOD, "file.summary-other-notice": SENT_OTHER_NOTICE}
SENT_UNREADABLE = "已报送,但本机无法读取该文件,请检查后重新汇总"
# Errors that are this office's to-do, never the unit's: its roster does not know the 填报单位, or
# its machine could not read the file (an OS error reading it, not the file's content).
OFFICE_SIDE = frozenset({"unit.not-on-roster", "file.unreadable"})


def goes_back(entry: Entry) -> bool:
    """A file sent back to its unit (a return file answers it, or a mail says it could not be
    opened): rejected, and not only for what is this office's to-do (OFFICE_SIDE)."""
    return entry.status == REJECTED and any(p.code not in OFFICE_SIDE for p in entry.errors)


def unreadable_here(entry: Entry) -> bool:
    """A file this office's machine could not read: listed for the clerk, never sent back."""
    return entry.status == REJECTED and first_of(entry.errors, "file.unreadable") is not None


# a reporting unit's outcome, as 审核问题 and 情况通报 count it alike: sent back; its reports (tables,
# forms, ledgers) have something to check (adopted); its reports clean but a warning that is not of
# the reports (NOT_QUALITY: late, a material missing: adopted, said apart); neither
RETURNED_UNIT, WARNED_UNIT, NOTED_UNIT, CLEAN_UNIT = "returned", "warned", "noted", "clean"
# problems that are no fault of the reports' figures: when a file came, what else came with it, whose
# it is, what a lower office lacks; each said on its own (逾期, 缺少报送材料), never as report quality
NOT_QUALITY = frozenset({"date.late", "date.late-received", "unit.not-on-roster", "unit.incomplete-below",
                         "file.unreadable", "ledger.held-no-tables", "ledger.held-returned", "material.missing",
                         "material.off-roster", "material.no-unit"})


def unit_outcomes(result: "MergeResult") -> dict[str, str]:
    """Units (not files) that reported, each with its outcome: sent back (no statistics tables
    adopted, a file returned), something to check in its reports (tables adopted, and a warning of
    the reports, or another file of theirs returned: a ledger, a form), only warnings that are not
    of the reports (NOT_QUALITY: late, a material missing), or clean. A unit's files count once;
    with a roster, only its units (a file whose 填报单位 it does not know is this office's to-do)."""
    units: dict[str, list] = {}
    roster = result.options.roster
    for e in result.entries:
        if e.status in (ACCEPTED, REJECTED) and (roster is None or e.submission.roster_unit is not None) \
                and not unreadable_here(e):  # not read yet: neither adopted nor sent back
            units.setdefault(e.submission.display_unit, []).append(e)
    return {unit: _outcome(entries) for unit, entries in units.items()}


def _outcome(entries: list[Entry]) -> str:
    """One unit's outcome from its files (each file's problems read once for its warnings)."""
    adopted = any(e.status == ACCEPTED and e.submission.has_tables for e in entries)
    returned = any(e.status == REJECTED for e in entries)
    if returned and not adopted:
        return RETURNED_UNIT
    warned = {code for e in entries for code, severity in kinds_of(e.submission.problems) if severity == WARNING}
    if returned or warned - NOT_QUALITY:
        return WARNED_UNIT
    return NOTED_UNIT if warned else CLEAN_UNIT


def in_roster_order(result: "MergeResult", names) -> list[str]:
    """Units named once each, in the roster's order; those off the roster after, as they came."""
    roster = result.options.roster
    order = {u.name: n for n, u in enumerate(roster.units)} if roster is not None else {}
    names = list(dict.fromkeys(names))
    return sorted(names, key=lambda name: order.get(name, len(order) + names.index(name)))


def lacking_materials(result: "MergeResult") -> dict[str, list[str]]:
    """The materials the notice asks for (工作总结) that units whose tables came have not sent: the
    material -> its units, in the roster's order."""
    found: dict[str, list[str]] = {}
    for e in result.entries:
        if e.status in (SUPERSEDED, IGNORED):
            continue
        for p in e.problems:
            if p.code == "material.missing":
                found.setdefault(p.params.get("material", ""), []).append(p.unit or e.unit)
    return {m: in_roster_order(result, units) for m, units in found.items()}


def missing_units(result: "MergeResult") -> list[tuple[RosterUnit, str]]:
    """Roster units with no accepted statistics tables, and what they sent instead."""
    roster = result.options.roster
    if roster is None:
        return []
    status: dict[str, str] = {}
    for e in result.entries:
        sub = e.submission
        unit = sub.roster_unit if sub is not None and sub.has_tables else None
        if unit is not None and e.status in (ACCEPTED, REJECTED) and status.get(unit.name) != ACCEPTED:
            blank = "table.empty" in codes_of(e.problems)
            status[unit.name] = SENT_BLANK if blank else SENT_UNREADABLE if unreadable_here(e) else e.status
    why = {REJECTED: SENT_REJECTED, SENT_BLANK: SENT_BLANK, SENT_UNREADABLE: SENT_UNREADABLE}
    other = {u.name: what for u, what in units_not_sent(result)}
    return [(u, why.get(status.get(u.name), other.get(u.name, NOT_SENT))) for u in roster.units
            if status.get(u.name) != ACCEPTED]


def units_not_sent(result: "MergeResult") -> list[tuple[RosterUnit, str]]:
    """Roster units from which no statistics tables came (a file of ledgers or evaluations
    alone is no report of the tables: the unit is 未报, and the note says what it sent)."""
    roster = result.options.roster
    if roster is None:
        return []
    tables, other = set(), {}
    ledgers = {m.name for m in result.options.materials if m.kind == "ledger"}
    for e in result.entries:
        sub = e.submission
        if sub is None and e.status == MATERIAL and e.named:  # a kept 台账, a 工作总结 …: received, not the tables
            unit = roster.match(e.named).unit
            if unit is not None:
                other.setdefault(unit.name, set()).add(_material_said(e, ledgers))
            continue
        if sub is None or sub.roster_unit is None:
            continue
        if sub.has_tables:
            tables.add(sub.roster_unit.name)
        else:
            what = "群众评议" if sub.evaluations else LEDGER_SAID
            other.setdefault(sub.roster_unit.name, set()).add(what)
    ignored, mailed, wrong = ignored_by_unit(result), _unsaved_by_unit(result), units_of_other_period(result)
    return [(u, wrong[u.name] if u.name in wrong
             else SENT_OTHER.format(what="和".join(sorted(other[u.name]))) if u.name in other
             else ignored[u.name] if u.name in ignored
             else ";".join(mailed[u.name]) if u.name in mailed else NOT_SENT)
            for u in roster.units if u.name not in tables]


def units_of_other_period(result: "MergeResult", codes: tuple[str, ...] = tuple(SENT_WRONG)) -> dict[str, str]:
    """Roster unit -> what it sent instead of this period's report: its summary or upward file of
    another period or merged under another notice (set aside: file.summary-other-period,
    file.summary-other-notice; ``codes``: those of them asked for), said with the file and what is due."""
    roster, out = result.options.roster, {}
    if roster is None:
        return out
    for e in result.entries:
        said = next((p for p in e.problems if p.code in codes), None) if e.status == IGNORED else None
        unit = roster.match(said.params["unit"]).unit if said is not None else None
        if unit is not None:
            out.setdefault(unit.name, SENT_WRONG[said.code].format(file=e.name, **said.params))
    return out


def units_of_other_notice(result: "MergeResult") -> frozenset[str]:
    """The roster units of units_of_other_period whose file was merged under another notice."""
    return frozenset(units_of_other_period(result, ("file.summary-other-notice",)))


def _material_said(entry: Entry, ledgers: set[str]) -> str:
    """What a unit sent that is not its tables, as 报送情况 says it: a kept 台账 (a workbook, or a
    file named as the notice's ledger) as any 台账, a document by its material's name (工作总结)."""
    said = entry.problems[0]
    return LEDGER_SAID if said.code == KEPT or said.params["material"] in ledgers else said.params["material"]


def ignored_by_unit(result: "MergeResult") -> dict[str, str]:
    """Roster unit -> what of the inbox, named after it, was ignored that may be its report: an
    archive (.zip …) left packed, a file that is no workbook (a Word document, a photo, a CSV), said
    with the file and what to do about it."""
    roster, archives, others = result.options.roster, {}, {}
    for e in result.entries if roster is not None else ():
        code = e.problems[0].code if e.submission is None and e.status == IGNORED and e.problems else ""
        if code not in ("file.archive", "file.not-spreadsheet"):
            continue
        unit = roster.containing([e.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]])
        if unit is not None:
            (archives if code == "file.archive" else others).setdefault(unit.name, []).append(e.name)
    said = {name: sent_instead(files) for name, files in others.items()}
    for name, files in archives.items():  # a packed archive first: it may hold the tables themselves
        said[name] = ";".join(filter(None, [SENT_ARCHIVE.format(file="”“".join(files)), said.get(name)]))
    return said


def _unsaved_by_unit(result: "MergeResult") -> dict[str, list[str]]:
    """Roster unit -> what its mail brought that was not saved (the inbox's mail manifest), each
    said with the mail's day and why; the unit known by the sender's address (the roster's 邮箱),
    else the sender's name, else the one unit the attachment's name or the subject names."""
    roster, out = result.options.roster, {}
    for item in result.unsaved:
        if item.kind == "bounce":  # the unit is the one the mail could not reach, not the mail system
            unit = next(filter(None, map(roster.by_email, item.bounced)), None)
            if unit is not None:
                what = item.reason.split("。")[0].split(":", 1)[-1]  # 发往 … 的邮件“…”无法投递(…)
                out.setdefault(unit.name, []).append(SENT_BOUNCED.format(when=when_zh(item.received), what=what))
            continue
        unit = roster.by_email(item.sender) if item.sender else None
        if unit is None and item.sender_name:
            unit = roster.match(item.sender_name).unit
        if unit is None:
            unit = roster.containing([item.name.rsplit(".", 1)[0], item.subject])
        if unit is not None:
            reason = _NOT_SAVED.sub("", item.reason).rstrip("。")  # SENT_UNSAVED says it
            out.setdefault(unit.name, []).append(
                SENT_AUTO_REPLY.format(mail=item.mail) if item.kind == "auto-reply" else
                SENT_UNSAVED.format(mail=item.mail, file=item.name, reason=reason) if item.name
                else SENT_NOTHING_SAVED.format(mail=item.mail, reason=reason))
    return out


def units_gone(result: "MergeResult") -> list[str]:
    """Without a roster, the units of the previous period's summary (--previous) that sent no
    statistics tables now; with a roster, its missing units say it (missing_units)."""
    previous = result.options.previous
    if previous is None or result.options.roster is not None:
        return []
    reported = {normalise(name) for e in result.entries if e.status in (ACCEPTED, REJECTED, SUPERSEDED)
                and e.submission is not None and e.submission.has_tables
                for name in (e.submission.display_unit, e.submission.unit)}
    return units_not_in(previous, reported)


def files_off_roster(result: "MergeResult") -> list[tuple[Entry, str]]:
    out = []
    for e in result.entries:
        problem = first_of(e.problems, "unit.not-on-roster")
        if problem is not None:
            out.append((e, problem.params["hint"] or "名册中没有相近的单位"))
    return out
