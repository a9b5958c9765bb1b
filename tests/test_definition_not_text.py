"""A workbook or a Word file given where a definition file goes (`definitions check 单位名册.xlsx`,
`--notice 通知.docx`, the desk's notice upload) is said to be what it is, with the next step in each
face's words (draft a definition from the notice), never "not UTF-8 … it is UTF-16" because a zip
holds NUL bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dianping_xlsx import write_roster
from dianping_xlsx.cli import main

from .test_mail_import_not_mail import DOCX_PARTS


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in DOCX_PARTS.items():
            zf.writestr(name, text)
    return path


def _not_a_definition(res, path: Path, what: str) -> None:
    assert f"{path} {what},不是定义文件" in res.output, res.output
    assert "dianping definitions init" in res.output
    assert "UTF-16" not in res.output and "另存为 UTF-8" not in res.output and "Traceback" not in res.output


def test_definitions_check_of_a_roster_or_a_word_file_says_what_it_is(tmp_path):
    roster = write_roster(tmp_path / "单位名册.xlsx")
    _not_a_definition(CliRunner().invoke(main, ["definitions", "check", str(roster)]), roster, "是表格文件")
    notice = _docx(tmp_path / "通知.docx")
    _not_a_definition(CliRunner().invoke(main, ["definitions", "check", str(notice)]), notice, "是 Word 文件")
    renamed = tmp_path / "通知.toml"  # the notice saved under a definition's name
    renamed.write_bytes(notice.read_bytes())
    _not_a_definition(CliRunner().invoke(main, ["definitions", "check", str(renamed)]), renamed, "是 Word 文件")


def test_a_binary_file_is_not_said_to_be_utf16(tmp_path):
    picture = tmp_path / "通知.toml"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    res = CliRunner().invoke(main, ["definitions", "check", str(picture)])
    assert "它不是文本文件" in res.output and "UTF-16" not in res.output, res.output


def test_notice_option_given_the_notice_itself(tmp_path, make_unit):
    make_unit(tmp_path / "收件箱", "东坪镇党委", seed=1)
    notice = _docx(tmp_path / "通知.docx")
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "收件箱"), "-o", str(tmp_path / "输出"), "--period", "2011-H1",
                                    "--unit-name", "安化县委创先办", "--notice", str(notice)])
    assert res.exit_code == 2, res.output
    _not_a_definition(res, notice, "是 Word 文件")


def test_the_desk_points_to_drafting_from_the_notice(tmp_path):
    pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
    pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")
    from .test_desk import TOKEN, Workspace, create_app, desk_client
    from .test_desk_mail import errors

    workspace = Workspace(tmp_path / "工作台")
    client = desk_client(create_app(workspace, TOKEN, hosts=("testserver", "127.0.0.1")))
    client.get(f"/?token={TOKEN}")
    word = _docx(tmp_path / "通知.docx").read_bytes()
    for name in ("通知.docx", "通知.toml"):
        page = client.post("/notice", files=[("notice", (name, word))])
        said = " ".join(errors(page.text))
        assert "“从通知生成”" in said and "dianping" not in said and "UTF-16" not in said, said
        assert workspace.settings.notice == ""
