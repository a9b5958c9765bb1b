"""A Word notice without tables (its tables sent as a separate blank workbook): each face says its own
way on: the command line definitions init with a blank workbook or docs/通知定义.md, the desk its own
从通知生成 on the same page — no command, no docs path (the library names the remedy, not the words)."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner

pytest.importorskip("docx", reason="python-docx builds the test notices")

from dianping_xlsx import api  # noqa: E402
from dianping_xlsx.cli import main  # noqa: E402
from dianping_xlsx.errors import TABLES_FILE  # noqa: E402

from .test_draft import _docx_with  # noqa: E402

TEXT_ONLY = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
             '<w:p><w:r><w:t>关于开展2026年度群众评议工作的通知</w:t></w:r></w:p>'
             '<w:p><w:r><w:t>各单位:请于2026年12月20日前将统计表(见附件,Excel 空白表另发)报送县委创先办。</w:t></w:r></w:p>'
             '</w:body></w:document>').encode("utf-8")


def _notice(tmp_path):
    return _docx_with(tmp_path, "通知003.docx", "word/document.xml", TEXT_ONLY)


def test_the_library_names_the_remedy_and_no_face_words(tmp_path):
    with pytest.raises(api.SpecError) as caught:
        api.draft_notice(_notice(tmp_path), tmp_path / "out" / "n003.toml")
    assert caught.value.remedy == TABLES_FILE
    assert "没有找到统计表" in str(caught.value) and "definitions init" not in str(caught.value)
    assert "docs/" not in str(caught.value)


def test_the_command_line_says_its_command(tmp_path):
    res = CliRunner().invoke(main, ["definitions", "init", str(_notice(tmp_path)), "-o", str(tmp_path / "n003.toml")])
    assert res.exit_code != 0
    assert "没有找到统计表" in res.output and "definitions init 也接受 .xlsx、.xls 空白表" in res.output


pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import desk  # noqa: E402,F401 - fixture


def test_the_desk_points_to_its_own_draft_from_a_blank_workbook(desk, tmp_path):
    client, workspace = desk
    page = html.unescape(client.post("/notice/draft/upload",
                                     files={"document": ("通知003.docx", _notice(tmp_path).read_bytes())}).text)
    error = page.split('<div class="err">', 1)[1].split("</div>", 1)[0]
    assert "没有找到统计表" in error and "“从通知生成”" in error and "空白表" in error
    assert "definitions init" not in error and "docs/" not in error and "dianping" not in error
