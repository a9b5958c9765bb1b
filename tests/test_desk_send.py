"""发送 sends exactly what the page previewed (HTTP level, an SMTP server on this machine): the page
posts the digest of the mails it showed and their period; when the mails worked out now differ (the
上级的邮箱 changed, the period switched in another tab) nothing is sent, and the page says why and
shows the mails as they are now. The result lists every mail of the preview, those not sent with why."""

from __future__ import annotations

import re
import time

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .mailservers import smtp_server  # noqa: E402,F401 - fixture
from .test_desk import ROOT, desk, shown_form, wait_for_task  # noqa: E402,F401 - fixture

CHANGED = "名册、设置或期次已更改"


def sent(client, fields: dict, **more) -> str:
    """The page after 发送: its refusal, or the outcome once the mails went."""
    page = client.post("/send/now", data={**fields, "password": "x", **more}).text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "正在发送" in page:
        time.sleep(0.2)
        page = client.get("/send").text
    return page


def merged(client, smtp, **settings) -> str:
    """The sample inbox merged for 2011-H1 with the office's mail set; the send page's preview."""
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1",
                                   "mail_from": "czb@anhua.gov.cn", "smtp_host": smtp.host,
                                   "smtp_port": str(smtp.port), "mail_security": "none", **settings})
    files = [("files", (p.name, p.read_bytes())) for p in sorted((ROOT / "examples" / "2011-H1").glob("*.xlsx"))
             if not p.name.startswith("~$")]
    client.post("/inbox/upload", files=files)
    client.post("/merge/start")
    wait_for_task(client)
    return client.get("/send").text


def test_a_changed_upper_address_is_not_mailed_from_the_old_preview(desk, smtp_server):  # noqa: F811
    client, _ = desk
    preview = merged(client, smtp_server, up="city@example.cn")
    assert "city@example.cn" in preview
    shown = shown_form(preview)
    client.post("/settings", data={"up": "province@example.cn"})  # on 本期, the send page not reloaded
    page = sent(client, shown, force="1")
    assert smtp_server.received == [] and CHANGED in page, page
    assert "province@example.cn" in page and "city@example.cn" not in page  # the fresh preview shown
    page = sent(client, shown_form(page), force="1")
    assert "<td>province@example.cn</td><td>已发送</td>" in page
    assert [to for _, to, _ in smtp_server.received] == [["province@example.cn"]]


def test_a_period_switched_in_another_tab_is_not_mailed(desk, smtp_server):  # noqa: F811
    client, workspace = desk
    shown = shown_form(merged(client, smtp_server, up="city@example.cn"))
    assert shown["period"] == "2011-H1"
    client.post("/settings", data={"period_year": "2011", "period_half": "H2"})  # the other tab
    page = sent(client, shown, force="1")
    assert smtp_server.received == [] and "2011年上半年" in page and "2011年下半年" in page, page
    client.post("/settings", data={"period_year": "2011", "period_half": "H1"})
    page = sent(client, shown, force="1")  # the period of the page again: the same mails, sent
    assert [to for _, to, _ in smtp_server.received] == [["city@example.cn"]], page


def test_a_send_without_a_preview_is_refused(desk, smtp_server):  # noqa: F811
    client, _ = desk
    merged(client, smtp_server, up="city@example.cn")
    page = sent(client, {}, force="1")
    assert smtp_server.received == [] and "准备待发邮件" in page, page


def test_send_is_offered_only_for_a_mail_listed(desk, smtp_server):  # noqa: F811
    """No 上级的邮箱 and the sample roster without 邮箱: no mail has an address, so nothing is
    offered to send; with the 上级的邮箱, the 上报 is listed and 发送以上邮件 offered."""
    client, _ = desk
    assert "发送以上邮件" not in client.get("/send").text  # nothing merged yet
    page = merged(client, smtp_server)
    assert "没有邮箱地址" in page and "发送以上邮件" not in page and "上面没有可以发送的邮件" in page, page
    client.post("/settings", data={"up": "city@example.cn"})
    client.post("/send/prepare", data={})
    page = client.get("/send").text
    assert "city@example.cn" in page and "发送以上邮件" in page


def test_a_roster_without_any_address_is_said_once_above_the_reminders(desk, smtp_server):  # noqa: F811
    """The sample roster has no unit's 邮箱: each reminder notes it in three words, and why, with what
    to do, is said once above them, as `dianping mail send` says it."""
    client, _ = desk
    client.post("/settings", data={"period_year": "2011", "period_half": "H1"})  # the roster is the period's
    roster = (ROOT / "examples" / "单位名册.xlsx").read_bytes()
    assert "名册已更新" in client.post("/roster", files={"roster": ("名册.xlsx", roster)}).text
    page = merged(client, smtp_server)
    said = re.findall(r'<p class="warn" id="said-once">([^<]*)</p>', page)
    assert len(said) == 1 and "所以催报邮件都没有收件地址" in said[0] and "后重试" in said[0], page
    assert "名册中没有邮箱地址" in page and "请在名册“邮箱”列填写后重试,或电话催报" not in page


def test_a_send_cut_off_midway_goes_on_from_the_same_preview(desk, smtp_server):  # noqa: F811
    """Sent once (the report went up): the same page's form sends again without a refusal, the
    report said as sent before (the preview's digest leaves out what the sent log says)."""
    client, _ = desk
    shown = shown_form(merged(client, smtp_server, up="city@example.cn"))
    sent(client, shown, force="1")
    page = sent(client, shown, force="1")
    assert CHANGED not in page and "已发送的上报内容相同,未重复发送" in page, page
    assert len(smtp_server.received) == 1


def test_the_result_lists_the_mails_not_sent_and_why(desk, smtp_server):  # noqa: F811
    """发送 without 汇总不完整也上报: the report held back and the units without an address are in the
    result table as 未发送, each with what to do (the sample's units came not by mail, no roster)."""
    client, _ = desk
    page = sent(client, shown_form(merged(client, smtp_server, up="city@example.cn")))
    assert smtp_server.received == []
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    held = [r for r in rows if r[2] == "city@example.cn"]
    assert len(held) == 1 and held[0][3].startswith("未发送:汇总尚不完整") and "勾选“汇总不完整也上报”" in held[0][3], rows
    unaddressed = [r for r in rows if r[2] == ""]
    assert unaddressed and all(r[3].startswith("未发送:") and "邮箱" in r[3] for r in unaddressed), rows
    assert "--force" not in page


def _sent_without_password(client, fields: dict) -> str:
    page = client.post("/send/now", data={**fields, "password": "", "force": "1"}).text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "正在发送" in page:
        time.sleep(0.2)
        page = client.get("/send").text
    return page


def test_a_server_that_needs_no_login_is_sent_to_without_a_password(desk, smtp_server):  # noqa: F811
    """As the command line without --user: no password typed, no login; the mails go."""
    client, _ = desk
    page = _sent_without_password(client, shown_form(merged(client, smtp_server, up="city@example.cn")))
    assert "本单位发信邮箱和发信服务器" not in page, page
    assert "<td>city@example.cn</td><td>已发送</td>" in page, page
    assert [to for _, to, _ in smtp_server.received] == [["city@example.cn"]]


def test_a_server_that_wants_a_login_says_so_when_none_is_given(desk):  # noqa: F811
    """No password typed to a server that wants a login: each mail says the server wants one."""
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.smtp import AuthResult

    from .mailservers import Smtp, _smtp_controller, free_port

    server = Smtp("127.0.0.1", free_port())
    controller = _smtp_controller(server, authenticator=lambda *_: AuthResult(success=False, handled=False),
                                  auth_require_tls=False, auth_required=True)
    controller.start()
    try:
        client, _ = desk
        page = _sent_without_password(client, shown_form(merged(client, server, up="city@example.cn")))
    finally:
        controller.stop()
    assert server.received == [] and "发信服务器要求先登录(530" in page, page


def test_a_past_resubmission_date_is_said_with_the_date_the_mails_ask_for(desk, smtp_server):  # noqa: F811
    """The 重报截止日期 typed is already past (last half-year's 2011-07-05): the mails ask for today + 5
    days, and the page says so, naming both dates, on preparing and each time it is shown; a date to
    come is used as typed, with nothing said."""
    import datetime as dt

    from dianping_xlsx.desk.helpers import china_today

    client, _ = desk
    merged(client, smtp_server)
    page = client.post("/send/prepare", data={"resubmit": "2011-07-05"}).text
    used = china_today() + dt.timedelta(days=5)
    said = f"填写的重报截止日期 2011-07-05 已过,退回和催报邮件中已改为 {used.month}月{used.day}日"
    assert said in page and f"请于{used.month}月{used.day}日前" in page, page
    assert page.count(said) == 1  # said once: in the message, not again beside the form
    assert said in client.get("/send").text
    ahead = china_today() + dt.timedelta(days=20)
    page = client.post("/send/prepare", data={"resubmit": ahead.isoformat()}).text
    assert "已过" not in page and f"请于{ahead.month}月{ahead.day}日前" in page


@pytest.mark.parametrize("today, asked", [("2011-06-20", "6月28日"), ("2011-06-26", "7月1日"), ("2011-07-02", "7月7日")])
def test_a_returned_unit_never_gets_less_time_than_one_that_has_not_reported(desk, smtp_server, monkeypatch,  # noqa: F811
                                                                             today, asked):
    """No 重报截止日期 typed: a returned unit is asked for its corrected file by the period's deadline
    (报送截止日期 on 本期, 6-28) while that is more than 5 days ahead, as the reminders ask the units
    that have not reported; by today + 5 days once the deadline is nearer or past."""
    import datetime as dt

    monkeypatch.setattr("dianping_xlsx.desk.sending.china_today", lambda: dt.date.fromisoformat(today))
    client, _ = desk
    page = merged(client, smtp_server, due="2011-06-28")
    month, day = (int(n) for n in re.findall(r"\d+", asked))
    assert f'name="resubmit" value="2011-{month:02d}-{day:02d}"' in page, page
    page = client.post("/send/prepare", data={"resubmit": ""}).text
    assert f"请于{asked}前" in page and "已过" not in page, page
