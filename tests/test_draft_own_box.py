"""A notice typed in Word by an office that collects the units' tables in its own mailbox and sends
the summary up to an office with no mailbox (a tester's notice, end to end from the .docx)."""

from __future__ import annotations

from pathlib import Path

import docx

from dianping_xlsx import api

OWN_BOX = "taoxiang_sfj@163.com"
TEXT = ["桃司党发〔2026〕8号", "关于开展2026年“六访六点评”领导点评活动情况统计工作的通知",
        "局机关各支部、各下属单位党支部:",
        "一、统计内容。各支部按附表1至附表2如实填报党组织点评情况和党员点评情况。",
        "二、报送时间。请于6月25日前报送上半年情况,12月25日前报送下半年情况。局党组将于6月30日、12月30日前汇总报市委创先办。",
        f"三、报送方式。统计表电子版发送至局党建办电子邮箱 {OWN_BOX},纸质版盖章后报局党建办。联系人:李明。"]
CATEGORIES = ["局机关", "下属事业单位", "离退休干部", "合计"]


def _table(doc, marker: str, title: str, head: list[str], note: str) -> None:
    doc.add_paragraph(marker)
    doc.add_paragraph(title)
    rows = [head] + [[c] + [""] * (len(head) - 1) for c in CATEGORIES]
    grid = doc.add_table(rows=len(rows), cols=len(head))
    grid.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    doc.add_paragraph(note)


def notice_docx(path: Path, text: list[str] = TEXT) -> Path:
    doc = docx.Document()
    for line in text:
        doc.add_paragraph(line)
    _table(doc, "附表1", "党组织领导点评情况统计表", ["单位类型", "党组织数(个)", "已被点评党组织数(个)", "备注"],
           "注:已被点评党组织数不得超过党组织数。")
    _table(doc, "附表2", "党员领导点评情况统计表", ["单位类型", "党员数(人)", "已被点评党员数(人)", "点评覆盖率(%)", "备注"],
           "注:1.表中只统计人数,不统计人次。2.点评覆盖率=已被点评党员数÷党员数×100%。")
    doc.add_paragraph("中共桃乡市司法局党组")
    doc.add_paragraph("2026年5月20日")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def _draft(tmp_path, text: list[str] = TEXT):
    draft = api.draft_notice(notice_docx(tmp_path / "通知.docx", text), tmp_path / "def" / "n.toml")
    return draft, api.load_notice(str(draft.notice))


def test_a_check_read_twice_is_one_rule_with_both_reasons(tmp_path):
    """已被点评党员数 ≤ 党员数 follows from the rate's note and from the row's name: one rule, whose
    comment gives both reasons, so the template's 填表说明 states it once."""
    draft, notice = _draft(tmp_path)
    check = "已被点评党员数(人) <= 党员数(人)"
    assert draft.tables_text.count(f'check = "{check}"') == 1, draft.tables_text
    at = draft.tables_text.index(f'check = "{check}"')
    reasons = draft.tables_text[draft.tables_text.rindex("# 推断:", 0, at):at]
    assert "覆盖率不超过 100%" in reasons and "结尾" in reasons
    assert [r.check for r in notice.tables.rules].count(check) == 1


def test_the_mailbox_units_send_to_is_not_the_one_above(tmp_path):
    """发送至局党建办电子邮箱 is where the branches send (the office's own box); the summary goes to
    市委创先办, whose mailbox the notice does not give: up_email is left to fill in, saying why."""
    draft, notice = _draft(tmp_path)
    assert (notice.up, notice.up_email) == ("市委创先办", "")
    assert "up_email" not in [line.split(" ")[0] for line in draft.text.splitlines()]
    assert any(OWN_BOX in g and "不是上级的邮箱" in g for g in draft.gaps), draft.gaps


def test_a_mailbox_the_summary_is_sent_to_is_the_one_above(tmp_path):
    text = [*TEXT[:4], TEXT[4].replace("汇总报市委创先办", "汇总报市委创先办电子邮箱 sw_cxb@163.com"), *TEXT[5:]]
    _, notice = _draft(tmp_path, text)
    assert (notice.up, notice.up_email) == ("市委创先办", "sw_cxb@163.com")
