"""The docs a newcomer navigates: a short README that links the rest, and a problem-code
reference generated from the catalogue, so that no code is ever undocumented."""

from __future__ import annotations

import re
from pathlib import Path

from dianping_xlsx.catalogue import CATALOGUE, REFERENCE_PATH, reference_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_the_problem_code_reference_is_the_catalogue():
    committed = (ROOT / REFERENCE_PATH).read_text(encoding="utf-8")
    assert committed == reference_markdown(), "run: python -m dianping_xlsx.catalogue"
    for code, kind in CATALOGUE.items():
        assert f"| `{code}` |" in committed and kind.advice in committed


def test_the_readme_is_short_and_every_link_leads_somewhere():
    readme = (ROOT / "README.md").read_bytes()
    assert len(readme) <= 8 * 1024, len(readme)
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks" / "README.md"]:
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if "://" not in target:
                assert (doc.parent / target).exists(), (doc.name, target)
    linked = re.findall(r"\]\(([^)]+)\)", readme.decode("utf-8"))
    assert {"docs/使用说明.md", "docs/问题代码.md", "docs/python库.md", "docs/engineering.md",
            "benchmarks/README.md"} <= set(linked)


def test_the_guide_names_no_folder_that_is_gone():
    """Renamed folders (spec/, mail/, report/files.py) are not sent for in the docs."""
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        assert "dianping_xlsx/spec/" not in text and "mail/outbox" not in text and "report/files" not in text, doc
