"""Hostile files, second round (issue 15): names, links, FIFOs, a unit called 合计, write failures."""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest
from click.testing import CliRunner

from dianping_xlsx import check_files
from dianping_xlsx.cli import main
from dianping_xlsx.report.csv import csv_safe

from .conftest import status_of, tree_fingerprint

H1 = ("--period", "2011-H1", "--date", "2011-06-30")
GBK_NAME = os.fsdecode(b"\xc3\xb7\xb3\xc7.xlsx")  # 梅城.xlsx in GBK, as an unzipped attachment has it


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_file_name_that_is_not_utf8_is_shown_not_fatal(make_unit, tmp_path):
    inbox = tmp_path / "in"
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=1)
    inbox.mkdir()
    shutil.copy(good, inbox / GBK_NAME)
    # no 填报单位: the unit is named after that file
    make_unit(tmp_path / "src2", "", seed=2)
    shutil.copy(next((tmp_path / "src2").iterdir()), inbox / os.fsdecode(b"\xc6\xbd\xbf\xda.xlsx"))
    before = tree_fingerprint(inbox)
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status["梅城.xlsx"][:2] == ("梅城镇党委", "已采用")
    assert status["平口.xlsx"][:2] == ("平口", "已采用")  # the GBK name, decoded, as the unit
    assert tree_fingerprint(inbox) == before
    reports = check_files([inbox / GBK_NAME], period="2011-H1")
    assert reports[0].ok and "梅城" in CliRunner().invoke(main, ["check", str(inbox / GBK_NAME), *H1[:2]]).output


def test_links_and_fifos_are_listed_never_opened(make_unit, tmp_path):
    inbox = tmp_path / "in"
    good, _ = make_unit(inbox, "梅城镇党委", seed=1)
    outside, _ = make_unit(tmp_path / "elsewhere", "平口镇党委", seed=2)
    os.symlink(good, inbox / "链接到梅城.xlsx")  # inside: read (the unit's newer copy is the same file)
    os.symlink(outside, inbox / "外部链接.xlsx")
    os.symlink(inbox / "没有这个文件.xlsx", inbox / "失效链接.xlsx")
    os.symlink(inbox / "环2.xlsx", inbox / "环1.xlsx")
    os.symlink(inbox / "环1.xlsx", inbox / "环2.xlsx")
    os.mkfifo(inbox / "管道.xlsx")
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1)
    assert "共读取 7 个文件" in res.output
    status = status_of(out / "汇总表_2011-H1.xlsx")
    for name in ("外部链接.xlsx", "失效链接.xlsx", "环1.xlsx", "环2.xlsx", "管道.xlsx"):
        assert status[name][1] == "已忽略", name
    assert "收件文件夹以外" in status["外部链接.xlsx"][2] and "管道" in status["管道.xlsx"][2]
    assert {status["梅城镇党委.xlsx"][1], status["链接到梅城.xlsx"][1]} == {"已采用", "被替代"}
    res = run("check", inbox / "管道.xlsx", *H1[:2])  # must not block on the FIFO
    assert "不是报表文件" in res.output


def test_unit_names_lose_bidi_controls_and_are_capped(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城\u202e镇党委\t" + "很长" * 40, seed=1, name="a.xlsx")
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1)
    (unit, state, _) = status_of(out / "汇总表_2011-H1.xlsx")["a.xlsx"]
    assert "\u202e" not in unit and "\t" not in unit
    assert unit.startswith("梅城 镇党委") and len(unit) <= 60 and unit.endswith("…")


def test_a_unit_named_total_cannot_spoof_the_totals(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "合计", seed=1, name="a.xlsx")
    make_unit(inbox, "梅城镇党委", seed=2)
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1)
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    units = {r["unit"] for r in rows}
    assert units == {"合计(单位)", "梅城镇党委", "合计"}
    n = len(rows) // 3
    assert [r["unit"] for r in rows[-n:]] == ["合计"] * n  # only the totals are called 合计
    assert status_of(out / "汇总表_2011-H1.xlsx")["a.xlsx"][0] == "合计(单位)"
    (report,) = check_files([inbox / "a.xlsx"], period="2011-H1")
    assert [(p.sheet, p.cell) for p in report.problems if p.code == "unit.reserved-name"] == [("附件1", "C3")]


def test_unreadable_file_is_reported_with_the_reason(make_unit, tmp_path, monkeypatch):
    """As root, no permission can be denied: the read itself is made to fail, as the OS would."""
    import os

    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(inbox, "平口镇党委", seed=2)
    real = os.open

    def denied(path, flags, *a, **k):
        if "平口" in str(path):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", denied)  # the pre-scan's read; inherited by the forked workers
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1)
    unit, state, why = status_of(out / "汇总表_2011-H1.xlsx")["平口镇党委.xlsx"]
    assert state == "无法读取" and "本机无法读取这个文件(没有权限)" in why and "损坏" not in why


def test_write_failure_exits_3(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    out = tmp_path / "out"
    (out / "汇总表_2011-H1.xlsx").mkdir(parents=True)  # a folder in the way
    res = run("merge", inbox, "-o", out, *H1)
    assert res.exit_code == 3 and "挡住" in res.output


@pytest.mark.parametrize("text, safe", [(" =1+1", "' =1+1"), ("  @SUM(A1)", "'  @SUM(A1)"), ("=1", "'=1"),
                                        ("梅城镇 =1", "梅城镇 =1"), ("-", "'-")])
def test_csv_quotes_formulas_after_leading_spaces(text, safe):
    assert csv_safe(text) == safe


def test_long_unit_names_make_return_files_that_fit_and_stay_apart(ts, tmp_path, make_unit):
    """Names over 255 bytes once stopped the return files mid-way; two that shorten alike must not overwrite."""
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster
    from dianping_xlsx.definitions import Key

    long = "中共安化县" + "特别长的名称" * 20  # 125 characters, 375 bytes: a roster's full name
    roster = write_blank_roster(ts, tmp_path / "r.xlsx", [RosterUnit(long + "甲", ("甲单位",)),
                                                          RosterUnit(long + "乙", ("乙单位",))])
    inbox = tmp_path / "in"
    bad = {Key("附件2", "农村", "党组织数", ""): -1}
    make_unit(inbox, "甲单位", seed=1, name="a.xlsx", values=bad)
    make_unit(inbox, "乙单位", seed=2, name="b.xlsx", values=bad)
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--roster", roster)
    assert res.exit_code == 1 and "(共 2 个)" in res.output
    names = sorted(p.name for p in (out / "退回").iterdir())
    assert len(names) == 2 and all(len(n.encode("utf-8")) <= 255 for n in names)
    # the level above is told what is missing even when the names are long (a value over 255
    # characters was once dropped without a word, and the city never heard the county was short)
    from dianping_xlsx.read.prescan import DEFAULT_LIMITS, prescan

    (upward,) = out.glob("上报_*.xlsx")
    said = prescan(upward, DEFAULT_LIMITS).properties["dianping_summary_incomplete"]
    assert len(said) == 255 and said.endswith("…") and "名册中 2 个单位未报或被退回" in said


def test_an_entry_that_lies_about_its_size_is_refused_in_bounded_memory(tmp_path, make_unit):
    """A sheet part declaring 1,000 bytes that inflates to 200 MB: refused without inflating it whole."""
    import resource
    import zipfile

    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=1)
    bomb = tmp_path / "in" / "bomb.xlsx"
    bomb.parent.mkdir()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * (200 << 20))
            dst.writestr(info, data)
    # make the central directory and the local header lie: 1,000 bytes
    raw = bytearray(bomb.read_bytes())
    with zipfile.ZipFile(bomb) as z:
        info = z.getinfo("xl/worksheets/sheet2.xml")
    import struct

    struct.pack_into("<I", raw, info.header_offset + 22, 1000)
    pos = 0
    while (pos := raw.find(b"PK\x01\x02", pos + 1)) != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46:pos + 46 + name_len] == b"xl/worksheets/sheet2.xml":
            struct.pack_into("<I", raw, pos + 24, 1000)
    bomb.write_bytes(bytes(raw))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    (report,) = check_files([bomb], period="2011-H1", jobs=1)
    assert not report.ok and {p.code for p in report.problems} & {"file.corrupt", "limit.unpacked"}
    grown_mb = (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss - before) / 1024
    assert grown_mb < 150, grown_mb  # never the 200 MB the entry inflates to


def test_shared_strings_are_counted_not_trusted(tmp_path):
    import zipfile

    good = tmp_path / "blank.xlsx"  # written by xlsxwriter: it has a shared-strings part
    from dianping_xlsx.template.blank import write_template
    from dianping_xlsx.definitions import load_table_set

    write_template(load_table_set(), good)
    target = tmp_path / "many.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"</sst>", b"<si><t>x</t></si>" * 300 + b"</sst>")
            dst.writestr(info, data)
    (report,) = check_files([target], period="2011-H1", jobs=1, limits=__import__(
        "dianping_xlsx").Limits(max_strings=200))
    assert "limit.strings" in {p.code for p in report.problems}


def test_leftovers_of_killed_runs_are_cleaned_and_returns_match_the_summary(make_unit, tmp_path):
    from dianping_xlsx.definitions import Key

    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1, values={Key("附件2", "农村", "党组织数", ""): -1})
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1)
    # what a run killed mid-way leaves: temp files beside the summary and in 退回, a temp folder
    (out / ".tmp-abc.xlsx").write_bytes(b"half")
    (out / "退回" / ".tmp-def.xlsx").write_bytes(b"half")
    (out / ".tmp-ghi").mkdir()
    (out / "退回" / "旧单位_审核意见.xlsx").write_bytes(b"from another run")
    make_unit(inbox, "梅城镇党委", seed=1, day=__import__("datetime").date(2011, 6, 27), name="更正.xlsx")
    res = run("merge", inbox, "-o", out, *H1)
    assert res.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["summary.csv", "上报_2011-H1.xlsx", "情况通报_2011-H1.docx",
                                                     "汇总表_2011-H1.xlsx", "退回"]
    assert list((out / "退回").iterdir()) == []  # this run sent nothing back: nothing of others left


def test_a_second_merge_into_the_same_folder_waits_then_refuses(make_unit, tmp_path, monkeypatch):
    import fcntl
    import hashlib
    import tempfile
    from pathlib import Path

    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    out = tmp_path / "out"
    out.mkdir()
    key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"dianping-output.lock-{key}", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another merge is writing
        monkeypatch.setenv("DIANPING_LOCK_WAIT", "0.5")
        res = run("merge", inbox, "-o", out, *H1)
    assert res.exit_code == 3 and "另一个汇总正在" in res.output
    assert list(out.iterdir()) == []
    assert run("merge", inbox, "-o", out, *H1).exit_code == 0  # once released
    assert not (Path(tempfile.gettempdir()) / f"dianping-output.lock-{key}").exists()  # nothing left behind


def test_the_lock_stays_exclusive_while_its_file_comes_and_goes(tmp_path, monkeypatch):
    """A run that ends removes its lock file; one that was waiting on the old file must notice and
    take the new one, so that two runs never hold the lock at once."""
    import threading
    import time

    import pytest

    from dianping_xlsx.files import OutputError, output_lock

    out = tmp_path / "out"
    holding, inside, done = threading.Event(), [], threading.Event()

    def second():
        with output_lock(out):
            inside.append(time.monotonic())
            holding.set()
            done.wait(5)

    with output_lock(out):
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.5)  # the second run is waiting on this run's lock file
        assert not holding.is_set()
        released = time.monotonic()
    assert holding.wait(5) and inside[0] >= released
    monkeypatch.setenv("DIANPING_LOCK_WAIT", "0.3")
    with pytest.raises(OutputError, match="另一个汇总正在"):  # a third run: the second one holds it
        with output_lock(out):
            pass
    done.set()
    waiter.join(5)

    # the narrow case: a run opened the lock file just before the holder removed it and locks it
    # just after: it holds a file nobody else will ever open, and must not count that as the lock
    import hashlib
    import tempfile
    from pathlib import Path

    from dianping_xlsx.files import _still_there, _try_lock

    path = Path(tempfile.gettempdir()) / f"dianping-output.lock-{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}"
    with output_lock(out):
        late = open(path, "a+b")
    try:
        assert _try_lock(late) and not _still_there(late, path)
    finally:
        late.close()
    with output_lock(out):  # free again
        pass


def test_tables_on_a_very_hidden_sheet_are_read_with_a_warning(make_unit, tmp_path):
    import openpyxl

    path, values = make_unit(tmp_path, "梅城镇党委", seed=1)
    wb = openpyxl.load_workbook(path)
    wb["附件2"].sheet_state = "veryHidden"
    wb.save(path)
    (report,) = check_files([path], period="2011-H1")
    hidden = [p for p in report.problems if p.code == "table.very-hidden"]
    assert [(p.sheet, p.severity) for p in hidden] == [("附件2", "warning")]
    assert report.ok and dict(report.submission.values) == {k: v for k, v in values.items()}


ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>')
ODS_TAIL = b"</office:spreadsheet></office:body></office:document-content>"


def test_ods_repeats_count_toward_the_far_cell_limit():
    from dianping_xlsx.read.prescan import Limits, Refused, scan_ods

    # a value repeated over 40,000 rows and 1,000 columns: what a hand-made .ods can declare in 300 bytes
    body = (b'<table:table table:name="S"><table:table-row table:number-rows-repeated="40000">'
            b'<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/>'
            b"</table:table-row></table:table>")
    with pytest.raises(Refused) as refused:
        scan_ods(ODS_HEAD + body + ODS_TAIL, Limits())
    assert refused.value.code == "limit.far-cell"
    # empty repeats, as LibreOffice writes after the last row, are no reason to refuse
    empty = (b'<table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" '
             b'office:value="3"/><table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
             b'<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
             b'table:number-columns-repeated="16384"/></table:table-row></table:table>')
    assert scan_ods(ODS_HEAD + empty + ODS_TAIL, Limits()) == {}
    # a hand-made .ods: a formula whose text is an error value (flagged as written), one with no value at all
    errors = (b'<table:table table:name="S"><table:table-row><table:table-cell table:formula="of:=1/0" '
              b'office:value-type="string"><text:p>#DIV/0!</text:p></table:table-cell>'
              b'<table:table-cell table:formula="of:=A1"/></table:table-row></table:table>')
    assert scan_ods(ODS_HEAD + errors + ODS_TAIL, Limits()) == {"S": {"A1": "#DIV/0!", "B1": "formula"}}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice) to save a real .ods")
def test_an_error_in_an_ods_saved_by_libreoffice_is_never_zero(ts, make_unit, tmp_path):
    import subprocess

    from dianping_xlsx.definitions import Key

    key = Key("附件2", "农村", "党组织数", "")
    path, _ = make_unit(tmp_path, "梅城镇党委", seed=1, values={key: "=1/0"})
    subprocess.run(["soffice", "--headless", "--convert-to", "ods", "--outdir", str(tmp_path / "ods"), str(path)],
                   capture_output=True, timeout=180, check=True)
    (report,) = check_files([tmp_path / "ods" / "梅城镇党委.ods"], period="2011-H1")
    assert [(p.code, p.sheet, p.cell) for p in report.problems if p.severity == "error"] == [
        ("value.error-cell", "附件2", "C5")]
    assert not report.ok and key not in report.submission.values


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="the memory ceiling is set where Linux allows it")
def test_a_worker_that_needs_too_much_memory_costs_one_file(make_unit, tmp_path, monkeypatch):
    from dianping_xlsx import Limits

    # a fresh worker (spawn): a forked one inherits the parent's free heap, in which one small
    # file may fit even under a 1 MB ceiling when earlier tests made the parent large
    monkeypatch.setenv("DIANPING_START_METHOD", "spawn")

    good, _ = make_unit(tmp_path, "梅城镇党委", seed=1)
    other, _ = make_unit(tmp_path, "平口镇党委", seed=2)
    tight = check_files([good, other], period="2011-H1", jobs=1, limits=Limits(max_memory_mb=1))
    assert [{p.code for p in r.problems} & {"limit.memory", "file.crashed"} for r in tight] != [set(), set()]
    assert all(not r.ok for r in tight)  # each file failed on its own; the run went on
    normal = check_files([good, other], period="2011-H1", jobs=1)
    assert all(r.ok for r in normal)


def _rewrite(src, dst, change):
    import zipfile

    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            name, data = change(info.filename, a.read(info))
            b.writestr(name, data)
    return dst


def test_a_sheet_part_at_an_odd_path_is_still_checked(make_unit, tmp_path):
    """The workbook's relationships, not the folder name, say which parts are sheets."""
    from dianping_xlsx.definitions import Key

    key = Key("附件2", "农村", "党组织数", "")
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=1, values={key: "=1/0"})

    def move(name, data):
        if name == "xl/worksheets/sheet3.xml":  # 附件2 (after 填表说明 and 附件1)
            return "xl/odd/place.xml", data.replace(b"</sheetData>", b'<row r="90000"><c r="A90000"><v>1</v></c></row></sheetData>')
        if name == "xl/_rels/workbook.xml.rels":
            return name, data.replace(b"worksheets/sheet3.xml", b"odd/place.xml")
        if name == "[Content_Types].xml":
            return name, data.replace(b"/xl/worksheets/sheet3.xml", b"/xl/odd/place.xml")
        return name, data

    odd = _rewrite(good, tmp_path / "odd.xlsx", move)
    (report,) = check_files([odd], period="2011-H1", jobs=1)
    assert [p.code for p in report.problems] == ["limit.far-cell"]
    (report,) = check_files([odd], period="2011-H1", jobs=1,
                            limits=__import__("dianping_xlsx").Limits(max_rows=100000))
    # the formula openpyxl saved without a result (<v />): never read as 0
    assert ("value.formula-no-value", "附件2", "C5") in {(p.code, p.sheet, p.cell) for p in report.problems}


def test_cells_without_a_reference_are_counted(make_unit, tmp_path):
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=1)

    def wide(name, data):
        if name == "xl/worksheets/sheet2.xml":
            row = b"<row>" + b"<c><v>1</v></c>" * 400 + b"</row>"  # 400 cells, none with r=
            return name, data.replace(b"</sheetData>", row + b"</sheetData>")
        return name, data

    target = _rewrite(good, tmp_path / "wide.xlsx", wide)
    (report,) = check_files([target], period="2011-H1", jobs=1)
    assert [p.code for p in report.problems] == ["limit.far-cell"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice) to save a real .xls")
def test_xls_errors_and_far_cells_are_caught(ts, make_unit, tmp_path):
    import subprocess

    import openpyxl

    from dianping_xlsx.definitions import Key

    key = Key("附件2", "农村", "党组织数", "")
    bad, _ = make_unit(tmp_path / "a", "梅城镇党委", seed=1, values={key: "=1/0"})
    far, _ = make_unit(tmp_path / "b", "平口镇党委", seed=2)
    wb = openpyxl.load_workbook(far)
    wb["附件1"]["A6000"] = "备注"
    wb.save(far)
    for path in (bad, far):
        subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path / "xls"), str(path)],
                       capture_output=True, timeout=180, check=True)
    error, distant = check_files([tmp_path / "xls" / "梅城镇党委.xls", tmp_path / "xls" / "平口镇党委.xls"],
                                 period="2011-H1")
    assert ("value.error-cell", "附件2", "C5") in {(p.code, p.sheet, p.cell) for p in error.problems}
    assert not error.ok and key not in error.submission.values
    assert [p.code for p in distant.problems] == ["limit.far-cell"] and "6000" in distant.problems[0].message


def test_a_link_to_a_folder_outside_the_inbox_is_listed_not_walked(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(tmp_path / "elsewhere", "平口镇党委", seed=2)
    os.symlink(tmp_path / "elsewhere", inbox / "别处的文件夹")
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1)
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert set(status) == {"梅城镇党委.xlsx", "别处的文件夹"}
    assert status["别处的文件夹"][1] == "已忽略" and "采用 1 个单位" in res.output
