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


def test_a_list_of_persons_kept_and_sent_is_a_ledger_material_not_a_table(tmp_path):
    """附件3 述职人员名单 (序号 1–5 down the side; 姓名, 职务 … across; 注:名单由各单位留存备查并随表报送):
    no statistics table with rows "1"–"5", but a material kept, required, known by its columns."""
    draft, notice = _draft(tmp_path)
    assert [t.key for t in notice.tables.tables] == ["附件1", "附件2"] and notice.tables.all_tables == "附件1–2"
    (kept,) = [m for m in notice.materials if m.kind == "ledger"]
    assert (kept.name, kept.words, kept.required) == ("述职人员名单", ("名单",), True)
    assert kept.columns == ("序号", "姓名", "职务", "所在党组织", "考核等次")
    assert draft.kept == ["附件3"] and any("附件3 述职人员名单)是名单,不是统计表" in g for g in draft.gaps)


def test_a_remarks_column_and_units_under_headings_are_read_as_printed(tmp_path):
    """备注 holds words: no row; 基层党组织数 over (个) is 基层党组织数(个), not 基层党组织数-(个)."""
    draft, notice = _draft(tmp_path)
    rows = [r.metric for r in notice.tables.tables[0].rows]
    assert rows[:3] == ["基层党组织数(个)", "党组织书记数(人)", "述职评议情况-参加述职人数(人)"]
    assert "备注" not in rows and not any("-(" in r for r in rows)
    assert "# 推断:“备注”栏填写文字说明,不是数字,已不作为填写的行或类别" in draft.tables_text


def test_the_word_report_the_text_asks_for_is_a_material(tmp_path):
    """…并报送本单位述职评议考核工作的述职报告(Word格式): a document units send, found by its name."""
    _, notice = _draft(tmp_path)
    assert [(m.name, m.kind, m.words, m.required) for m in notice.materials if m.kind == "document"] == [
        ("述职报告", "document", ("述职报告",), True)]


def test_a_sum_the_note_states_in_words_is_a_rule(tmp_path):
    """注:考核等次各项之和应等于参加述职人数: 参加述职人数 = 好 + 较好 + 一般 + 差, marked 推断 and
    quoted; the rate the note divides (述职比例=参加述职人数÷党组织书记数) is drafted on its row."""
    draft, notice = _draft(tmp_path)
    a1 = notice.tables.tables[0]
    sums = {s.total: tuple(s.parts) for s in a1.sums}
    assert sums["述职评议情况-参加述职人数(人)"] == ("考核等次-好(人)", "考核等次-较好(人)", "考核等次-一般(人)", "考核等次-差(人)")
    assert "(读自注“考核等次各项之和应等于参加述职人数”)" in draft.tables_text
    by_metric = {r.metric: r for r in a1.rows}
    assert by_metric["述职评议情况-参加述职人数(人)"].rate == "述职比例"


def test_a_sum_the_note_states_that_names_no_row_is_a_gap(tmp_path):
    """A note's sum whose words match no row is said as 待补, not dropped."""
    import docx

    source = annual_docx(tmp_path / "通知.docx")
    doc = docx.Document(source)
    for p in doc.paragraphs:
        if p.text.startswith("注:1.述职比例"):
            p.text = "注:考核等次各项之和应等于实到人数。"
    doc.save(source)
    draft = api.draft_notice(source, tmp_path / "def" / "新通知.toml")
    assert any("注中写“考核等次各项之和应等于实到人数”" in g and "[[tables.sums]]" in g for g in draft.gaps)


def test_the_draft_lists_what_it_inferred_with_where(tmp_path):
    """What the desk's draft page shows beside the gaps: each 推断 with its table and row."""
    draft, _ = _draft(tmp_path)
    assert "通知要求报送述职报告" in draft.guesses
    assert "附件1:“党组织书记数(人)”:base = true(总数行(覆盖率的分母))" in draft.guesses
    assert any(g.startswith("附件1:“述职评议情况-参加述职人数(人)”等于考核等次-好(人)") for g in draft.guesses)
