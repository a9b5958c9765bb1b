"""A roster that cannot be read is said as the office's own file: a folder given where the roster
goes, a path that is not there, a pipe, a damaged roster — never in the words meant for a unit's
file in the inbox (放进收件文件夹, 不必通知报送单位, 重新发送)."""

from __future__ import annotations

import os

import pytest

from dianping_xlsx import RosterError, load_roster, merge_inbox, write_roster

UNIT_WORDS = ("收件文件夹", "报送单位", "重新发送", "重新汇总")


def _said(path) -> str:
    with pytest.raises(RosterError) as caught:
        load_roster(path)
    said = str(caught.value)
    assert caught.value.exit_code == 2
    assert not [w for w in UNIT_WORDS if w in said], said
    return said


def test_a_folder_or_a_missing_roster_is_said_as_the_command_says_it(tmp_path, make_unit):
    assert _said(tmp_path) == f"“{tmp_path}”是一个文件夹,这里要写名册。名册是一个表格文件(单位名册.xlsx)。"
    missing = tmp_path / "单位名册.xlsx"
    assert _said(missing) == f"名册“{missing}”不存在,请检查路径是否写对。"
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "梅城镇党委", seed=1)
    with pytest.raises(RosterError, match="是一个文件夹,这里要写名册"):
        merge_inbox(inbox, period="2011-H1", roster=tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_given_as_the_roster_is_not_opened(tmp_path):
    pipe = tmp_path / "单位名册.xlsx"
    os.mkfifo(pipe)
    said = _said(pipe)
    assert "不是普通文件(管道或设备)" in said and "请写名册文件本身的路径" in said, said


def test_a_damaged_roster_is_to_be_saved_again_by_the_office(tmp_path):
    roster = write_roster(tmp_path / "单位名册.xlsx")
    roster.write_bytes(roster.read_bytes()[:300])  # cut short, as a copy broken off
    said = _said(roster)
    assert f"名册“{roster}”无法读取:文件已损坏或不完整" in said and "打开名册,另存为 .xlsx 后再使用" in said, said
