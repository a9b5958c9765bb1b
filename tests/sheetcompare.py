"""Every cell of two workbooks, compared: value, number format, font, fill, border and
alignment; merged ranges, row heights and column widths. For the summary written in
xlsxwriter's constant-memory mode against the normal mode (that mode drops cells written
out of row order without a word)."""

from __future__ import annotations


def _rgb(color):
    return color.rgb if color is not None and isinstance(color.rgb, str) else None


def _style(cell) -> tuple:
    f, a, b = cell.font, cell.alignment, cell.border
    return (cell.number_format, f.b, f.i, f.sz, f.name, _rgb(f.color),
            cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None,
            a.horizontal, a.vertical, a.wrap_text,
            tuple(getattr(b, side).style for side in ("left", "right", "top", "bottom")))


def sheet_signature(ws) -> dict:
    cells = {c.coordinate: (c.value, _style(c)) for row in ws.iter_rows() for c in row
             if c.value is not None or c.has_style}
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "heights": {k: v.height for k, v in ws.row_dimensions.items() if v.height},
        "widths": {k: v.width for k, v in ws.column_dimensions.items() if v.width},
        "state": ws.sheet_state,
    }


def differences(path_a, path_b, limit: int = 5) -> list[str]:
    """What differs between two workbooks ([] when every sheet is the same)."""
    import openpyxl

    a, b = openpyxl.load_workbook(path_a), openpyxl.load_workbook(path_b)
    if a.sheetnames != b.sheetnames:
        return [f"sheets: {a.sheetnames} != {b.sheetnames}"]
    out = []
    for name in a.sheetnames:
        x, y = sheet_signature(a[name]), sheet_signature(b[name])
        for part in ("merged", "heights", "widths", "state"):
            if x[part] != y[part]:
                out.append(f"{name} {part}: {x[part]} != {y[part]}")
        keys = sorted(set(x["cells"]) | set(y["cells"]))
        bad = [k for k in keys if x["cells"].get(k) != y["cells"].get(k)]
        out += [f"{name}!{k}: {x['cells'].get(k)} != {y['cells'].get(k)}" for k in bad[:limit]]
    return out
