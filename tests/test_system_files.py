"""What the operating system writes beside the units' files (a Mac's ._X.xlsx and __MACOSX, .DS_Store,
Thumbs.db, desktop.ini, a Windows shortcut) is never a report: never read, never returned, never a
unit's newer file; and a workbook is read by its bytes whatever it is named (统计表 without an
extension, WPS's .ett)."""

from __future__ import annotations

import os
import struct
from pathlib import Path

from dianping_xlsx.api import check_files, merge_inbox
from dianping_xlsx.model import ACCEPTED, IGNORED, REJECTED

# An AppleDouble header as a Mac writes it (magic, version, "Mac OS X", two entries), padded
APPLE_DOUBLE = (struct.pack(">II", 0x00051607, 0x00020000) + b"Mac OS X        " + struct.pack(">H", 2)
                + struct.pack(">III", 9, 50, 3702) + struct.pack(">III", 2, 3752, 286))
APPLE_DOUBLE += b"\x00" * (4038 - len(APPLE_DOUBLE))


def _merged(folder: Path):
    result = merge_inbox(folder, period="2011-H1", unit_name="安化县委创先办", jobs=1)
    return result, {e.name: e for e in result.entries}


def _written_after(path: Path, beside: Path) -> None:
    """``path`` one minute newer than ``beside``, as a Mac copy writes ._X right after X."""
    when = beside.stat().st_mtime + 60
    os.utime(path, (when, when))


def test_apple_double_files_never_stand_for_a_unit(tmp_path, make_unit):
    clean, inbox = tmp_path / "只有报表", tmp_path / "收件箱"
    for folder in (clean, inbox):
        make_unit(folder, "梅城镇党委", seed=1)
        make_unit(folder, "东坪镇党委", seed=2)
    (inbox / "._梅城镇党委.xlsx").write_bytes(APPLE_DOUBLE)
    _written_after(inbox / "._梅城镇党委.xlsx", inbox / "梅城镇党委.xlsx")
    (inbox / "__MACOSX").mkdir()
    (inbox / "__MACOSX" / "._东坪镇党委.xlsx").write_bytes(APPLE_DOUBLE)
    _written_after(inbox / "__MACOSX" / "._东坪镇党委.xlsx", inbox / "东坪镇党委.xlsx")

    result, entries = _merged(inbox)
    assert entries["梅城镇党委.xlsx"].status == ACCEPTED and entries["东坪镇党委.xlsx"].status == ACCEPTED
    for name in ("._梅城镇党委.xlsx", "__MACOSX/._东坪镇党委.xlsx"):
        entry = entries[name]
        assert entry.status == IGNORED and [p.code for p in entry.problems] == ["file.system"]
        assert entry.reason == "苹果电脑附带的系统文件(文件名以 ._ 开头),不是报表,已忽略。"
    assert not result.by_status(REJECTED)
    assert result.totals == _merged(clean)[0].totals  # the same sums as without them


def test_a_file_named_like_apple_double_but_holding_a_workbook_is_read(tmp_path, make_unit):
    make_unit(tmp_path, "梅城镇党委", seed=1, name="._梅城镇党委.xlsx")
    _, entries = _merged(tmp_path)
    assert entries["._梅城镇党委.xlsx"].status == ACCEPTED


def test_system_files_and_shortcuts_get_no_advice_to_save_as(tmp_path, make_unit):
    make_unit(tmp_path, "梅城镇党委", seed=1)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 100)
    (tmp_path / "Thumbs.db").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 1024)
    (tmp_path / "desktop.ini").write_text("[.ShellClassInfo]\r\nIconResource=imageres.dll,-3\r\n", encoding="utf-16")
    (tmp_path / "梅城镇党委.xlsx - 快捷方式.lnk").write_bytes(bytes.fromhex("4c0000000114020000000000c000000000000046")
                                                         + b"\x00" * 60)
    _, entries = _merged(tmp_path)
    for name in (".DS_Store", "Thumbs.db", "desktop.ini"):
        assert entries[name].status == IGNORED and entries[name].problems[0].code == "file.system", name
        assert "系统" in entries[name].reason or "自动生成" in entries[name].reason
        assert "另存为" not in entries[name].reason, entries[name].reason
    shortcut = entries["梅城镇党委.xlsx - 快捷方式.lnk"]
    assert shortcut.status == IGNORED and shortcut.problems[0].code == "file.not-regular"
    assert "快捷方式" in shortcut.reason and "表格文件本身" in shortcut.reason
    assert entries["梅城镇党委.xlsx"].status == ACCEPTED


def test_check_ignores_apple_double_too(tmp_path, make_unit):
    path = tmp_path / "._梅城镇党委.xlsx"
    path.write_bytes(APPLE_DOUBLE)
    report, = check_files([path], period="2011-H1", jobs=1)
    assert [p.code for p in report.problems] == ["file.system"]


def test_workbooks_under_other_names_are_read_by_content(tmp_path, make_unit):
    work = tmp_path / "填好的"
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for seed, (unit, name) in enumerate([("东坪镇党委", "东坪镇党委"), ("梅城镇党委", "梅城镇党委.ett"),
                                          ("小淹镇党委", "小淹镇党委.xltx"), ("江南镇党委", "江南镇党委.dat")]):
        made, _ = make_unit(work, unit, seed=seed)
        (inbox / name).write_bytes(made.read_bytes())
    (inbox / "说明.txt").write_text("附件是统计表", encoding="utf-8")
    _, entries = _merged(inbox)
    for name in ("东坪镇党委", "梅城镇党委.ett", "小淹镇党委.xltx", "江南镇党委.dat"):
        assert entries[name].status == ACCEPTED, (name, entries[name].reason)
    assert entries["说明.txt"].problems[0].code == "file.not-spreadsheet"


def test_flat_ods_is_sent_back_naming_its_format(tmp_path, make_unit):
    make_unit(tmp_path, "梅城镇党委", seed=1)
    (tmp_path / "滔溪镇党委.fods").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:'
        'xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body>'
        '<office:spreadsheet/></office:body></office:document>', encoding="utf-8")
    _, entries = _merged(tmp_path)
    fods = entries["滔溪镇党委.fods"]
    assert fods.status == REJECTED and fods.problems[0].code == "file.unsupported"
    assert "平面 XML" in fods.reason and "另存为” .xlsx" in fods.reason
