"""How many pages each sheet of a summary prints: a realistic county inbox, rendered by LibreOffice.

    python benchmarks/print_pages.py            # 130 units
    python benchmarks/print_pages.py -n 40 --keep /tmp/summary.pdf

Makes N units' files (our template filled; coverage gaps and numbers typed as text, as
real units send them), merges them with a roster, renders the summary to PDF with
LibreOffice (soffice) and counts the pages of each sheet by the sheet name printed in
each page's header. Needs soffice and pdftotext (poppler-utils).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_inbox(folder: Path, n: int) -> Path:
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.template.blank import write_template
    from dianping_xlsx.report.roster import write_blank_roster
    from dianping_xlsx.definitions import load_table_set
    from dianping_xlsx.testing import fill_template, h1_only, random_values

    ts = load_table_set()
    blank = write_template(ts, folder / "blank.xlsx")
    inbox = folder / "收件箱"
    rng = random.Random(5)
    kinds = ["乡镇", "县直机关", "学校", "医院", "企业"]
    units = [RosterUnit(f"第{i:03d}单位党委", (), kinds[i % len(kinds)]) for i in range(n)]
    for i, unit in enumerate(units):
        values = h1_only(ts, random_values(ts, i, full=0.85))
        typed = [k for k in ts.keys if k.table == "附件3" and not k.round]
        for key in rng.sample(typed, rng.choice([0, 0, 0, 2, 5])):
            values[key] = f"{values[key]}人"
        fill_template(ts, inbox / f"{unit.name}.xlsx", unit.name, dt.date(2011, 6, 20), values, blank)
    return write_blank_roster(ts, folder / "名册.xlsx", units)


def pages_per_sheet(pdf: Path, sheets: list[str]) -> tuple[int, dict[str, int], set[str]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    total = int(re.search(r"Pages:\s+(\d+)", info)[1])
    counts: collections.Counter = collections.Counter()
    sizes = set()
    for page in range(1, total + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        head = next((line for line in text.splitlines() if line.strip()), "")
        name = next((s for s in sorted(sheets, key=len, reverse=True) if s in head), "?")
        counts[name] += 1
        size = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True,
                              text=True).stdout
        sizes.add(re.search(r"size:\s+([\d.]+ x [\d.]+)", size)[1])
    return total, dict(counts), sizes


def render(workbook: Path, folder: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("needs LibreOffice (soffice)")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
                   capture_output=True, timeout=600, check=True)
    return folder / (workbook.stem + ".pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=130)
    parser.add_argument("--keep", type=Path, metavar="PDF", help="keep the rendered summary here, to look at")
    args = parser.parse_args()
    import openpyxl

    folder = Path(tempfile.mkdtemp(prefix="print-pages-"))
    roster = make_inbox(folder, args.n)
    out = folder / "out"
    subprocess.run([sys.executable, "-m", "dianping_xlsx", "merge", str(folder / "收件箱"), "-o", str(out),
                    "--period", "2011-H1", "--roster", str(roster), "--unit-name", "测试县委创先办",
                    "--date", "2011-06-30"], capture_output=True)
    workbook = out / "汇总表_2011-H1.xlsx"
    sheets = [ws.title for ws in openpyxl.load_workbook(workbook).worksheets if ws.sheet_state == "visible"]
    pdf = render(workbook, folder)
    total, counts, sizes = pages_per_sheet(pdf, sheets)
    if args.keep:
        shutil.copy(pdf, args.keep)
    print(f"{args.n} units: {total} pages; page sizes {sorted(sizes)} pt")
    for sheet in sheets:
        print(f"  {sheet:<12} {counts.get(sheet, 0):>3}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
