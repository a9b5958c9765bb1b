"""The back-and-forth with units: self-check, return files, resubmission."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.problems import flatten
from dianping_xlsx.testing import Handmade, h1_only, random_values, write_handmade
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period

from .conftest import ROOT, soffice

H1 = Period.parse("2011-H1")
ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30"]
EXAMPLES = ROOT / "examples" / "2011-H1"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


BAD = {
    Key("附件2", "农村", "党组织数", ""): "见附件",
    Key("附件3", "机关部门", "党员数", ""): 40,
    Key("附件3", "机关部门", "已被点评党员数", "第一次"): 40,
    Key("附件3", "机关部门", "已被群众评议党员数", ""): 45,
}


# -- dianping check ----------------------------------------------------------


def test_check_clean_file(make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "东坪镇党委", 1)
    res = run("check", path, "--period", "2011-H1")
    assert res.exit_code == 0
    assert "没有发现问题" in res.output and "结论:可以报送" in res.output


def test_check_warnings_only_exit_0(make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "大福镇党委", 1, values={Key("附件3", "农村", "党员数", ""): "１２人"})
    res = run("check", path, "--period", "2011-H1")
    assert res.exit_code == 0
    assert "提示  附件3!C5" in res.output and "可以报送(有" in res.output


def test_check_errors_exit_1_with_positions(make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "县公安局党委", 1, values=BAD)
    res = run("check", path, "--period", "2011-H1")
    assert res.exit_code == 1
    assert "错误  附件2!C5  “见附件”无法识别为数字" in res.output
    assert "错误  附件3!F8" in res.output
    assert "结论:请修改后报送(2 个错误" in res.output
    # errors come before warnings
    lines = [line.strip() for line in res.output.splitlines() if line.startswith("  ")]
    levels = [line.split()[0] for line in lines if line.split()[0] in ("错误", "警告")]
    assert levels == sorted(levels, key=lambda x: x != "错误")


def test_check_json(make_unit, tmp_path):
    bad, _ = make_unit(tmp_path, "县公安局党委", 1, values=BAD)
    good, _ = make_unit(tmp_path, "东坪镇党委", 2)
    res = run("check", bad, good, "--period", "2011-H1", "--json")
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["period"] == "2011-H1"
    first, second = data["files"]
    assert (first["unit"], first["ok"], second["ok"]) == ("县公安局党委", False, True)
    assert [(p["code"], p["sheet"], p["cell"], p["severity"]) for p in first["problems"]][:2] == [
        ("value.not-number", "附件2", "C5", "error"), ("rule.exceeds", "附件3", "F8", "error")]
    assert second["problems"] == [] and second["date"] == "2011-06-25"


def test_check_ignores_lock_files(tmp_path):
    lock = tmp_path / "~$表.xlsx"
    lock.write_bytes(b"\x0bowner" + b"\0" * 20)
    res = run("check", lock)
    assert res.exit_code == 0 and "Office 临时锁文件" in res.output


def test_check_period_is_inferred_from_today():
    import datetime as dt

    assert Period.around(dt.date(2011, 6, 20)) == Period(2011, "H1")
    assert Period.around(dt.date(2011, 7, 5)) == Period(2011, "H1")
    assert Period.around(dt.date(2011, 12, 20)) == Period(2011, "H2")
    assert Period.around(dt.date(2012, 1, 4)) == Period(2011, "H2")


def test_check_agrees_with_merge_on_every_example(tmp_path):
    out = tmp_path / "out"
    run("merge", EXAMPLES, "-o", out, *ARGS)
    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    merged: dict[str, set] = {}
    for r in wb["问题明细"].iter_rows(min_row=4, values_only=True):
        if r[6] != "unit.superseded":
            merged.setdefault(r[1], set()).add((r[6], r[2], r[3], r[5]))
    files = sorted(EXAMPLES.iterdir())
    data = json.loads(run("check", *files, "--period", "2011-H1", "--json").output)
    checked = {}
    for f in data["files"]:
        name = f["file"].rsplit("/", 1)[-1]
        if f["problems"]:
            checked[name] = {(p["code"], p["sheet"], p["cell"], p["message"]) for p in f["problems"]}
    assert checked == merged
    assert len(checked) >= 4


# -- return files ------------------------------------------------------------


@pytest.fixture
def returned(make_unit, tmp_path, ts):
    inbox = tmp_path / "in"
    make_unit(inbox, "东坪镇党委", 1)
    _, values = make_unit(inbox, "县公安局党委", 2, values=BAD)
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *ARGS)
    assert res.exit_code == 1
    return out / "退回" / "县公安局党委_审核意见.xlsx", values


def test_return_file_marks_faulty_cells(returned):
    path, _ = returned
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["审核意见", "附件1", "附件2", "附件3", "填表说明", "自查", "自查计算"]
    cell = wb["附件2"]["C5"]
    assert cell.value == "见附件"
    # no red of its own: the 自查 sheet colours it while it is wrong (and not once corrected)
    assert not cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "无法识别为数字" in cell.comment.text
    over = wb["附件3"]["F8"]
    assert over.value == 45 and "超过了党员数 40" in over.comment.text
    assert wb["附件3"]["F5"].comment is None and not wb["附件3"]["F5"].fill.fgColor.rgb.endswith("FFC7CE")
    rows = list(wb["审核意见"].iter_rows(min_row=6, values_only=True))
    assert [(r[1], r[2], r[3]) for r in rows] == [("错误", "附件2!C5", "附件2!C5"), ("错误", "附件3!F8", "附件3!F8")]
    assert wb["附件1"].protection.sheet  # still a protected form


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_return_file_shows_its_faults_until_they_are_corrected(returned, ts, tmp_path):
    """Opened in an office suite, the return file's faulty cells are red (conditional format, as
    the 自查 sheet reads them); corrected, they are not, and its first line says it can be sent."""
    import subprocess

    from dianping_xlsx.template.selfcheck import _Helper
    from dianping_xlsx.template.layout import defined_name
    import python_calamine

    path, _ = returned
    wb = openpyxl.load_workbook(path)
    fixed = tmp_path / "fixed.xlsx"
    for ref, value in (("附件2!C5", 7), ("附件3!F8", 40)):
        sheet, cell = ref.split("!")
        wb[sheet][cell].value = value
    wb.save(fixed)
    out = tmp_path / "out"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path), str(fixed)],
                   check=True, capture_output=True, timeout=300)
    template = openpyxl.load_workbook(ROOT / "input_templates" / "领导点评群众评议统计表.xlsx")
    places = {k: next(iter(template.defined_names[defined_name(t, k)].destinations))[1].replace("$", "")
              for t in ts.tables for k in t.keys()}
    helper = _Helper(ts, places)

    def state(name):
        book = python_calamine.CalamineWorkbook.from_path(str(out / name))
        grid = book.get_sheet_by_name("自查计算").to_python(skip_empty_area=False)
        colours = {k: int(grid[r][c] or 0) for k in places for r, c in [helper.at(k, "F")]}
        return book.get_sheet_by_name("自查").to_python()[0][0], colours

    first, colours = state(path.name)
    assert first.startswith("自查结果:未通过,有 2 项错误")
    assert {k for k, v in colours.items() if v == 2} == {Key("附件2", "农村", "党组织数", ""),
                                                          Key("附件3", "机关部门", "已被群众评议党员数", "")}
    first, colours = state("fixed.xlsx")
    assert first.startswith("自查结果:") and "可以报送" in first and not any(v == 2 for v in colours.values())


def test_return_file_reads_back_as_the_units_values(returned, ts):
    path, values = returned
    sub = check_workbook(path, ts, H1)
    assert sub.unit == "县公安局党委"
    assert flatten([p for p in sub.problems if p.severity == "error"]) == [
        ["value.not-number", "附件2", "C5"], ["rule.exceeds", "附件3", "F8"]]
    expected = {k: v for k, v in values.items() if k != Key("附件2", "农村", "党组织数", "")}
    assert {k: sub.values[k] for k in expected} == expected


def test_corrected_return_file_is_accepted(returned, ts):
    path, values = returned
    wb = openpyxl.load_workbook(path)
    wb["附件2"]["C5"].value = 7
    wb["附件2"]["C6"].value = 7
    wb["附件2"]["C8"].value = 7
    wb["附件3"]["F8"].value = 40
    for name in ("附件1", "附件2", "附件3"):
        wb[name]["H3" if name == "附件1" else "G3"].value = "2011-06-29"
    fixed = path.with_name("fixed.xlsx")
    wb.save(fixed)
    sub = check_workbook(fixed, ts, H1)
    assert sub.ok, [p.to_dict() for p in sub.problems]
    assert sub.values[Key("附件2", "农村", "党组织数", "")] == 7


def test_handmade_layout_comes_back_in_our_template(tmp_path, ts):
    inbox = tmp_path / "in"
    values = h1_only(ts, random_values(ts, 5))
    values[Key("附件2", "农村", "党组织数", "")] = "若干"
    write_handmade(ts, inbox / "手工表.xlsx", "县林业局党组", "2011年6月27日", values,
                   Handmade(one_sheet=True, row_offset=2, col_offset=1))
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *ARGS)
    path = out / "退回" / "县林业局党组_审核意见.xlsx"
    wb = openpyxl.load_workbook(path)
    rows = list(wb["审核意见"].iter_rows(min_row=6, values_only=True))
    assert rows[0][2] == "附件2!C5"  # in our template
    assert rows[0][3] == "表一!D21"  # where it was in the unit's file (tables stacked on one sheet)
    sub = check_workbook(path, ts, H1)
    assert {k: v for k, v in sub.values.items()} == {
        k: v for k, v in values.items() if k != Key("附件2", "农村", "党组织数", "")}


def test_stale_return_files_are_removed(make_unit, tmp_path):
    inbox = tmp_path / "in"
    bad, _ = make_unit(inbox, "县公安局党委", 2, values=BAD)
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *ARGS)
    assert (out / "退回" / "县公安局党委_审核意见.xlsx").exists()
    make_unit(inbox, "县公安局党委", 2, name="县公安局党委.xlsx")  # corrected in place
    assert run("merge", inbox, "-o", out, *ARGS).exit_code == 0
    assert list((out / "退回").iterdir()) == []
