"""A unit's file filled on another notice's template (the Hunan notice's 附件1–3 sent where the
bureau's 附件4 is asked for, or the reverse) is said to be that notice's tables: the unit is asked to
use this notice's template, the clerk told how to change a notice chosen wrongly; never "no tables
in the file, use the template". Known by the template's mark, or, for a file typed by hand, by its
sheets located as another shipped notice's tables. A file of no notice's tables is as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from dianping_xlsx.api import check_files, load_notice, merge_inbox, write_summary, write_templates
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import TEMPLATE_NOTICE_PROPERTY
from dianping_xlsx.cli.screens import merge_lines
from dianping_xlsx.desk.state import _without_return
from dianping_xlsx.read.grids import load_grids
from dianping_xlsx.send.outbox import plan_unopened, read_summary
from dianping_xlsx.testing import fill_template, h1_only, random_values, write_handmade

from .conftest import status_of
from .test_justice_notice import unit_values

HUNAN, JUSTICE = load_notice("hunan-2011"), load_notice("justice-2012")
HUNAN_DAY, JUSTICE_DAY = dt.date(2011, 6, 25), dt.date(2012, 3, 10)
OTHER = "file.other-notice"


def our_template(tmp_path: Path, notice, period: str) -> Path:
    """The blank statistics template as `dianping template --notice` writes it."""
    templates, _ = write_templates(tmp_path / f"模板_{notice.id}", notice=notice, period=period)
    return templates[0]


def hunan_filled(tmp_path: Path, target: Path, unit: str = "梅城镇党委") -> Path:
    values = h1_only(HUNAN.tables, random_values(HUNAN.tables, 3))
    return fill_template(HUNAN.tables, target, unit, HUNAN_DAY, values, our_template(tmp_path, HUNAN, "2011-H1"))


def justice_filled(tmp_path: Path, target: Path, unit: str = "武进区司法局", seed: int = 1) -> Path:
    return fill_template(JUSTICE.tables, target, unit, JUSTICE_DAY, unit_values(seed),
                         our_template(tmp_path, JUSTICE, "2012-H1"))


def said(result, name: str):
    (entry,) = [e for e in result.entries if e.name == name]
    return entry, [p for p in entry.problems if p.severity == "error"]


def test_templates_say_which_notice_they_are_for(tmp_path):
    for notice, period in ((HUNAN, "2011-H1"), (JUSTICE, "2012-H1")):
        assert load_grids(our_template(tmp_path, notice, period)).properties[TEMPLATE_NOTICE_PROPERTY] == notice.id


def test_a_hunan_template_merged_under_the_justice_notice(tmp_path):
    inbox = tmp_path / "收件箱"
    justice_filled(tmp_path, inbox / "武进区司法局.xlsx")
    wrong = hunan_filled(tmp_path, inbox / "金坛市司法局.xlsx", "金坛市司法局")
    result = merge_inbox(inbox, period="2012-H1", notice=JUSTICE)
    assert [s.display_unit for s in result.accepted] == ["武进区司法局"]
    entry, (problem,) = said(result, wrong.name)
    assert entry.status == "rejected" and problem.code == OTHER, problem.message
    assert problem.message.startswith(f"这是另一个通知(“{HUNAN.name}”)的统计表,不是本通知(“{JUSTICE.name}”)要报的表(附件4)")
    assert "请对方改用本通知的模板填写" in problem.message
    assert "如果是本级选错了通知,请在工作台“本期”页(命令行用 --notice)更换通知" in problem.message
    assert "没有找到统计表" not in problem.message
    assert (problem.sheet, problem.cell) != ("", "")  # where its other tables stand
    out = tmp_path / "结果"
    written = write_summary(result, out, unit_name="常州市司法局政治部", day=dt.date(2012, 3, 16))
    unit, status, reason = status_of(written.workbook)[wrong.name]
    assert unit == "金坛市司法局" and HUNAN.name in reason
    # the screen, the desk and the mail to the unit: another notice's tables, not "none found", not 无法打开
    screen = "\n".join(merge_lines(result, written))
    assert "另有 1 个退回的文件是另一个通知的统计表" in screen and "没有找到统计表" not in screen
    assert "是另一个通知的统计表" in _without_return(result.summary)[id(entry)]
    (mail,) = plan_unopened(read_summary(out), dt.date(2012, 3, 20), "常州市司法局政治部")
    assert "报送的不是本通知的统计表" in mail.subject and "是另一个通知的统计表" in mail.body
    assert "没有找到" not in mail.body and "无法打开" not in mail.body


def test_a_justice_template_merged_under_the_hunan_notice(tmp_path):
    inbox = tmp_path / "收件箱"
    wrong = justice_filled(tmp_path, inbox / "梅城镇党委.xlsx", "梅城镇党委")
    result = merge_inbox(inbox, period="2011-H1", notice=HUNAN)
    entry, (problem,) = said(result, wrong.name)
    assert problem.code == OTHER, problem.message
    assert f"这是另一个通知(“{JUSTICE.name}”)的统计表,不是本通知(“{HUNAN.name}”)要报的表(附件1–3)" in problem.message
    assert problem.unit == "梅城镇党委"  # its 填报单位 still read, for the roster and the mail


def test_a_hand_made_hunan_layout_under_the_justice_notice(tmp_path):
    """No template, no mark: its sheets are the Hunan notice's tables."""
    inbox = tmp_path / "收件箱"
    values = h1_only(HUNAN.tables, random_values(HUNAN.tables, 5))
    made = write_handmade(HUNAN.tables, inbox / "溧阳市司法局.xlsx", "溧阳市司法局", HUNAN_DAY, values)
    assert TEMPLATE_NOTICE_PROPERTY not in load_grids(made).properties
    result = merge_inbox(inbox, period="2012-H1", notice=JUSTICE)
    _, (problem,) = said(result, made.name)
    assert problem.code == OTHER and HUNAN.name in problem.message
    assert (problem.sheet, problem.cell) == (openpyxl.load_workbook(made).sheetnames[0], "C5")  # its first figure


def test_dianping_check_tells_the_unit_what_to_do(tmp_path):
    """The unit checking its own file: to use this notice's template, or to check under the right one."""
    (report,) = check_files(hunan_filled(tmp_path, tmp_path / "梅城镇党委.xlsx"), notice=JUSTICE, jobs=1)
    (problem,) = [p for p in report.problems if p.severity == "error"]
    assert problem.code == OTHER and not report.ok
    assert "没有检查" in problem.message and "请改用本通知的模板填写" in problem.message
    assert "--notice" in problem.message and "本级" not in problem.message and "对方" not in problem.message


def test_a_mark_of_a_notice_not_known_here(tmp_path):
    """A template of an office's own notice (a definition file of its own, the Hunan tables): said by its id."""
    text = Path(HUNAN.source).read_text(encoding="utf-8").replace('id = "hunan-2011"', 'id = "hunan-2011-anhua"')
    (tmp_path / "安化.toml").write_text(text, encoding="utf-8")
    own = load_notice(str(tmp_path / "安化.toml"))
    values = h1_only(HUNAN.tables, random_values(HUNAN.tables, 3))
    path = fill_template(HUNAN.tables, tmp_path / "in" / "梅城镇党委.xlsx", "梅城镇党委", HUNAN_DAY, values,
                         our_template(tmp_path, own, "2011-H1"))
    result = merge_inbox(path.parent, period="2012-H1", notice=JUSTICE)
    _, (problem,) = said(result, path.name)
    assert problem.code == OTHER and "另一个通知(“hunan-2011-anhua”)的表格" in problem.message
    assert merge_inbox(path.parent, period="2011-H1", notice=HUNAN).accepted  # the same tables: read as ours


def test_a_return_file_says_its_notice_and_is_told_under_another(tmp_path):
    """A justice return file holds the bureau's tables: marked so, and sent under the Hunan notice said so."""
    inbox = tmp_path / "收件箱"
    values = unit_values(2)
    table = JUSTICE.tables.tables[0]
    values[Key(table.key, "公证处", "参加评议党员数(人)", "")] = values[Key(table.key, "公证处", "党员数(人)", "")] + 3
    fill_template(JUSTICE.tables, inbox / "溧阳市司法局.xlsx", "溧阳市司法局", JUSTICE_DAY, values,
                  our_template(tmp_path, JUSTICE, "2012-H1"))
    written = write_summary(merge_inbox(inbox, period="2012-H1", notice=JUSTICE), tmp_path / "结果",
                            unit_name="常州市司法局政治部", day=dt.date(2012, 3, 16))
    (returned,) = written.returns
    assert load_grids(returned).properties[TEMPLATE_NOTICE_PROPERTY] == JUSTICE.id
    result = merge_inbox(returned.parent, period="2011-H1", notice=HUNAN)
    _, (problem,) = said(result, returned.name)
    assert problem.code == OTHER and JUSTICE.name in problem.message


def test_files_of_no_notice_and_of_this_one_are_as_before(tmp_path):
    """The normal case unchanged: this notice's template accepted; a workbook of no notice's tables,
    or this notice's template with its tables deleted, has no tables (never "another notice")."""
    inbox = tmp_path / "收件箱"
    justice_filled(tmp_path, inbox / "武进区司法局.xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "工作总结"
    wb.active["A1"] = "2012年群众评议工作总结"
    wb.save(inbox / "金坛市司法局总结表.xlsx")
    gutted = justice_filled(tmp_path, inbox / "天宁区司法局.xlsx", "天宁区司法局", seed=4)
    wb = openpyxl.load_workbook(gutted)
    del wb[JUSTICE.tables.tables[0].key]
    wb.save(gutted)
    result = merge_inbox(inbox, period="2012-H1", notice=JUSTICE)
    assert [s.display_unit for s in result.accepted] == ["武进区司法局"]
    for name in ("金坛市司法局总结表.xlsx", gutted.name):
        _, problems = said(result, name)
        assert [p.code for p in problems] == ["file.no-tables"], name
