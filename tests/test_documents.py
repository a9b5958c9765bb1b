"""The documents written after a merge (issue 35): 情况通报, 公示 and 评先评优 read back equal the
summary's figures; ties ranked 并列; a notice without evaluation forms writes no evaluation parts;
the document set's loader refuses what it does not know, in Chinese."""

from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx import api
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import load_item_set, load_table_set
from dianping_xlsx.definitions.documents import load_document_set
from dianping_xlsx.report.documents import figures as fig
from dianping_xlsx.template.forms import write_evaluation_templates
from dianping_xlsx.testing import fill_member_form, fill_org_forms, fill_tally

ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30", "--due", "2011-06-28"]
FILES = ("情况通报_2011-H1.docx", "公示_2011-H1.docx", "评先评优_2011-H1.xlsx")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def es():
    return load_item_set("hunan-2011")


@pytest.fixture(scope="module")
def half_year(es, tmp_path_factory):
    """Four units' tables (one late, one with an error), three units' evaluations: two with the
    very same counts (a tie), one with 不满意 above the line; 附件4 forms and a 附件5 form."""
    from dianping_xlsx.testing import fill_template, h1_only, random_values

    ts = load_table_set()
    root = tmp_path_factory.mktemp("half")
    inbox, blanks = root / "in", write_evaluation_templates(es, ts, root)
    for n, unit in enumerate(["梅城镇党委", "东坪镇党委", "县卫生局党委", "大福镇党委"]):
        day = dt.date(2011, 6, 29) if unit == "大福镇党委" else dt.date(2011, 6, 25)
        values = h1_only(ts, random_values(ts, n + 3, full=0.8))
        fill_template(ts, inbox / f"{unit}.xlsx", unit, day, values)
    good = {item: [6, 2, 1, 1] for item in es.org.items}
    bad = {item: [1, 1, 2, 6] for item in es.org.items}
    fill_tally(es, blanks[2], inbox / "梅城镇评议.xlsx", "梅城镇党委",
               {"附件4": [("梅城村党支部", "农村", 10, good)]})
    fill_tally(es, blanks[2], inbox / "东坪镇评议.xlsx", "东坪镇党委",
               {"附件4": [("东坪村党支部", "农村", 10, good)]})
    fill_tally(es, blanks[2], inbox / "卫生局评议.xlsx", "县卫生局党委",
               {"附件4": [("县中医院党支部", "基层医疗卫生单位", 10, bad)]})
    forms = [("大福村党支部", {item: "满意" for item in es.org.items})] * 2
    fill_org_forms(es, blanks[0], inbox / "大福镇评议表.xlsx", forms)
    members = [("张三", {i: "满意" for i in es.member.items}), ("李四", {i: "不满意" for i in es.member.items})]
    fill_member_form(es, blanks[1], inbox / "柳林村党员评议表.xlsx", "柳林村党支部", members)
    out = root / "out"
    res = run("merge", inbox, "-o", out, *ARGS)
    assert res.exit_code in (0, 1), res.output
    result = api.merge_inbox(inbox, period="2011-H1", due="2011-06-28", unit_name="安化县委创先办")
    return out, result


def texts(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_every_document_written_beside_the_summary(half_year):
    out, _ = half_year
    for name in FILES:
        assert (out / name).is_file()
    assert not list(out.glob(".tmp-*"))


def test_the_circulars_figures_are_the_summarys(half_year):
    out, result = half_year
    s = result.summary
    body = texts(out / FILES[0])
    late = list(dict.fromkeys(e.unit for e in s.late))
    assert late == ["大福镇党委"]
    assert f"共收到{s.reporting_units}个单位报送的{s.reported_files}个文件，经审核采用{s.units}个单位的统计表" in body
    assert f"按时报送{s.reporting_units - 1}个单位，逾期报送1个单位：大福镇党委" in body
    form = s.evaluations[0]
    total = form.rows[-1]
    rate = fig.percent(total.items[-1].satisfied)
    assert f"共收回评议表{total.forms}份，“{form.form.items[-1]}”满意率为{rate}" in body
    assert f"不满意占全部评议次数的{fig.percent(total.share)}" in body
    assert "县中医院党支部（县卫生局党委，60.0%）" in body  # 评议跟进's line
    assert body.index("一、报送情况") < body.index("二、") < body.index("三、群众评议结果") < body.index("四、")


def test_the_circulars_tables_equal_the_summary_workbook(half_year):
    """Each coverage table read back equals its 分类汇总 sheet, rates as the sheet's 0.0% shows them."""
    out, result = half_year
    book = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    tables = docx.Document(out / FILES[0]).tables
    assert len(tables) == len(result.ts.tables)
    for t, sheet in zip(tables, result.summary.by_category):
        ws = book[f"{sheet.table.key}分类汇总"]
        rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0]][:len(sheet.rows)]
        cols = fig.shown_columns(sheet)
        head = [c.text for c in t.rows[0].cells]
        assert head == [sheet.first, *(sheet.headings[j] for j in cols)]
        for drow, xrow in zip(t.rows[1:], rows):
            want = [xrow[0], *(fig.count(xrow[1 + j], sheet.kinds[j]) if isinstance(xrow[1 + j], (int, float))
                               else xrow[1 + j] for j in cols)]
            assert [c.text for c in drow.cells] == want


def test_the_posting_has_the_summarys_counts_one_page_per_unit(half_year, es):
    out, result = half_year
    d = docx.Document(out / FILES[1])
    titles = [p.text for p in d.paragraphs if p.text.endswith("群众评议结果公示")]
    assert titles == ["安化县委创先办2011年上半年群众评议结果公示",
                      *(f"{u}群众评议结果公示" for u in result.evaluations)]
    blocks = fig.evaluated_blocks(result.summary.evaluations)
    expected = [row for b in blocks for row in b.rows if row.total]  # the office page
    expected += [row for u in result.evaluations for b in blocks for row in b.rows if row.first == [u, ""]]
    assert len(d.tables) == len(expected)
    for t, row in zip(d.tables, expected):
        got = [[c.text for c in r.cells[1:]] for r in t.rows[1:]]
        assert got == [[*map(str, i.counts), fig.percent(i.satisfied)] for i in row.items]


def test_the_ranking_shows_ties_and_marks_the_line(half_year):
    out, result = half_year
    wb = openpyxl.load_workbook(out / FILES[2])
    assert wb.sheetnames == ["单位排名(附件4)", "党组织排名", "单位排名(附件5)", "党员排名"]
    rows = [r for r in wb["单位排名(附件4)"].iter_rows(min_row=5, values_only=True)]
    ranks = {r[2]: (r[0], r[1], r[-1]) for r in rows}
    assert ranks["大福村党支部"] == (1, "", "满意率达到90%")  # forms without 填报单位: named by their 党组织
    assert ranks["梅城镇党委"][:2] == ranks["东坪镇党委"][:2] == (2, "并列")
    assert ranks["县卫生局党委"] == (4, "", "不满意占比超过20%")
    block = result.summary.evaluations[0]
    by_unit = {r.first[0]: r for r in block.rows if not r.total}
    for r in rows:
        assert r[8] == pytest.approx(by_unit[r[2]].items[-1].satisfied)  # 满意率, as the summary's
        assert r[9:11] == (by_unit[r[2]].unsatisfied, pytest.approx(by_unit[r[2]].share))
    members = {r[2]: r[0] for r in wb["党员排名"].iter_rows(min_row=5, values_only=True)}
    assert members == {"张三(柳林村党支部)": 1, "李四(柳林村党支部)": 2}  # a member with its branch, as 评议跟进 names it


def test_ranks_of_equal_shown_rates_are_equal():
    from dianping_xlsx.report.documents.ranking import RankRow, rank

    r = load_document_set("hunan-2011").ranking
    rows = [RankRow([n], 1, [], rate, 0, 0.0) for n, rate in
            [("甲", 0.8), ("乙", 0.95), ("丙", 0.95004), ("丁", None), ("戊", 0.7)]]
    got = [(x.names[0], x.rank, x.tied) for x in rank(rows, r)]
    assert got == [("丙", 1, True), ("乙", 1, True), ("甲", 3, False), ("戊", 4, False), ("丁", None, False)]


@pytest.mark.parametrize("value, text", [(0.0625, "6.3%"), (1 / 3, "33.3%"), (0.9579439252336449, "95.8%"),
                                         (1.0, "100.0%"), (0.0, "0.0%"), (None, "—")])
def test_rates_are_written_as_excel_shows_them(value, text):
    assert fig.percent(value) == text


def test_a_notice_without_evaluation_forms_writes_no_evaluation_parts(half_year, tmp_path):
    out, _ = half_year
    inbox = out.parent / "in"
    res = run("merge", inbox, "-o", tmp_path, *ARGS, "--items", "无")
    assert res.exit_code in (0, 1), res.output
    assert (tmp_path / FILES[0]).is_file()
    assert not (tmp_path / FILES[1]).exists() and not (tmp_path / FILES[2]).exists()
    body = texts(tmp_path / FILES[0])
    assert "群众评议结果" not in body and "满意率" not in body and "三、存在的问题和下一步工作" in body


def test_the_circular_of_a_city_and_a_province_is_addressed_to_the_level_below(half_year, tmp_path):
    """A city merging its counties' 上报 writes to its counties, a province to its cities; neither
    cites the county's notice by the county's 文号. The county's own circular is as before."""
    number = api.load_notice("hunan-2011").document
    out, _ = half_year
    county = texts(out / FILES[0])
    assert "各乡镇党委，县直各单位党组（党委）：" in county and f"（{number}）要求" in county
    city_in, city_out = tmp_path / "市收件箱", tmp_path / "市结果"
    city_in.mkdir()
    (city_in / "上报_安化县委创先办_2011-H1.xlsx").write_bytes((out / "上报_安化县委创先办_2011-H1.xlsx").read_bytes())
    run("merge", city_in, "-o", city_out, "--period", "2011-H1", "--unit-name", "益阳市委创先办", "--date", "2011-06-30")
    city = texts(city_out / FILES[0])
    assert "各县（市、区）委创先办：" in city and "各乡镇党委" not in city, city
    assert number not in city and "现将全市有关情况通报如下" in city, city
    prov_in, prov_out = tmp_path / "省收件箱", tmp_path / "省结果"
    prov_in.mkdir()
    (prov_in / "上报.xlsx").write_bytes((city_out / "上报_益阳市委创先办_2011-H1.xlsx").read_bytes())
    run("merge", prov_in, "-o", prov_out, "--period", "2011-H1", "--unit-name", "湖南省委创先办", "--date", "2011-07-05")
    province = texts(prov_out / FILES[0])
    assert "各市（州）委创先办：" in province and number not in province and "全省" in province, province
