"""A new notice from its Word file to the county's totals, as a clerk goes: ``definitions init`` on
the notice, ``definitions check``, a roster of five units, their templates, each filled in as a
unit does (numbers that keep the notice's sums, a 工作小结 beside), ``merge`` for 年中统计 and then
年终统计 against it. Nothing of the draft is edited (its only 待补, the ledger kept 留存备查, is
left blank as it says); every unit is adopted and the totals are the units' sums."""

from __future__ import annotations

import csv
from collections import Counter

import docx
import openpyxl
from click.testing import CliRunner

from dianping_xlsx.cli import main

from .test_draft_docs import notice_2027_docx

UNITS = ["漳江街道党工委", "陬市镇党委", "盘塘镇党委", "热市镇党委", "县直机关工委"]


def run(*args, code: int | None = 0):
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert code is None or res.exit_code == code, res.output
    return res.output


def cells(ws, header: str) -> dict[tuple[str, str, str], str]:
    """(category, metric, round) -> the A1 of its value cell, read from the template's labels:
    categories along the header row, metrics down column A (a row with rounds names them in B)."""
    head = next(r for r in ws.iter_rows() if r[0].value == header)
    categories = {c.column_letter: c.value for c in head[2:] if c.value}
    out, metric = {}, ""
    for row in ws.iter_rows(min_row=head[0].row + 1):
        if not row[0].value and not row[1].value:
            break
        metric = row[0].value or metric
        for col, category in categories.items():
            out[(category, metric, row[1].value or "")] = f"{col}{row[0].row}"
    return out


def figure(metric: str, rnd: str, n: int, j: int) -> int:
    """Unit n's figure for its j-th category: those who took part at most the members, 已践诺 at
    most 承诺事项."""
    members = 10 * n + 3 * j
    if rnd:
        return members - j - (rnd == "年终")
    if "组织数" in metric or metric.startswith(("承诺党员", "已践诺")):
        return n + j
    if "承诺事项" in metric:
        return 2 * (n + j)
    return members if "党员数" in metric else j % 2  # 积分评定等次: a few


def fill(template, inbox, n: int, half: str, day: str, sums: Counter) -> None:
    """One unit's figures: 党委/党总支/党支部 and 小计 their sum, 合计 one more (联合党支部);
    the rounds due in the period; each 乡镇 of 附件2 and 合计 their sum; parts within wholes."""
    wb = openpyxl.load_workbook(template)
    unit = None
    for ws, header in ((wb["附件1"], "类别"), (wb["附件2"], "乡镇(单位)")):
        at = cells(ws, header)
        unit = unit or ws.cell(3, 3).value
        values = {}
        for (category, metric, rnd) in at:
            if category in ("小计", "合计") or (rnd == "年终" and half == "H1"):
                continue
            j = list(dict.fromkeys(c for c, _, _ in at)).index(category)
            values[(category, metric, rnd)] = figure(metric, rnd, n, j)
        for (category, metric, rnd) in list(at):
            parts = [v for (c, m, r), v in values.items() if (m, r) == (metric, rnd) and c not in ("小计", "合计")]
            if category == "小计":
                values[(category, metric, rnd)] = sum(parts)
            elif category == "合计" and (metric, rnd) in {(m, r) for (_, m, r) in values}:
                values[(category, metric, rnd)] = sum(parts) + (1 if ws.title == "附件1" and not rnd else 0)
        for key, value in values.items():
            ws[at[key]] = value
            sums[(ws.title, *key)] += value
        date_cell = next(c for row in ws.iter_rows(max_row=3) for c in row if c.value == "填报时间:")
        ws.cell(3, date_cell.column + 1, day)
    wb.save(inbox / f"{unit}.xlsx")
    summary = docx.Document()
    summary.add_paragraph(f"{unit}党员积分管理和承诺践诺工作小结")
    summary.save(inbox / f"{unit}工作小结.docx")


def totals(out) -> dict[tuple, int]:
    with open(next(out.glob("summary.csv")), encoding="utf-8-sig") as f:
        return {(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
                for r in csv.DictReader(f) if r["unit"] == "合计"}


def test_a_new_notice_from_its_word_file_to_the_countys_totals(tmp_path):
    notice = tmp_path / "def" / "taoyuan-2027.toml"
    run("definitions", "init", notice_2027_docx(tmp_path / "通知2027.docx"), "-o", notice)
    assert "没有发现问题" in run("definitions", "check", notice)
    gaps = [x for x in notice.read_text(encoding="utf-8").splitlines() if x.startswith("# 待补")]
    assert [x.split(",")[0] for x in gaps] == ["# 待补:通知要求台账(附件3 党员承诺践诺台账)",  # the units' box is the county's own:
                                               "# 待补:通知中的邮箱 tyzzk2027@163.com 是各单位报送统计表的邮箱(本单位收表用)",
                                               "# 待补:新通知还没有自己的文书定义"]  # no up_email, 市委组织部's is not said
    roster = tmp_path / "名册.xlsx"
    run("roster", "init", "-o", roster, "--notice", notice)
    wb = openpyxl.load_workbook(roster)
    for i, unit in enumerate(UNITS, start=2):
        wb.active.cell(i, 1, unit)
    wb.save(roster)
    run("template", "--notice", notice, "--roster", roster, "-o", tmp_path / "模板")
    templates = sorted((tmp_path / "模板").glob("*.xlsx"))
    check = openpyxl.load_workbook(templates[0])["自查"]
    assert check.data_validations.dataValidation[0].formula1 == '"年中统计,年终统计"'
    assert check["D2"].value.startswith("选“年中统计”只查年中")

    outs = {}
    for half, day, due in (("H1", "2027-06-18", "2027-06-25"), ("H2", "2027-12-12", "2027-12-20")):
        inbox, sums = tmp_path / f"收件_{half}", Counter()
        inbox.mkdir()
        for n, template in enumerate(templates, start=1):
            fill(template, inbox, n, half, day, sums)
        outs[half] = tmp_path / f"汇总_{half}"
        said = run("merge", inbox, "-o", outs[half], "--notice", notice, "--period", f"2027-{half}",
                   "--unit-name", "桃源县委组织部", "--roster", roster, "--date", due, "--jobs", "1",
                   *(("--previous", outs["H1"]) if half == "H2" else ()))
        assert "采用 5 个单位,退回 0 个" in said and "收到材料 5 份" in said and "名册中的单位已全部报齐" in said, said
        got = totals(outs[half])
        assert {k: got[k] for k in sums} == dict(sums)
        assert got[("附件1", "合计", "党组织数(个)", "")] == sums[("附件1", "小计", "党组织数(个)", "")] + 5
    assert got[("附件1", "合计", "参加积分管理党员数(人)", "年终")] > 0


def test_a_changed_first_round_is_compared_in_the_notices_own_words(tmp_path):
    """年终统计 against 年中统计: a unit's 年中 figure changed since is said with the notice's
    names (年中统计报送的是 …), and without --previous the hint names 年中统计 and 年中."""
    notice = tmp_path / "def" / "taoyuan-2027.toml"
    run("definitions", "init", notice_2027_docx(tmp_path / "通知2027.docx"), "-o", notice)
    run("template", "--notice", notice, "--unit-name", UNITS[2], "-o", tmp_path / "模板")
    (template,) = (tmp_path / "模板").glob("*.xlsx")
    for half, day in (("H1", "2027-06-18"), ("H2", "2027-12-12")):
        (tmp_path / half).mkdir()
        fill(template, tmp_path / half, 3 if half == "H1" else 4, half, day, Counter())
    common = ("--notice", notice, "--unit-name", "桃源县委组织部", "--jobs", "1")
    run("merge", tmp_path / "H1", "-o", tmp_path / "out1", "--period", "2027-H1", *common)
    alone = run("merge", tmp_path / "H2", "-o", tmp_path / "out2", "--period", "2027-H2", *common)
    assert "没有给 --previous(年中统计的汇总结果文件夹),本次没有与年中统计比对“年中”的数字" in alone
    run("merge", tmp_path / "H2", "-o", tmp_path / "out3", "--period", "2027-H2", "--previous", tmp_path / "out1",
        *common)
    ws = openpyxl.load_workbook(next((tmp_path / "out3").glob("汇总表_*.xlsx")))["审核问题"]
    said = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "(年中)本次为 " in said and "年中统计报送的是" in said and "上半年" not in said
    early = run("check", tmp_path / "H2" / f"{UNITS[2]}.xlsx", "--notice", notice, "--period", "2027-H1", code=None)
    assert "本次为2027年年中统计报送" in early and "年终的数字应在年终统计报送时填写" in early, early
