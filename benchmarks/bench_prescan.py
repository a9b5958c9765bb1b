"""Benchmark: the pre-scan (the safety checks before a workbook is parsed) against calamine's
own parse of the same files, in the same run, one process.

    python benchmarks/bench_prescan.py            # 1,000 plain hand-made workbooks
    python benchmarks/bench_prescan.py -n 1000 --kind template

Both read the file from disk. The pre-scan: size limits, the zip's entries and ratios, every
XML part a reader parses inflated (bounded) and searched for DOCTYPE, far references, merges,
error cells and the shared-strings count. calamine: open the workbook and read every sheet
to Python lists (what merge does next). Rounds alternate, so that this machine's drifting
speed touches both alike; prints ms per file for each and their ratio (the goal: ≤ 1).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_merge import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--kind", choices=("plain", "template", "mixed"), default="plain")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from python_calamine import CalamineWorkbook

    from dianping_xlsx.read.prescan import DEFAULT_LIMITS, prescan

    files = sorted(generate(args.n, args.kind).glob("*.xlsx"))[: args.n]

    def scan():
        for path in files:
            prescan(path, DEFAULT_LIMITS)

    def parse():
        for path in files:
            wb = CalamineWorkbook.from_path(str(path))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)

    scan(), parse()  # warm the page cache and the imports
    times = {"pre-scan": [], "calamine": []}
    for _ in range(args.rounds):
        for name, run in (("pre-scan", scan), ("calamine", parse)):
            started = time.perf_counter()
            run()
            times[name].append((time.perf_counter() - started) / len(files) * 1000)
    pre, cal = statistics.median(times["pre-scan"]), statistics.median(times["calamine"])
    ratios = [a / b for a, b in zip(times["pre-scan"], times["calamine"])]
    print(f"{len(files)} {args.kind} workbooks, medians of {args.rounds} alternating rounds:")
    print(f"  pre-scan {pre:.3f} ms/file, calamine parse {cal:.3f} ms/file, "
          f"ratio {pre / cal:.2f} (per round {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
