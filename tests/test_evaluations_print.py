"""The README sample's 群众评议汇总 prints readably: a form nobody sent is one line, not a block of
zeros with an empty chart; a chart stays clear of the columns repeated on every page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent


def test_the_sample_evaluations_sheet(tmp_path):
    subprocess.run([sys.executable, "-m", "dianping_xlsx", "merge", str(ROOT / "examples" / "2011-H1"), "-o",
                    str(tmp_path / "o"), "--period", "2011-H1"], capture_output=True, timeout=600)
    ws = openpyxl.load_workbook(tmp_path / "o" / "汇总表_2011-H1.xlsx")["群众评议汇总"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "本期没有单位报送这种评议表。" in texts  # 附件5: nobody sent one
    assert len(ws._charts) == 1  # 附件4's only
    assert ws._charts[0].anchor._from.col >= 2  # not in the repeated columns A:B
