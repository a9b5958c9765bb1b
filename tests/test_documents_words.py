"""The circular's and the posting's words fit the run: the office's area (全县, 全市), problem kinds
of one title said once, the adopted units split into those without and those with something to
verify (the two add up), a file whose unit is not on the roster named by its file, not as a unit;
and the return file of a ledger said as a ledger's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx import api
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import load_item_set, load_ledger_set, load_table_set
from dianping_xlsx.definitions.documents import SpecError, load_document_set
from dianping_xlsx.report.documents import figures as fig
from dianping_xlsx.template.forms import write_evaluation_templates
from dianping_xlsx.template.ledgers import write_ledger_templates
from dianping_xlsx.testing import fill_member_form, fill_org_forms, fill_template, h1_only, random_values

ROSTER = Path(__file__).resolve().parent.parent / "examples" / "单位名册.xlsx"
OFFICE = "安化县委创先办"
ARGS = ["--period", "2011-H1", "--unit-name", OFFICE, "--date", "2011-06-30", "--due", "2011-06-28",
        "--roster", ROSTER]
D = dt.date


def _commitments(ts, folder: Path, target: Path, unit: str) -> None:
    """The unit's commitment ledger from our template, its totals line not adding up (an error)."""
    blank = next(p for p in write_ledger_templates(load_ledger_set(), ts, folder, unit) if "承诺" in p.name)
    wb = openpyxl.load_workbook(blank)
    ws = wb.worksheets[0]
    rows = [["党组织", "第1村党支部", unit, "业务工作", "承诺事项1", D(2011, 1, 10), D(2011, 6, 1), "已兑现",
             D(2011, 5, 2)],
            ["党员", "承诺人2", unit, "服务群众", "承诺事项2", D(2011, 1, 10), D(2011, 9, 1), "未兑现", None]]
    for i, record in enumerate(rows):
        ws.cell(5 + i, 1, i + 1)
        for j, value in enumerate(record, start=2):
            ws.cell(5 + i, j, value)
    ws.cell(5 + len(rows) + 1, 2, "共承诺4条,已兑现2条,未兑现1条")
    wb.save(target)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """Three units' tables (东坪镇's without 填报单位), 东坪镇's forms without one either (named by
    the form: two codes of one title, one unit), 烟溪镇's commitment ledger returned while its tables
    are adopted, and a branch's member form (内科党支部, not on the roster, nor its file name)."""
    ts, es = load_table_set(), load_item_set("hunan-2011")
    root = tmp_path_factory.mktemp("words")
    inbox, blanks = root / "in", write_evaluation_templates(es, ts, root / "blank")
    for n, unit in enumerate(["梅城镇党委", "东坪镇党委", "烟溪镇党委"]):
        fill_template(ts, inbox / f"{unit}.xlsx", "" if unit == "东坪镇党委" else unit, D(2011, 6, 25),
                      h1_only(ts, random_values(ts, n + 3)))
    fill_org_forms(es, blanks[0], inbox / "东坪镇评议表.xlsx", [("东坪镇党委", {i: "满意" for i in es.org.items})] * 2)
    fill_org_forms(es, blanks[0], inbox / "大福镇评议表.xlsx", [("大福村党支部", {i: "满意" for i in es.org.items})])
    _commitments(ts, root / "ledger", inbox / "公开承诺台账_烟溪镇党委.xlsx", "烟溪镇党委")
    fill_member_form(es, blanks[1], inbox / "内科支部_党员评议表.xlsx", "内科党支部",
                     [("周明", {i: "满意" for i in es.member.items})])
    out = root / "out"
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), *map(str, ARGS)], catch_exceptions=False)
    assert res.exit_code == 1, res.output
    return out


def _text(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_the_office_is_said_as_its_area(county):
    circular, posting = _text(county / "情况通报_2011-H1.docx"), _text(county / "公示_2011-H1.docx")
    assert "全县应报24个单位" in circular and f"全{OFFICE}" not in circular
    assert "2011年上半年全县" in posting and f"全{OFFICE}" not in posting
    assert f"{OFFICE}2011年上半年群众评议结果公示" in posting  # the office's own name stays where it is meant


def test_the_area_at_each_level_and_from_the_document_set():
    result = api.merge_inbox(ROSTER.parent / "2011-H1", period="2011-H1", unit_name=OFFICE)
    assert [fig.area(result, office) for office in (OFFICE, "中共益阳市委创先办", "湖南省委创先办", "创先办")] == \
        ["全县", "全市", "全省", fig.NO_AREA]
    assert load_document_set("justice-2012").area == "全系统"
    justice = api.merge_inbox(ROSTER.parent / "2011-H1", period="2012-H1", unit_name="常州市司法局",
                              notice="justice-2012")
    assert fig.area(justice, "常州市司法局") == "全系统"


def test_an_area_with_braces_is_refused(tmp_path):
    text = load_document_set("hunan-2011").source
    path = tmp_path / "docs.toml"
    path.write_text(Path(text).read_text(encoding="utf-8").replace('id = "hunan-2011"', 'id = "x"\narea = "全{office}"'),
                    encoding="utf-8")
    with pytest.raises(SpecError, match="area 应是一个词"):
        load_document_set(str(path))


@pytest.mark.parametrize("line, words", [
    ('recipients_above = { "益阳市" = "各县:" }', "键是本级地名的最后一个字"),
    ('recipients_above = { "市" = "各县{unit}:" }', "recipients_above 的 市 中的 {unit} 不认识"),
])
def test_recipients_above_are_checked_when_loaded(tmp_path, line, words):
    """Whom a city's or a province's circular goes to is data: a key longer than a level's one
    character, or a field no circular knows, is refused in Chinese when the set is loaded."""
    text = Path(load_document_set("hunan-2011").source).read_text(encoding="utf-8")
    old = next(x for x in text.splitlines() if x.startswith("recipients_above"))
    path = tmp_path / "docs.toml"
    path.write_text(text.replace('id = "hunan-2011"', 'id = "x"').replace(old, line), encoding="utf-8")
    with pytest.raises(SpecError, match=words):
        load_document_set(str(path))


def test_kinds_of_one_title_are_said_once_their_units_counted_together(county):
    circular = _text(county / "情况通报_2011-H1.docx")
    assert circular.count("未填填报单位") == 1
    # 东坪镇党委 (its tables by file name, its forms by the form): one unit, two places (not 1个单位1处
    # twice side by side); 大福村党支部 and 内科党支部 (by their forms) are off the roster, said apart
    assert "未填填报单位（1个单位2处）" in circular


def test_the_adopted_units_add_up(county):
    """烟溪镇's tables adopted, its ledger returned: a unit with something to verify, not left out."""
    circular = _text(county / "情况通报_2011-H1.docx")
    assert "经审核采用3个单位的统计表，其中1个单位的报表无问题，2个单位的报表有需要核实的地方" in circular


def test_a_file_off_the_roster_is_named_by_its_file(county):
    circular = _text(county / "情况通报_2011-H1.docx")
    returned = next(line for line in circular.splitlines() if line.startswith("退回修改的单位"))
    assert "内科党支部" not in returned and "烟溪镇党委" in returned
    assert "未计入汇总：内科支部_党员评议表.xlsx（填报单位“内科党支部”）" in circular


def test_a_returned_ledger_is_answered_as_a_ledger(county):
    """烟溪镇's commitment ledger: its return file is named a ledger's (not 群众评议) and says to
    correct the ledger file itself, not 附件1–3 this file does not hold."""
    returned = sorted(p.name for p in (county / "退回").iterdir())
    assert "烟溪镇党委_台账_审核意见.xlsx" in returned and not [n for n in returned if "群众评议" in n]
    wb = openpyxl.load_workbook(county / "退回" / "烟溪镇党委_台账_审核意见.xlsx")
    assert wb.sheetnames == ["审核意见"]
    words = wb["审核意见"]["A3"].value
    assert "原台账文件“公开承诺台账_烟溪镇党委.xlsx”中逐条改正" in words
    assert load_table_set().all_tables not in words and "本文件的" not in words


def test_the_desk_links_each_returned_file_to_its_return_file(tmp_path):
    """The desk's 退回 list names each returned file's own return file, a ledger's included (it
    guessed names: <unit>_审核意见, <unit>_群众评议_审核意见, and missed <unit>_台账_审核意见)."""
    from dianping_xlsx.desk.state import merge_state

    ts = load_table_set()
    inbox = tmp_path / "in"
    fill_template(ts, inbox / "烟溪镇党委.xlsx", "烟溪镇党委", D(2011, 6, 25), h1_only(ts, random_values(ts, 4)))
    _commitments(ts, tmp_path / "ledger", inbox / "公开承诺台账_烟溪镇党委.xlsx", "烟溪镇党委")
    result = api.merge_inbox(inbox, period="2011-H1", unit_name=OFFICE, due="2011-06-28")
    written = api.write_summary(result, tmp_path / "out", unit_name=OFFICE, day=D(2011, 6, 30))
    state = merge_state(result, written, tmp_path.resolve())
    links = {r["file"]: r["return_file"] for r in state["returned"]}
    assert links == {"公开承诺台账_烟溪镇党委.xlsx": "out/退回/烟溪镇党委_台账_审核意见.xlsx"}
    assert api.return_names(result) == {"公开承诺台账_烟溪镇党委.xlsx": "烟溪镇党委_台账_审核意见.xlsx"}


def test_units_off_the_roster_are_not_counted_as_reporting(county):
    """共收到N个单位: the roster's units that sent something; files of units off it are said apart."""
    circular = _text(county / "情况通报_2011-H1.docx")
    line = next(line for line in circular.splitlines() if "共收到" in line)
    # 梅城, 东坪, 烟溪 and their five files: not 大福村党支部, 内科党支部 nor their files
    assert "共收到3个单位报送的5个文件" in line
    assert "其中1个单位的报表无问题，2个单位的报表有需要核实的地方" in line


def test_a_unit_whose_ledger_alone_was_returned_is_adopted_in_every_count(county):
    """烟溪镇's tables adopted, its ledger returned: 审核问题 counts it among the adopted units to
    check, as 情况通报 does (it was counted as sent back there), and no unit twice."""
    line = openpyxl.load_workbook(county / "汇总表_2011-H1.xlsx")["审核问题"]["A1"].value
    assert "3 个单位报送:1 个报表无问题,2 个报表有警告(已采用)" in line and "已退回" not in line.split("。")[0], line


def test_units_still_missing_are_not_said_to_have_reported_on_time(county):
    """No file late, but roster units have sent nothing: 已报送的单位均按时报送, never 各单位均按时报送."""
    circular = _text(county / "情况通报_2011-H1.docx")
    assert "各单位均按时报送" not in circular and "已报送的单位均按时报送" in circular
