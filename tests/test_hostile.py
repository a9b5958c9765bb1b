"""Hostile and broken files: each gives its problem, none takes the batch down, outputs stay inert."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.check.checking import Checking
from dianping_xlsx.check.pool import check_in_workers
from dianping_xlsx.read.prescan import Limits
from dianping_xlsx.model import Period

from dianping_xlsx.model import SELF_CHECK_HELPER, SELF_CHECK_SHEET

from .conftest import sheet_rows, soffice, status_of, tree_fingerprint
from .hostile_corpus import SECRET, build

ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, ts, blank):
    from dianping_xlsx.testing import fill_template, h1_only, random_values

    root = tmp_path_factory.mktemp("hostile")

    def good_for(unit: str) -> Path:
        values = h1_only(ts, random_values(ts, len(unit)))
        return fill_template(ts, root / "base" / f"{unit}.xlsx", unit, "2011-06-25", values, blank)

    good_for("good")
    good_xls = None
    if soffice():
        subprocess.run([soffice(), f"-env:UserInstallation=file://{root}/profile", "--headless",
                        "--convert-to", "xls", "--outdir", str(root / "base"), str(good_for("xls_named_xlsx"))],
                       check=True, capture_output=True, timeout=240)
        good_xls = root / "base" / "xls_named_xlsx.xls"
    inbox = root / "inbox"
    cases = build(inbox, good_for, blank, good_xls)
    before = tree_fingerprint(inbox)
    out = root / "out"
    started = time.monotonic()
    res = run("merge", inbox, "-o", out, *ARGS)
    elapsed = time.monotonic() - started
    return {"cases": cases, "inbox": inbox, "out": out, "res": res, "before": before,
            "elapsed": elapsed, "root": root}


def codes_by_file(out: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", first="单位"):
        found.setdefault(r["文件"], set()).add(r["代码"])
    return found


def test_every_case_gives_its_code(corpus):
    assert corpus["res"].exit_code == 1
    status = status_of(corpus["out"] / "汇总表_2011-H1.xlsx")
    codes = codes_by_file(corpus["out"])
    for case in corpus["cases"]:
        unit, state, reason = status[case.name]
        if case.code:
            assert case.code in codes.get(case.name, set()), (case, codes.get(case.name), reason)
            assert state == "退回", case
        else:
            assert state == "已采用", (case, reason, codes.get(case.name))
            assert not codes.get(case.name), (case, codes.get(case.name))
    assert not any("file.timeout" in c or "file.crashed" in c for c in codes.values())


def test_the_corpus_runs_quickly_and_leaves_inputs_alone(corpus):
    assert corpus["elapsed"] < 60
    assert tree_fingerprint(corpus["inbox"]) == corpus["before"]


def test_planted_secret_never_reaches_an_output(corpus):
    for path in corpus["out"].rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            assert SECRET.encode() not in data, path
    assert SECRET not in corpus["res"].output


def test_outputs_are_inert(corpus):
    """No text of an input becomes a formula or a link: the only formulas are the return files'
    自查 sheets, generated from the table set, and no input text is in them."""
    out = corpus["out"]
    for path in out.rglob("*.xlsx"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<hyperlink" not in z.read(name), (path, name)
        book = openpyxl.load_workbook(path)
        for ws in book.worksheets:
            formulas = [c.value for row in ws.iter_rows() for c in row if c.data_type == "f"]
            if ws.title in (SELF_CHECK_SHEET, SELF_CHECK_HELPER):
                assert path.parent.name == "退回" and formulas
                assert not any("HYPERLINK" in f or "evil" in f for f in formulas), path
            else:
                assert formulas == [], (path, ws.title)
    status = status_of(out / "汇总表_2011-H1.xlsx")
    unit = status["control_chars.xlsx"][0]
    assert unit.startswith('=HYPERLINK("http://evil.example","点我") 单位')  # kept as text, no tab or controls
    assert len(status["long_text.xlsx"][0]) <= 60
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    units = {r[0] for r in rows[1:]}
    assert any(u.startswith("'=HYPERLINK") for u in units)
    assert not any(u.startswith(("=", "+", "-", "@", "\t", "\r")) for u in units)


def test_native_reader_abort_is_isolated(corpus, ts, tmp_path):
    """Past the pre-scan (limits raised), a far cell aborts python-calamine: one file lost, not the batch."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(corpus["inbox"] / "far_cell.xlsx", inbox / "far_cell.xlsx")
    shutil.copy(corpus["root"] / "base" / "good.xlsx", inbox / "good.xlsx")
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *ARGS, "--limit", "max_rows=2000000", "--limit", "max_cols=20000")
    assert res.exit_code == 1
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status["good.xlsx"][1] == "已采用"
    assert status["far_cell.xlsx"][1] == "退回"
    assert codes_by_file(out)["far_cell.xlsx"] == {"file.crashed"}


def test_a_hanging_file_is_stopped(corpus, ts, tmp_path, monkeypatch):
    import dianping_xlsx.check.workbook as validate

    real = validate.load_grids

    def slow(path, limits):
        if "slow" in path.name:
            time.sleep(30)
        return real(path, limits)

    monkeypatch.setattr(validate, "load_grids", slow)  # inherited by forked workers
    good = corpus["root"] / "base" / "good.xlsx"
    slow_copy = shutil.copy(good, tmp_path / "slow.xlsx")
    files = [(good, "good.xlsx"), (slow_copy, "slow.xlsx")]
    started = time.monotonic()
    results = dict(check_in_workers(files, Checking(ts, Period.parse("2011-H1"), Limits(timeout=1.5)), jobs=2))
    assert time.monotonic() - started < 15
    assert results[0].ok
    assert [p.code for p in results[1].problems] == ["file.timeout"]
    assert "1.5 秒" in results[1].problems[0].message


def test_parallel_equals_serial(corpus, tmp_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        run("merge", corpus["inbox"], "-o", out, *ARGS, "--jobs", jobs)
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outs[0] == outs[1]


def test_limits_option_is_checked(corpus, tmp_path):
    res = run("merge", corpus["inbox"], "-o", tmp_path / "o", *ARGS, "--limit", "max_nothing=3")
    assert res.exit_code == 2 and "max_rows" in res.output
    res = run("merge", corpus["inbox"], "-o", tmp_path / "o", *ARGS, "--limit", "max_rows=lots")
    assert res.exit_code == 2


def test_summary_open_in_excel_leaves_nothing_half_written(corpus, tmp_path):
    out = tmp_path / "out"
    (out / "汇总表_2011-H1.xlsx").mkdir(parents=True)  # something is in the way of the final name
    res = run("merge", corpus["inbox"], "-o", out, *ARGS)
    assert res.exit_code == 3 and "无法写入" in res.output  # a write failure: exit 3 (issue 15)
    assert [p.name for p in out.iterdir()] == ["汇总表_2011-H1.xlsx"]  # no temp file left behind
