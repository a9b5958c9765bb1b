"""The desk follows a notice: a shipped one chosen on 本期, or one the clerk uploads (a notice
and the table set it names); its periods, templates and merge are that notice's."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from dianping_xlsx.api import load_notice  # noqa: E402
from dianping_xlsx.definitions import Key  # noqa: E402
from dianping_xlsx.testing import fill_template  # noqa: E402

from .conftest import docs_example  # noqa: E402
from .test_desk import desk, make_templates, wait_for_task  # noqa: E402,F401 - fixture

ROOT = Path(__file__).resolve().parent.parent


def test_a_shipped_notice_chosen_on_the_home_page(desk):
    client, workspace = desk
    home = client.get("/")
    assert "hunan-2011" in home.text and "justice-2012" in home.text and "上半年" in home.text
    page = client.post("/settings", data={"notice": "justice-2012"})
    assert "已改用通知“常州市司法行政系统" in page.text and workspace.notice.id == "justice-2012"
    assert workspace.period.half == "H1" and workspace.period.zh.endswith("群众评议")
    assert "群众评议(3月15日前报)" in page.text and ">下半年<" not in page.text
    client.post("/settings", data={"period_year": "2012", "period_half": "H1"})
    assert str(workspace.period) == "2012-H1"
    bad = client.post("/settings", data={"period_year": "2012", "period_half": "H2"})
    assert "期次请选择年份和通知的期次" in bad.text and str(workspace.period) == "2012-H1"
    blank = make_templates(client, "0")
    names = zipfile.ZipFile(io.BytesIO(blank.content)).namelist()
    assert "群众评议统计表.xlsx" in names and not any("台账" in n for n in names)
    wrong = client.post("/settings", data={"notice": "no-such-notice"})
    assert "找不到通知定义" in wrong.text and workspace.notice.id == "justice-2012"


@pytest.mark.parametrize("notice", ["hunan-2011", "justice-2012"])
def test_the_templates_and_up_pages_say_what_the_notice_makes(desk, notice):
    """模板 lists the files the zip holds, 上级 the tables the upward file holds: the chosen notice's."""
    client, workspace = desk
    client.post("/settings", data={"notice": notice, "office": "某某县委办"})
    names = zipfile.ZipFile(io.BytesIO(make_templates(client, "0").content)).namelist()
    listed = re.findall(r"<code>([^<]+)</code>", client.get("/templates").text.split('id="made-files"')[1].split("</ul>")[0])
    assert listed == names, (listed, names)
    tables = workspace.notice.tables.all_tables
    up = client.get("/up").text
    assert f"只有{tables}的合计" in up
    if notice == "justice-2012":
        assert "附件1" not in up and "台账" not in client.get("/templates").text
        assert workspace.notice.up_email in up and "各县" not in up and "县里" not in up  # its own 上级, no county


def test_an_uploaded_notice_runs_the_whole_round(desk, tmp_path):
    client, workspace = desk
    files = [("notice", (name, body.encode("utf-8"))) for name, body in docs_example()]
    broken = [("notice", ("新通知.toml", dict(docs_example())["新通知.toml"].encode("utf-8")))]
    refused = client.post("/notice", files=broken)  # its table set not sent with it
    assert "county-2013-tables.toml" in refused.text and workspace.settings.notice == ""
    assert not (workspace.folder / "通知定义").exists()
    page = client.post("/notice", files=files)
    assert "已采用通知定义:某某县 2013 年群众评议" in page.text
    assert workspace.settings.notice == "通知定义/新通知.toml"
    client.post("/settings", data={"office": "某某县委办", "period_year": "2013", "period_half": "H1"})
    notice = workspace.notice
    ts = notice.tables
    table = ts.tables[0]
    inbox = workspace.inbox()
    inbox.mkdir(parents=True)
    expected = {}
    for n, unit in enumerate(["东坪镇党委", "县教育局党委", "梅城镇党委"]):
        values = {Key(table.key, "乡镇", "组织数(个)", ""): 10 + n, Key(table.key, "乡镇", "已评议组织数(个)", ""): 9,
                  Key(table.key, "县直单位", "组织数(个)", ""): 3, Key(table.key, "县直单位", "已评议组织数(个)", ""): 3,
                  Key(table.key, "小计", "组织数(个)", ""): 13 + n, Key(table.key, "小计", "已评议组织数(个)", ""): 12}
        if unit == "梅城镇党委":  # a 小计 that is not the sum of its parts: sent back
            values[Key(table.key, "小计", "组织数(个)", "")] = 99
        else:
            for key, value in values.items():
                expected[key] = expected.get(key, 0) + value
        fill_template(ts, inbox / f"{unit}.xlsx", unit, dt.date(2013, 3, 20), values)
    client.post("/merge/start")
    assert "完成" in wait_for_task(client)
    merged = client.get("/merge").text
    assert "梅城镇党委" in merged and "不等于乡镇、县直单位之和" in merged
    summary = workspace.results() / "汇总表_2013-H1.xlsx"
    sheet = openpyxl.load_workbook(summary, data_only=True)[table.key]
    got = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value in ("乡镇", "县直单位", "小计"):
                column, first = cell.column, cell.row
    assert expected[Key(table.key, "小计", "组织数(个)", "")] == 13 + 14
    labels = {sheet.cell(r, 1).value: r for r in range(first + 1, first + 3)}
    for category, col in (("乡镇", column - 2), ("县直单位", column - 1), ("小计", column)):
        for metric in ("组织数(个)", "已评议组织数(个)"):
            got[Key(table.key, category, metric, "")] = sheet.cell(labels[metric], col).value
    assert got == expected
    assert load_notice(str(workspace.folder / "通知定义" / "新通知.toml")).name == notice.name


def test_the_ranking_is_shown_on_the_merge_page(desk):
    """评先评优 in the desk: the units ranked by 满意率 as the ranking workbook ranks them."""
    import shutil

    from dianping_xlsx.api import merge_inbox, ranking_of

    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1"})
    inbox = workspace.inbox()
    shutil.copytree(ROOT / "examples" / "2011-H1", inbox)
    client.post("/merge/start")
    assert "完成" in wait_for_task(client, 120)
    page = client.get("/merge").text
    expected = ranking_of(merge_inbox(inbox, period="2011-H1"))
    assert expected and "评先评优参考:满意率排名" in page
    first = expected[0]["rows"][0]
    assert f"<td>{first['rank']}" in page and first["names"][0] in page and first["rate"] in page


def test_settings_still_save_when_the_chosen_notice_file_went_missing(desk):
    """A notice file removed from 通知定义 after it was chosen: the page says so and works with the
    default, and saving the office's name still works (it answered 500)."""
    client, workspace = desk
    files = [("notice", (name, body.encode("utf-8"))) for name, body in docs_example()]
    client.post("/notice", files=files)
    (workspace.folder / "通知定义" / "新通知.toml").unlink()
    home = client.get("/")
    assert "选定的通知定义无法使用" in home.text
    saved = client.post("/settings", data={"office": "某某县委办"})
    assert saved.status_code == 200 and "已保存" in saved.text and workspace.settings.office == "某某县委办"


def test_templates_made_for_another_notice_are_not_offered(desk):
    """A clerk who changes the notice is not offered the zip made for the old one (kept apart, in
    the old notice's period folder: offered again when the old notice is chosen again)."""
    client, _ = desk
    client.post("/settings", data={"notice": "hunan-2011", "office": "某某县委办", "period_year": "2011",
                                   "period_half": "H1"})
    hunan = make_templates(client, "0").content
    assert "空白模板.zip" in client.get("/templates").text.split("已生成的模板")[-1]
    client.post("/settings", data={"notice": "justice-2012", "office": "某某县委办"})
    page = client.get("/templates").text
    assert "已生成的模板:" not in page
    make_templates(client, "0")
    page = client.get("/templates").text
    assert "已生成的模板:" in page and "以前按别的通知" not in page
    client.post("/settings", data={"notice": "hunan-2011", "office": "某某县委办"})
    link = re.search(r'已生成的模板:<a href="([^"]+)">空白模板.zip</a>', client.get("/templates").text)
    assert link and client.get(link[1].replace("&amp;", "&")).content == hunan


def test_a_notice_changed_keeps_the_clerks_year_and_keeps_the_old_deadline_aside(desk):
    """hunan-2011, 2011 上半年, due 2011-06-30; then justice-2012: its period of 2011 (not the one
    around today), the old deadline not its own and said so (it was: 2027年群众评议 · 截止 2011-06-30);
    kept for hunan-2011, it comes back with it."""
    client, workspace = desk
    client.post("/settings", data={"notice": "hunan-2011", "period_year": "2011", "period_half": "H1",
                                   "due": "2011-06-30"})
    assert (str(workspace.period), workspace.settings.due) == ("2011-H1", "2011-06-30")
    page = client.post("/settings", data={"notice": "justice-2012"}).text
    assert (str(workspace.period), workspace.settings.due) == ("2011-H1", "")
    assert "期次为2011年群众评议" in page and "原通知的截止日期留给原通知(改回原通知时恢复)" in page
    client.post("/settings", data={"notice": "hunan-2011"})
    assert (str(workspace.period), workspace.settings.due) == ("2011-H1", "2011-06-30")


def test_the_templates_page_says_a_deadline_is_in_the_templates_only_where_they_state_one(desk):
    """hunan-2011's 填表说明 states no deadline: 模板 says the templates hold no date (the one set on 本期
    judges lateness and goes into the reminders); justice-2012's states it ({due}): 模板 says so."""
    client, workspace = desk
    client.post("/settings", data={"notice": "hunan-2011", "period_year": "2011", "period_half": "H1",
                                   "due": "2011-06-28"})
    page = client.get("/templates").text
    assert "填表说明写明的报送截止日期" not in page, page
    assert "本通知的填表说明不写报送截止日期" in page and "2011-06-28" in page
    client.post("/settings", data={"notice": "justice-2012", "period_year": "2012", "period_half": "H1",
                                   "due": "2012-03-10"})
    page = client.get("/templates").text
    assert "填表说明写明的报送截止日期:2012-03-10" in page and "不写报送截止日期" not in page


def test_a_notice_uploaded_keeps_the_clerks_year(desk):
    """Working in 2011 上半年, the clerk uploads a notice definition: its period of 2011 is chosen (as when
    a notice is picked from the list), never the one around today, and the message says which."""
    client, workspace = desk
    client.post("/settings", data={"notice": "hunan-2011", "period_year": "2011", "period_half": "H1",
                                   "due": "2011-06-28"})
    text = (ROOT / "dianping_xlsx" / "definitions" / "notices" / "justice-2012.toml").read_bytes()
    page = client.post("/notice", files=[("notice", ("司法评议.toml", text))]).text
    assert workspace.settings.notice == "通知定义/司法评议.toml" and str(workspace.period) == "2011-H1"
    assert "期次为2011年群众评议" in page, page
    client.post("/settings", data={"notice": "hunan-2011"})
    assert (str(workspace.period), workspace.settings.due) == ("2011-H1", "2011-06-28")
