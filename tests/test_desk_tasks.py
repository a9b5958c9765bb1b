"""A task of the desk belongs to the period and the page it was started from: the period changed
while it runs (in this tab or another) does not move what it writes, and its outcome is shown on
its own page of its own period only."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

import dianping_xlsx.desk.app as desk_app  # noqa: E402

from .test_desk import desk, wait_for_task  # noqa: E402,F401 - fixture


def verdict(client) -> list[str]:
    return re.findall(r'id="verdict">([^<]*)', client.get("/merge").text)


def test_the_period_changed_during_a_merge_does_not_move_its_results(desk, make_unit, monkeypatch):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    made = workspace.folder.parent / "made"
    for n, unit in enumerate(["东坪镇党委", "梅城镇党委"]):
        path, _ = make_unit(made, unit, seed=n)
        client.post("/inbox/upload", files=[("files", (path.name, path.read_bytes()))])
    switched, merge = threading.Event(), desk_app.merge_inbox

    def slow_merge(*args, **kwargs):  # the clerk changes the period while the merge reads the files
        assert switched.wait(30)
        return merge(*args, **kwargs)

    monkeypatch.setattr(desk_app, "merge_inbox", slow_merge)
    client.post("/merge/start")
    client.post("/settings", data={"period_year": "2011", "period_half": "H2"})  # another tab, say
    assert str(workspace.period) == "2011-H2"
    busy = client.get("/merge").text
    assert "正在审核汇总(2011年上半年)" in busy and 'id="progress"' in busy
    switched.set()
    deadline = time.monotonic() + 60
    while 'id="busy"' in client.get("/").text:  # H2's pages say another period's task is running
        assert time.monotonic() < deadline, "the merge did not finish"
        time.sleep(0.2)
    record = workspace.folder / "2011-H1" / "上次汇总.json"
    assert json.loads(record.read_text(encoding="utf-8"))["period"] == "2011-H1"
    assert not (workspace.folder / "2011-H2" / "上次汇总.json").exists()
    h2 = client.get("/merge").text
    assert "/download?path=" not in h2 and not verdict(client)  # H2 has not been merged
    client.post("/settings", data={"period_year": "2011", "period_half": "H1"})
    said = verdict(client)
    assert said == ["所有报送均已采用,可以打印盖章上报。"], said
    assert all(d["path"].startswith("2011-H1/") for d in workspace.last()["downloads"])
    assert 'href="/download?path=2011-H1/' in client.get("/merge").text


def test_a_failed_task_is_said_only_on_its_own_period(desk, make_unit):
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1"})
    path, _ = make_unit(workspace.folder.parent / "made", "东坪镇党委", seed=1)
    client.post("/inbox/upload", files=[("files", (path.name, path.read_bytes()))])
    client.post("/merge/start")
    wait_for_task(client)
    client.post("/settings", data={"period_year": "2011", "period_half": "H2"})
    client.post("/merge/start")  # H2's inbox is empty: the merge fails
    assert "没有任何报表" in wait_for_task(client)
    client.post("/settings", data={"period_year": "2011", "period_half": "H1"})
    h1 = client.get("/merge").text
    assert "没有任何报表" not in h1 and "没有完成" not in h1 and verdict(client)
    assert "没有任何报表" not in client.get("/inbox").text  # nor on another page
    client.post("/settings", data={"period_year": "2011", "period_half": "H2"})
    assert "没有任何报表" in client.get("/merge").text  # where it belongs, it is still said
