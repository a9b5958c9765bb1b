"""Benchmark: the return files (退回/<unit>_审核意见.xlsx) alone, in one process.

    python benchmarks/bench_returns.py                  # the 1,000-file corpus with findings: 25 sent back
    python benchmarks/bench_returns.py --rounds 5

Merges the corpus of bench_merge.py (generated there, cached under benchmarks/.cache/), then
writes every return file ``--rounds`` times in this process with a wall clock around each: the
first file (it also makes what every file of a table set shares: the 自查 formulas, compiled,
and their sheets' frames) and the others, in ms a file (each round's, then the median).
bench_outputs.py gives the return files' share of a whole merge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="workbooks in the corpus (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="times every return file is written (default 3)")
    args = parser.parse_args()
    from dianping_xlsx import api
    from dianping_xlsx.model import REJECTED
    from dianping_xlsx.report.returns import return_plan, write_return_file

    result = api.merge_inbox(generate(args.n, "findings"), period="2011-H1", unit_name="基准测试")
    rejected = [e.submission for e in result.by_status(REJECTED) if any(p.code != "unit.not-on-roster" for p in e.errors)]
    plan = return_plan(rejected)
    out, day, rounds = Path(tempfile.mkdtemp(prefix="bench-returns-")), dt.date(2011, 6, 30), []
    for n in range(args.rounds):
        times = []
        for sub, name in plan:
            started = time.perf_counter()
            write_return_file(sub, result.ts, out, day, name, "run", result.period)
            times.append(time.perf_counter() - started)
        if n == 0:
            print(f"{len(plan)} return files; the first {times[0] * 1000:.0f} ms")
            times = times[1:]
        rounds.append(sum(times) / len(times) * 1000)
    print("the others: " + ", ".join(f"{ms:.1f}" for ms in rounds) + f" ms a file (median {statistics.median(rounds):.1f})")


if __name__ == "__main__":
    main()
