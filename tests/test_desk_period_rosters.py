"""A roster belongs to the period it was uploaded in and the periods after it: the December roster
(townships merged, units new) never makes the June merge out of date nor is used when June is
merged again; the 本期 page says which period's roster it shows (HTTP level)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import ROOT, desk, wait_for_task  # noqa: E402,F401 - fixture
from .test_desk_stale import STALE, roster_with  # noqa: E402

JUNE = (ROOT / "examples" / "单位名册.xlsx").read_bytes()


def december_roster() -> bytes:
    """June's roster as the clerk edits it for December: 东坪镇 merged away, a new unit."""
    wb = openpyxl.load_workbook(io.BytesIO(roster_with("新建镇党委", "")))
    ws = wb["单位名册"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "东坪镇党委":
            ws.delete_rows(row[0].row)
            break
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def choose(client, half: str, year: str = "2011"):
    client.post("/settings", data={"office": "安化县委创先办", "period_year": year, "period_half": half})


def merge(client):
    client.post("/merge/start")
    wait_for_task(client)


def june_merged(client, workspace, make_unit):
    choose(client, "H1")
    client.post("/roster", files={"roster": ("名册.xlsx", JUNE)})
    make_unit(workspace.inbox(), "东坪镇党委", seed=1)
    merge(client)
    return workspace.last()


def december_merged(client, workspace, make_unit):
    choose(client, "H2")
    page = client.post("/roster", files={"roster": ("名册12月.xlsx", december_roster())})
    assert "名册已更新:24 个单位" in page.text and "2011年下半年的名册" in page.text
    make_unit(workspace.inbox(), "梅城镇党委", seed=2, day=dt.date(2011, 12, 20))
    merge(client)
    december = workspace.last()
    assert "新建镇党委" in [u["unit"] for u in december["missing"]]
    return december


def test_the_december_roster_leaves_june_as_it_was_merged(desk, make_unit):  # noqa: F811
    client, workspace = desk
    june = june_merged(client, workspace, make_unit)
    december_merged(client, workspace, make_unit)
    choose(client, "H1")
    home = client.get("/").text
    assert STALE not in home and STALE not in client.get("/merge").text
    assert "2011年上半年的名册" in home and "2011-H1/单位名册.xlsx" in home
    assert workspace.roster.read_bytes() == JUNE
    merge(client)  # June merged again: with June's roster, as before
    again = workspace.last()
    assert again["roster_size"] == june["roster_size"] == 24
    assert again["missing"] == june["missing"] and "新建镇党委" not in str(again["missing"])
    assert [u["status"] for u in again["units"]] == ["已采用"]
    # a later period with no roster of its own follows the latest before it
    choose(client, "H1", "2012")
    assert "2012年上半年沿用2011年下半年的名册" in client.get("/").text


def test_a_roster_uploaded_again_for_june_changes_june_only(desk, make_unit):  # noqa: F811
    client, workspace = desk
    june_merged(client, workspace, make_unit)
    december_merged(client, workspace, make_unit)
    choose(client, "H1")
    client.post("/roster", files={"roster": ("名册.xlsx", roster_with("另一镇党委", ""))})
    assert STALE in client.get("/").text  # June's own roster changed
    choose(client, "H2")
    assert STALE not in client.get("/").text  # December keeps the roster it was merged with


def test_an_older_desks_one_roster_stays_junes_when_december_gets_its_own(desk, make_unit):  # noqa: F811
    """A workspace of an older desk: one roster beside the periods, June merged with it."""
    client, workspace = desk
    june_merged(client, workspace, make_unit)
    own = workspace.folder / "2011-H1" / "单位名册.xlsx"
    (workspace.folder / "单位名册.xlsx").write_bytes(own.read_bytes())
    own.unlink()
    assert STALE not in client.get("/").text and "原有的名册" in client.get("/").text
    december_merged(client, workspace, make_unit)
    choose(client, "H1")
    assert STALE not in client.get("/").text
    assert workspace.roster.read_bytes() == JUNE
