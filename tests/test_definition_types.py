"""A key's value of another type than the schema declares (id = 2013 without quotes, name = ["x"],
rows = "15") is refused at load — by `definitions check`, a merge and the desk alike — with the file,
the line and the fix written as TOML; never accepted to crash a merge or the desk later."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import SpecError, load_item_set, load_ledger_set, load_table_set
from dianping_xlsx.api import load_notice

DEFINITIONS = Path(__file__).resolve().parent.parent / "dianping_xlsx" / "definitions"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LOADERS = {"notices": load_notice, "tablesets": load_table_set, "itemsets": load_item_set, "ledgersets": load_ledger_set}

SLIPS = {  # (folder, the line as shipped, as a clerk wrote it, what the message says)
    "an id without quotes": ("notices", 'id = "hunan-2011"', "id = 2013", 'id = 2013 应写成文字,加引号:id = "2013"'),
    "a name in brackets": ("notices", 'name = "湖南省领导点评和群众评议工作情况统计(2011)"', 'name = ["x"]',
                           'name = ["x"] 应写成文字,加引号:name = "x"'),
    "a period's due as a number": ("notices", 'due = "06-30"', "due = 630", 'due = 630 应写成文字,加引号:due = "630"'),
    "a yes written in quotes": ("ledgersets", "required = true", 'required = "true"',
                                'required = "true" 应写成 true(是)或 false(否),不加引号:required = true'),
    "a table's title as a number": ("tablesets", 'all_tables = "附件1–3"', "all_tables = 3",
                                    'all_tables = 3 应写成文字,加引号:all_tables = "3"'),
    "words as one text": ("tablesets", 'stop_labels = ["注", "附件"]', 'stop_labels = "注"',
                          'stop_labels = "注" 应写成文字列表,每一项加引号:stop_labels = ["注"]'),
    "a share in quotes": ("tablesets", "previous_change = 0.20", 'previous_change = "0.2"',
                          'previous_change = "0.2" 应写成数字,不加引号:previous_change = 0.2'),
    "a date in quotes": ("tablesets", "published = 2011-06-16", 'published = "2011-06-16"',
                         'published = "2011-06-16" 应写成日期,不加引号:published = 2011-06-16'),
    "a count in quotes": ("ledgersets", "rows = 300", 'rows = "300"', 'rows = "300" 应写成整数,不加引号:rows = 300'),
    "options as one text": ("itemsets", 'unsatisfied = "不满意"', 'unsatisfied = ["不满意", "很不满意"]',
                            'unsatisfied = ["不满意", "很不满意"] 应写成文字(加英文引号),如 unsatisfied = "不满意"'),
}


def slipped(tmp_path: Path, folder: str, shipped: str, written: str) -> tuple[Path, int]:
    """The shipped hunan-2011 definition copied with one line as a clerk wrote it; its path, the line."""
    text = (DEFINITIONS / folder / "hunan-2011.toml").read_text(encoding="utf-8")
    assert shipped in text, shipped
    text = text.replace(shipped, written, 1)
    path = tmp_path / "县里的定义.toml"
    path.write_text(text, encoding="utf-8")
    return path, next(n for n, line in enumerate(text.splitlines(), start=1) if written in line)


@pytest.mark.parametrize("folder, shipped, written, words", SLIPS.values(), ids=SLIPS.keys())
def test_a_value_of_another_type_is_refused_with_its_line_and_fix(tmp_path, folder, shipped, written, words):
    path, line = slipped(tmp_path, folder, shipped, written)
    with pytest.raises(SpecError) as said:
        LOADERS[folder](str(path))
    assert f"{path} 第 {line} 行:{words}" in str(said.value), str(said.value)
    assert "['" not in str(said.value)  # TOML's ["x"], never Python's ['x']
    res = CliRunner().invoke(main, ["definitions", "check", str(path)])
    assert res.exit_code != 0 and words in res.output, res.output


def test_a_merge_with_a_numeric_id_says_so_and_exits_2(tmp_path):
    """It crashed in marks.set_property (exit 4, 程序内部出错) and left a .tmp-* behind."""
    path, line = slipped(tmp_path, *SLIPS["an id without quotes"][:3])
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(EXAMPLES / "2011-H1"), "--period", "2011-H1", "--unit-name",
                                    "安化县委创先办", "--notice", str(path), "-o", str(out)])
    assert res.exit_code == 2 and f"第 {line} 行:id = 2013 应写成文字,加引号:id = \"2013\"" in res.output, res.output
    assert "内部出错" not in res.output and not (out.exists() and any(out.iterdir()))


def test_the_desk_refuses_the_upload_and_keeps_working(tmp_path):
    """It took the notice, then the merge crashed and 本期 could no longer switch notice (500)."""
    pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
    pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")
    from .test_desk import desk as fixture

    client, workspace = fixture.__wrapped__(tmp_path)
    text = (DEFINITIONS / "notices" / "hunan-2011.toml").read_text(encoding="utf-8")
    page = client.post("/notice", files={"notice": ("县通知.toml", text.replace('id = "hunan-2011"', "id = 2013").encode())})
    assert 'id = 2013 应写成文字,加引号:id = "2013"' in html.unescape(page.text), page.text
    assert workspace.settings.notice == "" and not (workspace.folder / "通知定义").exists()
    assert client.post("/settings", data={"notice": "justice-2012"}).status_code == 200
    assert workspace.notice.id == "justice-2012" and not list(workspace.folder.rglob(".tmp-*"))
