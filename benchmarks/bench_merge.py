"""Benchmark: `dianping merge` end to end against a plain pandas.read_excel loop.

    python benchmarks/bench_merge.py                      # 1,000 plain hand-made workbooks
    python benchmarks/bench_merge.py -n 10000 --baseline-sample 300
    python benchmarks/bench_merge.py --kind template      # our template, filled
    python benchmarks/bench_merge.py --jobs 1 --jobs 2    # one merge run per value
    python benchmarks/bench_merge.py --table              # README's scaling table (plain)
    python benchmarks/bench_merge.py --table --kind findings   # the same, files with findings

Generates N filled workbooks, cached under benchmarks/.cache/:
- ``plain``: hand-made official-layout workbooks (openpyxl, no template), in
  the shapes clerks type (one sheet or three, offsets, traditional labels);
- ``template``: our template filled the way Excel saves it (heavier files);
- ``findings``: hand-made as ``plain``, filled as units fill them (as_units_fill): partial
  coverage, text numbers, a cross-table difference, one in forty sent back;
- ``mixed``: four in five template, one in five hand-made.
Then, in the same run and on the same files, it times:
- the baseline: ``pandas.read_excel(f, sheet_name=None, header=None,
  engine="openpyxl")`` over the files (or a sample), reading only, timed before
  and after the merges and averaged (this machine's speed drifts);
- ``dianping merge`` as a clerk runs it (a new process: reading, checking,
  merging, writing every output).
It prints ms per workbook for both, their ratio, and the peak memory of the
merge summed over all its processes (sampled from /proc every 50 ms: the largest
total of one sample, never each process's own peak added up): as RSS
(a page a forked writer shares with its parent counted in both: the
conservative figure) and as PSS (shared pages split between them); the
largest single process from getrusage.
The baseline needs pandas: pip install -e ".[bench]".
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
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
KINDS = ("plain", "findings", "template", "mixed")
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _make(args):
    index, folder, kind = args
    from dianping_xlsx.definitions import load_table_set
    from dianping_xlsx.testing import Handmade, fill_template, h1_only, random_values, write_handmade

    ts = load_table_set()
    unit = f"单位{index:05d}"
    if kind == "findings":
        values = h1_only(ts, random_values(ts, index, full=0.5))
        values = as_units_fill(ts, values, index)
    else:
        values = h1_only(ts, random_values(ts, index))
    target = folder / f"{unit}.xlsx"
    if kind in ("plain", "findings") or (kind == "mixed" and index % 5 == 4):
        style = Handmade(one_sheet=index % 2 == 0, row_offset=index % 3, col_offset=index % 2,
                         traditional=index % 10 == 9, rounds_in_label=index % 4 == 0)
        write_handmade(ts, target, unit, "2011-06-25", values, style)
    else:
        fill_template(ts, target, unit, "2011-06-25", values, folder / ".blank.xlsx")


def as_units_fill(ts, values: dict, index: int) -> dict:
    """A hand-filled file's findings: partial coverage (random_values' ``full``), two counts
    typed as text (12人), the secretaries of 附件1 not matching the organisations of 附件2 in
    one file of three (rule.cross-table), and one file of forty sent back (more appraised than
    there are: rule.exceeds)."""
    import random

    from dianping_xlsx.definitions import Key

    rng = random.Random(-index)
    first = ts.tables[0]
    if index % 3 == 0:  # a secretary count far off the organisations
        key = Key(first.key, first.blocks[0][-1], first.base_row.metric, "")
        values[key] = values[key] * 2 + 5
    if index % 40 == 39:  # appraised more than there are
        key = Key(first.key, first.blocks[1][0], first.rows[1].metric, first.rows[1].rounds[0])
        values[key] = values[Key(first.key, first.blocks[1][0], first.base_row.metric, "")] + 3
    numbers = [k for k, v in values.items() if v]
    for key in rng.sample(numbers, min(2, len(numbers))):
        values[key] = f"{values[key]}人"
    return values


def generate(n: int, kind: str) -> Path:
    folder = CACHE / (f"inbox-{n}" if kind == "mixed" else f"inbox-{kind}-{n}")
    if folder.exists() and len(list(folder.glob("*.xlsx"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    from dianping_xlsx.template.blank import write_template
    from dianping_xlsx.definitions import load_table_set

    write_template(load_table_set(), folder / ".blank.xlsx")
    started = time.perf_counter()
    with mp.Pool() as pool:
        work = [(i, folder, kind) for i in range(n)]
        for done, _ in enumerate(pool.imap_unordered(_make, work, chunksize=20), 1):
            if done % 1000 == 0:
                print(f"  generated {done}/{n}", file=sys.stderr)
    (folder / ".blank.xlsx").unlink()
    print(f"generated {n} {kind} workbooks in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder


def baseline(files: list[Path]) -> float:
    import pandas as pd

    started = time.perf_counter()
    for f in files:
        pd.read_excel(f, sheet_name=None, header=None, engine="openpyxl")
    return time.perf_counter() - started


def _tree_memory_mb(root: int) -> tuple[float, float]:
    """(RSS, PSS) of a process and all its descendants (Linux /proc), in MB. RSS counts a page
    shared by a forked writer and its parent in both; PSS splits it between them (0 where the
    kernel has no smaps_rollup)."""
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                rss += int(f.read().split()[1]) * PAGE
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                todo.extend(int(c) for c in f.read().split())
            with open(f"/proc/{pid}/smaps_rollup") as f:
                pss += next((int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:")), 0)
        except (OSError, ValueError):
            continue
    return rss / 2**20, pss / 2**20


class TreeMemory(threading.Thread):
    """Samples a process tree's summed memory (RSS and PSS) until the process ends."""

    def __init__(self, proc: subprocess.Popen):
        super().__init__(daemon=True)
        self.proc, self.peak, self.peak_pss = proc, 0.0, 0.0

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while self.proc.poll() is None:
            rss, pss = _tree_memory_mb(self.proc.pid)
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            time.sleep(0.05)


def merge(folder: Path, jobs: int | None) -> tuple[float, float, float, float]:
    """(seconds, summed peak RSS MB over the process tree, largest process MB, summed peak PSS MB)."""
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    cmd = [sys.executable, "-m", "dianping_xlsx", "merge", str(folder), "-o", str(out),
           "--period", "2011-H1", "--unit-name", "基准测试", "--date", "2011-06-30"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeMemory(proc)
    sampler.start()
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    if proc.returncode not in (0, 1):  # 1: 汇总尚不完整, as files with findings make it (some sent back)
        sys.exit(f"merge failed ({proc.returncode}):\n{stdout[-2000:]}\n{stderr}")
    largest = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    shutil.rmtree(out)
    return elapsed, sampler.peak, largest, sampler.peak_pss


def compiled() -> None:
    """The package's modules compiled to bytecode, as a clerk's install has them (pip compiles
    what it installs; an editable install writes them on its first run): where the environment
    sets PYTHONDONTWRITEBYTECODE, every run would compile them from source again (≈ 0.07 s of
    its start-up). An existing bytecode file is read whatever that variable says."""
    import compileall

    import dianping_xlsx

    compileall.compile_dir(Path(dianping_xlsx.__file__).parent, quiet=1)


def run(n: int, kind: str, jobs_list: list[int | None], sample_size: int) -> list[dict]:
    folder = generate(n, kind)
    compiled()
    files = sorted(folder.glob("*.xlsx"))
    sample = files if not sample_size else files[:sample_size]
    # the machine's speed drifts: the baseline is timed before and after the merges, averaged
    before = baseline(sample)
    runs = [(jobs, *merge(folder, jobs)) for jobs in jobs_list]
    base = (before + baseline(sample)) / 2 / len(sample)
    rows = []
    for jobs, took, summed, largest, pss in runs:
        # sampling can miss a short peak that getrusage saw: the sum is at least the largest
        rows.append(dict(n=len(files), kind=kind, jobs=jobs or os.cpu_count(), base_ms=base * 1000,
                         ours_ms=took / len(files) * 1000, seconds=took, ratio=base * len(files) / took,
                         summed_mb=max(summed, largest), largest_mb=largest, pss_mb=pss, sample=len(sample)))
    return rows


def print_rows(rows: list[dict]) -> None:
    for r in rows:
        print(f"{r['n']:>6} {r['kind']:<8} jobs {r['jobs']}: baseline {r['base_ms']:6.2f} ms/wb "
              f"(on {r['sample']}), merge {r['ours_ms']:5.2f} ms/wb ({r['seconds']:.1f} s), "
              f"ratio {r['ratio']:4.1f}x, peak {r['summed_mb']:4.0f} MB summed RSS "
              f"({r['pss_mb']:.0f} MB summed PSS, {r['largest_mb']:.0f} MB largest process)")


def print_table(rows: list[dict]) -> None:
    print("\n| 工作簿数 | 进程数 | 基线 ms/个 | dianping merge ms/个 | 倍数 | 内存峰值(各进程合计) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['jobs']} | {r['base_ms']:.1f} | {r['ours_ms']:.2f} | "
              f"{r['ratio']:.1f}× | {r['summed_mb']:.0f} MB |")
    two = sorted((r for r in rows if r["jobs"] == 2), key=lambda r: r["n"])
    if len(two) >= 2:
        growth = (two[-1]["summed_mb"] - two[0]["summed_mb"]) * 1024 / (two[-1]["n"] - two[0]["n"])
        print(f"\nmemory growth: {growth:.1f} KB per workbook (jobs 2, {two[0]['n']:,} to {two[-1]['n']:,})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--kind", choices=KINDS, default="plain", help="which files (default plain)")
    parser.add_argument("--jobs", type=int, action="append", default=None,
                        help="merge worker processes; repeat to compare (default: cores)")
    parser.add_argument("--baseline-sample", type=int, default=0,
                        help="time the baseline on this many files only and scale (0 = all)")
    parser.add_argument("--table", action="store_true",
                        help="the README's table: 100/1,000/10,000 of --kind, jobs 1 and 2")
    args = parser.parse_args()
    if args.table:
        rows = []
        for n in (100, 1000, 10000):
            rows += run(n, args.kind, [1, 2], min(n, 500))
            print_rows(rows[-2:])
        print_table(rows)
        return
    rows = run(args.n, args.kind, args.jobs or [None], args.baseline_sample)
    print(f"cores: {os.cpu_count()}")
    print_rows(rows)


if __name__ == "__main__":
    main()
