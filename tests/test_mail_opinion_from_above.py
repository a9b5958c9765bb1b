"""The level above's 退回 of this office's own report (its return file written for this office),
fetched into the office's inbox with the units' reports, as the documented setup has it (one
mailbox for both): saved and said what it is, never merged as a unit's report (名册外, 逾期), never
sent back, never holding the office's 上报."""

from __future__ import annotations

import datetime as dt

import openpyxl
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .mailcorpus import Attachment, message

CHINA = dt.timezone(dt.timedelta(hours=8))
COUNTY, CITY = "南县县委创先办", "益阳市委创先办"
COUNTY_MAIL, CITY_MAIL = "nanxian@yiyang.gov.cn", "city@yiyang.gov.cn"


def _county(tmp_path, make_unit, ts):
    """Two towns report by mail; the county merges: its inbox, roster and results."""
    made, inbox, out = tmp_path / "made", tmp_path / "县收件箱", tmp_path / "县汇总"
    made.mkdir()
    units = [("南洲镇党委", "nz@qq.com"), ("茅草街镇党委", "mcj@qq.com")]
    mails = []
    for n, (unit, address) in enumerate(units):
        path, _ = make_unit(made, unit, seed=30 + n)
        mails.append(tmp_path / f"{n}.eml")
        mails[-1].write_bytes(message(unit, address, "报表", dt.datetime(2011, 6, 20 + n, 9, 0, tzinfo=CHINA),
                                      [Attachment("统计表.xlsx", path.read_bytes())]))
    api.import_mail(mails, inbox)
    roster = tmp_path / "县名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit(u, (), "乡镇", "", 0, (a,)) for u, a in units])
    _merge(inbox, out, roster)
    return inbox, out, roster


def _merge(inbox, out, roster):
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=COUNTY, jobs=1,
                             due=dt.date(2011, 6, 28))
    api.write_summary(result, out, unit_name=COUNTY, day=dt.date(2011, 7, 2))
    return result


def _city_returns(tmp_path, ts, upward):
    """The city merges the county's 上报 (a number typed as words) and mails its 退回 (dry run: the
    .eml it would send)."""
    inbox, out = tmp_path / "市收件箱", tmp_path / "市汇总"
    inbox.mkdir()
    book = openpyxl.load_workbook(upward)
    book["附件2"]["C6"] = "十二个左右"
    book.save(inbox / upward.name)
    roster = tmp_path / "市名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit(COUNTY, (), "县市区", "", 0, (COUNTY_MAIL,))])
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=CITY, jobs=1)
    api.write_summary(result, out, unit_name=CITY, day=dt.date(2011, 7, 1))
    api.plan_mail(out, sender=CITY_MAIL, sender_name=CITY, roster=roster)
    (eml,) = (out / "待发邮件").glob("*退回*.eml")
    return eml


def test_the_level_aboves_return_is_said_and_never_a_units_report(tmp_path, make_unit, ts):
    inbox, out, roster = _county(tmp_path, make_unit, ts)
    eml = _city_returns(tmp_path, ts, next(out.glob("上报_*.xlsx")))

    report = api.import_mail([eml], inbox)  # the county fetches its mailbox: the city's reply is saved
    (saved,) = [a for r in report.new for a in r.saved]
    assert "上级退回“南县县委创先办”上报的审核意见" in saved.reason, saved
    fetched = CliRunner().invoke(main, ["mail", "import", str(eml), "--inbox", str(tmp_path / "另一收件箱")])
    assert "上级退回“南县县委创先办”上报的审核意见" in fetched.output, fetched.output

    result = _merge(inbox, out, roster)
    (entry,) = [e for e in result.entries if e.name == saved.file]
    assert entry.status == "ignored" and [p.code for p in entry.problems] == ["file.opinion-from-above"]
    s = result.summary
    assert s.complete and not s.off_roster and not s.late and s.from_above == [entry]
    shown = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--unit-name", COUNTY,
                                      "--roster", str(roster), "--due", "2011-06-28"])
    assert shown.exit_code == 0, shown.output
    assert f"上级对本级上报的审核意见:{saved.file}:请按其中的意见修改后重新汇总、上报" in shown.output

    plans = api.plan_mail(out, sender=COUNTY_MAIL, sender_name=COUNTY, roster=roster, up=CITY_MAIL)
    assert [(p.kind, p.to) for p in plans] == [("上报", CITY_MAIL)], plans  # no 退回 to the city, 上报 not held
