"""A 退回 folder that cannot be replaced (a 审核意见 file of it open in Excel/WPS on Windows, where a
folder with an open file cannot be renamed): tried before anything else is replaced, so the last
run's outputs stay whole; the clerk is told which folder and to close the file, on the command line
and on the desk, never that the desk was closed or interrupted."""

from __future__ import annotations

import errno
import os
import time

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import RETURN_FOLDER, UNFINISHED

from .conftest import tree_fingerprint

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import desk, wait_for_task  # noqa: E402,F401 - fixture

H1 = ("--period", "2011-H1", "--date", "2011-06-30", "--unit-name", "安化县委创先办", "--jobs", "1")
WRONG = {Key("附件2", "农村", "党组织数", ""): "见附件"}  # text in a number cell: the file goes back
CLOSE = "请关闭在 Excel/WPS 中打开的审核意见文件后重新汇总"


def _held(monkeypatch, folder_name: str = RETURN_FOLDER):
    """os.replace refusing to move the 退回 folder, as Windows refuses while a file in it is open."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if os.path.basename(os.fspath(src)) == folder_name:
            raise PermissionError(errno.EACCES, "Access is denied", os.fspath(src))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def test_a_held_return_folder_leaves_the_last_outputs_whole_and_says_what_to_close(make_unit, tmp_path, monkeypatch):
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总"
    make_unit(inbox, "东坪镇党委", seed=1, values=WRONG)
    make_unit(inbox, "梅城镇党委", seed=2)
    first = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *H1])
    assert first.exit_code == 1 and (out / RETURN_FOLDER / "东坪镇党委_审核意见.xlsx").exists(), first.output
    before = tree_fingerprint(out)
    make_unit(inbox, "平口镇党委", seed=3, values=WRONG)  # a later run: other totals, another return file
    _held(monkeypatch)
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *H1])
    assert res.exit_code == 3, res.output
    said = res.output.strip().splitlines()[-1]
    assert f"“{out / RETURN_FOLDER}”" in said and CLOSE in said and "以前的汇总表、上报文件和退回文件都保持不变" in said, said
    assert tree_fingerprint(out) == before and not (out / UNFINISHED).exists()  # nothing replaced, no note
    monkeypatch.undo()
    again = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *H1])
    assert again.exit_code == 1 and (out / RETURN_FOLDER / "平口镇党委_审核意见.xlsx").exists(), again.output


def test_the_desk_says_the_same_not_that_it_was_interrupted(desk, make_unit, monkeypatch):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    made = workspace.folder.parent / "made"
    for n, unit in enumerate(["东坪镇党委", "平口镇党委"]):
        path, _ = make_unit(made, unit, seed=n, values=WRONG if n == 0 else {})
        client.post("/inbox/upload", files=[("files", (path.name, path.read_bytes()))])
        if n == 0:
            client.post("/merge/start")
            wait_for_task(client)
    _held(monkeypatch)
    client.post("/merge/start")
    deadline = time.monotonic() + 60  # the message itself says 可能正在 Excel/WPS 中打开: wait for the error
    while 'class="err"' not in (progress := client.get("/merge/progress").text) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert CLOSE in progress and f"{RETURN_FOLDER}”文件夹" in progress, progress
    page = client.get("/merge").text
    assert "被关闭或中断" not in page and not workspace.last().get("unfinished")
