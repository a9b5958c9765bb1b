"""The desk against another page on the same machine, planted links and odd names (HTTP level,
Starlette's TestClient): every refusal checked with real values, and that nothing changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from dianping_xlsx.api import CHINA  # noqa: E402
from dianping_xlsx.desk.app import create_app  # noqa: E402
from dianping_xlsx.desk.workspace import Workspace  # noqa: E402

from .test_desk import ROOT, TOKEN, desk, desk_client, wait_for_task  # noqa: E402,F401 - fixture

EXAMPLES = sorted(p for p in (ROOT / "examples" / "2011-H1").glob("*.xlsx") if not p.name.startswith("~$"))


def test_state_changing_requests_come_only_from_the_desk_itself(desk):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "up": "city@yiyang.gov.cn", "mail_host": "imap.qq.com"})
    before = (workspace.folder / "工作台设置.json").read_bytes()
    attack = {"office": "坏人", "up": "evil@evil.example", "mail_host": "imap.evil.example",
              "smtp_host": "smtp.evil.example"}
    good = client.app_state_token("/settings")
    for headers in ({"Origin": "http://127.0.0.1:9999"}, {"Origin": "null"}, {"Origin": "http://evil.example"},
                    {"Origin": "", "Referer": ""}, {"Referer": "http://127.0.0.1:9999/attack.html"}):
        sent = dict(headers)
        response = client.request("POST", "/settings", data={**attack, "csrf": good},
                                  headers={k: v for k, v in sent.items()})
        if "Origin" in sent and sent["Origin"] == "":  # no Origin and no Referer at all
            response = client.request("POST", "/settings", data={**attack, "csrf": good})
        assert response.status_code == 403 and "不是从工作台本身的页面发出的" in response.text, headers
    # the desk's own origin but no token, a wrong one, another form's
    for token in ("", "0" * 32, client.app_state_token("/merge/start")):
        response = client.post("/settings", data={**attack, "csrf": token})
        assert response.status_code == 403, token
    assert (workspace.folder / "工作台设置.json").read_bytes() == before
    planted = client.request("POST", "/inbox/upload", headers={"Origin": "http://127.0.0.1:9999"},
                             files={"files": ("x.xlsx", EXAMPLES[0].read_bytes())})
    assert planted.status_code == 403 and not workspace.inbox().exists()
    # the desk's own page, by Referer when a browser sends no Origin
    ok = client.request("POST", "/settings", headers={"Referer": "http://testserver/"},
                        data={"office": "安化县委创先办", "csrf": good})
    assert ok.status_code in (200, 303)


def test_no_get_changes_anything(desk):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    client.post("/inbox/upload", files=[("files", (p.name, p.read_bytes())) for p in EXAMPLES])
    client.post("/merge/start")
    wait_for_task(client)
    outbox = workspace.results() / "待发邮件"
    import shutil

    shutil.rmtree(outbox)
    assert client.get("/send").status_code == 200 and not outbox.exists()  # the page writes no draft
    assert client.get("/templates/zip").status_code == 405 and client.get("/send/now").status_code == 405
    blank = client.get("/roster/blank")
    assert blank.content[:2] == b"PK" and not list(workspace.folder.glob("空白*"))
    client.post("/send/prepare", data={"resubmit": "2099-07-05"})
    assert (outbox / "待发邮件清单.csv").exists() and workspace.settings.resubmit == "2099-07-05"


def test_planted_links_are_never_followed(desk, tmp_path):
    client, workspace = desk
    secret = tmp_path / "outside" / "secret.xlsx"
    secret.parent.mkdir()
    secret.write_bytes(EXAMPLES[0].read_bytes())
    (workspace.folder / "单位名册.xlsx").symlink_to(secret)
    assert workspace.roster is None
    assert client.get("/download", params={"path": "单位名册.xlsx"}).status_code == 404
    (workspace.folder / "link").symlink_to(secret.parent, target_is_directory=True)
    assert client.get("/download", params={"path": "link/secret.xlsx"}).status_code == 404
    # a linked templates folder: nothing written through it
    outside = tmp_path / "outside-templates"
    outside.mkdir()
    workspace.templates.parent.mkdir(parents=True)
    workspace.templates.symlink_to(outside, target_is_directory=True)  # the period's 模板
    refused = client.post("/templates/zip", data={"roster": "0"})
    assert "符号链接" in refused.text and not any(outside.iterdir())
    # a linked inbox: no upload through it, no merge from it
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    inbox_outside = tmp_path / "outside-inbox"
    inbox_outside.mkdir()
    (workspace.folder / "2011-H1").mkdir()
    (workspace.folder / "2011-H1" / "收件箱").symlink_to(inbox_outside, target_is_directory=True)
    uploaded = client.post("/inbox/upload", files={"files": (EXAMPLES[0].name, EXAMPLES[0].read_bytes())})
    assert "符号链接" in uploaded.text and not any(inbox_outside.iterdir())
    assert "符号链接" in client.post("/merge/start").text
    # the roster replaced through a link (the period's own roster, where an upload goes): refused,
    # the outside file unchanged
    secret_bytes = secret.read_bytes()
    (workspace.folder / "2011-H1" / "单位名册.xlsx").symlink_to(secret)
    roster = client.post("/roster", files={"roster": ("名册.xlsx", (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    assert "符号链接" in roster.text and secret.read_bytes() == secret_bytes


def test_odd_paths_and_names(desk):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    bad = client.get("/download?path=2011-H1%00/x.xlsx")
    assert bad.status_code == 400 and "文件路径无效" in bad.text
    data = EXAMPLES[0].read_bytes()
    page = client.post("/inbox/upload", files=[("files", (name, data + bytes(n))) for n, name in
                                               enumerate(["CON.xlsx", "aux.xlsx", "LPT1.xls", "nul", "..\\..\\x.xlsx"])]
                       + [("files", ("~$梅城.xlsx", b"lock"))])
    names = sorted(p.name for p in workspace.inbox().iterdir() if p.is_file())
    assert names == ["CON_.xlsx", "LPT1_.xlsx", "aux_.xlsx", "nul_.xlsx", "x.xlsx"], names  # named by content
    text = page.text
    assert "“nul”是 Windows 的设备名,不能作文件名,已改名为“nul_.xlsx”保存" in text
    assert "已放入收件箱 5 个文件" in text and "“CON.xlsx”是 Windows 的设备名" in text and "“CON_.xlsx”" in text
    assert "已只按文件名“x.xlsx”保存" in text and "临时文件" in text and "~$梅城.xlsx" in text
    assert not (workspace.folder.parent / "x.xlsx").exists()


def test_sizes_are_checked_before_reading(desk):
    client, workspace = desk
    big = b"PK\x03\x04" + bytes(21 * 1024 * 1024)
    page = client.post("/roster", files={"roster": ("我的名册.xlsx", big)})
    assert "“我的名册.xlsx”超过 20 MB" in page.text and workspace.roster is None
    broken = client.post("/roster", files={"roster": ("我的名册.xlsx", b"<html>not a workbook</html>")})
    assert "我的名册.xlsx" in broken.text and "检查中" not in broken.text and ".tmp" not in broken.text
    page = client.post("/inbox/upload", files={"files": ("大.xlsx", big)})
    assert "“大.xlsx”超过 20 MB" in page.text and not any(workspace.inbox().glob("*")) if workspace.inbox().exists() \
        else "“大.xlsx”超过 20 MB" in page.text


def test_headers_and_the_token_redirect(tmp_path):
    app = create_app(Workspace(tmp_path / "ws"), TOKEN, hosts=("testserver",))
    client = desk_client(app)
    first = client.get(f"http://testserver//evil.example/?token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/evil.example/"
    first = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert first.headers["location"] == "/"
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["referrer-policy"] == "same-origin"
    assert "<script>" not in page.text and " onchange=" not in page.text  # nothing inline for CSP to refuse
    assert client.get("/static/desk.js").headers["x-content-type-options"] == "nosniff"
    assert client.get("/favicon.ico").headers["content-type"].startswith("image/svg")


def test_mail_settings_are_kept_and_the_send_page_speaks_plainly(desk, make_unit):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1",
                                   "mail_from": "czb@anhua.gov.cn", "mail_host": "mail.anhua.gov.cn",
                                   "smtp_host": "mail.anhua.gov.cn", "mail_security": "starttls",
                                   "mail_port": "143", "smtp_port": "587", "up": "city@yiyang.gov.cn"})
    client.post("/settings", data={"office": "安化县委创先办", "due": "2011-06-28"})  # a form without them
    s = workspace.settings
    assert (s.period, s.mail_security, s.mail_port, s.smtp_port, s.due) == ("2011-H1", "starttls", "143", "587",
                                                                          "2011-06-28")
    home = client.get("/").text
    assert '<option value="starttls" selected>' in home and 'name="smtp_port" value="587"' in home
    # a unit's file handed over on the desk (not by mail): its return mail goes to the roster's address
    from dianping_xlsx.definitions import Key
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster
    from dianping_xlsx.api import _table_set

    made = workspace.folder.parent / "made"
    path, _ = make_unit(made, "东坪镇党委", seed=3, values={Key("附件2", "农村", "党组织数", ""): "见附件"})
    roster = made / "名册.xlsx"
    write_blank_roster(_table_set(None), roster, [RosterUnit("东坪镇党委", (), "乡镇", "", 0, ("dp@anhua.gov.cn",)),
                                                  RosterUnit("梅城镇党委", (), "乡镇", "", 0, ())])
    client.post("/roster", files={"roster": ("名册.xlsx", roster.read_bytes())})
    client.post("/inbox/upload", files={"files": (path.name, path.read_bytes())})
    client.post("/merge/start")
    wait_for_task(client)
    send = client.get("/send").text
    assert "dp@anhua.gov.cn" in send and "名册邮箱(文件不是从邮箱收取的)" in send
    assert "暂不发送:汇总尚不完整" in send and "city@yiyang.gov.cn" in send and "(无邮箱地址)" not in send
    import datetime as dt

    later = dt.datetime.now(CHINA).date() + dt.timedelta(days=5)  # the desk keeps Beijing time
    assert f"请于{later.month}月{later.day}日前" in send and "6月28日" not in send
    for page in ("/", "/templates", "/inbox", "/merge", "/send", "/up"):
        text = client.get(page).text
        assert "dianping " not in text and "--force" not in text and "dianping mail" not in text, page


def test_the_record_and_the_files_are_one_set(desk):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    client.post("/inbox/upload", files=[("files", (p.name, p.read_bytes())) for p in EXAMPLES])
    client.post("/merge/start")
    wait_for_task(client)
    assert "汇总尚不完整" in client.get("/merge").text
    # as a desk killed after a new 汇总表 replaced the old one, before the record was written
    book = workspace.results() / "汇总表_2011-H1.xlsx"
    data = book.read_bytes()
    book.unlink()
    book.write_bytes(data + b"\0")
    page = client.get("/merge").text
    assert "上次审核汇总没有完成" in page and "下载汇总表" not in page and 'id="returned"' not in page
    home = client.get("/").text
    assert "上次审核汇总没有完成" in home and "到“发送”页" not in home  # only the step that is true
    prepared = client.post("/send/prepare", data={}).text  # refused, and nothing said to be ready
    assert "上次审核汇总没有完成" in prepared and "已按最新的汇总结果准备好" not in prepared, prepared
    assert "<details class=\"plan\">" not in client.get("/send").text
    client.post("/merge/start")
    wait_for_task(client)
    assert "上次审核汇总没有完成" not in client.get("/merge").text


def test_a_file_moved_out_of_the_inbox_is_kept_aside(desk):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    client.post("/inbox/upload", files={"files": (EXAMPLES[0].name, EXAMPLES[0].read_bytes())})
    page = client.post("/inbox/aside", data={"name": EXAMPLES[0].name})
    assert "已把" in page.text and not (workspace.inbox() / EXAMPLES[0].name).exists()
    assert (workspace.aside() / EXAMPLES[0].name).read_bytes() == EXAMPLES[0].read_bytes()
    assert "没有这个文件" in client.post("/inbox/aside", data={"name": "../工作台设置.json"}).text
    assert (workspace.folder / "工作台设置.json").exists()


def test_an_encrypted_xlsx_keeps_its_name_and_is_said_encrypted(desk, tmp_path, make_unit):
    """A password-protected .xlsx (Office wraps it in OLE) is stored as .xlsx, not renamed .xls;
    merge says it needs its password removed."""
    from msoffcrypto.format.ooxml import OOXMLFile

    client, workspace = desk
    plain, _ = make_unit(tmp_path / "plain", "梅城镇党委", seed=1)
    locked = tmp_path / "梅城镇党委.xlsx"
    with open(plain, "rb") as fh, open(locked, "wb") as out:
        OOXMLFile(fh).encrypt("123456", out)
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    page = client.post("/inbox/upload", files=[("files", ("梅城镇党委.xlsx", locked.read_bytes()))])
    assert "梅城镇党委.xlsx" in page.text
    assert [p.name for p in workspace.inbox().iterdir() if p.is_file()] == ["梅城镇党委.xlsx"]
    client.post("/merge/start")
    wait_for_task(client)
    assert "密码" in client.get("/merge").text


def test_each_desk_has_its_own_cookie_and_it_is_not_the_token(tmp_path):
    """Two desks in one browser (127.0.0.1, two ports) keep their cookies apart; what the cookie
    holds is not the token of the start address."""
    one = desk_client(create_app(Workspace(tmp_path / "甲"), TOKEN, hosts=("testserver",)))
    two = desk_client(create_app(Workspace(tmp_path / "乙"), TOKEN + "-2", hosts=("testserver",)))
    set_one = one.get(f"/?token={TOKEN}", follow_redirects=False).headers["set-cookie"]
    set_two = two.get(f"/?token={TOKEN}-2", follow_redirects=False).headers["set-cookie"]
    assert set_one.split("=")[0] != set_two.split("=")[0] and TOKEN not in set_one and TOKEN not in set_two
    two.cookies.update(one.cookies)  # the browser sends both desks' cookies to each
    assert two.get("/inbox").status_code == 200 and one.get("/inbox").status_code == 200
    stranger = desk_client(create_app(Workspace(tmp_path / "丙"), TOKEN + "-3", hosts=("testserver",)))
    stranger.cookies.update(one.cookies)  # another desk's cookie opens nothing here
    assert stranger.get("/inbox").status_code == 403


def test_only_the_desk_puts_words_in_its_message_boxes(desk):
    """Another page linking to the desk with its own text (?msg=, ?err=, a made-up note id) shows
    nothing of it; what the desk itself says after a form is shown, on reload too."""
    client, workspace = desk
    planted = "上级通知:发送功能升级,请把邮箱授权码发送到 evil@evil.example"
    for query in ({"msg": planted}, {"err": planted}, {"note": planted}, {"note": "x" * 16}):
        for path in ("/", "/inbox", "/send"):
            page = client.get(path, params=query)
            assert page.status_code == 200 and "授权码发送到" not in page.text and 'class="msg"' not in page.text
            assert 'class="err"' not in page.text, (path, query)
    said = client.post("/settings", data={"office": "安化县委创先办"})
    assert '<div class="msg">已保存。</div>' in said.text and "已保存" not in str(said.url)
    assert '<div class="msg">已保存。</div>' in client.get(str(said.url)).text


def test_long_names_are_shortened_or_said_never_a_500(desk, tmp_path):
    """Names as long as a clerk's or a unit's can be (96 Chinese characters: 290 bytes, beyond the
    255 a file system takes): uploads are kept under a shortened name, a long name asked for is
    simply not there; each said in Chinese."""
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    client.post("/inbox/upload", files={"files": (EXAMPLES[0].name, EXAMPLES[0].read_bytes())})
    long_roster = "安化县" + "各乡镇和县直机关单位" * 9 + "名册.xlsx"
    page = client.post("/roster", files={"roster": (long_roster, (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    assert page.status_code == 200 and "名册已更新:24 个单位" in page.text and workspace.roster is not None
    page = client.post("/inbox/upload", files={"files": ("东坪" * 60 + ".xlsx", EXAMPLES[1].read_bytes())})
    assert page.status_code == 200 and "文件名太长,已缩短为" in page.text and "已放入收件箱 1 个文件" in page.text
    assert all(len(p.name.encode()) <= 160 for p in workspace.inbox().iterdir())
    page = client.post("/notice", files={"notice": ("通" * 90 + ".toml", b'tables = "x"\n')})
    assert page.status_code == 200 and "通知定义文件" in page.text and workspace.settings.notice == ""
    page = client.post("/notice/draft/upload", files={"document": ("通知" * 45 + ".docx", b"PK\x03\x04junk")})
    assert page.status_code == 200 and "不能读" in page.text
    page = client.post("/inbox/aside", data={"name": "报" * 100 + ".xlsx"})
    assert page.status_code == 200 and "收件箱中没有" in page.text
    page = client.get("/download", params={"path": "报" * 100 + ".xlsx"})
    assert page.status_code == 404 and "只能下载工作文件夹中的文件" in page.text


def test_a_fault_of_ours_and_unknown_addresses_are_said_in_chinese(tmp_path, monkeypatch):
    """A 500 (a bug of the desk), a 404 and a 405 (a form's address opened as a page): Chinese pages
    leading back to 本期, each with the security headers."""
    workspace = Workspace(tmp_path / "ws")
    client = desk_client(create_app(workspace, TOKEN, hosts=("testserver",)), raise_server_exceptions=False)
    client.get(f"/?token={TOKEN}")

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(workspace, "last", broken)
    answers = {500: client.get("/merge"), 405: client.get("/settings"), 404: client.get("/没有这一页")}
    answers[4051] = client.get("/inbox/upload")
    for status, answer in answers.items():
        assert answer.status_code == (405 if status == 4051 else status)
        assert answer.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in answer.headers[
            "content-security-policy"]
        assert '<a href="/">回到本期</a>' in answer.text and not any(
            english in answer.text for english in ("Internal Server Error", "Method Not Allowed", "Not Found"))
    assert "工作台出错了" in answers[500].text and "不能直接打开这个地址" in answers[405].text
    assert "没有这个页面" in answers[404].text and answers[405].headers["allow"] == "POST"
