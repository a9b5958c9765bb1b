"""The documents rendered by LibreOffice: A4, nothing cut (every figure found by pdftotext), the
公示 one page per unit; and the document set's loader in Chinese."""

from __future__ import annotations

import re
import shutil
import subprocess

import docx
import pytest

from dianping_xlsx.definitions.documents import SpecError, load_document_set
from dianping_xlsx.report.documents import figures as fig

from .conftest import writer as soffice
from .test_documents import FILES, es, half_year  # noqa: F401 - the same half-year, built once here



def on_a4(sizes: str) -> bool:
    pages = [line for line in sizes.splitlines() if line.startswith("Page") and " size:" in line]
    return bool(pages) and all(line.endswith("(A4)") for line in pages)


def pdf(path, folder):
    subprocess.run([soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=180)
    target = folder / (path.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(target)], capture_output=True, text=True).stdout
    return info, text, sizes


needs_office = pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler are needed")


@needs_office
def test_circular_and_posting_print_on_a4_with_every_figure(half_year, tmp_path):  # noqa: F811
    out, result = half_year
    info, text, sizes = pdf(out / FILES[0], tmp_path)
    body = [line for line in text.splitlines() if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)]  # page numbers
    flat = "".join("".join(body).split())
    assert on_a4(sizes)
    for sheet in result.summary.by_category:
        for row in sheet.rows:
            for j in fig.shown_columns(sheet):
                assert fig.count(row.cells[j], sheet.kinds[j]) in flat
    for p in docx.Document(out / FILES[0]).paragraphs:  # every sentence whole on the page
        assert "".join(p.text.split()) in flat
    info, text, sizes = pdf(out / FILES[1], tmp_path)
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 1 + len(result.evaluations)  # the office, then one page per unit
    flat = "".join(text.split())
    for block in fig.evaluated_blocks(result.summary.evaluations):
        for row in block.rows:
            if row.first[1] == "":
                assert all(fig.percent(i.satisfied) in flat for i in row.items)


@needs_office
def test_ranking_prints_on_a4(half_year, tmp_path):  # noqa: F811
    out, _ = half_year
    info, text, sizes = pdf(out / FILES[2], tmp_path)
    assert on_a4(sizes)
    assert "并列" in text and "不满意占比超过20%" in text


@pytest.mark.parametrize("change, words", [
    (('title = "{period}群众评议', 'title = "{periode}群众评议'), "{periode} 不认识"),
    (("unsatisfied_line = 0.2", "unsatisfied_line = 20"), "0 到 1 之间"),
    (('[ranking]', '[ranking]\ncolour = "red"'), "不认识的键“colour”"),
    (('kind = "coverage"', 'kind = "chart"'), "kind 应为"),
])
def test_a_bad_document_set_is_refused_in_chinese(tmp_path, change, words):
    text = load_document_set("hunan-2011").source
    body = open(text, encoding="utf-8").read()
    assert change[0] in body
    path = tmp_path / "bad.toml"
    path.write_text(body.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(SpecError, match="文书定义文件") as caught:
        load_document_set(str(path))
    assert words in str(caught.value)


def test_a_notice_without_a_document_set_writes_no_documents(half_year, tmp_path):  # noqa: F811
    from dianping_xlsx.definitions.notices import load_notice

    out, _ = half_year
    source = open(load_notice("hunan-2011").source, encoding="utf-8").read()
    notice = tmp_path / "county-x.toml"
    notice.write_text(source.replace('id = "hunan-2011"', 'id = "county-x"'), encoding="utf-8")
    from .test_documents import ARGS, run

    res = run("merge", out.parent / "in", "-o", tmp_path / "o", *ARGS, "--notice", notice)
    assert res.exit_code in (0, 1), res.output
    assert (tmp_path / "o" / "汇总表_2011-H1.xlsx").is_file()
    assert not any((tmp_path / "o" / name).exists() for name in FILES)
