"""Printed pages, as LibreOffice prints them: pages per sheet (by the sheet name each page's header
carries) and words printed over other words (pdftotext's word boxes)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

from .conftest import soffice


def can_print() -> bool:
    return bool(soffice() and shutil.which("pdftotext") and shutil.which("pdfinfo"))


def to_pdf(path: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=600)
    return out / (path.stem + ".pdf")


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"Pages:\s+(\d+)", info)[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for p in range(1, total + 1)]


def pages_of(pdf: Path, marker: str) -> list[int]:
    """The pages (1-based) whose text holds ``marker`` (a sheet name in the header)."""
    return [i for i, text in enumerate(page_texts(pdf), start=1) if marker in text]


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def overlaps(pdf: Path, pages: list[int] | None = None) -> list[tuple[int, str, str]]:
    """Words printed over other words: boxes that share more than a third of the smaller one."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        if pages and number not in pages:
            continue
        words = [(float(a), float(b), float(c), float(d), unescape(w)) for a, b, c, d, w in _WORD.findall(page)]
        words.sort()
        for i, (x0, y0, x1, y1, w) in enumerate(words):
            for u0, v0, u1, v1, other in words[i + 1:]:
                if u0 >= x1:
                    break
                dx, dy = min(x1, u1) - max(x0, u0), min(y1, v1) - max(y0, v0)
                smaller = min((x1 - x0) * (y1 - y0), (u1 - u0) * (v1 - v0))
                if dx > 0 and dy > 0 and dx * dy > smaller / 3:
                    found.append((number, w, other))
    return found
