"""What the clerk reads on the desk where the tester found words meant for engineers: the page of a
browser without the desk's cookie (it said 请用启动工作台时显示的地址(带 token)打开本页, and came up
every time the browser was reopened: the cookie died with it), the button of summary.csv, and the
definition files' help (a docs/ path the clerk does not have)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from starlette.testclient import TestClient  # noqa: E402

from dianping_xlsx.desk.app import create_app  # noqa: E402
from dianping_xlsx.desk.guard import cookie_name  # noqa: E402
from dianping_xlsx.desk.workspace import Workspace  # noqa: E402

from .test_desk import TOKEN, desk, wait_for_task  # noqa: E402,F401 - fixture

TEMPLATES = Path(__file__).resolve().parent.parent / "dianping_xlsx" / "desk" / "templates"


def test_a_browser_without_the_address_is_told_where_the_address_is(tmp_path):
    client = TestClient(create_app(Workspace(tmp_path / "ws"), TOKEN, hosts=("testserver",)))
    refused = client.get("/inbox")
    assert refused.status_code == 403
    text = re.sub(r"<[^>]+>", "", refused.text)
    assert "启动工作台时出现的窗口" in text and "“请在浏览器中打开:”后面的那一整行地址" in text
    assert "重新双击“启动工作台.bat”" in text and "token" not in text.lower()
    assert 'href="/"' not in refused.text  # no way "back" to a page this browser cannot open
    assert refused.headers["x-frame-options"] == "DENY"  # said with the security headers


def test_the_login_lasts_while_the_desk_runs_not_until_the_browser_closes(tmp_path):
    client = TestClient(create_app(Workspace(tmp_path / "ws"), TOKEN, hosts=("testserver",)))
    cookie = client.get(f"/?token={TOKEN}", follow_redirects=False).headers["set-cookie"]
    assert cookie.startswith(cookie_name(TOKEN) + "=")  # this desk's own name, as before
    assert "max-age=43200" in cookie.lower() and "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()


def test_the_pages_name_things_in_the_clerks_words(desk, make_unit):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1"})
    home = client.get("/").text
    assert "docs/" not in home and "由技术人员按工具所带的《通知定义》说明编写" in home
    make_unit(workspace.inbox(), "东坪镇党委", 0)
    client.post("/merge/start")
    assert "完成" in wait_for_task(client)
    merged = client.get("/merge").text
    assert "下载明细数据表 summary.csv(供数据分析)" in merged and "下载summary.csv" not in merged
    for template in TEMPLATES.glob("*.html"):  # the draft page too: no path of the project's docs
        assert "docs/" not in template.read_text(encoding="utf-8"), template.name
