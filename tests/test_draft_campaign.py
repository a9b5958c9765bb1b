"""A new campaign's notice drafted as a clerk drafts it (a tester's notice typed in Word with
full-width punctuation): each finding of running it without a developer, end to end from the .docx."""

from __future__ import annotations

from dianping_xlsx import api

from .test_draft_docs import CAMPAIGN_HALVES, campaign_docx, fw


def _draft(tmp_path, name: str = "通知.docx", **typed):
    draft = api.draft_notice(campaign_docx(tmp_path / name, **typed), tmp_path / "def" / f"{name[:-5]}.toml")
    return draft, api.load_notice(str(draft.notice))


def test_two_half_years_due_after_each_half_are_two_periods(tmp_path):
    """上半年 due 7月5日 (after June), 下半年 due 2028年1月10日: two periods with their own due dates and
    spans of work, not one period 统计 due next January with 7月5日 as its units' date."""
    draft, notice = _draft(tmp_path)
    periods = notice.calendar.periods
    assert [(p.half, p.name) for p in periods] == [("H1", "上半年"), ("H2", "下半年")]
    assert [(p.due, p.unit_due, p.due_next) for p in periods] == [((7, 5), None, False), ((1, 10), None, True)]
    assert [p.appraisal for p in periods] == [((1, 1), (6, 30)), ((7, 1), (12, 31))]
    assert all(not p.doubts() for p in periods) and "unit_due" not in draft.text


def test_dates_months_apart_are_two_collections_though_no_sentence_names_one(tmp_path):
    """各单位于7月5日、次年1月10日前报送: the earlier date is the first half's, the later the second's."""
    halves = "统计1月1日至12月31日的情况,分两次报送:各单位于7月5日、次年1月10日前报送。"
    _, notice = _draft(tmp_path, halves=halves, a1_note="注:1.“合计”为各类别之和。")
    assert [(p.half, p.due) for p in notice.calendar.periods] == [("H1", (7, 5)), ("H2", (1, 10))]


def test_a_half_whose_due_date_is_not_said_is_a_gap(tmp_path):
    """Two halves each with its span of work, only the first's due date: the second is a period all
    the same, its due date 待补 (not one period guessed from the title)."""
    halves = CAMPAIGN_HALVES.split(";")[0] + ";下半年统计7月1日至12月31日的情况。"
    draft, notice = _draft(tmp_path, halves=halves)
    assert [(p.half, p.name) for p in notice.calendar.periods] == [("H1", "上半年"), ("H2", "下半年")]
    assert "# 待补:通知中没有读出下半年的报送截止日期" in draft.text
    assert any("下半年的报送截止日期" in g for g in draft.gaps)
