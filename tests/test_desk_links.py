"""Links planted in the workspace by another local user: no file the desk writes or appends to, by
itself or through the library it calls, goes through one; the clerk is told which link it met."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")
pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")

from dianping_xlsx.api import OutputError, confine, write_summary  # noqa: E402

from .test_desk import ROOT, desk, wait_for_task  # noqa: E402,F401 - fixture

EXAMPLES = sorted(p for p in (ROOT / "examples" / "2011-H1").glob("*.xlsx") if not p.name.startswith("~$"))
REFUSED = "是一个链接"
OUTSIDE = "工作台不写入工作文件夹以外的地方"
KEPT = "the clerk's own file\n"


def said(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def victim(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / "victim.txt"
    path.write_text(KEPT, encoding="utf-8")
    return path


def test_a_link_at_the_templates_mark_is_refused(desk, tmp_path):
    client, workspace = desk
    kept = victim(tmp_path)
    workspace.templates.mkdir(parents=True)
    mark = workspace.templates / ".空白模板.zip.notice"
    mark.symlink_to(kept)
    page = said(client.post("/templates/zip", data={"roster": "0"}).text)
    deadline = time.monotonic() + 60
    while "正在生成模板" in page and time.monotonic() < deadline:
        time.sleep(0.3)
        page = said(client.get("/templates").text)
    assert kept.read_text(encoding="utf-8") == KEPT
    assert f"“{mark}”{REFUSED}" in page and OUTSIDE in page, page
    assert mark.is_symlink()


@pytest.mark.parametrize("planted", ["folder", "file"])
def test_an_upload_is_never_recorded_through_a_link(desk, tmp_path, planted):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    kept = victim(tmp_path)
    records = workspace.inbox() / "邮件记录"
    if planted == "folder":
        records.parent.mkdir(parents=True)
        records.symlink_to(kept.parent, target_is_directory=True)
        link = records
    else:
        records.mkdir(parents=True)
        link = records / "放入记录.jsonl"
        link.symlink_to(kept)
    page = said(client.post("/inbox/upload", files={"files": (EXAMPLES[0].name, EXAMPLES[0].read_bytes())}).text)
    assert sorted(p.name for p in kept.parent.iterdir()) == ["victim.txt"]
    assert kept.read_text(encoding="utf-8") == KEPT
    assert f"“{link}”{REFUSED}" in page and OUTSIDE in page, page
    assert not (workspace.inbox() / EXAMPLES[0].name).exists()  # not taken without its arrival recorded
    # the mail fetch's record appends alike
    from dianping_xlsx.manifest import MessageRecord, append_record

    if planted == "file":
        (records / "邮件清单.jsonl").symlink_to(kept)
    with pytest.raises(OutputError, match=REFUSED):
        append_record(workspace.inbox(), MessageRecord("k", "", "a@b.cn", "", "", "", "test"))
    assert sorted(p.name for p in kept.parent.iterdir()) == ["victim.txt"]


def test_a_linked_mail_folder_of_the_results_is_refused(desk, tmp_path):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    client.post("/inbox/upload", files=[("files", (p.name, p.read_bytes())) for p in EXAMPLES[:6]])
    kept = victim(tmp_path)
    results = workspace.results()
    results.mkdir(parents=True)
    (results / "待发邮件").symlink_to(kept.parent, target_is_directory=True)
    (results / "退回").symlink_to(kept.parent, target_is_directory=True)  # replaced, never written through
    page = said(client.post("/merge/start").text)  # refused before anything is written
    wait_for_task(client, 120)
    assert f"“{results / '待发邮件'}”{REFUSED}" in page and OUTSIDE in page, page
    assert not list(results.glob("汇总表_*.xlsx"))
    # the library refuses it alike, whoever calls it: here the merge's outputs are written, then its
    # mails are prepared (the desk's merge does so) into the linked folder
    from dianping_xlsx.api import merge_inbox, plan_mail

    result = merge_inbox(workspace.inbox(), period="2011-H1", jobs=1)
    write_summary(result, results, unit_name="安化县委创先办")
    with pytest.raises(OutputError, match=REFUSED):
        plan_mail(results, sender="czb@qq.com", sender_name="安化县委创先办")
    assert sorted(p.name for p in kept.parent.iterdir()) == ["victim.txt"]
    assert kept.read_text(encoding="utf-8") == KEPT
    assert (results / "退回").is_dir() and not (results / "退回").is_symlink()  # the link replaced
    prepared = said(client.post("/send/prepare").text)
    assert f"“{results / '待发邮件'}”{REFUSED}" in prepared, prepared
    assert sorted(p.name for p in kept.parent.iterdir()) == ["victim.txt"]


def test_the_library_follows_links_outside_a_confined_folder(tmp_path):
    """The command line's folders (never confined): an output folder that is a link is written into."""
    from dianping_xlsx.api import merge_inbox

    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    result = merge_inbox(ROOT / "examples" / "2011-H1", period="2011-H1", jobs=1)
    written = write_summary(result, tmp_path / "out", unit_name="安化县委创先办")
    assert (real / written.workbook.name).is_file()
    confine(tmp_path / "other")  # another folder confined: this one still followed
    write_summary(result, tmp_path / "out", unit_name="安化县委创先办")
