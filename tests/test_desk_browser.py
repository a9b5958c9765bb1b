"""The desk in a real browser: headless Chromium (the system's, by path) driven by Playwright
through a whole half-year, as a clerk would click it: the office and period set, the roster
uploaded, templates downloaded, the units' files dropped in, the merge run, the problems read,
the summary and the upward workbook downloaded, the mails previewed. Each page is saved as a
screenshot at 1366×768 (output/desk-screenshots/) to be looked at."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed ([test] extra)")
pytest.importorskip("uvicorn", reason="the desk needs uvicorn (pip install -e .)")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
SHOTS = ROOT / "output" / "desk-screenshots"
FLAGS = ["--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture
def desk_url(tmp_path):
    import uvicorn

    from dianping_xlsx.desk.app import create_app
    from dianping_xlsx.desk.server import free_port
    from dianping_xlsx.desk.workspace import Workspace

    port, token = free_port(), "browser-test-token"
    server = uvicorn.Server(uvicorn.Config(create_app(Workspace(tmp_path / "工作台"), token), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", token, tmp_path / "工作台"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")
    args = FLAGS + (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_a_half_year_in_the_browser(desk_url, page, tmp_path):
    url, token, folder = desk_url
    page.goto(f"{url}/?token={token}")
    assert page.locator("h1").inner_text() == "领导点评和群众评议统计 工作台"
    shot(page, "1-本期-新")
    page.fill("input[name=office]", "安化县委创先办")
    page.select_option("select[name=period_year]", "2011")
    page.select_option("select[name=period_half]", "H1")
    page.select_option("#preset", "qq")  # 邮箱类型 fills in servers, encryption and ports
    assert page.input_value("input[name=smtp_port]") == "465" and page.input_value("input[name=mail_host]") == "imap.qq.com"
    page.fill("input[name=due]", "2011-06-28")
    page.get_by_role("button", name="保存").click()
    assert "已保存" in page.inner_text(".msg")
    page.set_input_files("input[name=roster]", str(ROOT / "examples" / "单位名册.xlsx"))
    page.get_by_role("button", name="上传名册").click()
    assert "24 个单位" in page.inner_text(".msg")

    page.click("nav >> text=模板")
    page.click("text=按名册为每个单位各生成一份")
    page.wait_for_selector("#made", timeout=120_000)
    with page.expect_download() as got:
        page.click("#made a")
    assert got.value.suggested_filename == "各单位模板.zip"
    shot(page, "2-模板")

    page.click("nav >> text=收件")
    files = [str(p) for p in sorted((ROOT / "examples" / "2011-H1").glob("*.xlsx")) if not p.name.startswith("~$")]
    page.set_input_files("input[name=files]", files)
    page.get_by_role("button", name="放入收件箱").click()
    assert f"已放入收件箱 {len(files)} 个文件" in page.inner_text(".msg")
    shot(page, "3-收件")

    page.click("nav >> text=审核汇总")
    page.click("#run")
    page.wait_for_selector("#verdict", timeout=120_000)
    assert "汇总尚不完整" in page.inner_text("#verdict")
    details = page.locator("details", has_text="县公安局党委").first
    details.locator("summary").click()
    assert "见附件" in details.inner_text()
    shot(page, "4-审核汇总")
    page.fill("#filter", "教育局")
    visible = [r for r in page.locator("#units tbody tr").all() if r.is_visible()]
    assert visible and all("教育局" in r.inner_text() for r in visible)
    with page.expect_download() as got:
        page.click("text=下载上报文件")
    upward = tmp_path / got.value.suggested_filename
    got.value.save_as(upward)
    import openpyxl

    assert openpyxl.load_workbook(upward).sheetnames == ["附件1", "附件2", "附件3"]
    with page.expect_download() as got:
        page.click("text=下载汇总表")
    assert got.value.suggested_filename == "汇总表_2011-H1.xlsx"

    page.click("nav >> text=本期")
    assert "退回的文件" in page.inner_text("main") and "奎溪镇党委" in page.inner_text("main")
    shot(page, "5-本期-汇总后")
    page.click("nav >> text=发送")
    first = page.locator("details").first
    first.locator("summary").click()
    mail = first.inner_text()
    assert "退回" in page.inner_text("main") and "审核意见.xlsx" in mail and ("请于" in mail or "请尽快" in mail)
    shot(page, "6-发送")
    page.click("nav >> text=上级")
    shot(page, "7-上级")
    assert (folder / "2011-H1" / "汇总结果" / "上报_安化县委创先办_2011-H1.xlsx").exists()


def test_another_local_page_cannot_drive_the_desk(desk_url, page, tmp_path):
    """A page served on 127.0.0.1 at another port, opened in the same browser as the desk (its
    cookie set), auto-submits a form to /settings and posts a file with fetch(no-cors): both
    refused, nothing changed."""
    import http.server
    import json

    from dianping_xlsx.desk.server import free_port

    url, token, folder = desk_url
    page.goto(f"{url}/?token={token}")
    page.fill("input[name=office]", "安化县委创先办")
    page.fill("input[name=up]", "city@yiyang.gov.cn")
    page.get_by_role("button", name="保存").click()
    before = json.loads((folder / "工作台设置.json").read_text(encoding="utf-8"))
    attack = tmp_path / "attack"
    attack.mkdir()
    (attack / "form.html").write_text(f"""<!doctype html><meta charset="utf-8"><body>
<form id="f" method="post" action="{url}/settings">
<input name="office" value="坏人"><input name="up" value="evil@evil.example">
<input name="mail_host" value="imap.evil.example"><input name="smtp_host" value="smtp.evil.example"></form>
<script>document.getElementById("f").submit();</script></body>""", encoding="utf-8")
    (attack / "fetch.html").write_text(f"""<!doctype html><meta charset="utf-8"><body><script>
const data = new FormData();
data.append("files", new Blob(["PK\\x03\\x04 planted"]), "planted.xlsx");
fetch("{url}/inbox/upload", {{method: "POST", mode: "no-cors", body: data, credentials: "include"}})
  .then(() => {{ document.title = "sent"; }}, () => {{ document.title = "failed"; }});
</script></body>""", encoding="utf-8")
    port = free_port()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(attack), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{port}/form.html")
        page.wait_for_url(f"{url}/settings", timeout=10_000)
        assert "不是从工作台本身的页面发出的" in page.content()
        page.goto(f"http://127.0.0.1:{port}/fetch.html")
        page.wait_for_function("document.title !== ''", timeout=10_000)
    finally:
        server.shutdown()
    assert json.loads((folder / "工作台设置.json").read_text(encoding="utf-8")) == before
    inbox = folder / before.get("period", "") / "收件箱"
    assert not any(folder.rglob("planted*")), list(folder.rglob("*"))
    # the desk's own page still works
    page.goto(f"{url}/")
    page.fill("input[name=office]", "安化县委创先办(改)")
    page.get_by_role("button", name="保存").click()
    assert "已保存" in page.inner_text(".msg")
    assert not inbox.exists() or not any(inbox.iterdir())


def test_a_notice_drafted_from_its_word_file_in_the_browser(desk_url, page, tmp_path):
    """本期 → 从通知生成, clicked: the Word notice chosen, the tables shown side by side, taken."""
    pytest.importorskip("docx", reason="python-docx builds the test notice")
    from .test_draft_docs import city_docx

    url, token, folder = desk_url
    notice = city_docx(tmp_path / "市里的通知.docx")
    page.goto(f"{url}/?token={token}")
    page.set_input_files("input[name=document]", str(notice))
    page.click("text=从通知生成")
    page.wait_for_selector("text=读出的表格")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "从通知生成.png"), full_page=True)
    assert page.locator("table.doc").count() >= 2
    page.click("text=采用这个通知定义")
    page.wait_for_selector("text=已采用从通知生成的定义")
    assert (folder / "通知定义" / "市里的通知.toml").is_file()
    page.screenshot(path=str(SHOTS / "采用通知后的本期.png"))


def test_planted_links_and_an_unfinished_merge_in_the_browser(desk_url, page, tmp_path):
    """Links planted in the workspace lead nowhere from the browser either; a merge cut off between
    the new 汇总表 and the page's record (a desk killed then) is said, its downloads withheld."""
    url, token, folder = desk_url
    secret = tmp_path / "outside" / "secret.xlsx"
    secret.parent.mkdir()
    secret.write_bytes(b"PK\x03\x04 not the clerk's")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "单位名册.xlsx").symlink_to(secret)
    page.goto(f"{url}/?token={token}")
    assert "还没有名册" in page.inner_text("main")
    answer = page.goto(f"{url}/download?path=单位名册.xlsx")
    assert answer.status == 404
    (folder / "单位名册.xlsx").unlink()
    page.goto(f"{url}/")
    page.fill("input[name=office]", "安化县委创先办")  # no merge without the 填报单位
    page.select_option("select[name=period_year]", "2011")
    page.select_option("select[name=period_half]", "H1")
    page.get_by_role("button", name="保存").first.click()
    shutil.copytree(ROOT / "examples" / "2011-H1", folder / "2011-H1" / "收件箱")
    page.goto(f"{url}/merge")
    page.click("#run")
    page.wait_for_selector("#verdict", timeout=120_000)
    assert page.locator("text=下载汇总表").count() == 1
    book = folder / "2011-H1" / "汇总结果" / "汇总表_2011-H1.xlsx"
    data = book.read_bytes()
    book.unlink()
    book.write_bytes(data + b"\0")  # the new workbook in place, the record still the old run's
    page.reload()
    assert "上次审核汇总没有完成" in page.inner_text("#verdict")
    assert page.locator("text=下载汇总表").count() == 0 and page.locator("#returned").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "审核汇总没有完成.png"))


def test_a_folder_chosen_in_the_browser_keeps_its_folders(desk_url, page, tmp_path, make_unit):
    """选择整个文件夹: Chromium sends each file's path below the folder chosen; the inbox keeps it, so a
    统计表.xlsx without 填报单位 in 烟溪镇党委/ is still known by its folder (it was saved as 统计表_2.xlsx)."""
    url, token, folder = desk_url
    chosen = tmp_path / "收件箱"
    for n, unit in enumerate(["烟溪镇党委", "马路镇党委"]):
        make_unit(chosen / "乡镇" / unit, "", seed=n, name="统计表.xlsx")
    page.goto(f"{url}/inbox?token={token}")
    page.set_input_files("input[webkitdirectory]", str(chosen))
    page.get_by_role("button", name="放入收件箱").click()
    assert "已放入收件箱 2 个文件" in page.inner_text(".msg")
    inbox = next(folder.glob("*/收件箱"))
    assert sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*.xlsx")) == [
        "收件箱/乡镇/烟溪镇党委/统计表.xlsx", "收件箱/乡镇/马路镇党委/统计表.xlsx"]
    assert page.locator("td", has_text="收件箱/乡镇/烟溪镇党委/统计表.xlsx").count() == 1
