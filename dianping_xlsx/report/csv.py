"""summary.csv: the merge's records, escaped so that no spreadsheet runs a cell as a formula."""

from __future__ import annotations

import csv
import io
from itertools import repeat
from pathlib import Path

from ..check.compact import in_order
from ..merge.result import MergeResult
from ..model import TOTAL

CSV_COLUMNS = ["unit", "table", "category", "metric", "round", "value"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text that no spreadsheet will run as a formula when it opens the CSV (OWASP: also after
    leading spaces, which spreadsheets skip: " =1+1")."""
    return "'" + text if text.startswith(_FORMULA_START) or text.lstrip(" ").startswith(_FORMULA_START) else text


def csv_rows(result: MergeResult):
    """The records (one per accepted unit and value, as result.records() gives them), then the
    totals under the unit 合计. Made here from the values directly: 1.4 million records at
    province scale, a dict each was most of the time."""
    for chunk in _chunks(result):
        yield from chunk


def _chunks(result: MergeResult):
    """csv_rows a unit at a time: the header, each unit's records (zipped in C, no Python code
    per record), the totals."""
    keys = result.ts.keys
    columns = list(zip(*[(k.table, k.category, k.metric, k.round) for k in keys])) or [(), (), (), ()]
    yield [CSV_COLUMNS]
    for sub in result.accepted:
        yield zip(repeat(csv_safe(sub.display_unit)), *columns, in_order(sub.values, keys))
    yield zip(repeat(TOTAL), *columns, [result.totals[key] for key in keys])


def write_csv(result: MergeResult, path: Path) -> None:
    """Write summary.csv (UTF-8 with BOM, for Excel) to ``path``: the bytes csv.writer writes for
    csv_rows(), a unit's records as one %-format (csv.writer's own call per record was a second
    at province scale)."""
    keys = result.ts.keys
    columns = list(zip(*[(k.table, k.category, k.metric, k.round) for k in keys])) or [(), (), (), ()]
    block = "".join(f"%s,{_field_text(*static).replace('%', '%%')},%s\r\n" for static in zip(*columns))
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for sub in result.accepted:
            unit, values = csv_safe(sub.display_unit), in_order(sub.values, keys)
            if block and all(v.__class__ is int for v in values):  # what str() writes, as csv.writer does
                args = [_field_text(unit)] * (2 * len(values))
                args[1::2] = values
                fh.write(block % tuple(args))
            else:
                writer.writerows(zip(repeat(unit), *columns, values))
        writer.writerows(zip(repeat(TOTAL), *columns, [result.totals[key] for key in keys]))


def _field_text(*fields) -> str:
    """Fields as csv.writer writes them inside a row (quoted where they must be)."""
    out = io.StringIO()
    csv.writer(out).writerow([*fields, ""])  # a last empty field: "" alone would be written as \"\"
    return out.getvalue()[:-3]
