"""The 审核汇总 page printed (Chromium's print to PDF, read back with pdftotext): the collapsed lists
of warned and hinted units are on paper with their problems, the menu bar, the forms, the buttons
and the filter box are not, and a date stays on one line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .test_desk_browser import ROOT, desk_url, page  # noqa: F401 - fixtures

if not shutil.which("pdftotext"):
    pytest.skip("pdftotext (poppler-utils) reads the printed page back", allow_module_level=True)


def _merged(page, url: str, token: str) -> None:
    """The example inbox merged against the example roster, clicked as a clerk clicks it."""
    page.goto(f"{url}/?token={token}")
    page.fill("input[name=office]", "安化县委创先办")
    page.select_option("select[name=period_year]", "2011")
    page.select_option("select[name=period_half]", "H1")
    page.fill("input[name=due]", "2011-06-28")
    page.get_by_role("button", name="保存").click()
    page.set_input_files("input[name=roster]", str(ROOT / "examples" / "单位名册.xlsx"))
    page.get_by_role("button", name="上传名册").click()
    page.click("nav >> text=收件")
    files = [str(p) for p in sorted((ROOT / "examples" / "2011-H1").glob("*.xlsx")) if not p.name.startswith("~$")]
    page.set_input_files("input[name=files]", files)
    page.get_by_role("button", name="放入收件箱").click()
    page.click("nav >> text=审核汇总")
    page.click("#run")
    page.wait_for_selector("#verdict", timeout=120_000)


def _printed(page, pdf: Path) -> str:
    page.pdf(path=str(pdf), format="A4")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_results_page_prints_what_it_says(desk_url, page, tmp_path):
    url, token, _ = desk_url
    _merged(page, url, token)
    warned = page.locator("#group-warned")
    assert warned.count() == 1 and warned.get_attribute("open") is None  # collapsed on the screen
    tables = page.locator("main details table:not(.ranking)").count()  # each unit's problems, each collapsed
    paper = " ".join(_printed(page, tmp_path / "审核汇总.pdf").split())
    assert tables > 2 and paper.count("级别 问题 文件 位置 说明") == tables  # every unit's table on paper
    assert "点开查看" not in paper and "筛选" not in paper and "审核汇总收件箱中的全部文件" not in paper
    assert "模板 收件 审核汇总 发送 上级" not in paper  # the menu bar
    assert "下载汇总表" not in paper and "下载上报文件" not in paper  # buttons
    assert warned.get_attribute("open") is None  # closed again after printing
    dates = page.locator("#units td:nth-child(4)").all_inner_texts()
    assert dates and all(d in paper for d in dates if d)  # "2011-06-25" never cut at its hyphen


def test_print_styles_alone_open_the_lists(desk_url, page):
    """Where no beforeprint is dispatched (print media emulated): the stylesheet shows the lists."""
    url, token, _ = desk_url
    _merged(page, url, token)
    table = page.locator("#group-warned table").first
    assert not table.is_visible()
    page.emulate_media(media="print")
    assert table.is_visible() and not page.locator("nav").is_visible() and not page.locator("#filter").is_visible()
    assert page.locator("#units td:nth-child(4)").first.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
