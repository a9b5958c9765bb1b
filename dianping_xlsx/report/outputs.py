"""Writing a merge's outputs together: the summary workbook, summary.csv and the return files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..merge.result import MergeResult
from ..model import REJECTED
from .csv import write_csv
from .files import atomic_paths
from .returns import write_return_files
from .workbook import write_summary_workbook

CSV_NAME = "summary.csv"


def summary_filename(period) -> str:
    return f"汇总表_{period}.xlsx"


@dataclass
class Written:
    workbook: Path
    csv: Path
    returns: list[Path]


def write_outputs(result: MergeResult, out: Path, unit_name: str = "", day: dt.date | None = None) -> Written:
    """Write the summary workbook and summary.csv (both appear, or neither), then the return files."""
    day = day or dt.date.today()
    workbook = out / summary_filename(result.period)
    table = out / CSV_NAME
    with atomic_paths([workbook, table]) as (workbook_tmp, table_tmp):
        both(lambda: write_csv(result, table_tmp),
             lambda: write_summary_workbook(result, workbook_tmp, unit_name, day))
    rejected = [e.submission for e in result.by_status(REJECTED)]
    returns = write_return_files(rejected, result.ts, out, day)
    return Written(workbook, table, returns)


def both(first, second) -> None:
    """Run two independent writers at once where the system can fork (they use two cores);
    else one after the other. A failure in the forked one is re-run here, so it raises."""
    import multiprocessing as mp
    import os
    import sys

    if not sys.platform.startswith("linux") or os.environ.get("DIANPING_START_METHOD", "fork") != "fork":
        first()
        second()
        return
    child = mp.get_context("fork").Process(target=first, daemon=True)
    child.start()
    try:
        second()
    finally:
        child.join()
    if child.exitcode != 0:
        first()
