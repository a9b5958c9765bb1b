"""The library's public face: merge and check from Python, records and data frames, specs as objects."""

from __future__ import annotations

import csv
import datetime as dt
import io
import pickle
import re
from collections import Counter

import pytest
from click.testing import CliRunner

import dianping_xlsx
from dianping_xlsx import (FileReport, MergeResult, Period, Problem, SpecError, check_files, load_item_set,
                           load_table_set, merge_inbox, write_summary)
from dianping_xlsx.cli import main
from dianping_xlsx.merge.result import PROBLEM_COLUMNS, RECORD_COLUMNS
from dianping_xlsx.definitions import Key
from dianping_xlsx.definitions.tables import table_set_from_text
from dianping_xlsx.testing import Handmade, h1_only, random_values, write_handmade

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "2011-H1"
ROSTER = ROOT / "examples" / "单位名册.xlsx"


@pytest.fixture(scope="module")
def example_result() -> MergeResult:
    return merge_inbox(EXAMPLES, period="2011-H1", roster=ROSTER)


def test_the_package_exports_its_public_face():
    for name in ("load_table_set", "load_item_set", "Period", "Problem", "check_files", "merge_inbox",
                 "write_summary", "MergeResult", "FileReport"):
        assert hasattr(dianping_xlsx, name), name


def test_records_are_one_row_per_accepted_unit_and_value(example_result, ts):
    records = list(example_result.records())
    units = {r["unit"] for r in records}
    assert units == {s.display_unit for s in example_result.accepted}
    assert len(records) == len(units) * len(ts.keys)
    assert all(tuple(r) == RECORD_COLUMNS for r in records)
    assert "合计" not in units  # the totals are separate, never mixed in
    sub = example_result.accepted[0]
    mine = {Key(r["table"], r["category"], r["metric"], r["round"]): r["value"]
            for r in records if r["unit"] == sub.display_unit}
    assert mine == {k: sub.values.get(k, 0) for k in ts.keys}
    assert {r["kind"] for r in records if r["unit"] == "梅城镇党委"} == {"乡镇"}


def test_totals_are_the_exact_sum_of_the_records(example_result):
    sums = Counter()
    for r in example_result.records():
        sums[(r["table"], r["category"], r["metric"], r["round"])] += r["value"]
    totals = {(r["table"], r["category"], r["metric"], r["round"]): r["value"]
              for r in example_result.total_records()}
    assert totals == {k: sums[k] for k in totals}
    assert sum(totals.values()) > 0


def test_problem_records_carry_every_field(example_result):
    records = list(example_result.problem_records())
    assert records and all(tuple(r) == PROBLEM_COLUMNS for r in records)
    bad = [r for r in records if r["code"] == "value.not-number"]
    assert bad, "the example inbox has a file with unreadable numbers"
    r = bad[0]
    assert r["severity"] == "error" and r["sheet"] and re.fullmatch(r"[A-Z]+\d+", r["cell"])
    assert set(r["target"]) == {"table", "category", "metric", "round"}
    assert r["params"]["text"] and r["params"]["text"] in r["message"]


def test_to_frame_gives_the_totals_of_summary_csv(example_result, tmp_path):
    pd = pytest.importorskip("pandas", reason='pandas is an optional extra: pip install "dianping-xlsx[pandas]"')
    written = write_summary(example_result, tmp_path, unit_name="安化县委创先办")
    rows = list(csv.DictReader(io.StringIO(written.csv.read_text(encoding="utf-8-sig"))))
    csv_totals = {(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
                  for r in rows if r["unit"] == "合计"}
    df = example_result.to_frame()
    assert isinstance(df, pd.DataFrame) and list(df.columns) == list(RECORD_COLUMNS)
    frame_totals = df.groupby(["table", "category", "metric", "round"])["value"].sum().to_dict()
    assert frame_totals == csv_totals
    units = [(r["unit"], r["table"], r["category"], r["metric"], r["round"], int(r["value"]))
             for r in rows if r["unit"] != "合计"]  # the CSV's records are the library's, one for one
    assert units == [(r["unit"], r["table"], r["category"], r["metric"], r["round"], r["value"])
                     for r in example_result.records()] and len(units) > 100
    by_kind = df[df.metric == "党组织数"].groupby(["kind", "category"])["value"].sum()
    assert by_kind.sum() == sum(v for k, v in csv_totals.items() if k[2] == "党组织数")
    problems = example_result.problems_frame()
    assert list(problems.columns) == list(PROBLEM_COLUMNS)
    assert len(problems) == len(example_result.problems)


def test_readme_example_runs(monkeypatch):
    """The analyst's lines in docs/python库.md run as written, from the project's root."""
    pytest.importorskip("pandas", reason="the library example uses pandas (the [pandas] extra)")
    text = (ROOT / "docs" / "python库.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- library-example -->\s*```python\n(.*?)```", text, re.S)
    assert block, "docs/python库.md has the library example"
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(block[1], "python库.md", "exec"), scope)  # noqa: S102 - our own docs
    assert scope["result"].summary.units == 19
    assert scope["by_kind"].sum() > 0


def test_check_files_from_python(make_unit, tmp_path):
    good, _ = make_unit(tmp_path, "梅城镇党委", seed=3)
    (tmp_path / "说明.docx").write_bytes(b"PK\x03\x04 a document")  # no workbook: ignored (one not there: refused)
    reports = check_files([good, tmp_path / "说明.docx"], period="2011-H1")
    assert [type(r) for r in reports] == [FileReport, FileReport]
    assert reports[0].ok and reports[0].submission.unit == "梅城镇党委"
    assert reports[1].ignored


def test_check_with_an_unknown_item_set_is_a_usage_error(make_unit, tmp_path):
    good, _ = make_unit(tmp_path, "梅城镇党委", seed=3)
    res = CliRunner().invoke(main, ["check", str(good), "--period", "2011-H1", "--items", "nosuch"])
    assert res.exit_code == 2
    assert "找不到评议表定义“nosuch”" in res.output and "hunan-2011" in res.output
    assert "file.crashed" not in res.output and "异常退出" not in res.output
    res = CliRunner().invoke(main, ["check", str(good), "--period", "2011-H1", "--table-set", "nosuch"])
    assert res.exit_code == 2 and "找不到表格定义“nosuch”" in res.output
    with pytest.raises(SpecError):
        check_files([good], period="2011-H1", items="nosuch")


def test_specs_pickle_to_the_same_object():
    ts, es = load_table_set(), load_item_set("justice-2012")
    assert pickle.loads(pickle.dumps(ts)) is ts  # rebuilt from its text: the one loaded
    again = pickle.loads(pickle.dumps(es))
    assert again.org.items == es.org.items and again.ticks == es.ticks


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_table_set_built_in_memory_reaches_the_workers(start, tmp_path, monkeypatch):
    """A table set that exists only in memory (renamed category, other rule) is what the
    workers use, under fork and under spawn (Windows, macOS)."""
    text = load_table_set().text.replace("非公有制经济组织", "非公企业").replace('id = "hunan-2011"', 'id = "mem"')
    mine = table_set_from_text(text)
    assert "非公企业" in mine.table("附件2").categories
    values = h1_only(mine, random_values(mine, 5))
    path = write_handmade(mine, tmp_path / "unit.xlsx", "平口镇党委", "2011-06-20", values, Handmade())
    monkeypatch.setenv("DIANPING_START_METHOD", start)
    (report,) = check_files([path], period="2011-H1", table_set=mine, jobs=1)
    assert [p.code for p in report.problems if p.severity == "error"] == []
    assert dict(report.submission.values) == {k: v for k, v in values.items()}
    (default,) = check_files([path], period="2011-H1", jobs=1)  # the shipped set lacks the category
    assert "category.missing" in {p.code for p in default.problems}


def test_merge_inbox_takes_loaded_objects(make_unit, tmp_path):
    inbox = tmp_path / "inbox"
    _, values = make_unit(inbox, "梅城镇党委", seed=8)
    result = merge_inbox(inbox, period=Period.parse("2011-H1"), table_set=load_table_set(),
                         items=load_item_set())
    assert result.totals == {k: values.get(k, 0) for k in result.ts.keys}
    assert result.summary.units == 1 and result.summary.counts["accepted"] == 1


def test_problems_are_typed_with_a_stable_code():
    p = Problem("value.negative", file="a.xlsx", sheet="附件1", cell="C5", params={"text": "-3", "label": "x"})
    assert p.to_dict()["message"] == p.message and "负数" in p.message
    with pytest.raises(ValueError):
        Problem("no.such-code")


def test_writing_the_same_result_twice_gives_the_same_bytes(example_result, tmp_path):
    a = write_summary(example_result, tmp_path / "a", unit_name="x")
    b = write_summary(example_result, tmp_path / "b", unit_name="x")
    assert a.csv.read_bytes() == b.csv.read_bytes()
    assert a.workbook.read_bytes() == b.workbook.read_bytes()


def test_a_replaced_files_problems_are_told_apart_by_their_status(tmp_path, make_unit):
    """A unit sends a file with an error, then its correction: the first file's problems stay in
    problem_records() (问题明细 lists them, 被替代), with its status, so that an analyst counts only
    the current ones, as 审核问题 does (current_problems)."""
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "东坪镇党委", seed=1)
    make_unit(inbox, "梅城镇党委", seed=2, values={Key("附件2", "农村", "党组织数", ""): "见附件"})
    make_unit(inbox, "梅城镇党委", seed=3, day=dt.date(2011, 6, 27), name="梅城镇(更正).xlsx")
    result = dianping_xlsx.merge_inbox(inbox, period="2011-H1", jobs=1)
    records = list(result.problem_records())
    assert all(tuple(r) == PROBLEM_COLUMNS for r in records)
    wrong = [r for r in records if r["code"] == "value.not-number"]
    assert wrong and {r["file"] for r in wrong} == {"梅城镇党委.xlsx"} and {r["status"] for r in wrong} == {"superseded"}
    current = [r for r in records if r["status"] != "superseded"]
    assert [r["message"] for r in current] == [p.message for p in result.current_problems]
    assert not [r for r in current if r["severity"] == "error"]
    frame = pytest.importorskip("pandas") and result.problems_frame()
    assert list(frame.columns) == list(PROBLEM_COLUMNS) and set(frame.status) >= {"superseded"}
