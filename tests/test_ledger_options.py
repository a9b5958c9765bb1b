"""Issue 33, noise: a ledger value that contains an option is that option (data: contains = true
per column, the longest option contained winning); what is still outside a list open to free text
is one note for the file and column, never one per row."""

from __future__ import annotations

import datetime as dt

import pytest

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.definitions import SpecError, load_ledger_set
from dianping_xlsx.model import Period
from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates
from dianping_xlsx.text import normalise

from .test_ledgers import _fill_template

H1 = Period.parse("2011-H1")


def test_a_value_containing_options_is_the_longest_of_them(ts):
    column = next(c for c in load_ledger_set().ledger("appraisal").columns if c.label == "点评人职务")
    options = column.options(ts)
    assert {t: column.option(normalise(t), options) for t in
            ("山坪村党支部书记", "东坪镇党委书记", "班子成员", "東坪鎮黨委書記", "镇长")} == {
        "山坪村党支部书记": "支部书记", "东坪镇党委书记": "书记", "班子成员": "班子成员",
        "東坪鎮黨委書記": "书记", "镇长": None}
    closed = next(c for c in load_ledger_set().ledger("appraisal").columns if c.label == "点评方式")
    assert not closed.contains and closed.option(normalise("召开会议集中点评"), closed.options(ts)) is None


def test_contains_is_for_list_columns_only(tmp_path):
    text = (load_ledger_set().text.replace('{ label = "点评人", kind = "text"', '{ label = "点评人", kind = "text", contains = true'))
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match="contains"):
        load_ledger_set(str(path))


def test_posts_as_units_write_them_make_one_note_at_most(ts, tmp_path):
    """248 records: posts written with the unit's name in front are their options; 60 镇长 and
    副镇长 are outside the open list: one note for the column, at the first, with the count."""
    ls = load_ledger_set()
    appraisal, _ = write_ledger_templates(ls, ts, tmp_path, "东坪镇党委")
    posts = ["山坪村党支部书记", "东坪镇党委书记", "东坪镇党委班子成员", "书记", "镇长", "副镇长"]
    records = []
    for i in range(248):
        day = (dt.date(2011, 3, 1) + dt.timedelta(days=i % 90)).isoformat()
        post = posts[i % 4] if i < 188 else posts[4 + i % 2]
        records.append((day, "李书记", post, f"党员{i}", "党员", "农村", "会议集中点评", "好", "有", "已落实"))
    _fill_template(appraisal, records)
    sub = check_workbook(appraisal, ts, H1, ledgers=ls)
    notes = [p for p in sub.problems if p.code == "ledger.other-value"]
    assert [(p.sheet, p.cell, p.severity) for p in notes] == [("领导点评全程记实台账", f"D{HEADER_ROW + 2 + 188}", "info")]
    assert notes[0].message == (
        "领导点评全程记实台账“点评人职务”:60 行填写的不是选项(书记、班子成员、支部书记),已照录(如第 "
        f"{HEADER_ROW + 2 + 188} 行“镇长”);这一列允许填写其他内容。")
    assert not [p for p in sub.problems if p.code == "ledger.unknown-value"]
