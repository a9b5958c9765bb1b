"""What a draft reads from a notice's text and marks: the collections' names and spans of work,
the documents units send, a rate column, the ledger asked for (a 2027 county notice in Word)."""

from __future__ import annotations

import openpyxl

from dianping_xlsx import api

from .test_draft_docs import LEDGER_2027, NOTICE_2027_TEXT, notice_2027_docx, seed002_docx


def _draft(tmp_path):
    draft = api.draft_notice(notice_2027_docx(tmp_path / "通知2027.docx"), tmp_path / "def" / "taoyuan-2027.toml")
    return draft, api.load_notice(str(draft.notice))


def test_the_collections_are_named_and_timed_as_the_notice_says(tmp_path):
    """年中统计 and 年终统计 (not 上半年/下半年), each with the work the body gives it, each read
    from a sentence the draft quotes; units' and the county's due dates kept apart."""
    draft, notice = _draft(tmp_path)
    periods = notice.calendar.periods
    assert [p.name for p in periods] == ["年中统计", "年终统计"]
    assert [p.appraisal for p in periods] == [((1, 1), (6, 15)), ((6, 16), (12, 10))]
    assert [(p.unit_due, p.due) for p in periods] == [((6, 20), (6, 25)), ((12, 15), (12, 20))]
    assert "# 推断:期次的叫法读自:“统计分年中统计和年终统计两次进行”" in draft.text
    assert "读自“年终统计6月16日至12月10日开展的工作”" in draft.text
    assert all(not p.doubts() for p in periods)


def test_a_notice_naming_no_collections_gets_half_years_marked_as_a_guess(tmp_path):
    draft = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml")
    assert [p.name for p in api.load_notice(str(draft.notice)).calendar.periods] == ["上半年", "下半年"]
    assert draft.text.count("# 推断:通知中没有读出两次报送的叫法") == 2


def test_a_years_work_due_next_january_is_drafted_so(tmp_path):
    """全年的工作次年1月报: one period, its due dates written 次年, which the loader takes as the next year's."""
    text = [line for line in NOTICE_2027_TEXT if not line.startswith(("一、", "二、"))]
    text[5:5] = ["一、统计内容。统计1月1日至12月31日开展的工作。",
                 "二、报送时间。各单位于次年1月10日前报送统计表,县委组织部汇总后于次年1月15日前报市委组织部。"]
    draft = api.draft_notice(notice_2027_docx(tmp_path / "年度.docx", text, note="注:积分评定等次年终填报。"),
                             tmp_path / "年度.toml")
    (period,) = api.load_notice(str(draft.notice)).calendar.periods
    assert 'due = "次年01-15"' in draft.text and 'unit_due = "次年01-10"' in draft.text
    assert period.appraisal == ((1, 1), (12, 31)) and period.due_words == "次年1月15日" and not period.doubts()


def test_the_summary_units_send_is_a_required_material(tmp_path):
    """“…及工作小结报送…” (no 前 in the sentence): 工作小结 is listed beside the tables, found by 小结;
    the 台账 “留存备查并随表报送” is a material kept (kind ledger), required, known by its columns too."""
    _, notice = _draft(tmp_path)
    assert [(m.name, m.kind, m.words, m.required) for m in notice.materials] == [
        ("统计表", "tables", (), True), ("工作小结", "document", ("小结",), True),
        ("党员承诺践诺台账", "ledger", ("台账",), True)]
    assert notice.materials[-1].columns == tuple(LEDGER_2027)


def test_a_rate_column_is_computed_not_filled_in(tmp_path):
    """践诺率(%) is no row a unit fills with whole numbers (58.9 was sent back): the draft leaves it
    out, drafts the rate on the row the note divides (已践诺事项数÷承诺事项数) and that row at most
    its whole; the draft's template has no cell for it."""
    draft, notice = _draft(tmp_path)
    table = notice.tables.tables[1]
    assert [(r.metric, r.base, r.rate) for r in table.rows] == [
        ("承诺党员数(人)", False, ""), ("承诺事项数(项)", True, ""), ("已践诺事项数(项)", False, "践诺率")]
    assert "已践诺事项数(项) <= 承诺事项数(项)" in {r.check for r in notice.tables.rules}
    assert "# 推断:“践诺率(%)”是比率" in draft.tables_text
    templates, _ = api.write_templates(tmp_path / "t", notice=str(draft.notice))
    ws = openpyxl.load_workbook(templates[0])["附件2"]
    labels = {str(c.value).strip() for row in ws.iter_rows() for c in row if c.value}
    assert "已践诺事项数(项)" in labels and "践诺率(%)" not in labels  # no cell to fill a rate in


def test_the_ledger_gap_says_what_to_write(tmp_path):
    """No shipped ledger set named to copy: what a ledger definition holds, with the notice's own columns."""
    draft, notice = _draft(tmp_path)
    assert notice.ledgers is None and "hunan-2011" not in draft.text
    line = next(x for x in draft.text.splitlines() if x.startswith("# 待补:通知要求台账"))
    assert "附件3 党员承诺践诺台账" in line and "、".join(LEDGER_2027) in line and "台账定义文件的键" in line
    assert any("附件3 党员承诺践诺台账)是台账" in g for g in draft.gaps)


def test_columns_named_for_the_collections_are_rounds_of_one_row(tmp_path):
    """年中 and 年终 under 参加积分管理党员数 (the notice's 年中统计 / 年终统计) are the row's two
    rounds, each in the period it is named after, not two rows “…-年中” and “…-年终”; the
    填表说明 says which collection goes in which round, and counts the tables plainly."""
    draft, notice = _draft(tmp_path)
    ts = notice.tables
    assert [(r.label, r.half) for r in ts.rounds] == [("年中", "H1"), ("年终", "H2")]
    rows = {r.metric: r.rounds for r in ts.tables[0].rows}
    assert rows["参加积分管理党员数(人)"] == ("年中", "年终")
    assert not any(m.endswith(("-年中", "-年终")) for m in rows)
    assert "“年中”在年中统计(H1)填报,“年终”在年终统计(H2)填报" in draft.tables_text
    templates, _ = api.write_templates(tmp_path / "t", notice=str(draft.notice))
    lines = [c.value for c in openpyxl.load_workbook(templates[0])["填表说明"]["A"] if c.value]
    assert "1. 本工作簿包含附件1、附件2,共2张统计表,每张都要填写;没有数据的表格也请保留。" in lines
    assert "4. 分轮次的行:年中统计的数字填入“年中”栏,年终统计的数字填入“年终”栏。" in lines


def test_a_text_naming_no_collections_takes_them_from_the_rounds_printed(tmp_path):
    """年中 and 年终 under one metric, a text that says only when to send: the periods are called
    年中 and 年终 (not 上半年/下半年), said to come from 附件1's heading."""
    text = [line for line in NOTICE_2027_TEXT if not line.startswith(("一、", "二、"))]
    text[5:5] = ["一、统计内容。统计每年进行两次。",
                 "二、报送时间。各单位于6月20日、12月15日前报送统计表;县委组织部汇总后于6月25日前、12月20日前报市委组织部。"]
    draft = api.draft_notice(notice_2027_docx(tmp_path / "两次.docx", text), tmp_path / "两次.toml")
    notice = api.load_notice(str(draft.notice))
    assert [p.name for p in notice.calendar.periods] == ["年中", "年终"]
    assert [(r.label, r.half) for r in notice.tables.rounds] == [("年中", "H1"), ("年终", "H2")]
    assert "期次的叫法取自附件1表头的轮次(“年中”“年终”)" in draft.text


def test_parts_of_a_year_in_a_one_period_notice_are_filled_together(tmp_path):
    """年中 and 年终 under a metric, a text giving one span of work (the year's, due 次年): one
    period, both rounds filled in it."""
    text = [line for line in NOTICE_2027_TEXT if not line.startswith(("一、", "二、"))]
    text[5:5] = ["一、统计内容。统计1月1日至12月31日开展的工作。",
                 "二、报送时间。各单位于次年1月10日前报送统计表,县委组织部汇总后于次年1月15日前报市委组织部。"]
    draft = api.draft_notice(notice_2027_docx(tmp_path / "年度.docx", text, note="注:积分评定等次年终填报。"),
                             tmp_path / "年度.toml")
    notice = api.load_notice(str(draft.notice))
    assert len(notice.calendar.periods) == 1
    assert [(r.label, r.half) for r in notice.tables.rounds] == [("年中", "H1"), ("年终", "H1")]
    assert "通知只有一期,各轮次都在这一期(H1)一并填报" in draft.tables_text


def test_the_forms_gap_says_what_to_write(tmp_path):
    """A notice with evaluation forms: the gap names no shipped definition to copy (hunan-2011 is
    another notice's), but what a form definition holds and where it is documented."""
    draft = api.draft_notice(seed002_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml")
    line = next(x for x in draft.text.splitlines() if x.startswith("# 待补:通知有评议表"))
    assert "hunan-2011" not in draft.text
    assert "评议表定义文件的键" in line and "评议项目" in line and 'forms = "评议表.toml"' in line
