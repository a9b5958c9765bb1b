"""审核汇总 says of each file and unit what the summary workbook says: a file off the roster is 名册外
(the office's to-do, no return file), never 退回; the units with errors, with warnings and with
notes only are those 审核问题 counts (HTTP level)."""

from __future__ import annotations

import html
import re
import shutil

import openpyxl
import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import ROOT, desk, wait_for_task  # noqa: E402,F401 - fixture


def group_count(page: str, key: str) -> int:
    found = re.search(rf'id="group-{key}".*?((\d+))', page, re.S)
    return int(found[1]) if found else 0


def test_the_merge_page_counts_as_the_workbook(desk, make_unit):  # noqa: F811
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1", "due": "2011-06-28"})
    client.post("/roster", files={"roster": ("名册.xlsx", (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    shutil.copytree(ROOT / "examples" / "2011-H1", workspace.inbox())
    make_unit(workspace.inbox(), "县外来单位党支部", seed=7)  # not on the roster
    make_unit(workspace.inbox(), "中共安化县水利局党组", seed=8)  # the roster's 县水利局党组: a note only
    client.post("/merge/start")
    wait_for_task(client)
    page = html.unescape(client.get("/merge").text)

    book = openpyxl.load_workbook(workspace.results() / "汇总表_2011-H1.xlsx", read_only=True)
    status = {r[1]: r[5] for r in book["报送情况"].iter_rows(min_row=4, values_only=True) if r[1]}
    rows = re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td><td>[^<]*</td>\s*<td[^>]*>([^<]*)</td>", page)
    shown = dict(rows)
    assert shown["县外来单位党支部.xlsx"] == status["县外来单位党支部.xlsx"] == "名册外"
    assert {name: shown[name] for name in status if name in shown} == {n: s for n, s in status.items() if n in shown}

    headline = next(r[0] for r in book["审核问题"].iter_rows(min_row=1, max_row=4, values_only=True)
                    if r[0] and "个单位报送" in str(r[0]))
    counted = dict((what, int(n)) for n, what in re.findall(r"(\d+) 个(?:报表)?(有警告|有错误)", headline))
    assert group_count(page, "warned") == counted.get("有警告", 0) > 0, headline
    assert group_count(page, "returned") == counted.get("有错误", 0) > 0, headline
    assert group_count(page, "clean") > 0  # units with notes only: said apart, not as warned
    assert "只有警告的单位" not in page
