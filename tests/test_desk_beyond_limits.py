"""A unit's file refused for a reading limit (here a value typed far below the table, row 6001) is
never opened, for safety: the desk's 审核汇总 page and the mail to the unit say so, which limit,
and what the unit should do, as the problem's own message does, never that it cannot be opened
or should be saved again (HTTP level)."""

from __future__ import annotations

import re

import openpyxl
import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import ROOT, desk, wait_for_task  # noqa: E402,F401 - fixture

BROKEN_WORDS = ("无法打开", "另存为")


def test_a_file_beyond_a_reading_limit_is_said_so_on_the_page_and_in_the_mail(desk, make_unit):  # noqa: F811
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1"})
    client.post("/roster", files={"roster": ("名册.xlsx", (ROOT / "examples" / "单位名册.xlsx").read_bytes())})
    make_unit(workspace.inbox(), "东坪镇党委", seed=1)
    path, _ = make_unit(workspace.inbox(), "梅城镇党委", seed=2)
    wb = openpyxl.load_workbook(path)  # a note typed far below the table, as happens in a long sheet
    wb.worksheets[0]["A6001"] = "备注"
    wb.save(path)
    client.post("/merge/start")
    wait_for_task(client)
    page = client.get("/merge").text
    row = re.search(r"<tr><td>梅城镇党委</td><td>梅城镇党委.xlsx</td><td>([^<]*)</td>\s*<td>([^<]*)</td></tr>", page)
    assert row, page
    reason, answer = row[1], row[2]
    assert "A6001" in reason and "删除表格以外的行列" in reason, reason  # which limit, and what to do
    assert "超出了读取的限制" in answer and "没有打开" in answer and not any(w in answer for w in BROKEN_WORDS), answer
    send = client.get("/send").text
    mail = re.search(r"<summary><b>退回</b> 梅城镇党委.*?</details>", send, re.S)
    assert mail, send
    said = mail[0]
    assert "超出了读取的限制" in said and "A6001" in said and "删除表格以外的行列" in said, said
    assert not any(w in said for w in BROKEN_WORDS), said
