"""A definition nested some hundreds deep (a 6 KB file of [[[[…, or {a={a=…) made Python's TOML
parser run out of recursion: the desk answered 500 and `definitions check` printed a traceback. It is
a malformed file like any other: said in Chinese, with its line, by every face."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner

from dianping_xlsx.api import SpecError, load_notice, load_table_set
from dianping_xlsx.cli import main

DEEP = {"arrays": "[" * 2000 + "]" * 2000, "tables": "{a=" * 2000 + "1" + "}" * 2000}
SAID = "格式有误(嵌套太深)"


def deep(tmp_path, kind: str, head: str = 'tables = "hunan-2011"\n'):
    path = tmp_path / f"deep-{kind}.toml"
    path.write_text(f"{head}x = {DEEP[kind]}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", DEEP)
def test_the_library_and_definitions_check_say_it_is_nested_too_deep(tmp_path, kind):
    path = deep(tmp_path, kind)
    for load in (load_notice, load_table_set):
        with pytest.raises(SpecError) as said:
            load(str(path))
        assert f"{path} 第 2 行第 " in str(said.value) and SAID in str(said.value), str(said.value)
    res = CliRunner().invoke(main, ["definitions", "check", str(path)])
    assert res.exit_code == 1 and SAID in res.output and "第 2 行" in res.output, res.output
    assert "Traceback" not in res.output and "RecursionError" not in res.output


@pytest.mark.parametrize("kind", DEEP)
def test_the_desk_says_it_and_goes_on(tmp_path, kind):
    pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
    pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")
    from .test_desk import desk as fixture

    client, workspace = fixture.__wrapped__(tmp_path)
    page = client.post("/notice", files={"notice": ("deep.toml", deep(tmp_path, kind).read_bytes())})
    assert page.status_code == 200 and SAID in html.unescape(page.text), page.text[:2000]
    assert "工作台出错了" not in page.text and workspace.settings.notice == ""
    assert client.get("/").status_code == 200
