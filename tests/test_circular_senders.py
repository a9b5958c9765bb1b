"""情况通报's 共收到N个单位报送的M个文件: the files counted are the files of the units counted (as
审核问题 counts them), so the two numbers speak of the same senders: a county's upward file of the
other half-year (the county not among the senders) and an Excel lock file (~$…, no sender) are no
file any counted unit sent."""

from __future__ import annotations

import datetime as dt
import shutil

import docx

from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .test_clerk_traps import run
from .test_half_year import H1, _county


def _sentence(path) -> str:
    return next(p.text for p in docx.Document(path).paragraphs if "共收到" in p.text)


def test_a_countys_file_of_the_other_half_year_is_not_counted_without_its_sender(ts, make_unit, tmp_path):
    a_out, _, _ = _county(ts, make_unit, tmp_path, "安化县委创先办", ["梅城镇党委"], [], 10)
    # 资阳区 merged its December inbox: it sent its upward file of the second half-year
    inbox = tmp_path / "资阳区委创先办" / "收件箱"
    make_unit(inbox, "资阳镇党委", 30, day=dt.date(2011, 12, 20))
    z_out = tmp_path / "资阳区委创先办" / "汇总结果"
    run("merge", inbox, "-o", z_out, "--period", "2011-H2", "--date", "2011-12-30", "--unit-name", "资阳区委创先办")
    city = tmp_path / "市收件箱"
    city.mkdir()
    shutil.copy(a_out / "上报_安化县委创先办_2011-H1.xlsx", city)
    shutil.copy(z_out / "上报_资阳区委创先办_2011-H2.xlsx", city)
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [RosterUnit("安化县委创先办", (), "县"),
                                                              RosterUnit("资阳区委创先办", (), "县")])
    out = tmp_path / "市汇总"
    res = run("merge", city, "-o", out, *H1, "--unit-name", "益阳市委创先办", "--roster", roster)
    assert "共读取 2 个文件" in res.output, res.output  # the summary's 报送情况 still lists both
    said = _sentence(out / "情况通报_2011-H1.docx")
    assert "共收到1个单位报送的1个文件，经审核采用1个单位的统计表" in said, said


def test_an_excel_lock_file_is_no_file_a_unit_sent(ts, make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", 1)
    make_unit(inbox, "东坪镇党委", 2)
    (inbox / "~$梅城镇党委.xlsx").write_bytes(b"\x0c" + "梅城".encode("utf-16-le").ljust(161, b"\0"))
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1, "--unit-name", "安化县委创先办")
    said = _sentence(out / "情况通报_2011-H1.docx")
    assert "共收到2个单位报送的2个文件" in said, said
