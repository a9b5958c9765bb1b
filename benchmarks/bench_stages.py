"""Where a worker's CPU goes, stage by stage, per workbook.

    python benchmarks/bench_stages.py                 # 1,000 plain workbooks (bench_merge's cache)
    python benchmarks/bench_stages.py --kind findings  # files as a county gets them
    python benchmarks/bench_stages.py --kind template -n 300

First a real worker pool checks the files (its processes' CPU per file, summed). Then it runs
what a merge worker runs for each file (check_workbook, compact, pickling the result for the
parent), in this process, with a CPU clock around each stage, and prints each stage's mean CPU
time per file and its share. The stages are the worker's own functions, wrapped in place: the
pre-scan, calamine's parse, locating the tables, the ledgers and evaluation forms looked for,
each of the workbook checks in order, compacting and pickling. Files as bench_merge.py makes
them (generated there once, under benchmarks/.cache/).

``--only worker|calamine|none`` runs one loop and nothing else, for an instruction count that
does not drift with the VM: the worker's path (as above, without the clocks) or calamine's own
parse over 200 files after 20 warm ones, or neither (the start-up to subtract)::

    for only in none worker calamine; do PYTHONHASHSEED=0 valgrind --tool=callgrind \
        --callgrind-out-file=/dev/null python benchmarks/bench_stages.py --kind findings --only $only; done
    # (worker - none) / 200 and (calamine - none) / 200: instructions a file, and their ratio
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SPENT: dict[str, float] = defaultdict(float)


def timed(name: str, function):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[name] += time.process_time() - started
    return wrapper


def instrument() -> None:
    """Wrap the worker's stages where check_workbook finds them."""
    from dianping_xlsx.check import workbook
    from dianping_xlsx.read import grids
    from dianping_xlsx.read.evaluations import EvalReader
    from dianping_xlsx.read.locate import Locator

    grids.prescan = timed("pre-scan", grids.prescan)
    original_load = workbook.load_grids

    def load(path, limits):  # calamine's parse: the whole read less the pre-scan inside it
        before = SPENT["pre-scan"]
        started = time.process_time()
        try:
            return original_load(path, limits)
        finally:
            SPENT["calamine parse"] += time.process_time() - started - (SPENT["pre-scan"] - before)

    workbook.load_grids = load
    Locator.locate = timed("locate tables", Locator.locate)
    workbook.find_ledgers = timed("find ledgers", workbook.find_ledgers)
    EvalReader.read = timed("find evaluation forms", EvalReader.read)
    workbook.WORKBOOK_CHECKS = tuple((name, timed(f"check: {name}", check)) for name, check in workbook.WORKBOOK_CHECKS)
    workbook._identify = timed("unit and date", workbook._identify)


def calamine_alone(path: Path) -> None:
    """calamine's own parse of a file, the yardstick: open it, every worksheet to Python lists."""
    import python_calamine

    wb = python_calamine.load_workbook(str(path))
    try:
        for meta in wb.sheets_metadata:
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet:
                wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
    finally:
        wb.close()


def pool_cpu(files: list[Path], checking, jobs: int) -> float:
    """CPU per file of the worker processes of a real pool: they are reaped when it ends, so
    this process's children's CPU time counts them exactly (nothing else is started here)."""
    import resource

    from dianping_xlsx.check.pool import check_in_workers

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before = children()
    for _ in check_in_workers([(f, f.name) for f in files], checking, jobs):
        pass
    return (children() - before) / len(files) * 1000


def loop_only(which: str, files: list[Path], worker) -> None:
    """One loop and nothing else (``--only``): 20 files warm both paths, then 200 go through one."""
    for path in files[:20]:
        worker(path)
        calamine_alone(path)
    run = {"worker": worker, "calamine": calamine_alone, "none": lambda path: None}[which]
    for path in files[20:220]:
        run(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--kind", choices=("plain", "findings", "template", "mixed"), default="plain")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the pool measured (default 2)")
    parser.add_argument("--no-pool", action="store_true", help="the stages only (no pool run first)")
    parser.add_argument("--only", choices=("worker", "calamine", "none"),
                        help="one loop over 200 files after 20 warm ones, no clocks (for callgrind)")
    args = parser.parse_args()
    from bench_merge import generate

    folder = generate(args.n, args.kind)
    files = sorted(folder.glob("*.xlsx"))
    from dianping_xlsx.check.checking import Checking
    from dianping_xlsx.check.compact import compact
    from dianping_xlsx.check.workbook import check_workbook
    from dianping_xlsx.definitions import load_item_set, load_ledger_set, load_table_set
    from dianping_xlsx.definitions.tables import register
    from dianping_xlsx.model import Period
    from dianping_xlsx.read.evaluations import EvalReader
    from dianping_xlsx.read.locate import Locator
    from dianping_xlsx.settings import DEFAULT_LIMITS

    ts, period = load_table_set(), Period(2011, "H1")
    register(ts)
    locator, evaluator, ledgers = Locator(ts), EvalReader(load_item_set()), load_ledger_set()
    if args.only:  # the worker's path as below, without the pool and the clocks
        def worker(path):
            sub = check_workbook(path, ts, period, locator, limits=DEFAULT_LIMITS, evaluator=evaluator,
                                 ledgers=ledgers)
            compact(sub, ts)
            pickle.dumps(sub, pickle.HIGHEST_PROTOCOL)

        return loop_only(args.only, files, worker)
    pool = 0.0
    if not args.no_pool:
        pool = pool_cpu(files, Checking(ts, period, DEFAULT_LIMITS, load_item_set(), ledgers), args.jobs)
        print(f"pool: {pool:.3f} ms of CPU per workbook, summed over {args.jobs} worker processes "
              f"(check_in_workers as merge runs it: reading, checking, compacting, passing back)")
    instrument()
    compact_timed, dumps = timed("compact", compact), timed("pickle for the parent", pickle.dumps)

    def one(path):
        sub = check_workbook(path, ts, period, locator, limits=DEFAULT_LIMITS, evaluator=evaluator, ledgers=ledgers)
        compact_timed(sub, ts)
        dumps(sub, pickle.HIGHEST_PROTOCOL)

    for path in files[:50]:  # warm: imports, caches
        one(path)
        calamine_alone(path)
    SPENT.clear()
    spent, alone = 0.0, 0.0
    for path in files:  # file by file, the worker's path then calamine alone: drift touches both alike
        started = time.process_time()
        one(path)
        between = time.process_time()
        calamine_alone(path)
        spent, alone = spent + between - started, alone + time.process_time() - between
    total, reference = spent / len(files) * 1000, alone / len(files) * 1000
    parse = SPENT["calamine parse"] / len(files) * 1000
    print(f"{len(files)} {args.kind} workbooks: {total:.3f} ms of CPU per workbook in all, "
          f"{total / reference:.2f} times calamine's own parse of the file ({reference:.3f} ms: every sheet, "
          f"from its path), {total / parse:.2f} times the worker's calamine stage (this VM's speed drifts: "
          f"the ratios do not)")
    if pool:
        print(f"pool: {pool / reference:.2f} times calamine's own parse of the file (measured after the pool)")
    named = sum(SPENT.values()) / len(files) * 1000
    for name, spent in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        ms = spent / len(files) * 1000
        print(f"  {name:<36} {ms:6.3f} ms  {ms / total:5.1%}")
    print(f"  {'the rest of check_workbook':<36} {total - named:6.3f} ms  {(total - named) / total:5.1%}")


if __name__ == "__main__":
    main()
