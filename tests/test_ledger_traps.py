"""Ledgers (台账) as clerks really keep them, merged and counted: record texts that read like a
totals line, a ledger in two files or on two sheets, a header row repeated for printing, merged
cells, traditional characters, and which day 逾期 is measured against."""

from __future__ import annotations

import datetime as dt

import openpyxl

import dianping_xlsx as api
from dianping_xlsx.definitions import load_ledger_set
from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates

D = dt.date


def _fill(path, records):
    """Our ledger template filled in as a clerk does: 序号, then the record's cells."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for i, record in enumerate(records):
        ws.cell(HEADER_ROW + 2 + i, 1, i + 1)
        for j, value in enumerate(record, start=2):
            if value not in ("", None):
                ws.cell(HEADER_ROW + 2 + i, j, value)
    wb.save(path)


def _commitments(result, unit):
    """(承诺数, 已兑现, rate, 逾期未兑现) of a unit's 公开承诺情况 row."""
    row = next(r for r in result.summary.ledgers.commitments if r.unit == unit)
    return row.count, row.by["兑现情况:已兑现"], row.rate, row.overdue


def test_record_texts_that_hold_totals_words_are_records(ts, tmp_path, make_unit):
    """中共东坪镇委员会, 全年共讲党课4次, 承诺为群众办实事5件: records, not a totals line; a real
    totals line under them (its label in the first columns) is still one."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "东坪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    _, commitment = write_ledger_templates(load_ledger_set(), ts, inbox, "东坪镇党委")
    rows = [
        ("党组织", "东坪村党支部", "中共东坪镇委员会", "业务工作", "硬化村道3公里", D(2011, 1, 10), D(2011, 6, 1),
         "已兑现", D(2011, 5, 20)),
        ("党员", "刘建华", "东坪村党支部", "服务群众", "帮扶困难群众", D(2011, 2, 1), D(2011, 12, 31), "推进中", None),
        ("党员", "陈志明", "东坪村党支部", "政治思想作风", "全年共讲党课4次", D(2011, 1, 5), D(2011, 6, 30),
         "已兑现", D(2011, 6, 18)),
        ("党员", "王丽华", "东坪村党支部", "服务群众", "承诺为群众办实事5件", D(2011, 1, 5), D(2011, 6, 30),
         "已兑现", D(2011, 6, 10)),
    ]
    _fill(commitment, rows)
    wb = openpyxl.load_workbook(commitment)
    wb.worksheets[0].cell(HEADER_ROW + 2 + len(rows), 1, "合计")
    wb.worksheets[0].cell(HEADER_ROW + 2 + len(rows), 10, "已兑现3条")
    wb.save(commitment)
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert {e.status for e in result.entries} == {"accepted"}
    assert _commitments(result, "东坪镇党委") == (4, 3, 0.75, 0)
