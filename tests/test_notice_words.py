"""A notice whose periods, rounds, materials and commitment ledger are named otherwise than
hunan-2011's (年中统计/年终统计, 年中/年终, 工作小结, 践诺): what units and the office read says
its words, never 上半年, 第一次 or 兑现."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.api import load_notice, merge_inbox, write_summary, write_templates
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.template.ledgers import HEADER_ROW
from dianping_xlsx.testing import fill_template

TABLES = '''
id = "points-2027"
name = "{year}年度党员积分管理和承诺践诺情况统计表"
file_name = "积分管理统计表"
called = "积分管理和承诺践诺统计表"
unit_label = "填报单位(盖章):"
date_label = "填报时间:"
header_label = "类别"
published = 2027-03-08
marker_pattern = "附件([0-9]+)"
stop_labels = ["注", "附件"]
all_tables = "附件1–2"
previous_change = 0.2
instructions = ["本工作簿包含{tables}{count}张统计表,每张都要填写。", "{rules}"]

[[rounds]]
label = "年中"
half = "H1"

[[rounds]]
label = "年终"
half = "H2"

[[tables]]
key = "附件1"
title = "党员积分管理情况统计表"
blocks = [["党委", "党支部", "合计"]]

[[tables.rows]]
metric = "党员数(人)"
base = true

[[tables.rows]]
metric = "参加积分管理党员数(人)"
rounds = true
rate = "积分管理覆盖率"
of = "党员数(人)"

[[tables.sums]]
total = "合计"
parts = ["党委", "党支部"]

[[tables]]
key = "附件2"
title = "承诺践诺情况统计表"
blocks = [["党委", "党支部", "合计"]]

[[tables.rows]]
metric = "承诺事项数(项)"
base = true

[[tables.sums]]
total = "合计"
parts = ["党委", "党支部"]

[[rules]]
id = "joined-le-members"
tables = ["附件1"]
check = "参加积分管理党员数(人) <= 党员数(人)"
message = "“{category}”参加积分管理党员数{round_text}为 {lhs},超过了党员数 {rhs}。"
'''

LEDGERS = '''
id = "points-2027-ledgers"
name = "2027年党员承诺践诺台账"
rows = 20
note = "每名党员每项承诺填一行。"
published = 2027-03-08

[[ledgers]]
key = "promise"
title = "党员承诺践诺台账"
columns = [
  { label = "序号", kind = "number" },
  { label = "姓名", kind = "text", required = true },
  { label = "承诺事项", kind = "text", required = true },
  { label = "承诺时间", kind = "date" },
  { label = "完成时限", kind = "date", required = true },
  { label = "践诺情况", kind = "choice", choices = ["已践诺", "未践诺", "推进中"], required = true },
  { label = "践诺日期", kind = "date" },
]

[ledgers.status]
column = "践诺情况"
done = "已践诺"
deadline = "完成时限"
fulfilled = "践诺日期"
subject = "姓名"
item = "承诺事项"
start = "承诺时间"
'''

NOTICE = '''
id = "points-2027"
name = "桃源县2027年度党员积分管理和承诺践诺情况统计"
tables = "tables.toml"
forms = ""
ledgers = "ledgers.toml"
documents = ""

[[periods]]
code = "H1"
name = "年中统计"
due = "06-25"
unit_due = "06-20"
work = ["01-01", "06-15"]

[[periods]]
code = "H2"
name = "年终统计"
due = "12-20"
unit_due = "12-15"
work = ["06-16", "12-10"]

[[materials]]
name = "统计表"
kind = "tables"

[[materials]]
name = "工作小结"
kind = "document"
words = ["小结"]
'''

HUNAN_WORDS = ("上半年", "下半年", "第一次", "第二次", "兑现", "工作总结", "领导点评")
UNITS = ("甲镇党委", "乙镇党委")


@pytest.fixture
def notice(tmp_path) -> str:
    folder = tmp_path / "通知"
    folder.mkdir()
    for name, text in (("tables.toml", TABLES), ("ledgers.toml", LEDGERS), ("notice.toml", NOTICE)):
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder / "notice.toml")


def _values(n: int, mid: int) -> dict[Key, int]:
    """附件1 and 附件2 of one unit, its 年中 figure ``mid`` for 党委."""
    out = {}
    for cat, members, joined in (("党委", 10 + n, mid), ("党支部", 5, 4)):
        out[Key("附件1", cat, "党员数(人)", "")] = members
        out[Key("附件1", cat, "参加积分管理党员数(人)", "年中")] = joined
        out[Key("附件2", cat, "承诺事项数(项)", "")] = 3
    for metric, rnd in (("党员数(人)", ""), ("参加积分管理党员数(人)", "年中")):
        out[Key("附件1", "合计", metric, rnd)] = out[Key("附件1", "党委", metric, rnd)] + out[Key("附件1", "党支部", metric, rnd)]
    out[Key("附件2", "合计", "承诺事项数(项)", "")] = 6
    return out


def _inbox(folder: Path, notice: str, day: dt.date, mid: int) -> Path:
    ts = load_notice(notice).tables
    for n, unit in enumerate(UNITS):
        fill_template(ts, folder / f"{unit}.xlsx", unit, day, _values(n, mid if n == 0 else 4))
    return folder


def _texts(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(f"{ws.title}|{c.value}" for ws in wb for row in ws.iter_rows() for c in row
                     if isinstance(c.value, str))


def test_the_self_check_offers_the_notices_periods(notice, tmp_path):
    """The 报送时段 on 自查: the notice's own periods in the list, the instruction and the formulas
    (picking 年中统计 checks 年中 alone); hunan-2011's are still 上半年/下半年."""
    (template,), _ = write_templates(tmp_path / "t", notice=notice, period="2027-H1")
    ws = openpyxl.load_workbook(template)["自查"]
    assert ws["C2"].value == "年中统计"
    assert ws["D2"].value == "选“年中统计”只查年中是否全覆盖;选“年终统计”或不选,年中、年终都查。"
    (listed,) = ws.data_validations.dataValidation
    assert listed.formula1 == '"年中统计,年终统计"' and listed.prompt == "请选择年中统计或年终统计。"
    wb = openpyxl.load_workbook(template)  # the formulas too: what the unit picks is compared with these
    formulas = " ".join(str(c.value) for name in ("自查", "自查计算") for row in wb[name].iter_rows() for c in row
                        if isinstance(c.value, str))
    assert "年中统计" in formulas and not any(w in formulas for w in ("上半年", "下半年"))
    (blank,), _ = write_templates(tmp_path / "b", notice=notice)  # no period: the unit picks among the notice's
    ws = openpyxl.load_workbook(blank)["自查"]
    assert not ws["C2"].value and ws.data_validations.dataValidation[0].formula1 == '"年中统计,年终统计"'
    (hunan,), _ = write_templates(tmp_path / "h", period="2011-H1", items=None, ledgers=None)
    assert openpyxl.load_workbook(hunan)["自查"].data_validations.dataValidation[0].formula1 == '"上半年,下半年"'


def test_the_previous_period_is_named_as_the_notice_names_it(notice, tmp_path):
    """A 年中 figure changed since 年中统计 is said in the notice's words, and so is the hint
    when --previous is not given."""
    june = merge_inbox(_inbox(tmp_path / "h1", notice, dt.date(2027, 6, 18), 7), period="2027-H1", notice=notice)
    write_summary(june, tmp_path / "out1", unit_name="桃源县委组织部", day=dt.date(2027, 6, 25))
    december = _inbox(tmp_path / "h2", notice, dt.date(2027, 12, 12), 8)  # 甲镇党委's 年中 7 -> 8
    result = merge_inbox(december, period="2027-H2", notice=notice, previous=tmp_path / "out1",
                         unit_name="桃源县委组织部")
    changed = [p.message for e in result.entries for p in e.problems if p.code == "previous.round-changed"]
    assert len(changed) == 2 and all("年中统计报送的是" in m for m in changed), changed
    assert "“党委”的参加积分管理党员数(人)(年中)本次为 8,年中统计报送的是 7。年中的数字" in changed[0]
    assert not any(w in m for m in changed for w in HUNAN_WORDS)
    said = CliRunner().invoke(main, ["merge", str(december), "-o", str(tmp_path / "out2"), "--notice", notice,
                                     "--period", "2027-H2", "--date", "2027-12-18"]).output
    assert "提示:没有给 --previous(年中统计的汇总结果文件夹),本次没有与年中统计比对“年中”的数字。" in said
    assert not any(w in said for w in HUNAN_WORDS), said


DAY = dt.date.fromisoformat
# one promise overdue, one kept after the report's date (an error: the ledger goes back)
WRONG = (("王五", "组织义诊", DAY("2027-02-01"), DAY("2027-04-30"), "未践诺", None),
         ("李四", "修路", DAY("2027-02-01"), DAY("2027-06-30"), "已践诺", DAY("2027-07-01")))
RIGHT = (("赵六", "植树", DAY("2027-02-01"), DAY("2027-05-30"), "已践诺", DAY("2027-05-20")),)


def _ledger(folder: Path, notice: str, unit: str, records) -> Path:
    """The unit's 台账 from our template, the records typed in."""
    (path,) = [p for p in write_templates(folder, notice=notice, unit_name=unit, period="2027-H1")[1]
               if "台账" in p.name]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for i, record in enumerate(records):
        ws.cell(HEADER_ROW + 2 + i, 1, i + 1)
        for j, value in enumerate(record, start=2):
            ws.cell(HEADER_ROW + 2 + i, j, value)
    wb.save(path)
    return path


def test_ledgers_materials_and_dates_in_the_notices_words(notice, tmp_path):
    """The ledger's dates named by its own columns (践诺日期), its summary sheet and columns by the
    ledger set (践诺率, 逾期未践诺), 报送情况 by the notice's materials (工作小结), the ledger
    template's date hint a day of the period."""
    inbox = _inbox(tmp_path / "in", notice, dt.date(2027, 6, 18), 7)
    for unit, records in zip(UNITS, (WRONG, RIGHT)):
        ledger = _ledger(tmp_path / unit, notice, unit, records)
        hint = openpyxl.load_workbook(ledger).worksheets[0].data_validations.dataValidation
        assert {v.error for v in hint if v.type == "date"} == {"请填写日期,如 2027-06-20。"}
        ledger.rename(inbox / ledger.name)
    (inbox / "甲镇党委工作小结.docx").write_bytes(b"PK\x03\x04 not read")
    result = merge_inbox(inbox, period="2027-H1", notice=notice)
    said = [p.message for e in result.entries for p in e.problems if p.code.startswith("ledger.")]
    assert any("第 6 行的践诺日期 2027-07-01 晚于填报时间" in m for m in said), said
    assert any("践诺情况为“未践诺”:已逾期未践诺,请挂牌督办,践诺后销号" in m for m in said), said
    write_summary(result, tmp_path / "out", unit_name="桃源县委组织部", day=dt.date(2027, 6, 25))
    summary = tmp_path / "out" / "汇总表_2027-H1.xlsx"
    wb = openpyxl.load_workbook(summary)
    assert "党员承诺践诺情况" in wb.sheetnames and "公开承诺情况" not in wb.sheetnames
    headings = [c.value for row in wb["党员承诺践诺情况"].iter_rows(max_row=5) for c in row]
    assert "践诺率" in headings and "逾期未践诺" in headings
    assert "收到材料(工作小结)1" in wb["报送情况"]["A1"].value
    assert not any(w in _texts(summary) for w in ("兑现", "工作总结", "上半年"))


def test_the_count_of_tables_reads_apart_from_their_names(notice, tmp_path):
    """{tables}{count}: 附件1、附件2,共2张 (not 附件22张); a draft says 共 itself."""
    from dianping_xlsx.definitions.draft.render import INSTRUCTIONS

    (template,), _ = write_templates(tmp_path / "t", notice=notice, period="2027-H1")
    first = openpyxl.load_workbook(template)["填表说明"]["A3"].value
    assert first == "1. 本工作簿包含附件1、附件2,共2张统计表,每张都要填写。"
    assert any("{tables},共{count}张" in line for line in INSTRUCTIONS)


def test_the_desk_is_called_after_the_notice(notice, tmp_path):
    """The desk's title: the chosen notice's work, not hunan-2011's."""
    pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")
    from dianping_xlsx.desk.app import create_app
    from starlette.testclient import TestClient

    from dianping_xlsx.desk.workspace import Workspace

    workspace = Workspace(tmp_path / "工作台")
    client = TestClient(create_app(workspace, "tok", hosts=("testserver",)))
    assert "<h1>领导点评和群众评议统计 工作台</h1>" in client.get("/?token=tok").text
    own = workspace.folder / "通知定义"
    own.mkdir(parents=True)
    for name, text in (("tables.toml", TABLES), ("ledgers.toml", LEDGERS), ("桃源.toml", NOTICE)):
        (own / name).write_text(text, encoding="utf-8")
    workspace.save(dataclasses.replace(workspace.settings, notice="通知定义/桃源.toml"))
    page = client.get("/").text
    assert "<h1>积分管理和承诺践诺统计 工作台</h1>" in page and "领导点评和群众评议统计 工作台" not in page
