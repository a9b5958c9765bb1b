"""Issue 33, "Two wrong results": a unit's values go back as they came; files saved at the same
moment are ordered by what they say, and a tie that is still a tie is said."""

from __future__ import annotations

import datetime as dt
import io
import os

import openpyxl
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.api import merge_inbox
from dianping_xlsx.manifest import SAVED, MessageRecord, Saved, append_record
from dianping_xlsx.model import ACCEPTED, SUPERSEDED, Period

H1 = Period.parse("2011-H1")
ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_return_file_gives_back_each_value_as_the_unit_typed_it(make_unit, tmp_path, ts):
    inbox = tmp_path / "in"
    first = ts.tables[0]
    typed = {
        Key("附件3", "农村", "已被群众评议党员数", ""): -5,      # a number: stays the number -5
        Key("附件2", "农村", "党组织数", ""): "-5",              # text: stays the text
        Key(first.key, first.categories[0], first.base_row.metric, ""): 2.5,  # a fraction: the number 2.5
    }
    make_unit(inbox, "县公安局党委", 2, values=typed)
    out = tmp_path / "out"
    assert run("merge", inbox, "-o", out, *ARGS).exit_code == 1
    path = out / "退回" / "县公安局党委_审核意见.xlsx"
    wb = openpyxl.load_workbook(path)
    got = {(s, c): wb[s][c].value for s, c in (("附件3", "C8"), ("附件2", "C5"), (first.key, "C5"))}
    assert got == {("附件3", "C8"): -5, ("附件2", "C5"): "-5", (first.key, "C5"): 2.5}
    assert type(got[("附件3", "C8")]) is int
    assert "负数" in wb["附件3"]["C8"].comment.text
    # read back, the return file says of each what the unit's own file said
    original = check_workbook(inbox / "县公安局党委.xlsx", ts, H1)
    back = check_workbook(path, ts, H1)
    assert [(p.code, p.message) for p in back.problems if p.severity == "error"] == [
        (p.code, p.message) for p in original.problems if p.severity == "error"]


# -- which of a unit's files stands for it ------------------------------------

def _saved_together(*paths, when=1_309_400_000):
    """Files saved from one mail in one go: one modification time (a mail client, an unzip)."""
    for p in paths:
        os.utime(p, (when, when))


def _statuses(inbox):
    result = merge_inbox(inbox, period="2011-H1", jobs=1)
    return ({e.name: e.status for e in result.entries if e.status != "ignored"},
            {e.name: [(p.code, p.message) for p in e.problems if p.code.startswith("unit.")] for e in result.entries})


def test_a_correction_saved_at_the_same_moment_is_taken_by_its_name(make_unit, tmp_path):
    inbox = tmp_path / "in"
    a, _ = make_unit(inbox, "县中国银行党委", 1, name="县中国银行党委-统计表.xlsx")
    b, _ = make_unit(inbox, "县中国银行党委", 2, name="县中国银行党委-更正.xlsx")
    _saved_together(a, b)
    status, notes = _statuses(inbox)
    assert status == {"县中国银行党委-更正.xlsx": ACCEPTED, "县中国银行党委-统计表.xlsx": SUPERSEDED}
    assert notes["县中国银行党委-更正.xlsx"] == []
    assert notes["县中国银行党委-统计表.xlsx"] == [
        ("unit.superseded", "同一单位报送了多份文件,已采用较新的“县中国银行党委-更正.xlsx”,本文件不计入汇总。")]


def test_at_the_same_moment_the_later_date_decides_before_the_name(make_unit, tmp_path):
    inbox = tmp_path / "in"
    a, _ = make_unit(inbox, "县中国银行党委", 1, day=dt.date(2011, 6, 27), name="县中国银行党委-统计表.xlsx")
    b, _ = make_unit(inbox, "县中国银行党委", 2, day=dt.date(2011, 6, 20), name="县中国银行党委-更正.xlsx")
    _saved_together(a, b)
    status, _ = _statuses(inbox)
    assert status["县中国银行党委-统计表.xlsx"] == ACCEPTED


def _mail(inbox, received, *names):
    append_record(inbox, MessageRecord(
        key=received, message_id=f"<{received}@qq.com>", sender="zgyh@qq.com", sender_name="县中国银行党委",
        received=received, subject="统计表", source="imap",
        attachments=[Saved(name=n, status=SAVED, file=n) for n in names]))


def test_between_files_by_mail_the_one_received_later_stands(make_unit, tmp_path):
    inbox = tmp_path / "in"
    a, _ = make_unit(inbox, "县中国银行党委", 1, name="县中国银行党委-更正.xlsx")
    b, _ = make_unit(inbox, "县中国银行党委", 2, name="县中国银行党委-统计表.xlsx")
    _saved_together(a, b)
    _mail(inbox, "2011-06-26T09:00:00+08:00", a.name)
    _mail(inbox, "2011-06-27T16:30:00+08:00", b.name)
    status, notes = _statuses(inbox)
    assert status == {"县中国银行党委-统计表.xlsx": ACCEPTED, "县中国银行党委-更正.xlsx": SUPERSEDED}
    assert notes["县中国银行党委-统计表.xlsx"] == []


def test_a_tie_that_is_still_a_tie_is_said(make_unit, tmp_path):
    inbox = tmp_path / "in"
    a, _ = make_unit(inbox, "县中国银行党委", 1, name="县中国银行党委-报表.xlsx")
    b, _ = make_unit(inbox, "县中国银行党委", 2, name="县中国银行党委-统计表.xlsx")
    _saved_together(a, b)
    _mail(inbox, "2011-06-26T09:00:00+08:00", a.name, b.name)  # one mail, two attachments
    status, notes = _statuses(inbox)
    assert status == {"县中国银行党委-统计表.xlsx": ACCEPTED, "县中国银行党委-报表.xlsx": SUPERSEDED}
    assert notes["县中国银行党委-统计表.xlsx"] == [(
        "unit.tie", "同一单位的本文件与“县中国银行党委-报表.xlsx”收到时间、填报时间相同,文件名也看不出哪个是更正后的,"
        "无法判断哪个较新;已采用本文件。")]
    assert notes["县中国银行党委-报表.xlsx"] == [(
        "unit.superseded-tie", "同一单位的本文件与“县中国银行党委-统计表.xlsx”收到时间、填报时间相同,无法判断哪个较新;"
        "已采用“县中国银行党委-统计表.xlsx”,本文件不计入汇总。")]


def test_files_saved_seconds_apart_by_hand_are_ordered_by_time(make_unit, tmp_path):
    inbox = tmp_path / "in"
    a, _ = make_unit(inbox, "县中国银行党委", 1, name="县中国银行党委-更正.xlsx")
    b, _ = make_unit(inbox, "县中国银行党委", 2, name="县中国银行党委-统计表.xlsx")
    _saved_together(a)
    _saved_together(b, when=1_309_400_000 + 60)  # a minute later: the newer one
    status, notes = _statuses(inbox)
    assert status["县中国银行党委-统计表.xlsx"] == ACCEPTED and notes["县中国银行党委-统计表.xlsx"] == []


def _protect(path, password="1234"):
    """The file as a unit's Excel saves it with a password to open."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = path.read_bytes()
    with open(path, "wb") as out:
        OOXMLFile(io.BytesIO(plain)).encrypt(password, out)


def test_a_later_correction_that_cannot_be_opened_is_returned_and_the_older_file_not_summed(make_unit, tmp_path):
    inbox = tmp_path / "in"
    old_x, _ = make_unit(inbox, "小淹镇党委", 1, day=dt.date(2011, 6, 25))
    new_x, _ = make_unit(inbox, "小淹镇党委", 2, day=dt.date(2011, 6, 28), name="小淹镇党委(更正).xlsx")
    _protect(new_x)
    old_j, _ = make_unit(inbox, "江南镇党委", 3, day=dt.date(2011, 6, 25))
    new_j, _ = make_unit(inbox, "江南镇党委", 4, day=dt.date(2011, 6, 28), name="江南镇党委(更正).xlsx")
    new_j.write_bytes(new_j.read_bytes()[:30000])  # cut short in the mail
    _saved_together(old_x, old_j)
    _saved_together(new_x, new_j, when=1_309_400_000 + 3 * 86400)
    res = run("merge", inbox, "-o", tmp_path / "out", *ARGS)
    assert res.exit_code == 1 and "结论:汇总尚不完整(退回 2 个文件)" in res.output
    assert "小淹镇党委(更正).xlsx" in res.output and "江南镇党委(更正).xlsx" in res.output
    status, notes = _statuses(inbox)
    assert status == {"小淹镇党委(更正).xlsx": "rejected", "小淹镇党委.xlsx": SUPERSEDED,
                      "江南镇党委(更正).xlsx": "rejected", "江南镇党委.xlsx": SUPERSEDED}
    assert notes["小淹镇党委.xlsx"] == [(
        "unit.superseded-returned", "同一单位后来又报送了“小淹镇党委(更正).xlsx”,该文件无法打开,已退回;"
        "本文件是较早的报送,也不计入汇总(后报的文件一般是更正,旧数字不再上报)。请单位把“小淹镇党委(更正).xlsx”改好后重新发送。")]


def test_an_older_file_that_cannot_be_opened_says_so_when_superseded(make_unit, tmp_path):
    inbox = tmp_path / "in"
    old, _ = make_unit(inbox, "小淹镇党委", 1, name="小淹镇党委(旧).xlsx")
    _protect(old)
    new, _ = make_unit(inbox, "小淹镇党委", 2)
    _saved_together(old)
    _saved_together(new, when=1_309_400_000 + 86400)
    status, notes = _statuses(inbox)
    assert status == {"小淹镇党委.xlsx": ACCEPTED, "小淹镇党委(旧).xlsx": SUPERSEDED}
    assert [code for code, _ in notes["小淹镇党委(旧).xlsx"]] == ["unit.superseded-unreadable"]


def test_an_unreadable_date_neither_wins_nor_loses_the_later_correction_stands(make_unit, tmp_path):
    inbox = tmp_path / "in"
    old, _ = make_unit(inbox, "小淹镇党委", 1, day=dt.date(2011, 6, 25))
    new, _ = make_unit(inbox, "小淹镇党委", 2, day="六月底", name="小淹镇党委(更正).xlsx")
    _saved_together(old)
    _saved_together(new, when=1_309_400_000 + 3 * 86400)
    status, notes = _statuses(inbox)
    assert status == {"小淹镇党委(更正).xlsx": ACCEPTED, "小淹镇党委.xlsx": SUPERSEDED}
    assert notes["小淹镇党委(更正).xlsx"] == []


def test_the_same_file_saved_twice_is_one_file_not_a_tie(make_unit, tmp_path):
    import shutil

    inbox = tmp_path / "in"
    first, _ = make_unit(inbox, "江南镇党委", 1)
    copy = shutil.copy(first, inbox / "江南镇党委(1).xlsx")  # saved a second time from the same mail
    _saved_together(first, copy)
    status, notes = _statuses(inbox)
    assert status == {"江南镇党委.xlsx": ACCEPTED, "江南镇党委(1).xlsx": SUPERSEDED}
    assert notes["江南镇党委.xlsx"] == []  # no unit.tie: there is nothing to check with the unit
    assert notes["江南镇党委(1).xlsx"] == [(
        "unit.same-file", "本文件与“江南镇党委.xlsx”完全相同(同一个文件报送或保存了两次),按一份处理,"
        "以“江南镇党委.xlsx”为准,本文件不重复计入。")]


# -- the 审核意见 sheet: what to act on per cell, notes counted ---------------------------------


def test_notes_are_one_line_per_kind_and_the_opinions_print_with_page_numbers(make_unit, tmp_path, ts):
    from dianping_xlsx.problems import Problem
    from dianping_xlsx.report.returns import _opinion_lines

    notes = [Problem("ledger.repeat-person", sheet="领导点评全程记实台账", cell=f"E{r}",
                     params={"ledger": "台账", "row": r, "person": f"张{r}", "round": "第一次", "n": 2, "rows": "3、4"})
             for r in range(5, 68)]
    error = Problem("value.negative", sheet="附件2", cell="C5", params={"text": "-1", "label": "党组织数"})
    lines = [(p.severity, here, there, message) for p, here, there, message in _opinion_lines([*notes, error], {})]
    assert lines == [
        ("error", "", "附件2!C5", error.message),
        ("info", "", "领导点评全程记实台账!E5:E67", f"共 63 处。例:{notes[0].message}"),
    ]
    # a return file's 审核意见: headings on every page, 第 N 页 in the footer
    inbox = tmp_path / "in"
    make_unit(inbox, "县公安局党委", 2, values={Key("附件2", "农村", "党组织数", ""): -1})
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *ARGS)
    ws = openpyxl.load_workbook(out / "退回" / "县公安局党委_审核意见.xlsx")["审核意见"]
    assert ws.print_title_rows == "$5:$5" and "&P" in ws.oddFooter.center.text
    assert [r[:4] for r in ws.iter_rows(min_row=5, values_only=True)] == [
        ("序号", "级别", "本文件中的位置", "原文件中的位置"), (1, "错误", "附件2!C5", "附件2!C5")]
