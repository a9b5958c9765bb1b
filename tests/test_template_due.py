"""A template tells units the deadline the office set, not only the notice's: the justice notice's
填表说明 says 于2026年3月15日前 unless the clerk set 2026-03-10 — on the desk's 本期 page (then its
blank and per-roster templates say 3月10日) or with ``dianping template --due``. Without one, the
notice's own date, as before."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

NOTICE = "justice-2012"


def _said_due(workbook) -> str:
    """The line of 填表说明 that says by when to send the file."""
    wb = openpyxl.load_workbook(workbook, read_only=True)
    try:
        lines = [row[0] for row in wb["填表说明"].iter_rows(values_only=True) if row and row[0]]
    finally:
        wb.close()
    [line] = [text for text in lines if "前通过电子邮件报送" in text]
    return line


def _template(folder, *more) -> list[str]:
    res = CliRunner().invoke(main, ["template", "-o", str(folder), "--notice", NOTICE, "--period", "2026-H1", *more])
    assert res.exit_code == 0, res.output
    return [_said_due(p) for p in sorted(folder.glob("群众评议统计表*.xlsx"))]


def test_template_due_is_stated_in_the_instructions(tmp_path, ts):
    assert ["10. 填好后保存为 .xlsx 文件,于2026年3月15日前通过电子邮件报送;同一单位重复报送时,以填报时间最新的一份为准。"] \
        == _template(tmp_path / "通知的")  # the notice's
    assert all("于2026年3月10日前" in line for line in _template(tmp_path / "空白", "--due", "2026-03-10"))
    roster = tmp_path / "名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit("横林司法所党支部", (), "", "", 0, ()), RosterUnit("湖塘司法所党支部", (), "", "", 0, ())])
    per_unit = _template(tmp_path / "各单位", "--due", "2026-03-10", "--roster", str(roster))
    assert len(per_unit) == 2 and all("于2026年3月10日前" in line for line in per_unit)


def test_template_due_of_another_period_is_refused(tmp_path):
    res = CliRunner().invoke(main, ["template", "-o", str(tmp_path / "模板"), "--notice", NOTICE, "--period", "2026-H1",
                                    "--due", "2027-03-10"])
    assert res.exit_code == 2 and "截止日期" in res.output and not (tmp_path / "模板").exists()


pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import desk, make_templates  # noqa: E402,F401 - fixture


def test_the_desks_templates_state_the_deadline_set_on_the_period_page(desk, tmp_path, ts):  # noqa: F811
    client, workspace = desk
    client.post("/settings", data={"notice": NOTICE})
    client.post("/settings", data={"office": "武进区司法局", "period_year": "2026", "period_half": "H1", "due": "2026-03-10"})
    assert workspace.due_text() == "2026-03-10"
    roster = tmp_path / "名册.xlsx"
    write_blank_roster(workspace.notice.tables, roster, [RosterUnit("横林司法所党支部", (), "", "", 0, ())])
    assert "名册已更新" in client.post("/roster", files={"roster": ("名册.xlsx", roster.read_bytes())}).text
    for which in ("0", "1"):
        with zipfile.ZipFile(io.BytesIO(make_templates(client, which).content)) as zf:
            [name] = [n for n in zf.namelist() if n.startswith("群众评议统计表")]
            assert "于2026年3月10日前通过电子邮件报送" in _said_due(io.BytesIO(zf.read(name))), (which, name)
    assert "填表说明写明的报送截止日期:2026-03-10" in client.get("/templates").text
    client.post("/settings", data={"due": ""})  # the date cleared: the zips made for 3-10 are no longer offered
    page = client.get("/templates").text
    assert "别的报送截止日期" in page and "已生成的模板:" not in page
    with zipfile.ZipFile(io.BytesIO(make_templates(client, "0").content)) as zf:
        assert "于2026年3月15日前" in _said_due(io.BytesIO(zf.read("群众评议统计表.xlsx")))
