"""The library asked wrongly says so in Chinese, as the command line does, before anything is read
or written: a mistyped inbox, a file for a folder, an empty inbox, a date written another way, a
missing period, a share or a number of processes out of range."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from click.testing import CliRunner

from dianping_xlsx.api import (BadValue, DianpingError, NoReports, PathProblem, Period, check_files, merge_inbox,
                               plan_mail, write_summary)
from dianping_xlsx.cli import main

from .conftest import ROOT

H1 = ("--period", "2011-H1")


def said(*args) -> str:
    """What the command line says (its last line)."""
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code != 0
    return res.output.strip().splitlines()[-1]


@pytest.fixture
def inbox(make_unit, tmp_path):
    folder = tmp_path / "收件箱"
    make_unit(folder, "梅城镇党委", seed=1)
    return folder


def test_a_mistyped_inbox_or_a_file_is_refused_in_the_words_of_the_command(inbox, tmp_path):
    typo = tmp_path / "收件萡"
    with pytest.raises(PathProblem) as caught:
        merge_inbox(typo, period="2011-H1")
    assert str(caught.value) == f"文件夹“{typo}”不存在,请检查路径是否写对。"
    assert str(caught.value) in said("merge", typo, "-o", tmp_path / "out", *H1)
    a_file = next(inbox.iterdir())
    with pytest.raises(PathProblem, match="是一个文件,这里要写文件夹") as caught:
        merge_inbox(a_file, period="2011-H1")
    assert str(caught.value) in said("merge", a_file, "-o", tmp_path / "out", *H1)
    assert isinstance(caught.value, DianpingError) and caught.value.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_an_inbox_without_reports_writes_no_all_zero_summary(tmp_path):
    empty = tmp_path / "收件箱"
    empty.mkdir()
    (empty / "说明.docx").write_bytes(b"not a workbook")
    result = merge_inbox(empty, period="2011-H1")
    with pytest.raises(NoReports, match="没有找到任何报表:收件文件夹中共 1 个文件") as caught:
        write_summary(result, tmp_path / "out", unit_name="安化县委创先办")
    assert caught.value.exit_code == 1
    assert not (tmp_path / "out").exists()
    cli = CliRunner().invoke(main, ["merge", str(empty), "-o", str(tmp_path / "out"), *H1])
    assert cli.exit_code == 1 and str(caught.value) in cli.output  # one text, said alike


def test_check_files_refuses_what_is_no_file_and_takes_one_path_as_one_file(inbox, tmp_path):
    with pytest.raises(PathProblem) as caught:
        check_files([tmp_path / "没有这个.xlsx"], period="2011-H1")
    assert str(caught.value) == f"文件“{tmp_path / '没有这个.xlsx'}”不存在,请检查路径是否写对。"
    assert str(caught.value) in said("check", tmp_path / "没有这个.xlsx", *H1)
    with pytest.raises(PathProblem, match="是一个文件夹,这里要写文件"):
        check_files([inbox], period="2011-H1")
    path = next(inbox.iterdir())
    for one in (str(path), path):
        reports = check_files(one, period="2011-H1")
        assert [r.path for r in reports] == [path] and reports[0].submission.unit == "梅城镇党委"


def test_dates_are_taken_as_dates_timestamps_or_the_commands_text(inbox):
    pd = pytest.importorskip("pandas")
    for due in (dt.date(2011, 6, 28), dt.datetime(2011, 6, 28), dt.datetime(2011, 6, 28, 17, 30),
                pd.Timestamp("2011-06-28"), "2011-06-28",
                # what a pandas column gives too: its .values (numpy datetime64) and a Period
                pd.Series(pd.to_datetime(["2011-06-28"])).values[0], pd.Period("2011-06-28", "D")):
        assert merge_inbox(inbox, period="2011-H1", due=due, jobs=1).options.due == dt.date(2011, 6, 28)


@pytest.mark.parametrize("due", ["2011/06/28", "2011年6月28日", "6-28", 20110628])
def test_a_date_written_otherwise_is_said_as_the_command_says_it(inbox, tmp_path, due):
    with pytest.raises(BadValue) as caught:
        merge_inbox(inbox, period="2011-H1", due=due)
    assert str(caught.value) == f"截止日期(due)“{due}”格式不对,应为 2011-06-30"
    if isinstance(due, str):  # the command line's words are all text: 20110628 typed there is a date
        assert f"日期“{due}”格式不对,应为 2011-06-30" in said("merge", inbox, "-o", tmp_path / "o", *H1, "--due", due)
    assert isinstance(caught.value, ValueError)  # as before, for those who caught that


def test_every_date_argument_is_read_alike(inbox, tmp_path):
    result = merge_inbox(inbox, period="2011-H1", jobs=1)
    with pytest.raises(BadValue, match="填报时间\\(day\\)“2011/06/30”格式不对"):
        write_summary(result, tmp_path / "out", day="2011/06/30")
    assert not (tmp_path / "out").exists()
    written = write_summary(result, tmp_path / "out", day=dt.datetime(2011, 6, 30, 9, 0))
    assert written is not None
    with pytest.raises(BadValue, match="截止日期\\(due\\)“7月5日”格式不对"):
        plan_mail(tmp_path / "out", sender="czb@example.com", due="7月5日")


@pytest.mark.parametrize("period", [None, "", "  "])
def test_a_merge_without_a_period_is_refused(inbox, period):
    with pytest.raises(BadValue, match="没有写报送期次\\(period\\),如 period=\"\\d{4}-H[12]\""):
        merge_inbox(inbox, period=period)


def test_one_code_written_alone_is_one_code(inbox):
    late = {"period": "2011-H1", "due": dt.date(2011, 6, 20), "jobs": 1}  # the unit's 填报时间 is 6月25日
    every = merge_inbox(inbox, **late)
    assert "date.late" in {p.code for p in every.problems}
    quiet = merge_inbox(inbox, ignore="date.late", **late)
    assert "date.late" not in {p.code for p in quiet.problems}
    raised = merge_inbox(inbox, error="date.late", **late)
    assert raised.summary.counts["rejected"] == 1
    with pytest.raises(BadValue, match="没有“date.lat”这种问题"):
        merge_inbox(inbox, period="2011-H1", ignore="date.lat")


@pytest.mark.parametrize("asked, words", [({"threshold": -1}, "超出范围,比例应在 0% 到 100% 之间"),
                                          ({"threshold": "很多"}, "不是比例"),
                                          ({"jobs": 0}, "进程数(jobs)应为 1 到 64 的整数"),
                                          ({"jobs": 2.5}, "进程数(jobs)应为 1 到 64 的整数")])
def test_a_share_or_a_number_of_processes_out_of_range_is_refused(inbox, asked, words):
    with pytest.raises(BadValue, match=words.replace("(", "\\(").replace(")", "\\)")):
        merge_inbox(inbox, period="2011-H1", **asked)
    if "jobs" in asked:
        with pytest.raises(BadValue):
            check_files(next(inbox.iterdir()), period="2011-H1", **asked)


def test_a_share_is_read_as_the_command_reads_it(inbox):
    assert merge_inbox(inbox, period="2011-H1", threshold="30%", jobs=1).options.threshold == pytest.approx(0.3)
    assert merge_inbox(inbox, period="2011-H1", threshold=0.25, jobs=1).options.threshold == pytest.approx(0.25)


@pytest.mark.parametrize("asked", [lambda inbox: merge_inbox(inbox, period="2011-H3"),
                                   lambda inbox: merge_inbox(inbox, period="2011上半年"),
                                   lambda inbox: merge_inbox(inbox, period=2011),
                                   lambda inbox: check_files(next(inbox.iterdir()), period="2011-H9"),
                                   lambda inbox: merge_inbox(inbox, period="2012-H2", notice="justice-2012"),
                                   lambda inbox: Period.parse("2011上半年")],
                         ids=["H3", "上半年", "int", "check H9", "justice H2", "Period.parse"])
def test_a_period_written_wrongly_is_a_bad_value_with_its_exit_code(inbox, asked):
    """As documented: every argument given wrongly raises a DianpingError carrying its exit code
    (still a ValueError for code that catches one)."""
    with pytest.raises(BadValue, match="报送期次“.+”(格式不对|不是本通知的期次)") as caught:
        asked(inbox)
    assert caught.value.exit_code == 2 and isinstance(caught.value, ValueError)


def test_the_documented_exceptions_are_exported_from_the_package():
    """docs/python库.md's table of exceptions: each importable from dianping_xlsx itself, and each
    the class it says it is."""
    import dianping_xlsx

    text = (ROOT / "docs" / "python库.md").read_text(encoding="utf-8")
    table = text[text.index("| 异常 |"):].split("\n\n")[0]
    named = re.findall(r"^\| `(\w+)`", table, flags=re.M)
    assert {"DianpingError", "UsageProblem", "BadValue", "PathProblem", "InternalError"} <= set(named), named
    for name in named:
        assert name in dianping_xlsx.__all__, name
        assert issubclass(getattr(dianping_xlsx, name), dianping_xlsx.DianpingError), name
    with pytest.raises(dianping_xlsx.BadValue):  # another period's deadline: documented under BadValue
        merge_inbox(ROOT / "examples" / "2011-H1", period="2011-H1", due="2012-06-28")
