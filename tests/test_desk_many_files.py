"""收件 → 放入收件箱 with a big folder: more files than one upload takes is said on the inbox page
(not a bare 400 with no way back), and a folder's files are put in without listing and hashing the
inbox once per file (200 files took 1.5 s, 2000 a minute)."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from dianping_xlsx.desk.app import MAX_FILES  # noqa: E402

from .test_desk import desk  # noqa: E402,F401 - fixture
from .test_desk_inbox import said  # noqa: E402


def test_more_files_than_one_upload_takes_is_said_on_the_inbox_page(desk, make_unit):
    client, workspace = desk
    data = make_unit(workspace.folder.parent / "made", "马路镇党委", seed=1)[0].read_bytes()
    files = [("files", (f"单位{n}.xlsx", data)) for n in range(MAX_FILES + 1)]
    page = client.post("/inbox/upload", files=files)
    assert page.status_code == 200 and page.url.path == "/inbox", (page.status_code, page.text[:300])
    msg, err = said(page)
    assert err.startswith(f"一次最多放入 {MAX_FILES} 个文件") and "请分几次放入" in err, err
    assert 'href="/inbox"' in page.text and 'href="/"' in page.text  # the desk's page: its steps' links
    assert not workspace.inbox().exists() or not any(workspace.inbox().iterdir())
    fewer = said(client.post("/inbox/upload", files=files[:3]))
    assert fewer[0].startswith("已放入收件箱 1 个文件。"), fewer  # the same bytes thrice: kept once


def test_a_folders_files_are_put_in_with_one_listing_of_the_inbox(desk, make_unit, monkeypatch):
    """Each file handed over listed the inbox and hashed every file there of its size: quadratic."""
    client, workspace = desk
    made = workspace.folder.parent / "made"
    before = make_unit(made, "东坪镇党委", seed=1)[0].read_bytes()
    said(client.post("/inbox/upload", files=[("files", ("东坪镇党委.xlsx", before))]))
    inbox = workspace.inbox()
    listed, read = [], []
    walk, read_bytes = os.walk, Path.read_bytes
    monkeypatch.setattr(os, "walk", lambda top, **kw: (listed.append(top) if Path(top) == inbox else None) or walk(top, **kw))
    monkeypatch.setattr(Path, "read_bytes", lambda self: (read.append(self) if self.parent == inbox else None)
                        or read_bytes(self))
    files = [("files", (f"单位{n}.xlsx", f"不是表格 {n:04d}".encode())) for n in range(300)]
    files.append(("files", ("东坪镇党委(重发).xlsx", before)))
    posted = client.post("/inbox/upload", files=files, follow_redirects=False)
    counted = (len(listed), len(read))  # while the files were put in (the page shown after lists it again)
    msg, err = said(client.get(posted.headers["location"]))
    assert html.unescape(msg).startswith("已放入收件箱 300 个文件。“东坪镇党委(重发).xlsx”(即收件箱中的“东坪镇党委.xlsx”)"), msg
    assert counted[0] == 1 and counted[1] <= 1, counted
