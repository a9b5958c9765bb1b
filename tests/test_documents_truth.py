"""Every sentence of the documents written after a merge is true of the run a clerk prints and
stamps: the circular is dated no earlier than the last file it counts, it says what is missing only
when something is, it names a lower office whose summary is incomplete, report quality is the
tables' own problems, the notice is cited by its title as issued, no figures where none was adopted,
no empty heading, no zero clauses, full-width punctuation, counts that agree with the lists, and
units in the roster's order. The inboxes are our template filled with openpyxl, as units fill it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template, h1_only, random_values

D = dt.date
OFFICE = "安化县委创先办"
UNITS = ["东坪镇党委", "梅城镇党委", "小淹镇党委", "江南镇党委", "仙溪镇党委", "县财政局党组", "县卫生局党委",
         "县教育局党委", "安化一中党委", "县茶业公司党委"]


def merge(inbox: Path, out: Path, *args, office: str = OFFICE, roster: Path | None = None) -> Path:
    extra = ["--roster", str(roster)] if roster is not None else []
    CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--unit-name", office, *extra, *args],
                       catch_exceptions=False)
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
