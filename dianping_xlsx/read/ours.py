"""Files of our own found in an inbox (an output folder inside it, a run killed while writing):
never read as a unit's report. Merge's outputs say what they are (model.OUTPUT_PROPERTY, the
first line of summary.csv); a temp file or folder of ours has a name that starts with .tmp- (every
writer's mkstemp and mkdtemp, files.switch_folder's .tmp-old-…)."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..model import CSV_COLUMNS, OUTPUT_PROPERTY, SUMMARY_PERIOD_PROPERTY, SUMMARY_UNIT_PROPERTY, UNFINISHED
from ..settings import Limits
from .prescan import ZIP_MAGIC, Refused, prescan, read_bounded
from .scan_zip import custom_properties

TEMP_PREFIX = ".tmp-"
CSV_HEAD = codecs.BOM_UTF8 + ",".join(CSV_COLUMNS).encode() + b"\r\n"
CSV_WHAT = "汇总数据(CSV 文件)"
_MARKED = (".docx",)  # the Word documents merge writes; its workbooks are read by the workers


def is_temp(name: str) -> bool:
    return name.startswith(TEMP_PREFIX)


def temp_reason(path: Path, folders: tuple[str, ...] = ()) -> tuple[str, dict] | None:
    """A temp file or folder of ours (left by a run that was stopped), or a file in one (``folders``:
    the folders it is in), or None."""
    if not is_temp(path.name) and not any(map(is_temp, folders)):
        return None
    return "file.temp", {"what": "文件夹" if path.is_dir() and not path.is_symlink() else "文件"}


def output_reason(path: Path, limits: Limits) -> tuple[str, dict] | None:
    """summary.csv or a Word document merge wrote, by the mark it carries (never by its name
    alone: a unit's file may be called anything; the note of a stopped run by its own name), or None."""
    if path.name == UNFINISHED:
        return "file.own-output", {"what": UNFINISHED}
    suffix = path.suffix.lower()
    if suffix != ".csv" and suffix not in _MARKED:
        return None
    try:
        if suffix == ".csv":
            data, _ = read_bounded(path, len(CSV_HEAD))
            return ("file.own-output", {"what": CSV_WHAT}) if data == CSV_HEAD else None
        data, _ = read_bounded(path, int(limits.max_file_mb * 1024 * 1024) + 1)
    except Refused:
        return None  # said when it is looked at as what it is
    what = custom_properties(data).get(OUTPUT_PROPERTY) if data.startswith(ZIP_MAGIC) else None
    return ("file.own-output", {"what": what}) if what else None


SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


def summary_of(path: Path, limits: Limits) -> tuple[str, str] | None:
    """(office, period) of a summary or upward workbook merge wrote (a lower office's report, whatever
    its file is named: mail intake saves it as 0629-1000_安化县委创先办_上报_….xlsx), by the
    properties it carries; None for any other file (or one the pre-scan refuses: merge says why)."""
    if path.suffix.lower() not in SPREADSHEETS or path.is_symlink() or not path.is_file():
        return None
    try:
        props = prescan(path, limits).properties
    except (Refused, OSError):
        return None
    if SUMMARY_PERIOD_PROPERTY not in props:
        return None
    return props.get(SUMMARY_UNIT_PROPERTY, ""), props[SUMMARY_PERIOD_PROPERTY]
