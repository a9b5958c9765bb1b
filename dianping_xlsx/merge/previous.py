"""The previous period's summary, for the 12-30 round.

``--previous`` names the H1 summary workbook (or the folder it was written
to). Its 明细 sheet gives each unit's H1 values; the H2 submissions are
compared with them: a changed first-round figure and a total that moved by
more than the table set's ``previous_change`` are warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..definitions import Key, TableSet
from ..errors import UsageProblem
from ..model import (
    DETAIL_SHEET,
    HALF_YEARS,
    NOT_SENT_STATUS,
    OFF_ROSTER_STATUS,
    REJECTED,
    STATUS_SHEET,
    STATUS_ZH,
    UNREADABLE_STATUS,
    WRONG_NOTICE_STATUS,
    WRONG_PERIOD_STATUS,
    Calendar,
    SUMMARY_NOTICE_PROPERTY,
    SUMMARY_PERIOD_PROPERTY,
    SUMMARY_UNIT_PROPERTY,
    Period,
    Submission,
)
from ..problems import Problem
from ..text import normalise, parse_count

UNIT_HEADING, PERIOD_HEADING, STATUS_HEADING = "单位", "期次", "状态"
# what a unit without numbers in the previous summary had there, by its status in 报送情况: it was
# a unit then (never to be told to write an old name as its alias), it had nothing counted
NOT_COUNTED = {NOT_SENT_STATUS: "未报送", STATUS_ZH[REJECTED]: "报送的文件被退回",
               WRONG_PERIOD_STATUS: "报送的是其他期次的文件", WRONG_NOTICE_STATUS: "报送的是按其他通知汇总的文件",
               UNREADABLE_STATUS: "报送的文件本级无法读取",
               OFF_ROSTER_STATUS: "报送的文件因填报单位不在名册中未计入汇总"}
PREVIOUS_LABEL = "上期"
_NAME = re.compile(r"汇总表_(\d{4}-H[12])\.xlsx$")


class PreviousError(UsageProblem, ValueError):
    pass


@dataclass
class Previous:
    path: Path
    period: Period | None
    units: dict[str, dict[Key, int]]  # normalised unit name -> values
    unit: str = ""  # the office whose summary it is, when the summary says
    names: dict[str, str] = field(default_factory=dict)  # normalised unit name -> as the summary wrote it
    notice: str = ""  # the id of the notice it was merged under, when the summary says
    # normalised unit name -> what it had instead of numbers (NOT_COUNTED), from 报送情况
    not_counted: dict[str, str] = field(default_factory=dict)

    def values_for(self, sub: Submission) -> dict[Key, int] | None:
        found = self.found_for(sub)
        return found[0] if found is not None else None

    def found_for(self, sub: Submission) -> tuple[dict[Key, int], tuple[str, ...]] | None:
        """The unit's values of the previous period, and the names the previous summary gave them:
        under any name the roster gives the unit (its name and 别名: a unit renamed, townships merged),
        the sum where several units of the previous summary are names of this one (never one of
        them alone); else under the 填报单位 the file gives."""
        unit = sub.roster_unit
        if unit is not None:
            keys = [k for k in dict.fromkeys(normalise(n) for n in (unit.name, *unit.aliases)) if k in self.units]
            if keys:
                return self._joined(keys)
        for name in (sub.display_unit, sub.unit):
            if normalise(name) in self.units:
                return self._joined([normalise(name)])
        return None

    def not_counted_for(self, sub: Submission) -> str:
        """Why the previous summary has no numbers of a unit it lists in 报送情况 (未报送, 被退回 …),
        under any of the names found_for looks under; "" for a unit it does not know."""
        unit = sub.roster_unit
        names = (unit.name, *unit.aliases) if unit is not None else ()
        for name in (*names, sub.display_unit, sub.unit):
            why = self.not_counted.get(normalise(name))
            if why:
                return why
        return ""

    def _joined(self, keys: list[str]) -> tuple[dict[Key, int], tuple[str, ...]]:
        """The values of these units, summed; a value summed only where each of them has it."""
        names = tuple(self.names.get(k, k) for k in keys)
        if len(keys) == 1:
            return self.units[keys[0]], names
        common = set.intersection(*(set(self.units[k]) for k in keys))
        return {key: sum(self.units[k][key] for k in keys) for key in self.units[keys[0]] if key in common}, names


def find_summary(path: Path) -> Path:
    if path.is_file():
        return path
    candidates = sorted(path.glob("汇总表_*.xlsx"))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise PreviousError(f"“{path}”中没有汇总表(汇总表_*.xlsx)。")
    raise PreviousError(f"“{path}”中有多个汇总表,请直接指定文件:" + "、".join(c.name for c in candidates))


def load_previous(path: Path, ts: TableSet, calendar: Calendar = HALF_YEARS, notice: str = "") -> Previous:
    """The summary at ``path``, its period read in the notice's ``calendar`` (named as the notice
    names its periods). ``notice``: the id of the notice merged now, to say so when the summary
    was merged under another one and its 明细 does not fit these tables."""
    from ..read.grids import ReadError, load_grids

    summary = find_summary(path)
    try:
        grids_list = load_grids(summary)
        grids = {g.name: g for g in grids_list}
    except ReadError as exc:
        raise PreviousError(f"上期汇总表“{summary}”无法读取:{exc.problem.message}") from exc
    grid = grids.get(DETAIL_SHEET)
    if grid is None or len(grid.rows) < 3:
        raise PreviousError(f"上期汇总表“{summary.name}”中没有“{DETAIL_SHEET}”表。请指定 dianping merge 生成的汇总表。")
    props = getattr(grids_list, "properties", {})
    period = _period_of(props.get(SUMMARY_PERIOD_PROPERTY, ""), summary.name, calendar)
    names: dict[str, str] = {}
    made = props.get(SUMMARY_NOTICE_PROPERTY, "")
    try:
        units = _read_detail(grid.rows, ts, names)
    except PreviousError:
        raise PreviousError(_other_notice(summary, made or _fitting_notice(grid.rows, notice), notice)) from None
    return Previous(summary, period, units, props.get(SUMMARY_UNIT_PROPERTY, ""), names, made,
                    _not_counted(grids.get(STATUS_SHEET), units))


def _not_counted(grid, units: dict) -> dict[str, str]:
    """The units 报送情况 lists as 未报, 退回 (…) that have no numbers in 明细: normalised name -> what
    they had (NOT_COUNTED); a unit with another file adopted is left out. {} without the sheet."""
    rows = grid.rows if grid is not None else []
    top = next((i for i, r in enumerate(rows) if UNIT_HEADING in r and STATUS_HEADING in r), None)
    if top is None:
        return {}
    unit_col, status_col = rows[top].index(UNIT_HEADING), rows[top].index(STATUS_HEADING)
    out: dict[str, str] = {}
    for row in rows[top + 1:]:
        if max(unit_col, status_col) >= len(row):
            continue
        key, why = normalise(str(row[unit_col] or "")), NOT_COUNTED.get(str(row[status_col] or "").strip())
        if key and why and key not in units:
            out.setdefault(key, why)
    return out


def _other_notice(summary: Path, made: str, current: str) -> str:
    """Why a summary's 明细 does not fit this notice's tables, and what to do, in Chinese."""
    now = f"本次的通知“{current}”" if current else "本次的统计表"
    if made and made != current:
        from ..definitions.files import available

        # a shipped notice by its name; one of the office's own by its file (its id alone is found nowhere)
        given = made if made in available("notices") else f"“{made}”的通知定义文件(.toml)的路径"
        return (f"上期汇总表“{summary}”是按通知“{made}”汇总的,与{now}的统计表对不上,无法比对。"
                f"请指定按本次通知汇总的上一期汇总表;如本次本应按“{made}”汇总,请加 --notice {given}"
                f"(Python 中写 notice=\"{made if made == given else '….toml'}\")。")
    return (f"上期汇总表“{summary}”的“明细”表与{now}的统计表对不上(格式不对),无法比对。请指定本通知上一期"
            "由 dianping merge 生成的汇总表;如它是按另一个通知汇总的,请用 --notice 写明本次所用的通知。")


def _fitting_notice(rows: list[list], current: str) -> str:
    """The shipped notice (other than ``current``) whose tables a summary's 明细 fits, "" when none:
    a summary written before summaries named their notice."""
    from ..definitions.notices import available_notices

    for other in available_notices():
        if other.id == current:
            continue
        try:
            _read_detail(rows, other.tables, {})
        except PreviousError:
            continue
        return other.id
    return ""


def _period_of(marked: str, name: str, calendar: Calendar) -> Period | None:
    """The summary's period: as it marks itself, else as its file name says."""
    for text in (marked, (_NAME.search(name) or [None, ""])[1]):
        try:
            return Period.parse(text, calendar)
        except ValueError:
            continue
    return None


def check_previous(previous: Previous, period: Period, unit_name: str = "") -> None:
    """--previous must be this office's summary of the period just before; PreviousError if not."""
    name = previous.path.name
    expected = period.previous
    if previous.period is not None and previous.period != expected:
        raise PreviousError(
            f"--previous 指定的“{name}”是{previous.period.zh}({previous.period})的汇总表;本次汇总"
            f"{period.zh}({period}),应指定上一期即{expected.zh}({expected})的汇总表。")
    if unit_name and previous.unit and normalise(previous.unit) != normalise(unit_name):
        raise PreviousError(
            f"--previous 指定的“{name}”是“{previous.unit}”的汇总表,不是本级(“{unit_name}”)的。"
            "请指定本单位上一期的汇总表。")


def detail_headings(rows: list[list]) -> tuple[list[str], list[str], list[str]]:
    """明细's three heading rows as one text per column: without spaces or line breaks (a
    heading printed on several lines is the same heading), a category written once over its
    columns (a merged cell) repeated in each; a summary of an earlier version reads the same."""
    width = max(len(r) for r in rows[:3])
    tables, cats, metrics = ([_bare(r[c]) if c < len(r) else "" for c in range(width)] for r in rows[:3])
    for c in range(1, width):
        if not cats[c] and metrics[c] and cats[c - 1] and tables[c] == tables[c - 1]:
            cats[c] = cats[c - 1]
    return tables, cats, metrics


def _bare(value) -> str:
    return "".join(str(value).split()) if value is not None else ""


def _read_detail(rows: list[list], ts: TableSet, names: dict[str, str]) -> dict[str, dict[Key, int]]:
    """Each unit's values by its normalised name (``names``: filled with the names as written)."""
    tables, cats, metrics = detail_headings(rows)
    wanted = {(_bare(k.table), _bare(k.category), _bare(f"{k.metric}({k.round})" if k.round else k.metric)): k
              for k in ts.keys}
    columns = {}
    unit_col = period_col = None
    for c, head in enumerate(tables):
        if head == UNIT_HEADING:
            unit_col = c
        elif head == PERIOD_HEADING:
            period_col = c
        key = wanted.get((head, cats[c], metrics[c]))
        if key:
            columns[c] = key
    if unit_col is None or not columns:
        raise PreviousError("上期汇总表的“明细”表格式不对。")
    units: dict[str, dict[Key, int]] = {}
    for row in rows[3:]:
        unit = str(row[unit_col]).strip() if unit_col < len(row) else ""
        if not unit or unit == "合计":
            continue
        if period_col is not None and row[period_col] == PREVIOUS_LABEL:
            continue
        values = {}
        for c, key in columns.items():
            parsed = parse_count(row[c] if c < len(row) else "")
            if parsed.value is not None:
                values[key] = parsed.value
        units[normalise(unit)] = values
        names.setdefault(normalise(unit), unit)
    return units


def units_not_in(previous: Previous, reported: set[str]) -> list[str]:
    """The units of the previous summary that have no report now (``reported``: the normalised
    names of the units that sent their tables), as the summary wrote them, in its order."""
    return [previous.names.get(key, key) for key in previous.units if key not in reported]


def source_note(unit: str, names: tuple[str, ...]) -> str:
    """What a unit's previous values are, when not its own under its name now ("" when they are):
    上期为甲镇党委、乙镇党委之和; 上期为“县卫生局党组”."""
    if len(names) > 1:
        return f"{PREVIOUS_LABEL}为{'、'.join(names)}之和"
    if names and normalise(names[0]) != normalise(unit):
        return f"{PREVIOUS_LABEL}为“{names[0]}”"
    return ""


def compare(sub: Submission, ts: TableSet, period: Period,
            previous: Previous) -> tuple[dict[Key, int], tuple[str, ...]] | None:
    """Add warnings where the submission departs from the previous period; return those values
    and the previous summary's units they are of (Previous.found_for)."""
    found = previous.found_for(sub)
    if found is None:
        why = previous.not_counted_for(sub)
        cell = sub.unit_cell
        sub.add(Problem("previous.not-counted", sheet=cell.sheet if cell else "", cell=cell.ref if cell else "",
                        params={"previous": previous.path.name, "what": why}) if why else
                Problem("previous.no-unit", params={"previous": previous.path.name}))
        return None
    before, names = found
    said = (previous.period or period.previous).spec.name
    if len(names) > 1:
        said += f"{'、'.join(names)}合计"
    elif normalise(names[0]) != normalise(sub.display_unit):
        said += f"以“{names[0]}”"
    same_year_h1 = previous.period is None or (previous.period.year == period.year and previous.period.half == "H1")
    first_rounds = {r.label for r in ts.rounds if r.half == "H1"}
    for key, value in sub.values.items():
        old = before.get(key)
        if old is None:
            continue
        cell = sub.cells[key]
        base = ts.table(key.table).row(key.metric).base
        if key.round in first_rounds and same_year_h1 and period.half == "H2" and value != old:
            sub.add(Problem("previous.round-changed", sheet=cell.sheet, cell=cell.ref, target=key,
                            params={"category": key.category, "metric": key.metric, "round": key.round,
                                    "value": value, "before": old,
                                    "previous": said}))
        elif base and value != old and not old:
            sub.add(Problem("previous.total-from-zero", sheet=cell.sheet, cell=cell.ref, target=key,
                            params={"category": key.category, "metric": key.metric, "value": value}))
        elif base and value != old and abs(value - old) / old > ts.previous_change:
            sub.add(Problem("previous.total-changed", sheet=cell.sheet, cell=cell.ref, target=key,
                            params={"category": key.category, "metric": key.metric, "value": value,
                                    "before": old, "change": f"{(value - old) / old:+.0%}",
                                    "threshold": f"{ts.previous_change:.0%}"}))
    return found
