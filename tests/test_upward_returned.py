"""A lower office's summary sent back by the level above, under the justice notice (seed 003): the
county corrects the return file as told and sends it again; the city reads it as the county's
summary once more. What the city says of a file it does not count never says it counted it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl

from dianping_xlsx.api import load_notice, merge_inbox, write_summary
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template, random_values

NOTICE = load_notice("justice-2012")
TS = NOTICE.tables
TABLE = TS.tables[0]
PERIOD = "2012-H1"
CITY = "常州市司法局"
SATISFIED, VOTES = "满意(票)", "评议票数合计(票)"


def _values(seed: int) -> dict[Key, int]:
    values = random_values(TS, seed, scale=30)
    for c in TABLE.categories:
        values[Key(TABLE.key, c, "参加评议人数(人)", "")] = 40 + seed
        values[Key(TABLE.key, c, "其中:非中共党员合伙人(人)", "")] = 1 + seed % 3
    return values


def county_upward(tmp_path: Path, county: str, units: list[str], missing: list[str], seed: int) -> Path:
    """A county's merge of its units' files (``missing``: on its roster, never sent), its 上报 file
    with its 工作总结 beside it; the path of the 上报 file."""
    inbox = tmp_path / county / "收件箱"
    for n, unit in enumerate(units):
        fill_template(TS, inbox / f"{unit}.xlsx", unit, dt.date(2012, 3, 8), _values(seed + n))
        (inbox / f"{unit}工作总结.docx").write_bytes(b"PK\x03\x04 a summary")
    roster = write_blank_roster(TS, tmp_path / county / "名册.xlsx", [RosterUnit(u, (), "律师事务所")
                                                                       for u in units + missing])
    result = merge_inbox(inbox, period=PERIOD, notice=NOTICE, roster=roster, jobs=1)
    return write_summary(result, tmp_path / county / "汇总结果", unit_name=county, day=dt.date(2012, 3, 12)).upward


def _cell(ws, category: str, metric: str):
    """The cell of ``metric`` for ``category`` in the official layout (as a clerk finds it)."""
    col = next(c.column for row in ws.iter_rows() for c in row if c.value == category)
    row = next(c.row for row in ws.iter_rows() for c in row if c.value == metric)
    return ws.cell(row, col)


def hand_edited(upward: Path, target: Path) -> Path:
    """The county's 上报 file, one 满意 number changed by hand after its merge: the votes no longer add up."""
    wb = openpyxl.load_workbook(upward)
    cell = _cell(wb[TABLE.key], "律师事务所", SATISFIED)
    cell.value += 10
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def corrected(returned: Path, target: Path, day: str) -> Path:
    """The return file corrected as its 审核意见 says: the total made the sum of the votes, the date today."""
    wb = openpyxl.load_workbook(returned)
    ws = wb[TABLE.key]
    votes = [_cell(ws, "律师事务所", m.metric).value for m in TABLE.rows
             if m.metric in (SATISFIED, "比较满意(票)", "基本满意(票)", "不满意(票)")]
    _cell(ws, "律师事务所", VOTES).value = sum(votes)
    date = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("填报时间"))
    ws.cell(date.row, date.column + 1).value = day
    wb.save(target)
    return target


def city_roster(tmp_path: Path, counties: list[str]) -> Path:
    return write_blank_roster(TS, tmp_path / "市名册.xlsx", [RosterUnit(c, (), "司法局") for c in counties])


def _codes(result, unit: str) -> list[str]:
    return [p.code for e in result.entries if e.unit == unit and e.status == "accepted" for p in e.problems]


COUNTED_WORDS = ("已计入汇总", "仍计入汇总")


def city_inbox(tmp_path: Path, liyang: bool = False) -> tuple[Path, Path, Path, Path]:
    """The city's inbox: 天宁's 上报 (a unit still missing below it) with a number changed by hand
    after its merge, 武进's complete 上报 (and, ``liyang``, 溧阳's, a unit missing below it); the
    city's roster of them. (inbox, roster, 天宁's file, 武进's file)."""
    tianning = county_upward(tmp_path, "天宁区司法局", ["天宁第1律师事务所党支部"], ["天宁第2律师事务所党支部"], 1)
    wujin = county_upward(tmp_path, "武进区司法局", ["武进第1律师事务所党支部"], [], 5)
    inbox = tmp_path / "市收件箱"
    hand_edited(tianning, inbox / tianning.name)
    shutil.copy(wujin, inbox)
    counties = ["天宁区司法局", "武进区司法局"]
    if liyang:
        shutil.copy(county_upward(tmp_path, "溧阳市司法局", ["溧阳第1律师事务所党支部"], ["溧阳第2律师事务所党支部"], 9),
                    inbox)
        counties.append("溧阳市司法局")
    return inbox, city_roster(tmp_path, counties), inbox / tianning.name, inbox / wujin.name


def _said(result, name: str) -> str:
    """Every message said of the inbox file ``name``."""
    return " ".join(p.message for e in result.entries if e.name == name for p in e.problems)


def test_a_county_that_corrects_its_returned_upward_file_is_still_a_summary(tmp_path):
    """天宁's 上报 (a unit still missing below it) is sent back for a number changed by hand; 天宁
    corrects the 审核意见 file as told: the city reads it as 天宁's summary again, still incomplete
    below, and asks no 工作总结 of it (the units' materials stay with the county)."""
    inbox, roster, tianning, wujin = city_inbox(tmp_path)
    first = merge_inbox(inbox, period=PERIOD, notice=NOTICE, roster=roster, unit_name=CITY, jobs=1)
    assert [e.unit for e in first.by_status("rejected")] == ["天宁区司法局"]
    written = write_summary(first, tmp_path / "市汇总", unit_name=CITY, day=dt.date(2012, 3, 13))
    returned = written.workbook.parent / "退回" / "天宁区司法局_审核意见.xlsx"
    corrected(returned, inbox / "0314-1100_天宁区司法局_审核意见.xlsx", "2012-03-14")

    again = merge_inbox(inbox, period=PERIOD, notice=NOTICE, roster=roster, unit_name=CITY, jobs=1)
    status = {e.name: e.status for e in again.entries}
    assert status == {tianning.name: "superseded", wujin.name: "accepted",
                      "0314-1100_天宁区司法局_审核意见.xlsx": "accepted"}, status
    assert [e.unit for e in again.summary.below] == ["天宁区司法局"]
    assert "unit.incomplete-below" in _codes(again, "天宁区司法局")
    assert "material.missing" not in _codes(again, "天宁区司法局") + _codes(again, "武进区司法局")
    [fixed] = [e.submission for e in again.entries if e.name.startswith("0314-1100")]
    assert "天宁第2律师事务所党支部" in fixed.summary_mark.incomplete
    assert (fixed.summary_mark.unit, fixed.summary_mark.notice) == ("天宁区司法局", "justice-2012")
    # the units its totals hold, said by the 上报 (kept by openpyxl's save) and by the return file alike
    assert fixed.summary_mark.units == ("天宁第1律师事务所党支部",)


def test_a_file_sent_back_or_replaced_is_never_said_to_be_counted(tmp_path):
    """Late, and sent back: 天宁's 上报 and its 审核意见 say it is late, never that it is counted
    (仍计入汇总 / 已计入汇总), nor that its summary, which is not counted, was; 武进's, adopted, says it
    is counted. Corrected and sent again, 天宁's first file, replaced, says neither."""
    inbox, roster, tianning, wujin = city_inbox(tmp_path)
    first = merge_inbox(inbox, period=PERIOD, notice=NOTICE, roster=roster, unit_name=CITY, due="2012-03-10", jobs=1)
    assert "属逾期报送(仍计入汇总)" in _said(first, wujin.name)
    returned = _said(first, tianning.name)
    assert "属逾期报送。" in returned and not any(w in returned for w in COUNTED_WORDS), returned
    written = write_summary(first, tmp_path / "市汇总", unit_name=CITY, day=dt.date(2012, 3, 13))
    opinion = written.workbook.parent / "退回" / "天宁区司法局_审核意见.xlsx"
    text = " ".join(str(c) for row in openpyxl.load_workbook(opinion)["审核意见"].iter_rows(values_only=True)
                    for c in row if c)
    assert "属逾期报送。" in text and not any(w in text for w in COUNTED_WORDS), text
    overview = " ".join(str(c) for row in openpyxl.load_workbook(written.workbook)["审核问题"].iter_rows(values_only=True)
                        for c in row if c)
    assert "“天宁区司法局”报来的汇总不完整" not in overview

    corrected(opinion, inbox / "0314-1100_天宁区司法局_审核意见.xlsx", "2012-03-14")
    again = merge_inbox(inbox, period=PERIOD, notice=NOTICE, roster=roster, unit_name=CITY, due="2012-03-10", jobs=1)
    replaced = _said(again, tianning.name)
    assert "属逾期报送。" in replaced and not any(w in replaced for w in COUNTED_WORDS), replaced
    assert "已计入汇总" in _said(again, "0314-1100_天宁区司法局_审核意见.xlsx")  # its summary, incomplete, counted


def test_the_lower_levels_incomplete_are_counted_once(tmp_path):
    """天宁 (sent back) and 溧阳 (adopted) both lack a unit below: the screen's 主要问题 and its
    conclusion count the lower levels counted in the summary alike: 1, 溧阳."""
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    inbox, roster, _, _ = city_inbox(tmp_path, liyang=True)
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "市汇总"), "--notice", "justice-2012",
                                    "--period", PERIOD, "--unit-name", CITY, "--roster", str(roster),
                                    "--date", "2012-03-15", "--jobs", "1"])
    assert res.exit_code == 1, res.output
    assert "下级汇总不完整:1 个单位" in res.output and "1 个下级的汇总不完整" in res.output, res.output


def test_only_the_counted_words_go_from_a_file_not_counted():
    """A message of a file not counted loses its counted words alone: a ledger's count stays."""
    from dianping_xlsx.problems import Problem, uncounted

    late = Problem("date.late", params={"date": "2012-03-12", "due": "2012-03-10"})
    ledger = Problem("ledger.above", params={"table": "附件1", "category": "c", "metric": "m", "round": "第一次",
                                             "reported": 12, "ledger": "点评台账", "counted": 10, "repeated": "",
                                             "undated": ""})
    assert late.message.endswith("属逾期报送(仍计入汇总)。")
    said = uncounted([late, ledger])
    assert said[0].message.endswith("属逾期报送。") and said[1].message == ledger.message and "只有 10 个" in said[1].message
