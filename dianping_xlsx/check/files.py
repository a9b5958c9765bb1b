"""Checking a unit's files before sending (`dianping check`), exactly as merge reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..model import FileReport
from ..problems import Problem, sorted_problems
from ..read.grids import ignore_reason
from ..text import printable
from .crossfile import evaluation_pieces, ledgers_against_tables, tallies_against_forms
from .checking import Checking
from .pool import check_in_workers


def check_paths(files: Iterable[Path], checking: Checking, jobs: int | None = None) -> list[FileReport]:
    """Check files in worker processes, as merge does; one report per file, in the given order."""
    ts, ledgers = checking.tables, checking.ledgers
    files = [Path(f) for f in files]
    reports: dict[int, FileReport] = {}
    to_read = []
    for i, path in enumerate(files):
        # never opened: a FIFO would block (a path not there or a folder is refused before: api)
        odd = "" if path.is_file() else "失效或循环的链接" if path.is_symlink() else "管道、套接字或设备"
        reason = ("file.not-regular", {"what": odd}) if odd else ignore_reason(path)
        if reason:  # said to the unit checking it: never "put it in the inbox" (Problem.for_sender)
            problem = Problem(reason[0], file=printable(path.name), params=reason[1]).for_sender()
            reports[i] = FileReport(path, None, [problem])
        else:
            to_read.append((i, path))
    results = list(check_in_workers([(p, printable(p.name)) for _, p in to_read], checking, jobs))
    policy = ts.policy.merged(checking.policy)
    for _, sub in results:
        sub.problems = policy.apply(sub.problems)
    if ledgers is not None:  # a unit's table and its ledger files, given together: as merge holds them
        ledgers_against_tables([sub for _, sub in results], ts, ledgers, policy)
    if checking.items is not None:  # a unit's forms and its tally, given together: as merge holds them
        evaluation_pieces([sub for _, sub in results])
        tallies_against_forms([sub for _, sub in results], checking.items, policy)
    for j, sub in results:
        reports[to_read[j][0]] = FileReport(sub.path, sub, sorted_problems([p.for_sender() for p in sub.problems]))
    return [reports[i] for i in sorted(reports)]
