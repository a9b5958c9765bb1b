"""A wrong --period said in the notice's own periods (a tester's annual notice, one period):
its year and name as the example, never another notice's (2011); a well-formed code the notice has
not (2027-H2) said as 本通知只有…一期. The same on template, check, merge and the desk."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from dianping_xlsx import api
from dianping_xlsx.cli import main
from dianping_xlsx.testing import fill_template, random_values

from .test_desk import desk  # noqa: F401 - fixture
from .test_draft_docs import annual_docx


@pytest.fixture
def annual(tmp_path):
    draft = api.draft_notice(annual_docx(tmp_path / "通知.docx"), tmp_path / "def" / "年度.toml")
    text = draft.notice.read_text(encoding="utf-8").replace('name = "评议"', 'name = "年度"')
    draft.notice.write_text(text, encoding="utf-8")
    return draft.notice


def run(*args) -> tuple[int, str]:
    res = CliRunner().invoke(main, [str(a) for a in args])
    return res.exit_code, res.output


@pytest.mark.parametrize("wrong, said", [
    ("2027", "格式不对,应为 2027-H1(年度)"), ("2028", "格式不对,应为 2028-H1(年度)"),
    ("年度", "格式不对,应为 2027-H1(年度)"), ("2027上半年", "格式不对,应为 2027-H1(年度)"),
    ("2027-H2", "不是本通知的期次:本通知只有 2027-H1(年度)一期")])
def test_a_wrong_period_is_said_in_the_notices_own_periods(annual, tmp_path, wrong, said):
    notice = api.load_notice(str(annual))
    book = tmp_path / "市直工委.xlsx"
    fill_template(notice.tables, book, "市直工委", None, random_values(notice.tables, 1))
    (tmp_path / "inbox").mkdir()
    for command in (["template", "-o", tmp_path / "t"], ["check", book],
                    ["merge", tmp_path / "inbox", "-o", tmp_path / "out", "--unit-name", "云州市委组织部"]):
        code, out = run(*command, "--notice", annual, "--period", wrong)
        assert code == 2 and f"报送期次“{wrong}”{said}" in out and "2011" not in out, (command, out)


def test_the_desk_says_the_notices_own_period(annual, desk):
    client, workspace = desk
    (workspace.folder / "通知定义").mkdir(parents=True, exist_ok=True)
    for path in annual.parent.iterdir():
        (workspace.folder / "通知定义" / path.name).write_bytes(path.read_bytes())
    settings = workspace.settings
    settings.notice = f"通知定义/{annual.name}"
    workspace.save(settings)
    page = client.post("/settings", data={"period": "2027-H2"}).text
    (said,) = re.findall(r'class="err[^"]*"[^>]*>([^<]*)', page)
    assert "报送期次“2027-H2”不是本通知的期次:本通知只有 2027-H1(年度)一期" in said and "2011" not in said
