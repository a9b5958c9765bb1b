"""Reading files in worker processes: a crash or a hang costs one file, not the batch.

The native reader can abort the whole process on a hostile file. So every file
is read and checked in a worker process that takes one file at a time; the
parent watches each worker. A worker that dies (the native reader aborted) marks its
file ``file.crashed``, one that runs past the time limit is killed and its file marked
``file.timeout``; a fresh worker takes its place and the batch goes on. An exception
raised by our own code is a bug, not the file's fault: it ends the run (InternalError).
Workers use every core; results do not depend on how many there are.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import sys
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import WorkerBug
from ..settings import start_method
from ..model import Submission
from ..problems import Problem
from ..read.prescan import Limits
from .checking import Checking
from .waiting import Waiting
from .workbook import mtime


@dataclass(frozen=True)
class Job:
    index: int
    path: Path
    name: str


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def _context():
    # fork is fast and safe here (the parent holds no threads or open workbooks);
    # elsewhere (Windows, macOS) spawn, which re-imports the package in each worker.
    # DIANPING_START_METHOD=spawn runs the Windows path on Linux (the tests do).
    method = start_method("fork" if sys.platform.startswith("linux") else "spawn")
    return mp.get_context(method)


def _quiet() -> None:
    """A native abort prints a backtrace to stderr: keep it from the clerk's screen."""
    import faulthandler

    faulthandler.disable()  # enabled by some hosts (pytest) on a copy of stderr
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _memory_ceiling(extra_mb: float) -> None:
    """Cap this worker's address space at what it has now plus ``extra_mb``, where the system
    lets us (Linux): a file the pre-scan let through that needs gigabytes costs that file only."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as fh:
            now_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:"))
        ceiling = (now_kb * 1024) + int(extra_mb * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, resource.RLIM_INFINITY))
    except (ImportError, OSError, ValueError, StopIteration):
        pass  # Windows, macOS: no ceiling; the time limit and the pre-scan still hold


def _end_with_parent(parent: int) -> None:
    """A worker never outlives the process that started it (a desk killed with kill -9, a closed
    window): on Linux the kernel kills it (PR_SET_PDEATHSIG); elsewhere, and as a second guard, a
    thread watches the parent and ends the worker once it is gone. The pipe alone does not tell:
    under fork a sibling holds the parent's end open, and a busy worker reads no pipe."""
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(0)
    handle = None
    if sys.platform == "win32":
        mine = mp.parent_process()
        handle = mine.sentinel if mine is not None else None

    def watch() -> None:
        if handle is not None:  # Windows: the parent's process handle, signalled when it ends
            wait([handle])
            os._exit(0)
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _worker(conn, checking: Checking, parent: int = 0) -> None:
    """Check the files the parent sends, one at a time. The definitions arrive as objects:
    inherited under fork, rebuilt from their text under spawn (they were checked in the parent)."""
    if parent:
        _end_with_parent(parent)
    gc.enable()  # forked from a merge that paused it (collector_paused): a file's cycles are freed here
    _quiet()
    ts, limits = checking.tables, checking.limits
    _memory_ceiling(limits.max_memory_mb)
    from .compact import compact
    from .workbook import check_workbook

    locator, evaluator = _PREPARED[1] if _PREPARED and _PREPARED[0] is checking else _tools(checking)
    while True:
        try:
            sent = pickle.loads(conn.recv_bytes())
        except (EOFError, KeyboardInterrupt):
            return
        if sent is None:
            return
        job = Job(sent[0], Path(sent[1]), sent[2])
        try:
            sub = check_workbook(job.path, ts, checking.period, locator, name=job.name, limits=limits,
                                 evaluator=evaluator, ledgers=checking.ledgers,
                                 materials=checking.kept, notice=checking.notice)
            compact(sub, ts)
        except MemoryError:
            sub = failed(job, "limit.memory", limit=f"{limits.max_memory_mb:g} MB")
        except Exception:  # noqa: BLE001 - our own code failed: a bug, never the unit's file
            import traceback

            sub = WorkerBug(job.name, traceback.format_exc())
        # the parent has the path: unpickling one cost it more than the rest of the submission
        if isinstance(sub, Submission) and sub.path == job.path:
            sub.path = None
        conn.send_bytes(pickle.dumps((job.index, sub), pickle.HIGHEST_PROTOCOL))  # no ForkingPickler made each


_PREPARED: list = []  # [checking, (locator, evaluator)]: the last run's, made in the parent before it forks


def _tools(checking: Checking) -> tuple:
    """What a worker checks every file with: the tables' locator and the evaluation forms' reader,
    and the declared rules compiled (each worker's first file spent ~20 ms on them)."""
    from ..read.evaluations import EvalReader
    from ..read.locate import Locator
    from . import compact  # noqa: F401 - imported once, before forking
    from .workbook import prepare_rules

    prepare_rules(checking.tables, checking.period)
    return Locator(checking.tables), (EvalReader(checking.items) if checking.items is not None else None)


def _prepare(ctx, checking: Checking) -> None:
    """Under fork, the workers inherit the tools made here once (under spawn each makes its own)."""
    if ctx.get_start_method() == "fork" and not (_PREPARED and _PREPARED[0] is checking):
        _PREPARED[:] = [checking, _tools(checking)]


DEPTH = 2  # jobs queued per worker, so that it never waits for the parent between files


class _Worker:
    def __init__(self, ctx, args):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, *args), daemon=True)
        with frozen(ctx.get_start_method() == "fork"):
            self.process.start()
        child.close()
        self.jobs: deque[Job] = deque()  # sent, not yet answered; the first is being read
        self.deadline = 0.0  # for the first job

    def give(self, job: Job, timeout: float) -> None:
        if not self.jobs:
            self.deadline = time.monotonic() + timeout
        self.jobs.append(job)
        # a plain tuple of its fields, pickled here (conn.send makes a ForkingPickler for each, and
        # a Path pickles through Python code: ≈ 10% of the parent's time at 10,000 files)
        self.conn.send_bytes(pickle.dumps((job.index, os.fspath(job.path), job.name), pickle.HIGHEST_PROTOCOL))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send_bytes(pickle.dumps(None))
            except (BrokenPipeError, OSError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


@contextmanager
def frozen(forking: bool):
    """Under fork, the parent's objects moved out of the collector's reach while a process is
    forked (and, for outputs.both, while it runs): its collections never walk them (writing to
    every page it shares)."""
    if not forking:
        yield
        return
    gc.freeze()
    _FROZEN.append(True)
    try:
        yield
    finally:
        _FROZEN.pop()
        gc.unfreeze()


_FROZEN: list = []  # one entry for each frozen() the process is in (a forked one inherits its parent's)


def frozen_again() -> None:
    """Inside frozen(): what is alive now (what a writer made and keeps: a summary's groupings, what
    a table set's return files share) moved out of the collector's reach as well, until the
    scope ends; each collection walked it again (≈ 0.3 s at 10,000 files). Outside: nothing."""
    if _FROZEN:
        gc.freeze()


@contextmanager
def collector_paused():
    """The cyclic collector off for a while, on again after if it was: while a merge gathers and
    decides its results (it keeps them all, over 100,000 problems at 10,000 files: each collection
    walked them again, ≈ 0.6 s of the parent's CPU; a merge leaves some 30 objects in cycles), and
    while a summary, a CSV or a return file is written (many short-lived objects, freed by
    reference counting, whose allocations set off collections that walked the merge's heap)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def failed(job: Job, code: str, **params) -> Submission:
    sub = Submission(path=job.path, name=job.name, mtime=mtime(job.path), readable=False)
    sub.name_after_file()
    sub.problems.append(Problem(code, file=job.name, unit=sub.unit, params=params))
    return sub


def check_in_workers(
    files: Iterable[tuple[Path, str]],
    checking: Checking,
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[tuple[int, Submission]]:
    """Check every (path, name) in worker processes; yield (its index, submission) as each finishes."""
    queue = deque(Job(i, p if isinstance(p, Path) else Path(p), n) for i, (p, n) in enumerate(files))
    if not queue:
        return
    ctx = _context()
    limits = checking.limits
    args = (checking, os.getpid())
    _prepare(ctx, checking)
    workers = [_Worker(ctx, args) for _ in range(min(jobs or default_jobs(), len(queue)))]
    waiting = Waiting()
    try:
        while queue or any(w.jobs for w in workers):
            for w in workers:
                while len(w.jobs) < DEPTH and queue:
                    w.give(queue.popleft(), limits.timeout)
            busy = [w for w in workers if w.jobs]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = waiting.ready([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
            for n, w in enumerate(workers):
                if not w.jobs:
                    continue
                results, broken = _collect(w, ready, limits)
                for result in results:
                    yield result
                    if progress:
                        progress()
                if broken:
                    queue.extendleft(reversed(w.jobs))  # never started: read them again elsewhere
                    w.jobs.clear()
                    w.stop(kill=True)
                    workers[n] = _Worker(ctx, args)
    finally:
        for w in workers:
            w.stop(kill=bool(w.jobs))


def _collect(w: _Worker, ready: set, limits: Limits) -> tuple[list[tuple[int, Submission]], bool]:
    """Results that arrived; and whether the worker is lost (died, or killed past the time limit).
    A ready pipe gives one result (a second one makes it ready again); a worker that ended gives
    all it sent before its next file is said to have crashed it."""
    out = []
    ended = w.process.sentinel in ready or not w.process.is_alive()
    try:
        while w.jobs and (w.conn in ready or ended and w.conn.poll()):
            ready = ()
            index, sub = pickle.loads(w.conn.recv_bytes())
            if isinstance(sub, WorkerBug):
                raise sub.error()
            job = w.jobs.popleft()
            if sub.path is None:  # sent without it: the parent's own path object (see _worker)
                sub.path = job.path
            out.append((index, sub))
            w.deadline = time.monotonic() + limits.timeout  # the next job starts now
    except (EOFError, OSError):
        job = w.jobs.popleft()
        out.append((job.index, failed(job, "file.crashed")))
        return out, True
    if w.jobs and ended:
        job = w.jobs.popleft()
        out.append((job.index, failed(job, "file.crashed")))
        return out, True
    if w.jobs and time.monotonic() >= w.deadline:
        w.process.kill()
        job = w.jobs.popleft()
        out.append((job.index, failed(job, "file.timeout", seconds=f"{limits.timeout:g}")))
        return out, True
    return out, False
