"""收件 → 从邮箱收取 says what the command line says of each mail (a real IMAP server, Dovecot on
127.0.0.1): a saved file with a note of what it is (the level above's 审核意见 on this office's own
上报), and every mail not taken with why (an automatic reply), as 邮件清单.xlsx lists them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .mailcorpus import Attachment, message  # noqa: E402
from .mailservers import dovecot  # noqa: E402,F401 - fixture
from .test_desk import desk  # noqa: E402,F401 - fixture
from .test_desk_mail import finished  # noqa: E402
from .test_mail_opinion_from_above import COUNTY, _city_returns, _county  # noqa: E402

CHINA = dt.timezone(dt.timedelta(hours=8))


def test_a_fetch_says_what_each_saved_file_is_and_what_was_not_saved(desk, dovecot, tmp_path, make_unit, ts):  # noqa: F811
    _, out, _ = _county(tmp_path, make_unit, ts)
    opinion = _city_returns(tmp_path, ts, next(out.glob("上报_*.xlsx"))).read_bytes()  # the city's 退回, as it mailed it
    report, _ = make_unit(tmp_path / "made", "东坪镇党委", seed=1)
    when = dt.datetime(2011, 6, 25, 10, 0, tzinfo=CHINA)
    dovecot.deliver([
        (message("东坪镇党委", "dp@qq.com", "报表", when, [Attachment("统计表.xlsx", report.read_bytes())]), when),
        (message("小淹镇党委", "xy@qq.com", "自动回复:报表", when, [Attachment("统计表.xlsx", report.read_bytes())]),
         when),
        (opinion, dt.datetime(2011, 7, 2, 9, 0, tzinfo=CHINA)),
    ])
    client, _ = desk
    client.post("/settings", data={"office": COUNTY, "period_year": "2011", "period_half": "H1",
                                   "mail_from": dovecot.user, "mail_host": dovecot.host,
                                   "mail_port": str(dovecot.port), "mail_security": "none"})
    client.post("/inbox/fetch", data={"password": dovecot.password})
    page = finished(client, "/inbox", "正在收取")
    said = re.search(r'<div class="msg" id="fetched">(.*?)</div>', page, re.S)
    assert said, page
    lines = said[1].split("<br>")
    assert lines[0].startswith("新收取 3 封邮件,保存表格文件 2 个"), lines
    assert any(f"上级退回“{COUNTY}”上报的审核意见" in line and line.startswith("已保存“") for line in lines), lines
    assert any(line.startswith("小淹镇党委 “自动回复:报表”") and "自动回复" in line and "没有保存" in line
               for line in lines), lines
