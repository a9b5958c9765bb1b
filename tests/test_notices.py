"""The notice as data: each shipped notice loads, its parts are checked together, a format
surprise is refused with its line, and no notice's words live in the package's code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dianping_xlsx.api import load_notice, notice_of
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key, SpecError, load_table_set
from dianping_xlsx.definitions.rules import run_rule
from dianping_xlsx.definitions.schema import render_reference

from .conftest import docs_example

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dianping_xlsx"
DEFS = PACKAGE / "definitions"


def test_the_shipped_notices():
    hunan, justice = load_notice("hunan-2011"), load_notice("justice-2012")
    assert (hunan.tables.id, hunan.forms.id, hunan.ledgers.id) == ("hunan-2011",) * 3
    assert [str(hunan.period("2011-H2").due), hunan.period("2011-H2").zh] == ["2011-12-30", "2011年下半年"]
    assert justice.ledgers is None and justice.forms.id == "justice-2012"
    assert [m.name for m in justice.materials] == ["统计表", "工作总结"]
    period = justice.period("2012-H1")
    assert (period.zh, period.due.isoformat(), period.appraisal_window[0].isoformat()) == \
        ("2012年群众评议", "2012-03-15", "2012-02-01")
    with pytest.raises(ValueError, match=re.escape("不是本通知的期次:本通知只有 2012-H1(群众评议)一期")):
        justice.period("2012-H2")
    assert justice.tables.rounds == () and justice.document == "常司发〔2012〕6号"


def test_the_reference_is_generated_from_the_loaders_keys():
    """docs/通知定义.md is what the loader's key tables say (regenerate: python -m
    dianping_xlsx.definitions.schema > docs/通知定义.md)."""
    assert (ROOT / "docs" / "通知定义.md").read_text(encoding="utf-8") == render_reference()


def _notice_file(tmp_path, text: str, tables: str | None = None) -> Path:
    if tables is not None:
        (tmp_path / "tables.toml").write_text(tables, encoding="utf-8")
    path = tmp_path / "notice.toml"
    path.write_text(text, encoding="utf-8")
    return path


NOTICE = 'id = "x"\nname = "某通知"\ntables = "{tables}"\nforms = ""\nledgers = "{ledgers}"\n'


def test_a_ledger_set_that_names_a_table_the_tables_lack_is_refused_before_anything_is_read(tmp_path):
    path = _notice_file(tmp_path, NOTICE.format(tables="justice-2012", ledgers="hunan-2011"))
    with pytest.raises(SpecError) as refused:
        load_notice(str(path))
    text = str(refused.value)
    assert str(path) in text and "counts.by_kind" in text and "附件1" in text and "ledgers = \"\"" in text
    with pytest.raises(SpecError, match="没有 附件1"):  # the same with the parts chosen on the command line
        notice_of("hunan-2011", table_set="justice-2012")
    res = CliRunner().invoke(main, ["merge", str(tmp_path), "--period", "2012-H1", "--table-set", "justice-2012"])
    assert res.exit_code == 2 and "没有 附件1" in res.output
    assert notice_of("hunan-2011", table_set="justice-2012", ledgers=None).ledgers is None


def test_a_ledger_set_chosen_for_the_run_that_does_not_fit_is_said_as_the_option(tmp_path):
    """--ledgers hunan-2011 with justice-2012 (附件4 only): the option typed is what is wrong, with
    every table its ledgers count that the notice lacks; never the shipped notice's file."""
    res = CliRunner().invoke(main, ["merge", str(ROOT / "examples" / "2011-H1"), "-o", str(tmp_path / "out"),
                                    "--notice", "justice-2012",
                                    "--ledgers", "hunan-2011", "--period", "2012-H1"])
    assert res.exit_code == 2
    assert ("--ledgers hunan-2011 与通知 justice-2012 不配:台账定义 hunan-2011 按 附件1、附件2、附件3 计数,"
            "而本通知的统计表(表格定义 justice-2012)只有 附件4。本通知不要台账时去掉 --ledgers") in res.output
    assert "通知定义文件" not in res.output and "ledgers = \"\"" not in res.output


@pytest.mark.parametrize("line, where, words", [
    ('rouds = []', "文件开头", "不认识的键“rouds”"),
    ('[[tables.rows]]\nmetric = "x"\nrounds = true\nbasee = true', "[[tables.rows]]", "不认识的键“basee”"),
])
def test_an_unknown_key_is_refused_with_its_line(tmp_path, line, where, words):
    text = (DEFS / "tablesets" / "justice-2012.toml").read_text(encoding="utf-8")
    text = text.replace('file_name = ', f"{line}\nfile_name = ", 1) if where == "文件开头" else text + "\n" + line + "\n"
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as refused:
        load_table_set(str(path))
    number = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith(line.splitlines()[-1]))
    assert words in str(refused.value) and f"第 {number} 行" in str(refused.value) and where in str(refused.value)


def test_a_misplaced_key_says_where_it_belongs(tmp_path):
    text = (DEFS / "tablesets" / "justice-2012.toml").read_text(encoding="utf-8")
    text = text.replace('severity = "error"\ncode = "rule.exceeds"', 'severity = "error"\ncategory = "公证处"\ncode = "rule.exceeds"', 1)
    (tmp_path / "t.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match="不认识的键“category”.*\\[\\[rules\\]\\]"):
        load_table_set(str(tmp_path / "t.toml"))
    text = (DEFS / "notices" / "hunan-2011.toml").read_text(encoding="utf-8").replace('code = "H1"', 'code = "H1"\nhalf = "H1"', 1)
    (tmp_path / "n.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match="“half”.*\\[\\[periods\\]\\].*是表格定义文件中 \\[\\[rounds\\]\\] 的键"):
        load_notice(str(tmp_path / "n.toml"))


TABLES = '''
id = "third"
name = "{year}年某活动统计表"
unit_label = "填报单位:"
date_label = "填报时间:"
header_label = "项目"
published = 2013-01-01
marker_pattern = "附件(\\\\S+)"
all_tables = "附件4-1"
previous_change = 0.2
instructions = ["{rules}"]

[[tables]]
key = "附件4-1"
title = "某活动情况统计表"
blocks = [["甲类", "乙类", "丙类", "合计"]]

[[tables.rows]]
metric = "单位数(个)"
base = true

[[tables.rows]]
metric = "其中:已开展(个)"

[[tables.rows]]
metric = "人数(人)"
base = true

[[tables.rows]]
metric = "其中:党员(人)"
of = "人数(人)"
rate = "党员比例"

[[tables.sums]]
total = "合计"
parts = ["甲类", "乙类", "丙类"]

[[rules]]
id = "done-le-units"
tables = ["附件4-1"]
check = "附件4-1.其中:已开展(个) <= 单位数(个)"
message = "“{category}”已开展 {lhs} 个,超过了单位数 {rhs}。"

[[rules]]
id = "only-b"
severity = "warning"
tables = ["附件4-1"]
categories = ["乙类"]
check = "其中:党员(人) >= 1"
message = "“{category}”没有党员。"
'''


def test_labels_as_printed_one_category_and_sums_in_rules(tmp_path):
    ts = load_table_set(str(_write(tmp_path, TABLES)))
    table = ts.tables[0]
    assert [b.metric for b in table.base_rows] == ["单位数(个)", "人数(人)"]
    assert table.base_of(table.row("其中:党员(人)")).metric == "人数(人)"
    values = {k: 0 for k in ts.keys}
    values.update({Key("附件4-1", c, "单位数(个)", ""): 5 for c in ("甲类", "乙类", "丙类")})
    values[Key("附件4-1", "合计", "单位数(个)", "")] = 15
    values[Key("附件4-1", "丙类", "其中:已开展(个)", "")] = 6
    values[Key("附件4-1", "合计", "其中:已开展(个)", "")] = 6

    def failures(rule_id):
        rule = next(r for r in ts.rules if r.id == rule_id)
        tables = ts.tables_by_key
        return [(o.category, o.lhs, o.rhs) for o in run_rule(rule, tables, (), lambda k: values.get(Key(*k)))]

    assert failures("done-le-units") == [("丙类", 6, 5), ("合计", 6, 15)][:1]
    assert failures("only-b") == [("乙类", 0, 1)]  # one category only
    assert failures("附件4-1-合计-单位数(个)-sum") == []
    values[Key("附件4-1", "合计", "单位数(个)", "")] = 14
    assert failures("附件4-1-合计-单位数(个)-sum") == [("", 14, 15)]
    sums = [r for r in ts.rules if r.code == "rule.failed" and r.id.endswith("-sum")]
    assert len(sums) == len(table.rows)  # one line in the file, a check per row


NOTICE_SLIPS = {  # a clerk's slips in docs/通知定义.md's notice: (change, what the message says)
    "a due date in Chinese": (('due = "03-31"', 'due = "3月31日"'),
                              'periods 第 1 项的 due = "3月31日" 写法不对:日期要写成 "月-日",如 "06-30"(6月30日)。这里应写 "03-31"。'),
    "a work span's date in Chinese": (('work = ["02-01", "03-31"]', 'work = ["2月1日", "03-31"]'),
                                       'periods 第 1 项的 work 中的 "2月1日" 写法不对:日期要写成 "月-日"'),
    "a quarter for a period": (('code = "H1"', 'code = "Q1"'), 'periods 第 1 项的 code = "Q1" 不对:只能是 "H1" 或 "H2"'),
    "a material of no kind": (('kind = "document"', 'kind = "doc"'), 'materials 第 2 项的 kind = "doc" 不对'),
    # the id names the desk's folder of a period (2026-H1_<id>): a path in it would reach outside
    "an id that is a path": (('id = "county-2013"', 'id = "../../county-2013"'),
                             'id = "../../county-2013" 不能用:通知的名称只用汉字、字母、数字和 -'),
    "an id with a space and a slash": (('id = "county-2013"', 'id = "县里 2013/甲"'), 'id = "县里 2013/甲" 不能用'),
}


@pytest.mark.parametrize("change, words", NOTICE_SLIPS.values(), ids=NOTICE_SLIPS.keys())
def test_a_slip_in_a_notice_is_said_with_its_line(tmp_path, change, words):
    """`definitions check` on a notice names the line of the value that is wrong and says plainly
    how to write it (as the table-set loader does)."""
    for name, body in docs_example():
        (tmp_path / name).write_text(body.replace(*change, 1) if name == "新通知.toml" else body, encoding="utf-8")
    text = (tmp_path / "新通知.toml").read_text(encoding="utf-8")
    assert change[1] in text
    line = next(n for n, written in enumerate(text.splitlines(), start=1) if change[1] in written)
    res = CliRunner().invoke(main, ["definitions", "check", str(tmp_path / "新通知.toml")])
    assert res.exit_code != 0 and f"新通知.toml 第 {line} 行:{words}" in res.output, res.output


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "third.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("change, words", [
    (('categories = ["乙类"]', 'categories = ["丁类"]'), "没有类别 丁类"),
    (('categories = ["乙类"]', 'categories = "乙类"'), 'categories = "乙类" 应写成文字列表,每一项加引号:categories = ["乙类"]'),
    (('parts = ["甲类", "乙类", "丙类"]', 'parts = ["甲类", "人数(人)"]'), "sums 第 1 项"),
    (('of = "人数(人)"', 'of = "党员"'), "不是这张表的总数行"),
    (('metric = "单位数(个)"\nbase = true', 'metric = "单位数(个)"'), None),
])
def test_format_mistakes_are_said_in_chinese(tmp_path, change, words):
    text = TABLES.replace(*change, 1)
    if words is None:  # a table may have one base row or several; without any it is refused
        text = text.replace('metric = "人数(人)"\nbase = true', 'metric = "人数(人)"', 1).replace('of = "人数(人)"\n', "", 1)
        words = "至少要有一行写 base = true"
    with pytest.raises(SpecError, match=re.escape(words)):
        load_table_set(str(_write(tmp_path, text)))


def _notice_words() -> set[str]:
    """Words of the shipped notices that are theirs, not the tool's: titles, categories, rows,
    ledger and form titles, items, table keys, the tables' names and file names."""
    words = set()
    for path in (DEFS / "notices").glob("*.toml"):
        notice = load_notice(path.stem)
        ts = notice.tables
        words |= {ts.name, ts.all_tables, ts.file_name, ts.called, notice.name, notice.document}
        for t in ts.tables:
            words |= {t.title, t.key, *t.categories, *(r.metric for r in t.rows), *t.block_names}
        if notice.forms:
            words |= {f.title for f in notice.forms.forms} | {i for f in notice.forms.forms for i in f.items}
        if notice.ledgers:
            words |= {x.title for x in notice.ledgers.ledgers}
    return {w for w in words if w and len(w) >= 3}


def _docstrings(tree) -> set[int]:
    """The docstrings of a module (English, for engineers; their examples name notice words)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def test_no_notice_word_in_the_code():
    """Every Chinese literal in the package's code (what a user may see) is a word of the tool,
    not of a notice: titles, categories, rows, table keys, ledgers and items come from data."""
    words = _notice_words()
    assert {"附件1", "附件4", "律师事务所", "领导点评全程记实台账", "常司发〔2012〕6号"} <= words
    found = []
    for source in PACKAGE.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                found += [(source.name, node.lineno, w) for w in words if w in node.value]
    assert found == []


def test_the_year_comes_from_the_period(tmp_path):
    """A new year of the same notice is a flag: titles, instructions and notes say its year."""
    from dianping_xlsx.api import write_templates

    import openpyxl

    (template,), _ = write_templates(tmp_path / "t", period="2012-H1", items=None, ledgers=None)
    wb = openpyxl.load_workbook(template)
    instructions = " ".join(str(c.value) for c in wb["填表说明"]["A"] if c.value)
    assert "2012年湖南省" in instructions and "如 2012-06-25" in instructions and "2011" not in instructions
    notes = " ".join(str(c.value) for row in wb["附件1"].iter_rows() for c in row if isinstance(c.value, str))
    assert "在2012年12月底前" in notes and "于2012年6月30日、12月30日前" in notes and "2011" not in notes
    assert wb.properties.title == "2012年湖南省领导点评和群众评议统计表"
    (blank,), _ = write_templates(tmp_path / "b", items=None, ledgers=None)  # no period: the notice's own year
    assert openpyxl.load_workbook(blank).properties.title == "2011年湖南省领导点评和群众评议统计表"


def test_a_two_level_header_is_part_of_the_table(tmp_path):
    """groups: a header row of groups above the categories; our template and a hand-made sheet
    with 类别 merged over both rows (a group named like a category: 合计) merge exactly."""
    import datetime as dt

    import openpyxl

    from dianping_xlsx.api import merge_inbox, write_templates
    from dianping_xlsx.testing import fill_template, random_values

    text = TABLES.replace('blocks = [["甲类", "乙类", "丙类", "合计"]]',
                          'blocks = [["甲类", "乙类", "丙类", "合计"]]\ngroups = [[["分类", 3], ["合计", 1]]]')
    ts = load_table_set(str(_write(tmp_path, text)))
    (blank,), _ = write_templates(tmp_path / "t", table_set=ts, items=None, ledgers=None)
    ws = openpyxl.load_workbook(blank)["附件4-1"]
    assert [ws.cell(4, c).value for c in (1, 3, 6)] == ["项目", "分类", "合计"]
    assert [ws.cell(5, c).value for c in range(3, 6)] == ["甲类", "乙类", "丙类"]
    assert "F4:F5" in {str(m) for m in ws.merged_cells.ranges}  # a group over one category named so: one cell over both rows
    first, second = random_values(ts, 1), random_values(ts, 2)
    fill_template(ts, tmp_path / "in" / "甲.xlsx", "甲单位", dt.date(2013, 3, 1), first, blank_template=blank)
    wb = openpyxl.Workbook()  # typed by hand: the groups merged over their columns, 项目 over both rows
    ws = wb.active
    ws.append(["附件4-1"])
    ws.append([None, None, "某活动情况统计表"])
    ws.append(["填报单位:", None, "乙单位", None, None, "填报时间:", "2013-03-02"])
    ws.append(["项目", None, "分类", None, None, "合计"])
    ws.append([None, None, "甲类", "乙类", "丙类", "合计"])
    ws.merge_cells("A4:B5")
    ws.merge_cells("C4:E4")
    for row in ts.tables[0].rows:
        ws.append([row.metric, None, *(second[Key("附件4-1", c, row.metric, "")] for c in ts.tables[0].categories)])
    wb.save(tmp_path / "in" / "乙.xlsx")
    result = merge_inbox(tmp_path / "in", period="2013-H1", table_set=ts, items=None, ledgers=None)
    assert len(result.accepted) == 2
    assert result.totals == {k: first[k] + second[k] for k in ts.keys}


OWN_HEADER = '''
[[tables]]
key = "附件4-2"
title = "各乡镇情况统计表"
header = "乡镇(单位)"
blocks = [["东乡", "西乡", "合计"]]

[[tables.rows]]
metric = "人数(人)"
base = true

[[tables.rows]]
metric = "其中:党员(人)"

[[tables.sums]]
total = "合计"
parts = ["东乡", "西乡"]
'''


def test_a_table_with_its_own_header_is_read_back(tmp_path):
    """A table's own header (乡镇(单位) where the set's is 项目): our template, filled, and a workbook
    typed by hand with that header, on several sheets or stacked on one, are read and merged exactly
    (the locator knew only the set's header: every file was 缺少附件4-2)."""
    import datetime as dt

    import openpyxl

    from dianping_xlsx.api import check_files, merge_inbox, write_templates
    from dianping_xlsx.testing import Handmade, fill_template, random_values, write_handmade

    text = TABLES.replace('all_tables = "附件4-1"', 'all_tables = "附件4-1、附件4-2"')
    text = text.replace("[[rules]]", OWN_HEADER + "\n[[rules]]", 1)
    ts = load_table_set(str(_write(tmp_path, text)))
    (blank,), _ = write_templates(tmp_path / "t", table_set=ts, items=None, ledgers=None)
    ws = openpyxl.load_workbook(blank)["附件4-2"]
    assert "乡镇(单位)" in [c.value for c in ws["A"]]
    values = [random_values(ts, seed) for seed in (1, 2, 3, 4, 5)]
    for v in values:  # random_values gives the first block of the first table one secretary each: 合计 too
        for row in ts.tables[0].rows:
            v[Key("附件4-1", "合计", row.metric, "")] = sum(v[Key("附件4-1", c, row.metric, "")] for c in ("甲类", "乙类", "丙类"))
    day = dt.date(2013, 3, 1)
    for unit, v in zip("甲丁戊", (values[0], values[3], values[4])):  # one layout: located once, then remembered
        fill_template(ts, tmp_path / "in" / f"{unit}.xlsx", f"{unit}单位", day, v, blank_template=blank)
    write_handmade(ts, tmp_path / "in" / "乙.xlsx", "乙单位", day, values[1])
    write_handmade(ts, tmp_path / "in" / "丙.xlsx", "丙单位", day, values[2], Handmade(one_sheet=True, row_offset=2))
    # typed with a Chinese input method: full-width brackets (escaped: the forms look alike)
    assert "乡镇\uff08单位\uff09" in [c.value for c in openpyxl.load_workbook(tmp_path / "in" / "乙.xlsx")["表二"]["A"]]
    (checked,) = check_files([tmp_path / "in" / "甲.xlsx"], period="2013-H1", table_set=ts, items=None, ledgers=None)
    assert checked.ok and not [p for p in checked.problems if p.code.startswith(("table.", "category.", "row."))]
    result = merge_inbox(tmp_path / "in", period="2013-H1", table_set=ts, items=None, ledgers=None, jobs=1)
    assert [s.display_unit for s in result.accepted] == ["丁单位", "丙单位", "乙单位", "戊单位", "甲单位"]
    assert result.totals == {k: sum(v[k] for v in values) for k in ts.keys}


def test_the_documents_a_notice_names(tmp_path):
    """documents: the shipped set of the notice's id by default, none with "", a .toml beside the
    notice by path; checked at load against the forms."""
    base = (DEFS / "notices" / "justice-2012.toml").read_text(encoding="utf-8")
    none = tmp_path / "none.toml"
    none.write_text(base.replace('id = "justice-2012"', 'id = "mine"\ndocuments = ""'), encoding="utf-8")
    assert load_notice(str(none)).document_set is None
    assert load_notice("justice-2012").document_set.id == "justice-2012"
    text = (DEFS / "documentsets" / "justice-2012.toml").read_text(encoding="utf-8")
    (tmp_path / "docs.toml").write_text(text, encoding="utf-8")
    beside = tmp_path / "beside.toml"
    beside.write_text(base.replace('id = "justice-2012"', 'id = "mine2"\ndocuments = "docs.toml"'), encoding="utf-8")
    assert load_notice(str(beside)).document_set.source.endswith("docs.toml")
    missing = tmp_path / "missing.toml"
    missing.write_text(base.replace('id = "justice-2012"', 'id = "mine3"\ndocuments = "nowhere.toml"'), encoding="utf-8")
    with pytest.raises(SpecError, match="documents"):
        load_notice(str(missing))


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_narrow_tables_make_templates_that_merge(tmp_path, width):
    """A table of one to four categories a block (it crashed the template: OverlappingRange, then
    xlsxwriter's “Can't merge single cell”): 填报时间 on its own line, values merged exactly."""
    import datetime as dt
    import warnings

    from dianping_xlsx.api import merge_inbox, write_templates
    from dianping_xlsx.testing import fill_template, random_values

    names = ["甲类", "乙类", "丙类", "丁类"][:width]
    text = TABLES.split("[[tables.sums]]")[0].replace('blocks = [["甲类", "乙类", "丙类", "合计"]]', f"blocks = [{names!r}]")
    text = text.replace("'", '"')
    ts = load_table_set(str(_write(tmp_path, text)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning of xlsxwriter's either
        (blank,), _ = write_templates(tmp_path / "t", table_set=ts, items=None, ledgers=None, unit_name="甲单位")
    values = random_values(ts, width)
    fill_template(ts, tmp_path / "in" / "甲.xlsx", "甲单位", dt.date(2013, 3, 1), values, blank_template=blank)
    result = merge_inbox(tmp_path / "in", period="2013-H1", table_set=ts, items=None, ledgers=None)
    assert [s.date for s in result.accepted] == [dt.date(2013, 3, 1)] and result.totals == values


def test_definitions_list_and_check_on_the_command_line(tmp_path):
    res = CliRunner().invoke(main, ["definitions", "list"])
    assert res.exit_code == 0 and "hunan-2011" in res.output and "justice-2012" in res.output
    assert "常司发〔2012〕6号" in res.output and "工作总结" in res.output
    good = CliRunner().invoke(main, ["definitions", "check", str(DEFS / "notices" / "justice-2012.toml")])
    assert good.exit_code == 0 and "没有发现问题" in good.output and "附件4" in good.output
    bad = tmp_path / "bad.toml"
    bad.write_text((DEFS / "tablesets" / "justice-2012.toml").read_text(encoding="utf-8").replace(
        'metric = "党员数(人)"\nbase = true', 'metric = "党员数(人)"\nbase = true\nrate = 1\nbasis = 2', 1), encoding="utf-8")
    res = CliRunner().invoke(main, ["definitions", "check", str(bad)])
    assert res.exit_code != 0 and "不认识的键“basis”" in res.output and str(bad) in res.output and "行" in res.output
    missing = CliRunner().invoke(main, ["definitions", "check", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "文件“" in missing.output and "File" not in missing.output


def test_every_kind_of_definition_refuses_an_unknown_key(tmp_path):
    """Item sets too (the reference says every loader refuses what it does not know)."""
    from dianping_xlsx.definitions import load_item_set, load_ledger_set

    for folder, load, key in (("itemsets", load_item_set, "opton"), ("ledgersets", load_ledger_set, "rowz")):
        text = (DEFS / folder / "hunan-2011.toml").read_text(encoding="utf-8")
        path = tmp_path / f"{folder}.toml"
        path.write_text(f'{key} = 1\n' + text, encoding="utf-8")
        with pytest.raises(SpecError, match=f"第 1 行:不认识的键“{key}”"):
            load(str(path))


def test_a_table_set_corrected_beside_its_notice_is_the_one_used(tmp_path):
    """The desk keeps running: a notice whose table set is corrected (the notice file unchanged)
    follows the corrected tables on the next load, never a copy remembered from before."""
    for name, body in re.findall(r"```toml\n# (\S+)\n(.*?)```", (ROOT / "docs" / "通知定义.md").read_text(encoding="utf-8"),
                                 re.S):
        (tmp_path / name).write_text(body, encoding="utf-8")
    notice = tmp_path / "新通知.toml"
    assert load_notice(str(notice)).tables.tables[0].categories == ("乡镇", "县直单位", "小计")
    tables = tmp_path / "county-2013-tables.toml"
    tables.write_text(tables.read_text(encoding="utf-8").replace('"县直单位", "小计"', '"县直单位", "街道", "小计"')
                      .replace('parts = ["乡镇", "县直单位"]', 'parts = ["乡镇", "县直单位", "街道"]'), encoding="utf-8")
    assert load_notice(str(notice)).tables.tables[0].categories == ("乡镇", "县直单位", "街道", "小计")
