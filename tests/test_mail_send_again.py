"""What mail send sends again and what its dry run offers: a message is known by what the unit
reads (subject, text, attachments), so a reminder whose deadline changed goes again although its
template (hunan-2011's states no deadline) keeps its bytes; the dry run never offers a message the
sent log says went before; 待发邮件 holds only the .eml files of the last dry run."""

from __future__ import annotations

import csv
import email
import email.policy

from click.testing import CliRunner

from dianping_xlsx.cli import main

from .mailservers import smtp_server  # noqa: F401 - fixture
from .test_mail_send import OFFICE, _setup


def _args(out, roster, due: str, *more) -> list[str]:
    return ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--name", OFFICE, "--roster", str(roster),
            "--up", "city@yiyang.gov.cn", "--force", "--due", due, *more]


def _sending(smtp_server) -> list[str]:
    return ["--send", "--host", smtp_server.host, "--port", str(smtp_server.port), "--security", "none"]


def _plan_notes(out) -> dict[tuple[str, str], str]:
    """(kind, unit) -> 说明 of 待发邮件清单.csv."""
    with open(out / "待发邮件" / "待发邮件清单.csv", encoding="utf-8-sig", newline="") as fh:
        return {(row["类别"], row["单位"]): row["说明"] for row in csv.DictReader(fh)}


def test_a_reminder_goes_again_when_its_deadline_changed(tmp_path, make_unit, ts, smtp_server):
    out, roster = _setup(tmp_path, make_unit, ts)
    first = CliRunner().invoke(main, _args(out, roster, "2011-07-05", *_sending(smtp_server)))
    assert first.exit_code == 0, first.output
    assert [to for _, to, _ in smtp_server.received].count(["mc@qq.com"]) == 1

    same = CliRunner().invoke(main, _args(out, roster, "2011-07-05"))  # the dry run of what went: nothing to send
    assert same.exit_code == 0 and "共 4 封,0 封已写入" in same.output, same.output
    assert not list((out / "待发邮件").glob("*.eml"))  # nothing written as to send
    assert _plan_notes(out)[("催报", "梅城镇党委")] == "以前已发送,未重复发送"

    later = CliRunner().invoke(main, _args(out, roster, "2011-07-10"))  # a new deadline: a new reminder
    assert later.exit_code == 0 and "共 4 封,2 封已写入" in later.output, later.output
    (eml,) = (out / "待发邮件").glob("*_催报_*.eml")
    assert "于7月10日前发送" in email.message_from_bytes(eml.read_bytes(), policy=email.policy.default) \
        .get_body(("plain",)).get_content()
    assert _plan_notes(out)[("催报", "梅城镇党委")] == ""
    sent = CliRunner().invoke(main, _args(out, roster, "2011-07-10", *_sending(smtp_server)))
    assert sent.exit_code == 0 and "梅城镇党委 → mc@qq.com:已发送" in sent.output, sent.output
    assert [to for _, to, _ in smtp_server.received].count(["mc@qq.com"]) == 2
    assert [to for _, to, _ in smtp_server.received].count(["la@163.com"]) == 2  # the return states it too
    assert [to for _, to, _ in smtp_server.received].count(["city@yiyang.gov.cn"]) == 1  # the same numbers


def test_a_new_dry_run_leaves_none_of_the_old_ones_mails(tmp_path, make_unit, ts):
    """乐安镇党委 resubmits a corrected file: the next dry run has no 退回 for it, and the old one's
    .eml (numbered 001 as a new one is) is gone; the clerk's own files in 待发邮件 stay."""
    import datetime as dt

    import dianping_xlsx as api

    from .mailcorpus import Attachment, message
    from .test_mail_send import CHINA

    out, roster = _setup(tmp_path, make_unit, ts)
    assert CliRunner().invoke(main, _args(out, roster, "2011-07-05")).exit_code == 0
    before = sorted(p.name for p in (out / "待发邮件").glob("*.eml"))
    assert before == ["001_退回_乐安镇党委.eml", "002_催报_梅城镇党委.eml", "004_上报_安化县委创先办.eml"], before
    mine = {"001_退回_给乐安的说明.eml": b"Subject: hand-written\r\n\r\n...\r\n", "备注.txt": "联系人 张三".encode()}
    for name, data in mine.items():
        (out / "待发邮件" / name).write_bytes(data)

    made = tmp_path / "made2"
    made.mkdir()
    fixed, _ = make_unit(made, "乐安镇党委", seed=11)
    (tmp_path / "fixed.eml").write_bytes(message("乐安镇党委", "la@163.com", "更正", dt.datetime(2011, 6, 28, 9, 0, tzinfo=CHINA),
                                                 [Attachment("统计表.xlsx", fixed.read_bytes())]))
    api.import_mail([tmp_path / "fixed.eml"], tmp_path / "收件箱")
    result = api.merge_inbox(tmp_path / "收件箱", period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 7, 1))
    again = CliRunner().invoke(main, _args(out, roster, "2011-07-05"))
    assert again.exit_code == 0 and "退回" not in again.output, again.output
    after = sorted(p.name for p in (out / "待发邮件").glob("*.eml"))
    assert after == ["001_催报_梅城镇党委.eml", "001_退回_给乐安的说明.eml", "003_上报_安化县委创先办.eml"], after
    assert all((out / "待发邮件" / name).read_bytes() == data for name, data in mine.items())
    assert not list((out / "待发邮件").glob(".tmp-*"))


def test_a_forced_report_groups_the_units_missing_as_the_level_above_reads_them(tmp_path, make_unit, ts):
    """A unit whose mail came without attachment, one that sent a .rar: the 上报 mail (--force) lists
    them under 未报送 with the units that sent nothing, never under the 未报单位 sheet's details."""
    import datetime as dt

    import dianping_xlsx as api
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    from .mailcorpus import Attachment, message
    from .test_mail_send import CHINA

    made, inbox, out = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果"
    good, _ = make_unit(made, "东坪镇党委", seed=1)
    wrong, _ = make_unit(made, "仙溪镇党委", seed=2, values={ts.keys[0]: "十二个人左右"})
    when = dt.datetime(2011, 6, 24, 17, 30, tzinfo=CHINA)
    mails = [message("东坪镇党委", "dp@qq.com", "报表", when, [Attachment("统计表.xlsx", good.read_bytes())]),
             message("仙溪镇党委", "xx@qq.com", "报表", when, [Attachment("统计表.xlsx", wrong.read_bytes())]),
             message("乐安", "la@163.com", "乐安镇", when, [Attachment("乐安镇党委.rar", b"Rar!\x1a\x07\x00 rar body",
                                                                     "rfc2231-gbk", "application/octet-stream")]),
             message("小淹镇党委", "xy@qq.com", "Re: 【催报】小淹镇党委", when, [])]
    for n, raw in enumerate(mails):
        (tmp_path / f"{n}.eml").write_bytes(raw)
    api.import_mail([tmp_path / f"{n}.eml" for n in range(len(mails))], inbox)
    roster = tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit(u, (), "乡镇", "", 0, (a,)) for u, a in
                                    (("东坪镇党委", "dp@qq.com"), ("仙溪镇党委", "xx@qq.com"), ("乐安镇党委", "la@163.com"),
                                     ("小淹镇党委", "xy@qq.com"), ("梅城镇党委", "mc@qq.com"))])
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))
    up, = [p for p in api.plan_mail(out, sender="czb@anhua.gov.cn", sender_name=OFFICE, roster=roster,
                                    up="city@yiyang.gov.cn", force=True, due="2011-07-05") if p.kind == "上报"]
    assert "缺少以下 4 个单位:\n" in up.body, up.body
    assert "  已报送但被退回(1 个):仙溪镇党委\n" in up.body
    assert "  未报送(3 个):乐安镇党委、小淹镇党委、梅城镇党委\n" in up.body
    assert "邮件" not in up.body and "附件" not in up.body and "rar" not in up.body
