"""A file name with a direction control in it (U+202E, "\u202eslx.evil.xlsx" shown as "xlsx.live.xls"):
the desk never echoes it with the control, says the control was removed, and keeps the file under the
name without it — in the inbox and for a roster."""

from __future__ import annotations

import html
import re

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import ROOT, desk  # noqa: E402,F401 - fixture

CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
RLO = "\u202e"


def _said(page) -> str:
    return " ".join(re.findall(r'<div class="(?:msg|err)">(.*?)</div>', html.unescape(page.text), re.S))


def test_an_uploaded_name_is_shown_and_kept_without_direction_controls(desk):
    client, workspace = desk
    unit = (ROOT / "examples" / "2011-H1" / "东坪镇党委.xlsx").read_bytes()
    first = _said(client.post("/inbox/upload", files={"files": (f"{RLO}slx.东坪镇.xlsx", unit)}))
    assert "已放入收件箱 1 个文件" in first and "控制字符" in first and "“slx.东坪镇.xlsx”" in first
    again = _said(client.post("/inbox/upload", files={"files": (f"{RLO}slx.东坪镇.xlsx", unit)}))
    assert "完全相同" in again  # the identical file named as stored
    assert not CONTROLS.search(first + again)
    assert sorted(p.name for p in workspace.inbox().glob("*.xlsx")) == ["slx.东坪镇.xlsx"]
    listing = client.get("/inbox").text
    assert "slx.东坪镇.xlsx" in listing and RLO not in listing


def test_a_roster_refused_is_named_without_them(desk):
    client, workspace = desk
    said = _said(client.post("/roster", files={"roster": (f"名册{RLO}xslx.xlsx", b"<html>not a workbook</html>")}))
    assert "名册“名册xslx.xlsx”" in said and not CONTROLS.search(said)
