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
    assert (typed["问题"], typed["涉及单位"], typed["处数"], typed["级别"]) == ("文本格式的数字", 2, 6, "提示")
    assert "无需处理" in typed["怎么处理"]
    # a note asks nothing of anyone: counted above, not a line per unit
    assert not [u for u in units if u["代码"] == "value.text-number"]
    assert "文本格式的数字" not in res.output  # the screen's 主要问题 are errors and warnings
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
    assert lines == ["  提示  文本格式的数字(共 3 处):附件2!C8:E8"]
    assert "例:“0人”是文字形式的数字" in res.output


def test_every_code_has_a_short_name_and_an_action():
    """The overview's words for each kind: Chinese, short, with what to do (never a severity)."""
    import re

    from dianping_xlsx.catalogue import CATALOGUE

    for code, kind in CATALOGUE.items():
        title, advice = kind.title, kind.advice
        assert re.search(r"[\u4e00-\u9fff]", title) and len(title) <= 20, code
        assert advice.endswith("。") and re.search(r"[\u4e00-\u9fff]", advice), code


# -- issue 33: places as ranges, lists cut to a line, units with errors first -----------------


def _at(*cells, sheet="领导点评全程记实台账"):
    from dianping_xlsx.problems import Problem

    return [Problem("ledger.missing-field", sheet=sheet, cell=c, params={"ledger": "台账", "row": 1, "column": "点评人"})
            for c in cells]


def test_cells_one_under_another_are_a_range():
    from dianping_xlsx.problemplaces import places

    assert places(_at(*(f"D{r}" for r in range(3, 251)))) == "领导点评全程记实台账!D3:D250"
    # a block of rows with the same cells, a row's range, a lone cell, a break in the column
    cells = ["C6", "D6", "E6", "C7", "D7", "E7", "G9", "C5:I5", "D12", "D13", "D15"]
    assert places(_at(*cells, sheet="附件2")) == "附件2!C5:I5、附件2!C6:E7、附件2!G9、附件2!D12:D13、附件2!D15"


def test_a_list_longer_than_a_line_says_how_many_and_where_it_starts():
    from dianping_xlsx.problemplaces import places
    from dianping_xlsx.text import display_width

    scattered = _at(*(f"D{r}" for r in range(3, 251, 2)), sheet="附件3")  # every other row: 124 places
    text = places(scattered, width=30)
    assert text == "附件3!D3、附件3!D5 等 124 处" and display_width(text) <= 30
    assert places(scattered[:2], width=30) == "附件3!D3、附件3!D5"  # it fits: as it is
    assert places(_at(*(f"D{r}" for r in range(3, 251))), width=20) == "领导点评全程记实台账!D3:D250"  # one: whole


def test_units_with_errors_come_first(make_unit, tmp_path):
    """东坪 and 平口 only warn, 马路 (last by name) has an error: 马路 leads 审核问题's units,
    问题明细 and 报送情况; a ledger whose 点评方式 is wrong on 40 rows is one line with one range."""
    from dianping_xlsx.definitions import load_ledger_set
    from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates
    from dianping_xlsx.definitions import load_table_set

    from .test_ledgers import _fill_template

    inbox = tmp_path / "in"
    make_unit(inbox, "东坪镇党委", seed=1, day=dt.date(2011, 6, 29))  # late: a warning
    make_unit(inbox, "平口镇党委", seed=2, day=dt.date(2011, 6, 29))
    make_unit(inbox, "马路镇党委", seed=3, values={Key("附件2", "农村", "党组织数", ""): -1})
    appraisal, _ = write_ledger_templates(load_ledger_set(), load_table_set(), inbox, "马路镇党委")
    _fill_template(appraisal, [("2011-05-10", "李书记", "书记", f"党员{i}", "党员", "农村", "开会", "好", "有", "已落实")
                               for i in range(40)])
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1, "--due", "2011-06-28")
    book = out / "汇总表_2011-H1.xlsx"
    _, units = overview(book)
    assert [u["单位"] for u in units][:1] == ["马路镇党委"]
    assert list(dict.fromkeys(u["单位"] for u in units)) == ["马路镇党委", "东坪镇党委", "平口镇党委"]
    way = next(u for u in units if u["代码"] == "ledger.unknown-value")
    first = HEADER_ROW + 2
    assert (way["处数"], way["位置"]) == (40, f"领导点评全程记实台账!H{first}:H{first + 39}")
    listed = [r["单位"] for r in sheet_rows(book, "问题明细", first="单位")]
    assert list(dict.fromkeys(listed)) == ["马路镇党委", "东坪镇党委", "平口镇党委"]
    assert [r["状态"] for r in sheet_rows(book, "报送情况")][:1] == ["退回"]
