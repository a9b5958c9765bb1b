"""A merge stopped between the renames of its outputs (killed, the power gone) leaves outputs of
two runs side by side: a note in the folder says so, mail send refuses them, and the next merge
into the same folder makes them one set again and removes the note."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.model import UNFINISHED

DAY = dt.date(2011, 6, 30)


class Killed(BaseException):
    """The process ending at a rename: nothing after it runs (no handler of ours catches it)."""


def _send(out):
    return CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@anhua.gov.cn"])


def test_a_merge_stopped_between_its_renames_is_told(make_unit, tmp_path, monkeypatch):
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总"
    make_unit(inbox, "东坪镇党委", seed=1)
    make_unit(inbox, "梅城镇党委", seed=2)
    api.write_summary(api.merge_inbox(inbox, period="2011-H1", jobs=1), out, day=DAY)
    assert not (out / UNFINISHED).exists() and _send(out).exit_code == 0
    make_unit(inbox, "平口镇党委", seed=3)  # a later run: other totals, nothing sent back
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    real = os.replace

    def killed_at_the_document(src, dst, *args, **kwargs):
        if str(dst).endswith(".docx") and not os.path.basename(dst).startswith(".tmp-"):
            raise Killed  # the summary, summary.csv and the upward workbook are this run's; the rest the last's
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", killed_at_the_document)
    with pytest.raises(Killed):
        api.write_summary(result, out, day=DAY)
    monkeypatch.setattr(os, "replace", real)
    note = (out / UNFINISHED).read_text(encoding="utf-8-sig")
    assert "中途停止" in note and "重新审核汇总" in note
    res = _send(out)
    assert res.exit_code == 1 and "不是同一次汇总写出的" in res.output and UNFINISHED in res.output, res.output
    api.write_summary(result, out, day=DAY)  # the clerk runs it again
    assert not (out / UNFINISHED).exists() and _send(out).exit_code == 0
