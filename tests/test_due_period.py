"""The units' deadline (--due, the desk's 报送截止日期) belongs to one period: a date clearly outside
the period (before its work begins, after its reporting window ends) is refused, saying the window;
one before the window (every on-time file would be late) is said on screen, in 报送情况 and in the
情况通报 draft; on the desk each period keeps its own (the tester's 2011 year: H2 merged with H1's
2011-06-28, 13 of 13 files 逾期, and H1's date rewritten when the clerk switched back)."""

from __future__ import annotations

import datetime as dt
import json

import docx
import openpyxl
import pytest

from dianping_xlsx.api import Period, UsageProblem, merge_inbox
from dianping_xlsx.desk.workspace import SETTINGS, Workspace

from .test_cli import run
from .test_desk import desk, wait_for_task  # noqa: F401 - fixture

H2_DAY = dt.date(2011, 12, 20)
DOUBT = "注意:截止日期 2011-06-28 早于2011年下半年的报送时间(2011-08-01 至 2012-01-31)"


def test_a_deadline_of_another_period_is_refused_by_the_library_and_the_command_line(tmp_path, make_unit):
    inbox, out = tmp_path / "收件箱", tmp_path / "output"
    make_unit(inbox, "东坪镇党委", 0)
    with pytest.raises(UsageProblem) as refused:
        merge_inbox(inbox, period="2011-H1", due="2011-12-28")
    assert "2011-12-28 不属于2011年上半年" in str(refused.value)
    assert "报送时间是 2011-01-01 至 2011-07-31" in str(refused.value)
    res = run("merge", inbox, "-o", out, "--period", "2011-H1", "--due", "2011-12-28")
    assert res.exit_code == 2 and "--due 2011-12-28 不属于2011年上半年:晚于报送时间的结束 2011-07-31" in res.output
    assert "请改为这段时间内的日期,或检查期次是否选对" in res.output and not out.exists()
    early = run("merge", inbox, "-o", out, "--period", "2011-H2", "--due", "2010-12-28")
    assert early.exit_code == 2 and "早于本期工作的开始 2011-01-01" in early.output and not out.exists()


def test_a_deadline_before_the_reporting_window_is_said_everywhere_the_lateness_is(tmp_path, make_unit):
    inbox = tmp_path / "收件箱"
    for i, unit in enumerate(["东坪镇党委", "梅城镇党委"]):
        make_unit(inbox, unit, i, day=H2_DAY)
    args = ["--period", "2011-H2", "--unit-name", "安化县委创先办", "--date", "2011-12-30"]
    res = run("merge", inbox, "-o", tmp_path / "out", *args, "--due", "2011-06-28")
    assert res.exit_code in (0, 1) and "逾期报送 2 个" in res.output and DOUBT in res.output
    book = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2011-H2.xlsx", read_only=True)
    assert book["报送情况"]["A2"].value.startswith(DOUBT)
    circular = [p.text for p in docx.Document(tmp_path / "out" / "情况通报_2011-H2.docx").paragraphs]
    at = next(i for i, t in enumerate(circular) if t.startswith("报送截止时间为2011年6月28日"))
    assert circular[at + 1].startswith("【请核对，印发前删去本段：截止日期2011-06-28早于2011年下半年的报送时间")
    fine = run("merge", inbox, "-o", tmp_path / "fine", *args, "--due", "2011-12-28")
    assert "逾期报送 0 个" in fine.output and "注意:截止日期" not in fine.output
    book = openpyxl.load_workbook(tmp_path / "fine" / "汇总表_2011-H2.xlsx", read_only=True)
    assert book["报送情况"]["A2"].value is None
    assert not [t for t in docx.Document(tmp_path / "fine" / "情况通报_2011-H2.docx").paragraphs
                if t.text.startswith("【")]


def _save(client, half: str, due: str, **more) -> str:
    return client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": half,
                                          "due": due, **more}).text


def test_each_period_keeps_its_own_deadline_on_the_desk(desk, make_unit):
    client, workspace = desk
    _save(client, "H1", "2011-06-28")
    assert workspace.due_text() == "2011-06-28"
    # 期次 switched to 下半年, the date the form showed (上半年's) left as it was
    page = _save(client, "H2", "2011-06-28")
    assert str(workspace.period) == "2011-H2" and workspace.due_text() == ""
    assert "本期还没有填写报送截止日期" in page and 'name="due" value=""' in page and "截止 2011-06-28" not in page
    page = _save(client, "H2", "2011-12-28")
    assert workspace.due_text() == "2011-12-28" and "截止 2011-12-28" in page
    page = _save(client, "H1", "2011-12-28")  # and back: 上半年's own date, not the one the form showed
    assert workspace.due_text() == "2011-06-28" and 'name="due" value="2011-06-28"' in page
    assert "本期的报送截止日期为 2011-06-28" in page
    # a date typed that is no date of 上半年: refused with the period's window, nothing saved
    page = _save(client, "H1", "2011-12-20")
    assert "报送截止日期 2011-12-20 不属于2011年上半年" in page and "2011-01-01 至 2011-07-31" in page
    assert workspace.due_text() == "2011-06-28" and workspace.settings.dues["2011-H2"] == "2011-12-28"
    # one before 下半年's window is kept, with a warning; the merge says it too
    _save(client, "H2", "2011-06-28")
    assert workspace.due_text() == "2011-12-28"  # the form showed H1's: H2 keeps its own
    page = _save(client, "H2", "2011-06-28")
    assert workspace.due_text() == "2011-06-28" and DOUBT in page
    make_unit(workspace.inbox(), "东坪镇党委", 0, day=H2_DAY)
    client.post("/merge/start")
    assert "完成" in wait_for_task(client)
    assert DOUBT in client.get("/merge").text and DOUBT in client.get("/").text


def test_an_older_desks_one_deadline_stays_with_the_period_it_was_saved_with(tmp_path):
    workspace = Workspace(tmp_path / "工作台")
    (workspace.folder / SETTINGS).write_text(json.dumps({"period": "2011-H1", "due": "2011-06-28"}), encoding="utf-8")
    assert workspace.settings.dues == {"2011-H1": "2011-06-28"} and workspace.due() == dt.date(2011, 6, 28)
    assert workspace.due_text(Period.parse("2011-H2")) == ""
