"""summary.csv: the merge's records, escaped so that no spreadsheet runs a cell as a formula."""

from __future__ import annotations

import codecs
import csv
import io
from itertools import repeat
from pathlib import Path

from ..check.compact import in_order
from ..merge.result import MergeResult
from ..model import CSV_COLUMNS, TOTAL

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text that no spreadsheet will run as a formula when it opens the CSV (OWASP: also after
    leading spaces, which spreadsheets skip: " =1+1")."""
    return "'" + text if text.startswith(_FORMULA_START) or text.lstrip(" ").startswith(_FORMULA_START) else text


def csv_rows(result: MergeResult):
    """The records (one per accepted unit and value, as result.records() gives them), then the
    totals under the unit 合计. Made here from the values directly: 1.4 million records at
    province scale, a dict each was most of the time."""
    columns = _columns(result.ts.keys)
    yield CSV_COLUMNS
    for unit, values in _units(result):
        yield from zip(repeat(unit), *columns, values)


def write_csv(result: MergeResult, path: Path) -> None:
    """Write summary.csv (UTF-8 with BOM, for Excel) to ``path``: the bytes csv.writer writes for
    csv_rows(), a unit's records as one %-format (csv.writer's own call per record was a second
    at province scale) of UTF-8 bytes: the file is 100 MB at 10,000 units, mostly the keys' CJK
    texts again in every record, which a text %-format built as a str and encoded again (0.35 s)."""
    columns = _columns(result.ts.keys)
    block = "".join(f"%s,{_field_text(*static).replace('%', '%%')},%d\r\n" for static in zip(*columns)).encode()
    with open(path, "wb") as fh:
        fh.write(codecs.BOM_UTF8 + _written([CSV_COLUMNS]))
        for unit, values in _units(result):
            if block and all(v.__class__ is int for v in values):  # %d writes what str() does, as csv.writer
                args = [_field_text(unit).encode()] * (2 * len(values))
                args[1::2] = values
                fh.write(block % tuple(args))
            else:
                fh.write(_written(zip(repeat(unit), *columns, values)))


def _written(rows) -> bytes:
    """What csv.writer writes for ``rows``, UTF-8."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _columns(keys) -> list[tuple]:
    """The table, category, metric and round of every key, as four columns."""
    return list(zip(*[(k.table, k.category, k.metric, k.round) for k in keys])) or [(), (), (), ()]


def _units(result: MergeResult):
    """(the unit as the CSV names it, its values in the keys' order) of each accepted unit, then
    the totals under 合计."""
    keys = result.ts.keys
    for sub in result.accepted:
        yield csv_safe(sub.display_unit), in_order(sub.values, keys)
    yield TOTAL, [result.totals[key] for key in keys]


def _field_text(*fields) -> str:
    """Fields as csv.writer writes them inside a row (quoted where they must be)."""
    out = io.StringIO()
    csv.writer(out).writerow([*fields, ""])  # a last empty field: "" alone would be written as \"\"
    return out.getvalue()[:-3]
