"""The 上报 mail after a second merge: each merge writes the upward workbook anew (new bytes), so
what went up is known by its numbers. The same numbers are not mailed up again; changed numbers
go up as a correction that says which earlier report it replaces."""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.policy

from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main

from .mailcorpus import Attachment, message
from .mailservers import smtp_server  # noqa: F401 - fixture
from .test_mail_send import CHINA, OFFICE, _setup


def _send(out, roster, server):
    return CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--name", OFFICE,
                                     "--roster", str(roster), "--up", "city@yiyang.gov.cn", "--force", "--send",
                                     "--host", server.host, "--port", str(server.port), "--security", "none"])


def _merge(inbox, out, roster, day):
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1)
    api.write_summary(result, out, unit_name=OFFICE, day=day)


def _ups(server) -> list:
    found = []
    for _, to, raw in server.received:
        if to == ["city@yiyang.gov.cn"]:
            found.append(email.message_from_bytes(raw, policy=email.policy.default))
    return found


def _subject(msg) -> str:
    return str(email.header.make_header(email.header.decode_header(msg["Subject"])))


def test_the_same_numbers_go_up_once_and_a_correction_says_so(tmp_path, make_unit, ts, smtp_server):
    out, roster = _setup(tmp_path, make_unit, ts)
    inbox = tmp_path / "收件箱"
    first = _send(out, roster, smtp_server)
    assert first.exit_code == 0, first.output
    assert [_subject(m) for m in _ups(smtp_server)] == [f"【上报】{OFFICE} 2011年上半年领导点评和群众评议统计表汇总"]
    upward = next(out.glob("上报_*.xlsx"))
    before = upward.read_bytes()

    _merge(inbox, out, roster, dt.date(2011, 7, 2))  # merged again, nothing changed: new bytes, same numbers
    assert upward.read_bytes() != before
    (up,) = [p for p in api.plan_mail(out, sender="czb@anhua.gov.cn", sender_name=OFFICE, roster=roster,
                                      up="city@yiyang.gov.cn", force=True) if p.kind == "上报"]
    assert up.repeat.endswith("已发送的上报内容相同,未重复发送")  # the preview says so before sending
    assert not list((out / "待发邮件").glob("*_上报_*.eml"))  # and writes no .eml that will not go
    again = _send(out, roster, smtp_server)
    assert again.exit_code == 0, again.output
    assert len(_ups(smtp_server)) == 1, again.output
    assert "上报 安化县委创先办 → city@yiyang.gov.cn:与" in again.output
    assert "已发送的上报内容相同,未重复发送" in again.output

    # 乐安镇党委 sends its corrected table: the totals change, the report goes up as a correction
    fixed, _ = make_unit(tmp_path / "made2", "乐安镇党委", seed=11)
    when = dt.datetime(2011, 7, 3, 9, 0, tzinfo=CHINA)
    (tmp_path / "fixed.eml").write_bytes(message("乐安镇党委", "la@163.com", "改正后的报表", when,
                                                 [Attachment("统计表.xlsx", fixed.read_bytes())]))
    api.import_mail([tmp_path / "fixed.eml"], inbox)
    _merge(inbox, out, roster, dt.date(2011, 7, 4))
    third = _send(out, roster, smtp_server)
    assert third.exit_code == 0, third.output
    ups = _ups(smtp_server)
    assert len(ups) == 2, third.output
    assert _subject(ups[1]) == f"【更正】【上报】{OFFICE} 2011年上半年领导点评和群众评议统计表汇总(重新报送)"
    body = ups[1].get_body(("plain",)).get_content()
    assert "因汇总数字有变动,现重新报送" in body and "请以本次为准" in body
    assert "本单位已于" in body and "报送过2011年上半年领导点评和群众评议统计表汇总" in body

    fourth = _send(out, roster, smtp_server)  # the correction itself is not sent twice
    assert fourth.exit_code == 0 and len(_ups(smtp_server)) == 2, fourth.output


def _hand_edit(upward, value, resave_with, tmp_path):
    """The clerk types a number into the 上报 with openpyxl (its document properties, the digest
    merge wrote among them, kept), then maybe saves it again in LibreOffice, as an office suite does."""
    import shutil
    import subprocess

    import openpyxl
    import pytest

    book = openpyxl.load_workbook(upward)
    book["附件2"]["C6"] = value
    book.save(upward)
    if resave_with == "soffice":
        from .conftest import soffice

        if soffice() is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        there = tmp_path / "lo"
        subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(there), str(upward)],
                       check=True, capture_output=True, timeout=240)
        shutil.move(there / upward.name, upward)


def test_a_report_changed_by_hand_goes_up_as_it_is_now(tmp_path, make_unit, ts, smtp_server):
    """The digest is of the numbers the file holds when it is sent (read as the city reads it),
    not the one merge wrote into it: a 上报 corrected by hand goes up as a correction, and the
    right numbers merged again after it go up again (the city has the hand-typed ones)."""
    import pytest

    for resave_with in ("openpyxl", "soffice"):
        where = tmp_path / resave_with
        where.mkdir()
        out, roster = _setup(where, make_unit, ts)
        server_before = len(_ups(smtp_server))
        assert _send(out, roster, smtp_server).exit_code == 0
        upward = next(out.glob("上报_*.xlsx"))
        try:
            _hand_edit(upward, 330, resave_with, where)
        except pytest.skip.Exception:
            continue
        edited = _send(out, roster, smtp_server)
        assert edited.exit_code == 0, edited.output
        assert "上报 安化县委创先办 → city@yiyang.gov.cn:已发送" in edited.output, edited.output
        ups = _ups(smtp_server)[server_before:]
        assert len(ups) == 2 and _subject(ups[1]).startswith("【更正】【上报】"), edited.output

        _merge(where / "收件箱", out, roster, dt.date(2011, 7, 2))  # the right numbers again: not what went up last
        again = _send(out, roster, smtp_server)
        assert again.exit_code == 0, again.output
        ups = _ups(smtp_server)[server_before:]
        assert len(ups) == 3 and _subject(ups[2]).startswith("【更正】【上报】"), again.output
        assert "上报 安化县委创先办 → city@yiyang.gov.cn:已发送" in again.output, again.output
        assert "已发送的上报内容相同,未重复发送" in _send(out, roster, smtp_server).output  # unchanged: once


def test_a_report_spoiled_by_hand_is_said_before_it_goes(tmp_path, make_unit, ts):
    """A 上报 the level above will send back (text typed into a number cell) is said in the
    preview, with its cell, before it goes up."""
    import openpyxl

    out, roster = _setup(tmp_path, make_unit, ts)
    upward = next(out.glob("上报_*.xlsx"))
    book = openpyxl.load_workbook(upward)
    book["附件2"]["C6"] = "三十多"
    book.save(upward)
    (up,) = [p for p in api.plan_mail(out, sender="czb@anhua.gov.cn", sender_name=OFFICE, roster=roster,
                                      up="city@yiyang.gov.cn", force=True) if p.kind == "上报"]
    assert "附件2!C6" in up.caution and "上级汇总时会退回" in up.caution, up.caution
    assert "。。" not in up.caution, up.caution  # the problem's own sentence ends once
