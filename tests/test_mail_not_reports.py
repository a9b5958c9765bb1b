"""Mail that is no unit's report: a bounce of the office's own reminder (carrying the blank template
back) or of a return mail (carrying the return file back), an automatic reply, the office's own copy
of what it sent. Nothing of them is saved; the clerk is told which address could not be reached for
which mail; the unit stays 未报 and gets the ordinary 【催报】; a unit's real correction stands."""

from __future__ import annotations

import datetime as dt

import openpyxl
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.send.outbox import Outgoing, compose
from dianping_xlsx.template.blank import write_template

from .conftest import sheet_rows
from .mailcorpus import Attachment, auto_reply, bounce, message
from .mailservers import dovecot  # noqa: F401 - the fixture

CHINA = dt.timezone(dt.timedelta(hours=8))
OFFICE = "czb@example.gov.cn"
UNITS = [("东坪镇党委", "dp@qq.com"), ("县人民医院党委", "rmyy@qq.com"), ("县公安局党委", "gaj@ah.gov.cn"),
         ("县茶业公司党委", "cy@qq.com")]


def _ours(kind: str, to: str, unit: str, subject: str, attachment, when: dt.datetime) -> bytes:
    """A mail as `dianping mail send` wrote it (its bytes, with the date it went)."""
    raw = compose(Outgoing(kind, to, unit, subject, f"{unit}:\n\n请查收附件。\n\n安化县委创先办\n", [attachment]),
                  OFFICE, "安化县委创先办")
    raw.replace_header("Date", when.strftime("%a, %d %b %Y %H:%M:%S %z"))
    return raw.as_bytes()


def _day(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2011, month, day, hour, 0, tzinfo=CHINA)


def _mails(tmp_path, make_unit, ts) -> tuple[list, dict]:
    made = tmp_path / "made"
    made.mkdir()
    dongping, _ = make_unit(made, "东坪镇党委", seed=1)
    first, _ = make_unit(made, "县人民医院党委", seed=2, name="first.xlsx")
    fixed, fixed_values = make_unit(made, "县人民医院党委", seed=3, name="fixed.xlsx")
    template = made / "领导点评群众评议统计表_县公安局党委.xlsx"
    write_template(ts, template, "县公安局党委", lock_unit=True)
    returned = made / "县人民医院党委_审核意见.xlsx"
    returned.write_bytes(first.read_bytes())  # the unit's first file, unedited, as the return file carries it
    reminder = _ours("催报", "gaj@ah.gov.cn", "县公安局党委", "【催报】县公安局党委 2011年上半年统计表", template, _day(6, 29, 9))
    sent_back = _ours("退回", "rmyy@qq.com", "县人民医院党委", "【退回修改】县人民医院党委 2011年上半年统计表", returned, _day(6, 30))
    mails = [
        message("东坪镇党委", "dp@qq.com", "东坪镇报表", _day(6, 20), [Attachment("统计表.xlsx", dongping.read_bytes())]),
        message("人民医院", "rmyy@qq.com", "报表", _day(6, 21), [Attachment("县人民医院党委.xlsx", first.read_bytes())]),
        bounce(reminder, "gaj@ah.gov.cn", _day(6, 29, 11)),
        auto_reply("县茶业公司", "cy@qq.com", "【催报】县茶业公司党委 2011年上半年统计表", _day(6, 29, 12)),
        message("人民医院", "rmyy@qq.com", "回复:【退回修改】", _day(7, 2), [Attachment("县人民医院党委_审核意见.xlsx",
                                                                                  fixed.read_bytes())], client="qq"),
        # the return mail bounced late (the unit's mailbox full that day), and the clerk's own copies of it:
        # one Cc'd to the office by Foxmail, one as this tool wrote it
        bounce(sent_back, "rmyy@qq.com", _day(7, 4), diagnostic="smtp; 552 Mailbox full"),
        message("安化县委创先办", OFFICE, "【退回修改】县人民医院党委", _day(7, 4, 11),
                [Attachment("县人民医院党委_审核意见.xlsx", returned.read_bytes())], client="foxmail"),
        sent_back,
    ]
    return mails, fixed_values


def test_bounces_auto_replies_and_own_mail_are_never_reports(tmp_path, make_unit, ts):
    mails, fixed_values = _mails(tmp_path, make_unit, ts)
    for n, raw in enumerate(mails):
        (tmp_path / f"{n}.eml").write_bytes(raw)
    inbox, out, roster = tmp_path / "收件箱", tmp_path / "汇总结果", tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit(u, (), "乡镇", "", 0, (a,)) for u, a in UNITS])
    res = CliRunner().invoke(main, ["mail", "import", *(str(tmp_path / f"{n}.eml") for n in range(len(mails))),
                                    "--inbox", str(inbox), "--own", OFFICE])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == [
        "0620-1000_东坪镇党委_统计表.xlsx", "0621-1000_人民医院_县人民医院党委.xlsx", "0702-1000_人民医院_县人民医院党委_审核意见.xlsx"]
    assert ("退信:发往 gaj@ah.gov.cn 的邮件“【催报】县公安局党委 2011年上半年统计表”(6月29日09:00发出)"
            "无法投递(550 User unknown)") in res.output
    assert "退信:发往 rmyy@qq.com 的邮件“【退回修改】县人民医院党委 2011年上半年统计表”(6月30日10:00发出)无法投递(552 Mailbox full)" in res.output
    assert res.output.count("本单位自己发出的邮件") == 2 and "自动回复" in res.output
    ws = openpyxl.load_workbook(inbox / "邮件记录" / "邮件清单.xlsx")["邮件清单"]
    assert [r[6] for r in ws.iter_rows(min_row=4, values_only=True)] == [
        "已保存", "已保存", "退信", "自动回复", "已保存", "退信", "本单位发出", "本单位发出"]
    assert "其中退信 2 封" in ws["A1"].value

    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, due=dt.date(2011, 6, 28), jobs=1)
    hospital = next(s for s in result.accepted if s.unit == "县人民医院党委")
    assert dict(hospital.values) == fixed_values  # the correction stands, not the file the bounce carried
    api.write_summary(result, out, unit_name="安化县委创先办", day=dt.date(2011, 7, 5))
    rows = {r["单位"]: r for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况")}
    assert rows["县公安局党委"]["状态"] == "未报"
    assert rows["县公安局党委"]["说明"] == (
        "名册中的单位,没有收到报送文件;6月29日11:00收到退信:发往 gaj@ah.gov.cn 的邮件“【催报】县公安局党委 2011年上半年统计表”"
        "(6月29日09:00发出)无法投递(550 User unknown),请核对该单位的邮箱地址。")
    assert rows["县茶业公司党委"]["状态"] == "未报" and "是自动回复,不是报送" in rows["县茶业公司党委"]["说明"]

    plans = api.plan_mail(out, sender=OFFICE, sender_name="安化县委创先办", roster=roster, inbox=inbox,
                          due=dt.date(2011, 7, 8))
    assert not [p for p in plans if "daemon" in p.to.lower()]
    by_unit = {p.unit: p for p in plans}
    assert by_unit["县茶业公司党委"].subject.startswith("【催报】") and by_unit["县茶业公司党委"].to == "cy@qq.com"
    assert by_unit["县公安局党委"].subject.startswith("【催报】")
    assert "6月29日11:00收到退信" in by_unit["县公安局党委"].caution
    assert set(by_unit) == {"县茶业公司党委", "县公安局党委"}  # the hospital's correction was adopted: nothing to it


def test_a_fetch_knows_the_mailbox_as_the_offices_own(dovecot, tmp_path, make_unit, monkeypatch):  # noqa: F811
    """The office's copy in the mailbox fetched is skipped without being told; so is one imported
    into the same inbox later (the inbox remembers the mailbox it was fetched from)."""
    path, _ = make_unit(tmp_path, "东坪镇党委", seed=5)
    when = dt.datetime(2011, 6, 25, 10, 0, tzinfo=CHINA)
    copy = message("安化县委创先办", dovecot.user, "【退回修改】东坪镇党委", when, [Attachment("东坪镇党委_审核意见.xlsx",
                                                                                         path.read_bytes())])
    dovecot.deliver([(copy, when)])
    inbox = tmp_path / "收件箱"
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(inbox), "--host", dovecot.host, "--port",
                                    str(dovecot.ssl_port), "--user", dovecot.user, "--cafile", dovecot.cafile,
                                    "--period", "2011-H1"])
    assert res.exit_code == 0, res.output
    assert "保存表格文件 0 个" in res.output and "本单位自己发出的邮件" in res.output
    later = tmp_path / "later.eml"
    later.write_bytes(message("安化县委创先办", dovecot.user, "【退回修改】东坪镇党委(补发)", when,
                              [Attachment("东坪镇党委_审核意见.xlsx", path.read_bytes())], message_id="again"))
    api.import_mail([later], inbox)
    assert not [p for p in inbox.iterdir() if p.is_file()]
