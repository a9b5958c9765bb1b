"""Mail intake from exported messages: every name encoding real clients use, archives,
forwarded messages, QQ's 超大附件 link, winmail.dat, duplicates, a broken message; saved once,
never overwriting, and a second run takes nothing again."""

from __future__ import annotations

import datetime as dt
import json
import mailbox
from pathlib import Path

import pytest
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.intake.parts import content_kind

from .conftest import tree_fingerprint
from .mailcorpus import NAME_STYLES, QQ_LARGE_HTML, Attachment, forwarded, gbk_zip, message

CHINA = dt.timezone(dt.timedelta(hours=8))
UNITS = ["东坪镇党委", "乐安镇党委", "仙溪镇党委", "县人民医院党委", "县公安局党委", "县卫生局党委",
         "县林业局党组", "梅城镇党委", "小淹镇党委", "县第一中学党委"]
CLIENTS = ["outlook", "foxmail", "qq", "apple"]


def build_messages(folder: Path, make_unit, tmp_path: Path) -> dict[str, Path]:
    """One .eml per unit (name styles cycling, all attachments called 统计表.xlsx or alike), and the
    awkward ones; returns the units' filled files by unit."""
    made = tmp_path / "made"
    made.mkdir()
    folder.mkdir()
    files = {}
    for n, unit in enumerate(UNITS):
        path, _ = make_unit(made, unit, seed=100 + n)
        files[unit] = path
        style = NAME_STYLES[n % len(NAME_STYLES)]
        when = dt.datetime(2011, 6, 20 + n % 8, 9 + n, 5, tzinfo=CHINA)
        raw = message(unit, f"unit{n}@qq.com", f"{unit}上半年报表", when,
                      [Attachment("统计表.xlsx", path.read_bytes(), style)], client=CLIENTS[n % 4])
        (folder / f"{n:02d}.eml").write_bytes(raw)
    when = dt.datetime(2011, 6, 29, 16, 0, tzinfo=CHINA)
    special = {
        # the same file sent again (a reminder answered twice): saved once
        "dup.eml": message(UNITS[0], "unit0@qq.com", "再发一次", when,
                           [Attachment("统计表.xlsx", files[UNITS[0]].read_bytes(), "rfc2047-utf8")], client="qq"),
        # a zip made by Windows' compressor (GBK member names), with a picture beside the table
        "zip.eml": message("县委组织部", "zzb@163.com", "报表打包", when,
                           [Attachment("报表.zip", gbk_zip({"组织部/领导点评统计表.xlsx": _table(make_unit, made, "县委组织部", 1),
                                                             "照片.jpg": b"\xff\xd8\xff\xe0 not a table"}),
                                       "rfc2231-gbk", "application/x-zip-compressed")], client="foxmail"),
        "rar.eml": message("县委宣传部", "xcb@163.com", "报表", when,
                           [Attachment("报表.rar", b"Rar!\x1a\x07\x00 rar body", "rfc2047-gbk", "application/octet-stream")]),
        "tnef.eml": message("县财政局党组", "czj@example.gov.cn", "报表", when,
                            [Attachment("winmail.dat", b"\x78\x9f\x3e\x22 tnef", "rfc2047-gbk", "application/ms-tnef")]),
        "qq-large.eml": message("县教育局党组", "jyj@qq.com", "超大附件", when, [], client="qq", html=QQ_LARGE_HTML),
        "doc.eml": message("县民政局党组", "mzj@qq.com", "说明", when,
                           [Attachment("情况说明.docx", b"PK\x03\x04word/", "rfc2047-gbk", "application/msword")]),
        # no file name at all: named after the subject, the suffix from the content
        "noname.eml": message("县审计局党组", "sjj@qq.com", "县审计局统计表", when,
                              [Attachment("", _table(make_unit, made, "县审计局党组", 2), "none")], client="qq"),
        "fwd.eml": forwarded("办公室转发", "bgs@example.gov.cn", when,
                             message("县水利局党组", "slj@qq.com", "水利局报表", when,
                                     [Attachment("统计表.xlsx", _table(make_unit, made, "县水利局党组", 3), "raw-gbk")],
                                     client="foxmail")),
        "broken.eml": b"From: x@y\r\nContent-Type: multipart/mixed; boundary=\"q\"\r\n\r\n--q\r\n"
                      b"Content-Type: application/vnd.ms-excel; name=a.xls\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                      b"!!!! not base64 at all \xff\xfe\r\n",
    }
    for name, raw in special.items():
        (folder / name).write_bytes(raw)
    return files


def _table(make_unit, folder: Path, unit: str, seed: int) -> bytes:
    return make_unit(folder, unit, seed=seed, name=f"{unit}-{seed}.xlsx")[0].read_bytes()


def test_import_saves_each_table_once_with_its_name(tmp_path, make_unit):
    messages, inbox = tmp_path / "导出的邮件", tmp_path / "收件箱"
    files = build_messages(messages, make_unit, tmp_path)
    before = tree_fingerprint(messages)
    res = CliRunner().invoke(main, ["mail", "import", str(messages), "--inbox", str(inbox)])
    assert res.exit_code == 0, res.output
    assert tree_fingerprint(messages) == before  # the exported messages are untouched

    saved = sorted(p.relative_to(inbox).as_posix() for p in api.inbox_files(inbox) if p.is_file())
    # ten units' 统计表.xlsx side by side, each named with its time and sender; the zip member (in
    # the zip's folder), the nameless table, the forwarded one; no duplicate, no picture, no .docx
    assert len(saved) == len(UNITS) + 3, saved
    assert "0620-0905_东坪镇党委_统计表.xlsx" in saved
    assert "0629-1600_县审计局党组_县审计局统计表.xlsx" in saved
    assert "组织部/0629-1600_县委组织部_领导点评统计表.xlsx" in saved
    assert "0629-1600_县水利局党组_统计表.xlsx" in saved  # forwarded: named after the unit that sent it
    for n, unit in enumerate(UNITS):  # every name encoding decoded to the same 统计表.xlsx
        (match,) = [s for s in saved if f"_{unit}_" in s]
        nameless = NAME_STYLES[n % len(NAME_STYLES)] == "none"
        assert match.endswith(f"_{unit}上半年报表.xlsx" if nameless else "_统计表.xlsx"), match
        assert (inbox / match).read_bytes() == files[unit].read_bytes()

    out = res.output
    assert "与已保存的“0620-0905_东坪镇党委_统计表.xlsx”完全相同" in out
    assert "rar 压缩包不能自动解压" in out
    assert "winmail.dat" in out and "TNEF" in out
    # a 超大附件 is named by the file its link stands for, as QQ mail lists it
    assert "附件“2011年统计表.xlsx(超大附件)”:邮件里是QQ邮箱“超大附件”“2011年统计表.xlsx”的下载链接" in out
    assert "情况说明.docx" in out and "不是表格文件" in out
    assert "照片.jpg" in out
    assert "a.xls" in out and "传送中损坏" in out  # the broken attachment is listed, not saved

    records = [json.loads(line) for line in (inbox / "邮件记录" / "邮件清单.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == len(UNITS) + 9
    zipped = next(r for r in records if r["sender"] == "zzb@163.com")
    assert [a["name"] for a in zipped["attachments"] if a["status"] == "saved"] == ["报表.zip → 组织部/领导点评统计表.xlsx"]
    assert (inbox / "邮件记录" / "邮件清单.xlsx").exists()

    # a second run takes nothing again and changes nothing
    snapshot = tree_fingerprint(inbox)
    again = CliRunner().invoke(main, ["mail", "import", str(messages), "--inbox", str(inbox)])
    assert again.exit_code == 0 and "新收取 0 封邮件" in again.output
    changed = {k for k in set(snapshot) | set(tree_fingerprint(inbox)) if snapshot.get(k) != tree_fingerprint(inbox).get(k)}
    assert changed <= {"邮件记录/邮件清单.xlsx"}


def test_a_file_of_the_same_name_is_never_overwritten(tmp_path, make_unit):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    path, _ = make_unit(tmp_path, UNITS[0], seed=1)
    when = dt.datetime(2011, 6, 20, 9, 5, tzinfo=CHINA)
    taken = inbox / "0620-0905_东坪镇党委_统计表.xlsx"
    taken.write_bytes(b"the clerk's own file")
    eml = tmp_path / "a.eml"
    eml.write_bytes(message(UNITS[0], "unit0@qq.com", "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]))
    report = api.import_mail([eml], inbox)
    assert taken.read_bytes() == b"the clerk's own file"
    assert report.saved[0][1] == "0620-0905_东坪镇党委_统计表_2.xlsx"


def test_saved_attachments_take_the_umasks_mode_as_the_mail_records_do(tmp_path, make_unit):
    import os
    import stat

    from dianping_xlsx.files import file_mode

    inbox = tmp_path / "收件箱"
    path, _ = make_unit(tmp_path, UNITS[0], seed=1)
    eml = tmp_path / "a.eml"
    eml.write_bytes(message(UNITS[0], "unit0@qq.com", "报表", dt.datetime(2011, 6, 20, 9, 5, tzinfo=CHINA),
                            [Attachment("统计表.xlsx", path.read_bytes())]))
    api.import_mail([eml], inbox)
    mask = os.umask(0o022)
    os.umask(mask)
    assert file_mode() == 0o666 & ~mask
    saved = inbox / "0620-0905_东坪镇党委_统计表.xlsx"
    assert stat.S_IMODE(saved.stat().st_mode) == file_mode()  # not mkstemp's 0o600: colleagues read the inbox
    assert stat.S_IMODE((inbox / "邮件记录" / "邮件清单.xlsx").stat().st_mode) == file_mode()


def test_mbox_and_merge_after_import_gives_the_hand_placed_totals(tmp_path, make_unit):
    made, by_hand, inbox = tmp_path / "made", tmp_path / "by-hand", tmp_path / "收件箱"
    made.mkdir()
    by_hand.mkdir()
    box = mailbox.mbox(str(tmp_path / "收件箱.mbox"))
    for n, unit in enumerate(UNITS):
        path, _ = make_unit(made, unit, seed=200 + n)
        (by_hand / f"{unit}.xlsx").write_bytes(path.read_bytes())
        when = dt.datetime(2011, 6, 21, 8 + n, 0, tzinfo=CHINA)
        box.add(message(unit, f"u{n}@163.com", "报表", when,
                        [Attachment("附件1-3.xlsx", path.read_bytes(), NAME_STYLES[n % 7])], client=CLIENTS[n % 4]))
    box.flush()
    report = api.import_mail([tmp_path / "收件箱.mbox"], inbox)
    assert len(report.saved) == len(UNITS)
    merged = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    hand = api.merge_inbox(by_hand, period="2011-H1", jobs=1)
    assert merged.totals == hand.totals and sum(merged.totals.values()) > 0
    statuses = {e.name: e.status for e in merged.entries}
    # the mail record is never read as a report, nor counted among the files (情况通报's 共收到N个文件)
    assert not [name for name in statuses if name.startswith("邮件记录")] and merged.summary.files == len(UNITS)


def test_content_decides_what_is_a_spreadsheet(tmp_path, make_unit):
    path, _ = make_unit(tmp_path, "某单位", seed=5)
    assert content_kind(path.read_bytes()) == ".xlsx"
    assert content_kind(gbk_zip({"a.txt": b"x"})) == ".zip"
    assert content_kind(b"%PDF-1.4") == ""


def test_merge_uses_the_manifest_for_newest_late_and_sender(tmp_path, make_unit):
    import openpyxl

    made, inbox = tmp_path / "made", tmp_path / "收件箱"
    made.mkdir()
    first, _ = make_unit(made, "东坪镇党委", seed=1, name="a.xlsx")
    second, values = make_unit(made, "东坪镇党委", seed=2, name="b.xlsx")  # the same 填报时间, new figures
    late, _ = make_unit(made, "乐安镇党委", seed=3)
    mails = [("东坪镇党委", "dp@qq.com", dt.datetime(2011, 6, 29, 9, 0, tzinfo=CHINA), second, "rfc2047-gbk"),
             ("东坪镇党委", "dp@qq.com", dt.datetime(2011, 6, 20, 9, 0, tzinfo=CHINA), first, "rfc2231-gbk"),
             ("乐安镇党委", "la@163.com", dt.datetime(2011, 7, 2, 8, 30, tzinfo=CHINA), late, "rfc2047-utf8")]
    for n, (unit, address, when, path, style) in enumerate(mails):
        (tmp_path / f"{n}.eml").write_bytes(message(unit, address, "报表", when,
                                                    [Attachment("统计表.xlsx", path.read_bytes(), style)]))
    # saved in the order the files were exported: the correction first (its mtime is the older one)
    api.import_mail([tmp_path / f"{n}.eml" for n in range(3)], inbox)
    result = api.merge_inbox(inbox, period="2011-H1", due=dt.date(2011, 6, 30), jobs=1)
    status = {e.name: e.status for e in result.entries}
    assert status["0629-0900_东坪镇党委_统计表.xlsx"] == "accepted"  # the last one received stands
    assert status["0620-0900_东坪镇党委_统计表.xlsx"] == "superseded"
    accepted = next(s for s in result.accepted if s.unit == "东坪镇党委")
    assert dict(accepted.values) == {k: v for k, v in values.items()}
    late_entry = next(e for e in result.entries if e.unit == "乐安镇党委")
    assert [p.message for p in late_entry.problems if p.code == "date.late-received"] == [
        "邮件收到时间为 2011-07-02 08:30,晚于报送截止日期 2011-06-30,属逾期报送(仍计入汇总)。"]

    written = api.write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 7, 5))
    ws = openpyxl.load_workbook(written.workbook)["报送情况"]
    header = [c.value for c in ws[4]]
    assert header[:8] == ["序号", "文件", "单位", "类型", "填报时间", "发件人", "收到时间", "状态"]
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[2] == "乐安镇党委")
    assert row[5] == "乐安镇党委 <la@163.com>" and row[6] == "2011-07-02 08:30" and row[8] == "逾期"


def test_the_roster_email_names_the_unit_of_a_file_without_one(tmp_path, make_unit, ts):
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    path, _ = make_unit(tmp_path, "", seed=4, name="无单位.xlsx")  # 填报单位 left empty
    when = dt.datetime(2011, 6, 22, 11, 0, tzinfo=CHINA)
    eml = tmp_path / "a.eml"
    eml.write_bytes(message("小王", "XiaoWang@QQ.com", "表", when, [Attachment("统计表.xlsx", path.read_bytes())]))
    inbox = tmp_path / "收件箱"
    api.import_mail([eml], inbox)
    roster = tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit("梅城镇党委", (), "乡镇", "", 0, ("xiaowang@qq.com",)),
                                    RosterUnit("小淹镇党委", (), "乡镇", "", 0, ())])
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, jobs=1)
    (sub,) = result.accepted
    assert sub.display_unit == "梅城镇党委"
    (matched,) = [p.message for p in sub.problems if p.code == "unit.matched"]
    # no placeholder quoted as if it were the name on the table
    assert matched.startswith("表上没有填写填报单位,按名册邮箱(xiaowang@qq.com)对应为“梅城镇党委”"), matched
    assert [u.name for u, _ in result.summary.missing] == ["小淹镇党委"]


def test_an_attachment_over_the_limit_is_listed_not_saved(tmp_path):
    when = dt.datetime(2011, 6, 22, 11, 0, tzinfo=CHINA)
    big = b"PK\x03\x04" + bytes(3 * 1024 * 1024)  # 3 MB, over a 2 MB limit
    eml = tmp_path / "big.eml"
    eml.write_bytes(message("县交通局党组", "jt@qq.com", "报表", when, [Attachment("统计表.xlsx", big)]))
    res = CliRunner().invoke(main, ["mail", "import", str(eml), "--inbox", str(tmp_path / "in"),
                                    "--limit", "max_file_mb=2"])
    assert res.exit_code == 0, res.output
    assert "附件 3 MB,超过 2 MB 的上限,没有保存" in res.output
    assert not [p for p in (tmp_path / "in").iterdir() if p.is_file()]


def test_outlook_msg_files_are_imported_like_eml(tmp_path, make_unit):
    """Outlook .msg (a compound file of MAPI properties, built by tests/msgfile.py): one as Outlook
    keeps a received message (transport headers, GBK encoded words), one with properties only,
    one saved as an ANSI .msg on Chinese Windows (strings in code page 936); a damaged one costs
    only itself. The time received is Outlook's delivery time."""
    pytest.importorskip("extract_msg", reason="the [outlook] extra (extract-msg) is not installed")
    from .msgfile import MsgAttachment, build_msg

    made, exported, inbox = tmp_path / "made", tmp_path / "Outlook导出", tmp_path / "收件箱"
    made.mkdir()
    exported.mkdir()
    first, _ = make_unit(made, UNITS[0], seed=301)
    second, _ = make_unit(made, UNITS[1], seed=302)
    third, _ = make_unit(made, UNITS[3], seed=303)
    when = dt.datetime(2011, 6, 28, 9, 30, tzinfo=CHINA)
    (exported / "城关镇报表.msg").write_bytes(build_msg(
        UNITS[0], "dp@qq.com", f"{UNITS[0]}上半年报表", when,
        [MsgAttachment("领导点评统计表(附件1-3).xlsx", first.read_bytes()),
         MsgAttachment("说明.docx", b"PK\x03\x04word/document.xml", "application/msword")]))
    (exported / "乐安镇.msg").write_bytes(build_msg(
        UNITS[1], "la@163.com", "报表", when + dt.timedelta(days=3),
        [MsgAttachment("统计表.xlsx", second.read_bytes())], transport_headers=False))
    (exported / "医院.msg").write_bytes(build_msg(
        UNITS[3], "yy@163.com", "县人民医院报表", when,
        [MsgAttachment("附件1-3(县人民医院).xlsx", third.read_bytes())], ansi=True))
    (exported / "坏文件.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    res = CliRunner().invoke(main, ["mail", "import", str(exported), "--inbox", str(inbox)])
    assert res.exit_code == 0, res.output
    saved = sorted(p.name for p in inbox.iterdir() if p.is_file())
    # the delivery time is 20 s after the sender's clock: 09:30:20 → 0628-0930
    assert saved == ["0628-0930_东坪镇党委_领导点评统计表(附件1-3).xlsx", "0628-0930_县人民医院党委_附件1-3(县人民医院).xlsx",
                     "0701-0930_乐安镇党委_统计表.xlsx"]
    assert (inbox / saved[1]).read_bytes() == third.read_bytes()
    assert (inbox / saved[0]).read_bytes() == first.read_bytes()
    assert (inbox / saved[2]).read_bytes() == second.read_bytes()
    assert "说明.docx" in res.output and "不是表格文件" in res.output
    assert "坏文件.msg" in res.output and "另存为 .eml" in res.output

    records = {r["source"]: r for r in map(json.loads, (inbox / "邮件记录" / "邮件清单.jsonl").read_text("utf-8").splitlines())}
    assert records["城关镇报表.msg"]["sender"] == "dp@qq.com"
    assert records["城关镇报表.msg"]["subject"] == f"{UNITS[0]}上半年报表"
    assert records["城关镇报表.msg"]["received"] == "2011-06-28T09:30:20+08:00"
    assert records["乐安镇.msg"]["subject"] == "报表"  # from the properties: no headers to read it from
    assert records["乐安镇.msg"]["received"] == "2011-07-01T09:30:20+08:00"

    result = api.merge_inbox(inbox, period="2011-H1", due=dt.date(2011, 6, 30), jobs=1)
    assert {e.unit for e in result.entries if e.status == "accepted"} == {UNITS[0], UNITS[1], UNITS[3]}
    late = next(e for e in result.entries if e.unit == UNITS[1])
    assert any(p.code == "date.late-received" for p in late.problems)


def test_an_outlook_msg_attached_to_a_mail_is_opened_like_a_forwarded_one(tmp_path, make_unit):
    """A unit forwards its report as Outlook does when a mail is dragged onto another: the .msg
    attached as a file. Its table is saved under the .msg's own sender, its name said after the
    .msg's; a damaged .msg attached is listed with why, the rest of the mail goes on."""
    pytest.importorskip("extract_msg", reason="the [outlook] extra (extract-msg) is not installed")
    from .msgfile import MsgAttachment, build_msg

    table, _ = make_unit(tmp_path, "安化一中党委", seed=16)
    inner = build_msg("安化一中党委", "yz@qq.com", "安化一中统计表", dt.datetime(2011, 6, 26, 17, 0, tzinfo=CHINA),
                      [MsgAttachment("安化一中党委统计表.xlsx", table.read_bytes())])
    eml = tmp_path / "转发.eml"
    eml.write_bytes(message("安化一中", "yz@qq.com", "转:安化一中统计表", dt.datetime(2011, 6, 27, 9, 0, tzinfo=CHINA),
                            [Attachment("安化一中统计表.msg", inner, "rfc2047-gbk", "application/vnd.ms-outlook"),
                             Attachment("坏邮件.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "rfc2047-gbk",
                                        "application/vnd.ms-outlook")]))
    inbox = tmp_path / "收件箱"
    res = CliRunner().invoke(main, ["mail", "import", str(eml), "--inbox", str(inbox)])
    assert res.exit_code == 0, res.output
    saved = [p for p in inbox.iterdir() if p.is_file()]
    assert [p.name for p in saved] == ["0627-0900_安化一中党委_安化一中党委统计表.xlsx"]
    assert saved[0].read_bytes() == table.read_bytes()
    (record,) = [json.loads(line) for line in (inbox / "邮件记录" / "邮件清单.jsonl").read_text("utf-8").splitlines()]
    assert record["attachments"][0]["name"] == "安化一中统计表.msg → 安化一中党委统计表.xlsx"
    assert "附件“坏邮件.msg”:附件是 Outlook 邮件(.msg),但无法读取" in res.output
    assert "不是表格文件" not in res.output


def test_importing_a_big_mbox_on_a_terminal_shows_progress(tmp_path, make_unit):
    """An mbox of 40 messages imported on a terminal: click's bar counts them (the total read from
    the mbox first); without a terminal nothing but the summary is printed."""
    from .terminal import run_on_terminal

    path, _ = make_unit(tmp_path, "东坪镇党委", seed=8)
    box = mailbox.mbox(str(tmp_path / "导出.mbox"))
    for n in range(40):
        when = dt.datetime(2011, 6, 1 + n % 28, 9, n, tzinfo=CHINA)
        box.add(message(f"单位{n}", f"u{n}@qq.com", "报表", when, [Attachment("表.xlsx", path.read_bytes())]))
    box.flush()
    code, drawn, out = run_on_terminal(["mail", "import", str(tmp_path / "导出.mbox"), "--inbox", str(tmp_path / "in")])
    assert code == 0, out
    assert "正在导入" in drawn and "40/40" in drawn, drawn
    assert "新收取 40 封邮件" in out
    quiet = CliRunner().invoke(main, ["mail", "import", str(tmp_path / "导出.mbox"), "--inbox", str(tmp_path / "in2")])
    assert "正在导入" not in quiet.output and "新收取 40 封邮件" in quiet.output


def _raw_message(from_: bytes, subject: bytes, filename: bytes, data: bytes, when: str) -> bytes:
    """A message as old clients and some webmail write it: header bytes as they come."""
    import base64

    body = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return (b"From: " + from_ + b"\r\nTo: <czb@example.gov.cn>\r\nSubject: " + subject + b"\r\nDate: " + when.encode()
            + b"\r\nMessage-ID: <" + str(abs(hash(from_ + subject))).encode() + b"@old.client>\r\nMIME-Version: 1.0\r\n"
            + b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain; charset=GBK\r\n\r\n'
            + "请查收".encode("gbk") + b"\r\n--B\r\nContent-Type: application/vnd.ms-excel; name=\"" + filename
            + b"\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"" + filename
            + b"\"\r\n\r\n" + body + b"\r\n--B--\r\n")


def _split_words(text: str, charset: str = "GBK") -> bytes:
    """Foxmail's encoded words: the bytes cut every 5, so a character's two bytes fall apart."""
    import base64

    data = text.encode("gbk" if charset == "GBK" else "utf-8")
    words = [f"=?{charset}?B?{base64.b64encode(data[i:i + 5]).decode()}?=" for i in range(0, len(data), 5)]
    return "\r\n ".join(words).encode()


def test_raw_8bit_headers_and_split_encoded_words_give_real_names(tmp_path, make_unit):
    """Raw GBK and UTF-8 bytes in From and Subject, and Foxmail's split encoded words in names:
    decoded, never a replacement character in a saved file name, the manifest or 报送情况."""
    made = tmp_path / "made"
    units = ["东坪镇党委", "梅城镇党委", "平口镇党委"]
    paths = [make_unit(made, unit, seed=n)[0] for n, unit in enumerate(units)]
    messages = [
        _raw_message("李志强".encode("gbk") + b" <lzq@qq.com>", "东坪镇报表".encode("gbk"),
                     "东坪镇统计表.xlsx".encode("gbk"), paths[0].read_bytes(), "Mon, 20 Jun 2011 09:00:00 +0800"),
        _raw_message("王芳".encode("utf-8") + b" <wf@163.com>", "梅城镇报表".encode("utf-8"),
                     "梅城镇统计表.xlsx".encode("utf-8"), paths[1].read_bytes(), "Tue, 21 Jun 2011 09:00:00 +0800"),
        _raw_message(_split_words("张编辑") + b" <zbj@foxmail.com>", _split_words("平口镇编报统计表"),
                     _split_words("编报表统计表.xlsx"), paths[2].read_bytes(), "Wed, 22 Jun 2011 09:00:00 +0800"),
    ]
    for n, raw in enumerate(messages):
        (tmp_path / f"{n}.eml").write_bytes(raw)
    inbox = tmp_path / "收件箱"
    res = CliRunner().invoke(main, ["mail", "import", *(str(tmp_path / f"{n}.eml") for n in range(3)),
                                    "--inbox", str(inbox)])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in inbox.glob("*.xlsx"))
    assert names == ["0620-0900_李志强_东坪镇统计表.xlsx", "0621-0900_王芳_梅城镇统计表.xlsx",
                     "0622-0900_张编辑_编报表统计表.xlsx"], names
    manifest = (inbox / "邮件记录" / "邮件清单.jsonl").read_text(encoding="utf-8")
    assert "\ufffd" not in manifest and "李志强" in manifest and "平口镇编报统计表" in manifest
    out = tmp_path / "out"
    CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--date", "2011-06-30"])
    from .conftest import sheet_rows

    rows = sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况")
    senders = {r["单位"]: r["发件人"] for r in rows if r["状态"] == "已采用"}
    assert senders == {"东坪镇党委": "李志强 <lzq@qq.com>", "梅城镇党委": "王芳 <wf@163.com>",
                       "平口镇党委": "张编辑 <zbj@foxmail.com>"}
    assert not any("\ufffd" in str(v) for r in rows for v in r.values())


def test_a_unit_whose_mail_was_not_saved_is_not_said_to_have_sent_nothing(tmp_path, make_unit, ts):
    """A roster unit whose mail brought a .rar (sent by a clerk under her own name, from the
    roster's address), one whose mail came without attachment (known by the sender's name), one
    whose .rar came from an unknown address but names it: 未报单位 and 报送情况 say which mail of
    which day carried what, and why it was not read, instead of 没有收到报送文件; a unit that sent
    nothing still gets that."""
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    from .conftest import sheet_rows

    good, _ = make_unit(tmp_path / "made", "东坪镇党委", seed=1)
    rar = b"Rar!\x1a\x07\x00 rar body"
    when = dt.datetime(2011, 6, 21, 10, 0, tzinfo=CHINA)
    mails = [message("东坪镇党委", "dp@qq.com", "报表", when, [Attachment("统计表.xlsx", good.read_bytes())]),
             message("王芳", "mc@qq.com", "报表", when, [Attachment("报表.rar", rar, "rfc2231-gbk", "application/octet-stream")]),
             message("小淹镇党委", "xy@163.com", "小淹镇报表", when + dt.timedelta(days=1), []),
             message("李明", "lm@126.com", "上半年", when, [Attachment("平口镇党委统计表.rar", rar, "rfc2047-gbk",
                                                                       "application/octet-stream")])]
    for n, raw in enumerate(mails):
        (tmp_path / f"{n}.eml").write_bytes(raw)
    inbox, out, roster = tmp_path / "收件箱", tmp_path / "汇总结果", tmp_path / "单位名册.xlsx"
    api.import_mail([tmp_path / f"{n}.eml" for n in range(len(mails))], inbox)
    write_blank_roster(ts, roster, [RosterUnit("东坪镇党委", (), "乡镇", "", 0, ("dp@qq.com",)),
                                    RosterUnit("梅城镇党委", (), "乡镇", "", 0, ("mc@qq.com",)),
                                    RosterUnit("小淹镇党委", (), "乡镇", "", 0, ()),
                                    RosterUnit("平口镇党委", (), "乡镇", "", 0, ()),
                                    RosterUnit("江南镇党委", (), "乡镇", "", 0, ())])
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--date", "2011-06-30",
                                    "--roster", str(roster), "--unit-name", "安化县委创先办"])
    assert res.exit_code == 1, res.output
    book = out / "汇总表_2011-H1.xlsx"
    why = {r["单位名称"]: r["情况"] for r in sheet_rows(book, "未报单位")}
    assert why["梅城镇党委"] == ("6月21日10:00发来的邮件“报表”中的附件“报表.rar”没有保存:.rar 压缩包不能自动解压。"
                               "请解压后把表格文件放进收件文件夹,或请对方直接发送表格(或 .zip)")
    assert why["小淹镇党委"] == "6月22日10:00发来的邮件“小淹镇报表”没有可保存的表格:这封邮件没有附件"
    assert "附件“平口镇党委统计表.rar”没有保存" in why["平口镇党委"]
    assert why["江南镇党委"] == "未报送"
    notes = {r["单位"]: r["说明"] for r in sheet_rows(book, "报送情况") if r["状态"] == "未报"}
    assert notes["梅城镇党委"].startswith("名册中的单位,6月21日10:00发来的邮件“报表”中的附件“报表.rar”没有保存")
    assert notes["梅城镇党委"].endswith("(或 .zip)。") and "没有收到报送文件" not in notes["梅城镇党委"]
    assert notes["江南镇党委"] == "名册中的单位,没有收到报送文件。"


def test_zip_members_named_with_backslashes_are_saved_and_none_is_dropped_unsaid(tmp_path, make_unit):
    """A zip from an old Windows tool names its members 六月报表\\江南镇党委.xlsx, .\\小淹镇党委.xlsx,
    even ..\\..\\东坪镇党委.xlsx: each is saved under its own name in the inbox, in the zip's folder
    (六月报表/) when it names one, never above the inbox; a lock file and a
    Mac's companion file are listed with why they were not saved, never dropped without a word."""
    made = tmp_path / "made"
    tables = {unit: make_unit(made, unit, seed=n)[0].read_bytes() for n, unit in enumerate(["江南镇党委", "小淹镇党委", "东坪镇党委"])}
    packed = gbk_zip({"六月报表\\江南镇党委.xlsx": tables["江南镇党委"], ".\\小淹镇党委.xlsx": tables["小淹镇党委"],
                      "..\\..\\东坪镇党委.xlsx": tables["东坪镇党委"], "六月报表\\~$江南镇党委.xlsx": b"\x0bowner",
                      "__MACOSX/._江南镇党委.xlsx": b"\x00\x05\x16\x07 apple"})
    inbox = tmp_path / "desk" / "收件箱"
    handed = api.hand_to_inbox(inbox, "旧工具.zip", packed)
    assert sorted(p.name for p in handed.saved) == ["东坪镇党委.xlsx", "小淹镇党委.xlsx", "江南镇党委.xlsx"]
    assert [p for p in tmp_path.rglob("*.xlsx") if inbox not in p.parents and p.parent != made] == []  # nothing beside the inbox
    where = {"江南镇党委": "六月报表/江南镇党委.xlsx", "小淹镇党委": "小淹镇党委.xlsx", "东坪镇党委": "东坪镇党委.xlsx"}
    assert {unit: (inbox / where[unit]).read_bytes() for unit in tables} == tables
    assert handed.refused == ["“旧工具.zip”中的“~$江南镇党委.xlsx”:Excel/WPS 打开文件时留下的临时文件,不是报表,没有保存。",
                              "“旧工具.zip”中的“._江南镇党委.xlsx”:苹果电脑附带的系统文件(文件名以 ._ 开头),不是报表,没有保存。"]

    when = dt.datetime(2011, 6, 21, 10, 0, tzinfo=CHINA)  # the same zip by mail: the same, in the manifest
    (tmp_path / "zip.eml").write_bytes(message("县委办", "xwb@qq.com", "报表", when,
                                               [Attachment("旧工具.zip", packed, "rfc2231-gbk", "application/zip")]))
    mailed = tmp_path / "mail" / "收件箱"
    api.import_mail([tmp_path / "zip.eml"], mailed)
    (record,) = [json.loads(line) for line in (mailed / "邮件记录" / "邮件清单.jsonl").read_text("utf-8").splitlines()]
    got = {a["name"]: a["status"] for a in record["attachments"]}
    assert got == {"旧工具.zip → 六月报表/江南镇党委.xlsx": "saved", "旧工具.zip → 小淹镇党委.xlsx": "saved",
                   "旧工具.zip → 东坪镇党委.xlsx": "saved", "旧工具.zip → ~$江南镇党委.xlsx": "skipped",
                   "旧工具.zip → ._江南镇党委.xlsx": "skipped"}
    assert (mailed / "六月报表" / "0621-1000_县委办_江南镇党委.xlsx").read_bytes() == tables["江南镇党委"]


def test_a_folders_thumbs_db_attached_is_not_saved_as_a_damaged_xls(tmp_path):
    """Thumbs.db is an OLE file: by its bytes alone it was taken for a damaged .xls, saved as
    Thumbs.db.xls and sent back to the unit. It is the system's file: not saved, said so."""
    when = dt.datetime(2011, 6, 21, 10, 0, tzinfo=CHINA)
    thumbs = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 1024
    (tmp_path / "a.eml").write_bytes(message("梅城镇", "mcz@qq.com", "报表", when,
                                             [Attachment("Thumbs.db", thumbs, "rfc2231-gbk", "application/octet-stream")]))
    inbox = tmp_path / "收件箱"
    api.import_mail([tmp_path / "a.eml"], inbox)
    assert [p.name for p in inbox.iterdir() if p.is_file()] == []
    (record,) = [json.loads(line) for line in (inbox / "邮件记录" / "邮件清单.jsonl").read_text("utf-8").splitlines()]
    (attachment,) = record["attachments"]
    assert attachment["status"] == "skipped"
    assert attachment["reason"] == "Windows 自动生成的缩略图文件,不是报表,没有保存。"


def test_a_notices_work_report_attached_to_a_mail_is_saved_with_its_notice(tmp_path, make_unit):
    """mail import --notice justice-2012: the 工作总结 it asks for is saved beside the tables; with
    the default notice (no materials) a .docx stays "not a spreadsheet"."""
    when = dt.datetime(2012, 3, 10, 9, 0, tzinfo=CHINA)
    (tmp_path / "a.eml").write_bytes(message("甲律师事务所", "jia@example.com", "总结", when,
                                             [Attachment("甲所工作总结.docx", b"PK\x03\x04word/document.xml", "rfc2047-gbk",
                                                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]))
    for notice, saved in (("justice-2012", ["甲所工作总结.docx"]), ("hunan-2011", [])):
        inbox = tmp_path / notice
        res = CliRunner().invoke(main, ["mail", "import", str(tmp_path / "a.eml"), "--inbox", str(inbox),
                                        "--notice", notice])
        assert res.exit_code == 0, res.output
        names = sorted(p.name for p in inbox.iterdir() if p.is_file())
        assert [n for n in names if n.endswith(".docx")] == [n for n in names if any(n.endswith(s) for s in saved)]
        assert len([n for n in names if n.endswith(".docx")]) == len(saved)
        if saved:  # said as a material, and the next step names the notice
            assert "保存表格文件 0 个、材料 1 个" in res.output and "--notice justice-2012" in res.output


def test_an_attachment_already_in_the_inbox_by_hand_is_not_saved_again(tmp_path, make_unit):
    """The clerk put a unit's file into the inbox (handed over on the desk, or copied from a
    mail by hand); the same bytes fetched later are named, not stored a second time."""
    from openpyxl import load_workbook

    inbox = tmp_path / "收件箱"
    path, _ = make_unit(tmp_path / "made", "江南镇党委", seed=3)
    assert api.hand_to_inbox(inbox, "江南镇党委.xlsx", path.read_bytes()).saved == [inbox / "江南镇党委.xlsx"]
    (inbox / "乡镇").mkdir()  # and one copied into a folder of its own, as merge reads folders too
    other, _ = make_unit(tmp_path / "made", "马路镇党委", seed=4)
    (inbox / "乡镇" / "马路镇党委.xlsx").write_bytes(other.read_bytes())
    when = dt.datetime(2011, 12, 21, 10, 0, tzinfo=CHINA)
    for n, (unit, data) in enumerate((("江南镇党委", path.read_bytes()), ("马路镇党委", other.read_bytes()))):
        (tmp_path / f"{n}.eml").write_bytes(message(unit, f"u{n}@qq.com", "报表", when,
                                                    [Attachment(f"{unit}统计表.xlsx", data)]))
    res = CliRunner().invoke(main, ["mail", "import", str(tmp_path / "0.eml"), str(tmp_path / "1.eml"),
                                    "--inbox", str(inbox)])
    assert res.exit_code == 0, res.output
    assert sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*.xlsx") if "邮件记录" not in p.parts) \
        == ["乡镇/马路镇党委.xlsx", "江南镇党委.xlsx"]
    assert "保存表格文件 0 个(另有 2 个与收件箱中已有的文件完全相同,未重复保存)" in res.output
    assert "江南镇党委 的“江南镇党委统计表.xlsx”与收件箱中已有的“江南镇党委.xlsx”完全相同,没有重复保存。" in res.output
    # the mail record says so too: the file it is, for the clerk and for merge
    records = [json.loads(line) for line in (inbox / "邮件记录" / "邮件清单.jsonl").read_text("utf-8").splitlines()]
    assert [(a["status"], a["file"]) for r in records for a in r["attachments"]] \
        == [("duplicate", "江南镇党委.xlsx"), ("duplicate", "乡镇/马路镇党委.xlsx")]
    rows = list(load_workbook(inbox / "邮件记录" / "邮件清单.xlsx").active.iter_rows(min_row=4, values_only=True))
    assert [(r[6], r[7]) for r in rows] == [("重复,未再保存", "江南镇党委.xlsx"), ("重复,未再保存", "乡镇/马路镇党委.xlsx")]
