"""A correction is not a late report, whichever way it came: a unit reported on time, was sent back,
and sent its correction by the re-submission deadline the 退回 mail stated (recorded when the mails
were prepared). The correction put into the inbox folder by hand (the filled 审核意见 file itself) is
judged by its 填报时间, one handed over on the desk by when the desk took it; neither is 逾期, nor
counted as late in 报送情况, on the screen or the desk."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx import manifest
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .conftest import sheet_rows

CHINA = dt.timezone(dt.timedelta(hours=8))
BAD = {Key("附件1", "其它基层党组织书记", "总人数", ""): 131, Key("附件1", "其它基层党组织书记", "参加点评人数", "第一次"): 311}
UNITS = [RosterUnit("县人民医院党委", (), "医院", "", 0, ("rmyy@qq.com",)),
         RosterUnit("县财政局党组", (), "县直机关", "", 0, ("czj@qq.com",))]


def _merge(inbox, out, roster, *more):
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--unit-name", "安化县委创先办",
                                    "--roster", str(roster), "--due", "2011-06-28", "--date", "2011-07-06", *more])
    assert res.exit_code in (0, 1), res.output
    return res.output, {r["单位"]: r for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况") if r["状态"] == "已采用"}


def _said(out, unit):
    return [(r["代码"], f'{r["工作表"] or ""}!{r["单元格"] or ""}', r["问题说明"])
            for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", "单位")
            if r["单位"] == unit and r["文件状态"] == "已采用" and r["代码"].startswith("date.")]


def _corrected(return_file, target, day: str):
    """The unit's clerk opens the 审核意见 file she was sent, puts the wrong number right, dates it anew."""
    wb = openpyxl.load_workbook(return_file)
    for name, found in wb.defined_names.items():
        sheet, ref = next(iter(found.destinations))
        cell = wb[sheet][ref.replace("$", "")]
        if name.endswith("_填报时间"):
            cell.value = day
        elif cell.value == 311:
            cell.value = 100
    wb.save(target)


def test_a_corrected_return_file_put_into_the_inbox_folder_is_not_late(tmp_path, make_unit, ts):
    made, inbox, out, roster = tmp_path / "made", tmp_path / "收件箱", tmp_path / "汇总结果", tmp_path / "单位名册.xlsx"
    made.mkdir()
    write_blank_roster(ts, roster, UNITS)
    make_unit(inbox, "县人民医院党委", seed=1, values=BAD)  # on time (6-25), sent back
    make_unit(inbox, "县财政局党组", seed=3, day=dt.date(2011, 6, 26))
    _merge(inbox, out, roster)
    res = CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@qq.com", "--roster", str(roster),
                                    "--due", "2011-07-05", "--inbox", str(inbox)])
    assert res.exit_code in (0, 1), res.output
    assert json.loads((out / "待发邮件" / "重报期限.json").read_text(encoding="utf-8")) == {"县人民医院党委": "2011-07-05"}
    _corrected(out / "退回" / "县人民医院党委_审核意见.xlsx", inbox / "县人民医院党委_审核意见.xlsx", "2011-07-02")

    output, adopted = _merge(inbox, out, roster)
    assert adopted["县人民医院党委"]["文件"] == "县人民医院党委_审核意见.xlsx"
    assert adopted["县人民医院党委"]["逾期"] in ("", None)  # before: 逾期, 填报时间 2011-07-02 after 2011-06-28
    assert "逾期报送 0 个" in output, output
    [(code, where, message)] = _said(out, "县人民医院党委")
    assert code == "date.corrected-in-time" and where == "附件1!H3"  # said at its 填报时间
    assert message == ("首次报送按时(填报时间 2011-06-25,截止日期 2011-06-28);这是退回后改正重报的文件,填报时间为 "
                       "2011-07-02,在退回时要求的重报期限 2011-07-05 内,不算逾期。")

    _, adopted = _merge(inbox, out, roster, "--resubmit-due", "2011-07-01")  # after the date asked: a late correction
    assert adopted["县人民医院党委"]["逾期"] in ("", None)
    assert [c for c, _, _ in _said(out, "县人民医院党委")] == ["date.late-correction"]


pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import desk, wait_for_task  # noqa: E402,F401 - fixture


def test_a_correction_handed_over_on_the_desk_is_judged_by_when_the_desk_took_it(desk, tmp_path, make_unit, ts,  # noqa: F811
                                                                                monkeypatch):
    client, workspace = desk
    made, roster = tmp_path / "made", tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, UNITS)
    client.post("/settings", data={"office": "安化县委创先办", "period": "2011-H1", "due": "2011-06-28"})
    assert "名册已更新" in client.post("/roster", files={"roster": ("名册.xlsx", roster.read_bytes())}).text
    first, _ = make_unit(made, "县人民医院党委", seed=1, values=BAD)
    other, _ = make_unit(made, "县财政局党组", seed=3, day=dt.date(2011, 6, 26))
    monkeypatch.setattr(manifest, "now", lambda: dt.datetime(2011, 6, 26, 9, 0, tzinfo=CHINA), raising=False)
    client.post("/inbox/upload", files=[("files", (p.name, p.read_bytes())) for p in (first, other)])
    client.post("/merge/start")
    wait_for_task(client)
    assert [u["unit"] for u in workspace.last()["returned"]] == ["县人民医院党委"]
    client.post("/send/prepare", data={})  # the 退回 mail asks for the correction by the date on the page
    deadline = json.loads((workspace.results() / "待发邮件" / "重报期限.json").read_text(encoding="utf-8"))
    assert list(deadline) == ["县人民医院党委"]

    # the unit dated its correction 7-2; the clerk put it on the desk on 7-3 (the deadline: today + 5 days)
    fixed, _ = make_unit(made, "县人民医院党委", seed=2, day=dt.date(2011, 7, 2), name="县人民医院党委(更正).xlsx")
    monkeypatch.setattr(manifest, "now", lambda: dt.datetime(2011, 7, 3, 10, 0, tzinfo=CHINA), raising=False)
    client.post("/inbox/upload", files=[("files", (fixed.name, fixed.read_bytes()))])
    client.post("/merge/start")
    wait_for_task(client)
    last = workspace.last()
    assert last["counts"]["late"] == 0, last["counts"]  # before: 1, the correction judged by the first due date
    row = next(u for u in last["units"] if u["file"] == "县人民医院党委(更正).xlsx")
    assert row["status"] == "已采用" and row["late"] == ""
    said = [p["message"] for p in sum(last["problems"].values(), []) if p["code"] == "date.corrected-in-time"]
    assert len(said) == 1 and "这是退回后改正重报的文件,放入工作台的时间为 2011-07-03 10:00,在退回时要求的重报期限" in said[0]
    assert "首次报送按时(放入工作台的时间 2011-06-26 09:00,截止日期 2011-06-28)" in said[0]
