"""Problems a person can act on: one line per kind, cells listed together, kinds silenced or raised."""

from __future__ import annotations

import datetime as dt

import openpyxl
from click.testing import CliRunner

from dianping_xlsx import check_files
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key

from .conftest import ROOT, sheet_rows, status_of

H1 = ("--period", "2011-H1", "--date", "2011-06-30")
TYPED = {Key("附件2", c, "已开展群众评议党组织数", ""): "0人" for c in ("农村", "街道社区", "国有企业和金融机构")}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def overview(path):
    """The 审核问题 sheet's two tables: kinds, and units' lines."""
    rows = list(openpyxl.load_workbook(path)["审核问题"].iter_rows(values_only=True))
    heads = [i for i, r in enumerate(rows) if r[0] in ("问题", "单位")]
    kinds = [dict(zip(rows[heads[0]], r)) for r in rows[heads[0] + 1:] if r[0]]
    units = [dict(zip(rows[heads[1]], r)) for r in rows[heads[1] + 1:] if r[0]]
    return kinds, units


def test_problems_are_grouped_by_kind_and_unit(make_unit, tmp_path):
    inbox = tmp_path / "in"
    for n, unit in enumerate(["梅城镇党委", "平口镇党委", "江南镇党委"]):
        make_unit(inbox, unit, seed=n, values=TYPED if n < 2 else {Key("附件2", "农村", "党组织数", ""): -1})
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1)
    kinds, units = overview(out / "汇总表_2011-H1.xlsx")
    assert kinds[0]["级别"] == "错误" and kinds[0]["代码"] == "value.negative"
    typed = next(k for k in kinds if k["代码"] == "value.text-number")
    assert (typed["问题"], typed["涉及单位"], typed["处数"], typed["级别"]) == ("文本格式的数字", 2, 6, "警告")
    assert "直接填数字" in typed["怎么处理"]
    mine = [u for u in units if u["单位"] == "梅城镇党委" and u["代码"] == "value.text-number"]
    assert len(mine) == 1  # one line for the three cells
    assert mine[0]["处数"] == 3 and mine[0]["位置"] == "附件2!C8:E8"
    assert mine[0]["说明"].startswith("共 3 处。例:")
    assert "主要问题:" in res.output and "文本格式的数字:2 个单位" in res.output
    assert len(sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", first="单位")) >= 7  # every cell still listed


def test_a_kind_can_be_silenced_or_raised_for_a_run(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1, values=TYPED)
    make_unit(inbox, "平口镇党委", seed=2, day=dt.date(2011, 6, 29))
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--due", "2011-06-28", "--ignore", "value.text-number",
              "--error", "date.late")
    codes = {r["代码"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", first="单位")}
    assert "value.text-number" not in codes and "date.late" in codes
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status["平口镇党委.xlsx"][1] == "退回" and status["梅城镇党委.xlsx"][1] == "已采用"
    assert res.exit_code == 1
    refused = run("merge", inbox, "-o", out, *H1, "--ignore", "value.negative")
    assert refused.exit_code == 2 and "不能忽略" in refused.output
    unknown = run("merge", inbox, "-o", out, *H1, "--ignore", "no.such")
    assert unknown.exit_code == 2 and "no.such" in unknown.output


def test_a_table_set_can_silence_a_kind(make_unit, tmp_path):
    text = (ROOT / "dianping_xlsx" / "definitions" / "tablesets" / "hunan-2011.toml").read_text(encoding="utf-8")
    quiet = tmp_path / "quiet.toml"
    quiet.write_text(text.replace('[problems]\nignore = []', '[problems]\nignore = ["value.text-number"]')
                     .replace('id = "hunan-2011"', 'id = "quiet"'), encoding="utf-8")
    path, _ = make_unit(tmp_path, "梅城镇党委", seed=1, values=TYPED)
    (loud,) = check_files([path], period="2011-H1")
    (calm,) = check_files([path], period="2011-H1", table_set=str(quiet))
    assert "value.text-number" in {p.code for p in loud.problems}
    assert "value.text-number" not in {p.code for p in calm.problems}


def test_check_groups_a_kind_on_one_line(make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "梅城镇党委", seed=1, values=TYPED)
    res = run("check", path, "--period", "2011-H1")
    lines = [line for line in res.output.splitlines() if "文本格式的数字" in line]
    assert lines == ["  警告  文本格式的数字(共 3 处):附件2!C8:E8"]
    assert "例:“0人”是文字形式的数字" in res.output


def test_every_code_has_a_short_name_and_an_action():
    """The overview's words for each kind: Chinese, short, with what to do (never a severity)."""
    import re

    from dianping_xlsx.catalogue import CATALOGUE

    for code, kind in CATALOGUE.items():
        title, advice = kind.title, kind.advice
        assert re.search(r"[\u4e00-\u9fff]", title) and len(title) <= 20, code
        assert advice.endswith("。") and re.search(r"[\u4e00-\u9fff]", advice), code
