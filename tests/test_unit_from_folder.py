"""A file without 填报单位 whose name is only generic words (统计表.xlsx, 新建 Microsoft Excel 工作表.xlsx,
Book1.xlsx) names no unit: its folder in the inbox does (烟溪镇党委/统计表.xlsx), else the file is
nobody's (未填填报单位), sent back, and never merged with another such file nor called 统计表."""

from __future__ import annotations

import csv
import datetime as dt
import io

from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .conftest import sheet_rows, status_of

H1 = ("--period", "2011-H1", "--date", "2011-06-30", "--unit-name", "安化县委创先办")


def _merge(inbox, out, *more):
    return CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *H1, *map(str, more)])


def _unit_rows(out) -> dict[str, int]:
    """summary.csv: the number of rows of each unit (one per value it reported)."""
    rows = csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["unit"]] = counts.get(r["unit"], 0) + 1
    return counts


def test_the_folder_names_the_unit_of_a_file_named_only_statistics_table(ts, make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    make_unit(inbox / "烟溪镇党委", "", seed=1, name="统计表.xlsx")  # 填报单位 left blank
    make_unit(inbox / "县科技局党组", "", seed=2, name="统计表.xlsx")
    make_unit(inbox, "东坪镇党委", seed=3)
    units = ["东坪镇党委", "烟溪镇党委", "县科技局党组", "县统计局党组"]
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit(u, (), "乡镇") for u in units])
    for out, more in ((tmp_path / "有名册", ("--roster", roster)), (tmp_path / "无名册", ())):
        res = _merge(inbox, out, *more)
        status = status_of(out / "汇总表_2011-H1.xlsx")
        assert status["烟溪镇党委/统计表.xlsx"][:2] == ("烟溪镇党委", "已采用"), res.output
        assert status["县科技局党组/统计表.xlsx"][:2] == ("县科技局党组", "已采用")
        assert "统计表" not in _unit_rows(out) and "名册外" not in res.output
        said = {r["文件"]: r["问题说明"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", first="单位")
                if r["代码"] == "unit.from-folder"}
        assert said["烟溪镇党委/统计表.xlsx"] == ("未填写“填报单位”,文件名也看不出是哪个单位,"
                                             "暂按所在文件夹“烟溪镇党委”认作“烟溪镇党委”。请在表头填写单位全称。")


def test_a_file_named_only_generic_words_outside_a_folder_is_nobodys(ts, make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "", seed=1, name="统计表.xlsx")
    make_unit(inbox, "", seed=2, name="新建 Microsoft Excel 工作表.xlsx")
    make_unit(inbox, "", seed=3, name="Book1.xlsx")
    make_unit(inbox, "东坪镇党委", seed=4)
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit("东坪镇党委", (), "乡镇"),
                                                              RosterUnit("县统计局党组", (), "县直机关")])
    for out, more in ((tmp_path / "有名册", ("--roster", roster)), (tmp_path / "无名册", ())):
        res = _merge(inbox, out, *more)
        status = status_of(out / "汇总表_2011-H1.xlsx")
        for name in ("统计表.xlsx", "新建 Microsoft Excel 工作表.xlsx", "Book1.xlsx"):
            assert status[name][:2] == ("未填填报单位", "退回"), (name, res.output)
            assert f"附件1!A3:没有填写单位名称(“填报单位”空白或不是单位名称),文件名“{name}”也看不出" in status[name][2]
        assert _unit_rows(out).keys() == {"东坪镇党委", "合计"}  # none summed, none called 统计表
        assert "别名" not in res.output and "县统计局党组" not in str(status)  # no alias to add, no unit to suggest
        problems = sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", first="单位")
        placed = {(r["文件"], r["工作表"], r["单元格"]) for r in problems if r["代码"] == "unit.unnamed"}
        assert ("统计表.xlsx", "附件1", "A3") in placed and len(placed) == 3  # one per file, at 填报单位


def test_a_folder_a_file_came_through_names_no_unit(ts, make_unit, tmp_path):
    """The folders QQ, WeChat or a download put a file in (QQ接收, 微信文件, WeChat Files/…/File/2011-06)
    are no unit's name: the nearest folder that names a unit does, else the file is nobody's."""
    inbox = tmp_path / "收件箱"
    make_unit(inbox / "QQ接收", "", seed=1, name="统计表.xlsx")
    make_unit(inbox / "微信文件", "", seed=2, name="统计表.xlsx")
    make_unit(inbox / "WeChat Files" / "wxid_abc123" / "FileStorage" / "File" / "2011-06", "", seed=3, name="统计表.xlsx")
    make_unit(inbox / "烟溪镇党委" / "QQ接收", "", seed=4, name="统计表.xlsx")
    make_unit(inbox, "东坪镇党委", seed=5)
    res = _merge(inbox, tmp_path / "输出")
    status = status_of(tmp_path / "输出" / "汇总表_2011-H1.xlsx")
    assert status["烟溪镇党委/QQ接收/统计表.xlsx"][:2] == ("烟溪镇党委", "已采用"), res.output
    for name in ("QQ接收/统计表.xlsx", "微信文件/统计表.xlsx", "WeChat Files/wxid_abc123/FileStorage/File/2011-06/统计表.xlsx"):
        assert status[name][:2] == ("未填填报单位", "退回"), (name, status[name])
    assert set(_unit_rows(tmp_path / "输出")) == {"东坪镇党委", "烟溪镇党委", "合计"}


def test_a_mailed_files_sender_never_names_its_unit(ts, make_unit, tmp_path):
    """Mail intake saves an attachment as <received>_<sender>_<its name>: the sender's display name is
    what the sender says of itself. An unsigned 统计表.xlsx from a private address shown as 梅城镇党委
    replaced the unit's own signed report; now it names no unit (and is answered to its sender)."""
    inbox = tmp_path / "收件箱"
    signed, values = make_unit(inbox, "梅城镇党委", seed=1, name="0623-0900_梅城镇党委_梅城镇党委.xlsx")
    make_unit(inbox, "", seed=2, name="0625-0900_梅城镇党委_统计表.xlsx", day=dt.date(2011, 6, 26))
    make_unit(inbox, "", seed=3, name="0626-0900_lisi_附件1-3.xlsx")  # a digits-and-letters address alone
    res = _merge(inbox, tmp_path / "输出")
    status = status_of(tmp_path / "输出" / "汇总表_2011-H1.xlsx")
    assert status["0623-0900_梅城镇党委_梅城镇党委.xlsx"][:2] == ("梅城镇党委", "已采用"), res.output
    assert status["0625-0900_梅城镇党委_统计表.xlsx"][:2] == ("未填填报单位", "退回")
    assert status["0626-0900_lisi_附件1-3.xlsx"][:2] == ("未填填报单位", "退回")
    assert set(_unit_rows(tmp_path / "输出")) == {"梅城镇党委", "合计"}
