"""A summary built on an incomplete level below is incomplete: a city merging a county whose
upward workbook says units are still missing exits 1, says why, and its own upward workbook
tells the province which county."""

from __future__ import annotations

import datetime as dt
import shutil

from dianping_xlsx.read.prescan import DEFAULT_LIMITS, prescan

from .test_clerk_traps import run
from .test_half_year import H1, _county


def test_a_city_over_an_incomplete_county_is_incomplete(ts, make_unit, tmp_path):
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    a_out, _, a_res = _county(ts, make_unit, tmp_path, "安化县委创先办", ["梅城镇党委"], [], 10)
    b_out, _, b_res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], ["修山镇党委"], 20)
    assert a_res.exit_code == 0 and b_res.exit_code == 1
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [RosterUnit("安化县委创先办", (), "县"),
                                                              RosterUnit("桃江县委创先办", (), "县")])
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    for out in (a_out, b_out):
        for up in out.glob("上报_*.xlsx"):
            shutil.copy(up, inbox / up.name)
    out = tmp_path / "市汇总"
    res = run("merge", inbox, "-o", out, *H1, "--unit-name", "益阳市委创先办", "--roster", roster)
    assert res.exit_code == 1, res.output
    assert "1 个下级的汇总不完整" in res.output and "可以打印盖章上报" not in res.output
    said = prescan(out / "上报_益阳市委创先办_2011-H1.xlsx", DEFAULT_LIMITS).properties
    assert "下级的汇总不完整(桃江县委创先办)" in said["dianping_summary_incomplete"]

    # both counties complete: the city is complete
    shutil.rmtree(inbox)
    inbox.mkdir()
    shutil.copy(a_out / "上报_安化县委创先办_2011-H1.xlsx", inbox)
    roster = write_blank_roster(ts, tmp_path / "市名册2.xlsx", [RosterUnit("安化县委创先办", (), "县")])
    res = run("merge", inbox, "-o", tmp_path / "市汇总2", *H1, "--unit-name", "益阳市委创先办", "--roster", roster)
    assert res.exit_code == 0, res.output


def test_a_county_summary_resaved_as_xls_is_still_a_summary(ts, make_unit, tmp_path):
    """LibreOffice keeps our marks in the .xls's DocumentSummaryInformation: the city reads them
    there, so the county stays a summary (incomplete below, judged against the offices' due date)."""
    import pytest

    from .conftest import soffice
    from .test_libreoffice import resave

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out, _, res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], ["修山镇党委"], 20)
    assert res.exit_code == 1
    inbox = tmp_path / "市收件箱"
    [xls] = resave([out / "上报_桃江县委创先办_2011-H1.xlsx"], "xls", inbox, tmp_path / "profile")
    said = prescan(xls, DEFAULT_LIMITS).properties
    assert said["dianping_summary_unit"] == "桃江县委创先办"
    assert "修山镇党委" in said["dianping_summary_incomplete"]
    city = run("merge", inbox, "-o", tmp_path / "市汇总", *H1, "--unit-name", "益阳市委创先办")
    assert city.exit_code == 1, city.output
    assert "1 个下级的汇总不完整" in city.output


def test_a_county_that_sends_its_summary_instead_of_its_upward_file_is_still_incomplete(ts, make_unit, tmp_path):
    """A county may send its 汇总表 up instead of its 上报 (both are read as its report): the city
    hears of the unit still missing below it from either, and names the county."""
    out, _, res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], ["修山镇党委"], 20)
    assert res.exit_code == 1
    said = prescan(out / "汇总表_2011-H1.xlsx", DEFAULT_LIMITS).properties
    assert "修山镇党委" in said["dianping_summary_incomplete"]
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    shutil.copy(out / "汇总表_2011-H1.xlsx", inbox / "桃江县汇总表.xlsx")
    city = run("merge", inbox, "-o", tmp_path / "市汇总", *H1, "--unit-name", "益阳市委创先办")
    assert city.exit_code == 1, city.output
    assert "下级汇总不完整" in city.output and "可以打印盖章上报" not in city.output
    up = prescan(tmp_path / "市汇总" / "上报_益阳市委创先办_2011-H1.xlsx", DEFAULT_LIMITS).properties
    assert "下级的汇总不完整(桃江县委创先办)" in up["dianping_summary_incomplete"]


def _without_property(source, target, name: str):
    """The workbook as an earlier version wrote it: the custom property ``name`` not there."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "docProps/custom.xml":
                data = re.sub(rb'<property [^>]*name="' + name.encode() + rb'">.*?</property>', b"", data)
            new.writestr(item, data)
    return target


def test_a_county_summary_of_an_earlier_version_says_what_it_lacked_by_its_missing_sheet(ts, make_unit, tmp_path):
    """A 汇总表 written before its properties said what it lacked: its 未报单位 sheet names the unit
    missing below, and the city hears of it as from a summary of today."""
    out, _, res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], ["修山镇党委"], 20)
    assert res.exit_code == 1
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    old = _without_property(out / "汇总表_2011-H1.xlsx", inbox / "桃江县汇总表.xlsx", "dianping_summary_incomplete")
    props = prescan(old, DEFAULT_LIMITS).properties
    assert "dianping_summary_incomplete" not in props and props["dianping_summary_unit"] == "桃江县委创先办"
    city = run("merge", inbox, "-o", tmp_path / "市汇总", *H1, "--unit-name", "益阳市委创先办")
    assert city.exit_code == 1, city.output
    assert "下级汇总不完整:1 个单位" in city.output and "可以打印盖章上报" not in city.output, city.output
    up = prescan(tmp_path / "市汇总" / "上报_益阳市委创先办_2011-H1.xlsx", DEFAULT_LIMITS).properties
    assert "下级的汇总不完整(桃江县委创先办)" in up["dianping_summary_incomplete"]
    from .conftest import sheet_rows

    [said] = [r for r in sheet_rows(tmp_path / "市汇总" / "汇总表_2011-H1.xlsx", "问题明细", first="单位")
              if "报来的汇总不完整" in str(r.values())]
    assert "名册中 1 个单位未报或被退回(修山镇党委)" in str(said.values()), said


def test_a_county_summary_resaved_by_libreoffice_keeps_what_it_lacked(ts, make_unit, tmp_path):
    """The 汇总表 re-saved as .xls and .ods keeps the mark, as the 上报 does."""
    import pytest

    from .conftest import soffice
    from .test_libreoffice import resave

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out, _, res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], ["修山镇党委"], 20)
    assert res.exit_code == 1
    for ext in ("xls", "ods"):
        inbox = tmp_path / f"市收件箱{ext}"
        [copy] = resave([out / "汇总表_2011-H1.xlsx"], ext, inbox, tmp_path / "profile")
        assert "修山镇党委" in prescan(copy, DEFAULT_LIMITS).properties["dianping_summary_incomplete"]
        city = run("merge", inbox, "-o", tmp_path / f"市汇总{ext}", *H1, "--unit-name", "益阳市委创先办")
        assert city.exit_code == 1, city.output
        assert "下级汇总不完整" in city.output, city.output


def test_a_county_that_sent_last_periods_upward_file_is_told_to_send_this_periods(ts, make_unit, tmp_path):
    """In December the city finds a county's June 上报 file in its inbox: the county did send,
    the wrong period's file. Its roster row says 报错期次 and what to send (not 未报, not
    没有收到报送文件), the screen says it, and the ignored file is called what it is."""
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    from .conftest import sheet_rows

    out, _, res = _county(ts, make_unit, tmp_path, "资阳区委创先办", ["长春镇党委"], [], 30)
    assert res.exit_code == 0
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [RosterUnit("资阳区委创先办", (), "县"),
                                                              RosterUnit("安化县委创先办", (), "县")])
    inbox = tmp_path / "市收件箱"
    make_unit(inbox, "安化县委创先办", seed=31, day=dt.date(2011, 12, 28))  # another county, on time
    shutil.copy(out / "上报_资阳区委创先办_2011-H1.xlsx", inbox)
    city = run("merge", inbox, "-o", tmp_path / "市汇总", "--period", "2011-H2", "--date", "2011-12-30",
               "--unit-name", "益阳市委创先办", "--roster", roster)
    assert city.exit_code == 1, city.output
    told = "报送的是2011年上半年的上报文件(“上报_资阳区委创先办_2011-H1.xlsx”),不是2011年下半年的,请改报2011年下半年的上报文件"
    assert f"资阳区委创先办:{told}" in city.output, city.output
    book = tmp_path / "市汇总" / "汇总表_2011-H2.xlsx"
    [row] = [r for r in sheet_rows(book, "报送情况") if r["单位"] == "资阳区委创先办" and not r["文件"]]
    assert row["状态"] == "报错期次" and told in row["说明"], row
    [ignored] = [r for r in sheet_rows(book, "报送情况") if r["文件"] == "上报_资阳区委创先办_2011-H1.xlsx"]
    assert ignored["状态"] == "已忽略" and "2011年上半年的上报文件" in ignored["说明"], ignored
    assert "汇总表" not in ignored["说明"]
    [absent] = [r for r in sheet_rows(book, "未报单位") if r["单位名称"] == "资阳区委创先办"]
    assert absent["情况"] == told


def test_a_county_summary_of_last_period_is_called_a_summary(ts, make_unit, tmp_path):
    """Its 汇总表 (not its 上报) of June in December: the same, said of the 汇总表."""
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    from .conftest import sheet_rows

    out, _, _ = _county(ts, make_unit, tmp_path, "资阳区委创先办", ["长春镇党委"], [], 30)
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [RosterUnit("资阳区委创先办", (), "县"),
                                                              RosterUnit("安化县委创先办", (), "县")])
    inbox = tmp_path / "市收件箱"
    make_unit(inbox, "安化县委创先办", seed=31, day=dt.date(2011, 12, 28))
    shutil.copy(out / "汇总表_2011-H1.xlsx", inbox / "资阳区汇总表.xlsx")
    run("merge", inbox, "-o", tmp_path / "市汇总", "--period", "2011-H2", "--date", "2011-12-30",
        "--unit-name", "益阳市委创先办", "--roster", roster)
    book = tmp_path / "市汇总" / "汇总表_2011-H2.xlsx"
    [row] = [r for r in sheet_rows(book, "报送情况") if r["单位"] == "资阳区委创先办" and not r["文件"]]
    assert row["状态"] == "报错期次" and "2011年上半年的汇总表(“资阳区汇总表.xlsx”)" in row["说明"], row


def test_a_countys_summary_and_its_upward_file_of_one_run_are_one_report_not_a_tie(ts, make_unit, tmp_path):
    """A county sends its 汇总表 and its 上报 of the same run, saved at the same time: the same
    numbers twice. One is used, the other noted as the same report (a 提示), and nothing asks the
    clerk to find out which is newer; the county's missing unit is said once."""
    import os

    from .conftest import status_of

    out, _, res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], ["修山镇党委"], 20)
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    both = [shutil.copy(out / "汇总表_2011-H1.xlsx", inbox / "桃江县汇总表.xlsx"),
            shutil.copy(out / "上报_桃江县委创先办_2011-H1.xlsx", inbox)]
    for path in both:
        os.utime(path, (1_309_400_000, 1_309_400_000))
    city = run("merge", inbox, "-o", tmp_path / "市汇总", *H1, "--unit-name", "益阳市委创先办")
    assert "无法判断哪个文件较新" not in city.output, city.output
    assert "下级汇总不完整:1 个单位" in city.output and "被替代 1 个" in city.output, city.output
    status = status_of(tmp_path / "市汇总" / "汇总表_2011-H1.xlsx")
    assert sorted(s for _, s, _ in status.values()) == ["已采用", "被替代"]
    [(unit, _, note)] = [v for v in status.values() if v[1] == "被替代"]
    assert unit == "桃江县委创先办" and "的数字完全相同" in note and "不重复计入" in note, note


def test_a_countys_upward_file_sent_as_xlsx_and_as_xls_is_one_report(ts, make_unit, tmp_path):
    """The same 上报 re-saved by LibreOffice as .xls beside the .xlsx: other bytes, the same numbers."""
    import os

    import pytest

    from .conftest import soffice
    from .test_libreoffice import resave

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out, _, _ = _county(ts, make_unit, tmp_path, "南县委创先办", ["南东镇党委"], [], 40)
    inbox = tmp_path / "市收件箱"
    up = out / "上报_南县委创先办_2011-H1.xlsx"
    [xls] = resave([up], "xls", inbox, tmp_path / "profile")
    xlsx = shutil.copy(up, inbox)
    for path in (xls, xlsx):
        os.utime(path, (1_309_400_000, 1_309_400_000))
    city = run("merge", inbox, "-o", tmp_path / "市汇总", *H1, "--unit-name", "益阳市委创先办")
    assert city.exit_code == 0, city.output
    assert "无法判断哪个文件较新" not in city.output and "被替代 1 个" in city.output, city.output
