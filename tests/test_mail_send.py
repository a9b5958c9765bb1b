"""dianping mail send: return files back to the address each came from, reminders with a
pre-filled template to roster units still missing, the summary up; a dry run first, then
SMTP to a real server on 127.0.0.1 (aiosmtpd), each file to each address once."""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.policy
import json

from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .mailcorpus import Attachment, message
from .mailservers import smtp_server  # noqa: F401 - fixture

CHINA = dt.timezone(dt.timedelta(hours=8))
OFFICE = "安化县委创先办"


def _setup(tmp_path, make_unit, ts):
    made, inbox, out = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果"
    made.mkdir()
    units = [("东坪镇党委", "dp@qq.com", {}), ("乐安镇党委", "la@163.com", {ts.keys[0]: "十二个人左右"}),
             ("仙溪镇党委", "xx@qq.com", {})]
    for n, (unit, address, changes) in enumerate(units):
        path, _ = make_unit(made, unit, seed=10 + n, values=changes)
        when = dt.datetime(2011, 6, 20 + n, 9, 0, tzinfo=CHINA)
        (tmp_path / f"{n}.eml").write_bytes(message(unit, address, "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]))
    api.import_mail([tmp_path / f"{n}.eml" for n in range(3)], inbox)
    roster = tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit(u, (), "乡镇", "", 0, (a,)) for u, a, _ in units]
                       + [RosterUnit("梅城镇党委", (), "乡镇", "", 0, ("mc@qq.com",)),
                          RosterUnit("小淹镇党委", (), "乡镇", "", 0, ())])
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))
    return out, roster


def test_dry_run_then_send_each_file_once(tmp_path, make_unit, ts, smtp_server):
    out, roster = _setup(tmp_path, make_unit, ts)
    args = ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--name", OFFICE, "--roster", str(roster),
            "--up", "city@yiyang.gov.cn", "--due", "2011-07-05"]
    held = CliRunner().invoke(main, args)  # returned and missing units: the county does not send up
    assert held.exit_code == 1 and "汇总尚不完整" in held.output and "乐安镇党委" in held.output, held.output
    assert "--force" in held.output and not list((out / "待发邮件").glob("*上报*.eml"))
    assert "上报 安化县委创先办 → city@yiyang.gov.cn(暂不发送):" in held.output  # where it would go, and why not
    args.append("--force")  # sent up all the same, the mail saying what is missing
    dry = CliRunner().invoke(main, args)
    assert dry.exit_code == 0, dry.output
    emls = sorted((out / "待发邮件").glob("*.eml"))
    kinds = {p.name.split("_")[1]: p for p in emls}
    assert len(emls) == 3 and set(kinds) == {"退回", "催报", "上报"}, [p.name for p in emls]
    assert "小淹镇党委" in dry.output and "名册中没有这个单位的邮箱" in dry.output

    back = email.message_from_bytes(kinds["退回"].read_bytes(), policy=email.policy.default)
    assert back["To"] == "la@163.com"  # the address the file came from
    # the period named, as the 上报 names it: June's and December's mails are told apart
    assert str(email.header.make_header(email.header.decode_header(back["Subject"]))) \
        == "【退回修改】乐安镇党委 2011年上半年领导点评和群众评议统计表"
    (attached,) = list(back.iter_attachments())
    assert attached.get_filename() == "乐安镇党委_审核意见.xlsx"
    assert attached.get_content() == (out / "退回" / "乐安镇党委_审核意见.xlsx").read_bytes()
    body = back.get_body(("plain",)).get_content()
    assert "未能计入2011年上半年汇总" in body
    assert "十二个人左右" in body and "请于7月5日前" in body  # the problems from the summary, and the deadline
    # the file as the unit sent it (统计表.xlsx, on 6-21 09:00), not the inbox's name for it
    assert "您单位6月21日09:00报送的“统计表.xlsx”经审核" in body and "0621-0900" not in body
    remind = email.message_from_bytes(kinds["催报"].read_bytes(), policy=email.policy.default)
    assert remind["To"] == "mc@qq.com"
    assert str(email.header.make_header(email.header.decode_header(remind["Subject"]))) \
        == "【催报】梅城镇党委 2011年上半年领导点评和群众评议统计表"
    assert "本级尚未收到您单位的2011年上半年领导点评和群众评议统计表" in remind.get_body(("plain",)).get_content()
    assert "于7月5日前发送" in remind.get_body(("plain",)).get_content()  # dates written as the return mail writes them
    (template,) = list(remind.iter_attachments())
    assert template.get_filename() == "领导点评群众评议统计表_梅城镇党委.xlsx"
    up = email.message_from_bytes(kinds["上报"].read_bytes(), policy=email.policy.default)
    assert up["To"] == "city@yiyang.gov.cn"
    # the upward workbook (附件1–3 alone), not the working summary
    assert [a.get_filename() for a in up.iter_attachments()] == ["上报_安化县委创先办_2011-H1.xlsx"]
    # the period by its name; every unit missing named, by why
    assert str(email.header.make_header(email.header.decode_header(up["Subject"]))) \
        == f"【上报】{OFFICE} 2011年上半年领导点评和群众评议统计表汇总"
    up_body = up.get_body(("plain",)).get_content()
    assert "尚不完整" in up_body and "2011-H1" not in up_body and "2011年上半年" in up_body
    assert "已报送但被退回(1 个):乐安镇党委" in up_body and "未报送(2 个):梅城镇党委、小淹镇党委" in up_body
    # RFC 2231 (filename*=) read above; the RFC 2047 name= beside it for clients that read only that
    raw = kinds["退回"].read_bytes()
    assert b"filename*=utf-8''" in raw and b'name="=?UTF-8?B?' in raw
    fallback = str(email.header.make_header(email.header.decode_header(attached.get_param("name", header="content-type"))))
    assert fallback == "乐安镇党委_审核意见.xlsx"

    sending = args + ["--send", "--host", smtp_server.host, "--port", str(smtp_server.port), "--security", "none"]
    res = CliRunner().invoke(main, sending)
    assert res.exit_code == 0, res.output
    assert "→ city@yiyang.gov.cn:已发送\n" in res.output and ":250" not in res.output  # the server's reply: in the log
    log = [json.loads(line) for line in (out / "待发邮件" / "已发送.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(log) == 3 and all(line["answer"].startswith("250") for line in log)
    assert sorted(to[0] for _, to, _ in smtp_server.received) == ["city@yiyang.gov.cn", "la@163.com", "mc@qq.com"]
    for _, _, raw in smtp_server.received:
        got = email.message_from_bytes(raw, policy=email.policy.default)
        names = [a.get_filename() for a in got.iter_attachments()]
        assert names and all(n.endswith(".xlsx") and "?" not in n for n in names)
    again = CliRunner().invoke(main, sending)
    assert again.exit_code == 0 and "以前已发送" in again.output and len(smtp_server.received) == 3


def test_return_files_of_another_run_are_never_sent(tmp_path, make_unit, ts):
    """A merge stopped between switching in the summary and the 退回 folder leaves them from two
    runs: mail send says so and sends nothing."""
    import shutil

    out, roster = _setup(tmp_path, make_unit, ts)
    args = ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--roster", str(roster)]
    assert CliRunner().invoke(main, args).exit_code == 0
    older = tmp_path / "older-returns"
    shutil.copytree(out / "退回", older)
    # the next run (another day, other problems) replaced the summary, then was killed before 退回
    result = api.merge_inbox(tmp_path / "收件箱", period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1,
                             due=dt.date(2011, 6, 1))
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 7, 1))
    shutil.rmtree(out / "退回")
    shutil.copytree(older, out / "退回")
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1 and "不是同一次汇总写出的" in res.output and "重新审核汇总" in res.output
    shutil.rmtree(out / "退回")  # killed inside the switch: no 退回 at all, while files were sent back
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1 and "不是同一次汇总写出的" in res.output


def _sending(out, roster, smtp_server):
    return ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--name", OFFICE, "--roster", str(roster),
            "--up", "city@yiyang.gov.cn", "--force", "--send", "--host", smtp_server.host,
            "--port", str(smtp_server.port), "--security", "none"]


def test_a_refused_recipient_is_said_and_the_rest_is_sent(tmp_path, make_unit, ts, smtp_server):
    """A 550 at RCPT: that message is reported with its address in Chinese, the transaction is
    reset, and every other message goes (without RSET they all got 503 nested MAIL command)."""
    out, roster = _setup(tmp_path, make_unit, ts)
    smtp_server.refuse = {"la@163.com"}
    res = CliRunner().invoke(main, _sending(out, roster, smtp_server))
    assert res.exit_code == 1, res.output
    assert "收件人地址 la@163.com 被拒(550" in res.output and "{" not in res.output
    assert "503" not in res.output and "Traceback" not in res.output
    assert sorted(to[0] for _, to, _ in smtp_server.received) == ["city@yiyang.gov.cn", "mc@qq.com"]
    again = CliRunner().invoke(main, _sending(out, roster, smtp_server))  # the same on a re-run
    # the outcome of the one sent before (the list above it says so too)
    assert again.exit_code == 1 and "被拒(550" in again.output and again.output.count(":以前已发送") == 1
    assert "已发送的上报内容相同,未重复发送" in again.output  # the report known by its numbers
    assert len(smtp_server.received) == 2


def test_a_refused_recipient_says_what_to_do_and_the_count_not_sent(tmp_path, make_unit, ts, smtp_server):
    """550 User unknown for a roster's address (a reminder) and for the address a file came from (a
    return): each says what to do, and the closing line counts what was not sent."""
    out, roster = _setup(tmp_path, make_unit, ts)
    smtp_server.refuse = {"la@163.com", "mc@qq.com"}
    res = CliRunner().invoke(main, _sending(out, roster, smtp_server))
    assert res.exit_code == 1, res.output
    lines = res.output.splitlines()
    reminder = next(line for line in lines if "mc@qq.com 被拒" in line)
    assert reminder.endswith("请核对名册中该单位的邮箱后重新运行,其余已发送的不会重复发送。"), reminder
    returned = next(line for line in lines if "la@163.com 被拒" in line)
    assert "这是单位发来文件的地址,请电话联系该单位核实" in returned, returned
    assert lines[-1].startswith("已发送 1 封,2 封未发送;记录在"), lines[-1]


def test_a_connection_dropped_midway_leaves_the_rest_for_the_next_run(tmp_path, make_unit, ts, smtp_server):
    out, roster = _setup(tmp_path, make_unit, ts)
    smtp_server.drop_after = 1
    res = CliRunner().invoke(main, _sending(out, roster, smtp_server))
    assert res.exit_code == 1 and "中途断开" in res.output and "Traceback" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert len(smtp_server.received) == 1
    smtp_server.drop_after = None  # the line is back
    again = CliRunner().invoke(main, _sending(out, roster, smtp_server))
    assert again.exit_code == 0, again.output
    assert sorted(to[0] for _, to, _ in smtp_server.received) == ["city@yiyang.gov.cn", "la@163.com", "mc@qq.com"]


def test_a_unit_whose_file_could_not_be_opened_is_told_so(tmp_path, make_unit, ts, smtp_server):
    """A file sent back that could not be opened has no return file; its sender still gets a
    short mail naming the file and why (no attachment), in the dry run and when sending."""
    made, inbox, out = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果"
    good, _ = make_unit(made, "东坪镇党委", seed=1)
    broken, _ = make_unit(made, "乐安镇党委", seed=2)
    when = dt.datetime(2011, 6, 21, 9, 0, tzinfo=CHINA)
    (tmp_path / "a.eml").write_bytes(message("东坪镇党委", "dp@qq.com", "报表", when, [Attachment("统计表.xlsx", good.read_bytes())]))
    (tmp_path / "b.eml").write_bytes(message("乐安镇党委", "la@163.com", "报表", when,
                                             [Attachment("乐安镇党委.xlsx", broken.read_bytes()[:3000])]))  # cut short
    api.import_mail([tmp_path / "a.eml", tmp_path / "b.eml"], inbox)
    result = api.merge_inbox(inbox, period="2011-H1", unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))
    assert [e.name for e in result.summary.unopened] and not (out / "退回").exists()
    args = ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--name", OFFICE, "--due", "2011-07-05"]
    dry = CliRunner().invoke(main, args)
    assert dry.exit_code == 0, dry.output
    (eml,) = sorted((out / "待发邮件").glob("*.eml"))
    notice = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert notice["To"] == "la@163.com" and not list(notice.iter_attachments())
    text = notice.get_body(("plain",)).get_content()
    assert "无法打开" in text and "乐安镇党委.xlsx" in text and "7月5日前" in text and "另存为 .xlsx" in text
    res = CliRunner().invoke(main, args + ["--send", "--host", smtp_server.host, "--port", str(smtp_server.port),
                                           "--security", "none"])
    assert res.exit_code == 0 and [to for _, to, _ in smtp_server.received] == [["la@163.com"]], res.output


def test_a_return_goes_to_the_sender_else_to_the_rosters_address(tmp_path, make_unit, ts):
    """A file that came by mail is answered at the address it came from (the roster's named
    beside it); a file handed over otherwise (the desk's upload) at the roster's 邮箱."""
    made, inbox, out = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果"
    made.mkdir()
    bad = {ts.keys[0]: "十二个人左右"}
    mailed, _ = make_unit(made, "乐安镇党委", seed=1, values=bad)
    when = dt.datetime(2011, 6, 20, 9, 0, tzinfo=CHINA)
    (tmp_path / "a.eml").write_bytes(message("乐安镇党委", "la@163.com", "报表", when,
                                             [Attachment("统计表.xlsx", mailed.read_bytes())]))
    api.import_mail([tmp_path / "a.eml"], inbox)
    handed, _ = make_unit(made, "东坪镇党委", seed=2, values=bad, name="东坪.xlsx")
    api.add_to_inbox(inbox, "东坪.xlsx", handed.read_bytes())
    roster = tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit("乐安镇党委", (), "乡镇", "", 0, ("leann@anhua.gov.cn",)),
                                    RosterUnit("东坪镇党委", (), "乡镇", "", 0, ("dp@anhua.gov.cn",))])
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))
    plans = {p.unit: p for p in api.plan_mail(out, sender="czb@anhua.gov.cn", sender_name=OFFICE, roster=roster,
                                              due=dt.date(2011, 7, 8), dry_run=False) if p.kind == "退回"}
    assert plans["乐安镇党委"].to == "la@163.com" and "来件地址" in plans["乐安镇党委"].chosen
    assert "名册邮箱 leann@anhua.gov.cn" in plans["乐安镇党委"].chosen
    assert plans["东坪镇党委"].to == "dp@anhua.gov.cn" and plans["东坪镇党委"].chosen.startswith("名册邮箱")
    assert not plans["东坪镇党委"].note and "请于7月8日前" in plans["东坪镇党委"].body
    assert "dianping" not in plans["东坪镇党委"].body


def test_a_file_without_tables_is_not_told_it_could_not_be_opened(tmp_path, make_unit):
    """A readable file holding no statistics table: the unit is told what it lacks, not 无法打开."""
    import openpyxl

    from dianping_xlsx.send.outbox import plan_unopened, read_summary

    made, inbox, out = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果"
    good, _ = make_unit(made, "东坪镇党委", seed=1)
    plan = made / "工作安排.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "工作内容"])
    wb.active.append([1, "组织群众评议"])
    wb.save(plan)
    when = dt.datetime(2011, 6, 21, 9, 0, tzinfo=CHINA)
    (tmp_path / "a.eml").write_bytes(message("大福镇党委", "df@qq.com", "报表", when,
                                             [Attachment("工作安排.xlsx", plan.read_bytes())]))
    (tmp_path / "b.eml").write_bytes(message("东坪镇党委", "dp@qq.com", "报表", when,
                                             [Attachment("统计表.xlsx", good.read_bytes())]))
    api.import_mail([tmp_path / "a.eml", tmp_path / "b.eml"], inbox)
    result = api.merge_inbox(inbox, period="2011-H1", unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))
    (mail,) = plan_unopened(read_summary(out), dt.date(2011, 7, 5), OFFICE)
    assert mail.to == "df@qq.com" and "报送的文件中没有统计表" in mail.subject
    assert "无法打开" not in mail.body and "中没有找到统计表" in mail.body


def test_a_unit_whose_mail_came_but_was_not_saved_is_told_why(tmp_path, make_unit, ts):
    """A unit that sent its tables as a .rar (from its roster address), and one without a roster
    address that sent a mail without attachment: each reminder says what came and why it was not
    read (not 尚未收到), the second to the address it came from; a unit that sent nothing gets the
    usual reminder. The inbox is found beside the results, or given (--inbox) when it is elsewhere."""
    import shutil

    made, inbox, out = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果"
    good, _ = make_unit(made, "东坪镇党委", seed=1)
    when = dt.datetime(2011, 6, 24, 17, 30, tzinfo=CHINA)
    mails = [message("东坪镇党委", "dp@qq.com", "报表", when, [Attachment("统计表.xlsx", good.read_bytes())]),
             message("乐安", "la@163.com", "乐安镇", when, [Attachment("乐安镇党委.rar", b"Rar!\x1a\x07\x00 rar body",
                                                                     "rfc2231-gbk", "application/octet-stream")]),
             message("小淹镇党委", "xy@qq.com", "报表", when, [])]
    for n, raw in enumerate(mails):
        (tmp_path / f"{n}.eml").write_bytes(raw)
    api.import_mail([tmp_path / f"{n}.eml" for n in range(3)], inbox)
    roster = tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit("东坪镇党委", (), "乡镇", "", 0, ("dp@qq.com",)),
                                    RosterUnit("乐安镇党委", (), "乡镇", "", 0, ("la@163.com",)),
                                    RosterUnit("小淹镇党委", (), "乡镇", "", 0, ()),
                                    RosterUnit("梅城镇党委", (), "乡镇", "", 0, ("mc@qq.com",))])
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))

    def reminders(out, *more):
        res = CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--name", OFFICE,
                                        "--roster", str(roster), "--due", "2011-07-05", *more])
        assert res.exit_code == 0, res.output
        got = {}
        for eml in (out / "待发邮件").glob("*_催报_*.eml"):
            mail = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
            got[eml.stem.split("_", 2)[2]] = (mail["To"], mail.get_body(("plain",)).get_content())
        return got

    got = reminders(out)
    to, body = got["乐安镇党委"]
    assert to == "la@163.com" and "尚未收到" not in body
    assert "6月24日17:30发来的邮件“乐安镇”中的附件“乐安镇党委.rar”:.rar 压缩包不能自动解压。" in body
    assert "请对方" not in body and "收件文件夹" not in body  # the clerk's advice is not the unit's
    assert ".xlsx" in body and ".zip" in body and "不要用 .rar" in body and "于7月5日前重新发送" in body
    to, body = got["小淹镇党委"]
    assert to == "xy@qq.com" and "“报表”:这封邮件没有附件。" in body
    assert "本级尚未收到您单位的" in got["梅城镇党委"][1] and got["梅城镇党委"][0] == "mc@qq.com"

    elsewhere = tmp_path / "别处" / "汇总结果"
    shutil.copytree(out, elsewhere)
    shutil.rmtree(elsewhere / "待发邮件")
    assert "本级尚未收到" in reminders(elsewhere)["乐安镇党委"][1]  # no inbox found: as before
    assert ".rar" in reminders(elsewhere, "--inbox", str(inbox))["乐安镇党委"][1]


def test_a_returned_ledger_is_asked_for_again_not_its_return_file(tmp_path, ts):
    """A commitment ledger sent back: its mail says to correct the ledger file itself (the return
    file has no tables, no red cells) and names it in the subject."""
    from .test_documents_words import _commitments

    inbox, out = tmp_path / "收件箱", tmp_path / "汇总结果"
    inbox.mkdir()
    _commitments(ts, tmp_path / "ledger", inbox / "公开承诺台账_烟溪镇党委.xlsx", "烟溪镇党委")
    result = api.merge_inbox(inbox, period="2011-H1", unit_name=OFFICE, due="2011-06-28")
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))
    plan, = [p for p in api.plan_mail(out, sender="czb@anhua.gov.cn", sender_name=OFFICE, due=dt.date(2011, 7, 8))
             if p.kind == "退回"]
    assert plan.subject == "【退回修改】烟溪镇党委 2011年上半年 公开承诺台账_烟溪镇党委.xlsx"
    assert "标红" not in plan.body and "在原文件“公开承诺台账_烟溪镇党委.xlsx”中改正" in plan.body
    assert [p.name for p in plan.attachments] == ["烟溪镇党委_台账_审核意见.xlsx"]


def test_a_return_is_not_mailed_again_for_another_days_merge(tmp_path, make_unit, ts, smtp_server):
    """The same unit's file with the same problems, merged again another day (new return-file bytes):
    its 退回 mail is not sent twice; a new file from the unit, sent back again, is a new mail."""
    out, roster = _setup(tmp_path, make_unit, ts)
    sending = _sending(out, roster, smtp_server)
    assert CliRunner().invoke(main, sending).exit_code == 0
    returned = [to for _, to, _ in smtp_server.received if to == ["la@163.com"]]
    assert len(returned) == 1
    inbox = tmp_path / "收件箱"
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 7, 2))  # another day: new bytes
    again = CliRunner().invoke(main, sending)
    assert again.exit_code == 0 and "以前已发送" in again.output, again.output
    assert [to for _, to, _ in smtp_server.received].count(["la@163.com"]) == 1
    # the unit sends a new file, still wrong in another cell: returned again, mailed again
    made = tmp_path / "made2"
    made.mkdir()
    path, _ = make_unit(made, "乐安镇党委", seed=30, values={ts.keys[1]: "二十左右"})
    when = dt.datetime(2011, 6, 28, 9, 0, tzinfo=CHINA)
    (tmp_path / "new.eml").write_bytes(message("乐安镇党委", "la@163.com", "更正", when,
                                               [Attachment("统计表.xlsx", path.read_bytes())]))
    api.import_mail([tmp_path / "new.eml"], inbox)
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 7, 3))
    third = CliRunner().invoke(main, sending)
    assert third.exit_code == 0, third.output
    assert [to for _, to, _ in smtp_server.received].count(["la@163.com"]) == 2
