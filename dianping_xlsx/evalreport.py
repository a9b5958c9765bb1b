"""The mass-evaluation part of the summary: counts, shares, 满意率, and who to follow up.

满意率 = (满意 + 比较满意) / all ticks of an item (the options counted as
satisfied come from the item set). The 不满意 share of an organisation or a
member is its 不满意 ticks over all its ticks; above the threshold it is
listed on 评议跟进.
"""

from __future__ import annotations

from .evaluation import EvalSet, Tally


def combine(tallies: list[Tally], form: str) -> Tally:
    total = Tally(form, "", "", 0, {})
    for t in tallies:
        if t.form == form:
            total.add(t)
    return total


def by_object(tallies: list[Tally]) -> list[Tally]:
    """Forms of the same organisation or member added up (filled forms come one per evaluator)."""
    merged: dict[tuple, Tally] = {}
    for t in tallies:
        key = (t.form, t.object, t.category)
        if key not in merged:
            merged[key] = Tally(t.form, t.object, t.category, 0, {})
        merged[key].add(t)
    return list(merged.values())


def satisfied_rate(es: EvalSet, counts: list[int]) -> float | None:
    total = sum(counts)
    if not total:
        return None
    return sum(counts[es.options.index(o)] for o in es.satisfied) / total


def unsatisfied(es: EvalSet, tally: Tally) -> tuple[int, float | None]:
    i = es.options.index(es.unsatisfied)
    bad = sum(c[i] for c in tally.counts.values())
    ticks = sum(sum(c) for c in tally.counts.values())
    return bad, (bad / ticks if ticks else None)


def _write_row(ws, st, es: EvalSet, row: int, first: list[str], tally: Tally, items, bold=False) -> None:
    text, num, pct = (st.total_label, st.total_num, st.total_pct) if bold else (st.td, st.num, st.pct)
    for j, value in enumerate(first):
        ws.write_string(row, j, value, text)
    col = len(first)
    ws.write_number(row, col, tally.forms, num)
    col += 1
    bad, share = unsatisfied(es, tally)
    ws.write_number(row, col, bad, num)
    col += 1
    if share is None:
        ws.write_string(row, col, "—", text)
    else:
        ws.write_number(row, col, share, pct)
    col += 1
    for item in items:
        counts = tally.counts.get(item, [0] * len(es.options))
        total = sum(counts)
        for n in counts:
            ws.write_number(row, col, n, num)
            col += 1
        for n in counts:  # the share of each option
            if total:
                ws.write_number(row, col, n / total, pct)
            else:
                ws.write_string(row, col, "—", text)
            col += 1
        rate = satisfied_rate(es, counts)
        if rate is None or not total:
            ws.write_string(row, col, "—", text)
        else:
            ws.write_number(row, col, rate, pct)
        col += 1


def write_evaluation_sheets(wb, st, result) -> None:
    es: EvalSet = result.items
    per_unit = result.evaluations
    if not per_unit:
        return
    ws = wb.add_worksheet("群众评议汇总")
    ws.write_string(0, 0, f"群众评议汇总({result.period.zh},{len(per_unit)} 个单位报送了评议结果)", st.heading)
    satisfied = "+".join(es.satisfied)
    ws.write_string(1, 0, f"说明:满意率 = ({satisfied})÷ 该项全部评议份数;不满意占比 = 不满意次数 ÷ 全部选项次数。", st.plain)
    row = 3
    for form in es.forms:
        items = form.items
        ws.write_string(row, 0, f"{form.key} {form.title}", st.heading)
        row += 1
        first_cols = ["单位", "类别"]
        fixed = [*first_cols, "评议表份数", "不满意次数", "不满意占比"]
        for j, h in enumerate(fixed):
            ws.merge_range(row, j, row + 1, j, h, st.th)
        col = len(fixed)
        per_item = [*es.options, *(f"{o}占比" for o in es.options), "满意率"]
        for item in items:
            ws.merge_range(row, col, row, col + len(per_item) - 1, item, st.th)
            for k, heading in enumerate(per_item):
                ws.write_string(row + 1, col + k, heading, st.th)
            col += len(per_item)
        row += 2
        all_tallies = []
        for unit, tallies in per_unit.items():
            mine = [t for t in tallies if t.form == form.key]
            if not mine:
                continue
            all_tallies += mine
            _write_row(ws, st, es, row, [unit, ""], combine(mine, form.key), items)
            row += 1
        categories = sorted({t.category for t in all_tallies if t.category})
        for cat in categories:
            _write_row(ws, st, es, row, ["(按类别)", cat], combine([t for t in all_tallies if t.category == cat], form.key), items)
            row += 1
        _write_row(ws, st, es, row, ["合计", ""], combine(all_tallies, form.key), items, bold=True)
        row += 3
    ws.set_column(0, 1, 18)
    ws.set_column(2, 4, 10)
    ws.set_column(5, 5 + 5 * (2 * len(es.options) + 1), 7)
    ws.freeze_panes(0, 2)
    _follow_up_sheet(wb, st, result)


def follow_ups(result) -> list[tuple[str, Tally, int, float]]:
    es: EvalSet = result.items
    out = []
    for unit, tallies in result.evaluations.items():
        for t in by_object(tallies):
            bad, share = unsatisfied(es, t)
            if share is not None and share > result.threshold:
                out.append((unit, t, bad, share))
    return out


def _follow_up_sheet(wb, st, result) -> None:
    ws = wb.add_worksheet("评议跟进")
    rows = follow_ups(result)
    ws.write_string(0, 0, f"不满意占比超过 {result.threshold:.0%} 的党组织和党员({len(rows)} 个),请督促整改", st.heading)
    headings = ["单位", "评议表", "评议对象", "类别", "评议表份数", "不满意次数", "不满意占比"]
    for j, h in enumerate(headings):
        ws.write_string(2, j, h, st.th)
    for i, (unit, t, bad, share) in enumerate(rows, start=3):
        for j, text in enumerate([unit, t.form, t.object, t.category]):
            ws.write_string(i, j, text, st.td)
        ws.write_number(i, 4, t.forms, st.num)
        ws.write_number(i, 5, bad, st.num)
        ws.write_number(i, 6, share, st.pct)
    ws.set_column(0, 3, 18)
    ws.set_column(4, 6, 12)
