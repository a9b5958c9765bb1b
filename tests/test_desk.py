"""The desk's routes at the HTTP level (Starlette's TestClient): the token and the Host, each
page, an upload, a merge run in the background, downloads only from the workspace."""

from __future__ import annotations

import html
import re
import shutil
import time
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from starlette.testclient import TestClient  # noqa: E402

from dianping_xlsx.desk.app import create_app  # noqa: E402
from dianping_xlsx.desk.workspace import Workspace  # noqa: E402

from .mailservers import smtp_server  # noqa: E402,F401 - fixture

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "t0k3n-for-tests"


class DeskClient(TestClient):
    """Posts as the desk's own pages do: from the desk's origin, with the form's token."""

    def post(self, url, *args, data=None, headers=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf", self.app_state_token(url))
        headers = {"Origin": str(self.base_url).rstrip("/"), **(headers or {})}
        return super().post(url, *args, data=data, headers=headers, **kwargs)

    def app_state_token(self, url: str) -> str:
        return self.desk_app.state.form_token(url.split("?")[0])


def desk_client(app, **kwargs) -> DeskClient:
    client = DeskClient(app, **kwargs)
    client.desk_app = app
    return client


@pytest.fixture
def desk(tmp_path):
    workspace = Workspace(tmp_path / "工作台")
    app = create_app(workspace, TOKEN, hosts=("testserver", "127.0.0.1"))
    client = desk_client(app)
    client.get(f"/?token={TOKEN}")  # the address printed at start: sets the cookie
    return client, workspace


def make_templates(client, roster: str):
    """模板: made in the background with progress, then downloaded from the page."""
    client.post("/templates/zip", data={"roster": roster})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "正在生成模板" in (text := client.get("/templates").text):
        time.sleep(0.3)
    link = re.search(r'id="made">模板已生成。<a class="button" href="([^"]+)"', text)
    assert link, text
    return client.get(link[1].replace("&amp;", "&"))


def wait_for_task(client, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = client.get("/merge/progress").text
        if "正在" not in text:
            return text
        time.sleep(0.2)
    raise AssertionError("the task did not finish")


def shown_form(page: str) -> dict[str, str]:
    """The hidden fields the send form of ``page`` posts (the digest of the preview, its period)."""
    form = re.search(r'<form[^>]*action="/send/now".*?</form>', page, re.S)
    assert form, page
    return {name: html.unescape(value) for name, value in
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form[0]) if name != "csrf"}


def test_no_token_no_page_and_only_this_machine(tmp_path):
    app = create_app(Workspace(tmp_path / "ws"), TOKEN, hosts=("testserver",))
    client = TestClient(app)
    assert client.get("/").status_code == 403 and "启动工作台时出现的窗口" in client.get("/").text
    assert client.get("/?token=wrong").status_code == 403
    first = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303 and "samesite=strict" in first.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200
    other = TestClient(app, base_url="http://evil.example")  # DNS rebinding: another Host
    from dianping_xlsx.desk.guard import cookie_name, session_value

    other.cookies.set(cookie_name(TOKEN), session_value(TOKEN))
    assert other.get("/").status_code == 403


def test_a_half_year_through_the_routes(desk, tmp_path):
    client, workspace = desk
    home = client.get("/")
    assert home.status_code == 200 and "下一步" in home.text and "本单位名称" in home.text
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1", "due": "2011-06-28"})
    assert workspace.settings.office == "安化县委创先办"
    bad = client.post("/settings", data={"period": "2011年上半年"})
    assert "期次请选择年份和通知的期次" in bad.text
    roster = (ROOT / "examples" / "单位名册.xlsx").read_bytes()
    page = client.post("/roster", files={"roster": ("名册.xlsx", roster)})
    assert "名册已更新:24 个单位" in page.text and workspace.roster is not None
    broken = client.post("/roster", files={"roster": ("名册.xlsx", b"<html>not a workbook</html>")})
    assert "网页或文本" in broken.text and workspace.roster.read_bytes() == roster  # the old one kept
    assert client.get("/templates/zip").status_code == 405  # no GET makes anything
    blank = make_templates(client, "0")
    assert blank.headers["content-type"] == "application/zip" and blank.content[:2] == b"PK"
    per_unit = make_templates(client, "1")
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(per_unit.content))
    assert "领导点评群众评议统计表_梅城镇党委.xlsx" in archive.namelist() and len(archive.namelist()) > 24
    import openpyxl

    made = openpyxl.load_workbook(io.BytesIO(archive.read("领导点评群众评议统计表_梅城镇党委.xlsx")))
    assert made["自查"]["C2"].value == "上半年"  # the desk's period (2011-H1), picked on the 自查 sheet
    assert "“自查”" in client.get("/templates").text and "2011年上半年" in client.get("/templates").text

    files = [("files", (p.name, p.read_bytes())) for p in sorted((ROOT / "examples" / "2011-H1").glob("*.xlsx"))
             if not p.name.startswith("~$")]
    uploaded = client.post("/inbox/upload", files=files + [("files", ("说明.docx", b"PK\x03\x04 word"))])
    assert f"已放入收件箱 {len(files)} 个文件" in uploaded.text and "说明.docx" in uploaded.text
    client.post("/inbox/upload", files=files[:1])  # the same file again: kept once
    assert len(list(workspace.inbox().glob("*.xlsx"))) == len(files)

    started = client.post("/merge/start")
    assert started.status_code == 200
    finished = wait_for_task(client)
    assert "完成" in finished, finished
    merged = client.get("/merge")
    assert "汇总尚不完整" in merged.text and "县公安局党委" in merged.text and "见附件" in merged.text
    assert "下载上报文件" in merged.text and "<details>" in merged.text
    upward = client.get("/download", params={"path": "2011-H1/汇总结果/上报_安化县委创先办_2011-H1.xlsx"})
    assert upward.status_code == 200 and upward.content[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(upward.content))
    assert wb.sheetnames == ["附件1", "附件2", "附件3"]
    assert client.get("/download", params={"path": "../../etc/passwd"}).status_code == 404
    home = client.get("/")
    assert "退回的文件" in home.text and "未报的单位" in home.text and "奎溪镇党委" in home.text
    send = client.get("/send")
    assert send.status_code == 200 and "退回" in send.text and "催报" in send.text and "奎溪镇党委" in send.text
    # no mail has an address (files put in by hand, a roster without 邮箱, no 上级的邮箱): none to send
    assert "授权码" not in send.text and "上面没有可以发送的邮件" in send.text
    up = client.get("/up")
    assert up.status_code == 200 and "上报_" in up.text


def test_one_task_at_a_time_and_a_failed_task_says_why(desk):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    client.post("/merge/start")
    text = wait_for_task(client)
    assert "没有完成" in text and "没有任何报表" in text and "Traceback" not in text


def test_the_desk_fetches_the_periods_mail_with_progress(desk, tmp_path, make_unit):
    """收件 → 从邮箱收取: a real IMAP server (Dovecot on 127.0.0.1); the password typed for this
    fetch only (never in the workspace); every file listed with its sender and time."""
    import datetime as dt

    from .mailcorpus import Attachment, message
    from .mailservers import _start_dovecot, _wait_for, DOVECOT  # noqa: F401

    if DOVECOT is None:
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)")
    import subprocess
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dianping-dovecot-"))
    server = _start_dovecot(folder)
    try:
        _wait_for(server.ssl_port)
        china = dt.timezone(dt.timedelta(hours=8))
        path, _ = make_unit(tmp_path / "made", "东坪镇党委", seed=1)
        when = dt.datetime(2011, 6, 25, 10, 0, tzinfo=china)
        server.deliver([(message("东坪镇党委", "dp@qq.com", "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]),
                         when)])
        client, workspace = desk
        client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1", "mail_from": server.user,
                                       "mail_host": server.host, "mail_port": str(server.port), "mail_security": "none"})
        refused = client.post("/inbox/fetch", data={"password": ""})
        assert "授权码" in refused.text
        client.post("/inbox/fetch", data={"password": server.password})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "正在收取" in (page := client.get("/inbox").text):
            time.sleep(0.2)
        assert "新收取 1 封邮件,保存表格文件 1 个" in page, page
        assert "0625-1000_东坪镇党委_统计表.xlsx" in page and "dp@qq.com" in page and "6月25日10:00" in page
        assert (workspace.inbox() / "0625-1000_东坪镇党委_统计表.xlsx").read_bytes() == path.read_bytes()
        assert server.password not in (workspace.folder / "工作台设置.json").read_text(encoding="utf-8")
    finally:
        subprocess.run([DOVECOT, "-c", str(folder / "dovecot.conf"), "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_desk_sends_what_it_previewed(desk, tmp_path, smtp_server):
    """发送: the messages previewed are sent over SMTP with the password typed for this send only;
    each result listed; a second send sends nothing twice, nor does one after merging again."""
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1", "mail_from": "czb@anhua.gov.cn",
                                   "smtp_host": smtp_server.host, "smtp_port": str(smtp_server.port),
                                   "mail_security": "none", "up": "city@yiyang.gov.cn"})
    files = [("files", (p.name, p.read_bytes())) for p in sorted((ROOT / "examples" / "2011-H1").glob("*.xlsx"))
             if not p.name.startswith("~$")]
    client.post("/inbox/upload", files=files)
    client.post("/merge/start")
    wait_for_task(client)
    preview = client.get("/send").text
    assert "上报" in preview and "汇总尚不完整" in preview  # the upward mail held back, said why
    client.post("/send/now", data={**shown_form(client.get("/send").text), "password": "x", "force": "1"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "正在发送" in (page := client.get("/send").text):
        time.sleep(0.2)
    assert "<td>city@yiyang.gov.cn</td><td>已发送</td>" in page and "<td>250" not in page, page  # the reply is in the log
    assert [to for _, to, _ in smtp_server.received] == [["city@yiyang.gov.cn"]]  # the sample has no addresses
    client.post("/send/now", data={**shown_form(client.get("/send").text), "password": "x", "force": "1"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "正在发送" in (page := client.get("/send").text):
        time.sleep(0.2)
    assert "已发送的上报内容相同,未重复发送" in page and len(smtp_server.received) == 1
    # merged again (new bytes, the same numbers): the report does not go up a second time
    client.post("/merge/start")
    wait_for_task(client)
    client.post("/send/now", data={**shown_form(client.get("/send").text), "password": "x", "force": "1"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "正在发送" in (page := client.get("/send").text):
        time.sleep(0.2)
    assert "已发送的上报内容相同,未重复发送" in page and len(smtp_server.received) == 1


def test_each_returned_unit_gets_its_own_return_file(desk, make_unit):
    """Two units sent back, one's name the start of the other's (县教育局党委, 县教育局党委机关支部):
    each row of the merge page links that unit's own return file."""
    from dianping_xlsx.definitions import Key

    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    made = workspace.folder.parent / "made"
    # the longer name's file sorts first, so its return file is written (and listed) first
    for n, (unit, name) in enumerate([("县教育局党委", "b.xlsx"), ("县教育局党委机关支部", "a.xlsx")]):
        path, _ = make_unit(made, unit, seed=n, name=name, values={Key("附件2", "农村", "党组织数", ""): "见附件"})
        client.post("/inbox/upload", files=[("files", (path.name, path.read_bytes()))])
    client.post("/merge/start")
    wait_for_task(client)
    returned = {r["unit"]: r["return_file"] for r in workspace.last()["returned"]}
    assert returned == {"县教育局党委": "2011-H1/汇总结果/退回/县教育局党委_审核意见.xlsx",
                        "县教育局党委机关支部": "2011-H1/汇总结果/退回/县教育局党委机关支部_审核意见.xlsx"}


def test_each_problem_names_its_file(desk, make_unit):
    """Two files of one unit saved together (one mail's attachments unzipped into the inbox): the
    problem "已采用本文件" says which file it is about."""
    import os

    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    inbox = workspace.inbox()
    for n, name in enumerate(["县中国银行党委-报表.xlsx", "县中国银行党委-统计表.xlsx"]):
        path, _ = make_unit(inbox, "县中国银行党委", seed=n, name=name)
        os.utime(path, (1_309_400_000, 1_309_400_000))
    client.post("/merge/start")
    wait_for_task(client)
    rows = re.findall(r"<tr><td>(?:警告|提示)</td><td>无法判断哪个文件较新</td><td>([^<]*)</td>", client.get("/merge").text)
    assert rows == ["县中国银行党委-统计表.xlsx"], rows  # the one taken; the other is not counted


def test_a_file_off_the_roster_is_the_offices_to_do_not_a_return(desk, make_unit):
    """A unit the roster does not know (a dissolved school still sending): listed under 名册外单位
    with what to do here, never among the files to send back to a unit."""
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    client.post("/roster", files={"roster": ("名册.xlsx", (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    inbox = workspace.inbox()
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(inbox, "安化县职业中专党委", seed=2)
    client.post("/merge/start")
    wait_for_task(client)
    last = workspace.last()
    assert last["returned"] == [] and last["counts"]["returned"] == 0
    assert [r["unit"] for r in last["off_roster"]] == ["安化县职业中专党委"]
    page = client.get("/merge").text
    assert 'id="off-roster"' in page and "安化县职业中专党委" in page and 'id="returned"' not in page
