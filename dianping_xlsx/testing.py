"""Sample submissions, made the way units make them.

Used by the examples, the tests and the benchmarks:
- ``fill_template``: our blank template opened and filled (openpyxl, as a
  script or a clerk in Excel would), defined names locating the cells;
- ``write_handmade``: a workbook typed by hand in the official layout, with the
  liberties people take (one sheet or several, shifted, traditional
  characters, spaced labels, rounds written into the row label...).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from .template.layout import DATE_LINE, UNIT_LINE, defined_name, line_name

from .template.blank import write_template
from .definitions import Key, TableSet


def random_values(ts: TableSet, seed: int, scale: int = 60, full: float = 1.0) -> dict[Key, int]:
    """Plausible values that pass every error rule.

    Every appraised / evaluated count is at most its base count, and equal to
    it (全覆盖) with probability ``full``. The first block of the first table
    (the secretaries) adds up to the organisations of the second table: each
    organisation has one secretary.
    """
    rng = random.Random(seed)
    values: dict[Key, int] = {}
    for table in ts.tables:
        for cat in table.categories:
            totals = {}
            for base in table.base_rows:
                totals[base.metric] = rng.choice([0, 0, rng.randint(1, 5), rng.randint(1, scale)])
                values[Key(table.key, cat, base.metric, "")] = totals[base.metric]
            for row in table.rows:
                if row.base:
                    continue
                total = totals[table.base_of(row).metric]
                for rnd in row.rounds or ("",):
                    done = total if rng.random() < full else rng.randint(0, total)
                    values[Key(table.key, cat, row.metric, rnd)] = done
        _add_up(table, values)
    if len(ts.tables) >= 2:
        _secretaries_match_organisations(ts, values, rng, full)
    return values


def _add_up(table, values: dict[Key, int]) -> None:
    """Every total a table's sums state (小计, 合计) made the sum of its parts (one that holds more
    than its parts, at_least, too: the least it may be)."""
    for total, parts, *_ in table.sums:
        if total in table.categories:
            for row in table.rows:
                for rnd in row.rounds or ("",):
                    values[Key(table.key, total, row.metric, rnd)] = sum(
                        values[Key(table.key, p, row.metric, rnd)] for p in parts)
        else:
            rounds = table.row(total).rounds or ("",)
            for cat in table.categories:
                for rnd in rounds:
                    values[Key(table.key, cat, total, rnd)] = sum(
                        values[Key(table.key, cat, p, rnd if table.row(p).rounds else "")] for p in parts)


def _secretaries_match_organisations(ts: TableSet, values: dict[Key, int], rng, full: float) -> None:
    first, second = ts.tables[0], ts.tables[1]
    organisations = sum(values[Key(second.key, c, second.base_row.metric, "")] for c in second.categories)
    block = first.blocks[0]
    counts = [rng.randint(0, organisations // (2 * len(block))) for _ in block[:-1]]
    counts.append(organisations - sum(counts))
    for cat, count in zip(block, counts):
        for row in first.rows:
            for rnd in row.rounds or ("",):
                key = Key(first.key, cat, row.metric, rnd)
                if row.base:
                    values[key] = count
                else:
                    values[key] = count if rng.random() < full else rng.randint(0, count)


def h1_only(ts: TableSet, values: dict[Key, int]) -> dict[Key, int]:
    """The same values with every H2 round emptied (an H1 submission)."""
    return {k: (0 if k.round and ts.round_half(k.round) == "H2" else v) for k, v in values.items()}


def fill_template(
    ts: TableSet, target: Path, unit: str, day: dt.date | str | None,
    values: dict[Key, object], blank_template: Path | None = None,
) -> Path:
    """Fill our blank template like a clerk: unit, date and values by defined name."""
    import openpyxl

    if blank_template is None:
        blank_template = target.with_name(".blank-" + target.name)
        write_template(ts, blank_template)
        cleanup = True
    else:
        cleanup = False
    wb = openpyxl.load_workbook(blank_template)
    try:
        for table in ts.tables:
            _put(wb, line_name(table, UNIT_LINE), unit)
            if day is not None:
                _put(wb, line_name(table, DATE_LINE), day)
            for key in table.keys():
                value = values.get(key)
                if value is not None and value != "":
                    _put(wb, defined_name(table, key), value)
        target.parent.mkdir(parents=True, exist_ok=True)
        wb.save(target)
    finally:
        wb.close()
        if cleanup:
            blank_template.unlink()
    return target


def _put(wb, name: str, value) -> None:
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    wb[sheet][ref.replace("$", "")].value = value


@dataclass
class Handmade:
    """How a hand-typed workbook departs from our template."""

    one_sheet: bool = False  # all tables stacked on one sheet
    row_offset: int = 0
    col_offset: int = 0
    traditional: bool = False
    spaced_labels: bool = False  # "总 人 数"
    rounds_in_label: bool = False  # "<metric>(<round>)" written on one row
    full_width: bool = True  # full-width parentheses in labels
    sheet_names: tuple[str, ...] = ("表一", "表二", "表三")
    reverse_sheets: bool = False
    unit_in_label_cell: bool = False  # "填报单位(盖章):XX局" in one cell


def write_handmade(
    ts: TableSet, target: Path, unit: str, day, values: dict[Key, object], style: Handmade | None = None
) -> Path:
    """A workbook typed by hand in the official layout (no template)."""
    import openpyxl

    style = style or Handmade()

    def label(text: str) -> str:
        if style.full_width:  # as typed with a Chinese input method (escaped: the forms look alike)
            text = text.replace("(", "\uff08").replace(")", "\uff09").replace(":", "\uff1a")
        if style.traditional:
            import zhconv

            text = zhconv.convert(text, "zh-tw")
        if style.spaced_labels and len(text) <= 5:
            text = " ".join(text)
        return text

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    tables = list(ts.tables)
    names = list(style.sheet_names)
    order = list(range(len(tables)))
    if style.reverse_sheets:
        order.reverse()
    ws = None
    row = 1 + style.row_offset
    for i in order:
        table = tables[i]
        if ws is None or not style.one_sheet:
            ws = wb.create_sheet(names[i % len(names)] if not style.one_sheet else names[0])
            row = 1 + style.row_offset
        c0 = 1 + style.col_offset
        ws.cell(row, c0, table.key)
        ws.cell(row + 1, c0 + 2, label(table.title))
        if style.unit_in_label_cell:
            ws.cell(row + 2, c0, f"{label(ts.unit_label)}{unit}")
        else:
            ws.cell(row + 2, c0, label(ts.unit_label))
            ws.cell(row + 2, c0 + 2, unit)
        ws.cell(row + 2, c0 + 5, label(ts.date_label))
        if day is not None:
            ws.cell(row + 2, c0 + 6, day)
        row += 3
        label_cols = 1 if style.rounds_in_label else 2
        for block in table.blocks:
            ws.cell(row, c0, label(table.header or ts.header_label))
            for j, cat in enumerate(block):
                ws.cell(row, c0 + label_cols + j, label(cat))
            row += 1
            for spec in table.rows:
                first = row
                for rnd in spec.rounds or ("",):
                    if style.rounds_in_label:
                        ws.cell(row, c0, label(f"{spec.metric}({rnd})" if rnd else spec.metric))
                    else:
                        if row == first:
                            ws.cell(row, c0, label(spec.metric))
                        if rnd:
                            ws.cell(row, c0 + 1, label(rnd))
                    for j, cat in enumerate(block):
                        value = values.get(Key(table.key, cat, spec.metric, rnd))
                        if value is not None and value != "":
                            ws.cell(row, c0 + label_cols + j, value)
                    row += 1
                if spec.rounds and not style.rounds_in_label:
                    ws.merge_cells(start_row=first, start_column=c0, end_row=row - 1, end_column=c0)
        ws.cell(row, c0, "注:表中只统计人数,不统计人次,不重复统计。")
        row += 3
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    wb.close()
    return target


# -- mass-evaluation forms (附件4, 附件5) and the tally sheet --------------------


def _find(ws, text: str):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise KeyError(text)


def fill_org_forms(es, blank_form: Path, target: Path, forms: list[tuple[str, dict[str, str]]],
                   tick: str = "√") -> Path:
    """Several filled 附件4 forms in one workbook, one per sheet: (organisation, {item: option})."""
    import openpyxl

    wb = openpyxl.load_workbook(blank_form)
    first = wb.worksheets[0]
    sheets = [first] + [wb.copy_worksheet(first) for _ in forms[1:]]
    for n, (ws, (org, answers)) in enumerate(zip(sheets, forms), start=1):
        ws.title = f"评议表{n}"
        _find(ws, es.org.name_label).value = f"{es.org.name_label}{org}"
        header = _find(ws, es.options[0]).row
        option_col = {o: _find(ws, o).column for o in es.options}
        for item, option in answers.items():
            row = _find(ws, item).row
            assert row > header
            if option:
                for one in option.split("+"):  # "满意+不满意": two ticks, for tests
                    ws.cell(row, option_col[one], tick)
    wb.save(target)
    return target


def fill_member_form(es, blank_form: Path, target: Path, branch: str,
                     members: list[tuple[str, dict[str, str]]], tick: str = "√") -> Path:
    """A filled 附件5: one row per member, {item: option}."""
    import openpyxl

    wb = openpyxl.load_workbook(blank_form)
    ws = wb.worksheets[0]
    _find(ws, es.member.name_label).value = f"{es.member.name_label}{branch}"
    name_cell = _find(ws, es.member.object_label)
    for r, (name, answers) in enumerate(members, start=name_cell.row + 2):
        ws.cell(r, name_cell.column, name)
        for item, option in answers.items():
            col = _find(ws, item).column
            for one in option.split("+") if option else []:
                ws.cell(r, col + es.options.index(one), tick)
    wb.save(target)
    return target


def fill_tally(es, blank_tally: Path, target: Path, unit: str,
               rows: dict[str, list[tuple[str, str, int, dict[str, list[int]]]]]) -> Path:
    """Our 评议汇总 filled: {form key: [(object, category, forms, {item: counts})]}."""
    import openpyxl

    wb = openpyxl.load_workbook(blank_tally)
    ws = wb.worksheets[0]
    ws.cell(2, 2, unit)
    for form in es.forms:
        marker = next(c for row in ws.iter_rows() for c in row
                      if isinstance(c.value, str) and c.value.startswith(form.key))
        header = marker.row + 1
        item_col = {c.value: c.column for c in ws[header] if c.value in form.items}
        for r, (obj, category, forms, counts) in enumerate(rows.get(form.key, []), start=header + 2):
            ws.cell(r, 1, obj)
            ws.cell(r, 2, category or None)
            ws.cell(r, 3, forms)
            for item, values in counts.items():
                for k, n in enumerate(values):
                    ws.cell(r, item_col[item] + k, n)
    wb.save(target)
    return target
