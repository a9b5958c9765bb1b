"""Benchmark: where the parent's time goes in `dianping merge`, the output stage against the rest.

    python benchmarks/bench_outputs.py                       # 1,000 files with findings
    python benchmarks/bench_outputs.py -n 10000 --kind plain

Runs the command a clerk runs, in this process (the worker pool as usual), on the corpus of
bench_merge.py (generated there, cached under benchmarks/.cache/), with a wall clock around
each stage of the parent: merging (the pre-scan, reading and checking in the workers, the
Summary), then the output stage: the return files, the summary workbook (its big lists
spliced in), the upward workbook, and the whole of write_outputs (the CSV, the merged ledgers
and the documents are written by a forked process beside the summary). It prints seconds and
the output stage's share of the wall time, then the output stage's CPU time in each of its two
processes (the parent's, and the forked one's as the parent's children's: the workers are
reaped before it starts), which a shared machine's load moves less than the wall time.
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import compiled, generate  # noqa: E402

STAGES = [  # (module, function, label)
    ("dianping_xlsx.api", "merge_inbox", "merge: pre-scan, workers, Summary"),
    ("dianping_xlsx.api", "write_summary", "output stage (write_outputs)"),
    ("dianping_xlsx.report.outputs", "write_return_files", "  return files (退回)"),
    ("dianping_xlsx.report.outputs", "write_summary_workbook", "  summary workbook"),
    ("dianping_xlsx.report.outputs", "write_upward_workbook", "  upward workbook"),
]


def timed(seconds: dict, cpu: dict) -> None:
    import importlib

    for module, name, label in STAGES:
        mod = importlib.import_module(module)
        inner = getattr(mod, name)

        @functools.wraps(inner)
        def wrapper(*args, _inner=inner, _label=label, **kwargs):
            started, used = time.perf_counter(), _cpu()
            try:
                return _inner(*args, **kwargs)
            finally:
                seconds[_label] = seconds.get(_label, 0.0) + time.perf_counter() - started
                if _label == STAGES[1][2]:  # the output stage: each process's CPU
                    cpu.update(zip(("parent", "forked"), (b - a for a, b in zip(used, _cpu()))))

        setattr(mod, name, wrapper)


def _cpu() -> tuple[float, float]:
    """CPU seconds (user and system) of this process and of its children reaped so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--kind", default="findings", help="the corpus (bench_merge.py --kind; default findings)")
    args = parser.parse_args()
    folder = generate(args.n, args.kind)
    compiled()  # bytecode as a clerk's install has it (bench_merge.compiled)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    timed(seconds, cpu)
    from click.testing import CliRunner

    from dianping_xlsx.cli import main as cli

    out = tempfile.mkdtemp(prefix="bench-outputs-")
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["merge", str(folder), "-o", out, "--period", "2011-H1",
                                      "--unit-name", "基准测试", "--date", "2011-06-30"])
    wall = time.perf_counter() - started
    if result.exit_code not in (0, 1):
        sys.exit(f"merge failed ({result.exit_code}): {result.output[-2000:]}")
    print(f"{args.n} {args.kind} workbooks: {wall:.1f} s in all")
    for _, _, label in STAGES:
        print(f"  {label:<36} {seconds.get(label, 0.0):6.2f} s")
    share = seconds.get(STAGES[1][2], 0.0) / wall
    print(f"  the output stage: {share:.0%} of the wall time")
    print(f"  the output stage's CPU: the parent {cpu.get('parent', 0.0):.2f} s, the forked process "
          f"{cpu.get('forked', 0.0):.2f} s")


if __name__ == "__main__":
    main()
