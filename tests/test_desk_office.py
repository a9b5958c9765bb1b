"""本单位名称 is the 填报单位 of the summary and the upward workbook and the name every mail is signed
with: the desk never saves it empty, and neither merges nor mails without it (HTTP level)."""

from __future__ import annotations

import html
import json
import re

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .mailservers import smtp_server  # noqa: E402,F401 - fixture
from .test_desk import desk, shown_form, wait_for_task  # noqa: E402,F401 - fixture
from .test_desk_mail import errors  # noqa: E402

SETTINGS = "工作台设置.json"


def test_an_empty_office_name_is_not_saved_and_the_rest_is(desk):  # noqa: F811
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1"})
    for blank in ("", "   ", "\u3000"):  # a full-width space, as a Chinese input method types it
        page = client.post("/settings", data={"office": blank, "period_year": "2011", "period_half": "H1",
                                              "up": "city@example.cn"})
        beside = re.search(r'<span class="bad" id="office-refused">([^<]*)</span>', page.text)
        assert beside and beside[1].startswith("本单位名称没有保存:请填写本单位的名称"), page.text
        assert "除本单位名称外,已保存" in page.text and not errors(page.text)
        assert workspace.settings.office == "安化县委创先办" and workspace.settings.up == "city@example.cn"


def test_a_fresh_desk_keeps_the_period_and_mail_settings_typed_without_a_name(desk):  # noqa: F811
    """The clerk's first save, the name forgotten: the period chosen and the mailbox typed are kept
    (the desk no longer stays on the period around today), the name is asked for beside its field."""
    client, workspace = desk
    page = client.post("/settings", data={"office": "", "period_year": "2011", "period_half": "H1",
                                          "due": "2011-06-28", "mail_from": "czb@anhua.gov.cn",
                                          "mail_host": "imap.qq.com", "smtp_host": "smtp.qq.com",
                                          "mail_security": "ssl"})
    assert str(workspace.period) == "2011-H1" and workspace.due_text() == "2011-06-28"
    s = workspace.settings
    assert (s.office, s.mail_from, s.mail_host, s.smtp_host) == ("", "czb@anhua.gov.cn", "imap.qq.com", "smtp.qq.com")
    assert 'id="office-refused">本单位名称没有保存:请填写' in page.text
    assert 'value="czb@anhua.gov.cn"' in page.text and 'value="2011" selected' in page.text


@pytest.mark.parametrize("name", ["..", "。。", "——", "…", "123"])
def test_a_name_without_a_character_or_letter_is_refused(desk, name):  # noqa: F811
    """“..” once became the 填报单位, and the upward workbook 上报_未命名单位_2011-H1.xlsx."""
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1"})
    page = client.post("/settings", data={"office": name, "period_year": "2011", "period_half": "H2"})
    beside = re.search(r'<span class="bad" id="office-refused">([^<]*)</span>', page.text)
    assert beside and f"“{html.escape(name)}”中没有汉字或字母,不是单位名称" in beside[1], page.text
    assert f'name="office" value="{html.escape(name)}"' in page.text  # shown as typed, to be corrected
    assert workspace.settings.office == "安化县委创先办" and str(workspace.period) == "2011-H2"
    for kept in ("Anhua", "安化县委创先办", "县委办(2)"):
        client.post("/settings", data={"office": kept})
        assert workspace.settings.office == kept


def test_no_merge_without_the_office_name(desk, make_unit):  # noqa: F811
    client, workspace = desk
    client.post("/settings", data={"period_year": "2011", "period_half": "H1"})  # the period only
    make_unit(workspace.inbox(), "东坪镇党委", seed=1)
    page = client.post("/merge/start")
    said = " ".join(errors(page.text))
    assert "审核汇总前请在“本期”页填写本单位名称" in said, said
    assert not workspace.results().exists() and workspace.last() is None


def test_no_mail_without_the_office_name(desk, smtp_server, make_unit):  # noqa: F811
    """Settings an older desk saved with a blank name, after a merge: 准备待发邮件 and 发送 say where
    to fill it in; nothing is sent unsigned."""
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1",
                                   "mail_from": "czb@anhua.gov.cn", "smtp_host": smtp_server.host,
                                   "smtp_port": str(smtp_server.port), "mail_security": "none",
                                   "up": "city@example.cn"})
    make_unit(workspace.inbox(), "东坪镇党委", seed=1)
    client.post("/merge/start")
    wait_for_task(client)
    shown = shown_form(client.get("/send").text)
    saved = json.loads((workspace.folder / SETTINGS).read_text(encoding="utf-8"))
    (workspace.folder / SETTINGS).write_text(json.dumps({**saved, "office": " "}, ensure_ascii=False), encoding="utf-8")
    page = client.post("/send/prepare", data={})
    said = " ".join(errors(page.text))
    assert "准备待发邮件前请在“本期”页填写本单位名称" in said and "已按最新的汇总结果准备好" not in page.text, said
    page = client.post("/send/now", data={**shown, "password": "x", "force": "1"})
    said = " ".join(errors(page.text))
    assert "发送前请在“本期”页填写本单位名称" in said and smtp_server.received == [], said
