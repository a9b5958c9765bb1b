"""本期 → 从通知生成 (issue 34): the city's notice uploaded as a Word file, its tables shown beside
what was read, the draft taken as the workspace's notice, and the round worked with it."""

from __future__ import annotations

import datetime as dt
import re
import io
import zipfile

import pytest

pytest.importorskip("docx", reason="python-docx builds the test notices")
pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")

from dianping_xlsx.testing import fill_template, random_values  # noqa: E402

from .test_desk import desk, make_templates, wait_for_task  # noqa: E402,F401 - fixture
from .test_draft_docs import city_docx  # noqa: E402


def test_a_notice_read_from_its_word_file_and_taken(desk, tmp_path):
    client, workspace = desk
    notice = city_docx(tmp_path / "市里的通知.docx")
    page = client.post("/notice/draft/upload", files={"document": ("市里的通知.docx", notice.read_bytes())})
    assert page.status_code == 200 and "从通知生成:市里的通知.docx" in page.text
    assert "通知中的表格" in page.text and "读出的表格" in page.text
    assert page.text.count("律师事务所") >= 2  # the document's table and the one read, side by side
    assert workspace.settings.notice == ""  # nothing taken before the clerk agrees
    drafted = list((workspace.folder / "通知定义" / "草稿").glob("*.toml"))
    assert len(drafted) == 2
    taken = client.post("/notice/draft/use")
    assert "已采用从通知生成的定义" in taken.text
    assert workspace.settings.notice == "通知定义/市里的通知.toml"
    ts = workspace.notice.tables
    assert not list((workspace.folder / "通知定义" / "草稿").glob("*.toml"))
    blank = make_templates(client, "0")
    names = zipfile.ZipFile(io.BytesIO(blank.content)).namelist()
    assert f"{ts.file_name}.xlsx" in names
    inbox = workspace.inbox()
    expected = {}
    for n, unit in enumerate(["武进区司法局", "金坛市司法局"]):
        values = random_values(ts, n)
        fill_template(ts, inbox / f"{unit}.xlsx", unit, dt.date(workspace.period.year, 3, 1), values)
        for key, value in values.items():
            expected[key] = expected.get(key, 0) + value
    client.post("/settings", data={"office": "常州市司法局"})  # the 填报单位 of the summary
    client.post("/merge/start")
    assert "完成" in wait_for_task(client)
    assert "已采用" in client.get("/merge").text


def test_a_foreign_file_is_said_and_nothing_written(desk):
    client, workspace = desk
    page = client.post("/notice/draft/upload", files={"document": ("通知.docx", b"<html>not a notice</html>")})
    assert "通知" in page.text and "err" in page.text and workspace.settings.notice == ""
    assert not list((workspace.folder / "通知定义").rglob("*.toml")) if (workspace.folder / "通知定义").exists() else True
    wrong = client.post("/notice/draft/upload", files={"document": ("通知.txt", b"text")})
    assert "请选择通知的 Word 文件" in wrong.text


def test_a_web_page_named_docx_is_said_as_a_word_file(desk):
    client, workspace = desk
    page = client.post("/notice/draft/upload",
                       files={"document": ("通知.docx", "<html><body>通知</body></html>".encode("utf-8"))})
    assert "不是 Word 文件(只是扩展名是 .docx)" in page.text and "扩展名像表格" not in page.text
    assert workspace.settings.notice == ""


def test_a_notice_with_forms_says_what_taking_it_does_to_forms(desk, tmp_path):
    """seed 002 has evaluation forms the draft cannot define: the page says the forms will not be
    read (returned as files without tables), never that the default forms still apply."""
    from .test_draft_docs import seed002_docx

    client, _ = desk
    notice = seed002_docx(tmp_path / "通知.docx")
    page = client.post("/notice/draft/upload", files={"document": ("通知.docx", notice.read_bytes())}).text
    assert "还不能自动生成定义" in page and "汇总只读统计表" in page and "仍按默认的评议表" not in page


def test_the_draft_page_shows_what_was_inferred_and_the_list_kept(desk, tmp_path):
    """Not only the gaps: each 推断 with its table and row, for the clerk to check against the
    notice; 附件3 述职人员名单 said as kept with the tables, not as a table that failed."""
    from .test_draft_docs import annual_docx

    client, _ = desk
    notice = annual_docx(tmp_path / "通知.docx")
    page = client.post("/notice/draft/upload", files={"document": ("通知.docx", notice.read_bytes())}).text
    assert "程序推断的,请逐条核对" in page and "通知要求报送述职报告" in page
    assert "附件1:“党组织书记数(人)”是总数行" in page  # the key only in a technician's note (below)
    assert "这是台账或名单,各单位留存备查、随表报送" in page and "没有读成统计表:是人员名单" not in page


def _items(page: str, heading: str) -> list[str]:
    """The list items under a heading of the draft page, as a clerk reads them (tags left out),
    the grey note of each apart: "words || note"."""
    import html
    import re

    part = page.split(heading, 1)[1].split("</ul>", 1)[0]
    out = []
    for item in re.findall(r"<li>(.*?)</li>", part, re.S):
        note = re.search(r'<small class="tech">(.*?)</small>', item, re.S)
        words = re.sub(r'<small class="tech">.*?</small>', "", item, flags=re.S)
        out.append(html.unescape(re.sub(r"<[^>]+>", "", words)).strip()
                   + (" || " + html.unescape(note[1]) if note else ""))
    return out


def test_the_draft_page_says_each_item_in_a_clerks_words(desk, tmp_path):
    """The annual notice's draft: what was inferred and what lacks said as the notice would say
    it (述职人员名单 to be sent with the tables, 评议 due from the units by 次年1月10日, the work of
    1月1日 to 12月31日, 述职比例 = 参加述职人数 ÷ 党组织书记数, the upper office and the sentence it
    was read from); the definition file's keys (ledgers, required, unit_due, base, rate, name)
    only in the small grey note for a technician."""
    from .test_draft_docs import annual_docx

    client, _ = desk
    notice = annual_docx(tmp_path / "通知.docx")
    page = client.post("/notice/draft/upload", files={"document": ("通知.docx", notice.read_bytes())}).text
    gaps, guesses = _items(page, "没能读出、需要补上的"), _items(page, "程序推断的,请逐条核对")
    assert gaps and guesses
    keys = re.compile(r"\b(ledgers|required|unit_due|work|base|rate|name|up|of|at_least) =|\bname\b|ledgers|待补")
    said = [re.sub(r"“[^”]*”", "", item.split(" || ")[0]) for item in gaps + guesses]  # the notice quoted aside
    assert [s for s in said if keys.search(s) or re.search(r"[a-z_]{3,}", s)] == []
    assert any(s.startswith("文中第 3 个表格(附件3 述职人员名单)是名单,不是统计表:按报送材料收下") for s in gaps)
    assert any(s.startswith("述职人员名单:各单位须随表报送(读自“") for s in guesses)
    assert any(s.startswith("评议:各单位次年1月10日前报送(") for s in guesses)
    assert any(s.startswith("评议:统计的工作时段 1月1日至12月31日(读自“本次统计2027年1月1日") for s in guesses)
    assert "附件1:“党组织书记数(人)”是总数行,作为计算比例(覆盖率)的分母 || (定义文件:“党组织书记数(人)”:base = true)" in guesses
    assert "附件1:汇总表中显示述职比例 = “述职评议情况-参加述职人数(人)” ÷ “党组织书记数(人)”" in [s.split(" || ")[0] for s in guesses]
    up = next(s for s in guesses if s.startswith("上级单位:"))
    assert re.match(r"上级单位:\S+\(由“[^”]*报送[^”]*”一句读出\)$", up) and "…”一句" not in up
    assert any("“评议”:unit_due" in s.split(" || ")[1] for s in guesses if " || " in s)  # kept for a technician
    assert "灰色小字是定义文件中对应的写法" in page


def test_the_page_lists_every_gap_of_the_draft(desk, tmp_path):
    """A notice without its number and its due date: the draft guesses 12月31日 and leaves the
    number blank, each marked 待补; the page's list of what is missing says every 待补 of the
    files written (the forms apart: said on their own below the list)."""
    import html

    from .test_draft_traditional import TEXT, notice_docx

    client, workspace = desk
    text = [line for line in TEXT if "〔" not in line and "前将" not in line]
    notice = notice_docx(tmp_path / "无文号.docx", text=text)
    page = client.post("/notice/draft/upload", files={"document": ("无文号.docx", notice.read_bytes())})
    missing = html.unescape(page.text.split("没能读出、需要补上的", 1)[1].split("</ul>", 1)[0])
    assert "没有读出发文字号" in missing and "暂写 12月31日" in missing
    assert "没有读出汇总结果报送给哪个上级单位" in missing  # no sentence sends the results up
    written = [line.split("# 待补:", 1)[1].split("【", 1)[0]
               for path in (workspace.folder / "通知定义" / "草稿").glob("*.toml")
               for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# 待补:") or "  # 待补:" in line]
    assert len(written) >= 3
    assert [w for w in written if w not in missing and not w.startswith("通知有评议表")] == []


def test_the_desk_is_called_by_the_work_of_the_notice_taken(desk, tmp_path):
    """A notice whose tables are titled apart: the desk's title says its work (六访六点评统计 工作台),
    also from a definition that calls its set just 统计表 (an older draft), never “统计 工作台”."""
    from .test_draft_own_box import notice_docx

    client, workspace = desk
    notice = notice_docx(tmp_path / "六访六点评.docx")
    client.post("/notice/draft/upload", files={"document": ("六访六点评.docx", notice.read_bytes())})
    client.post("/notice/draft/use")
    assert workspace.notice.tables.called == "六访六点评统计表"
    assert "<h1>六访六点评统计 工作台" in re.sub(r"<h1[^>]*>", "<h1>", client.get("/").text)
    tables = workspace.folder / "通知定义" / "六访六点评-tables.toml"
    tables.write_text(tables.read_text(encoding="utf-8").replace('called = "六访六点评统计表"', 'called = "统计表"'),
                      encoding="utf-8")
    assert workspace.notice.tables.called == "统计表"
    assert workspace.title == "“六访六点评”领导点评活动情况统计 工作台"
