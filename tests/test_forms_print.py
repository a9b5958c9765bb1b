"""The evaluation forms and the tally as the notice prints them (issue 33): no 填报单位 line the
notice's 附件4/5 do not have (a unit's name, when known, below what prints), room to write the
date between 年 / 月 / 日, and option headings that never break mid-word (比较满/意)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import openpyxl
import pytest

from dianping_xlsx.definitions import load_item_set, load_table_set
from dianping_xlsx.template.forms import write_evaluation_templates
from dianping_xlsx.text import display_width

from .conftest import soffice
from .printcheck import page_texts, to_pdf

pytestmark = pytest.mark.skipif(not soffice() or not shutil.which("pdftotext"), reason="needs LibreOffice and poppler")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The forms and the tally of a unit (its name given), and their pages as LibreOffice prints them."""
    folder = tmp_path_factory.mktemp("forms")
    paths = write_evaluation_templates(load_item_set(), load_table_set(), folder, "梅城镇党委")
    return {p.stem: (p, page_texts(to_pdf(p, folder / "pdf"))) for p in paths}


def test_the_forms_print_what_the_notice_prints(printed):
    es = load_item_set()
    for form in es.forms:
        path, pages = printed[f"群众评议表_{form.key}"]
        assert len(pages) == 1
        assert "填报单位" not in pages[0] and "盖章" not in pages[0] and "梅城镇党委" not in pages[0]
        assert form.name_label in pages[0] and form.title in pages[0]
        ws = openpyxl.load_workbook(path).worksheets[0]
        last = int(re.search(r"(\d+)$", ws.print_area)[1])
        below = {ws.cell(r, c).value for r in range(last + 1, ws.max_row + 1) for c in (1, 2)}
        assert {"填报单位:", "梅城镇党委"} <= below  # what tells the summary who sent them, not printed


def test_room_to_write_the_date(printed):
    """Between 时间: and 年, 年 and 月, 月 and 日 at least 8 mm of paper (was one space: "时间:  年  月  日")."""
    es = load_item_set()
    for form in es.forms:
        path, _ = printed[f"群众评议表_{form.key}"]
        words = _words(path.parent / "pdf" / f"{path.stem}.pdf")
        parts = form.date_label.split()  # 时间: / 年 / 月 / 日
        boxes = [next(w for w in words if w[2] == part) for part in parts]
        gaps = [b[0] - a[1] for a, b in zip(boxes, boxes[1:])]
        assert min(gaps) >= 8 / 25.4 * 72, (form.key, gaps)


def _words(pdf) -> list[tuple[float, float, str]]:
    """(left, right, text) of each word of the first page, in points (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [(float(a), float(b), unescape(w)) for a, b, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', html)]


def test_option_headings_break_between_words(printed):
    es = load_item_set()
    long = [o for o in es.options if len(o) > 3]
    assert long  # 比较满意, 基本满意
    for name in ("群众评议表_附件4", "群众评议表_附件5", es.tally_title):
        path, pages = printed[name]
        text = "\n".join(pages)
        for option in long:
            half = len(option) // 2
            # whole, or in two halves on two lines: never three characters and one
            assert option[:half + 1] not in text.replace(option, "") and option[half:] in text, (name, option)
        ws = openpyxl.load_workbook(path).worksheets[0]
        headings = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)
                    and c.value.replace("\n", "") in es.options]
        for cell in headings:  # each line of the heading fits its column's width
            width = next(d.width for d in ws.column_dimensions.values() if d.min <= cell.column <= d.max)
            assert max(display_width(line) for line in cell.value.split("\n")) + 2 <= width + 0.01, (name, cell.value)
