"""A .zip (Windows' 发送到 → 压缩文件夹, 7-Zip) or a folder handed to the inbox keeps its folders: a
unit's 统计表.xlsx without 填报单位 in 乡镇/烟溪镇党委/ is still known by its folder, on the desk and
by mail alike. Folders are named as file names are, never lead out of the inbox, and a file whose
bytes are there already (in any folder) is not stored again."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.files import LinkRefused
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .conftest import status_of
from .mailcorpus import Attachment, gbk_zip, message

H1 = ("--period", "2011-H1", "--date", "2011-06-30", "--unit-name", "安化县委创先办")
CHINA = dt.timezone(dt.timedelta(hours=8))
UNITS = ["烟溪镇党委", "马路镇党委", "东坪镇党委"]


def _packed(make_unit, tmp_path) -> bytes:
    """The county's inbox zipped by Windows: two units' 统计表.xlsx with 填报单位 left blank, each
    in a folder named after its unit, and one unit's file named after it."""
    made = tmp_path / "made"
    blank = [make_unit(made / unit, "", seed=n, name="统计表.xlsx")[0].read_bytes() for n, unit in enumerate(UNITS[:2])]
    named = make_unit(made, "东坪镇党委", seed=3)[0].read_bytes()
    return gbk_zip({"收件箱/乡镇/烟溪镇党委/统计表.xlsx": blank[0], "收件箱/乡镇/马路镇党委/统计表.xlsx": blank[1],
                    "收件箱/乡镇/东坪镇党委.xlsx": named})


def _merged(ts, inbox, tmp_path) -> dict[str, tuple[str, str, str]]:
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit(u, (), "乡镇") for u in UNITS])
    out = tmp_path / "汇总"
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *H1, "--roster", str(roster)])
    assert "未报(含退回)0 个" in res.output, res.output
    return status_of(out / "汇总表_2011-H1.xlsx")


def test_a_windows_zip_keeps_its_folders_and_they_name_the_units(ts, make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    packed = _packed(make_unit, tmp_path)
    handed = api.hand_to_inbox(inbox, "发送到压缩文件夹.zip", packed)
    assert sorted(p.relative_to(inbox).as_posix() for p in handed.saved) == [
        "收件箱/乡镇/东坪镇党委.xlsx", "收件箱/乡镇/烟溪镇党委/统计表.xlsx", "收件箱/乡镇/马路镇党委/统计表.xlsx"]
    status = _merged(ts, inbox, tmp_path)
    assert status["收件箱/乡镇/烟溪镇党委/统计表.xlsx"][:2] == ("烟溪镇党委", "已采用")
    assert status["收件箱/乡镇/马路镇党委/统计表.xlsx"][:2] == ("马路镇党委", "已采用")
    again = api.hand_to_inbox(inbox, "发送到压缩文件夹(2).zip", packed)  # the same bytes, in any folder: stored once
    assert again.saved == [] and sorted(there for _, there in again.same) == sorted(handed.saved)


def test_a_zips_folders_are_named_safely_and_stay_inside_the_inbox(make_unit, tmp_path):
    table = make_unit(tmp_path / "made", "东坪镇党委", seed=1)[0].read_bytes()
    other = make_unit(tmp_path / "made", "江南镇党委", seed=2)[0].read_bytes()
    third = make_unit(tmp_path / "made", "小淹镇党委", seed=3)[0].read_bytes()
    inbox = tmp_path / "desk" / "收件箱"
    packed = gbk_zip({"../../外面/东坪镇党委.xlsx": table, "LPT1/报表:六月/江南镇党委.xlsx": other,
                      "邮件记录/小淹镇党委.xlsx": third})
    handed = api.hand_to_inbox(inbox, "报表.zip", packed)
    assert sorted(p.relative_to(inbox).as_posix() for p in handed.saved) == [
        "LPT1_/报表_六月/江南镇党委.xlsx", "外面/东坪镇党委.xlsx", "邮件记录_/小淹镇党委.xlsx"]  # never into 邮件记录: merge skips it
    assert [p for p in tmp_path.rglob("*.xlsx") if inbox not in p.parents and "made" not in p.parts] == []

    outside = tmp_path / "别处"
    outside.mkdir()
    (inbox / "乡镇").symlink_to(outside, target_is_directory=True)
    with pytest.raises(LinkRefused):  # a link where a folder of the zip goes: never written through
        api.hand_to_inbox(inbox, "乡镇.zip", gbk_zip({"乡镇/马路镇党委.xlsx": third + b" "}))
    assert os.listdir(outside) == []


def test_a_zip_by_mail_keeps_its_folders_and_its_files_the_senders_mark(ts, make_unit, tmp_path):
    packed = _packed(make_unit, tmp_path)
    when = dt.datetime(2011, 6, 21, 10, 0, tzinfo=CHINA)
    (tmp_path / "zip.eml").write_bytes(message("县委办", "xwb@qq.com", "报表", when,
                                               [Attachment("各单位报表.zip", packed, "rfc2231-gbk", "application/zip")]))
    (tmp_path / "again.eml").write_bytes(message("县委办", "xwb@qq.com", "再发", when + dt.timedelta(hours=1),
                                                 [Attachment("各单位报表.zip", packed, "rfc2231-gbk", "application/zip")]))
    inbox = tmp_path / "收件箱"
    api.import_mail([tmp_path / "zip.eml", tmp_path / "again.eml"], inbox)
    saved = sorted(p.relative_to(inbox).as_posix() for p in api.inbox_files(inbox))
    assert saved == ["收件箱/乡镇/0621-1000_县委办_东坪镇党委.xlsx", "收件箱/乡镇/烟溪镇党委/0621-1000_县委办_统计表.xlsx",
                     "收件箱/乡镇/马路镇党委/0621-1000_县委办_统计表.xlsx"]  # the second mail's: the same bytes, not saved
    status = _merged(ts, inbox, tmp_path)
    assert status["收件箱/乡镇/烟溪镇党委/0621-1000_县委办_统计表.xlsx"][:2] == ("烟溪镇党委", "已采用")
    assert status["收件箱/乡镇/马路镇党委/0621-1000_县委办_统计表.xlsx"][:2] == ("马路镇党委", "已采用")
