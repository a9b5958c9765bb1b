"""A period's mail is chosen by Beijing time, whatever the mail server's clock: a report received at
00:30 on August 1 (Beijing) belongs to the second half-year though a server in UTC files it under
July 31; one at 00:30 on January 1 belongs to the new year's first half-year."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main

from .mailcorpus import Attachment, message
from .mailservers import dovecot  # noqa: F401 - the fixture

CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(params=["UTC", "America/New_York"])
def server_elsewhere(request, monkeypatch):
    """Dovecot started with the clock of another zone (it passes TZ on to its processes)."""
    monkeypatch.setenv("TZ", request.param)
    return request.getfixturevalue("dovecot")


def _fetch(server, inbox, period):
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(inbox), "--host", server.host, "--port",
                                    str(server.ssl_port), "--user", server.user, "--cafile", server.cafile,
                                    "--period", period])
    assert res.exit_code == 0, res.output
    return sorted(p.name for p in inbox.iterdir() if p.is_file()) if inbox.is_dir() else []


def test_the_period_window_is_in_beijing_time(server_elsewhere, tmp_path, make_unit, monkeypatch):
    mails = [("县教育局党委", dt.datetime(2011, 7, 31, 23, 30, tzinfo=CHINA)),
             ("县林业局党组", dt.datetime(2011, 8, 1, 0, 30, tzinfo=CHINA)),
             ("滔溪镇党委", dt.datetime(2011, 1, 1, 0, 30, tzinfo=CHINA)),
             ("奎溪镇党委", dt.datetime(2010, 12, 31, 23, 30, tzinfo=CHINA))]
    batch = []
    for n, (unit, when) in enumerate(mails):
        path, _ = make_unit(tmp_path, unit, seed=40 + n)
        batch.append((message(unit, f"u{n}@qq.com", "统计表", when, [Attachment("统计表.xlsx", path.read_bytes())]), when))
    server_elsewhere.deliver(batch)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", server_elsewhere.password)
    assert _fetch(server_elsewhere, tmp_path / "h1", "2011-H1") == ["0101-0030_滔溪镇党委_统计表.xlsx",
                                                                   "0731-2330_县教育局党委_统计表.xlsx"]
    assert _fetch(server_elsewhere, tmp_path / "h2", "2011-H2") == ["0801-0030_县林业局党组_统计表.xlsx"]
    # 2010's second half-year runs to January 31: both new-year mails are in it, as the notice's window says
    assert _fetch(server_elsewhere, tmp_path / "h2010", "2010-H2") == ["0101-0030_滔溪镇党委_统计表.xlsx",
                                                                      "1231-2330_奎溪镇党委_统计表.xlsx"]
