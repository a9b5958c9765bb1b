"""The pool's parent waits on its workers with one poll object kept across waits: ready pipes
and ended processes are seen, a worker that sent results and then died has them all read before
its next file is said to have crashed it, and a result comes back with the parent's own path."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from pathlib import Path

import pytest

from dianping_xlsx.check.checking import Checking
from dianping_xlsx.check.pool import check_in_workers
from dianping_xlsx.check.waiting import Waiting
from dianping_xlsx.definitions import load_table_set
from dianping_xlsx.model import Period, Submission

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks its workers")


def test_ready_pipes_and_ended_processes_are_seen():
    waiting = Waiting()
    a, b = mp.Pipe()
    c, d = mp.Pipe()
    assert waiting.ready([a, c], 0.01) == set()
    b.send_bytes(b"x")
    assert waiting.ready([a, c], 1) == {a}
    assert waiting.ready([c], 0.01) == set()  # a no longer waited on: its pending bytes not seen
    assert waiting.ready([a, c], 0.01) == {a}
    process = mp.get_context("fork").Process(target=os._exit, args=(0,))
    process.start()
    assert waiting.ready([c, process.sentinel], 5) == {process.sentinel}
    process.join()
    d.close()
    assert c in waiting.ready([c], 1)  # the other end closed: ready, and reading says EOF
    with pytest.raises(EOFError):
        c.recv_bytes()


def _quick_or_crash(path, ts, period, locator, name, **kwargs):
    if name.startswith("crash"):
        os._exit(3)  # as the native reader's abort ends a worker
    return Submission(path=path, name=name, mtime=1.0, unit=name)


@pytest.mark.parametrize("round_", range(5))
def test_results_sent_before_a_crash_are_all_read(monkeypatch, round_):
    import dianping_xlsx.check.compact as compact
    import dianping_xlsx.check.workbook as workbook

    monkeypatch.setattr(workbook, "check_workbook", _quick_or_crash)  # the forked workers' too
    monkeypatch.setattr(compact, "compact", lambda sub, ts: None)
    names = ["a.xlsx", "b.xlsx", "crash1.xlsx", "c.xlsx", "d.xlsx", "crash2.xlsx", "crash3.xlsx", "e.xlsx"]
    files = [(Path(f"/nowhere/{name}"), name) for name in names]
    checking = Checking(load_table_set(), Period(2011, "H1"))
    got = dict(check_in_workers(files, checking, jobs=1))
    assert sorted(got) == list(range(len(names)))
    for i, name in enumerate(names):
        codes = [p.code for p in got[i].problems]
        assert codes == (["file.crashed"] if name.startswith("crash") else []), name
        assert got[i].path == files[i][0]
        if not name.startswith("crash"):
            assert got[i].path is files[i][0]  # the parent's own object: never sent nor re-made


def _quick_then_gone(path, ts, period, locator, name, **kwargs):
    if name.startswith("last"):  # the worker ends on its own just after sending this file's result
        import threading
        import time

        threading.Thread(target=lambda: (time.sleep(0.05), os._exit(0)), daemon=True).start()
    return Submission(path=path, name=name, mtime=1.0, unit=name)


def test_a_worker_gone_after_sending_has_every_result_read(monkeypatch):
    import time

    import dianping_xlsx.check.compact as compact
    import dianping_xlsx.check.workbook as workbook

    monkeypatch.setattr(workbook, "check_workbook", _quick_then_gone)
    monkeypatch.setattr(compact, "compact", lambda sub, ts: None)
    slow = Waiting.ready

    def late(self, objects, timeout):  # the parent looks only once both results are sent and the worker gone
        time.sleep(0.3)
        return slow(self, objects, timeout)

    monkeypatch.setattr(Waiting, "ready", late)
    files = [(Path("/nowhere/first.xlsx"), "first.xlsx"), (Path("/nowhere/last.xlsx"), "last.xlsx")]
    got = dict(check_in_workers(files, Checking(load_table_set(), Period(2011, "H1")), jobs=1))
    assert [p.code for p in got[0].problems] == [] and [p.code for p in got[1].problems] == []
