"""Benchmark: a roster's templates (`dianping template --roster`), stamped, against the plain writers.

    python benchmarks/bench_templates.py            # 133 units
    python benchmarks/bench_templates.py -n 1000

Writes a roster of N units, then times, in the same run:
- ``dianping template --roster R -o OUT`` as a clerk (or the desk's zip) runs it, a new
  process: per unit the template (自查 sheet included), the two forms and the tally, the ledgers;
- the plain writers (write_template, write_unit_forms, write_ledger_templates) on a sample of
  the units, in this process, scaled to N: what the same command cost before the stamp.
It prints both and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_roster(path: Path, n: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "别名", "类型", "上级", "邮箱"])
    for i in range(n):
        ws.append([f"第{i + 1:03d}基层单位党委", "", "乡镇", "某县委", ""])
    wb.save(path)


def command(roster: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "dianping_xlsx", "template", "--roster", str(roster), "-o", str(out)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"template failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return took


def plain(units: list[str], out: Path) -> float:
    """The plain writers, per unit, as write_templates called them before the stamp."""
    from dianping_xlsx import api
    from dianping_xlsx.template.blank import template_filename, write_template
    from dianping_xlsx.template.stamp import write_unit_forms
    from dianping_xlsx.template.ledgers import write_ledger_templates

    nt = api.notice_of(None)
    ts = nt.tables
    write_template(ts, out / "warm.xlsx", "warm", lock_unit=True)  # the 自查 formulas are made once
    started = time.perf_counter()
    for u in units:
        write_template(ts, out / template_filename(u, ts), u, lock_unit=True)
        write_unit_forms(nt.forms, ts, out, u)
        write_ledger_templates(nt.ledgers, ts, out, u)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=133, help="units in the roster (default 133)")
    parser.add_argument("--sample", type=int, default=20, help="units the plain writers write (scaled to n)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-templates-"))
    try:
        roster = work / "名册.xlsx"
        write_roster(roster, args.n)
        ours = command(roster, work / "out")
        files = len(list((work / "out").glob("*.xlsx")))
        (work / "plain").mkdir()
        units = [f"第{i + 1:03d}基层单位党委" for i in range(min(args.sample, args.n))]
        before = plain(units, work / "plain") / len(units) * args.n
        print(f"{args.n} units, {files} files: dianping template --roster {ours:.2f} s in all "
              f"(a new process), the plain writers {before:.1f} s (scaled from {len(units)} units), "
              f"{before / ours:.0f} times faster")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
