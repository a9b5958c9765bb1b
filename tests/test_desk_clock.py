"""Every time the desk shows is Beijing time, said one way (12月8日06:07), whatever the machine's
clock is set to: a merge's time beside the 上报's, the preview's beside the sent log's (HTTP level)."""

from __future__ import annotations

import datetime as dt
import os
import re
import time

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from dianping_xlsx.api import CHINA  # noqa: E402

from .mailservers import smtp_server  # noqa: E402,F401 - fixture
from .test_desk import desk, shown_form  # noqa: E402,F401 - fixture
from .test_desk_send import sent  # noqa: E402
from .test_desk_stale import merged  # noqa: E402


@pytest.fixture
def machine_on_utc(monkeypatch):
    """The machine's clock on UTC, as a server or a fresh Linux install is: 8 hours behind Beijing."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def beijing_since(start: dt.datetime) -> set[str]:
    """Each minute from ``start`` to now in Beijing, as a clerk reads it."""
    minutes = int((dt.datetime.now(CHINA) - start).total_seconds() // 60) + 2
    return {f"{t.month}月{t.day}日{t:%H:%M}" for t in (start + dt.timedelta(minutes=m) for m in range(minutes))}


def test_times_on_a_page_are_one_clock_beijing(machine_on_utc, desk, smtp_server, make_unit):  # noqa: F811
    assert os.environ["TZ"] == "UTC"
    client, workspace = desk
    start = dt.datetime.now(CHINA)
    merged(client, workspace, smtp_server, make_unit)
    send = client.get("/send").text
    prepared = re.search(r">([^<>\s]+) 按最新的汇总结果准备", send)
    assert prepared and prepared[1] in beijing_since(start), (prepared, beijing_since(start))
    sent(client, shown_form(send), force="1")  # the 上报 goes up before the summary is complete
    home = client.get("/").text
    merge_time = re.search(r"本期情况[((]上次审核汇总[::]([^))]+)", home)
    went = re.search(r"上报文件已于(\S+?)先行发给上级", home)
    assert merge_time and went, home
    said = beijing_since(start)
    assert merge_time[1] in said and went[1] in said, (merge_time[1], went[1], said)
    assert re.search(r"结论[((]([^))]+)", client.get("/merge").text)[1] in said
