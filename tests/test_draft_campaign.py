"""A new campaign's notice drafted as a clerk drafts it (a tester's notice typed in Word with
full-width punctuation): each finding of running it without a developer, end to end from the .docx."""

from __future__ import annotations

import openpyxl

from dianping_xlsx import api
from dianping_xlsx.definitions import Key
from dianping_xlsx.testing import fill_template, random_values

from .test_draft_docs import CAMPAIGN_HALVES, campaign_docx, fw


def _draft(tmp_path, name: str = "通知.docx", **typed):
    tmp_path.mkdir(parents=True, exist_ok=True)
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


def test_the_base_row_is_the_one_the_notes_formula_divides_by(tmp_path):
    """落实率=按规定召开支部党员大会的党组织数÷党组织数 (党组织数 is also in the dividend's words): the
    divisor named exactly is the base, the dividend the one other row the words hold; 开展党课的 (a
    row with a 其中 part only) is no base; 参与率=参加志愿服务党员数÷党员数 alike."""
    draft, notice = _draft(tmp_path)
    first, second = notice.tables.tables
    assert [(r.metric, r.rate) for r in first.rows if r.base or r.rate] == [
        (fw("党组织数(个)"), ""), (fw("按规定召开支部党员大会的(个)"), "“三会一课”落实率")]
    assert [(r.metric, r.rate) for r in second.rows if r.base or r.rate] == [
        (fw("党员数(人)"), ""), (fw("参加志愿服务党员数(人)-小计"), "参与率")]
    checks = {r.check for r in notice.tables.rules}
    assert f"{fw('按规定召开支部党员大会的(个)')} <= {fw('党组织数(个)')}" in checks
    assert not notice.tables.doubts() and not any("是比率" in g for g in draft.gaps)


def test_a_base_taken_for_want_of_a_formula_is_a_gap(tmp_path):
    """A note that divides nothing: the row with a 其中 part is the base only for want of another,
    said as a gap beside it, not as a guess."""
    draft, notice = _draft(tmp_path, a1_note="注:1.“合计”为各类别之和。")
    assert [r.metric for r in notice.tables.tables[0].rows if r.base] == [fw("开展党课的(个)")]
    assert f"base = true  # 待补:通知中没有写出比率的分母,暂把有“其中”行的“{fw('开展党课的(个)')}”作为总数行" in draft.tables_text
    assert any("暂把有“其中”行的" in g for g in draft.gaps)


def _totalled(ts, values: dict) -> dict:
    """The values with each table's 合计 the sum of its categories, as a unit adds them up."""
    for k in ts.keys:
        if k.category == "合计":
            values[k] = sum(values[x] for x in ts.keys if x.category != "合计" and x._replace(category="合计") == k)
    return values


def _merged(tmp_path, text: str, orgs: int = 10):
    """The draft's table set as ``text`` has it, four units filled: 党组织数 ``orgs``, 按规定召开支部
    党员大会的 8, 开展党课的 4 in every category, 合计 their sum."""
    draft, _ = _draft(tmp_path)
    draft.tables.write_text(text, encoding="utf-8")
    ts = api.load_notice(str(draft.notice)).tables
    counts = {fw("党组织数(个)"): orgs, fw("按规定召开支部党员大会的(个)"): 8, fw("开展党课的(个)"): 4,
              fw("党员数(人)"): 30, fw("参加志愿服务党员数(人)-小计"): 20}
    for n in range(4):
        values = _totalled(ts, {k: counts.get(k.metric, 1) for k in ts.keys})
        fill_template(ts, tmp_path / "inbox" / f"单位{n}.xlsx", f"测试单位{n}", "2027-07-01", values)
    return ts, api.merge_inbox(tmp_path / "inbox", period="2027-H1", notice=str(draft.notice), jobs=1)


def test_a_rate_of_the_total_over_100_percent_is_said_with_whose_fault(tmp_path):
    """A definition dividing by the wrong row (base = true on 开展党课的, as an earlier draft had it, no
    rule keeping the part within it): ``definitions check`` asks to confirm, and the merge says the
    total's 落实率 of 200% is the definition's fault; the rule there but a warning, units' parts over
    their base: the data's."""
    draft, _ = _draft(tmp_path / "draft")
    text = draft.tables_text
    orgs, meetings, lessons = fw("党组织数(个)"), fw("按规定召开支部党员大会的(个)"), fw("开展党课的(个)")
    wrong = text.replace(f'metric = "{orgs}"  # 单位:个,只填整数\nbase = true  # 推断:总数行(覆盖率的分母)\n',
                         f'metric = "{orgs}"  # 单位:个,只填整数\n')
    wrong = wrong.replace(f'metric = "{lessons}"  # 单位:个,只填整数\n', f'metric = "{lessons}"  # 单位:个,只填整数\nbase = true\n')
    wrong = wrong.replace(f'check = "{meetings} <= {orgs}"', f'check = "{meetings} >= 0"')
    assert wrong.count("base = true") == text.count("base = true") and f"{meetings} >= 0" in wrong
    ts, result = _merged(tmp_path / "wrong", wrong)
    assert any("可能超过 100%" in d for d in ts.doubts())
    (note,) = result.summary.rate_notes
    assert "附件1“合计”的“三会一课”落实率为 200.0%" in note and "是通知定义的问题" in note
    rule = f'check = "{meetings} <= {orgs}"'
    warned = text.replace(f'severity = "error"\ncode = "rule.exceeds"\ntables = ["附件1"]\n{rule}',
                          f'severity = "warning"\ncode = "rule.exceeds"\ntables = ["附件1"]\n{rule}')
    assert warned != text
    _, result = _merged(tmp_path / "data", warned, orgs=2)
    (note,) = result.summary.rate_notes
    assert "落实率为 400.0%" in note and "是数据的问题" in note


def _by_hand(path, ts, values: dict, unit: str):
    """A unit's tables typed by hand (full-width labels), 附件1 as the notice prints it: 类别 and the
    categories under no group merged over both header rows, 农村和社区 and 机关和事业单位 over their
    two columns; 附件2 as the template has it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for n, table in enumerate(ts.tables):
        ws = ws if n == 0 else wb.create_sheet()
        ws.title = table.key
        ws.append([table.key])
        ws.append([table.title])
        ws.append([fw("填报单位(盖章):"), unit, None, None, None, fw("填报时间:"), "2027-07-02"])
        if n == 0:
            ws.append(["类别", "农村和社区", None, "机关和事业单位", None, "非公有制企业党组织", "社会组织党组织", "合计"])
            ws.append([None, "村党组织", "社区党组织", "机关党组织", "事业单位党组织"])
            for cells in ("A4:A5", "B4:C4", "D4:E4", "F4:F5", "G4:G5", "H4:H5"):
                ws.merge_cells(cells)
        else:
            ws.append(["类别", *table.categories])
        for row in table.rows:
            ws.append([row.metric, *(values[Key(table.key, c, row.metric, "")] for c in table.categories)])
    wb.save(path)


def test_a_two_level_heading_is_groups_over_the_categories_as_printed(tmp_path):
    """农村和社区 over 村党组织 and 社区党组织: categories named as the lower row prints them, the upper
    row drafted as groups; the template prints both rows as the notice does (a category under no
    group merged over both), and a unit's table typed by hand as the notice prints it is read."""
    draft, notice = _draft(tmp_path)
    table = notice.tables.tables[0]
    assert table.categories[:4] == ("村党组织", "社区党组织", "机关党组织", "事业单位党组织")
    assert table.groups == ((("农村和社区", 2), ("机关和事业单位", 2), ("非公有制企业党组织", 1), ("社会组织党组织", 1),
                             ("合计", 1)),)
    assert not any("\n" in c or "-" in c for c in table.categories)
    (blank,), _ = api.write_templates(tmp_path / "t", notice=str(draft.notice))
    ws = openpyxl.load_workbook(blank)["附件1"]
    heading = next(r for r in range(1, 10) if ws.cell(r, 1).value == "类别")
    assert [str(ws.cell(heading, c).value or "").replace("\n", "") or None for c in range(3, 10)] == [
        "农村和社区", None, "机关和事业单位", None, "非公有制企业党组织", "社会组织党组织", "合计"]
    assert [str(ws.cell(heading + 1, c).value or "").replace("\n", "") for c in range(3, 7)] == [
        "村党组织", "社区党组织", "机关党组织", "事业单位党组织"]
    assert f"G{heading}:G{heading + 1}" in {str(m) for m in ws.merged_cells.ranges}
    ts = notice.tables
    first, second = _totalled(ts, random_values(ts, 1)), _totalled(ts, random_values(ts, 2))
    fill_template(ts, tmp_path / "in" / "甲.xlsx", "甲单位", "2027-07-01", first, blank_template=blank)
    _by_hand(tmp_path / "in" / "乙.xlsx", ts, second, "乙单位")
    result = api.merge_inbox(tmp_path / "in", period="2027-H1", notice=str(draft.notice), jobs=1)
    assert len(result.accepted) == 2, [(e.name, [p.message for p in e.problems]) for e in result.entries]
    assert result.totals == {k: first[k] + second[k] for k in ts.keys}


def test_a_new_notice_has_no_other_notices_documents_and_the_draft_says_so(tmp_path):
    """No 情况通报 borrowed from a shipped notice (its title and words): ``documents = ""``, and a gap
    says what to write from this notice: its title, its addressees, its number."""
    draft, notice = _draft(tmp_path)
    assert notice.document_set is None and 'documents = ""' in draft.text
    (gap,) = [g for g in draft.gaps if "文书定义" in g]
    assert "各乡镇党委、县直各单位党组" + fw("(党委):") in gap and "桃组通〔2027〕5号" in gap
    assert "关于做好2027年度基层党组织“三会一课”落实和党员志愿服务情况统计工作的通知" in gap
    result = api.merge_inbox(_filled(tmp_path, notice.tables), period="2027-H1", notice=str(draft.notice), jobs=1)
    written = api.write_summary(result, tmp_path / "out")
    assert not getattr(written, "documents", {})


def _filled(tmp_path, ts):
    fill_template(ts, tmp_path / "in" / "甲.xlsx", "甲单位", "2027-07-01", _totalled(ts, random_values(ts, 1)))
    return tmp_path / "in"


def test_a_base_taken_for_want_of_a_formula_says_what_to_write_on_the_total_row(tmp_path):
    """The gap's words close their bracket before what to write in the file, which names the key to
    write on the total row: the command line and the desk's page show both parts whole."""
    draft, _ = _draft(tmp_path, a1_note="注:1.“合计”为各类别之和。")
    (gap,) = [g for g in draft.gaps if "暂把有“其中”行的" in g]
    assert gap.endswith("在真正的总数行写上 base = true】"), gap
    (told,) = [(said, how) for said, how in draft.told_gaps() if "暂把有“其中”行的" in said]
    assert told[0].endswith("请按通知核对哪一行是总数)") and "】" not in told[0] + told[1], told
    assert told[1].endswith("在真正的总数行写上 base = true"), told
