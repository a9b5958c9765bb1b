"""Opening submitted files: what kind of file it is, and its sheets as grids.

Every file is pre-scanned first (``prescan.py``); only then does
python-calamine read it, from the bytes the scan already holds, choosing the
format by content, not by extension (an .xls renamed .xlsx still reads).
Files that are not submissions (lock files, documents, pictures) are ignored.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import python_calamine

from ..model import SELF_CHECK_TITLE, self_check_sheet
from ..text import clean_text, normalise, reason_zh
from .kinds import SHORTCUT, file_head, system_file, workbook_in
from .otherfiles import ask_for, other_file
from .prescan import DEFAULT_LIMITS, Limits, Refused, prescan

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# Formats not read, unless the bytes are a workbook after all (WPS's .ett holding an .xlsx): named as said
UNSUPPORTED_SPREADSHEETS = {".et", ".ett", ".numbers", ".xlsb", ".wps", ".fods"}
_FORMAT_NAMES = {".fods": ".fods(平面 XML 格式的 OpenDocument 表格)", ".xlsb": ".xlsb(Excel 二进制工作簿)",
                 ".numbers": ".numbers(苹果电脑的 Numbers 表格)"}
ARCHIVE_SUFFIXES = {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}  # never unpacked by merge
ReadError = Refused  # a file that looks like a submission but cannot be read
# What an office suite leaves beside a workbook it has open: Excel's and WPS's owner file (~$X.xlsx),
# LibreOffice's lock file (.~lock.X.xlsx#). Never a report: merge ignores them, mail intake never saves one.
LOCK_PREFIXES = ("~$", ".~lock.")
# The same under the name mail intake gives a saved attachment (intake/store.py: received MMDD-HHMM or
# 无日期, the sender, the attachment's name), as an inbox holds them from before intake refused them
_MAIL_SAVED_LOCK = re.compile(r"(?:\d{4}-\d{4}|无日期)_.*?_(?:" + "|".join(map(re.escape, LOCK_PREFIXES)) + ")")


def _self_check(rows: list[list]) -> bool:
    """A sheet of the template's self-check (template/selfcheck.py) renamed, or copied into another
    workbook, by its first line (by name, model.self_check_sheet, before it is even read)."""
    first = rows[0][0] if rows and rows[0] else ""
    return isinstance(first, str) and first.startswith(SELF_CHECK_TITLE + ":")


@dataclass
class Grid:
    """One sheet: cell values as calamine gives them, at their true positions."""

    name: str
    rows: list[list]
    flagged: dict[str, str] = field(default_factory=dict)  # A1 -> an error's text ("#DIV/0!"; "error") | "=2+3" | "formula" (Scan.flagged)
    very_hidden: bool = False  # hidden so that Excel's 取消隐藏 does not show it
    hidden: bool = False  # hidden (取消隐藏 shows it)
    # merged ranges ((first row, first column), (last row, last column)), 0-based, as calamine
    # gives them (.xlsx, .xls; an .ods has none here): the value stands in the first cell only
    merges: tuple = ()

    @cached_property
    def norm(self) -> list[list[str]]:
        """Every cell's text in its comparable form ("" for numbers and blanks)."""
        norm, texts = [], []
        for r, row in enumerate(self.rows):  # one pass makes both (texts below)
            out = [""] * len(row)
            for c, v in enumerate(row):
                if v and isinstance(v, str):
                    text = out[c] = normalise(v)
                    if text:
                        texts.append((r, c, text))
            norm.append(out)
        self.__dict__["texts"] = texts
        return norm

    @cached_property
    def texts(self) -> list[tuple[int, int, str]]:
        """(row, column, comparable text) of the cells that hold text, in reading order: labels
        are looked for here, not among the numbers and blanks."""
        self.norm  # noqa: B018 - makes both
        return self.__dict__["texts"]

    @cached_property
    def words(self) -> list[str]:
        """The comparable texts alone, in reading order (a sheet passed over by its words): of
        texts when made, else without their places (a sheet located from the memo has none)."""
        if "texts" in self.__dict__:
            return [text for _, _, text in self.texts]
        return list(filter(None, map(normalise, [v for row in self.rows for v in row if v and isinstance(v, str)])))

    @cached_property
    def word_set(self) -> frozenset[str]:
        """The comparable texts as a set (what a sheet is passed over by, evaluations.py and
        ledgers.py): its words', unless locating it from the layout memo made it already."""
        return frozenset(self.words)


class Grids(list):
    """The worksheets of a workbook, with the document properties the pre-scan found and when
    the file was last written."""

    properties: dict[str, str] = {}
    mtime: float | None = None
    date1904: bool = False  # its serial numbers count days from 1904 (a bare number taken as a date)


def _max_bytes(limits: Limits) -> int:
    return int(limits.max_file_mb * 1024 * 1024)


def lock_file(name: str) -> bool:
    """Whether a file of this name is a lock file an office suite left (LOCK_PREFIXES)."""
    return name.startswith(LOCK_PREFIXES)


def leftover_reason(path: Path, folders: tuple[str, ...] = ()) -> tuple[str, dict] | None:
    """Why a file is what an office suite or the operating system leaves beside a unit's file (an
    owner file ~$X.xlsx, a Mac's ._X.xlsx, Thumbs.db), never a unit's; None when it is none."""
    if lock_file(path.name) or _MAIL_SAVED_LOCK.match(path.name):
        return "file.lock", {}
    system = system_file(path.name, folders, file_head(path) if path.name.startswith("._") else b"")
    return ("file.system", {"what": system}) if system else None


def ignore_reason(path: Path, folders: tuple[str, ...] = (), limits: Limits = DEFAULT_LIMITS) -> tuple[str, dict] | None:
    """Why a file in the inbox is not a submission at all, or None (``folders``: the inbox's folders
    it is in). A system file (read/kinds.py) is never read; a workbook is read whatever its name."""
    leftover = leftover_reason(path, folders)
    if leftover is not None:
        return leftover
    suffix = path.suffix.lower()
    if suffix == ".lnk":
        return "file.not-regular", {"what": SHORTCUT}
    if suffix in SPREADSHEET_SUFFIXES or suffix in UNSUPPORTED_SPREADSHEETS:
        return None
    if workbook_in(path, _max_bytes(limits)):  # 统计表 without an extension, an .xltx, a .dat
        return None
    if suffix in ARCHIVE_SUFFIXES:
        return "file.archive", {"suffix": suffix}
    return "file.not-spreadsheet", {"suffix": suffix or "无扩展名", "ask": ask_for(path.name),
                                    "own": other_file(path.name).own}


def load_grids(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """All worksheets of a workbook, as grids. Raises ReadError (Refused) with a code."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SPREADSHEETS and not workbook_in(path, _max_bytes(limits)):
        raise ReadError("file.unsupported", suffix=_FORMAT_NAMES.get(suffix, suffix))
    scan = prescan(path, limits)
    try:
        wb = python_calamine.load_workbook(io.BytesIO(scan.reader or scan.data))
        try:
            grids = Grids()
            grids.properties, grids.mtime, grids.date1904 = scan.properties, scan.mtime, scan.date1904
            for meta in wb.sheets_metadata:
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                if self_check_sheet(meta.name):
                    continue
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                if _self_check(rows):
                    continue
                very = meta.visible == python_calamine.SheetVisibleEnum.VeryHidden
                hidden = meta.visible == python_calamine.SheetVisibleEnum.Hidden
                grids.append(Grid(meta.name, rows, scan.flagged.get(meta.name, {}), very, hidden,
                                  tuple(sheet.merged_cell_ranges or ())))
            return grids
        finally:
            wb.close()
    except python_calamine.PasswordError as exc:
        raise ReadError("file.encrypted") from exc
    except python_calamine.WorksheetNotFound as exc:  # its text: the sheet's name
        raise ReadError("file.corrupt", detail=f"缺少工作表“{clean_text(str(exc), 31)}”的内容") from exc
    except (python_calamine.CalamineError, ValueError, OSError, RuntimeError, TypeError) as exc:
        raise ReadError("file.corrupt", detail=reason_zh(exc)) from exc
