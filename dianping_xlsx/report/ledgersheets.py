"""The ledgers in the summary workbook: 点评记实情况 and 公开承诺情况 (per unit and in total, as
the Summary counted them) and each ledger merged (every accepted unit's records, the unit
first, in the template's shape: a streamed sheet, as a county's can hold 100,000 rows)."""

from __future__ import annotations

from ..merge.ledgers import LedgerSummary

MERGED_PREFIX = "合并"  # 合并_领导点评全程记实台账


def merged_name(title: str) -> str:
    return f"{MERGED_PREFIX}_{title}"[:31]


def write_ledger_sheets(wb, st, ledgers: LedgerSummary, period_zh: str, list_sheet) -> None:
    """``list_sheet``: the workbook's writer of a plain list (headings, widths, rows, title)."""
    ls = ledgers.ledgers
    if ledgers.appraisals:
        headings = ["单位", "点评记录(条)", *(f"{r}被点评(人/个)" for r in ledgers.rounds), "点评方式",
                    "缺整改措施或落实情况(条)"]
        rows = [[a.unit, a.records, *(a.persons.get(r, 0) for r in ledgers.rounds), a.ways, a.without_follow_up]
                for a in ledgers.appraisals]
        list_sheet(wb, st, "点评记实情况", headings, [24, 10, *([12] * len(ledgers.rounds)), 40, 14], rows,
                   "领导点评全程记实台账汇总(按人数计,同一对象同一轮只计一次)", period_zh)
    if ledgers.commitments:
        by = ledgers.commitment_columns
        headings = ["单位", "承诺数", *(k.split(":", 1)[1] for k in by), "兑现率", "逾期未兑现"]
        rows = [[c.unit, c.count, *(c.by[k] for k in by), f"{c.rate:.1%}" if c.rate is not None else "—", c.overdue]
                for c in ledgers.commitments]
        list_sheet(wb, st, "公开承诺情况", headings, [24, 8, *([8] * len(by)), 8, 10], rows,
                   "公开承诺台账汇总(逾期未兑现:承诺时限已过、尚未兑现,请挂牌督办)", period_zh)
    for ledger in ls.ledgers:
        units = ledgers.merged.get(ledger.key, [])
        if not units:
            continue
        rows = [[u.unit, *row] for u in units for row in u.rows]
        widths = [24, *(14 for _ in ledger.columns)]
        list_sheet(wb, st, merged_name(ledger.title), ["单位", *ledger.labels], widths, rows,
                   f"{ledger.title}(各单位合并,共 {len(rows)} 条)", period_zh)
