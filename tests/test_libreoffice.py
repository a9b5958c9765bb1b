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
