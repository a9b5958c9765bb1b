"""Small things the desk's pages share: upload names made safe, the inbox's listing, downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

from starlette.responses import FileResponse

from ..api import CHINA, inbox_files, undeviced, without_controls
from ..errors import BLANK_ROSTER, NOTICE_DRAFT, TABLES_FILE
from .workspace import Outside, Workspace

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAME_BYTES = 150  # an upload's name at most, as the inbox keeps names (most systems allow 255 bytes)


# The next step a library error names (DianpingError.remedy), in the desk's words: its own page,
# never a command or a file of the docs.
REMEDIES = {
    BLANK_ROSTER: "也可以在“本期”页“单位名册”处点“下载空白名册”,照它填写后上传。",
    TABLES_FILE: "在“本期”页“通知”处点“选择通知文件(Word 或空白表)”,选那个空白表(.xlsx、.xls),再点“从通知生成”。",
    NOTICE_DRAFT: "要从通知起草定义,请在“本期”页“通知”处点“选择通知文件(Word 或空白表)”,选通知,再点“从通知生成”。",
}


def said(exc: Exception) -> str:
    """An error as the desk says it: its message, then its next step on the desk's pages."""
    return f"{exc}{REMEDIES.get(getattr(exc, 'remedy', ''), '')}"


def office_named(office: str) -> bool:
    """Whether 本单位名称 names something: a Chinese character or a letter in it (".." or "——" is
    no name: the upward workbook's file would be called 上报_未命名单位_…)."""
    return any(c.isalpha() for c in office)


def office_refusal(office: str, example: str = "") -> str:
    """Why the 本单位名称 typed cannot be kept ("" when it can), said beside the field; ``example``:
    the notice's example of an office's name (Notice.office), none when it gives none."""
    if office_named(office):
        return ""
    what = f"“{office.strip()}”中没有汉字或字母,不是单位名称。" if office.strip() else ""
    example = f"(如 {example})" if example else ""
    return (f"本单位名称没有保存:{what}请填写本单位的名称{example},它是汇总表和上报文件上的填报单位、"
            "上报文件的文件名,也是退回、催报和上报邮件的落款。")


def clean_upload_name(raw: str) -> tuple[str, str]:
    """An uploaded file's name as it may be saved on any system, and what was changed, in words
    ("" when nothing was): a path (``..\\..\\x.xlsx``, a folder upload's a/b.xlsx) loses its folders
    (the inbox keeps a folder upload's: upload_folder),
    a Windows device name (CON, aux, LPT1, nul.xlsx) gets a mark so it is an ordinary file, control,
    zero-width and direction characters are removed (U+202E would show the name backwards)."""
    parts = [p for p in raw.replace("\\", "/").split("/") if p not in ("", ".")]
    base = parts[-1] if parts else ""
    note = ""
    if any(p == ".." for p in parts) or base == "..":
        base = "" if base == ".." else base
        note = f"“{without_controls(raw)}”带有上级文件夹的路径,已只按文件名“{without_controls(base)}”保存。" if base else ""
    shown = without_controls(base).strip(" ")  # a name is never echoed with a direction control in it
    if any(ord(c) >= 0x7F and not without_controls(c) for c in base):  # C0 controls go unsaid, as before
        note = f"文件名中有看不见的控制字符(会让文件名显示得与实际不同),已去掉,按“{shown}”保存。"
    base = shown
    if not base:
        return "未命名文件", note or f"“{without_controls(raw)}”没有文件名,已按“未命名文件”处理。"
    if (renamed := undeviced(base)) != base:
        return renamed, f"“{base}”是 Windows 的设备名,不能作文件名,已改名为“{renamed}”保存。"
    short = shortened(base)
    if short != base:
        return short, f"“{base}”的文件名太长,已缩短为“{short}”保存。"
    return base, note


def upload_folder(raw: str) -> str:
    """The folders of an uploaded file's name (a folder upload's 收件箱/乡镇/烟溪镇党委/统计表.xlsx, as
    the browser sends it), made safe below the inbox by hand_to_inbox; "" for none, and for a path that
    climbs (..), which is saved by its file name alone (clean_upload_name says so)."""
    parts = [p for p in raw.replace("\\", "/").split("/") if p not in ("", ".")]
    return "" if ".." in parts else "/".join(parts[:-1])


def shortened(name: str, max_bytes: int = NAME_BYTES) -> str:
    """``name`` cut to ``max_bytes`` bytes of UTF-8 (a Chinese character is 3) before its extension."""
    if len(name.encode("utf-8")) <= max_bytes:
        return name
    stem, dot, ext = name.rpartition(".")
    suffix = dot + ext if stem and len(ext) <= 5 else ""
    stem = name[: len(name) - len(suffix)]
    while stem and len((stem + suffix).encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    return (stem.rstrip(" .") or "未命名文件") + suffix


def files_of(folder: Path, workspace: Workspace) -> list[Path]:
    """The inbox's files, in its folders too (a .zip's 乡镇/烟溪镇党委/统计表.xlsx), as merge reads them
    (links listed too, never walked: merge says what it makes of them; 邮件记录 left out); none when
    the folder is reached through a link."""
    try:
        workspace.contained(folder)
    except Outside:
        return []
    if not folder.is_dir():
        return []
    return [p for p in inbox_files(folder) if p.is_symlink() or p.is_file()]


def in_inbox(path: Path, inbox: Path) -> str:
    """A file of the inbox as the pages name it: its path below the inbox (乡镇/烟溪镇党委/统计表.xlsx)."""
    return path.relative_to(inbox).as_posix()


def size_of(path: Path) -> float:
    try:
        return round(path.lstat().st_size / 1024, 1)
    except OSError:
        return 0.0


def clock(moment: dt.datetime | float | None = None) -> str:
    """A time as every page of the desk shows it, in Beijing time whatever the machine's clock is set
    to (the clerks are in China; the mail's times are Beijing time too): 12月8日06:07. ``moment``: an
    aware time, a POSIX timestamp (a file's), or None for now; a time without a zone is the machine's."""
    if moment is None:
        moment = dt.datetime.now(CHINA)
    elif not isinstance(moment, dt.datetime):
        moment = dt.datetime.fromtimestamp(moment, CHINA)
    day = moment.astimezone(CHINA)
    return f"{day.month}月{day.day}日{day:%H:%M}"


def china_today() -> dt.date:
    """Today in Beijing (a machine on UTC is still on yesterday until 08:00 there)."""
    return dt.datetime.now(CHINA).date()


def when(path: Path) -> str:
    return clock(path.stat().st_mtime)


def plain_file(workspace: Workspace, path: Path) -> bool:
    try:
        return workspace.contained(path).is_file()
    except Outside:
        return False


def attachment(name: str) -> dict:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def download_response(path: Path) -> FileResponse:
    return FileResponse(path, headers=attachment(path.name))
