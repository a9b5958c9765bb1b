"""Units whose names differ only in letter case (ABC公司, abc公司): each gets its own file where
merge, template and mail send write one per unit, also when the folder is opened on Windows or
macOS, which take ABC公司.xlsx and abc公司.xlsx for one file (one would overwrite the other)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.files import unique_files
from dianping_xlsx.merge.roster import Roster
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

UPPER, LOWER = "ABC公司党支部", "abc公司党支部"
WRONG = {Key("附件2", "农村", "党组织数", ""): -3}  # an error: the file is sent back


def as_windows_sees(names) -> set[str]:
    """File names as Windows and macOS compare them: case and full-width forms ignored."""
    return {unicodedata.normalize("NFKC", n).casefold() for n in names}


def test_return_files_of_units_differing_in_case(make_unit, tmp_path):
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总"
    make_unit(inbox, UPPER, seed=1, name="upper.xlsx", values=WRONG)
    make_unit(inbox, LOWER, seed=2, name="lower.xlsx", values=WRONG)
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1",
                                    "--date", "2011-06-30"])
    assert res.exit_code == 1, res.output
    names = [p.name for p in (out / "退回").iterdir()]
    assert len(names) == 2 and len(as_windows_sees(names)) == 2, names
    units = {openpyxl.load_workbook(out / "退回" / n)["附件1"]["C3"].value for n in names}
    assert units == {UPPER, LOWER}


def test_templates_of_units_differing_in_case(tmp_path):
    templates, forms = api.write_templates(tmp_path, roster=Roster([RosterUnit(UPPER), RosterUnit(LOWER)]),
                                           period="2011-H1")
    names = [p.name for p in tmp_path.iterdir()]
    assert len(names) == len(templates) + len(forms) == len(as_windows_sees(names)), names
    assert [openpyxl.load_workbook(p)["附件1"]["C3"].value for p in templates] == [UPPER, LOWER]


def test_reminder_templates_of_units_differing_in_case(make_unit, ts, tmp_path):
    inbox, out, roster = tmp_path / "收件箱", tmp_path / "汇总", tmp_path / "单位名册.xlsx"
    make_unit(inbox, "东坪镇党委", seed=1)
    write_blank_roster(ts, roster, [RosterUnit("东坪镇党委", (), "乡镇", "", 0, ("dp@qq.com",)),
                                    RosterUnit(UPPER, (), "企业", "", 0, ("upper@qq.com",)),
                                    RosterUnit(LOWER, (), "企业", "", 0, ("lower@qq.com",))])
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, jobs=1)
    api.write_summary(result, out, day=dt.date(2011, 6, 30))
    res = CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--roster", str(roster)])
    assert res.exit_code == 0, res.output
    made = list((out / "待发邮件" / "催报模板").iterdir())
    assert len(made) == 2 and len(as_windows_sees(p.name for p in made)) == 2, made
    assert {openpyxl.load_workbook(p)["附件1"]["C3"].value for p in made} == {UPPER, LOWER}


def test_full_width_and_case_are_one_name():
    assert unique_files(["ABC.xlsx", "abc.xlsx", "ＡＢＣ.xlsx", "abc_2.xlsx", "x.XLSX", "x.xlsx"]) == [
        "ABC.xlsx", "abc_2.xlsx", "ＡＢＣ_3.xlsx", "abc_2_2.xlsx", "x.XLSX", "x_2.xlsx"]
