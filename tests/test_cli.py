"""End to end through the CLI, as a county clerk runs it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key

from .conftest import status_of, tree_fingerprint

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel opens it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture
def inbox(tmp_path, make_unit):
    folder = tmp_path / "收件箱"
    units = {}
    for i, unit in enumerate(["东坪镇党委", "梅城镇党委", "县财政局党组", "安化一中党委"]):
        units[unit] = make_unit(folder, unit, seed=i)[1]
    return folder, units


def test_template_command(tmp_path):
    res = run("template", "-o", tmp_path, "--unit-name", "梅城镇党委")
    assert res.exit_code == 0
    path = tmp_path / "领导点评群众评议统计表_梅城镇党委.xlsx"
    assert path.name in res.output
    assert openpyxl.load_workbook(path)["附件1"]["C3"].value == "梅城镇党委"


def test_merge_totals_are_the_exact_sum(inbox, tmp_path, ts):
    folder, units = inbox
    out = tmp_path / "out"
    res = run("merge", folder, "-o", out, *ARGS)
    assert res.exit_code == 0, res.output
    assert "采用 4 个单位,退回 0 个" in res.output
    rows = read_csv(out / "summary.csv")
    assert list(rows[0]) == ["unit", "table", "category", "metric", "round", "value"]
    totals = {(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
              for r in rows if r["unit"] == "合计"}
    expected = {key: sum(v[key] for v in units.values()) for key in ts.keys}
    assert totals == expected
    assert any(v > 0 for v in expected.values())
    per_unit = [r for r in rows if r["unit"] != "合计"]
    assert len(per_unit) == 4 * len(ts.keys)
    assert int(next(r["value"] for r in per_unit if r["unit"] == "梅城镇党委"
                    and r["category"] == "农村" and r["metric"] == "党员数")) == \
        units["梅城镇党委"][Key("附件3", "农村", "党员数", "")]

    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    assert wb.sheetnames == ["附件1", "附件2", "附件3", "附件1分类汇总", "附件2分类汇总",
                             "附件3分类汇总", "报送情况", "审核问题", "明细", "问题明细", "图表数据"]
    ws = wb["附件2"]
    assert ws["C3"].value == "安化县委创先办" and ws["G3"].value == "2011年6月30日"
    assert ws["C5"].value == expected[Key("附件2", "农村", "党组织数", "")]
    assert ws["H12"].value == expected[Key("附件2", "其它基层党组织", "已被点评党组织数", "第二次")]
    detail = wb["明细"]
    assert [c.value for c in detail["A"][3:8]] == [*sorted(units), "合计"]
    mei = next(r for r in detail.iter_rows(min_row=4) if r[0].value == "梅城镇党委")
    assert [c.value for c in mei[3:]] == [units["梅城镇党委"][k] for k in ts.keys]


def test_category_summary_rates(inbox, tmp_path, ts):
    folder, units = inbox
    out = tmp_path / "out"
    run("merge", folder, "-o", out, *ARGS)
    ws = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")["附件2分类汇总"]
    head = [c.value for c in ws[2]]
    assert head == ["类别名称", "党组织数", "已被点评党组织数(第一次)", "点评覆盖率(第一次)",
                    "已被点评党组织数(第二次)", "点评覆盖率(第二次)", "已开展群众评议党组织数", "群众评议覆盖率"]
    for row in ws.iter_rows(min_row=3, max_row=14):
        cat = row[0].value
        total = sum(v[Key("附件2", cat, "党组织数", "")] for v in units.values())
        done = sum(v[Key("附件2", cat, "已被点评党组织数", "第一次")] for v in units.values())
        assert row[1].value == total and row[2].value == done
        if total:
            assert row[3].value == pytest.approx(done / total)
        else:
            assert row[3].value == "—"
    assert ws.cell(15, 1).value == "合计"


def test_superseded_and_rejected(inbox, tmp_path, make_unit, ts):
    folder, units = inbox
    # 梅城镇 sends a corrected file later: the first is superseded.
    _, newer = make_unit(folder, "梅城镇党委", seed=50, day=dt.date(2011, 6, 27), name="梅城镇(更正).xlsx")
    # A bad file: rejected, its numbers not summed.
    make_unit(folder, "县公安局党委", seed=60, values={Key("附件2", "农村", "党组织数", ""): "见附件"})
    out = tmp_path / "out"
    res = run("merge", folder, "-o", out, *ARGS)
    assert res.exit_code == 1
    assert "采用 4 个单位,退回 1 个,被替代 1 个" in res.output
    assert "县公安局党委" in res.output and "附件2!C5" in res.output

    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    status = {f: v[:2] for f, v in status_of(wb).items()}
    assert status["梅城镇党委.xlsx"] == ("梅城镇党委", "被替代")
    assert status["梅城镇(更正).xlsx"] == ("梅城镇党委", "已采用")
    assert status["县公安局党委.xlsx"] == ("县公安局党委", "退回")
    sheet = wb["问题明细"]
    assert sheet["A1"].value == "共 5 个单位报送:4 个报表无问题,1 个有错误(已退回)。"  # no "0 个有警告"
    problems = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert [p[:5] for p in problems] == [
        ["县公安局党委", "县公安局党委.xlsx", "附件2", "C5", "错误"],
        ["梅城镇党委", "梅城镇党委.xlsx", "", "", "提示"],
    ]

    units["梅城镇党委"] = newer
    totals = {(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
              for r in read_csv(out / "summary.csv") if r["unit"] == "合计"}
    assert totals == {key: sum(v[key] for v in units.values()) for key in ts.keys}


def test_latest_date_wins_over_modification_time(tmp_path, make_unit):
    folder = tmp_path / "in"
    make_unit(folder, "甲单位", 1, day=dt.date(2011, 6, 27), name="a.xlsx")
    make_unit(folder, "甲 单位", 2, day=dt.date(2011, 6, 20), name="b.xlsx")  # written later, dated earlier
    out = tmp_path / "out"
    run("merge", folder, "-o", out, *ARGS)
    status = {f: v[1] for f, v in status_of(out / "汇总表_2011-H1.xlsx").items()}
    assert status == {"a.xlsx": "已采用", "b.xlsx": "被替代"}


def test_inbox_is_never_modified_and_rerun_is_identical(inbox, tmp_path):
    folder, _ = inbox
    (folder / "~$东坪镇党委.xlsx").write_bytes(b"\x0bowner" + b"\0" * 30)
    before = tree_fingerprint(folder)
    out = tmp_path / "out"
    run("merge", folder, "-o", out, *ARGS)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    run("merge", folder, "-o", out, *ARGS)
    second = {p.name: p.read_bytes() for p in out.iterdir()}
    assert tree_fingerprint(folder) == before
    # no temp files left; the upward workbook (附件1–3 alone) beside the summary
    assert sorted(first) == ["summary.csv", "上报_安化县委创先办_2011-H1.xlsx", "情况通报_2011-H1.docx",
                             "汇总表_2011-H1.xlsx"]
    assert first == second


def test_output_inside_inbox_is_not_read_back(inbox):
    folder, _ = inbox
    out = folder / "output"
    run("merge", folder, "-o", out, *ARGS)
    res = run("merge", folder, "-o", out, *ARGS)
    assert "共读取 4 个文件" in res.output


def test_usage_errors_exit_2(inbox, tmp_path):
    folder, _ = inbox
    assert run("merge", folder, "--period", "2011上半年").exit_code == 2
    assert run("merge", tmp_path / "nowhere", "--period", "2011-H1").exit_code == 2
    assert run("merge", folder).exit_code == 2
    res = run("merge", folder, "-o", tmp_path / "o", "--period", "2011-H1", "--table-set", "x")
    assert res.exit_code == 2 and "找不到表格定义" in res.output


def test_output_not_writable_says_so(inbox, tmp_path):
    folder, _ = inbox
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    res = run("merge", folder, "-o", blocker / "out", *ARGS)
    assert res.exit_code == 3  # a write failure: exit 3, apart from files sent back (issue 15)
    assert "无法在" in res.output and "写入" in res.output


# -- files that are not submissions, one test per class ----------------------


@pytest.fixture
def bad_inbox(inbox):
    folder, _ = inbox
    return folder


def merge_status(folder, tmp_path):
    out = tmp_path / "out"
    res = run("merge", folder, "-o", out, *ARGS)
    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    status = {f: v[1:] for f, v in status_of(wb).items()}
    codes = {(r[1].value, r[6].value) for r in wb["问题明细"].iter_rows(min_row=4)}
    accepted = sum(1 for s, _ in status.values() if s == "已采用")
    return res, status, codes, accepted


def test_lock_file_is_ignored(bad_inbox, tmp_path):
    (bad_inbox / "~$梅城镇党委.xlsx").write_bytes(b"\x0bAdministrator" + b"\0" * 40)
    (bad_inbox / ".~lock.梅城镇党委.xlsx#").write_text("x,host,,", encoding="utf-8")
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert res.exit_code == 0 and accepted == 4
    assert status["~$梅城镇党委.xlsx"][0] == "已忽略"
    assert status[".~lock.梅城镇党委.xlsx#"][0] == "已忽略"
    assert ("~$梅城镇党委.xlsx", "file.lock") in codes


def test_not_a_spreadsheet_is_ignored(bad_inbox, tmp_path):
    (bad_inbox / "通知.docx").write_bytes(b"PK\x03\x04 not really")
    (bad_inbox / "照片.jpg").write_bytes(b"\xff\xd8\xff")
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert res.exit_code == 0 and accepted == 4
    assert status["通知.docx"] == ("已忽略", "不是表格文件(.docx),已忽略。如是报表,请对方用下发的 Excel 模板填写后重新发送。")
    assert status["照片.jpg"][1].endswith("如是报表,请对方发送 Excel 表格文件,照片或 PDF 不能汇总。")
    assert ("照片.jpg", "file.not-spreadsheet") in codes


def test_truncated_file_is_rejected(bad_inbox, tmp_path):
    data = (bad_inbox / "梅城镇党委.xlsx").read_bytes()
    (bad_inbox / "乐安镇党委.xlsx").write_bytes(data[: len(data) // 2])
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert res.exit_code == 1 and accepted == 4
    assert status["乐安镇党委.xlsx"][0] == "退回"
    assert ("乐安镇党委.xlsx", "file.corrupt") in codes


def test_corrupt_file_is_rejected(bad_inbox, tmp_path):
    (bad_inbox / "乱码.xlsx").write_bytes(bytes(range(256)) * 8)
    src = bad_inbox / "梅城镇党委.xlsx"
    broken = bad_inbox / "坏表.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/workbook.xml":
                data = data[:100]
            zout.writestr(item, data)
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert res.exit_code == 1 and accepted == 4
    assert ("乱码.xlsx", "file.corrupt") in codes
    assert ("坏表.xlsx", "file.corrupt") in codes


def test_empty_file_is_rejected(bad_inbox, tmp_path):
    (bad_inbox / "空文件.xlsx").write_bytes(b"")
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert ("空文件.xlsx", "file.empty") in codes and accepted == 4


def test_encrypted_file_is_rejected(bad_inbox, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(bad_inbox / "梅城镇党委.xlsx", "rb") as plain, open(bad_inbox / "加密.xlsx", "wb") as enc:
        OOXMLFile(plain).encrypt("123456", enc)
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert res.exit_code == 1
    assert status["加密.xlsx"][0] == "退回"
    assert "请去掉密码后重新发送" in status["加密.xlsx"][1]
    assert ("加密.xlsx", "file.encrypted") in codes


def test_wps_native_file_is_rejected_with_advice(bad_inbox, tmp_path):
    (bad_inbox / "统计.et").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert ("统计.et", "file.unsupported") in codes
    assert "另存为" in status["统计.et"][1]


def test_workbook_without_tables_is_rejected(bad_inbox, tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "2011年上半年工作总结"
    wb.save(bad_inbox / "工作总结.xlsx")
    res, status, codes, accepted = merge_status(bad_inbox, tmp_path)
    assert ("工作总结.xlsx", "file.no-tables") in codes
    assert status["工作总结.xlsx"][0] == "退回" and accepted == 4


def test_help_is_light():
    """`dianping --help` imports neither pandas nor the readers and writers."""
    import subprocess
    import sys

    code = ("import sys; from dianping_xlsx.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'python_calamine', 'numpy') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_a_bug_of_ours_is_not_the_units_file(inbox, tmp_path, monkeypatch):
    """An exception raised by our own code in a worker is a bug: exit 4 with the traceback on
    stderr, never `file.crashed` (which would ask the unit to resend a good file)."""
    import dianping_xlsx.check.workbook as workbook

    folder, _ = inbox

    def broken(*args, **kwargs):
        return {}["no such key"]  # a typo'd lookup, as a bug would be

    monkeypatch.setattr(workbook, "check_workbook", broken)  # inherited by the forked workers
    res = CliRunner().invoke(main, ["merge", str(folder), "-o", str(tmp_path / "out"), *ARGS, "--jobs", "1"])
    assert res.exit_code == 4, res.output
    assert "程序内部出错" in res.stderr and "KeyError" in res.stderr and "no such key" in res.stderr
    assert "没有改动" not in res.stderr and "重新运行" in res.stderr  # what was written is not known
    assert "file.crashed" not in res.output and "损坏" not in res.output
    assert not (tmp_path / "out" / "汇总表_2011-H1.xlsx").exists()


def test_an_output_folder_one_cannot_write_is_exit_3(tmp_path):
    """A folder the user may not write into: exit 3 and a Chinese message, never a traceback.
    Run as an ordinary user (root writes anywhere): as nobody through setpriv when the tests run
    as root, as the user itself otherwise."""
    import shutil as sh
    import subprocess
    import sys
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="dianping-perm-"))  # pytest's folders are closed to other users
    try:
        inbox, out = work / "收件箱", work / "只读"
        sh.copytree(ROOT / "examples" / "2011-H1", inbox)
        out.mkdir()
        for path in [work, *work.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        out.chmod(0o555)
        command = [sys.executable, "-m", "dianping_xlsx", "merge", str(inbox), "-o", str(out), *ARGS]
        if os.geteuid() == 0:
            if sh.which("setpriv") is None:
                pytest.skip("running as root without setpriv: no ordinary user to try it as")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        res = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=work)
        if "No module named" in res.stderr or "Permission denied: '/" in res.stderr:
            pytest.skip(f"the ordinary user cannot run this Python: {res.stderr.strip()[-200:]}")
        assert res.returncode == 3, (res.returncode, res.stdout, res.stderr)
        assert "权限" in res.stdout + res.stderr and "Traceback" not in res.stderr
        assert not list(out.iterdir())
    finally:
        sh.rmtree(work, ignore_errors=True)


def test_a_bad_roster_is_the_same_error_in_every_command(inbox, tmp_path):
    """One error, one exit code and words (not a raw problem code) in merge and in mail send."""
    folder, _ = inbox
    roster = tmp_path / "名册.xlsx"
    roster.write_text("<html><table><tr><td>单位名称</td></tr></table></html>", encoding="utf-8")  # saved as a web page
    merged = CliRunner().invoke(main, ["merge", str(folder), "-o", str(tmp_path / "out"), *ARGS, "--roster", str(roster)])
    assert merged.exit_code == 2 and "网页或文本" in merged.output and "file.disguised" not in merged.output
    good = CliRunner().invoke(main, ["merge", str(folder), "-o", str(tmp_path / "out"), *ARGS])
    assert good.exit_code in (0, 1)
    sent = CliRunner().invoke(main, ["mail", "send", str(tmp_path / "out"), "--from", "a@b.cn", "--roster", str(roster)])
    assert sent.exit_code == 2 and "网页或文本" in sent.output and "file.disguised" not in sent.output
    assert "Traceback" not in merged.output + sent.output
    assert "再发送" not in merged.output  # the office's own file: saved again, not sent


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_a_roster_saved_as_csv_is_asked_for_as_a_workbook(inbox, tmp_path, encoding):
    """Excel's "CSV" (GBK) or "CSV UTF-8" roster: said plainly that a roster is an .xlsx (or .xls)
    workbook and how to make one, not the words sent to units (网页或文本 … 再发送)."""
    folder, _ = inbox
    roster = tmp_path / "名册.csv"
    rows = ["单位名称,别名,类型,上级,邮箱", "东坪镇党委,,乡镇,,", "梅城镇党委,,乡镇,,"]
    roster.write_bytes("\r\n".join(rows).encode(encoding))
    res = CliRunner().invoke(main, ["merge", str(folder), "-o", str(tmp_path / "out"), *ARGS, "--roster", str(roster)])
    assert res.exit_code == 2, res.output
    assert f"名册“{roster}”不是 Excel 工作簿(它是 CSV 文本文件)" in res.output
    assert ".xlsx(或 .xls)工作簿" in res.output and "“另存为”“Excel 工作簿(*.xlsx)”" in res.output
    assert "再发送" not in res.output and "网页" not in res.output and not (tmp_path / "out").exists()


def test_a_damaged_file_is_explained_in_chinese_words(tmp_path):
    """The reader's English ("File is not a zip file") never reaches the clerk."""
    cut = tmp_path / "乐安镇党委.xlsx"
    cut.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a zip's first bytes, then nothing
    res = CliRunner().invoke(main, ["check", str(cut), "--period", "2011-H1"])
    assert res.exit_code == 1 and "损坏" in res.output
    assert "zip file" not in res.output.lower() and "error" not in res.output.lower(), res.output
