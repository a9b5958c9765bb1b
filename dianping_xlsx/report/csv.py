"""summary.csv: the merge's records, escaped so that no spreadsheet runs a cell as a formula."""

from __future__ import annotations

import csv
from pathlib import Path

from ..merge.result import MergeResult
from ..model import TOTAL

CSV_COLUMNS = ["unit", "table", "category", "metric", "round", "value"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text that no spreadsheet will run as a formula when it opens the CSV (OWASP: also after
    leading spaces, which spreadsheets skip: " =1+1")."""
    return "'" + text if text.startswith(_FORMULA_START) or text.lstrip(" ").startswith(_FORMULA_START) else text


def csv_rows(result: MergeResult):
    """The records (one per accepted unit and value), then the totals under the unit 合计."""
    yield CSV_COLUMNS
    for r in result.records():
        yield [csv_safe(r["unit"]), r["table"], r["category"], r["metric"], r["round"], r["value"]]
    for r in result.total_records():
        yield [TOTAL, r["table"], r["category"], r["metric"], r["round"], r["value"]]


def write_csv(result: MergeResult, path: Path) -> None:
    """Write summary.csv (UTF-8 with BOM, for Excel) to ``path``."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(csv_rows(result))
