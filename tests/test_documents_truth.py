"""Every sentence of the documents written after a merge is true of the run a clerk prints and
stamps: the circular is dated no earlier than the last file it counts, it says what is missing only
when something is, it names a lower office whose summary is incomplete, report quality is the
tables' own problems, the notice is cited by its title as issued, no figures where none was adopted,
no empty heading, no zero clauses, full-width punctuation, counts that agree with the lists, and
units in the roster's order. The inboxes are our template filled with openpyxl, as units fill it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key, load_item_set
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.template.forms import write_evaluation_templates
from dianping_xlsx.testing import fill_tally, fill_template, h1_only, random_values

D = dt.date
OFFICE = "安化县委创先办"
UNITS = ["东坪镇党委", "梅城镇党委", "小淹镇党委", "江南镇党委", "仙溪镇党委", "县财政局党组", "县卫生局党委",
         "县教育局党委", "安化一中党委", "县茶业公司党委"]


SCREENS: dict[Path, str] = {}  # what each merge said on the screen, by its output folder


def merge(inbox: Path, out: Path, *args, office: str = OFFICE, roster: Path | None = None) -> Path:
    extra = ["--roster", str(roster)] if roster is not None else []
    said = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--unit-name", office, *extra, *args],
                              catch_exceptions=False)
    SCREENS[out] = said.output
    return out


def inbox_of(ts, root: Path, files: list[tuple[str, str, dt.date, dict]]) -> tuple[Path, Path]:
    """An inbox of our filled templates (file name, 填报单位, 填报时间, values) and the roster of UNITS."""
    inbox, roster = root / "inbox", root / "单位名册.xlsx"
    inbox.mkdir(parents=True)
    write_blank_roster(ts, roster, [RosterUnit(u, (), "乡镇", "安化县委") for u in UNITS])
    blank = root / "blank.xlsx"
    for name, unit, day, values in files:
        fill_template(ts, inbox / f"{name}.xlsx", unit, day, values, blank if blank.exists() else None)
    return inbox, roster


def good(ts, seed: int) -> dict:
    return h1_only(ts, random_values(ts, seed=seed))


def wrong(ts, seed: int) -> dict:
    """A unit's values with an error: more members evaluated than there are."""
    values = good(ts, seed)
    values[Key("附件3", "机关部门", "党员数", "")] = 40
    values[Key("附件3", "机关部门", "已被点评党员数", "第一次")] = 45
    return values


def text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


H1 = ["--period", "2011-H1", "--due", "2011-06-28"]


@pytest.fixture(scope="module")
def es():
    return load_item_set("hunan-2011")


@pytest.fixture(scope="module")
def mixed(ts, tmp_path_factory):
    """Two units returned (one of them late), two late on 6-30 and 7-3, two missing."""
    root = tmp_path_factory.mktemp("mixed")
    days = [D(2011, 6, 25), D(2011, 7, 1), D(2011, 6, 30), D(2011, 7, 3)] + [D(2011, 6, 25)] * 4
    files = [(u, u, day, wrong(ts, n) if n < 2 else good(ts, n)) for n, (u, day) in enumerate(zip(UNITS, days))]
    inbox, roster = inbox_of(ts, root, files)
    return merge(inbox, root / "out", *H1, "--date", "2011-06-30", roster=roster)


def test_the_circular_is_dated_no_earlier_than_the_last_file_it_counts(mixed):
    """江南镇党委's file came on 7-3 (listed 逾期): the circular counts 截至 that day and is signed then,
    not on the run's 6-30."""
    circular = text(mixed / "情况通报_2011-H1.docx")
    assert "截至2011年7月3日" in circular and "6月30日" not in circular
    assert circular.splitlines()[-1] == "2011年7月3日"


def test_a_circular_dated_later_than_the_summary_is_said_on_the_screen(mixed):
    """--date 2011-06-30 dates the summary, the circular is of 7-3 (江南镇党委's file): the clerk is
    told, with the --date that makes them agree; never two dates on what is printed unsaid."""
    said = [line for line in SCREENS[mixed].splitlines() if "情况通报_2011-H1.docx的日期" in line]
    assert said == ["注意:情况通报_2011-H1.docx的日期为2011年7月3日(计入的最后一份文件“江南镇党委.xlsx”的日期),"
                    "晚于汇总表和上报文件的填报时间2011年6月30日。如要汇总表的填报时间与文书一致,"
                    "请加 --date 2011-07-03(或更晚的日期)重新汇总。"], SCREENS[mixed]


def test_the_desk_says_a_circular_dated_later_than_the_summary(ts, mixed):
    """The desk dates the summary itself (a run after the reporting window: the due date): its
    merge page says the circular's later date; with the dates agreeing, nothing."""
    from dianping_xlsx import api
    from dianping_xlsx.desk.state import merge_state

    inbox, roster, root = mixed.parent / "inbox", mixed.parent / "单位名册.xlsx", mixed.parent
    result = api.merge_inbox(inbox, period="2011-H1", unit_name=OFFICE, due="2011-06-28",
                             roster=api.load_roster(roster, ts))
    dated = merge_state(result, api.write_summary(result, root / "desk", unit_name=OFFICE, day=D(2011, 6, 30)),
                        root.resolve())["dated"]
    assert dated.startswith("情况通报_2011-H1.docx的日期为2011年7月3日") and "印发文书、上报汇总表前请核对" in dated
    again = api.write_summary(result, root / "desk", unit_name=OFFICE, day=D(2011, 7, 3))
    assert merge_state(result, again, root.resolve())["dated"] == ""
    assert "--date" not in dated


def test_no_note_when_the_date_given_is_the_last_files_or_later(ts, mixed, tmp_path):
    out = merge(mixed.parent / "inbox", tmp_path / "out", *H1, "--date", "2011-07-03",
                roster=mixed.parent / "单位名册.xlsx")
    assert "的日期为" not in SCREENS[out] and "情况通报_2011-H1.docx" in SCREENS[out]


def paragraphs(path: Path) -> list:
    return docx.Document(path).paragraphs


@pytest.fixture(scope="module")
def clean(ts, tmp_path_factory):
    """Every unit of the roster on time, every file without a problem."""
    root = tmp_path_factory.mktemp("clean")
    inbox, roster = inbox_of(ts, root, [(u, u, D(2011, 6, 20), good(ts, n)) for n, u in enumerate(UNITS)])
    return merge(inbox, root / "out", *H1, "--date", "2011-06-30", roster=roster), inbox, roster


def test_a_lower_office_whose_summary_is_incomplete_is_named_and_no_unit_is_asked_to_report(ts, mixed, clean,
                                                                                             tmp_path):
    """A city over two counties' 上报 files, 安化县's lacking four units: no county is missing or
    returned, so no 抓紧补报 paragraph; 安化县委创先办 is named with what its summary lacks, and that
    is not said as report quality."""
    _, inbox, roster = clean
    other = merge(inbox, tmp_path / "桃江", *H1, "--date", "2011-06-29", office="桃江县委创先办", roster=roster)
    city_in = tmp_path / "市收件箱"
    city_in.mkdir()
    for folder in (mixed, other):
        for path in folder.glob("上报_*.xlsx"):
            (city_in / path.name).write_bytes(path.read_bytes())
    city = text(merge(city_in, tmp_path / "市", "--period", "2011-H1", "--date", "2011-06-30",
                      office="益阳市委创先办") / "情况通报_2011-H1.docx")
    assert "抓紧补报" not in city and "未报和被退回的单位请于" not in city
    said = next(line for line in city.splitlines() if "汇总尚不完整" in line)
    assert "安化县委创先办（" in said and "东坪镇党委、梅城镇党委、安化一中党委、县茶业公司党委" in said, said
    assert "桃江县委创先办" not in said
    assert "请安化县委创先办督促所辖未报和被退回的单位" in city
    assert "下级汇总不完整" not in city


def test_lateness_is_said_as_lateness_not_as_report_quality(ts, tmp_path):
    """Every unit late, every table without a problem: the tables are said to be without problems,
    the lateness in its own paragraphs, and no 报表质量 paragraph."""
    files = [(u, u, D(2011, 6, 29) if n % 2 else D(2011, 7, 2), good(ts, n)) for n, u in enumerate(UNITS)]
    inbox, roster = inbox_of(ts, tmp_path, files)
    circular = text(merge(inbox, tmp_path / "out", *H1, "--date", "2011-07-05", roster=roster)
                    / "情况通报_2011-H1.docx")
    assert "经审核采用10个单位的统计表，均无问题。" in circular
    assert "报表质量" not in circular and "需要核实" not in circular
    assert "10个单位均逾期报送：" + "、".join(UNITS) in circular  # no 按时报送0个单位, in the roster's order
    assert "（一）报送要及时。" in circular


def test_the_notice_is_cited_by_its_title_as_issued_in_every_period(ts, clean, tmp_path):
    """The notice of 2011 is titled for 上半年: the second half's circular cites that title (its 文号
    beside it), never a title rewritten for 下半年 that no notice bears."""
    out, _, roster = clean
    inbox, _ = inbox_of(ts, tmp_path, [(u, u, D(2011, 12, 25), random_values(ts, seed=n)) for n, u in enumerate(UNITS)])
    circular = text(merge(inbox, tmp_path / "out", "--period", "2011-H2", "--due", "2011-12-28", "--date", "2011-12-30",
                          "--previous", str(out), roster=roster) / "情况通报_2011-H2.docx")
    assert "根据《关于切实做好2011年上半年度领导点评与群众评议工作的通知》（安创先办〔2011〕2号）要求" in circular
    assert "下半年度" not in circular


def test_a_notice_title_with_a_period_in_it_is_refused(tmp_path):
    from dianping_xlsx.definitions.documents import SpecError, load_document_set

    source = Path(load_document_set("hunan-2011").source).read_text(encoding="utf-8")
    old = next(x for x in source.splitlines() if x.startswith("notice_title"))
    path = tmp_path / "docs.toml"
    path.write_text(source.replace('id = "hunan-2011"', 'id = "x"').replace(
        old, 'notice_title = "关于做好{period}工作的通知"'), encoding="utf-8")
    with pytest.raises(SpecError, match="notice_title 照原文写"):
        load_document_set(str(path))


def test_no_figures_are_published_when_no_table_was_adopted(ts, tmp_path):
    inbox, roster = inbox_of(ts, tmp_path, [(u, u, D(2011, 6, 25), wrong(ts, n)) for n, u in enumerate(UNITS)])
    path = merge(inbox, tmp_path / "out", *H1, "--date", "2011-06-30", roster=roster) / "情况通报_2011-H1.docx"
    circular = text(path)
    assert not docx.Document(path).tables
    assert "总人数0" not in circular and "党组织数0" not in circular and "采用0个" not in circular
    assert "经审核尚未采用任何单位的统计表；10个文件因有错误已退回修改。" in circular
    assert "暂无汇总数字" in circular


def test_a_clean_run_has_no_empty_heading_no_zero_and_the_signature_kept_with_the_text(clean):
    out, _, _ = clean
    paras = paragraphs(out / "情况通报_2011-H1.docx")
    circular = "\n".join(p.text for p in paras)
    assert "存在的问题和下一步工作" not in circular  # nothing to say under it
    assert "全县应报10个单位，已全部报齐。" in circular
    assert "经审核采用10个单位的统计表，均无问题。" in circular
    assert "0个" not in circular.replace("10个", "") and "：无。" not in circular
    said = [p for p in paras if p.text.strip()]
    last_text = paras.index(said[-3])  # the paragraph above the office and the date
    assert all(p.paragraph_format.keep_with_next for p in paras[last_text:-1])


def test_the_running_text_has_full_width_punctuation(ts, mixed):
    """，：；（） in Chinese text, the table set's labels too where they enter a sentence (合计（书记）,
    点评覆盖率（第一次）, 中央和外省（区、市）在湘单位); the tables inside keep the labels as the
    summary's sheets show them, to be read against them."""
    doc = docx.Document(mixed / "情况通报_2011-H1.docx")
    circular = "\n".join(p.text for p in doc.paragraphs)
    assert not re.findall(r"[,:;()]", circular), re.findall(r".{8}[,:;()].{8}", circular)
    assert "合计（书记）：总人数" in circular and "参加点评人数（第一次）" in circular
    assert "中央和外省(区、市)" not in circular
    labels = {c for t in ts.tables for c in t.categories} | {r.metric for t in ts.tables for r in t.rows}
    cells = {c.text for table in doc.tables for row in table.rows for c in row.cells}
    assert "参加点评人数(第一次)" in cells and "中央和外省(区、市)在湘单位" in cells & labels


def test_a_file_off_the_roster_is_said_apart_and_the_counts_agree_with_the_lists(ts, tmp_path):
    files = [(u, u, D(2011, 6, 25), wrong(ts, n) if n == 3 else good(ts, n)) for n, u in enumerate(UNITS)]
    files.append(("外单位", "益阳市某局党委", D(2011, 6, 25), wrong(ts, 11)))
    inbox, roster = inbox_of(ts, tmp_path, files)
    circular = text(merge(inbox, tmp_path / "out", *H1, "--date", "2011-06-30", roster=roster)
                    / "情况通报_2011-H1.docx")
    assert "共收到10个单位报送的10个文件，经审核采用9个单位的统计表，均无问题；1个文件因有错误已退回修改。" in circular
    assert "退回修改的单位：江南镇党委。" in circular
    assert "未计入汇总：外单位.xlsx（填报单位“益阳市某局党委”）；其中1个文件另有错误，已退回修改。" in circular
    assert "数字超过总数（1个单位1处）" in circular


def test_units_are_listed_in_the_roster_order(ts, es, mixed, tmp_path):
    circular = text(mixed / "情况通报_2011-H1.docx")
    assert "逾期报送3个单位：梅城镇党委、小淹镇党委、江南镇党委。" in circular
    assert "退回修改的单位：东坪镇党委、梅城镇党委。" in circular
    blank = write_evaluation_templates(es, ts, tmp_path / "blank")[2]
    counts = {item: [6, 2, 1, 1] for item in es.org.items}
    files = [(u, u, D(2011, 6, 25), good(ts, n)) for n, u in enumerate(UNITS)]
    inbox, roster = inbox_of(ts, tmp_path, files)
    fill_tally(es, blank, inbox / "小淹镇评议.xlsx", "小淹镇党委", {"附件4": [("小淹村党支部", "农村", 10, counts)]})
    fill_tally(es, blank, inbox / "梅城镇评议.xlsx", "梅城镇党委",
               {"附件4": [("梅城村党支部", "农村", 10, counts), ("启安村党支部", "农村", 10, counts)]})
    posting = text(merge(inbox, tmp_path / "out", *H1, "--date", "2011-06-30", roster=roster) / "公示_2011-H1.docx")
    assert posting.index("梅城镇党委群众评议结果公示") < posting.index("小淹镇党委群众评议结果公示")
    assert "梅城镇党委开展了群众评议（评议对象：梅城村党支部、启安村党支部）" in posting
    assert "对梅城镇党委开展了群众评议" not in posting
