"""A clerk's own roster: its columns titled as clerks title them (单位全称, 电子邮箱, E-mail, 單位名稱) are
read; a roster whose unit column cannot be found says what was looked for and what was there, and
each face says its own next step (the command line a command, the desk its 下载空白名册); columns
not read and a roster without any 邮箱 are said on upload, the roster kept."""

from __future__ import annotations

import html
import io

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx import api
from dianping_xlsx.cli import main

UNITS = ["东坪镇党委", "梅城镇党委", "县教育局党委"]


def clerk_roster(header: list[str], rows: list[list] | None = None, title: str = "2026年创先争优统计报送单位名册") -> bytes:
    """A roster as a county office keeps it: a title row above the header, its own columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年报送单位"
    ws["A1"] = title
    ws.merge_cells("A1:F1")
    ws.append(header)
    for row in rows if rows is not None else [[i, u, "张三", f"0737-7200{i}", f"unit{i}@test.local", None]
                                              for i, u in enumerate(UNITS, 1)]:
        ws.append(row)
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


CLERK = ["序号", "单位全称", "联系人", "联系电话", "电子邮箱", "备注"]


def _load(tmp_path, data: bytes, name: str = "clerk_roster.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return api.load_roster(path)


def test_a_clerks_own_headers_are_read(tmp_path):
    roster = _load(tmp_path, clerk_roster(CLERK))
    assert [u.name for u in roster.units] == UNITS
    assert roster.units[0].emails == ("unit1@test.local",) and roster.units[0].row == 3
    assert roster.unused == ["联系人", "联系电话", "备注"]  # 序号 is a row number, not a column to mention


@pytest.mark.parametrize("header", [
    ["單位名稱", "別名", "類別", "上級單位", "電子郵箱"],  # traditional forms, folded as labels are elsewhere
    ["单位", "简称", "单位类别", "主管部门", "E-mail"],
    ["*单位名称(全称)", "别名:", "类型", "上级", "Email(多个用顿号隔开)"],
])
def test_each_column_by_its_common_names(tmp_path, header):
    roster = _load(tmp_path, clerk_roster(header, [["县教育局党委", "教育局、县教育局", "县直", "县委", "JYJ@Test.Local"]]))
    unit = roster.units[0]
    assert (unit.name, unit.aliases, unit.kind, unit.parent, unit.emails) == (
        "县教育局党委", ("教育局", "县教育局"), "县直", "县委", ("jyj@test.local",))
    assert roster.unused == [] and roster.match("教育局").unit is unit


def test_the_unit_column_is_the_best_named_one(tmp_path):
    """单位名称 before 名称 (a 党组织 roster listing both)."""
    roster = _load(tmp_path, clerk_roster(["名称", "单位名称"], [["支部", "县教育局党委"]]))
    assert [u.name for u in roster.units] == ["县教育局党委"] and roster.unused == ["名称"]


UNKNOWN = ["序号", "单位全称名", "联系人", "联系电话"]


def test_no_unit_column_says_what_it_looked_for_and_what_it_found(tmp_path):
    with pytest.raises(api.RosterError) as caught:
        _load(tmp_path, clerk_roster(UNKNOWN, [[1, "东坪镇党委", "张三", "1"]]))
    said = str(caught.value)
    assert "“单位名称”“单位全称”“单位”“名称”" in said
    assert "工作表“2026年报送单位”第 2 行写的是:“序号”“单位全称名”“联系人”“联系电话”" in said
    assert "dianping" not in said and "下载空白名册" not in said  # each face adds its own next step


def test_the_command_line_says_its_command(tmp_path):
    (tmp_path / "clerk_roster.xlsx").write_bytes(clerk_roster(UNKNOWN, [[1, "东坪镇党委", "张三", "1"]]))
    (tmp_path / "收件箱").mkdir()
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "收件箱"), "-o", str(tmp_path / "out"), "--period", "2011-H1",
                                    "--roster", str(tmp_path / "clerk_roster.xlsx")])
    assert res.exit_code == 2
    assert "找不到写单位名称的列" in res.output and "dianping roster init" in res.output


pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import desk  # noqa: E402,F401 - fixture


def _upload(client, data: bytes, name: str = "clerk_roster.xlsx") -> str:
    return html.unescape(client.post("/roster", files={"roster": (name, data)}).text)


def test_the_desk_takes_a_clerks_roster_and_says_the_columns_it_does_not_read(desk):
    client, workspace = desk
    page = _upload(client, clerk_roster(CLERK))
    assert "名册已更新:3 个单位" in page and workspace.roster is not None
    assert "“联系人”“联系电话”“备注”列不读" in page
    assert "没有一个单位填了邮箱" not in page


def test_the_desk_says_a_roster_without_any_mail_address(desk):
    client, workspace = desk
    page = _upload(client, clerk_roster(["序号", "单位名称", "别名"], [[1, "东坪镇党委", None], [2, "梅城镇党委", "梅城镇"]]))
    assert "名册已更新:2 个单位" in page and "没有一个单位填了邮箱" in page and "不读" not in page


def test_the_desk_points_to_its_own_blank_roster(desk):
    client, workspace = desk
    page = _upload(client, clerk_roster(UNKNOWN, [[1, "东坪镇党委", "张三", "1"]]))
    assert "名册“clerk_roster.xlsx”中找不到写单位名称的列" in page and "“单位全称名”" in page
    error = page.split('<div class="err">', 1)[1].split("</div>", 1)[0]
    assert "找不到写单位名称的列" in error and "点“下载空白名册”" in error
    assert "dianping" not in page and "roster init" not in page
    assert workspace.roster is None
