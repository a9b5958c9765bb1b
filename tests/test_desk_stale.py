"""A merge is of a roster and the office's settings: changed after it (a new roster uploaded, another
本单位名称), 本期, 审核汇总 and 发送 say the result is out of date and 发送 neither prepares nor sends
from it, until the inbox is merged again (HTTP level)."""

from __future__ import annotations

import io

import openpyxl
import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .mailservers import smtp_server  # noqa: E402,F401 - fixture
from .test_desk import ROOT, desk, shown_form, wait_for_task  # noqa: E402,F401 - fixture
from .test_desk_mail import errors  # noqa: E402
from .test_desk_send import sent  # noqa: E402

STALE = "名册已更改,请重新审核汇总"


def roster_with(unit: str, email: str) -> bytes:
    """The sample roster with one unit more, as a clerk adds a row in Excel."""
    wb = openpyxl.load_workbook(ROOT / "examples" / "单位名册.xlsx")
    ws = wb["单位名册"]
    ws.append([unit, "", "乡镇", "安化县委", email])
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def merged(client, workspace, smtp, make_unit) -> None:
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1",
                                   "mail_from": "czb@anhua.gov.cn", "smtp_host": smtp.host,
                                   "smtp_port": str(smtp.port), "mail_security": "none",
                                   "up": "city@example.cn"})  # a mail to send: the 上报, held back
    client.post("/roster", files={"roster": ("名册.xlsx", (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    make_unit(workspace.inbox(), "东坪镇党委", seed=1)
    client.post("/merge/start")
    wait_for_task(client)


def test_a_roster_uploaded_after_the_merge_makes_it_out_of_date(desk, smtp_server, make_unit):  # noqa: F811
    client, workspace = desk
    merged(client, workspace, smtp_server, make_unit)
    home = client.get("/").text
    assert STALE not in home and "到“发送”页发出退回和催报邮件" in home
    # the same roster again (the same bytes): nothing changed
    client.post("/roster", files={"roster": ("名册.xlsx", (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    assert STALE not in client.get("/").text
    shown = shown_form(client.get("/send").text)
    client.post("/roster", files={"roster": ("名册.xlsx", roster_with("新建镇党委", "xj@example.cn"))})
    home = client.get("/").text
    assert STALE in home and "到“发送”页发出退回和催报邮件" not in home, home
    assert STALE in client.get("/merge").text
    send = client.get("/send").text
    assert STALE in send and "催报" not in send  # the old preview is not shown
    page = client.post("/send/prepare", data={})
    assert STALE in " ".join(errors(page.text)) and "已按最新的汇总结果准备好" not in page.text
    page = client.post("/send/now", data={**shown, "password": "x", "force": "1"})
    assert STALE in " ".join(errors(page.text)) and smtp_server.received == []
    # merged again: the new unit is missing and gets its reminder
    client.post("/merge/start")
    wait_for_task(client)
    assert STALE not in client.get("/").text
    send = client.get("/send").text
    assert STALE not in send and "新建镇党委" in send and "xj@example.cn" in send


def test_another_office_name_after_the_merge_makes_it_out_of_date(desk, smtp_server, make_unit):  # noqa: F811
    client, workspace = desk
    merged(client, workspace, smtp_server, make_unit)
    client.post("/settings", data={"office": "安化县委组织部"})
    home = client.get("/").text
    assert "本单位名称已更改,请重新审核汇总" in home and "本单位名称已更改:到“审核汇总”页重新审核汇总" in home


def test_a_send_refused_for_a_changed_roster_says_so_once_and_hides_the_old_result(desk, smtp_server,  # noqa: F811
                                                                                    make_unit):
    """The 上报 sent, then a roster with one unit more: the result table of that send belongs to
    the old merge and is hidden; 发送 refused says why once (not in the banner and again below)."""
    client, workspace = desk
    merged(client, workspace, smtp_server, make_unit)
    shown = shown_form(client.get("/send").text)
    done = sent(client, shown, force="1")
    assert "<td>city@example.cn</td><td>已发送</td>" in done, done
    client.post("/roster", files={"roster": ("名册.xlsx", roster_with("新建镇党委", "xj@example.cn"))})
    send = client.get("/send").text
    assert STALE in send and "已发送</td>" not in send and "发送以上邮件" not in send, send
    page = client.post("/send/now", data={**shown, "password": "x", "force": "1"})
    assert page.text.count(STALE) == 1 and STALE in " ".join(errors(page.text)), page.text
    assert len(smtp_server.received) == 1


def test_files_put_in_after_the_merge_make_it_out_of_date(desk, smtp_server, make_unit, tmp_path):  # noqa: F811
    """The returns sent, then one unit's file copied into the inbox folder by hand and another's
    uploaded: 本期 counts the inbox as it is now and says plainly that two files are not merged;
    发送 neither shows nor sends (not even the forced 上报) from the old merge until it is merged again."""
    client, workspace = desk
    merged(client, workspace, smtp_server, make_unit)
    shown = shown_form(client.get("/send").text)
    make_unit(workspace.inbox(), "梅城镇党委", seed=2)  # copied into the folder the desk names
    upload, _ = make_unit(tmp_path, "仙溪镇党委", seed=3)
    client.post("/inbox/upload", files={"files": (upload.name, upload.read_bytes())})
    news = "收件箱中有 2 个文件是上次审核汇总之后放入的"
    home = client.get("/").text
    assert f"{news},请先到“审核汇总”页重新审核汇总" in home, home
    assert '<b id="in-inbox">3</b>收件箱中的文件' in home and "到“发送”页发出退回和催报邮件" not in home
    send = client.get("/send").text
    assert news in send and "发送以上邮件" not in send and "催报" not in send, send
    page = client.post("/send/now", data={**shown, "password": "x", "force": "1"})
    assert news in " ".join(errors(page.text)) and smtp_server.received == []
    # a file taken out of the inbox after a merge again is said as well
    client.post("/merge/start")
    wait_for_task(client)
    assert news not in client.get("/").text and news not in client.get("/send").text
    client.post("/inbox/aside", data={"name": upload.name})
    assert "收件箱中有 1 个文件在上次审核汇总之后移出或删除了" in client.get("/").text


def test_the_same_notice_chosen_again_is_no_change_and_another_one_is(desk, smtp_server, make_unit):  # noqa: F811
    """The notice of a merge is its identity, not how it was chosen: the other notice picked and this one
    picked back, or the unchanged hunan-2011.toml uploaded, leave the merge as it is (发送 still offers
    its mails); the same file edited is another notice, and the merge is out of date."""
    client, workspace = desk
    merged(client, workspace, smtp_server, make_unit)
    stale = "通知已更改,请重新审核汇总"
    client.post("/settings", data={"notice": "justice-2012"})
    client.post("/settings", data={"notice": "hunan-2011", "period_year": "2011", "period_half": "H1"})
    assert str(workspace.period) == "2011-H1" and workspace.settings.notice == "hunan-2011"
    home, send = client.get("/").text, client.get("/send").text
    assert stale not in home and stale not in send and "到“发送”页发出退回和催报邮件" in home, home
    shipped = (ROOT / "dianping_xlsx" / "definitions" / "notices" / "hunan-2011.toml").read_bytes()
    page = client.post("/notice", files=[("notice", ("hunan-2011.toml", shipped))]).text
    assert "已采用通知定义" in page, page
    client.post("/settings", data={"period_year": "2011", "period_half": "H1"})
    assert workspace.settings.notice == "通知定义/hunan-2011.toml" and str(workspace.period) == "2011-H1"
    assert stale not in client.get("/").text and stale not in client.get("/send").text
    edited = workspace.folder / "通知定义" / "hunan-2011.toml"  # the clerk edits it in Notepad
    edited.write_text(edited.read_text(encoding="utf-8").replace('up = "市委', 'up = "市委组织部、市委'),
                      encoding="utf-8")
    assert stale in client.get("/").text and stale in client.get("/send").text


def excel_owner_file(folder, name: str):
    """The owner file Excel writes beside a workbook the clerk has open (~$name, 165 bytes)."""
    owner = folder / f"~${name}"
    owner.write_bytes(b"\x08clerk" + b" " * 48 + b"\x05\x00" + "clerk".encode("utf-16-le") + b"\x00" * 100)
    return owner


def test_an_excel_owner_file_coming_and_going_is_no_change_of_the_inbox(desk, smtp_server, make_unit):  # noqa: F811
    """The clerk opens a unit's file in Excel after the merge (~$东坪镇党委.xlsx appears), or merges while
    it is open and closes Excel later: the merge passes over such a file, so it is no change; a unit's
    file put in is one."""
    client, workspace = desk
    merged(client, workspace, smtp_server, make_unit)
    inbox, news = workspace.inbox(), "收件箱中有"
    owner = excel_owner_file(inbox, "东坪镇党委.xlsx")
    (inbox / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    assert news not in client.get("/").text and news not in client.get("/send").text
    client.post("/merge/start")
    wait_for_task(client)
    owner.unlink()  # Excel closed
    assert news not in client.get("/").text and news not in client.get("/send").text
    make_unit(inbox, "梅城镇党委", seed=2)
    assert "收件箱中有 1 个文件是上次审核汇总之后放入的" in client.get("/").text
