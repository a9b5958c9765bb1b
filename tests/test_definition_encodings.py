"""Definition files as Notepad saves them on Windows: UTF-8 with a BOM (older Notepad's "UTF-8")
is read; GBK (its "ANSI") and UTF-16 (its "Unicode") are refused with exit 2, in Chinese, naming
the file that is wrong (also a table set a UTF-8 notice names) and how to save it again — on the
command line and on the desk's upload alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main

SHIPPED = Path(__file__).resolve().parent.parent / "dianping_xlsx" / "definitions"
PERIOD = ["--period", "2011-H1"]


def notepad(text: str, encoding: str) -> bytes:
    """The text as Notepad saves it: CRLF, and the BOM of UTF-8 (older Notepad) or UTF-16."""
    crlf = text.replace("\n", "\r\n")
    return b"\xef\xbb\xbf" + crlf.encode("utf-8") if encoding == "utf-8-bom" else crlf.encode(encoding)


def notice_text(tables: str = "hunan-2011") -> str:
    text = (SHIPPED / "notices" / "hunan-2011.toml").read_text(encoding="utf-8")
    assert 'tables = "hunan-2011"' in text
    return text.replace('id = "hunan-2011"', 'id = "my-notice"').replace('tables = "hunan-2011"', f'tables = "{tables}"')


def tables_text() -> str:
    return (SHIPPED / "tablesets" / "hunan-2011.toml").read_text(encoding="utf-8")


def commands(folder: Path, notice: Path) -> list[list[str]]:
    unit = folder / "东坪镇党委.xlsx"
    return [["merge", str(folder / "收件箱"), "-o", str(folder / "输出"), *PERIOD, "--unit-name", "安化县委创先办",
             "--notice", str(notice)],
            ["template", "-o", str(folder / "模板"), "--notice", str(notice)],
            ["check", str(unit), *PERIOD, "--notice", str(notice)]]


@pytest.fixture
def folder(tmp_path, make_unit):
    make_unit(tmp_path / "收件箱", "东坪镇党委", seed=1)
    make_unit(tmp_path, "东坪镇党委", seed=1)
    return tmp_path


def said_wrong(res, name: str, notepad_word: str) -> None:
    assert res.exit_code == 2, res.output
    assert f"{name} 不是 UTF-8 编码的文本" in res.output and f"记事本中称为“{notepad_word}”" in res.output
    assert "请另存为 UTF-8" in res.output and "codec" not in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("encoding, word", [("gbk", "ANSI"), ("utf-16", "Unicode")])
def test_a_notice_saved_in_gbk_or_utf16_is_refused_naming_it(folder, encoding, word):
    notice = folder / "通知.toml"
    notice.write_bytes(notepad(notice_text(), encoding))
    for args in commands(folder, notice):
        said_wrong(CliRunner().invoke(main, args), str(notice), word)


def test_a_table_set_in_gbk_named_by_a_utf8_notice_is_the_file_named(folder):
    notice = folder / "通知.toml"
    notice.write_text(notice_text("表格.toml"), encoding="utf-8")
    (folder / "表格.toml").write_bytes(notepad(tables_text(), "gbk"))
    for args in commands(folder, notice):
        res = CliRunner().invoke(main, args)
        said_wrong(res, str(folder / "表格.toml"), "ANSI")
        assert f"通知定义文件 {notice} 的 tables = \"表格.toml\"" in res.output


def test_definitions_check_says_the_same(folder):
    notice = folder / "通知.toml"
    notice.write_bytes(notepad(notice_text(), "gbk"))
    res = CliRunner().invoke(main, ["definitions", "check", str(notice)])
    assert f"{notice} 不是 UTF-8 编码的文本" in res.output and "记事本中称为“ANSI”" in res.output


def test_utf8_with_a_bom_is_read(folder):
    notice = folder / "通知.toml"
    notice.write_bytes(notepad(notice_text("表格.toml"), "utf-8-bom"))
    (folder / "表格.toml").write_bytes(notepad(tables_text(), "utf-8-bom"))
    merge, template, check = (CliRunner().invoke(main, args) for args in commands(folder, notice))
    assert merge.exit_code == 0 and "结论:所有报送均已采用" in merge.output, merge.output
    assert template.exit_code == 0 and check.exit_code == 0, template.output + check.output
    for file in (notice, folder / "表格.toml"):
        res = CliRunner().invoke(main, ["definitions", "check", str(file)])
        assert res.exit_code == 0 and "没有发现问题" in res.output, res.output


def test_the_desk_reads_a_bom_and_names_a_file_in_gbk(tmp_path):
    pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
    pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")
    from .test_desk import TOKEN, Workspace, create_app, desk_client
    from .test_desk_mail import errors

    workspace = Workspace(tmp_path / "工作台")
    client = desk_client(create_app(workspace, TOKEN, hosts=("testserver", "127.0.0.1")))
    client.get(f"/?token={TOKEN}")
    for files, name in (([("通知.toml", notepad(notice_text(), "gbk"))], "通知.toml"),
                        ([("通知.toml", notice_text("表格.toml").encode("utf-8")),
                          ("表格.toml", notepad(tables_text(), "gbk"))], "表格.toml")):
        page = client.post("/notice", files=[("notice", f) for f in files])
        said = " ".join(errors(page.text))
        assert f"{name} 不是 UTF-8 编码的文本" in said and "记事本中称为“ANSI”" in said, said
        assert workspace.settings.notice == "" and not (workspace.folder / "通知定义").exists()
    page = client.post("/notice", files=[("notice", ("通知.toml", notepad(notice_text(), "utf-8-bom")))])
    assert "已采用通知定义" in page.text and workspace.settings.notice == "通知定义/通知.toml", errors(page.text)
