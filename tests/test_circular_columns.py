"""情况通报 of a notice with many columns (a county's own: 9 figures columns, 5-digit totals, a
小计 category, a rate that is no coverage, a base row not first): its tables print on A4 portrait with no number broken
over lines and no heading one character a line; {uncovered} names coverage rates of categories."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from dianping_xlsx.api import load_notice, merge_inbox, write_summary, write_templates
from dianping_xlsx.definitions import Key
from dianping_xlsx.report.documents import columns
from dianping_xlsx.report.documents import figures as fig
from dianping_xlsx.report.documents.gbt import TEXT_WIDTH
from dianping_xlsx.testing import fill_template

from .conftest import writer as soffice

NOTICE = """id = "county-2027"
name = "某县2027年度党员积分管理和承诺践诺情况统计"
document = "某办发〔2027〕15号"
issued = 2027-03-08
tables = "county-2027-tables.toml"
forms = ""
ledgers = ""
documents = "hunan-2011"

[[periods]]
code = "H1"
name = "年中统计"
due = "06-25"
work = ["01-01", "06-15"]

[[periods]]
code = "H2"
name = "年终统计"
due = "12-20"
work = ["06-16", "12-10"]
"""

TABLES = """id = "county-2027-tables"
name = "{year}年度党员积分管理和承诺践诺情况统计表"
file_name = "积分管理承诺践诺统计表"
called = "积分管理和承诺践诺统计表"
subject = "积分管理和承诺践诺统计表(空白模板)"
unit_label = "填报单位(盖章):"
date_label = "填报时间:"
header_label = "类别"
published = 2027-03-08
marker_pattern = "附件([0-9一二三四五六七八九十]+)"
stop_labels = ["注", "附件"]
all_tables = "附件1–2"
previous_change = 0.2
unit_types = ["乡镇", "县直单位"]
instructions = [
  "本工作簿包含{tables}{count}张统计表,每张都要填写。",
  "在每张表上方填写“{unit_label}”和“{date_label}”。",
  "{rounds}:年中统计填入“{first_round}”,年终统计填入“{last_round}”。",
  "{rules}",
]

[names]
prefixes = ["中共"]
suffixes = ["党委", "党组"]
title_words = ["统计表"]
document_words = ["统计表", "附件"]

[[rounds]]
label = "年中"
half = "H1"

[[rounds]]
label = "年终"
half = "H2"

[[tables]]
key = "附件1"
title = "党员积分管理情况统计表"
blocks = [["党委", "党总支", "党支部", "小计", "合计"]]

[[tables.rows]]
metric = "党组织数(个)"
base = true

[[tables.rows]]
metric = "党员数(人)"
base = true

[[tables.rows]]
metric = "参加积分管理党员数(人)"
rounds = true
rate = "积分管理覆盖率"
of = "党员数(人)"

[[tables.rows]]
metric = "积分评定等次(人)-优秀"

[[tables.rows]]
metric = "积分评定等次(人)-合格"

[[tables.rows]]
metric = "积分评定等次(人)-基本合格"

[[tables.rows]]
metric = "积分评定等次(人)-不合格"

[[tables.sums]]
total = "小计"
parts = ["党委", "党总支", "党支部"]

[[tables.sums]]
total = "合计"
parts = ["小计"]
at_least = true

[[tables]]
key = "附件2"
title = "承诺践诺情况统计表"
header = "乡镇(单位)"
blocks = [["甲街道", "乙镇", "合计"]]
notes = ["注:践诺率=已践诺事项数÷承诺事项数×100%。"]

[[tables.rows]]
metric = "承诺党员数(人)"

[[tables.rows]]
metric = "承诺事项数(项)"
base = true

[[tables.rows]]
metric = "已践诺事项数(项)"
rate = "践诺率"

[[tables.sums]]
total = "合计"
parts = ["甲街道", "乙镇"]
"""

PARTS = ("党委", "党总支", "党支部")


def unit_values(ts, n: int) -> dict[Key, int]:
    """One unit's figures as a clerk adds them up: thousands of members, 小计 and 合计 their sums,
    fewer members in points management than members, fewer promises kept than made."""
    one, two = ts.tables
    values: dict[Key, int] = {}
    for i, cat in enumerate(PARTS):
        orgs, members = 50 + 7 * i + n, 2000 + 311 * i + 97 * n
        figures = {"党组织数(个)": orgs, "党员数(人)": members, "参加积分管理党员数(人)": members - 400 - 50 * i}
        for row in one.rows:
            for rnd in row.rounds or ("",):
                values[Key(one.key, cat, row.metric, rnd)] = 0 if rnd == "年终" else figures.get(row.metric, 0)
    for total in ("小计", "合计"):
        for row in one.rows:
            for rnd in row.rounds or ("",):
                values[Key(one.key, total, row.metric, rnd)] = sum(
                    values[Key(one.key, c, row.metric, rnd)] for c in PARTS)
    for i, cat in enumerate(("甲街道", "乙镇")):
        values[Key(two.key, cat, "承诺党员数(人)", "")] = 1500 + 10 * i
        values[Key(two.key, cat, "承诺事项数(项)", "")] = 3000 + 100 * i
        values[Key(two.key, cat, "已践诺事项数(项)", "")] = 2000 + 100 * i
    for metric in ("承诺党员数(人)", "承诺事项数(项)", "已践诺事项数(项)"):
        values[Key(two.key, "合计", metric, "")] = sum(values[Key(two.key, c, metric, "")] for c in ("甲街道", "乙镇"))
    return values


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("county")
    (root / "county-2027.toml").write_text(NOTICE, encoding="utf-8")
    (root / "county-2027-tables.toml").write_text(TABLES, encoding="utf-8")
    notice = load_notice(str(root / "county-2027.toml"))
    (blank, *_), _ = write_templates(root / "模板", notice=notice)
    for n, unit in enumerate(["甲镇党委", "乙镇党委", "丙镇党委"]):
        fill_template(notice.tables, root / "收件箱" / f"{unit}.xlsx", unit, dt.date(2027, 6, 18),
                      unit_values(notice.tables, n), blank_template=blank)
    result = merge_inbox(root / "收件箱", period="2027-H1", notice=notice, unit_name="某县委组织部")
    assert len(result.accepted) == 3, [e.problems for e in result.entries]
    write_summary(result, root / "结果", unit_name="某县委组织部", day=dt.date(2027, 6, 25))
    return root / "结果" / "情况通报_2027-H1.docx", result


def test_uncovered_names_coverage_rates_of_categories_never_a_subtotal_nor_another_rate(county):
    path, result = county
    said = next(p.text for p in docx.Document(path).paragraphs if p.text.startswith("未实现全覆盖的类别"))
    assert all(f"{cat}（积分管理覆盖率（年中）" in said for cat in PARTS), said
    assert "小计" not in said and "合计" not in said  # the subtotal is its parts, listed already
    assert "践诺率" not in said and "甲街道" not in said and "附件2" not in said  # promises kept are no coverage


def test_the_tables_columns_fit_the_page(county):
    path, _ = county
    tables = docx.Document(path).tables
    assert tables
    for t in tables:
        widths = [c.width.mm for c in t.columns]
        assert sum(widths) <= TEXT_WIDTH.mm + 0.1


needs_office = pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler are needed")


@needs_office
def test_no_number_wraps_and_no_heading_stands_a_character_a_line(county, tmp_path):
    path, result = county
    subprocess.run([soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / (path.stem + ".pdf")), "-"],
                          capture_output=True, text=True).stdout
    words = set(text.split())
    for sheet in result.summary.by_category:
        for row in sheet.rows:
            for j in fig.shown_columns(sheet):
                assert fig.count(row.cells[j], sheet.kinds[j]) in words, (sheet.table.key, row.label, j)
    lines = text.splitlines()
    for n in (1, 2):
        caption = next(i for i, line in enumerate(lines) if re.search(rf"表\s*{n}\s+附件\s*{n}", line))
        first = next(i for i in range(caption + 1, len(lines)) if re.match(r"\s*(党委|甲街道)\s", lines[i]))
        # the heading row: cells of at most 5 lines, centred (pdftotext sets the half lines apart);
        # one character a line took 14
        assert first - caption - 1 <= 8, "\n".join(lines[caption:first])


def test_a_table_too_wide_for_the_page_is_split_with_a_rate_beside_its_count():
    headings, kinds = [], []
    for n in range(8):
        headings += [f"参加第{n + 1}次积分评定的党员数(人)", f"第{n + 1}次积分管理覆盖率"]
        kinds += ["n", "rate"]
    rows = [["党委", *["12580", "75.2%"] * 8], ["合计", *["125800", "100.0%"] * 8]]
    layout = columns.fit("类别名称", headings, rows, kinds, TEXT_WIDTH.mm)
    assert len(layout.parts) > 1
    assert sorted(j for part in layout.parts for j in part.columns) == list(range(16))
    for part in layout.parts:
        assert sum(part.widths) <= TEXT_WIDTH.mm + 0.1
        assert kinds[part.columns[0]] == "n" and len(part.columns) % 2 == 0  # a rate never leaves its count
        for j, width in zip(part.columns, part.widths[1:]):
            assert width >= columns.mm(rows[1][j + 1], layout.size)
