"""The lines of the 自查 sheet: one per rule and category, its rounds side by side.

A line is a rule in one table and category (or over whole tables), with one check per round
it is made in (or one for the line when the rule reads no round); a table's value cells are
one line, listing each unreadable cell where it is. Until any value is filled, no line has a
verdict (NOT_FILLED): the blank template shows no 通过.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..definitions import Key, TableSet
from ..problems import Problem
from ..text import label_word
from . import formulas as fx

NOT_FILLED = -4  # no value filled yet: the line has no verdict
FILLED_COL = 25  # on 自查, hidden: Z1 holds how many value cells are filled
FILLED_CELL = "$Z$1"
CELL_MESSAGE = "附件9!C10:" + "字" * 60  # about as long as one cell's message
CELL_MESSAGES_SHOWN = 4  # a table's line has room for this many cells' messages


@dataclass
class Check:
    round: str  # "" for the whole line
    status: str  # formula of the status code
    message: str  # formula of the failure's sentence
    longest: str  # the longest sentence it may show, to make its row tall enough


@dataclass
class Line:
    table: str
    category: str
    what: str
    severity: str  # "error" | "warning"; "" for a table's cells (an unreadable one is an error)
    rule: str = ""
    checks: list[Check] = field(default_factory=list)


def when_filled(status: str) -> str:
    """A status formula that is NOT_FILLED while no value is filled."""
    return f"=IF({FILLED_CELL}=0,{NOT_FILLED},{status.lstrip('=')})"


def due(ts: TableSet, rule, rnd: str, half: str, names: dict[str, str]) -> str:
    """The condition under which a round is checked: always, or (a rule of the rounds due)
    when the 报送时段 picked (``names``: the notice's periods by code) is blank or reaches the
    round's period."""
    if not (rule.due_rounds_only and rnd) or ts.round_half(rnd) == min(names):
        return ""
    reached = [name for h, name in names.items() if h >= ts.round_half(rnd)]
    return "OR(" + ",".join([f'{half}=""', *(f'{half}="{zh}"' for zh in reached)]) + ")"


def build_lines(ts: TableSet, places: dict[Key, str], value, cell_ref, unit_kinds: str,
                half: str, names: dict[str, str], filled_in=None) -> tuple[list[Line], dict[Key, list[tuple[int, int]]]]:
    """Every line in order (the unit's name; then table by table, its cells, whether it is filled at
    all, then each rule category by category; then the rules over whole tables), and for each input
    cell the (line, check) pairs that colour it. ``value(key)``: the helper holding a key's value;
    ``cell_ref(key, area)``: a helper of the key's cell; ``unit_kinds``: the range of the 填报单位
    cells' kinds (formulas.unit_kind); ``filled_in(table)``: how many of a table's value cells
    are filled."""
    all_rounds = tuple(r.label for r in ts.rounds)
    per_rule = [(rule, fx.instances(rule, ts.tables_by_key, all_rounds, value)) for rule in ts.rules]
    lines = [_unit_line(ts, unit_kinds)]
    about: dict[Key, list[tuple[int, int]]] = {}

    def add(table, category, rule, found):
        line = Line(table, category, rule.what, rule.severity, rule.id)
        for inst in sorted(found, key=lambda i: all_rounds.index(i.round) if i.round else -1):
            line.checks.append(Check(inst.round, when_filled(fx.status(inst, due(ts, rule, inst.round, half, names))),
                                     inst.message, _longest(rule.message, category)))
            for key in inst.about:
                about.setdefault(key, []).append((len(lines), len(line.checks) - 1))
        lines.append(line)

    for table in ts.tables:
        keys = [k for k in table.keys() if k in places]
        statuses = ",".join(cell_ref(k, "G") for k in keys)
        lines.append(Line(table.key, "", "数字格填写", "", checks=[Check(
            "", when_filled(f"=MAX({statuses})"), "&".join(cell_ref(k, "M") for k in keys),
            CELL_MESSAGE * CELL_MESSAGES_SHOWN)]))
        if filled_in is not None and len(ts.tables) > 1:
            lines.append(_whole_table(ts, table, filled_in(table.key)))
        for category in table.categories:
            for rule, found in per_rule:
                mine = [i for i in found if rule.per_category and i.table == table.key and i.category == category]
                if mine:
                    add(table.key, category, rule, mine)
    for rule, found in per_rule:
        if not rule.per_category and found:
            add(found[0].table, "", rule, found)
    return lines, about


def _unit_line(ts: TableSet, kinds: str) -> Line:
    """The 填报单位: a warning as check's, when no cell names the unit or one holds no name (a
    symbol, a number, a date) beside it."""
    unit_word = label_word(ts.unit_label).split("(")[0]
    blank = f"未填写“{unit_word}”。请在表头填写单位全称。"
    no_name = f"“{unit_word}”填写的不是单位名称(只有符号、数字或日期)。请在表头填写单位全称。"
    said = f"IF(MAX({kinds})={fx.UNIT_BLANK},{fx.quote(blank)},{fx.quote(no_name)})"
    return Line("", "", f"填写{unit_word}", "warning", checks=[Check(
        "", when_filled(f"=IF(MAX({kinds})<>{fx.UNIT_NAMED},{fx.WARN},{fx.PASS})"), said, no_name)])


def _whole_table(ts: TableSet, table, count: str) -> Line:
    """A table left entirely blank while another is filled (as check says it: table.blank)."""
    said = Problem("table.blank", params={"table": table.key, "title": table.title, "all_tables": ts.all_tables})
    return Line(table.key, "", "整表填写", said.severity, checks=[Check(
        "", when_filled(f"=IF({count}=0,{fx.FAIL},{fx.PASS})"), fx.quote(said.message), said.message)])


def _longest(template: str, category: str) -> str:
    """A failure sentence as long as it gets: the category, and six digits for each number."""
    return re.sub(r"\{category\}", category, re.sub(r"\{(?!category)[^}]*\}", "999999", template))
