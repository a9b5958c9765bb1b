"""Seed 002's notice typed otherwise than its usual layout drafts the same tables: a 合计 column
in every block (first or last), the heading typed in two cells (“类” | “别”)."""

from __future__ import annotations

import datetime as dt

import pytest

from dianping_xlsx import api
from dianping_xlsx.testing import fill_template, random_values

from .test_draft_docs import seed002_docx


def _tables(notice):
    return [(t.key, t.title, t.blocks, t.separate_blocks, t.block_names, t.sums,
             [(r.metric, r.rounds, r.base, r.rate) for r in t.rows]) for t in api.load_notice(str(notice)).tables.tables]


@pytest.mark.parametrize("layout", [{"block_total": "first"}, {"block_total": "last"}])
def test_a_total_in_every_block_is_that_blocks_own(tmp_path, layout):
    """合计 in each block of 附件1 (书记, 常委) and 附件2–3: each the block's own total, computed as
    for the usual layout (附件1's blocks kept apart), not one 合计 of all fourteen categories with
    the second dropped; filled templates are taken."""
    usual = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "a" / "n.toml")
    draft = api.draft_notice(seed002_docx(tmp_path / "合计.docx", **layout), tmp_path / "b" / "n.toml")
    assert _tables(draft.notice) == _tables(usual.notice)
    assert not [g for g in draft.gaps if "出现了两次" in g], draft.gaps
    assert "每块都有“合计”栏" in draft.tables_text
    ts = api.load_notice(str(draft.notice)).tables
    inbox = tmp_path / "inbox"
    for n in range(2):
        fill_template(ts, inbox / f"单位{n}.xlsx", f"测试单位{n}", dt.date(2011, 6, 20), random_values(ts, n))
    result = api.merge_inbox(inbox, period="2011-H1", notice=str(draft.notice), jobs=1)
    assert len(result.accepted) == 2


def test_a_heading_typed_in_two_cells_is_read_as_one(tmp_path):
    """“类” | “别” typed in the two label columns, not merged: the tables read as usual (not
    refused as 看不出哪些列是名称), the second block's heading row a heading, not a row."""
    usual = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "a" / "n.toml")
    draft = api.draft_notice(seed002_docx(tmp_path / "类别.docx", split_corner=True), tmp_path / "b" / "n.toml")
    assert _tables(draft.notice) == _tables(usual.notice)
    assert [f.problem for f in draft.found] == [f.problem for f in usual.found]


def test_each_block_is_named_in_the_notices_words(tmp_path):
    """附件1's second block lists 常委 and 领导班子成员: its 合计 is named by both (not 常委 alone,
    which would call the 领导班子成员 常委 in every message)."""
    draft = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "n.toml")
    first = api.load_notice(str(draft.notice)).tables.tables[0]
    assert first.separate_blocks and first.block_names == ("书记", "常委、领导班子成员")
