"""Round trip through a real office suite: fill, re-save with LibreOffice, merge, same numbers."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.testing import Handmade, h1_only, random_values, write_handmade
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period

from .conftest import soffice

SOFFICE = soffice()
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}


def resave(sources, fmt, outdir, profile):
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         FILTERS[fmt], "--outdir", str(outdir), *map(str, sources)],
        check=True, capture_output=True, timeout=240,
    )
    return sorted(outdir.glob(f"*.{fmt}"))


@pytest.fixture(scope="module")
def resaved(tmp_path_factory, ts, blank):
    """Two units (our template, a hand-made layout), re-saved as .xlsx, .xls and .ods."""
    from dianping_xlsx.testing import fill_template

    root = tmp_path_factory.mktemp("lo")
    src = root / "src"
    v1 = h1_only(ts, random_values(ts, 71))
    v2 = h1_only(ts, random_values(ts, 72))
    fill_template(ts, src / "unit_a.xlsx", "东坪镇党委", "2011-06-25", v1, blank)
    write_handmade(ts, src / "unit_b.xlsx", "梅城镇党委", "2011年6月26日", v2,
                   Handmade(one_sheet=True, row_offset=1, traditional=True))
    files = {fmt: resave(sorted(src.iterdir()), fmt, root / fmt, root / "profile") for fmt in FILTERS}
    return {"东坪镇党委": v1, "梅城镇党委": v2}, files


@pytest.mark.parametrize("fmt", list(FILTERS))
def test_values_come_back_exactly(resaved, ts, fmt):
    values, files = resaved
    assert len(files[fmt]) == 2
    for path in files[fmt]:
        sub = check_workbook(path, ts, Period.parse("2011-H1"))
        assert sub.ok, [p.to_dict() for p in sub.problems]
        assert sub.values == values[sub.unit]


@pytest.mark.parametrize("fmt", list(FILTERS))
def test_merge_of_resaved_files(resaved, ts, fmt, tmp_path):
    values, files = resaved
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(files[fmt][0].parent), "-o", str(out),
                                    "--period", "2011-H1", "--date", "2011-06-30"])
    assert res.exit_code == 0, res.output
    rows = csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))
    totals = {(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
              for r in rows if r["unit"] == "合计"}
    assert totals == {k: values["东坪镇党委"][k] + values["梅城镇党委"][k] for k in ts.keys}


def test_ledgers_resaved_as_xls_and_ods_are_found_and_checked_alike(tmp_path, ts):
    """A unit's two ledgers (our templates, filled, with their faults) re-saved by LibreOffice as
    .xls and .ods: found by their labels, every problem at the same cell, the same records."""
    from dianping_xlsx.problems import flatten
    from dianping_xlsx.template.ledgers import write_ledger_templates
    from dianping_xlsx.definitions import load_ledger_set

    from .test_ledgers import APPRAISALS, COMMITMENTS, _fill_template

    ls = load_ledger_set()
    h1 = Period.parse("2011-H1")
    appraisal, commitment = write_ledger_templates(ls, ts, tmp_path / "xlsx", "梅城镇党委")
    _fill_template(appraisal, APPRAISALS)
    _fill_template(commitment, COMMITMENTS)
    originals = {p.stem: check_workbook(p, ts, h1, ledgers=ls) for p in (appraisal, commitment)}
    assert {k: s.ledger_rows for k, s in originals.items()} == {appraisal.stem: {"appraisal": 6},
                                                                commitment.stem: {"commitment": 3}}
    for fmt in ("xls", "ods"):
        paths = resave([appraisal, commitment], fmt, tmp_path / fmt, tmp_path / "profile")
        assert [p.stem for p in paths] == sorted([appraisal.stem, commitment.stem])
        for path in paths:
            sub = check_workbook(path, ts, h1, ledgers=ls)
            original = originals[path.stem]
            assert sub.ledger_rows == original.ledger_rows, (fmt, path.name)
            assert flatten(sub.problems) == flatten(original.problems), (fmt, path.name)
            assert sub.ledger_records == original.ledger_records, (fmt, path.name)  # as merge keeps them
    codes = {p[0] for s in originals.values() for p in flatten(s.problems)}
    assert {"ledger.repeat-person", "ledger.missing-field", "ledger.unknown-value", "ledger.overdue",
            "ledger.fulfilled-after"} <= codes  # the faults are there to be found in every format
