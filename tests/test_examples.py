"""The sample inbox behind the README's first command."""

from click.testing import CliRunner

from dianping_xlsx.cli import main

from .conftest import ROOT, status_of, tree_fingerprint

INBOX = ROOT / "examples" / "2011-H1"
ROSTER = ROOT / "examples" / "单位名册.xlsx"


def test_examples_merge_as_the_readme_says(tmp_path):
    before = tree_fingerprint(INBOX)
    res = CliRunner().invoke(main, ["merge", str(INBOX), "-o", str(tmp_path), "--period", "2011-H1",
                                    "--unit-name", "安化县委创先办", "--roster", str(ROSTER),
                                    "--due", "2011-06-28"])
    assert res.exit_code == 1  # two bad files are rejected
    assert "共读取 30 个文件,采用 19 个单位(另有 3 份只含群众评议、4 份只含台账),退回 2 个,被替代 1 个,忽略 1 个" in res.output
    assert "群众评议:3 个单位报送了评议结果" in res.output
    assert "名册共 24 个单位,未报(含退回)5 个" in res.output
    assert "逾期报送 0 个" in res.output
    status = {f: v[:2] for f, v in status_of(tmp_path / "汇总表_2011-H1.xlsx").items()}
    assert status["县林业局上报表格.xlsx"] == ("县林业局党组", "已采用")  # hand-made, traditional
    assert status["教育局统计表.xlsx"] == ("县教育局党委", "被替代")
    assert status["教育局统计表(更正).xlsx"] == ("县教育局党委", "已采用")
    assert status["县公安局党委.xlsx"][1] == "退回"
    assert status["乐安镇党委.xlsx"][1] == "退回"
    assert status["~$东坪镇党委.xlsx"][1] == "已忽略"
    assert tree_fingerprint(INBOX) == before
    assert (tmp_path / "退回" / "县公安局党委_审核意见.xlsx").exists()
    # the two townships' ledgers agree with their tables (no ledger.above or below): merged and
    # counted; 小淹镇's repeated appraisal is a 提示 and its overdue commitment a 警告
    assert status["领导点评全程记实台账_梅城镇党委.xlsx"] == ("梅城镇党委", "已采用")
    assert status["公开承诺台账_小淹镇党委.xlsx"] == ("小淹镇党委", "已采用")
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "汇总表_2011-H1.xlsx", read_only=True)
    codes = [r[6] for r in wb["问题明细"].iter_rows(values_only=True) if r and str(r[6]).startswith("ledger.")]
    assert sorted(codes) == ["ledger.overdue", "ledger.repeat-person"]
    merged = openpyxl.load_workbook(tmp_path / "合并台账_2011-H1.xlsx", read_only=True)
    counted = {r[0]: r[1] for r in wb["点评记实情况"].iter_rows(min_row=4, values_only=True) if r and r[0]}
    rows = [r for r in merged["领导点评全程记实台账"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == counted["合计"] == counted["梅城镇党委"] + counted["小淹镇党委"] > 100


def test_ci_runs_exactly_the_readmes_test_command():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.S)
    linux = next(b for b in blocks if "python -m pytest" in b).strip().splitlines()
    test_command = next(line for line in linux if line.endswith("python -m pytest"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
    windows = re.search(r"```powershell\n(.*?)```", readme, re.S)[1]
    assert "py -m dianping_xlsx merge examples\\2011-H1" in windows and "py -m pytest" in windows
