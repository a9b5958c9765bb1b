"""The return files written by two processes, each from its own end of the list (bothends.py):
every file once, and none missing when the forked process fails half way."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

import pytest

from dianping_xlsx import api
from dianping_xlsx.report import outputs
from dianping_xlsx.report.bothends import BothEnds
from dianping_xlsx.testing import fill_template

from .test_selfcheck import fills

fork_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked writer is Linux's")


def _take_front(ends: BothEnds, path: str) -> None:
    Path(path).write_text(" ".join(str(i) for i in ends.front()))



def test_the_back_starts_only_while_enough_are_left():
    """The parent takes no return file when fewer than FIRST_RETURN are left (its first would cost
    as much as that many of the other process's), and all it can when enough are."""
    ends = BothEnds(5)
    assert list(ends.back(least=8)) == []
    assert list(ends.front())[:1] == [0]  # the other end still takes every one
    ends = BothEnds(9)
    assert next(ends.front()) == 0
    assert list(ends.back(least=8)) == [8, 7, 6, 5, 4, 3, 2, 1]
    assert outputs.FIRST_RETURN > 1

@fork_only
def test_both_ends_take_every_index_once(tmp_path):
    ends = BothEnds(500)
    child = mp.get_context("fork").Process(target=_take_front, args=(ends, str(tmp_path / "front")))
    child.start()
    back = list(ends.back())
    child.join()
    front = [int(i) for i in (tmp_path / "front").read_text().split()]
    assert sorted(front + back) == list(range(500))
    assert front == sorted(front) and back == sorted(back, reverse=True)


def _inbox(ts, folder: Path) -> Path:
    """Units' files with mistakes (words, negatives, fractions): most are sent back."""
    template = api.write_templates(folder / "模板", table_set=ts)[0][0]
    for i, values in enumerate(fills(ts, 10, seed=4)):
        fill_template(ts, folder / "收件箱" / f"单位{i:02d}.xlsx", f"单位{i:02d}", dt.date(2011, 6, 25), values,
                      template)
    return folder / "收件箱"


def _written_twice(ts, tmp_path, monkeypatch, in_child, name: str):
    """The return files written plainly, then again with the forked writer doing ``in_child``
    (given write_return_files' arguments) before each file it takes; the parent slowed so that
    the forked process takes its first file before the parent could."""
    inbox = _inbox(ts, tmp_path)
    result = api.merge_inbox(inbox, period="2011-H1", table_set=ts, jobs=1)
    day = dt.date(2011, 6, 30)
    plain = api.write_summary(result, tmp_path / "plain", unit_name="县委", day=day)
    parent, write, upward = os.getpid(), outputs.write_return_files, outputs.write_upward_workbook

    def returns(*args, **kwargs):
        if os.getpid() != parent:
            in_child(*args, **kwargs)
        return write(*args, **kwargs)

    def slow(*args, **kwargs):
        time.sleep(1)
        return upward(*args, **kwargs)

    monkeypatch.setattr(outputs, "write_return_files", returns)
    monkeypatch.setattr(outputs, "write_upward_workbook", slow)
    return plain, api.write_summary(result, tmp_path / name, unit_name="县委", day=day)


@fork_only
def test_a_failed_forked_writer_leaves_no_return_file_missing(ts, tmp_path, monkeypatch):
    failed = tmp_path / "the forked writer failed"

    def failing(*args, **kwargs):  # the forked process dies as it writes the file it took
        failed.touch()
        raise RuntimeError("the forked writer fails")

    plain, again = _written_twice(ts, tmp_path, monkeypatch, failing, "failed")
    assert len(plain.returns) >= 5
    assert failed.exists()
    assert [p.name for p in again.returns] == [p.name for p in plain.returns]
    for a, b in zip(plain.returns, again.returns):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_killed_forked_writer_leaves_no_half_written_file(ts, tmp_path, monkeypatch):
    """Killed as it writes (the OOM killer, say), the forked process cannot clear its temp file:
    none of it reaches 退回, and every file it took is written by the parent."""
    def killed(rejected, ts, folder, *args, **kwargs):
        (folder / ".tmp-half.xlsx").write_bytes(b"PK")  # its temp file, half written
        os._exit(9)

    plain, again = _written_twice(ts, tmp_path, monkeypatch, killed, "killed")
    folder = tmp_path / "killed" / plain.returns[0].parent.name
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in plain.returns)
    for a, b in zip(plain.returns, again.returns):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_summary_is_made_after_the_processes_part(tmp_path, monkeypatch):
    """The summary (the problems' kinds, the per-unit lists: 0.2 s at 10,000 units) is the
    workbook's alone: made by the process that writes it, not before the fork (where the other
    process waited for it and kept a copy); the ledgers' part, which the other one writes, apart."""
    result = api.merge_inbox(Path(__file__).resolve().parent.parent / "examples", period="2011-H1")
    seen = []
    real = outputs.both

    def watched(first, second):
        seen.append(("summary" in result.__dict__, "ledger_summary" in result.__dict__))
        return real(first, second)

    monkeypatch.setattr(outputs, "both", watched)
    written = api.write_summary(result, tmp_path, unit_name="县委", day=dt.date(2011, 6, 30))
    assert seen == [(False, True)]
    assert written.workbook.is_file() and "summary" in result.__dict__


def test_the_run_id_is_the_results_not_how_they_are_held():
    """The id the summary and every return file carry: the same for equal results however their
    strings are shared (a pickle without its memo), another for another problem's value."""
    import copy

    result = api.merge_inbox(Path(__file__).resolve().parent.parent / "examples", period="2011-H1")
    day = dt.date(2011, 6, 30)
    first = outputs.run_id(result, "县委", day)
    assert first == outputs.run_id(result, "县委", day) and len(first) == 16
    fresh = lambda s: "".join(list(s)) if s else s  # noqa: E731 - an equal string, another object
    alike = copy.copy(result)
    alike.entries = [copy.copy(e) for e in result.entries]
    for e in alike.entries:
        e.problems = [p._replace(code=fresh(p.code), sheet=fresh(p.sheet), cell=fresh(p.cell),
                                 param_values=tuple(fresh(v) if isinstance(v, str) else v for v in p.param_values))
                      for p in e.problems]
    assert any(e.problems for e in alike.entries)
    assert outputs.run_id(alike, "县委", day) == first
    changed = next(e for e in alike.entries if any(p.param_values for p in e.problems))
    p = next(p for p in changed.problems if p.param_values)
    changed.problems[changed.problems.index(p)] = p._replace(param_values=(*p.param_values[:-1], "另一个值"))
    assert outputs.run_id(alike, "县委", day) != first
    assert outputs.run_id(result, "县委", dt.date(2011, 7, 1)) != first


def test_the_command_asks_nothing_of_the_summary_before_writing(tmp_path, monkeypatch):
    """`dianping merge` asks whether anything was a report before it writes, without making the
    summary (0.2 s before the fork at 10,000 files): the process that writes the workbook makes it."""
    from click.testing import CliRunner

    import dianping_xlsx.cli as cli

    made_before = []
    real = cli.write_summary

    def watched(result, out, **kwargs):
        made_before.append("summary" in result.__dict__)
        return real(result, out, **kwargs)

    monkeypatch.setattr(cli, "write_summary", watched)
    examples = Path(__file__).resolve().parent.parent / "examples"
    res = CliRunner().invoke(cli.main, ["merge", str(examples), "-o", str(tmp_path / "out"), "--period", "2011-H1",
                                        "--date", "2011-06-30"])
    assert res.exit_code in (0, 1), res.output
    assert made_before == [False] and (tmp_path / "out" / "汇总表_2011-H1.xlsx").is_file()


@fork_only
def test_a_forked_writer_killed_in_the_csv_leaves_it_whole(ts, tmp_path, monkeypatch):
    """summary.csv goes to whichever process is free first; the forked one, killed half way
    through it, leaves it to the parent, which writes it whole."""
    parent, write_csv = os.getpid(), outputs.write_csv
    taken = tmp_path / "the forked writer took the CSV"

    def csv_then_killed(result, path):
        if os.getpid() == parent:
            return write_csv(result, path)
        taken.touch()
        Path(path).write_text("单位,半", encoding="utf-8")  # half written
        os._exit(9)

    plain, _ = _written_twice(ts, tmp_path, monkeypatch, lambda *a, **k: None, "csv")
    monkeypatch.setattr(outputs, "write_csv", csv_then_killed)
    result = api.merge_inbox(_inbox(ts, tmp_path / "again"), period="2011-H1", table_set=ts, jobs=1)
    killed = api.write_summary(result, tmp_path / "killed", unit_name="县委", day=dt.date(2011, 6, 30))
    assert taken.exists()  # the parent was slowed: the forked one was free first
    assert killed.csv.read_bytes() == plain.csv.read_bytes()
    assert [p.name for p in killed.returns] == [p.name for p in plain.returns]
