"""Benchmark: `dianping merge` end to end against a plain pandas.read_excel loop.

    python benchmarks/bench_merge.py            # N = 1,000
    python benchmarks/bench_merge.py -n 10000   # on request
    python benchmarks/bench_merge.py --baseline-sample 300   # time the baseline on a sample

Generates N filled workbooks (our template filled with openpyxl, as a clerk's
Excel would save it, and one in five a hand-made official layout), cached
under benchmarks/.cache/. Then, in the same run and on the same files, it
times:
- the baseline: ``pandas.read_excel(f, sheet_name=None, header=None,
  engine="openpyxl")`` over the files, reading only;
- ``dianping merge`` as a clerk runs it (a new process: reading, checking,
  merging, writing every output).
It prints ms per workbook for both, their ratio, and the peak memory of the
merge (largest process). The baseline needs pandas: pip install -e ".[bench]".
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"


def _make(args):
    index, folder = args
    from dianping_xlsx.spec import load_table_set
    from dianping_xlsx.testing import Handmade, fill_template, h1_only, random_values, write_handmade

    ts = load_table_set()
    blank = folder / ".blank.xlsx"
    unit = f"单位{index:05d}"
    values = h1_only(ts, random_values(ts, index))
    target = folder / f"{unit}.xlsx"
    if index % 5 == 4:
        style = Handmade(one_sheet=index % 2 == 0, row_offset=index % 3, col_offset=index % 2,
                         traditional=index % 10 == 9, rounds_in_label=index % 4 == 0)
        write_handmade(ts, target, unit, "2011-06-25", values, style)
    else:
        fill_template(ts, target, unit, "2011-06-25", values, blank)


def generate(n: int) -> Path:
    folder = CACHE / f"inbox-{n}"
    if folder.exists() and len(list(folder.glob("*.xlsx"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    from dianping_xlsx.spec import load_table_set
    from dianping_xlsx.report.layout import write_template

    write_template(load_table_set(), folder / ".blank.xlsx")
    started = time.perf_counter()
    with mp.Pool() as pool:
        for done, _ in enumerate(pool.imap_unordered(_make, [(i, folder) for i in range(n)], chunksize=20), 1):
            if done % 500 == 0:
                print(f"  generated {done}/{n}", file=sys.stderr)
    (folder / ".blank.xlsx").unlink()
    print(f"generated {n} workbooks in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder


def baseline(files: list[Path]) -> float:
    import pandas as pd

    started = time.perf_counter()
    for f in files:
        pd.read_excel(f, sheet_name=None, header=None, engine="openpyxl")
    return time.perf_counter() - started


def merge(folder: Path, jobs: int | None) -> tuple[float, float]:
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    cmd = [sys.executable, "-m", "dianping_xlsx", "merge", str(folder), "-o", str(out),
           "--period", "2011-H1", "--unit-name", "基准测试", "--date", "2011-06-30"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"merge failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    shutil.rmtree(out)
    return elapsed, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--jobs", type=int, default=None, help="merge worker processes (default: cores)")
    parser.add_argument("--baseline-sample", type=int, default=0,
                        help="time the baseline on this many files only and scale (0 = all)")
    args = parser.parse_args()
    folder = generate(args.n)
    files = sorted(folder.glob("*.xlsx"))
    sample = files if not args.baseline_sample else files[: args.baseline_sample]
    base = baseline(sample) / len(sample)
    took, peak = merge(folder, args.jobs)
    ours = took / len(files)
    print(f"workbooks:            {len(files)}  (cores: {os.cpu_count()})")
    print(f"baseline read_excel:  {base * 1000:8.2f} ms/workbook  (on {len(sample)} files)")
    print(f"dianping merge:       {ours * 1000:8.2f} ms/workbook  (end to end, {took:.1f} s)")
    print(f"ratio:                {base / ours:8.1f} x faster than the baseline")
    print(f"peak memory (merge):  {peak:8.0f} MB  (largest process)")


if __name__ == "__main__":
    main()
