"""A correction is not a late report: a unit reported on time by mail, was sent back with a return
mail asking for the correction by a date, and sent it by then. The merge after it says no 逾期; a
correction after that date is a late correction (not a late report); without a known date the
first report's time decides and the correction is noted."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.definitions import Key

from .conftest import sheet_rows
from .mailcorpus import Attachment, message

CHINA = dt.timezone(dt.timedelta(hours=8))
BAD = {Key("附件1", "其它基层党组织书记", "总人数", ""): 131, Key("附件1", "其它基层党组织书记", "参加点评人数", "第一次"): 311}


def _merge(inbox, out, roster, *more):
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--unit-name", "安化县委创先办",
                                    "--roster", str(roster), "--due", "2011-06-28", "--date", "2011-07-06", *more])
    assert res.exit_code in (0, 1), res.output
    return res.output, {r["单位"]: r for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况") if r["状态"] == "已采用"}


def _codes(out, unit):
    return [r["代码"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", "单位") if r["单位"] == unit
            and r["文件状态"] == "已采用" and r["代码"].startswith("date.")]


def test_a_correction_by_the_return_mails_date_is_not_late(tmp_path, make_unit, ts):
    made, inbox, out, roster = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果", tmp_path / "单位名册.xlsx"
    made.mkdir()
    write_blank_roster(ts, roster, [RosterUnit("县人民医院党委", (), "医院", "", 0, ("rmyy@qq.com",)),
                                    RosterUnit("县财政局党组", (), "县直机关", "", 0, ("czj@qq.com",))])
    first, _ = make_unit(made, "县人民医院党委", seed=1, name="first.xlsx", values=BAD)
    fixed, _ = make_unit(made, "县人民医院党委", seed=2, name="fixed.xlsx")
    late, _ = make_unit(made, "县财政局党组", seed=3)
    mails = [("人民医院", "rmyy@qq.com", dt.datetime(2011, 6, 21, 10, 0, tzinfo=CHINA), first),
             ("财政局", "czj@qq.com", dt.datetime(2011, 6, 30, 16, 0, tzinfo=CHINA), late)]
    for n, (who, address, when, path) in enumerate(mails):
        (tmp_path / f"{n}.eml").write_bytes(message(who, address, "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]))
    api.import_mail([tmp_path / "0.eml", tmp_path / "1.eml"], inbox)
    _merge(inbox, out, roster)
    # the return mail asks for the correction by July 5 (a dry run: the clerk mails the .eml herself)
    CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@qq.com", "--roster", str(roster),
                              "--due", "2011-07-05", "--inbox", str(inbox)])
    sent = email.message_from_bytes(next((out / "待发邮件").glob("*_退回_*.eml")).read_bytes(), policy=email.policy.default)
    assert "请于7月5日前" in sent.get_body(("plain",)).get_content()
    (tmp_path / "2.eml").write_bytes(message("人民医院", "rmyy@qq.com", "回复:【退回修改】", dt.datetime(2011, 7, 2, 9, 30, tzinfo=CHINA),
                                             [Attachment("县人民医院党委_审核意见.xlsx", fixed.read_bytes())], client="qq"))
    api.import_mail([tmp_path / "2.eml"], inbox)

    output, adopted = _merge(inbox, out, roster)
    assert adopted["县人民医院党委"]["逾期"] in ("", None)  # corrected by the date the return mail gave
    assert adopted["县财政局党组"]["逾期"] == "逾期"  # its only report came late
    assert "逾期报送 1 个" in output
    assert _codes(out, "县人民医院党委") == ["date.corrected-in-time"]

    _, adopted = _merge(inbox, out, roster, "--resubmit-due", "2011-07-01")  # a correction after the date given
    assert adopted["县人民医院党委"]["逾期"] in ("", None)
    assert "date.late-correction" in _codes(out, "县人民医院党委")

    elsewhere = tmp_path / "另一输出"  # nothing recorded there: the first report's time decides, the correction noted
    output, adopted = _merge(inbox, elsewhere, roster)
    assert adopted["县人民医院党委"]["逾期"] in ("", None) and "逾期报送 1 个" in output
    said = [r["问题说明"] for r in sheet_rows(elsewhere / "汇总表_2011-H1.xlsx", "问题明细", "单位")
            if r["代码"] == "date.corrected-in-time"]
    assert said == ["首次报送按时(收到时间 2011-06-21 10:00,截止日期 2011-06-28);这是退回后改正重报的文件,收到时间为 "
                    "2011-07-02 09:30(没有可核对的重报期限,按首次报送的时间判断),不算逾期。"]
