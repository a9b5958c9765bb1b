"""dianping mail fetch against a real IMAP server (Dovecot on 127.0.0.1): a period's mail from
130 units in every name encoding, with duplicates and messages outside the period; read-only;
then merge gives the totals of the same files placed by hand. Wrong password, unreachable
server and an unknown certificate are answered in Chinese."""

from __future__ import annotations

import datetime as dt
import shutil

from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main

from .mailcorpus import NAME_STYLES, Attachment, message
from .mailservers import dovecot  # noqa: F401 - the fixture

CHINA = dt.timezone(dt.timedelta(hours=8))
CLIENTS = ["outlook", "foxmail", "qq", "apple"]


def fetch_args(server, inbox, *more):
    return ["mail", "fetch", "--inbox", str(inbox), "--host", server.host, "--port", str(server.ssl_port),
            "--user", server.user, "--cafile", server.cafile, *more]


def test_fetch_a_period_then_merge_equals_merge_by_hand(dovecot, tmp_path, make_unit, monkeypatch):
    made, by_hand, inbox = tmp_path / "made", tmp_path / "by-hand", tmp_path / "收件箱"
    made.mkdir()
    by_hand.mkdir()
    batch = []
    for n in range(130):
        unit = f"第{n + 1:03d}党支部"
        path, _ = make_unit(made, unit, seed=300 + n)
        shutil.copy(path, by_hand / f"{unit}.xlsx")
        when = dt.datetime(2011, 6, 1 + n % 29, 8 + n % 10, n % 60, tzinfo=CHINA)
        name = "统计表.xlsx" if n % 3 else "附件1-3.xlsx"
        batch.append((message(unit, f"u{n:03d}@qq.com", f"{unit}报表", when,
                              [Attachment(name, path.read_bytes(), NAME_STYLES[n % 7])], client=CLIENTS[n % 4]), when))
    # the same file sent twice (saved once); a message from before the period and one after it
    batch.append((message("第001党支部", "u000@qq.com", "再发", batch[0][1],
                           [Attachment("统计表.xlsx", (by_hand / "第001党支部.xlsx").read_bytes())]),
                   dt.datetime(2011, 6, 30, 9, 0, tzinfo=CHINA)))
    old = dt.datetime(2010, 12, 20, 9, 0, tzinfo=CHINA)
    batch.append((message("旧单位", "old@qq.com", "去年的表", old, [Attachment("旧.xlsx", b"PK\x03\x04 old")]), old))
    late = dt.datetime(2011, 9, 2, 9, 0, tzinfo=CHINA)
    batch.append((message("下期单位", "next@qq.com", "下期的表", late, [Attachment("新.xlsx", b"PK\x03\x04 new")]), late))
    dovecot.deliver(batch)
    flags_before = dovecot.flags()

    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    res = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1"))
    assert res.exit_code == 0, res.output
    assert "新收取 131 封邮件,保存表格文件 130 个(另有 1 个与收件箱中已有的文件完全相同" in res.output
    assert dovecot.flags() == flags_before  # read-only: nothing marked as read, nothing deleted
    saved = [p for p in inbox.iterdir() if p.is_file()]
    assert len(saved) == 130 and not any("旧" in p.name or "新" in p.name for p in saved)
    assert dovecot.password not in "".join(p.read_text("utf-8", "replace") for p in (inbox / "邮件记录").iterdir())

    merged = api.merge_inbox(inbox, period="2011-H1")
    hand = api.merge_inbox(by_hand, period="2011-H1")
    assert merged.totals == hand.totals and sum(merged.totals.values()) > 0
    assert len(merged.accepted) == 130

    # a second run downloads nothing again; a new message arrives and is the only one taken
    again = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1"))
    assert again.exit_code == 0 and "新收取 0 封邮件" in again.output
    path, _ = make_unit(made, "第131党支部", seed=999)
    when = dt.datetime(2011, 6, 30, 17, 0, tzinfo=CHINA)
    dovecot.deliver([(message("第131党支部", "u131@163.com", "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]), when)])
    third = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1"))
    assert "新收取 1 封邮件,保存表格文件 1 个" in third.output
    assert (inbox / "0630-1700_第131党支部_统计表.xlsx").read_bytes() == path.read_bytes()


def test_starttls_and_a_chinese_folder(dovecot, tmp_path, make_unit, monkeypatch):
    path, _ = make_unit(tmp_path, "东坪镇党委", seed=1)
    when = dt.datetime(2011, 6, 25, 10, 0, tzinfo=CHINA)
    dovecot.deliver([(message("东坪镇党委", "a@qq.com", "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]), when)],
                    folder="&YqWIaA-")  # 报表, as IMAP names folders (modified UTF-7)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(tmp_path / "in"), "--host", "127.0.0.1",
                                    "--port", str(dovecot.port), "--security", "starttls", "--user", dovecot.user,
                                    "--cafile", dovecot.cafile, "--folder", "报表", "--since", "2011-06-01",
                                    "--until", "2011-06-30"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "in" / "0625-1000_东坪镇党委_统计表.xlsx").exists()


def test_mailbox_problems_are_said_in_chinese(dovecot, tmp_path, monkeypatch):
    inbox = tmp_path / "收件箱"
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", "wrong")
    res = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1"))
    assert res.exit_code == 1 and "用户名或密码(授权码)不对" in res.output and "wrong" not in res.output
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    no_ca = [a for a in fetch_args(dovecot, inbox, "--period", "2011-H1")]
    no_ca = no_ca[: no_ca.index("--cafile")] + no_ca[no_ca.index("--cafile") + 2:]
    res = CliRunner().invoke(main, no_ca)
    assert res.exit_code == 1 and "服务器的证书不受信任" in res.output and "--cafile" in res.output
    from .mailservers import free_port

    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(inbox), "--host", "127.0.0.1",
                                    "--port", str(free_port()), "--user", "x@qq.com", "--period", "2011-H1"])
    assert res.exit_code == 1 and "连不上邮件服务器" in res.output
    res = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1", "--folder", "没有这个"))
    assert res.exit_code == 1 and "没有文件夹“没有这个”" in res.output
    assert not inbox.exists()  # a mailbox that never answered leaves no empty folder


def test_a_message_over_the_limit_is_not_downloaded(dovecot, tmp_path, monkeypatch):
    when = dt.datetime(2011, 6, 22, 11, 0, tzinfo=CHINA)
    big = b"PK\x03\x04" + bytes(3 * 1024 * 1024)
    dovecot.deliver([(message("县交通局党组", "jt@qq.com", "大附件", when, [Attachment("统计表.xlsx", big)]), when)])
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    res = CliRunner().invoke(main, fetch_args(dovecot, tmp_path / "in", "--period", "2011-H1", "--limit", "max_file_mb=1"))
    assert res.exit_code == 0, res.output
    assert "县交通局党组" in res.output and "超过上限" in res.output and "没有下载" in res.output
    assert not [p for p in (tmp_path / "in").iterdir() if p.is_file()]


def test_a_terminal_sees_a_progress_bar(dovecot, tmp_path, make_unit):
    """On a real terminal (a pseudo-terminal here) fetch draws click's bar with the count of the
    period's messages; the summary lines follow it."""
    from .terminal import run_on_terminal

    path, _ = make_unit(tmp_path, "东坪镇党委", seed=7)
    batch = []
    for n in range(12):
        when = dt.datetime(2011, 6, 10 + n, 9, 0, tzinfo=CHINA)
        batch.append((message(f"单位{n}", f"u{n}@qq.com", "报表", when,
                              [Attachment(f"表{n}.xlsx", path.read_bytes())]), when))
    dovecot.deliver(batch)
    code, drawn, out = run_on_terminal(fetch_args(dovecot, tmp_path / "收件箱", "--period", "2011-H1"),
                                       {"DIANPING_MAIL_PASSWORD": dovecot.password})
    assert code == 0, out
    assert "正在收取" in drawn and "12/12" in drawn, drawn
    assert "新收取 12 封邮件,保存表格文件 1 个" in out  # the same table: saved once


def _front_args(front, inbox, user, *more):
    return ["mail", "fetch", "--inbox", str(inbox), "--host", "127.0.0.1", "--port", str(front.port),
            "--security", "none", "--user", user, *more]


def test_a_163_style_server_that_wants_the_id_command(dovecot, tmp_path, make_unit, monkeypatch):
    """163.com / 126.com answer SELECT with NO … Unsafe Login unless the client said who it is
    (IMAP ID): fetch says ID when offered and gets the mail; a refusal is shown in the server's
    own words, never as a missing folder."""
    from .mailservers import ImapFront

    path, _ = make_unit(tmp_path / "made", "东坪镇党委", seed=1)
    when = dt.datetime(2011, 6, 25, 10, 0, tzinfo=CHINA)
    dovecot.deliver([(message("东坪镇党委", "dp@163.com", "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]),
                      when)])
    front = ImapFront(dovecot.port, needs_id=True)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    try:
        res = CliRunner().invoke(main, _front_args(front, tmp_path / "in", dovecot.user, "--period", "2011-H1"))
        assert res.exit_code == 0, res.output
        assert any(b" ID (" in line for line in front.seen)
        assert (tmp_path / "in" / "0625-1000_东坪镇党委_统计表.xlsx").read_bytes() == path.read_bytes()
        # a server that refuses all the same: its words, and what to do
        import dianping_xlsx.intake.sources as sources

        monkeypatch.setattr(sources, "_say_who", lambda imap: None)
        res = CliRunner().invoke(main, _front_args(front, tmp_path / "in2", dovecot.user, "--period", "2011-H1"))
        assert res.exit_code == 1 and "Unsafe Login" in res.output and "开启 IMAP" in res.output, res.output
        assert "没有文件夹" not in res.output and "Traceback" not in res.output
    finally:
        front.stop()


def test_a_server_that_will_not_search_by_date(dovecot, tmp_path, make_unit, monkeypatch):
    """SEARCH SINCE … answered with BAD: every UID is asked for and the period is kept by each
    message's own received date; no traceback."""
    from .mailservers import ImapFront

    path, _ = make_unit(tmp_path / "made", "梅城镇党委", seed=2)
    inside = dt.datetime(2011, 6, 20, 9, 0, tzinfo=CHINA)
    outside = dt.datetime(2010, 12, 20, 9, 0, tzinfo=CHINA)
    dovecot.deliver([(message("梅城镇党委", "mc@qq.com", "报表", inside, [Attachment("统计表.xlsx", path.read_bytes())]), inside),
                     (message("旧单位", "old@qq.com", "去年", outside, [Attachment("旧.xlsx", path.read_bytes())]), outside)])
    front = ImapFront(dovecot.port, bad_dated_search=True)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    try:
        res = CliRunner().invoke(main, _front_args(front, tmp_path / "in", dovecot.user, "--period", "2011-H1"))
    finally:
        front.stop()
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output
    assert any(b"SEARCH" in line and b"SINCE" in line for line in front.seen)  # asked by date first
    saved = sorted(p.name for p in (tmp_path / "in").glob("*.xlsx"))
    assert saved == ["0620-0900_梅城镇党委_统计表.xlsx"]


def test_a_fetch_killed_midway_resumes_without_saving_twice(dovecot, tmp_path, make_unit, monkeypatch):
    """Power lost between saving a workbook and recording its message, a temp file left in
    邮件记录: the next run records the file already there (by its bytes) instead of saving a _2,
    removes the temp file and writes 邮件清单.xlsx; the manifest's keys are text, not b'1'."""
    import json

    paths = [make_unit(tmp_path / "made", unit, seed=n)[0] for n, unit in enumerate(["东坪镇党委", "梅城镇党委"])]
    times = [dt.datetime(2011, 6, 20 + n, 9, 0, tzinfo=CHINA) for n in range(2)]
    dovecot.deliver([(message(u, f"u{n}@qq.com", "报表", times[n], [Attachment("统计表.xlsx", p.read_bytes())]), times[n])
                     for n, (u, p) in enumerate(zip(["东坪镇党委", "梅城镇党委"], paths))])
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    inbox = tmp_path / "收件箱"
    assert CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1")).exit_code == 0
    manifest = inbox / "邮件记录" / "邮件清单.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    assert all("b'" not in json.loads(line)["key"] for line in lines)
    manifest.write_text(lines[0] + "\n", encoding="utf-8")  # the second message's line never written
    (inbox / "邮件记录" / "邮件清单.xlsx").unlink()
    (inbox / "邮件记录" / ".tmp-abc123").write_bytes(b"half a file")
    res = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1"))
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in inbox.glob("*.xlsx")) == ["0620-0900_东坪镇党委_统计表.xlsx",
                                                            "0621-0900_梅城镇党委_统计表.xlsx"]  # no _2
    assert not list((inbox / "邮件记录").glob(".tmp-*")) and (inbox / "邮件记录" / "邮件清单.xlsx").exists()
    records = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and records[1]["attachments"][0]["status"] == "saved"
    assert records[1]["attachments"][0]["file"] == "0621-0900_梅城镇党委_统计表.xlsx"
    assert api.merge_inbox(inbox, period="2011-H1").entries[1].submission.mail.sender == "u1@qq.com"


def test_starttls_pointed_at_the_ssl_port_is_said_quickly(dovecot, tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    inbox = tmp_path / "收件箱"
    started = time.monotonic()
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(inbox), "--host", dovecot.host,
                                    "--port", str(dovecot.ssl_port), "--security", "starttls",
                                    "--user", dovecot.user, "--cafile", dovecot.cafile, "--period", "2011-H1"])
    assert res.exit_code == 1 and "端口与加密方式不符" in res.output, res.output
    assert time.monotonic() - started < 30
    assert not inbox.exists()  # a failed connection leaves no empty folder
    assert not any(word in res.output for word in ("timed out", "Traceback", "EOF"))


def test_no_password_and_no_terminal_is_said_in_chinese(tmp_path, monkeypatch):
    """Run by a script or a scheduled task: no DIANPING_MAIL_PASSWORD and nowhere to type it.
    Said in Chinese with each shell's way to set it (getpass would warn in English)."""
    monkeypatch.delenv("DIANPING_MAIL_PASSWORD", raising=False)
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(tmp_path / "in"), "--host", "127.0.0.1",
                                    "--user", "x@qq.com", "--period", "2011-H1"], input="")
    assert res.exit_code == 2 and "DIANPING_MAIL_PASSWORD" in res.output and "PowerShell" in res.output
    assert "set DIANPING_MAIL_PASSWORD=" in res.output  # cmd
    assert "Linux" in res.output and "export DIANPING_MAIL_PASSWORD=" in res.output
    assert "Warning" not in res.output and "getpass" not in res.output.lower()
