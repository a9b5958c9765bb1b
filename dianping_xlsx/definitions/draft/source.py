"""Opening a notice: a file from outside, treated like a unit's workbook. The caller's ``scan``
(the pre-scan of read/prescan.py: size, zip entries, unpacked size, ratio, no DOCTYPE or ENTITY in
any XML part) sees the bytes before any parser; .doc, .wps, .rtf, .odt and .et are first
converted by LibreOffice (headless, its own profile, a time limit) into a temp folder, and the
converted file is pre-scanned in turn."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from ..files import SpecError
from ...settings import DEFAULT_LIMITS, Limits
from .document import Document, read_docx
from .sheets import read_workbook

WORD = (".docx", ".docm")
CONVERT_WORD = (".doc", ".wps", ".rtf", ".odt")
EXCEL = (".xlsx", ".xlsm", ".xls", ".ods")
CONVERT_EXCEL = (".et",)
CONVERT_SECONDS = 120


def read_notice(path: Path, scan: Callable[[Path], bytes], limits: Limits = DEFAULT_LIMITS) -> Document:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SpecError(f"找不到通知文件“{path}”。")
    if suffix in WORD:
        return read_docx(scan(path))
    if suffix in EXCEL:
        return read_workbook(scan(path))
    if suffix in CONVERT_WORD + CONVERT_EXCEL:
        _check_size(path, limits)
        target = "docx" if suffix in CONVERT_WORD else "xlsx"
        with tempfile.TemporaryDirectory(prefix="dianping-notice-") as tmp:
            converted = _convert(path, Path(tmp), target)
            data = scan(converted)
        return read_docx(data) if target == "docx" else read_workbook(data)
    raise SpecError(f"“{path.name}”不是能读的通知文件:请给 Word 文档(.docx、.doc)或空白表格(.xlsx、.xls)。")


def _check_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size == 0:
        raise SpecError(f"通知文件“{path.name}”是空的。")
    if size > limits.max_file_mb * 1024 * 1024:
        raise SpecError(f"通知文件“{path.name}”太大({size / 1024 / 1024:.1f} MB,上限 {limits.max_file_mb:g} MB)。")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(path: Path, tmp: Path, target: str) -> Path:
    program = soffice()
    if program is None:
        raise SpecError(f"读“{path.name}”要先用 LibreOffice 转换,但本机没有安装 LibreOffice。"
                        f"请在 Word 或 WPS 中把它另存为 .{target} 后再试。")
    source = tmp / f"notice{path.suffix.lower()}"
    shutil.copyfile(path, source)
    command = [program, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
               "--convert-to", target, "--outdir", str(tmp / "out"), str(source)]
    try:
        subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False,
                       env={**os.environ, "HOME": str(tmp)})
    except subprocess.TimeoutExpired:
        raise SpecError(f"LibreOffice 转换“{path.name}”超过 {CONVERT_SECONDS} 秒,已放弃。"
                        f"请在 Word 或 WPS 中把它另存为 .{target} 后再试。") from None
    out = tmp / "out" / f"notice.{target}"
    if not out.is_file():
        raise SpecError(f"LibreOffice 无法转换“{path.name}”:文件可能已损坏,或不是它自称的格式。"
                        f"请在 Word 或 WPS 中打开并另存为 .{target} 后再试。")
    return out
