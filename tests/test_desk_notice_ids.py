"""A notice uploaded on 本期 never takes over another notice's period folders (a notice's id names
them) nor replaces another notice's files in 通知定义 (a table set both call 表格定义.toml): both
are refused, saying how to upload it instead; the same notice uploaded again is fine (HTTP level)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .conftest import tree_fingerprint  # noqa: E402
from .test_desk import desk, wait_for_task  # noqa: E402,F401 - fixture

DEFINITIONS = Path(__file__).resolve().parent.parent / "dianping_xlsx" / "definitions"


def shipped(folder: str, name: str) -> str:
    return (DEFINITIONS / folder / f"{name}.toml").read_text(encoding="utf-8")


class Page:
    def __init__(self, response):
        self.text = html.unescape(response.text)  # the page's &#34; are the message's quotes


def upload(client, *files: tuple[str, str | bytes]) -> Page:
    return Page(client.post("/notice", files=[("notice", (name, body.encode("utf-8") if isinstance(body, str) else body))
                                         for name, body in files]))


def test_a_different_notice_under_a_shipped_id_is_refused_and_the_merged_period_kept(desk, make_unit):
    """A copied definition keeps its id: justice-2012's notice with id = "hunan-2011" would merge into
    hunan-2011's 2011-H1 folder, replacing its 汇总表 and 上报 and deleting its 评先评优."""
    client, workspace = desk
    client.post("/settings", data={"notice": "hunan-2011", "office": "安化县委创先办", "period_year": "2011",
                                   "period_half": "H1"})
    make_unit(workspace.inbox(), "东坪镇党委", seed=1)
    client.post("/merge/start")
    wait_for_task(client)
    folder = workspace.inbox().parent
    before = tree_fingerprint(folder)
    copied = shipped("notices", "justice-2012").replace('id = "justice-2012"', 'id = "hunan-2011"')
    page = upload(client, ("县通知.toml", copied)).text
    assert 'id = "hunan-2011" 已被自带的通知' in page and "两者内容不同" in page, page
    line = copied.splitlines().index('id = "hunan-2011"') + 1
    assert f"县通知.toml”第 {line} 行的" in page and 'id = "hunan-2011-2"' in page, page
    assert workspace.settings.notice == "hunan-2011" and not (workspace.folder / "通知定义").exists()
    assert tree_fingerprint(folder) == before
    same = upload(client, ("湖南.toml", shipped("notices", "hunan-2011").replace("\n", "\r\n"))).text
    assert "已采用通知定义" in same, same  # the shipped notice itself, saved on Windows: the same notice


def test_a_second_notice_under_an_uploaded_notices_id_is_refused(desk):
    client, workspace = desk
    a = shipped("notices", "hunan-2011").replace('id = "hunan-2011"', 'id = "v2"')
    b = shipped("notices", "justice-2012").replace('id = "justice-2012"', 'id = "v2"')
    assert "已采用通知定义" in upload(client, ("通知v2.toml", a)).text
    page = upload(client, ("材料v2.toml", b)).text
    assert '通知定义“通知v2.toml”' in page and 'id = "v2-2"' in page and "没有采用" in page, page
    assert sorted(p.name for p in (workspace.folder / "通知定义").iterdir()) == ["通知v2.toml"]
    assert "已采用通知定义" in upload(client, ("通知v2.toml", a)).text  # the same notice again
    assert "已采用通知定义" in upload(client, ("材料v2.toml", b.replace('id = "v2"', 'id = "v2-2"'))).text


def test_a_table_set_of_the_same_name_is_not_replaced(desk):
    """Two senders' notices each name their table set 表格定义.toml: B's upload would replace A's."""
    client, workspace = desk
    a = (shipped("notices", "hunan-2011").replace('id = "hunan-2011"', 'id = "county-a"')
         .replace('tables = "hunan-2011"', 'tables = "表格定义.toml"'))
    b = (shipped("notices", "justice-2012").replace('id = "justice-2012"', 'id = "county-b"')
         .replace('tables = "justice-2012"', 'tables = "表格定义.toml"'))
    ta, tb = shipped("tablesets", "hunan-2011"), shipped("tablesets", "justice-2012")
    assert "已采用通知定义" in upload(client, ("通知A.toml", a), ("表格定义.toml", ta)).text
    kept = (workspace.folder / "通知定义" / "表格定义.toml").read_bytes()
    page = upload(client, ("通知B.toml", b), ("表格定义.toml", tb)).text
    assert "已有同名的表格定义文件“表格定义.toml”,属于通知“" in page and "请把所选的“表格定义.toml”改名" in page, page
    assert 'tables = "表格定义.toml" 改成新的文件名' in page and "没有采用" in page, page
    assert (workspace.folder / "通知定义" / "表格定义.toml").read_bytes() == kept
    assert not (workspace.folder / "通知定义" / "通知B.toml").exists()
    assert workspace.settings.notice == "通知定义/通知A.toml" and workspace.notice.tables.id == "hunan-2011"
    again = upload(client, ("通知A.toml", a), ("表格定义.toml", ta)).text
    assert "已采用通知定义" in again, again  # the same files again
    renamed = upload(client, ("通知B.toml", b.replace('"表格定义.toml"', '"表格定义B.toml"')), ("表格定义B.toml", tb)).text
    assert "已采用通知定义" in renamed and workspace.notice.tables.id == "justice-2012", renamed
    client.post("/settings", data={"notice": "通知定义/通知A.toml"})
    assert workspace.notice.id == "county-a" and workspace.notice.tables.id == "hunan-2011"


def test_a_draft_taken_gets_a_fresh_id_and_never_replaces_another_notices_files(desk, tmp_path):
    """从通知生成: the drafted id (a digest of the notice's text, or the file name's letters: 通知v2.docx
    -> v2) may be another notice's; a draft's files are named after the Word file's."""
    pytest.importorskip("docx", reason="python-docx builds the test notices")
    from .test_draft_docs import city_docx

    client, workspace = desk
    notice = city_docx(tmp_path / "市里的通知.docx").read_bytes()
    client.post("/notice/draft/upload", files={"document": ("市里的通知.docx", notice)})
    assert "已采用从通知生成的定义" in client.post("/notice/draft/use").text
    first = workspace.notice
    kept = tree_fingerprint(workspace.folder / "通知定义")
    client.post("/notice/draft/upload", files={"document": ("市里的通知2.docx", notice)})
    taken = html.unescape(client.post("/notice/draft/use").text)
    assert f'id = "{first.id}" 已被工作文件夹中的通知定义“市里的通知.toml”' in taken, taken
    assert f'已改为 id = "{first.id}-2"' in taken and workspace.notice.id == f"{first.id}-2", taken
    assert workspace.settings.notice == "通知定义/市里的通知2.toml"
    other = city_docx(tmp_path / "另一份.docx", total_on_top=True).read_bytes()
    client.post("/notice/draft/upload", files={"document": ("市里的通知.docx", other)})
    refused = html.unescape(client.post("/notice/draft/use", follow_redirects=True).text)
    assert "工作文件夹中已有同名的" in refused and "请把通知文件改名(如“市里的通知3.docx”)" in refused, refused
    assert {k: v for k, v in tree_fingerprint(workspace.folder / "通知定义").items() if k in kept} == kept
    assert workspace.settings.notice == "通知定义/市里的通知2.toml"
