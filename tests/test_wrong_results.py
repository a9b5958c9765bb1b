"""Issue 33, "Two wrong results": a unit's values go back as they came; files saved at the same
moment are ordered by what they say, and a tie that is still a tie is said."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period

H1 = Period.parse("2011-H1")
ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_return_file_gives_back_each_value_as_the_unit_typed_it(make_unit, tmp_path, ts):
    inbox = tmp_path / "in"
    first = ts.tables[0]
    typed = {
        Key("附件3", "农村", "已被群众评议党员数", ""): -5,      # a number: stays the number -5
        Key("附件2", "农村", "党组织数", ""): "-5",              # text: stays the text
        Key(first.key, first.categories[0], first.base_row.metric, ""): 2.5,  # a fraction: the number 2.5
    }
    make_unit(inbox, "县公安局党委", 2, values=typed)
    out = tmp_path / "out"
    assert run("merge", inbox, "-o", out, *ARGS).exit_code == 1
    path = out / "退回" / "县公安局党委_审核意见.xlsx"
    wb = openpyxl.load_workbook(path)
    got = {(s, c): wb[s][c].value for s, c in (("附件3", "C8"), ("附件2", "C5"), (first.key, "C5"))}
    assert got == {("附件3", "C8"): -5, ("附件2", "C5"): "-5", (first.key, "C5"): 2.5}
    assert type(got[("附件3", "C8")]) is int
    assert "负数" in wb["附件3"]["C8"].comment.text
    # read back, the return file says of each what the unit's own file said
    original = check_workbook(inbox / "县公安局党委.xlsx", ts, H1)
    back = check_workbook(path, ts, H1)
    assert [(p.code, p.message) for p in back.problems if p.severity == "error"] == [
        (p.code, p.message) for p in original.problems if p.severity == "error"]
