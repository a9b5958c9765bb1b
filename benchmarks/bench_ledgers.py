"""Benchmark: `dianping merge` of an inbox of units' ledgers (台账), as a county gets them.

    python benchmarks/bench_ledgers.py                 # 130 units x 1,000 appraisal records
    python benchmarks/bench_ledgers.py -n 130 --rows 1000

Each unit sends its statistics workbook (our template, filled) and its 领导点评全程记实台账 as a
file of its own, written with xlsxwriter as Excel would save it (made once, kept under
benchmarks/.cache/). Prints the merge's time, the
records merged and the peak memory of the merge (largest process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
sys.path.insert(0, str(ROOT))

from dianping_xlsx.template.blank import write_template
from dianping_xlsx.definitions import load_ledger_set, load_table_set  # noqa: E402
from dianping_xlsx.testing import fill_template, h1_only, random_values  # noqa: E402

COUNTED = {"参加点评人数", "已被点评党组织数", "已被点评党员数"}
WAYS = ["会议集中点评", "个别谈话点评", "工作现场点评", "座谈会点评", "相互点评", "群众点评"]


def write_ledger(path: Path, unit: str, rows: int, seed: int) -> None:
    ls, ts = load_ledger_set(), load_table_set()
    ledger = ls.ledger("appraisal")
    categories = ts.table("附件2").categories
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(ledger.title)
    ws.write_row(0, 0, [ledger.title])
    ws.write_row(1, 0, [ts.unit_label, "", unit])
    ws.write_row(3, 0, list(ledger.labels))
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i in range(rows):
        r = 4 + i
        ws.write_number(r, 0, i + 1)
        ws.write_datetime(r, 1, dt.datetime(2011, 1 + i % 6, 1 + i % 28), date)
        ws.write_row(r, 2, [f"书记{seed}", "书记", f"{unit}第{i % 400}支部", "党组织", categories[i % len(categories)],
                            WAYS[i % len(WAYS)], "点评情况", "整改措施" if i % 7 else "", "已落实"])
    wb.close()


def generate(units: int, rows: int) -> Path:
    """The inbox, made once and kept under benchmarks/.cache/ (it takes longer than the merge)."""
    ts = load_table_set()
    inbox = CACHE / f"ledgers-{units}x{rows}"
    if inbox.exists() and len(list(inbox.glob("*.xlsx"))) == 2 * units:
        return inbox
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    blank = write_template(ts, CACHE / f".blank-{units}x{rows}.xlsx")
    for n in range(units):
        unit = f"第{n:03d}镇党委"
        values = h1_only(ts, random_values(ts, n))
        for key in values:  # the appraisals counted from the ledger are left 0 (below it: a warning only)
            if key.metric in COUNTED:
                values[key] = 0
        fill_template(ts, inbox / f"{unit}.xlsx", unit, "2011-06-25", values, blank)
        write_ledger(inbox / f"{unit}_点评台账.xlsx", unit, rows, n)
    blank.unlink()
    return inbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=130)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    inbox = generate(args.n, args.rows)
    tmp = Path(tempfile.mkdtemp(prefix="bench-ledgers-"))
    out = tmp / "out"
    cmd = [sys.executable, "-m", "dianping_xlsx", "merge", str(inbox), "-o", str(out), "--period", "2011-H1",
           "--unit-name", "基准县", "--date", "2011-06-30"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import openpyxl

    merged = openpyxl.load_workbook(next(out.glob("合并台账_*.xlsx")), read_only=True)["领导点评全程记实台账"]
    records = sum(1 for row in merged.iter_rows(min_row=4, values_only=True) if row[0])
    print(f"units: {args.n}, records each: {args.rows}, merged records: {records} (exit {proc.returncode})")
    print(f"merge: {took:.1f} s end to end, peak {peak:.0f} MB (largest process)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
