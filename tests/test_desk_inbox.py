"""收件 → 放入收件箱: the message says what became of each file (stored, identical to one already
there, refused); a .zip is unpacked as mail intake unpacks one."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import desk  # noqa: E402,F401 - fixture


def said(page) -> tuple[str, str]:
    """The page's message and error, as the clerk reads them."""
    msg = re.findall(r'<div class="msg">([^<]*)</div>', page.text)
    err = re.findall(r'<div class="err">([^<]*)</div>', page.text)
    return (msg[0] if msg else ""), (err[0] if err else "")


def test_files_already_in_the_inbox_are_named_not_counted(desk, make_unit):
    client, workspace = desk
    made = workspace.folder.parent / "made"
    data = make_unit(made, "马路镇党委", seed=1)[0].read_bytes()
    other = make_unit(made, "东坪镇党委", seed=2)[0].read_bytes()
    first = said(client.post("/inbox/upload", files=[("files", ("马路镇党委.xlsx", data))]))
    assert first == ("已放入收件箱 1 个文件。", "")
    again = said(client.post("/inbox/upload", files=[("files", ("马路镇党委.xlsx", data))]))
    assert again == ("“马路镇党委.xlsx”与收件箱中已有的文件完全相同,没有再存一份。", "")
    renamed = said(client.post("/inbox/upload", files=[("files", ("马路镇党委(重发).xlsx", data))]))
    assert renamed[0] == "“马路镇党委(重发).xlsx”(即收件箱中的“马路镇党委.xlsx”)与收件箱中已有的文件完全相同,没有再存一份。"
    twice = said(client.post("/inbox/upload", files=[("files", ("东坪镇党委.xlsx", other)),
                                                     ("files", ("东坪镇党委.xlsx", other))]))
    assert twice[0] == "已放入收件箱 1 个文件。“东坪镇党委.xlsx”与收件箱中已有的文件完全相同,没有再存一份。"
    assert sorted(p.name for p in workspace.inbox().iterdir() if p.is_file()) == ["东坪镇党委.xlsx", "马路镇党委.xlsx"]


def test_a_zip_is_unpacked_into_the_inbox(desk, make_unit):
    """A county clerk zips the units' files (or gets them zipped) and drops the .zip: its workbooks
    go into the inbox, what is not a workbook is named with the reason."""
    client, workspace = desk
    made = workspace.folder.parent / "made"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, unit in enumerate(["马路镇党委", "东坪镇党委"]):
            zf.write(make_unit(made, unit, seed=n)[0], f"各单位/{unit}.xlsx")
        zf.writestr("各单位/说明.txt", "请查收")
    msg, err = said(client.post("/inbox/upload", files=[("files", ("各单位报表.zip", buffer.getvalue()))]))
    assert msg == "已放入收件箱 2 个文件。", (msg, err)
    assert err == "“各单位报表.zip”中的“说明.txt”:不是表格文件,没有保存。"
    assert sorted(p.name for p in (workspace.inbox() / "各单位").iterdir()) == ["东坪镇党委.xlsx", "马路镇党委.xlsx"]
    again = said(client.post("/inbox/upload", files=[("files", ("各单位报表.zip", buffer.getvalue()))]))
    assert again[0].startswith("“马路镇党委.xlsx”、“东坪镇党委.xlsx”与收件箱中已有的文件完全相同")
    rar = said(client.post("/inbox/upload", files=[("files", ("各单位报表.rar", b"Rar!\x1a\x07\x00 rest"))]))
    assert "请解压后" in rar[1]


def test_a_units_work_report_is_taken_into_the_inbox_as_merge_reads_it(desk, make_unit, tmp_path):
    """justice-2012 asks for a 工作总结 beside the tables: uploaded, in a .zip, or attached to a mail,
    it goes into the inbox (a .docx is a zip: never unpacked) and merge counts it as received."""
    from email.message import EmailMessage

    client, workspace = desk
    client.post("/settings", data={"notice": "justice-2012", "office": "常州市武进区司法局", "period": "2012-H1"})
    summary = b"PK\x03\x04" + b"docx bytes" * 50
    msg, err = said(client.post("/inbox/upload", files=[("files", ("甲所_工作总结.docx", summary))]))
    assert msg == "已放入收件箱 1 个文件。" and not err, (msg, err)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("乙所_工作总结.pdf", b"%PDF-1.4 summary")
    msg, err = said(client.post("/inbox/upload", files=[("files", ("材料.zip", buffer.getvalue()))]))
    assert msg == "已放入收件箱 1 个文件。" and not err, (msg, err)
    mail = EmailMessage()
    mail["From"], mail["Subject"], mail["Date"] = "丙所 <bing@example.com>", "工作总结", "Mon, 12 Mar 2012 09:00:00 +0800"
    mail.set_content("请查收")
    mail.add_attachment(b"PK\x03\x04 another docx", maintype="application", subtype="octet-stream",
                        filename="丙所_工作总结.docx")
    said(client.post("/inbox/upload", files=[("files", ("来信.eml", bytes(mail)))]))
    names = sorted(p.name for p in workspace.inbox().iterdir() if p.is_file())
    assert {"乙所_工作总结.pdf", "甲所_工作总结.docx"} <= set(names) and any(n.endswith("丙所_工作总结.docx") for n in names)
    from dianping_xlsx import api

    result = api.merge_inbox(workspace.inbox(), period="2012-H1", notice="justice-2012")
    assert sorted(e.name for e in result.entries if e.status == "material") == sorted(
        n for n in names if "工作总结" in n)


def test_a_file_too_big_is_refused_saying_what_to_do(desk, make_unit):
    """A unit's workbook with a 21 MB photo pasted in: not taken, and the page says what the unit does
    (the table alone, the photo taken out), not just that it is too big."""
    import os

    client, workspace = desk
    path = make_unit(workspace.folder.parent / "made", "马路镇党委", seed=1)[0]
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/media/image1.jpeg", os.urandom(21 * 1024 * 1024))
    msg, err = said(client.post("/inbox/upload", files=[("files", ("马路镇党委.xlsx", path.read_bytes()))]))
    assert "“马路镇党委.xlsx”超过 20 MB,不像一份报表" in err and "只发送统计表本身" in err and "图片" in err, err
    assert msg == "" and not list(workspace.inbox().glob("*.xlsx"))


def test_a_damaged_word_file_is_not_taken_for_a_table(desk):
    """工作总结.doc that Word cannot open either (an OLE file cut short in the mail): refused as no
    table, never stored as 工作总结.doc.xls and merged as a unit called 工作总结; inside a .zip alike."""
    client, workspace = desk
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096  # the OLE header, nothing readable after it
    msg, err = said(client.post("/inbox/upload", files=[("files", ("工作总结.doc", damaged))]))
    assert "“工作总结.doc”不是表格文件" in err and msg == "", (msg, err)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        zf.writestr("材料/工作总结.doc", damaged)
    msg, err = said(client.post("/inbox/upload", files=[("files", ("材料.zip", packed.getvalue()))]))
    assert "工作总结.doc" in err and "不是表格文件" in err and msg == "", (msg, err)
    assert not workspace.inbox().exists() or not list(workspace.inbox().iterdir())


def test_a_folders_system_files_dropped_along_are_passed_over_without_advice(desk, make_unit):
    """A clerk drops a whole folder: Windows' Thumbs.db and desktop.ini come along. They are the
    system's, not a unit's report: passed over like the hidden files, never saved as Thumbs.db.xls."""
    client, workspace = desk
    data = make_unit(workspace.folder.parent / "made", "马路镇党委", seed=1)[0].read_bytes()
    msg, err = said(client.post("/inbox/upload", files=[
        ("files", ("马路镇党委.xlsx", data)),
        ("files", ("Thumbs.db", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 1024)),
        ("files", ("desktop.ini", "[.ShellClassInfo]\r\n".encode("utf-16")))]))
    assert (msg, err) == ("已放入收件箱 1 个文件。略过 2 个隐藏文件或系统文件(文件夹中系统自带的文件)。", "")
    assert sorted(p.name for p in workspace.inbox().iterdir() if p.is_file()) == ["马路镇党委.xlsx"]


def inbox_rows(page: str) -> dict[str, list[str]]:
    """The 收件 page's table: file name -> its cells' text."""
    rows = {}
    for row in re.findall(r"<tr><td>(.*?)</tr>", page, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + row, re.S)]
        rows[cells[0]] = cells
    return rows


def test_a_file_put_in_on_the_desk_shows_when_it_was_taken(desk, make_unit, monkeypatch):
    """收到时间 of a file put in on 收件 is when the desk took it (Beijing time, as 放入记录 has it); a
    file copied into the folder by hand has none, nor one replaced by hand after it was put in."""
    import datetime as dt
    import os

    from dianping_xlsx import manifest
    from dianping_xlsx.model import CHINA

    client, workspace = desk
    monkeypatch.setattr(manifest, "now", lambda: dt.datetime(2011, 6, 27, 9, 5, tzinfo=CHINA))
    made = workspace.folder.parent / "made"
    up, _ = make_unit(made, "马路镇党委", seed=1)
    other, _ = make_unit(made, "梅城镇党委", seed=3)
    client.post("/inbox/upload", files=[("files", (up.name, up.read_bytes())), ("files", (other.name, other.read_bytes()))])
    make_unit(workspace.inbox(), "东坪镇党委", seed=2)  # copied into the folder by hand
    again, _ = make_unit(workspace.inbox(), "梅城镇党委", seed=4)  # the uploaded one overwritten by hand
    os.utime(again, (again.stat().st_atime, again.stat().st_mtime + 60))  # a minute later
    rows = inbox_rows(client.get("/inbox").text)
    assert rows["马路镇党委.xlsx"][3] == "6月27日09:05", rows
    assert rows["东坪镇党委.xlsx"][3] == "" and rows["梅城镇党委.xlsx"][3] == ""


def test_a_folder_put_in_keeps_its_folders_and_they_are_listed_and_moved_by_path(desk, make_unit):
    """A folder upload's files come as 收件箱/乡镇/烟溪镇党委/统计表.xlsx (the browser sends the path
    below the folder chosen): kept so, the folder naming the unit of a 统计表.xlsx without 填报单位."""
    client, workspace = desk
    made = workspace.folder.parent / "made"
    files = [("files", (f"收件箱/乡镇/{unit}/统计表.xlsx", make_unit(made / unit, "", seed=n, name="统计表.xlsx")[0].read_bytes()))
             for n, unit in enumerate(["烟溪镇党委", "马路镇党委"])]
    files.append(("files", ("收件箱/.git/x.xlsx", b"hidden")))
    msg, err = said(client.post("/inbox/upload", files=files))
    assert (msg, err) == ("已放入收件箱 2 个文件。略过 1 个隐藏文件或系统文件(文件夹中系统自带的文件)。", "")
    inbox = workspace.inbox()
    assert (inbox / "收件箱/乡镇/烟溪镇党委/统计表.xlsx").read_bytes() == files[0][1][1]
    assert (inbox / "收件箱/乡镇/马路镇党委/统计表.xlsx").read_bytes() == files[1][1][1]
    page = client.get("/inbox").text
    assert "<td>收件箱/乡镇/烟溪镇党委/统计表.xlsx</td>" in page and "收件箱中的文件(2)" in page
    moved = said(client.post("/inbox/aside", data={"name": "收件箱/乡镇/马路镇党委/统计表.xlsx"}))
    assert moved[0].startswith("已把“收件箱/乡镇/马路镇党委/统计表.xlsx”移出收件箱"), moved
    assert (workspace.aside() / "统计表.xlsx").read_bytes() == files[1][1][1]
    assert said(client.post("/inbox/aside", data={"name": "收件箱/../../x.xlsx"}))[1] == "没有这个文件。"


def test_a_windows_shortcut_put_in_is_said_to_be_one(desk):
    """A .lnk dragged from the desktop (Windows' shortcut to the unit's file) is no table: the clerk
    is told it is a shortcut and to put in the file it points to, as merge says of one in the inbox."""
    client, workspace = desk
    shortcut = b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F" + b"\x00" * 60
    msg, err = said(client.post("/inbox/upload", files=[("files", ("东坪镇党委.xlsx - 快捷方式.lnk", shortcut))]))
    assert msg == "" and err == ("“东坪镇党委.xlsx - 快捷方式.lnk”是 Windows 快捷方式(只是指向别处文件的图标),不是表格文件本身,"
                                 "没有放入收件文件夹。请把快捷方式指向的表格文件本身放入收件文件夹(或请对方发送该文件)。")
