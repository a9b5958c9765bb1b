"""Opening submitted files: what kind of file it is, and its sheets as grids.

Workbooks (.xlsx, .xlsm, .xls, .ods) are read with python-calamine. Files that
are not submissions (lock files, documents, pictures) are ignored; files that
are spreadsheets but cannot be read are rejected with a problem code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import python_calamine

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
UNSUPPORTED_SPREADSHEETS = {".et", ".ett", ".numbers", ".xlsb", ".wps"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """A file that looks like a submission but cannot be read."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Grid:
    """One sheet: cell values as calamine gives them, at their true positions."""

    name: str
    rows: list[list]


def ignore_reason(path: Path) -> tuple[str, dict] | None:
    """Why a file in the inbox is not a submission at all, or None."""
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock."):
        return "file.lock", {}
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES or suffix in UNSUPPORTED_SPREADSHEETS:
        return None
    return "file.not-spreadsheet", {"suffix": suffix or "无扩展名"}


def load_grids(path: Path) -> list[Grid]:
    """All visible and hidden worksheets of a workbook, as grids.

    Raises ReadError for files that are empty, encrypted, corrupt or of a
    spreadsheet format we cannot read.
    """
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SPREADSHEETS:
        raise ReadError("file.unsupported", suffix=suffix)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise ReadError("file.empty")
    if head == OLE_MAGIC and _is_encrypted(path):
        raise ReadError("file.encrypted")
    if head[:4] != ZIP_MAGIC and head != OLE_MAGIC:
        raise ReadError("file.corrupt", detail="不是 Excel 或 WPS 保存的表格文件")
    try:
        wb = python_calamine.load_workbook(str(path))
        try:
            grids = []
            for meta in wb.sheets_metadata:
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheet = wb.get_sheet_by_name(meta.name)
                grids.append(Grid(meta.name, sheet.to_python(skip_empty_area=False)))
            return grids
        finally:
            wb.close()
    except python_calamine.PasswordError as exc:
        raise ReadError("file.encrypted") from exc
    except (python_calamine.CalamineError, ValueError, OSError, RuntimeError) as exc:
        raise ReadError("file.corrupt", detail=_short(exc)) from exc


def _is_encrypted(path: Path) -> bool:
    """An OLE file with encryption: an encrypted .xlsx, or an .xls with a password."""
    import msoffcrypto  # only for OLE files, which are few

    try:
        with open(path, "rb") as fh:
            return bool(msoffcrypto.OfficeFile(fh).is_encrypted())
    except Exception:  # noqa: BLE001 - a broken OLE file is reported as corrupt later
        return False


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
