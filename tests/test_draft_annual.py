"""A year's work reported in the next January, the notice typed by a 组织部 (a tester's notice):
what the draft reads from it, each right or marked."""

from __future__ import annotations

from dianping_xlsx import api

from .test_draft_docs import annual_docx


def _draft(tmp_path, due_year: str = "2028年"):
    tmp_path.mkdir(exist_ok=True)
    draft = api.draft_notice(annual_docx(tmp_path / "通知.docx", due_year), tmp_path / "def" / "新通知.toml")
    return draft, api.load_notice(str(draft.notice))


def test_a_due_date_written_with_the_next_year_is_the_next_years(tmp_path):
    """统计2027年1月1日至2027年12月31日, 报送 2028年1月20日前: the period is the whole year, due next
    January, as when the notice writes 次年1月20日; not 1月1日–1月20日 of 2027."""
    draft, notice = _draft(tmp_path)
    (period,) = notice.calendar.periods
    assert 'due = "次年01-20"' in draft.text and 'unit_due = "次年01-10"' in draft.text
    assert period.appraisal == ((1, 1), (12, 31)) and period.due_words == "次年1月20日" and not period.doubts()
    assert "# 推断:统计的是2027年的工作,通知中2028年的日期写作“次年…”" in draft.text
    _, said_next_year = _draft(tmp_path / "次年", "次年")
    (same,) = said_next_year.calendar.periods
    assert (same.appraisal, same.due, same.unit_due) == (period.appraisal, period.due, period.unit_due)
