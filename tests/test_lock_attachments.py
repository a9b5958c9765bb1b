"""A lock file an office suite leaves beside an open workbook (Excel's and WPS's ~$X.xlsx,
LibreOffice's .~lock.X.xlsx#), attached to a mail beside the report: never saved by the intake, never
a unit sent back by merge, also when an inbox holds one saved by an older version under the mail prefix."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import dianping_xlsx as api
from dianping_xlsx.errors import DianpingError
from dianping_xlsx.model import ACCEPTED, IGNORED, REJECTED

from .mailcorpus import Attachment, message

CHINA = dt.timezone(dt.timedelta(hours=8))
OWNER = b"\x0bAdministrator" + b"\x00" * 150  # what Excel writes into ~$X.xlsx: the user's name
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _mail(tmp_path, make_unit):
    report, _ = make_unit(tmp_path / "made", "东坪镇党委", seed=3)
    when = dt.datetime(2011, 6, 17, 10, 0, tzinfo=CHINA)
    raw = message("东坪镇党委", "dongping@example.cn", "东坪镇党委报送统计表", when,
                  [Attachment("东坪镇党委.xlsx", report.read_bytes()),
                   Attachment("~$东坪镇党委.xlsx", OWNER),
                   Attachment(".~lock.东坪镇党委.xlsx#", b"Administrator,pc,pc,17.06.2011 10:00;", "rfc2047-utf8",
                              "application/octet-stream")])
    (tmp_path / "dongping.eml").write_bytes(raw)
    return tmp_path / "dongping.eml"


def _statuses(result) -> dict[str, tuple[str, str]]:
    return {e.name: (e.status, e.problems[0].code if e.problems else "") for e in result.entries}


def test_a_lock_file_attached_to_a_mail_is_not_saved_and_is_said(tmp_path, make_unit):
    inbox = tmp_path / "收件箱"
    report = api.import_mail([_mail(tmp_path, make_unit)], inbox)
    assert [p.name for p in inbox.iterdir() if p.is_file()] == ["0617-1000_东坪镇党委_东坪镇党委.xlsx"]
    assert [item for _, item in report.saved] == ["0617-1000_东坪镇党委_东坪镇党委.xlsx"]
    (record,) = [json.loads(line) for line in (inbox / "邮件记录" / "邮件清单.jsonl").read_text("utf-8").splitlines()]
    skipped = {a["name"]: a["reason"] for a in record["attachments"] if a["status"] == "skipped"}
    assert skipped == {"~$东坪镇党委.xlsx": "Excel/WPS 打开文件时留下的临时文件,不是报表,没有保存。",
                       ".~lock.东坪镇党委.xlsx#": "LibreOffice 打开文件时留下的临时文件,不是报表,没有保存。"}
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert _statuses(result) == {"0617-1000_东坪镇党委_东坪镇党委.xlsx": (ACCEPTED, "")}


@pytest.mark.parametrize("stamp", ["0617-1000_东坪镇党委_", "无日期_未知发件人_", "0617-1000_东坪_镇党委_"])
def test_a_lock_file_an_older_version_saved_under_the_mail_prefix_is_ignored_by_merge(tmp_path, make_unit, stamp):
    """An inbox filled by an older intake holds 0617-1000_东坪镇党委_~$东坪镇党委.xlsx: ignored as a lock
    file, not sent back to a unit called $东坪镇党委 as a damaged report."""
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "东坪镇党委", seed=3, name=f"{stamp}东坪镇党委.xlsx")
    (inbox / f"{stamp}~$东坪镇党委.xlsx").write_bytes(OWNER)
    (inbox / f"{stamp}.~lock.东坪镇党委.xlsx#").write_bytes(b"Administrator,pc;")
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert _statuses(result) == {f"{stamp}东坪镇党委.xlsx": (ACCEPTED, ""),
                                 f"{stamp}~$东坪镇党委.xlsx": (IGNORED, "file.lock"),
                                 f"{stamp}.~lock.东坪镇党委.xlsx#": (IGNORED, "file.lock")}
    assert not [e for e in result.entries if e.status == REJECTED]


def test_a_lock_file_handed_over_is_refused_with_why(tmp_path):
    with pytest.raises(DianpingError, match="临时文件,不是报表"):
        api.hand_to_inbox(tmp_path / "收件箱", "~$东坪镇党委.xlsx", OWNER)
    assert not list((tmp_path / "收件箱").glob("*.xlsx"))
