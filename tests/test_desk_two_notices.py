"""Two campaigns in one year (hunan-2011's 2011 上半年 and justice-2012's 2011 群众评议, both 2011-H1):
each notice's period has its own folder and its own deadline, so merging one never overwrites or
returns the other's files, and switching back shows the first as it was (HTTP level)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from dianping_xlsx.api import load_notice  # noqa: E402
from dianping_xlsx.template.blank import write_template  # noqa: E402
from dianping_xlsx.testing import fill_template, random_values  # noqa: E402

from .conftest import tree_fingerprint  # noqa: E402
from .test_desk import desk, wait_for_task  # noqa: E402,F401 - fixture


def justice_unit(folder, unit: str, seed: int):
    """A unit's file on justice-2012's template (附件4), filled as a unit fills it."""
    ts = load_notice("justice-2012").tables
    blank = write_template(ts, folder / "justice-blank.xlsx")
    return fill_template(ts, folder / f"{unit}.xlsx", unit, dt.date(2011, 3, 10), random_values(ts, seed), blank)


def test_two_notices_of_one_year_keep_their_own_period_folders_and_deadlines(desk, make_unit, tmp_path):
    client, workspace = desk
    client.post("/settings", data={"notice": "hunan-2011", "office": "安化县委创先办", "period_year": "2011",
                                   "period_half": "H1", "due": "2011-06-28"})
    make_unit(workspace.inbox(), "东坪镇党委", seed=1)
    client.post("/merge/start")
    wait_for_task(client)
    hunan = workspace.inbox().parent
    before = {name: print_ for name, print_ in tree_fingerprint(hunan).items() if name != ".notice"}
    assert workspace.last()["counts"]["units"] == 1

    page = client.post("/settings", data={"notice": "justice-2012"}, follow_redirects=True).text
    assert str(workspace.period) == "2011-H1" and workspace.inbox().parent != hunan
    assert workspace.due_text() == "" and "本期情况" in page and "还没有审核汇总" in page, page
    report = justice_unit(tmp_path, "武进区司法局", seed=2)
    client.post("/inbox/upload", files={"files": (report.name, report.read_bytes())})
    client.post("/merge/start")
    wait_for_task(client)
    last = workspace.last()
    assert last["counts"]["units"] == 1 and not last["returned"], last["returned"]
    after = {name: print_ for name, print_ in tree_fingerprint(hunan).items() if name != ".notice"}
    assert after == before  # the other notice's inbox, results and record untouched (.notice: whose it is)

    client.post("/settings", data={"notice": "hunan-2011"})
    assert workspace.inbox().parent == hunan and workspace.due_text() == "2011-06-28"
    last = workspace.last()
    assert last["counts"]["units"] == 1 and not last["returned"] and not last.get("stale"), last.get("stale")
    client.post("/settings", data={"notice": "justice-2012"})  # and back again: its merge, its folder
    assert workspace.last()["counts"]["units"] == 1 and workspace.inbox().parent.name == "2011-H1_justice-2012"
