"""The sample inbox behind the README's first command."""

import openpyxl
from click.testing import CliRunner

from dianping_xlsx.cli import main

from .conftest import ROOT, tree_fingerprint

INBOX = ROOT / "examples" / "2011-H1"


def test_examples_merge_as_the_readme_says(tmp_path):
    before = tree_fingerprint(INBOX)
    res = CliRunner().invoke(main, ["merge", str(INBOX), "-o", str(tmp_path), "--period", "2011-H1",
                                    "--unit-name", "安化县委创先办"])
    assert res.exit_code == 1  # two bad files are rejected
    assert "共读取 23 个文件,采用 19 个单位,退回 2 个,被替代 1 个,忽略 1 个" in res.output
    wb = openpyxl.load_workbook(tmp_path / "汇总表_2011-H1.xlsx")
    status = {r[1].value: (r[2].value, r[4].value) for r in wb["报送情况"].iter_rows(min_row=2)}
    assert status["县林业局上报表格.xlsx"] == ("县林业局党组", "已采用")  # hand-made, traditional
    assert status["教育局统计表.xlsx"] == ("县教育局党委", "被替代")
    assert status["教育局统计表(更正).xlsx"] == ("县教育局党委", "已采用")
    assert status["县公安局党委.xlsx"][1] == "退回"
    assert status["乐安镇党委.xlsx"][1] == "退回"
    assert status["~$东坪镇党委.xlsx"][1] == "已忽略"
    assert tree_fingerprint(INBOX) == before
