"""A rate's part is at most its base (覆盖率, 落实率 ≤ 100%): a definition whose rules do not keep it
so may divide by the wrong row (``definitions check`` says so), and a total over 100% after a merge
is then the definition's fault, else the data's (merge says which)."""

from __future__ import annotations

import ast


def guarded(ts, table, metric: str, base: str) -> bool:
    """A rule of ``table`` checks ``metric`` at most ``base`` in every category (A <= B, B >= A), an
    error or a warning."""
    for rule in ts.rules:
        if not rule.per_category or (rule.tables and table.key not in rule.tables):
            continue
        if len(rule.refs) < 2 or rule.categories or rule.block:
            continue
        left, right, op = rule.refs[0].metric, rule.refs[1].metric, type(rule.tree.ops[0])
        if (op in (ast.LtE, ast.Lt) and (left, right) == (metric, base)) or \
                (op in (ast.GtE, ast.Gt) and (left, right) == (base, metric)):
            return True
    return False


def unguarded(ts) -> list[tuple[object, str, str]]:
    """(table, row, base) of every rate shown whose part no rule checks within its base."""
    return [(t, row.metric, t.base_of(row).metric) for t in ts.tables for row in t.rows
            if row.rate and not guarded(ts, t, row.metric, t.base_of(row).metric)]


def rate_doubts(ts) -> list[str]:
    """What ``definitions check`` asks to confirm about the rates, in Chinese."""
    return [f"{t.key}:“{row}”的比率({_rate(t, row)})以“{base}”为分母,但没有审核规则保证“{row}”不超过“{base}”,"
            f"比率可能超过 100%。如果“{base}”不是“{row}”的总数,是分母写错了:把 base = true 写在它的总数行,"
            f"或在“{row}”一行写 of = \"总数行的名称\";如果是,加一条规则 check = \"{row} <= {base}\"。"
            for t, row, base in unguarded(ts)]


def over_whole_note(ts, table, metric: str, rnd: str, base: str, label: str, part: int, whole: int) -> str:
    """A total's rate (of round ``rnd``, "" for none) over 100% after a merge, said with whose fault it is."""
    said = (f"{table.key}“{label}”的{_rate(table, metric)}{f'({rnd})' if rnd else ''}为 {part / whole:.1%}"
            f"({metric} {part} ÷ {base} {whole}),超过了 100%。")
    if guarded(ts, table, metric, base):
        return said + (f"是数据的问题:有单位报的“{metric}”大于“{base}”(这条审核规则是警告,这些报表仍计入了汇总),"
                       "请查“审核问题”表,请单位核实改正后重新汇总。")
    return said + (f"是通知定义的问题:“{base}”不是“{metric}”的总数(定义中没有“{metric}”不超过“{base}”的审核规则),"
                   f"请在表格定义中把 base = true 写在“{metric}”的总数行,或在“{metric}”一行写 of = \"总数行的名称\","
                   "用 dianping definitions check 检查后重新汇总。")


def _rate(table, metric: str) -> str:
    return table.row(metric).rate
