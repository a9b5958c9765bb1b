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


def _saved_mail_attached(outer_sender: str, name: str, inner: bytes, when: dt.datetime = WHEN) -> bytes:
    """A mail whose attachment is a saved mail (.eml) sent as a plain file, as a unit attaches one."""
    return message("", outer_sender, "补发报表", when, [Attachment(name, inner, "rfc2231-utf8-continued",
                                                                  "application/octet-stream")], client="apple")


def test_a_saved_mail_attached_as_a_file_is_opened_like_a_forwarded_one(tmp_path, make_unit):
    path, _ = make_unit(tmp_path, "长塘镇党委", seed=9)
    inner = message("长塘镇党委", "unit022@county.test", "长塘镇党委统计表", dt.datetime(2011, 6, 18, 9, 0, tzinfo=CHINA),
                    [Attachment("长塘镇党委统计表.xlsx", path.read_bytes())])
    folder = tmp_path / "导出"
    folder.mkdir()
    (folder / "a.eml").write_bytes(_saved_mail_attached("unit022@county.test", "长塘镇党委统计表.eml", inner))
    deep = inner
    for n in range(4):  # a mail in a mail in a mail ...: refused past the depth forwarded mails have
        deep = message("", "x@county.test", f"第{n}层", WHEN, [Attachment(f"第{n}层.eml", deep, "rfc2047-utf8",
                                                                           "application/octet-stream")])
    (folder / "b.eml").write_bytes(_saved_mail_attached("x@county.test", "套娃.eml", deep))
    (folder / "c.eml").write_bytes(_saved_mail_attached("y@county.test", "说明.eml", "只是一段文字".encode("gbk")))
    inbox = tmp_path / "收件箱"
    res = CliRunner().invoke(main, ["mail", "import", str(folder), "--inbox", str(inbox)])
    assert res.exit_code == 0, res.output
    assert "已保存:0623-1500_长塘镇党委_长塘镇党委统计表.xlsx" in res.output  # in the unit's name, not the outer sender's
    assert [p.name for p in inbox.iterdir() if p.is_file()] == ["0623-1500_长塘镇党委_长塘镇党委统计表.xlsx"]
    assert "套了超过 3 层" in res.output
    assert "附件“说明.eml”:附件名为 .eml,却不是能读取的邮件" in res.output
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert [s.unit for s in result.accepted] == ["长塘镇党委"]


def test_a_name_continued_over_pieces_cut_inside_a_character_is_whole(tmp_path, make_unit):
    """Thunderbird's RFC 2231 continuation (filename*0*=UTF-8''…; filename*1*=…), the pieces cut
    inside a character's bytes and inside one of its %XX escapes: joined before decoding, never
    saved as …2011%E5��上半年…"""
    import base64
    import urllib.parse

    path, _ = make_unit(tmp_path, "县教育局党委", seed=31)
    name = "县教育局党委2011年上半年领导点评和群众评议统计表(更正后).xlsx"
    quoted = urllib.parse.quote(name.encode("utf-8"))
    for cut in (60, 61):  # 60: between the bytes of 年; 61: inside the escape %E5
        head = (f"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n"
                f" name*0*=UTF-8''{quoted[:cut]};\r\n name*1*={quoted[cut:]}\r\n"
                f"Content-Disposition: attachment;\r\n filename*0*=UTF-8''{quoted[:cut]};\r\n filename*1*={quoted[cut:]}\r\n")
        eml = tmp_path / f"tb{cut}.eml"
        eml.write_bytes((f"From: jyj <jyj@ah.gov.cn>\r\nTo: czb@anhua.gov.cn\r\nSubject: bb\r\n"
                         f"Date: Fri, 24 Jun 2011 09:00:00 +0800\r\nMessage-ID: <tb{cut}@ah.gov.cn>\r\n"
                         f"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                         f"{head}Content-Transfer-Encoding: base64\r\n\r\n").encode()
                        + base64.encodebytes(path.read_bytes()).replace(b"\n", b"\r\n") + b"--b--\r\n")
        inbox = tmp_path / f"收件箱{cut}"
        api.import_mail([eml], inbox)
        (saved,) = [p for p in inbox.iterdir() if p.is_file()]
        assert saved.name == f"0624-0900_jyj_{name}", saved.name
