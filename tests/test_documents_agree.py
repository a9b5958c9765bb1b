"""The two printed documents of one merge never contradict each other (t10 print finding 1): the
情况通报 and the 汇总表 (审核问题, 报送情况) give the same count of units that reported, whose
reports are clean, whose reports have something to check, of units that did not send a material
the notice asks for, of units late, of files returned and of units missing. A unit whose only
warning is a missing 工作总结 has a clean report in both, and is counted as lacking it in both."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from dianping_xlsx.api import load_notice
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template

NOTICE = load_notice("justice-2012")
TS = NOTICE.tables
TABLE = TS.tables[0]
CATEGORY = "律师事务所"
OFFICE = "溧阳市司法局"


def _values(orgs=2, members=20, covered=None, orgs_covered=None) -> dict[Key, int]:
    """A law firm's figures as its clerk types them: its category's column, ratings adding up."""
    ratings = [120, 30, 6, 2]
    figures = [orgs, orgs if orgs_covered is None else orgs_covered, members,
               members if covered is None else covered, 50, 1, *ratings, sum(ratings)]
    return {Key(TABLE.key, CATEGORY, r.metric, ""): v for r, v in zip(TABLE.rows, figures)}


def _summary_report(folder: Path, unit: str) -> None:
    doc = docx.Document()
    doc.add_paragraph(f"{unit}开展群众评议工作总结")
    doc.save(folder / f"{unit}群众评议工作总结.docx")


# unit -> (its figures, the day it filled in, whether it sent its 工作总结)
UNITS = {
    "甲律师事务所党支部": (_values(), dt.date(2012, 3, 9), True),  # clean
    "乙律师事务所党支部": (_values(), dt.date(2012, 3, 9), False),  # clean report, no 工作总结
    "丙律师事务所党支部": (_values(), dt.date(2012, 3, 10), False),
    "丁律师事务所党支部": (_values(covered=18), dt.date(2012, 3, 10), True),  # not fully covered: to check
    "戊律师事务所党支部": (_values(orgs_covered=5), dt.date(2012, 3, 11), True),  # 5 of 2 covered: returned
    "己律师事务所党支部": (_values(), dt.date(2012, 3, 14), True),  # after the deadline: late
}
SILENT = "庚律师事务所党支部"  # on the roster, sent nothing


def _merge(tmp_path: Path) -> Path:
    inbox, out = tmp_path / "收件箱", tmp_path / "结果"
    for unit, (values, day, summary) in UNITS.items():
        fill_template(TS, inbox / f"{unit}_统计表.xlsx", unit, day, values)
        if summary:
            _summary_report(inbox, unit)
    roster = write_blank_roster(TS, tmp_path / "名册.xlsx", [RosterUnit(u, (), CATEGORY) for u in [*UNITS, SILENT]])
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--notice", "justice-2012",
                                    "--period", "2012-H1", "--unit-name", OFFICE, "--roster", str(roster),
                                    "--date", "2012-03-16", "--due", "2012-03-13"])
    assert res.exit_code == 1, res.output  # a file returned, a unit missing
    return out


def _number(pattern: str, text: str, default: int | None = None) -> int:
    found = re.search(pattern, text)
    assert found or default is not None, (pattern, text)
    return int(found[1]) if found else default


def circular_counts(path: Path) -> dict[str, int]:
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    adopted = _number(r"经审核采用(\d+)个单位的统计表", text)
    clean = _number(r"其中(\d+)个单位的报表无问题", text, adopted if "均无问题" in text else 0)
    return {"reporting": _number(r"共收到(\d+)个单位报送", text), "clean": clean, "warned": adopted - clean,
            "returned files": _number(r"(\d+)个文件因有错误已退回修改", text, 0),
            "missing": _number(r"尚有(\d+)个单位未报或被退回", text, 0),
            "lacking": _number(r"有(\d+)个单位尚未报送通知要求的材料", text, 0),
            "late": _number(r"逾期报送(\d+)个单位", text, 0)}


def workbook_counts(path: Path) -> dict[str, int]:
    wb = openpyxl.load_workbook(path, read_only=True)
    problems, status = wb["审核问题"]["A1"].value, wb["报送情况"]["A1"].value
    return {"reporting": _number(r"共 (\d+) 个单位报送", problems),
            "clean": _number(r"(\d+) 个(?:报表)?无问题", problems, 0),
            "warned": _number(r"(\d+) 个(?:报表)?有警告", problems, 0),
            "returned files": _number(r"退回 (\d+)", status), "missing": _number(r"未报\(含退回\)(\d+) 个", status),
            "lacking": _number(r"(\d+) 个单位缺少报送材料", problems, 0), "late": _number(r"逾期 (\d+) 个", status)}


def test_the_circular_and_the_summary_count_alike(tmp_path):
    out = _merge(tmp_path)
    said = circular_counts(out / "情况通报_2012-H1.docx")
    shown = workbook_counts(out / "汇总表_2012-H1.xlsx")
    assert said == shown
    # what this inbox holds: 甲 乙 丙 己 clean reports (乙 丙 without 工作总结, 己 late), 丁 to check, 戊 returned
    assert said == {"reporting": 6, "clean": 4, "warned": 1, "returned files": 1, "missing": 2, "lacking": 2,
                    "late": 1}


def test_the_headline_says_the_missing_material_apart(tmp_path):
    out = _merge(tmp_path)
    headline = openpyxl.load_workbook(out / "汇总表_2012-H1.xlsx", read_only=True)["审核问题"]["A1"].value
    assert headline == ("共 6 个单位报送:4 个报表无问题,1 个报表有警告(已采用),1 个有错误(已退回);"
                        "2 个单位缺少报送材料(工作总结);1 个单位逾期报送。")
