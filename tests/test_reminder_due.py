"""A reminder (催报) and the template it carries state one deadline: the one the mails are given
(mail send --due, the desk's 重报截止日期), never before the units' deadline of the merge (merge
--due, the desk's 本期), else that one — not the notice's date a template of an earlier run says.
A reminder's template the clerk edited is kept as it is."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import openpyxl
from click.testing import CliRunner

from dianping_xlsx.api import load_notice
from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template

from .test_justice_notice import unit_values
from .test_template_due import _said_due

NOTICE = load_notice("justice-2012")
UNITS = ("横林司法所党支部", "湖塘司法所党支部", "牛塘司法所党支部")  # the first reports, the others do not


def _run(*args) -> None:
    res = CliRunner().invoke(main, [*args, "--notice", "justice-2012"])
    assert res.exit_code in (0, 1), res.output


def _merge(inbox, out, roster, *due) -> None:
    _run("merge", str(inbox), "-o", str(out), "--period", "2012-H1", "--roster", str(roster), "--unit-name", "武进区司法局",
         "--date", "2012-03-08", *due)


def _reminders(out, roster, *due) -> dict[str, tuple[str, str]]:
    """unit -> (the reminder's body, the deadline line of its template's 填表说明)."""
    _run("mail", "send", str(out), "--from", "wj@example.gov.cn", "--roster", str(roster), *due)
    said = {}
    for eml in (out / "待发邮件").glob("*_催报_*.eml"):
        msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        attached = [p.get_filename() for p in msg.iter_attachments()]
        if attached:  # not the reminder of a material (工作总结) a unit that reported still owes
            unit = next(u for u in UNITS if u in eml.name)
            said[unit] = (msg.get_body(("plain",)).get_content(), _said_due(out / "待发邮件" / "催报模板" / attached[0]))
    return said


def test_a_reminder_states_the_deadline_the_clerk_set(tmp_path):
    inbox, out, roster = tmp_path / "收件箱", tmp_path / "汇总", tmp_path / "名册.xlsx"
    write_blank_roster(NOTICE.tables, roster, [RosterUnit(u, (), "", "", 0, (f"u{n}@example.cn",)) for n, u in enumerate(UNITS)])
    fill_template(NOTICE.tables, inbox / "横林.xlsx", UNITS[0], dt.date(2012, 3, 5), unit_values(0))
    _merge(inbox, out, roster)
    first = _reminders(out, roster)  # no date set anywhere: the notice's
    assert all("于2012年3月15日前" in line for _, line in first.values()) and len(first) == 2
    edited = out / "待发邮件" / "催报模板" / next(p.name for p in (out / "待发邮件" / "催报模板").iterdir() if UNITS[2] in p.name)
    wb = openpyxl.load_workbook(edited)
    wb["填表说明"]["A30"] = "联系人:张三 0519-8888888"  # the clerk's own words in one template
    wb.save(edited)
    kept = edited.read_bytes()

    _merge(inbox, out, roster, "--due", "2012-03-10")  # the clerk's deadline for the units
    body, line = _reminders(out, roster)[UNITS[1]]
    assert "于3月10日前发送" in body and "于2012年3月10日前" in line, (body, line)
    assert edited.read_bytes() == kept

    body, line = _reminders(out, roster, "--due", "2012-03-20")[UNITS[1]]  # a later date for the reminders
    assert "于3月20日前发送" in body and "于2012年3月20日前" in line
    body, line = _reminders(out, roster, "--due", "2012-03-09")[UNITS[1]]  # never before the units' deadline
    assert "于3月10日前发送" in body and "于2012年3月10日前" in line
    assert edited.read_bytes() == kept
