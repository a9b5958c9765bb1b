"""Attachments as units really send them: a long Chinese file name (the whole title of the cover
letter), a saved mail (.eml) attached as a plain file. Each still reaches the inbox as a table the
merge reads."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main

from .mailcorpus import Attachment, gbk_zip, message

CHINA = dt.timezone(dt.timedelta(hours=8))
WHEN = dt.datetime(2011, 6, 23, 15, 0, tzinfo=CHINA)
# 58 characters before .xlsx, 179 bytes: with the time and sender in front, over the 200 bytes a saved name may take
LONG = "田庄镇党委关于报送二〇一一年上半年创先争优活动领导点评和群众评议等工作情况统计表及有关材料的报告附件一至附件三请审核"


def test_a_long_attachment_name_keeps_its_extension_and_the_unit_is_counted(tmp_path, make_unit):
    path, _ = make_unit(tmp_path, "田庄镇党委", seed=7)
    eml = tmp_path / "long.eml"
    eml.write_bytes(message("田庄镇党委", "unit021@county.test", "报表", WHEN,
                            [Attachment(f"{LONG}.xlsx", path.read_bytes(), "rfc2231-utf8-continued")], client="apple"))
    inbox = tmp_path / "收件箱"
    res = CliRunner().invoke(main, ["mail", "import", str(eml), "--inbox", str(inbox)])
    assert res.exit_code == 0, res.output
    (saved,) = [p for p in inbox.iterdir() if p.is_file()]
    assert saved.suffix == ".xlsx" and saved.name.startswith("0623-1500_田庄镇党委_田庄镇党委关于报送")
    assert len(saved.name.encode("utf-8")) <= 200
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert [s.unit for s in result.accepted] == ["田庄镇党委"]


def test_a_long_name_in_a_zip_or_handed_over_keeps_its_extension(tmp_path, make_unit):
    path, _ = make_unit(tmp_path, "田庄镇党委", seed=8)
    inbox = tmp_path / "收件箱"
    long_name = LONG * 2 + ".xlsx"  # 116 characters, 353 bytes: over the 150 bytes a handed name may take
    handed = api.hand_to_inbox(inbox, long_name, path.read_bytes())
    assert [p.suffix for p in handed.saved] == [".xlsx"]
    zipped = api.hand_to_inbox(tmp_path / "收件箱2", "报表.zip", gbk_zip({LONG * 4 + ".xlsx": path.read_bytes()}))
    assert [p.suffix for p in zipped.saved] == [".xlsx"]  # a member name over 200 characters too


def test_safe_names_keep_the_extension_and_unit_names_are_cut_as_before():
    from dianping_xlsx.files import safe_filename

    assert safe_filename(LONG + ".xlsx", 60) == LONG[:18] + ".xlsx"
    assert safe_filename("县委办公室党支部" * 10, 30) == "县委办公室党支部县委"  # no extension: cut at the end
    assert safe_filename("a/b:c.xlsx") == "a_b_c.xlsx" and safe_filename(" .") == "未命名单位"
