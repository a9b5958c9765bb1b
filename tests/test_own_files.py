"""Files of our own in an inbox are never a unit's report: every output merge writes (an earlier -o
inside the inbox, files renamed or moved), whatever -o wrote them."""

from __future__ import annotations

import datetime as dt
import shutil

import docx
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import load_item_set, load_table_set
from dianping_xlsx.model import UNFINISHED
from dianping_xlsx.report.outputs import mark_unfinished
from dianping_xlsx.template.forms import write_evaluation_templates
from dianping_xlsx.testing import fill_tally, fill_template, h1_only, random_values

from .conftest import status_of

ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30", "--due", "2011-06-28"]
UNITS = ["梅城镇党委", "东坪镇党委"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """Two units' tables and one unit's 评议汇总表 (so that 公示 and 评先评优 are written too)."""
    ts, es = load_table_set(), load_item_set("hunan-2011")
    root = tmp_path_factory.mktemp("own")
    folder, blanks = root / "收件箱", write_evaluation_templates(es, ts, root)
    for n, unit in enumerate(UNITS):
        fill_template(ts, folder / f"{unit}.xlsx", unit, dt.date(2011, 6, 25), h1_only(ts, random_values(ts, n + 3)))
    good = {item: [6, 2, 1, 1] for item in es.org.items}
    fill_tally(es, blanks[2], folder / "梅城镇评议.xlsx", "梅城镇党委", {"附件4": [("梅城村党支部", "农村", 10, good)]})
    return folder


def test_every_output_of_an_earlier_merge_left_in_the_inbox_is_ignored(inbox, tmp_path):
    """A first merge writes into a folder inside the inbox (the docs allow it); the clerk also
    copies the documents to the inbox's top under other names. A later merge with another -o
    reads none of them as a unit's file: 评先评优 was read as unit 评议表份数 and sent back."""
    work = tmp_path / "收件箱"
    shutil.copytree(inbox, work)
    first = run("merge", work, "-o", work / "上次汇总", *ARGS)
    assert first.exit_code == 0, first.output
    for name in ("评先评优_2011-H1.xlsx", "情况通报_2011-H1.docx", "summary.csv"):
        shutil.copy(work / "上次汇总" / name, work / f"副本{name}")  # renamed: known by its mark
    res = run("merge", work, "-o", tmp_path / "out", *ARGS)
    assert res.exit_code == 0, res.output  # complete: nothing sent back, nobody off the roster
    status = status_of(tmp_path / "out" / "汇总表_2011-H1.xlsx")
    ours = {name: row for name, row in status.items() if "上次汇总/" in name or name.startswith("副本")}
    assert len(ours) == 9, sorted(ours)  # the six outputs (no ledgers, nothing sent back) and three copies
    for name, (_, state, why) in ours.items():
        assert state == "已忽略" and "dianping merge" in why, (name, why)
    for name in ("上次汇总/评先评优_2011-H1.xlsx", "副本评先评优_2011-H1.xlsx"):
        assert "“评先评优”" in status[name][2]
    assert "“情况通报”" in status["副本情况通报_2011-H1.docx"][2] and "“公示”" in status["上次汇总/公示_2011-H1.docx"][2]
    assert "汇总数据" in status["副本summary.csv"][2]
    assert not (tmp_path / "out" / "退回").exists()


def test_a_units_word_file_and_csv_are_not_taken_for_ours(inbox, tmp_path):
    """Only our mark tells: a unit's .docx or .csv named like our outputs is what it always was."""
    work = tmp_path / "收件箱"
    shutil.copytree(inbox, work)
    doc = docx.Document()
    doc.add_paragraph("梅城镇党委情况通报")
    doc.save(work / "情况通报_2011-H1.docx")
    (work / "summary.csv").write_text("单位,人数\n梅城镇党委,3\n", encoding="utf-8-sig")
    res = run("merge", work, "-o", tmp_path / "out", *ARGS)
    status = status_of(tmp_path / "out" / "汇总表_2011-H1.xlsx")
    for name in ("情况通报_2011-H1.docx", "summary.csv"):
        assert status[name][1] == "已忽略" and "不是表格文件" in status[name][2], (name, status[name], res.output)


def test_temp_files_of_a_killed_run_in_the_inbox_are_never_a_units(inbox, tmp_path):
    """A merge killed before its renames leaves, in its output folder inside the inbox, .tmp-…
    copies of its outputs and the fresh 退回 folder (.tmp-…/ with 审核意见 files); a switch
    stopped midway leaves .tmp-old-退回-PID/. A later merge with another -o skips each with the
    reason: a stale 梅城镇党委_审核意见.xlsx superseded the unit's real report."""
    import os

    work = tmp_path / "收件箱"
    shutil.copytree(inbox, work)
    clean = run("merge", work, "-o", tmp_path / "clean", *ARGS)
    assert clean.exit_code == 0, clean.output
    left = work / "汇总"
    ts = load_table_set()
    for folder in (left / ".tmp-k2j3h4g5", left / ".tmp-old-退回-4242"):
        folder.mkdir(parents=True)
        stale = fill_template(ts, folder / "梅城镇党委_审核意见.xlsx", "梅城镇党委", dt.date(2011, 6, 29),
                              h1_only(ts, random_values(ts, 99)))
        os.utime(stale, (2e9, 2e9))  # written after the unit's report: it would supersede it
    shutil.copy(work / "东坪镇党委.xlsx", left / ".tmp-q1w2e3r4.xlsx")
    (left / ".tmp-z9y8x7w6.docx").write_bytes(b"PK\x03\x04half")
    mark_unfinished(left)  # the note a run stopped amid its renames leaves
    res = run("merge", work, "-o", tmp_path / "out", *ARGS)
    assert res.exit_code == 0, res.output
    status = status_of(tmp_path / "out" / "汇总表_2011-H1.xlsx")
    temps = {name: row for name, row in status.items() if "/.tmp-" in name}
    assert sorted(temps) == ["汇总/.tmp-k2j3h4g5", "汇总/.tmp-old-退回-4242", "汇总/.tmp-q1w2e3r4.xlsx",
                             "汇总/.tmp-z9y8x7w6.docx"]
    for name, (_, state, why) in temps.items():
        assert state == "已忽略" and "临时文件" in why, (name, why)
    assert status[f"汇总/{UNFINISHED}"][1] == "已忽略" and "dianping merge" in status[f"汇总/{UNFINISHED}"][2]
    assert status["梅城镇党委.xlsx"][1] == status["东坪镇党委.xlsx"][1] == "已采用"
    same = [(tmp_path / d / "summary.csv").read_bytes() for d in ("clean", "out")]
    assert same[0] == same[1]  # the totals of the units' own reports
