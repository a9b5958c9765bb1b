"""The cyclic collector in a merge: off while the parent gathers what the workers send (it keeps
all of it, and each collection walked it all again), on again after, whatever happens; and the
command's process moves what it holds out of the collector's reach before the interpreter's
last collection."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

import pytest

from dianping_xlsx.api import merge_inbox
from dianping_xlsx.check.pool import collector_paused


@pytest.fixture
def small_inbox(tmp_path, make_unit):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for n, unit in enumerate(["东坪镇党委", "梅城镇党委", "平口镇党委"]):
        make_unit(inbox, unit, seed=n)
    return inbox


def test_the_collector_is_off_while_results_arrive_and_on_after(small_inbox):
    seen = []
    result = merge_inbox(small_inbox, period="2011-H1", jobs=2, progress=lambda: seen.append(gc.isenabled()))
    assert seen == [False, False, False]  # each file's result arrived with the collector off
    assert gc.isenabled()
    assert sorted(e.name for e in result.entries) == ["东坪镇党委.xlsx", "平口镇党委.xlsx", "梅城镇党委.xlsx"]


def test_the_collector_is_on_again_when_the_merge_fails(small_inbox):
    def stop():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        merge_inbox(small_inbox, period="2011-H1", jobs=2, progress=stop)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_command_freezes_what_it_holds_and_ends_with_its_code(monkeypatch, capsys):
    from dianping_xlsx import cli

    class Ended(Exception):
        pass

    def ended(code):  # os._exit would end the test's process
        raise Ended(code, gc.get_freeze_count())

    monkeypatch.setattr(sys, "argv", ["dianping", "--version"])
    monkeypatch.setattr(cli, "_OWN_PROCESS", [])  # this test's process goes on after the command
    monkeypatch.setattr(cli, "_flushed_exit", ended)
    before = gc.get_freeze_count()
    try:
        with pytest.raises(Ended) as end:
            cli.run()
        code, frozen = end.value.args
        assert code == 0 and frozen > before
        assert "dianping" in capsys.readouterr().out
        monkeypatch.setattr(sys, "argv", ["dianping", "merge", "/此路不通"])
        with pytest.raises(Ended) as end:
            cli.run()
        assert end.value.args[0] == 2  # a usage error's code, as click gives it
    finally:
        gc.unfreeze()


def test_the_process_ends_with_everything_it_said(tmp_path):
    """Ended by os._exit: what it printed is all there, through a pipe, with its exit code."""
    import subprocess

    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    examples = Path(__file__).resolve().parent.parent / "examples" / "2011-H1"
    args = ["check", *sorted(str(p) for p in examples.glob("*.xlsx"))[:4], "--period", "2011-H1", "--json"]
    done = subprocess.run([sys.executable, "-m", "dianping_xlsx", *args], capture_output=True, text=True,
                          timeout=120)
    said = CliRunner().invoke(main, args)
    assert done.returncode == said.exit_code == 1
    assert done.stdout == said.output and len(done.stdout) > 1000


def test_a_merge_invoked_inside_another_program_freezes_nothing(small_inbox, tmp_path):
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    before = gc.get_freeze_count()
    res = CliRunner().invoke(main, ["merge", str(small_inbox), "-o", str(tmp_path / "out"), "--period", "2011-H1",
                                    "--date", "2011-06-30"])
    assert res.exit_code == 0, res.output
    assert gc.get_freeze_count() == before and gc.isenabled()


def test_frozen_again_freezes_only_inside_a_frozen_scope():
    from dianping_xlsx.check.pool import frozen, frozen_again

    before = gc.get_freeze_count()
    frozen_again()
    assert gc.get_freeze_count() == before  # outside: nothing, the collector keeps its reach
    with frozen(True):
        kept = [[n] for n in range(100)]  # made inside the scope, then kept
        frozen_again()
        assert gc.get_freeze_count() >= before + len(kept)
    assert gc.get_freeze_count() == before  # the scope's end gives everything back


def test_writing_a_merges_outputs_leaves_the_collector_as_it_was(small_inbox, tmp_path):
    from dianping_xlsx.api import write_summary

    result = merge_inbox(small_inbox, period="2011-H1", jobs=2)
    before = gc.get_freeze_count()
    written = write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    assert written.workbook.is_file() and written.csv.is_file()
    assert gc.get_freeze_count() == before and gc.isenabled()


def test_a_worker_forked_from_a_paused_merge_collects_its_own_cycles(small_inbox, monkeypatch):
    import dianping_xlsx.check.workbook as workbook
    from dianping_xlsx.errors import InternalError

    def told(*args, **kwargs):  # the worker says, as a bug of ours would, whether its collector is on
        raise RuntimeError(f"collector on in the worker: {gc.isenabled()}")

    monkeypatch.setattr(workbook, "check_workbook", told)
    with pytest.raises(InternalError) as bug:
        merge_inbox(small_inbox, period="2011-H1", jobs=1)
    assert "collector on in the worker: True" in bug.value.trace
    assert gc.isenabled()


def test_a_merge_in_its_own_process_freezes_its_result_with_the_collector_off(small_inbox, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dianping_xlsx import cli

    monkeypatch.setattr(cli, "_OWN_PROCESS", [True])  # as run() says: the process ends with the command
    frozen_while = []
    real_freeze = gc.freeze

    def freeze():
        frozen_while.append(gc.isenabled())
        real_freeze()

    monkeypatch.setattr(gc, "freeze", freeze)
    try:
        res = CliRunner().invoke(cli.main, ["merge", str(small_inbox), "-o", str(tmp_path / "out"),
                                            "--period", "2011-H1", "--date", "2011-06-30"])
        assert res.exit_code == 0, res.output
        assert frozen_while and frozen_while[0] is False  # the result frozen before the collector is on
        assert gc.isenabled()
    finally:
        gc.unfreeze()
