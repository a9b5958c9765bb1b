"""mail import given what is no mail (a unit's workbook, a Word file, a PDF, a folder of workbooks):
refused in Chinese with exit 2, nothing recorded, never a fake "mail without attachments" in the
manifest while the unit's table is lost. An Outlook .msg is an OLE file as an .xls is: still taken."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main

from .conftest import soffice

CHINA = dt.timezone(dt.timedelta(hours=8))
DOCX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                           'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"/>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>情况通报</w:t></w:r></w:p></w:body></w:document>',
}


def _import(*args) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["mail", "import", *map(str, args)])
    return res.exit_code, res.output


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in DOCX_PARTS.items():
            zf.writestr(name, text)
    return path


def test_a_workbook_given_as_mail_is_refused_and_nothing_recorded(tmp_path, make_unit):
    table, _ = make_unit(tmp_path, "东坪镇党委", seed=7)
    inbox = tmp_path / "收件箱"
    code, out = _import(table, "--inbox", inbox)
    assert code == 2, out
    assert "“" + str(table) + "”不是邮件文件" in out and "它是表格文件" in out
    assert f"单位发来的表格请直接放进收件文件夹“{inbox}”" in out
    assert "新收取" not in out and "没有附件" not in out
    assert not inbox.exists()  # no manifest, no folder: nothing was taken


def test_a_word_file_a_pdf_and_a_text_file_are_no_mail(tmp_path):
    inbox = tmp_path / "收件箱"
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    text = tmp_path / "说明.eml"
    text.write_text("各位同志:\n附件为我单位报表。\n", encoding="utf-8")
    for path, what in ((_docx(tmp_path / "情况通报.docx"), "它是 Word 文件"), (pdf, "它是 PDF 文件"),
                       (text, "它的内容不是邮件")):
        code, out = _import(path, "--inbox", inbox)
        assert code == 2, out
        assert f"“{path}”不是邮件文件" in out and what in out, out
    assert not inbox.exists()


def test_a_folder_of_workbooks_says_it_holds_no_mail(tmp_path, make_unit):
    folder = tmp_path / "2011-H1"
    folder.mkdir()
    make_unit(folder, "东坪镇党委", seed=8)
    inbox = tmp_path / "收件箱"
    code, out = _import(folder, "--inbox", inbox)
    assert code == 2, out
    assert f"文件夹“{folder}”中没有邮件文件" in out and "直接放进收件文件夹" in out
    assert "没有新邮件" not in out
    empty = tmp_path / "空"
    empty.mkdir()
    code, out = _import(empty, "--inbox", inbox)
    assert code == 2 and f"文件夹“{empty}”中没有邮件文件" in out, out
    assert not inbox.exists()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_an_xls_named_msg_is_refused_but_an_outlook_msg_is_taken(tmp_path, make_unit):
    """Both are OLE files: told apart by their streams (a Workbook, or MAPI properties)."""
    table, _ = make_unit(tmp_path, "乐安镇党委", seed=9)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(table)], check=True, capture_output=True, timeout=240)
    xls = tmp_path / "乐安镇党委.msg"
    (tmp_path / "乐安镇党委.xls").rename(xls)
    inbox = tmp_path / "收件箱"
    code, out = _import(xls, "--inbox", inbox)
    assert code == 2 and "它是表格文件" in out, out
    assert not inbox.exists()

    pytest.importorskip("extract_msg", reason="the [outlook] extra (extract-msg) is not installed")
    from .msgfile import MsgAttachment, build_msg

    msg = tmp_path / "报表.msg"
    msg.write_bytes(build_msg("乐安镇党委", "la@163.com", "报表", dt.datetime(2011, 6, 27, 9, 0, tzinfo=CHINA),
                              [MsgAttachment("统计表.xlsx", table.read_bytes())]))
    code, out = _import(msg, "--inbox", inbox)
    assert code == 0, out
    assert [p.name for p in inbox.iterdir() if p.is_file()] == ["0627-0900_乐安镇党委_统计表.xlsx"]
