"""A county's 上报 file merged under another notice (a Hunan-notice summary at the justice bureau)
is said to be so, whatever its period: never "another period", never "no 附件4 in the file"; the
county is listed as having used the wrong notice, and told to merge again under this one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dianping_xlsx.api import load_notice, merge_inbox, write_summary
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template

from .conftest import sheet_rows, status_of
from .test_justice_notice import unit_values

JUSTICE = load_notice("justice-2012")
CITY, RIGHT, WRONG = "常州市司法局", "武进区司法局", "钟楼区司法局"


def justice_upward(tmp_path: Path, notice=JUSTICE) -> Path:
    inbox = tmp_path / RIGHT
    fill_template(JUSTICE.tables, inbox / "单位.xlsx", f"{RIGHT}律师事务所党支部", dt.date(2012, 3, 10), unit_values(1))
    written = write_summary(merge_inbox(inbox, period="2012-H1", notice=notice), tmp_path / f"{RIGHT}结果",
                            unit_name=RIGHT, day=dt.date(2012, 3, 14))
    return written.upward


def hunan_upward(tmp_path: Path, make_unit, period: str) -> Path:
    """The county merged its units with the default notice (hunan-2011) by mistake."""
    inbox = tmp_path / WRONG
    make_unit(inbox, "某某党支部", seed=3)
    written = write_summary(merge_inbox(inbox, period=period), tmp_path / f"{WRONG}结果", unit_name=WRONG,
                            day=dt.date(2011, 6, 28))
    return written.upward


def city_merge(tmp_path: Path, files: list[Path]):
    ups = tmp_path / "市收件箱"
    ups.mkdir()
    for f in files:
        (ups / f.name).write_bytes(f.read_bytes())
    roster = write_blank_roster(JUSTICE.tables, tmp_path / "名册.xlsx", [RosterUnit(u, (), "司法局") for u in (RIGHT, WRONG)])
    result = merge_inbox(ups, period="2012-H1", notice=JUSTICE, unit_name=CITY, roster=roster)
    return result, write_summary(result, tmp_path / "市结果", unit_name=CITY, day=dt.date(2012, 3, 16))


@pytest.mark.parametrize("period", ["2011-H1", "2012-H1"])
def test_a_summary_of_another_notice_says_so(tmp_path, make_unit, period):
    wrong = hunan_upward(tmp_path, make_unit, period)
    result, written = city_merge(tmp_path, [justice_upward(tmp_path), wrong])
    assert [s.display_unit for s in result.accepted] == [RIGHT]
    (said,) = [p for e in result.entries for p in e.problems if e.name == wrong.name]
    assert said.code == "file.summary-other-notice", said.message
    assert "按另一个通知(“湖南省领导点评和群众评议工作情况统计(2011)”)汇总的上报文件" in said.message
    assert "不是本通知(“常州市司法行政系统创先争优活动群众评议(2012)”)的统计表" in said.message
    assert "--notice justice-2012" in said.message and "期次" not in said.message
    status = status_of(written.workbook)
    assert status[wrong.name][1] == "已忽略"
    (missing,) = [r for r in sheet_rows(written.workbook, "报送情况") if r["单位"] == WRONG and not r["文件"]]
    assert missing["状态"] == "用错通知" and "按本通知重新汇总后改报上报文件" in missing["说明"]
    assert not result.summary.complete


def test_a_notice_of_another_name_with_these_tables_is_read_as_ours(tmp_path):
    """An office's own copy of the notice (another id, the same table set) writes the same report."""
    text = (Path(JUSTICE.source).read_text(encoding="utf-8")
            .replace('id = "justice-2012"', 'id = "justice-2012-wujin"'))
    (tmp_path / "copy.toml").write_text(text, encoding="utf-8")
    copy = load_notice(str(tmp_path / "copy.toml"))
    result, _ = city_merge(tmp_path, [justice_upward(tmp_path, copy)])
    assert [s.display_unit for s in result.accepted] == [RIGHT]
