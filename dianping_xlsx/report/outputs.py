"""Writing a merge's outputs together: the summary workbook, summary.csv, the return files and the
documents written from the results (情况通报, 公示, 评先评优)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import shutil
import tempfile
import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from ..check.pool import collector_paused, frozen, frozen_again
from ..settings import start_method
from ..merge.reporting import goes_back
from ..merge.result import MergeResult
from ..model import REJECTED, RETURN_FOLDER, UNFINISHED
from ..problems import message_parts_of
from .csv import write_csv
from .documents import document_paths, documents_for, every_name, later_than, write_documents
from ..files import (OLD_PREFIX, OutputError, atomic_paths, clean_stale, move_aside, output_lock, switch_in, write_file,
                     writing)
from ..text import os_reason
from .ledgersheets import merged_filename, write_merged_ledgers
from .bothends import BothEnds
from .returns import return_plan, write_return_files
from .upward import UPWARD_PREFIX, upward_filename, write_upward_workbook
from .workbook import date_text, write_summary_workbook

CSV_NAME = "summary.csv"
# a process's first return file makes what a table set's files share (≈ 0.14 s, twelve later
# files' time): the parent, done with the summary, starts on them only while as many are left
FIRST_RETURN = 12


def summary_filename(period) -> str:
    return f"汇总表_{period}.xlsx"


@dataclass
class Written:
    workbook: Path
    csv: Path
    returns: list[Path]
    ledgers: Path | None = None  # 合并台账_<period>.xlsx, when units sent ledgers
    upward: Path | None = None  # 上报_<office>_<period>.xlsx: what goes to the level above
    documents: dict[str, Path] = field(default_factory=dict)  # 情况通报, 公示, 评先评优 by kind (documents.py)
    # what of ours could not be removed from ``out`` (old return files moved aside, a killed run's
    # temp files): a Chinese sentence each, with where, why and what to do
    left: list[str] = field(default_factory=list)
    day: dt.date | None = None  # the 填报时间 of the summary and the upward workbook
    # the documents' date and the file it is of, when later than ``day`` (documents.later_than)
    documents_later: tuple[dt.date, str] | None = None

    def dated_note(self) -> str:
        """The documents dated later than the summary, said in Chinese (each face adds how to make
        them agree); "" when they agree."""
        if not self.documents_later or not self.documents:
            return ""
        later, name = self.documents_later
        return (f"{'、'.join(p.name for p in self.documents.values())}的日期为{date_text(later)}"
                f"(计入的最后一份文件“{name}”的日期),晚于汇总表和上报文件的填报时间{date_text(self.day)}。")


def write_outputs(result: MergeResult, out: Path, unit_name: str = "", day: dt.date | None = None) -> Written:
    """Write one consistent set of outputs: the summary workbook, summary.csv and the 退回
    folder. One run at a time (a lock on ``out``); what killed runs left is cleaned first; the
    return files are written into a fresh folder, switched in right after the summary."""
    day = day or result.period.report_day(dt.date.today())[0]
    workbook = out / summary_filename(result.period)
    table = out / CSV_NAME
    final_returns = out / RETURN_FOLDER
    # the summary is made after the processes part, by the one that writes the workbook
    merged = result.ledger_summary if result.ledger_summary and result.ledger_summary.merged else None
    ledger_book = out / merged_filename(result.period)
    upward = out / upward_filename(result.period, unit_name)
    ds = documents_for(result)
    documents = document_paths(result, ds, out)  # none for a notice without a document set
    with output_lock(out):
        with writing(out):  # a folder one cannot write into: said in Chinese, exit 3
            stuck = clean_stale(out, final_returns)
            fresh = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out))
        try:
            with writing():
                rejected = returned(result)
                # one id names this run's outputs in the summary and in each return file: a run
                # killed between the two renames below leaves them apart, and mail send refuses them
                run = run_id(result, unit_name, day)
                plan = return_plan(rejected)
                returns = [fresh / name for _, name in plan]
                targets = [workbook, table, upward] + ([ledger_book] if merged else []) + list(documents.values())
                # from the first rename to the 退回 folder switched in, a note says the set is not whole;
                # the old 退回 is moved aside first: one that cannot be (a file of it open) replaces nothing
                switch = _Switch(out, fresh, final_returns, bool(returns) or final_returns.exists())
                with switch.undone_on_failure():
                    with atomic_paths(targets, before=switch.before) as temps:
                        shares = _Shares(result, unit_name, day, run, fresh, rejected, plan, temps, merged,
                                         dict(zip(documents, temps[len(temps) - len(documents):])), ds)
                        if both(shares.beside, shares.book):  # the forked process failed or was killed
                            shares.recover()
                    _drop_others(out, result.period, ledger_book if not merged else None, ds, documents, upward)
                    stuck += filter(None, [switch.after()])  # no 退回 folder until a file is sent back
                (out / UNFINISHED).unlink(missing_ok=True)  # one run's outputs, whole
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    return Written(workbook, table, [final_returns / p.name for p in returns], ledger_book if merged else None,
                   upward, documents, [left_behind(path, why) for path, why in stuck], day,
                   later_than(result, day) if documents else None)


def _drop_others(out: Path, period, ledger_book: Path | None, ds, documents: dict, upward: Path) -> None:
    """What an earlier run wrote that this one does not: its merged ledgers (``ledger_book``, when
    none were merged now), its 公示 with evaluations, its upward workbook of another name."""
    if ledger_book is not None and ledger_book.exists():
        ledger_book.unlink()
    for name in every_name(ds, period):
        if out / name not in documents.values() and (out / name).is_file():
            (out / name).unlink()
    for stale in out.glob(f"{UPWARD_PREFIX}*{period}.xlsx"):  # one upward file a period
        if stale != upward:
            stale.unlink()


@dataclass
class _Switch:
    """The 退回 folder replaced with the rest of a set: the old one moved aside before any output is
    replaced (a return file open in Excel/WPS on Windows forbids that: then nothing is replaced, the
    clerk told which folder and what to close), the fresh one put in after the rest."""

    out: Path
    fresh: Path
    final: Path
    wanted: bool  # a 退回 folder is there, or a file goes back this time
    old: Path | None = None
    moved: bool = False

    def before(self) -> None:
        note = self.out / UNFINISHED
        had = note.exists()  # a killed run's: the set is not whole, whatever this run does
        mark_unfinished(self.out)
        if not self.wanted:
            return
        try:
            self.old, self.moved = move_aside(self.final), True
        except OSError as exc:
            if not had:
                note.unlink(missing_ok=True)  # nothing was replaced: the set is the last run's, whole
            raise OutputError(returns_held(self.final, exc)) from exc

    def after(self) -> tuple[Path, str] | None:
        return switch_in(self.fresh, self.final, self.old) if self.wanted else None

    @contextlib.contextmanager
    def undone_on_failure(self):
        """A failure between moving the old 退回 aside and switching the fresh one in puts it back."""
        try:
            yield
        except BaseException:
            if self.moved and self.old is not None and not self.final.exists():
                with contextlib.suppress(OSError):
                    self.old.replace(self.final)
            raise


def returns_held(folder: Path, exc: OSError) -> str:
    """Why the 退回 folder could not be replaced, and what to do, in Chinese."""
    return (f"无法替换“{folder}”文件夹({os_reason(exc)}):其中的审核意见文件可能正在 Excel/WPS 中打开。"
            "请关闭在 Excel/WPS 中打开的审核意见文件后重新汇总(仍不行时,请检查这个文件夹是否设为只读、是否有权限)。"
            "这次汇总没有写出任何结果,以前的汇总表、上报文件和退回文件都保持不变。")


def left_behind(path: Path, why: str) -> str:
    """What the clerk is told of a folder or file of ours that could not be removed from the output folder."""
    if path.name.startswith(OLD_PREFIX + RETURN_FOLDER):
        return (f"以前的退回文件已移到“{path}”,但无法删除({why})。本次的退回文件在“{path.parent / RETURN_FOLDER}”中,"
                f"“{path.name}”里的都已作废,请不要发送;请检查这个文件夹的权限(是否设为只读、是否属于其他用户)"
                "或其中的文件是否正在 Excel/WPS 中打开(请关闭它),然后把它删除。")
    return (f"输出文件夹中有以前中途停止的汇总留下的临时文件“{path}”,无法删除({why})。它不是汇总结果;"
            "请检查它的权限(是否设为只读、是否属于其他用户),然后把它删除。")


def mark_unfinished(out: Path) -> None:
    """The note left in ``out`` while its outputs are replaced one by one: a run stopped there
    (killed, the power gone) leaves outputs of two runs side by side, and the clerk sees why."""
    note = out / UNFINISHED
    text = ("上次汇总在写出结果时中途停止,这个文件夹中的汇总表、summary.csv、上报文件、文书和退回文件"
            "可能来自两次汇总,彼此不一致。\r\n请重新审核汇总一次(同一个输出文件夹),完成后本文件会自动删除;"
            "在此之前请不要打印上报或发送邮件。\r\n")
    # Notepad reads UTF-8 with the BOM; written whole or not at all, and never through a link
    write_file(note, text.encode("utf-8-sig"))


@dataclass
class _Shares:
    """What the two outputs processes write (both()): the parent the summary, the upward workbook
    and the documents; the forked one the merged ledgers; then each takes return files from its
    own end of the list (bothends.py) and summary.csv if the other has not (the one free first).
    Each makes what a table set's return files share itself (made before the fork, it was
    counted in both processes' memory)."""

    result: MergeResult
    unit_name: str
    day: dt.date
    run: str
    fresh: Path  # the 退回 folder being written
    rejected: list
    plan: list  # (submission, file name) of each return file
    temps: list[Path]  # summary, CSV, upward workbook, [merged ledgers], documents
    merged: object  # the ledgers' summary when units sent ledgers, else None
    documents: dict  # kind -> temp path
    ds: object  # the notice's document set
    ends: BothEnds = field(init=False)
    csv: BothEnds = field(init=False)

    def __post_init__(self):
        self.ends, self.csv = BothEnds(len(self.plan)), BothEnds(1)

    @property
    def _notice_id(self) -> str:
        """The notice merged under, marked on the return files that hold its tables."""
        notice = self.result.options.notice
        return notice.id if notice is not None else ""

    def beside(self) -> None:  # the forked process
        if self.merged:
            with collector_paused():
                write_merged_ledgers(self.merged, self.temps[3], self.result.period.zh, self.day)
            gc.collect()
        frozen_again()
        self._returns(self.ends.front())
        self._table(self.csv.front())

    def book(self) -> None:  # the parent: the documents after the workbooks, in the memory they leave free
        result = self.result
        with collector_paused():  # the summary's groupings are kept: never walked
            write_summary_workbook(result, self.temps[0], self.unit_name, self.day, run=self.run,
                                   returns=len(self.plan))
            write_upward_workbook(result, self.temps[2], self.unit_name, self.day, date_text(self.day), self.run)
        gc.collect()  # an xlsxwriter workbook's worksheets point back at it
        frozen_again()
        if self.documents:
            write_documents(result, self.ds, self.documents, self.unit_name, self.day)
        self._table(self.csv.back())
        self._returns(self.ends.back(least=FIRST_RETURN))

    def recover(self) -> None:
        """After a forked process that failed or was killed: the CSV written whole (whoever took
        it), its half-written return file gone, every file it took written here."""
        write_csv(self.result, self.temps[1])
        for half in self.fresh.glob(".tmp-*"):
            half.unlink()
        write_return_files(self.rejected, self.result.ts, self.fresh, self.day, self.run, self.result.period,
                           [(sub, name) for sub, name in self.plan if not (self.fresh / name).exists()],
                           self.result.options.ledgers is not None, self._notice_id)

    def _returns(self, taken) -> None:
        for n, i in enumerate(taken):
            write_return_files(self.rejected, self.result.ts, self.fresh, self.day, self.run, self.result.period,
                               self.plan[i:i + 1], self.result.options.ledgers is not None, self._notice_id)
            if n == 0:
                frozen_again()  # what the table set's files share, made by the first

    def _table(self, taken) -> None:
        for _ in taken:
            with collector_paused():  # what it makes is freed as it goes
                write_csv(self.result, self.temps[1])


def returned(result: MergeResult) -> list:
    """The rejected files a return file answers: an unmatched name is this office's to-do (its
    roster), never the unit's."""
    return [e.submission for e in result.by_status(REJECTED) if goes_back(e)]


def return_names(result: MergeResult) -> dict[str, str]:
    """Each returned file's name -> its return file's name (as write_outputs names them)."""
    return {sub.name: name for sub, name in return_plan(returned(result))}


def run_id(result: MergeResult, unit_name: str, day: dt.date) -> str:
    """What the outputs are made of, hashed: the same inputs give the same id (re-running
    writes the same bytes), different results different ids. Each file's outcome and problems
    (what each message is made of) as a pickle without its memo: the same bytes for equal
    values however they are shared (formatting 112,000 messages took 0.27 s at 10,000 files)."""
    digest = hashlib.sha256(f"{result.period}|{unit_name}|{day}|{result.inbox}".encode())
    pickler = pickle.Pickler(_Hashed(digest), 4)  # hashed a frame (≤ 64 KB) at a time, never held whole
    pickler.fast = True  # no memo: a string met twice is written twice, never as a reference
    for entry in result.entries:
        pickler.dump((entry.name, entry.status, entry.reason, message_parts_of(entry.problems)))
    for key, value in sorted(result.totals.items()):
        digest.update(f"{key}={value}\n".encode())
    return digest.hexdigest()[:16]


class _Hashed:
    """A file to pickle into whose bytes go to a hash."""

    def __init__(self, digest):
        self.write = digest.update


def both(first, second) -> bool:
    """Run two independent writers at once where the system can fork (they use two cores);
    else one after the other. A failure in the forked one is re-run here, so it raises; whether
    there was one is returned (what the forked one left half-done is the caller's to clear)."""
    import multiprocessing as mp
    import sys

    if not sys.platform.startswith("linux") or start_method("fork") != "fork":
        first()
        second()
        return False
    child = mp.get_context("fork").Process(target=_quietly, args=(first,), daemon=True)
    with frozen(True):  # the child's collector leaves the merge's objects alone: their pages stay shared
        child.start()
        try:
            second()
        finally:
            child.join()
    if child.exitcode != 0:
        first()
    return child.exitcode != 0


def _quietly(work) -> None:
    """The forked process's work, its failure told by its exit code alone: the parent runs the
    work again and says in Chinese what failed (a traceback in English, and a file's complaint
    when collected, would reach the clerk's terminal first)."""
    import os

    try:
        work()
    except BaseException:  # noqa: BLE001 - any failure: the parent's run of it says what it was
        os._exit(1)  # nothing else runs: no finalizer prints what the parent will say again
