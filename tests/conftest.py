from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from dianping_xlsx.definitions import load_table_set
from dianping_xlsx.testing import fill_template, h1_only, random_values
from dianping_xlsx.template.blank import write_template

# CI (CI=true, a clean clone): the property tests draw the same examples every run, so a red build
# is a change's doing, never a draw's; on a developer's machine they keep exploring (and a failure
# found there is kept in .hypothesis/ and becomes a test of its own).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ts():
    return load_table_set()


@pytest.fixture(scope="session")
def blank(ts, tmp_path_factory) -> Path:
    return write_template(ts, tmp_path_factory.mktemp("blank") / "blank.xlsx")


@pytest.fixture
def make_unit(ts, blank):
    """Fill our template for one unit; returns (path, values)."""

    def make(folder: Path, unit: str, seed: int, day=dt.date(2011, 6, 25), name=None, **changes):
        values = h1_only(ts, random_values(ts, seed))
        values.update(changes.get("values", {}))
        path = fill_template(ts, folder / (name or f"{unit}.xlsx"), unit, day, values, blank)
        return path, values

    return make


def tree_fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's bytes (hash) and modification time, to prove nothing changed."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def writer() -> str | None:
    """LibreOffice with its Writer (Word files: .doc read, .docx rendered), or None; Debian splits
    Writer into a package of its own, which a machine with Calc alone lacks."""
    found = soffice()
    debian = Path("/usr/lib/libreoffice/program")
    if found is not None and debian.is_dir() and not (debian / "libswlo.so").exists():
        return None
    return found


def sheet_rows(path_or_book, sheet: str, first: str = "序号") -> list[dict]:
    """The rows of a list sheet as dicts keyed by its header (the row starting with ``first``)."""
    import openpyxl

    wb = path_or_book if hasattr(path_or_book, "sheetnames") else openpyxl.load_workbook(path_or_book)
    if sheet in ("未报单位", "名册外单位") and sheet not in wb.sheetnames:
        return []  # written only when someone is on the list (an empty list printed an empty page)
    rows = list(wb[sheet].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == first)
    head = rows[top]
    return [dict(zip(head, r)) for r in rows[top + 1:] if any(v not in (None, "") for v in r)]


def status_of(path_or_book) -> dict[str, tuple[str, str, str]]:
    """报送情况 as {file: (unit, status, reason)}."""
    return {r["文件"]: (r["单位"], r["状态"], r["说明"]) for r in sheet_rows(path_or_book, "报送情况") if r["文件"]}


def docs_example() -> list[tuple[str, str]]:
    """The two definition files of docs/通知定义.md's example, as a clerk would save them."""
    text = (ROOT / "docs" / "通知定义.md").read_text(encoding="utf-8")
    return re.findall(r"```toml\n# (\S+)\n(.*?)```", text, re.S)
