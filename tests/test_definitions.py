from pathlib import Path

import pytest

from dianping_xlsx.definitions import Key, SpecError, load_table_set

PACKAGE = Path(__file__).resolve().parent.parent / "dianping_xlsx"


def test_hunan_2011_tables_as_transcribed(ts):
    assert [t.key for t in ts.tables] == ["附件1", "附件2", "附件3"]
    t1, t2, t3 = ts.tables
    assert t1.blocks[0][-1] == "其它基层党组织书记"
    assert t1.blocks[1][2] == "省级机关部门党组(党委)领导班子成员"
    assert len(t2.categories) == len(t3.categories) == 12
    assert t2.categories[10] == "中央和外省(区、市)在湘单位"
    assert [r.metric for r in t2.rows] == ["党组织数", "已被点评党组织数", "已开展群众评议党组织数"]
    assert [r.metric for r in t3.rows] == ["党员数", "已被点评党员数", "已被群众评议党员数"]
    assert t3.row("已被点评党员数").rounds == ("第一次", "第二次")
    # 7 categories x 3 values x 2 blocks + 12 x 4 x 2 tables
    assert len(ts.keys) == 42 + 48 + 48
    assert Key("附件2", "农村", "已被点评党组织数", "第二次") in ts.keys


def test_no_label_in_code(ts):
    """Categories and row labels live in the table set only, never in the code."""
    labels = {c for t in ts.tables for c in t.categories} | {r.metric for t in ts.tables for r in t.rows}
    labels |= {t.title for t in ts.tables}
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        found = sorted(label for label in labels if label in text)
        assert not found, f"{source.name} names {found}"


def notice_words() -> set[str]:
    """What a shipped notice names: its tables (keys, titles, categories, rows), forms, tally,
    ledgers, template file and periods; less the words of the tool's own name (群众评议)."""
    from dianping_xlsx.api import available_notices

    words = set()
    for notice in available_notices():
        ts, es, ls = notice.tables, notice.forms, notice.ledgers
        words |= {t.key for t in ts.tables} | {t.title for t in ts.tables} | {ts.all_tables, ts.file_name}
        words |= {c for t in ts.tables for c in t.categories} | {r.metric for t in ts.tables for r in t.rows}
        words |= {f.key for f in (es.org, es.member)} | {f.title for f in (es.org, es.member)} | {es.tally_title} if es else set()
        words |= {ledger.title for ledger in ls.ledgers} if ls else set()
        words |= {p.name for p in notice.calendar.periods}
    return {w for w in words if w not in "领导点评和群众评议统计"}


def test_no_notice_word_in_the_desks_pages():
    """The desk's pages say what the notice followed makes, from its data: a page naming 附件1–3 or
    a 台账 of one notice would describe it whatever notice is chosen."""
    words = notice_words()
    assert {"附件1", "附件1–3", "附件4", "领导点评全程记实台账", "群众评议统计表", "上半年"} <= words
    for page in sorted((PACKAGE / "desk" / "templates").glob("*.html")):
        found = sorted(w for w in words if w in page.read_text(encoding="utf-8"))
        assert not found, f"{page.name} names {found}"


def test_second_table_set_needs_no_code(tmp_path):
    text = (PACKAGE / "definitions" / "tablesets" / "hunan-2011.toml").read_text(encoding="utf-8")
    text = text.replace("在湘单位", "在鄂单位").replace('id = "hunan-2011"', 'id = "hubei-2012"')
    path = tmp_path / "hubei-2012.toml"
    path.write_text(text, encoding="utf-8")
    other = load_table_set(str(path))
    assert "中央和外省(区、市)在鄂单位" in other.table("附件2").categories


@pytest.mark.parametrize(
    "change, words",
    [
        (('check = "参加点评人数 <= 总人数"', 'check = "参加点评人数 <= 人数总计"'),
         "leaders-appraised-le-total.*人数总计"),
        (('check = "参加点评人数 <= 总人数"', 'check = "参加点评人数 ≤ 总人数"'),
         "leaders-appraised-le-total.*写法有误"),
        (("base = true", "base = false"), "base"),
        (('id = "hunan-2011"', "id = "), "有误"),
    ],
)
def test_bad_table_set_is_named(tmp_path, change, words):
    text = (PACKAGE / "definitions" / "tablesets" / "hunan-2011.toml").read_text(encoding="utf-8")
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(*change, 1), encoding="utf-8")
    with pytest.raises(SpecError, match=words):
        load_table_set(str(path))


SLIPS = {  # a clerk's slips in a hand-written table set: (table set, change, where, what the message says)
    "a misspelled row with its unit": (
        "justice-2012", ('check = "参加评议党组织数(个) <= 党组织数(个)"', 'check = "参加评议组织数(个) <= 党组织数(个)"'),
        'check = "参加评议组织数', "附件4 没有“参加评议组织数(个)”这一行(是不是“参加评议党组织数(个)”?)"),
    "a misspelled row ending in another row's name": (
        "justice-2012", ('check = "参加评议党组织数(个) <= 党组织数(个)"', 'check = "评议党组织数(个) <= 党组织数(个)"'),
        'check = "评议党组织数', "附件4 没有“评议党组织数(个)”这一行"),
    "a row in full-width brackets": (
        "justice-2012", ('check = "参加评议党组织数(个) <= 党组织数(个)"', 'check = "参加评议党组织数(个) <= 党组织数\uff08个\uff09"'),
        'check = "参加评议党组织数(个) <= 党组织数\uff08', "附件4 没有“党组织数\uff08个\uff09”这一行(是不是“党组织数(个)”?)"),
    "a bracket never closed": (
        "justice-2012", ('check = "参加评议党组织数(个) <= 党组织数(个)"', 'check = "参加评议党组织数(个) <= 党组织数(个"'),
        'check = "参加评议党组织数(个) <= 党组织数(个"', "“(”没有对应的“)”"),
    "a marker pattern not closed": (
        "justice-2012", ('marker_pattern = "附件(\\\\d+)"', 'marker_pattern = "附件([一二三"'),
        "marker_pattern", "marker_pattern = \"附件([一二三\" 不是正确的正则表达式(“[”没有对应的“]”"),
    "the period's year in a table's title, printed as written": (
        "justice-2012", ('title = "全市司法行政系统群众评议创先争优活动情况统计表"',
                         'title = "{year}年全市司法行政系统群众评议创先争优活动情况统计表"'),
        'title = "{year}年', "title 去掉年份,写成“全市司法行政系统群众评议创先争优活动情况统计表”"),
    "a part of a sum that is no row of the table": (
        "justice-2012", ('parts = ["满意(票)", "比较满意(票)"', 'parts = ["满意(票)", "较满意(票)"'),
        'parts = ["满意(票)", "较满意(票)"', "附件4 的 sums 第 1 项:parts 中的“较满意(票)”不是这张表的行。"
        "行有 党组织数(个)、"),
    "two tables with one key": (
        "hunan-2011", ('key = "附件2"', 'key = "附件1"'), 'key = "附件1"', "有两张表的 key 都是“附件1”(第 107、143 行)"),
}


@pytest.mark.parametrize("name, change, where, words", SLIPS.values(), ids=SLIPS.keys())
def test_a_slip_in_a_table_set_is_said_in_chinese_with_its_line(tmp_path, name, change, words, where):
    """`definitions check` names the file, the line, the key and what is wrong, in Chinese: a
    misspelled row (its unit in brackets, as the labels are printed) is a row the table lacks,
    never a "function" or Python's "invalid syntax"."""
    text = (PACKAGE / "definitions" / "tablesets" / f"{name}.toml").read_text(encoding="utf-8")
    assert change[0] in text
    text = text.replace(*change, 1)
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, written in enumerate(text.splitlines(), start=1) if where in written)
    with pytest.raises(SpecError) as said:
        load_table_set(str(path))
    message = str(said.value)
    assert f"bad.toml 第 {line} 行" in message and words in message, message
    for english in ("invalid", "unterminated", "never closed", "不支持的函数", "position"):
        assert english not in message, message


def test_unknown_table_set():
    with pytest.raises(SpecError, match="hunan-2011"):
        load_table_set("nowhere-1999")


# -- every domain fact the code uses comes from the spec files ----------------------------------


def second_table_set(tmp_path, *changes):
    text = (PACKAGE / "definitions" / "tablesets" / "hunan-2011.toml").read_text(encoding="utf-8")
    for old, new in (('id = "hunan-2011"', 'id = "other"'), *changes):
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "other.toml"
    path.write_text(text, encoding="utf-8")
    return load_table_set(str(path))


def test_the_marker_and_stop_labels_come_from_the_table_set(ts, tmp_path):
    from dianping_xlsx.read.grids import Grid
    from dianping_xlsx.read.locate import Locator

    other = second_table_set(tmp_path, ("附件", "附表"))
    assert [t.key for t in other.tables] == ["附表1", "附表2", "附表3"]
    cats = list(ts.table("附件3").blocks[0])
    # 附件2 and 附件3 share their categories: only the marker above says which table this is
    grid = Grid("表", [["附表3", *[""] * len(cats)], ["类别", *cats]])
    assert Locator(other).locate([grid]).tables == {"附表3"}
    assert Locator(ts).locate([grid]).tables == set()
    assert Locator(other).stops[:2] == ("注", "附表")


def test_message_facts_and_instructions_come_from_the_table_set(tmp_path):
    import openpyxl

    from dianping_xlsx.check.workbook import check_workbook
    from dianping_xlsx.model import Period
    from dianping_xlsx.template.blank import instruction_lines

    other = second_table_set(
        tmp_path, ('all_tables = "附件1–3"', 'all_tables = "三张附表"'),
        ("表中只统计人数(个数),不统计人次,不重复统计。", "每人只统计一次。"))
    assert "4. 每人只统计一次。" in instruction_lines(other)
    assert not any("不统计人次" in line for line in instruction_lines(other))
    wb = openpyxl.Workbook()
    wb.active["A1"] = "别的表"
    wb.save(tmp_path / "x.xlsx")
    sub = check_workbook(tmp_path / "x.xlsx", other, Period.parse("2011-H1"))
    assert [p.message for p in sub.problems if p.code == "file.no-tables"] == [
        "文件中没有找到统计表(三张附表)。请使用下发的模板填写,或按通知中的表格样式填报。"]


def test_name_matching_parts_come_from_the_table_set(ts, tmp_path):
    from dianping_xlsx.merge.roster import match_key

    other = second_table_set(tmp_path, ('suffixes = ["党委",', 'suffixes = ["党工委", "党委",'))
    assert match_key("中共安化县教育局党工委", ts.names) == "教育局党工委"
    assert match_key("中共安化县教育局党工委", other.names) == "教育局"


def test_the_previous_period_threshold_comes_from_the_table_set(ts, tmp_path):
    from dianping_xlsx.merge.previous import Previous, compare
    from dianping_xlsx.model import Cell, Period, Submission
    from dianping_xlsx.text import normalise

    other = second_table_set(tmp_path, ("previous_change = 0.20", "previous_change = 0.50"))
    key = Key("附件2", "农村", "党组织数", "")
    warned = {}
    for spec in (ts, other):
        sub = Submission(tmp_path / "a.xlsx", "a.xlsx", 0.0, unit="梅城镇党委", values={key: 13},
                         cells={key: Cell("附件2", 5, 2, 13)})
        compare(sub, spec, Period.parse("2011-H2"), Previous(tmp_path / "p.xlsx", None,
                                                             {normalise("梅城镇党委"): {key: 10}}))
        warned[spec.id] = [p.message for p in sub.problems if p.code == "previous.total-changed"]
    assert warned["hunan-2011"] == ["“农村”的党组织数本次为 13,上期为 10(变化 +30%,超过 20%)。请核实。"]
    assert warned["other"] == []  # +30% is within the other set's 50%


def test_item_set_facts_come_from_the_item_set(ts, tmp_path):
    import datetime as dt

    import openpyxl

    from dianping_xlsx.read.evaluations import parse_mark
    from dianping_xlsx.template.forms import write_evaluation_templates
    from dianping_xlsx.definitions import load_item_set

    text = (PACKAGE / "definitions" / "itemsets" / "hunan-2011.toml").read_text(encoding="utf-8")
    text = (text.replace('tick = ["√",', 'tick = ["○", "√",').replace('forms_count = "评议表份数"', 'forms_count = "收回份数"')
            .replace("published = 2011-06-16", "published = 2013-03-01"))
    (tmp_path / "items.toml").write_text(text, encoding="utf-8")
    other, es = load_item_set(str(tmp_path / "items.toml")), load_item_set()
    assert parse_mark("○", other) == "tick" and parse_mark("○", es) is None
    hubei = second_table_set(tmp_path, ('unit_label = "填报单位(盖章):"', 'unit_label = "报送单位:"'))
    _, _, tally = write_evaluation_templates(other, hubei, tmp_path / "forms")
    wb = openpyxl.load_workbook(tally)
    texts = {c.value for row in wb.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)}
    assert "收回份数" in texts and "评议表份数" not in texts
    assert "报送单位:" in texts and "填报单位(盖章):" not in texts  # --table-set reaches the tally
    assert wb.properties.created == dt.datetime(2013, 3, 1)
