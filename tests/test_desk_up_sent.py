"""The 上报 of an incomplete summary sent with 汇总不完整也上报: 发送 then shows it as sent (not as
held back above its result), 本期's 下一步 moves on (the sent log read), and a later merge with
other numbers is previewed as the correction it goes as (HTTP level, an SMTP server on this machine)."""

from __future__ import annotations

import email
import email.header
import re

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .mailservers import smtp_server  # noqa: E402,F401 - fixture
from .test_desk import ROOT, desk, shown_form, wait_for_task  # noqa: E402,F401 - fixture
from .test_desk_send import merged, sent  # noqa: E402

HELD = "暂不发送:汇总尚不完整"


def subjects(smtp) -> list[str]:
    return [str(email.header.make_header(email.header.decode_header(email.message_from_bytes(data)["Subject"])))
            for _, _, data in smtp.received]


def merged_with_roster(client, smtp) -> str:
    """The sample inbox merged with the sample roster (本期's 下一步 goes past asking for one)."""
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1"})
    client.post("/roster", files={"roster": ("名册.xlsx", (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    return merged(client, smtp, up="city@example.cn")


def step(client) -> str:
    return re.search(r'<div class="step"><b>下一步:</b>(.*?)</div>', client.get("/").text, re.S)[1]


def test_a_forced_report_sent_is_shown_as_sent_and_the_next_step_moves_on(desk, smtp_server):  # noqa: F811
    client, _ = desk
    preview = merged_with_roster(client, smtp_server)
    assert HELD in preview and "【上报】安化县委创先办" in preview  # held back, the mail it would be shown whole
    before = step(client)
    assert "上报文件已于" not in before
    page = sent(client, shown_form(preview), force="1")
    assert "<td>city@example.cn</td><td>已发送</td>" in page and HELD not in page, page
    assert "已发送的上报内容相同,未重复发送" in page  # the preview prepared again: what went
    now = step(client)
    assert "上报文件已于" in now and "先行发给上级(city@example.cn)" in now and "更正的上报" in now, now


def test_a_held_correction_is_previewed_as_a_correction(desk, smtp_server, make_unit):  # noqa: F811
    """Sent up once; a unit's file comes after and the inbox is merged again (still incomplete): the
    held 上报 is previewed as 【更正】, as it goes when sent anyway."""
    client, workspace = desk
    sent(client, shown_form(merged_with_roster(client, smtp_server)), force="1")
    make_unit(workspace.inbox(), "梅城镇党委", seed=7)  # a roster unit missing before
    client.post("/merge/start")
    wait_for_task(client)
    preview = client.get("/send").text
    assert HELD in preview and "主题:【更正】【上报】安化县委创先办" in preview and "(重新报送)" in preview, preview
    assert "上报文件已于" not in step(client)  # these numbers have not gone up
    page = sent(client, shown_form(preview), force="1")
    assert "<td>city@example.cn</td><td>已发送</td>" in page, page
    got = subjects(smtp_server)
    assert len(got) == 2 and got[1].startswith("【更正】【上报】安化县委创先办") and got[1].endswith("(重新报送)"), got
    assert "上报文件已于" in step(client)
