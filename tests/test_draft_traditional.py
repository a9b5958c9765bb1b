"""A notice printed in traditional characters drafts as its simplified form does: the same name,
number, due date, office above, forms, tables and rules, in simplified characters (the labels
units' files are matched against), the conversion said once in the draft's header."""

from __future__ import annotations

from pathlib import Path

from zhconv import convert

from dianping_xlsx import api

from .test_draft_docs import merged_table

TEXT = ["常州市司法局文件", "常司发〔2012〕6号", "关于对全系统基层党组织和党员",
        "开展创先争优活动情况进行群众评议的通知", "各辖市、区司法局,市局机关各处室,各行业党组织:",
        "评议时间从2012年2月初起至2012年3月15日之前完成。",
        "请各辖市区局、行业党组织于3月15日前将本单位、行业组织开展群众评议工作总结、统计表报市局政治部。",
        "二〇一二年二月二日"]
OPTIONS = ["满意", "比较满意", "基本满意", "不满意"]
CATEGORIES = ["市司法局机关", "律师事务所", "公证处", "合计"]
METRICS = ["党组织数(个)", "参加评议党组织数(个)", "党员数(人)", "参加评议党员数(人)",
           "满意(票)", "比较满意(票)", "基本满意(票)", "不满意(票)", "评议票数合计(票)"]
NOTES = ["注:①党组织数、党员数按评议时的实有数填写;",
         "②评议票数按收回的评议表统计,评议票数合计应等于满意、比较满意、基本满意、不满意四项之和。"]


def notice_docx(path: Path, traditional: bool = False, text: list[str] = TEXT, metrics: list[str] = METRICS,
                notes: list[str] = NOTES) -> Path:
    """The notice as the office types it, or as it is published in traditional characters
    (the same words through zhconv, zh-tw): text, 附件1 an evaluation form, 附件2 the table."""
    import docx

    t = (lambda s: convert(s, "zh-tw")) if traditional else (lambda s: s)
    doc = docx.Document()
    for line in text:
        doc.add_paragraph(t(line))
    doc.add_page_break()
    doc.add_paragraph(t("附件1"))
    doc.add_paragraph(t("党支部开展创先争优活动情况评议表"))
    doc.add_paragraph(t("党支部名称:\u3000\u3000\u3000时间:  年  月  日"))
    merged_table(doc, [[t(x) for x in ["评议项目", *OPTIONS]],
                       [t("组织开展创先争优活动情况"), "", "", "", ""],
                       [t("创先争优承诺践诺情况"), "", "", "", ""]])
    doc.add_paragraph(t("注:请在评议选项相应栏中打“√”。"))
    doc.add_page_break()
    doc.add_paragraph(t("附件2"))
    doc.add_paragraph(t("全市司法行政系统群众评议创先争优活动情况统计表"))
    doc.add_paragraph(t("填报单位(盖章):\u3000\u3000\u3000\u3000填报时间:"))
    merged_table(doc, [[t(x) for x in ["类别", *CATEGORIES]],
                       *[[t(m), *[""] * len(CATEGORIES)] for m in metrics]])
    for note in notes:
        doc.add_paragraph(t(note))
    doc.save(path)
    return path


def _drafted(draft):
    notice = api.load_notice(str(draft.notice))
    tables = [(t.key, t.title, t.blocks, t.separate_blocks, [(r.metric, r.rounds, r.base) for r in t.rows],
               t.notes, t.sums) for t in notice.tables.tables]
    return {"name": notice.name, "document": notice.document, "up": notice.up,
            "due": [(p.half, p.due) for p in notice.calendar.periods], "forms": draft.forms,
            "tables": tables, "rules": sorted(r.check for r in notice.tables.rules),
            "gaps": draft.gaps}


def _body(path: Path) -> list[str]:
    """A draft file without its header lines (which name the file read)."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# 草稿:")]


def test_a_traditional_notice_drafts_as_its_simplified_form(tmp_path):
    simple = api.draft_notice(notice_docx(tmp_path / "简体.docx", False), tmp_path / "s" / "n.toml")
    trad = api.draft_notice(notice_docx(tmp_path / "繁体.docx", True), tmp_path / "t" / "n.toml")
    mine, theirs = _drafted(trad), _drafted(simple)
    assert mine == theirs
    assert theirs["name"] == "关于对全系统基层党组织和党员开展创先争优活动情况进行群众评议的通知"
    assert (theirs["document"], theirs["up"], theirs["due"]) == ("常司发〔2012〕6号", "市局政治部", [("H1", (3, 15))])
    assert "参加评议党员数(人) <= 党员数(人)" in theirs["rules"]
    said = "通知是繁体字印的,已按简体字读出"
    assert said not in simple.text and said not in simple.tables_text
    assert trad.text.count(said) == 1 and trad.tables_text.count(said) == 1
    kept = [line for line in _body(trad.notice) if said not in line]
    assert kept == _body(simple.notice)
    assert [line for line in _body(trad.tables) if said not in line] == _body(simple.tables)


def test_a_sum_a_note_states_and_the_labels_show_is_drafted_not_missing(tmp_path):
    """注②: 评议票数合计应等于…四项之和, and the row 评议票数合计(票) below its parts: one
    [[tables.sums]] with those four parts, said as a guess, and no 待补 saying the note was not
    made a rule."""
    draft = api.draft_notice(notice_docx(tmp_path / "通知.docx"), tmp_path / "n.toml")
    sums = [s for t in api.load_notice(str(draft.notice)).tables.tables for s in t.sums if s.total == "评议票数合计(票)"]
    assert [s.parts for s in sums] == [("满意(票)", "比较满意(票)", "基本满意(票)", "不满意(票)")]
    assert not [g for g in draft.gaps if "四项之和" in g], draft.gaps
    assert "四项之和”,没有" not in draft.tables_text


def test_a_sum_only_a_note_states_is_drafted_from_it(tmp_path):
    """The row of all votes not named a total (收回评议票数): the note's words, after a clause of
    its own and ending 四项之和, are the rule."""
    metrics = [*METRICS[:-1], "收回评议票数(票)"]
    notes = ["注:评议票数按收回的评议表统计,收回评议票数应等于满意、比较满意、基本满意、不满意四项之和。"]
    draft = api.draft_notice(notice_docx(tmp_path / "通知.docx", metrics=metrics, notes=notes), tmp_path / "n.toml")
    sums = [s for t in api.load_notice(str(draft.notice)).tables.tables for s in t.sums if s.total == "收回评议票数(票)"]
    assert [s.parts for s in sums] == [("满意(票)", "比较满意(票)", "基本满意(票)", "不满意(票)")]
    assert not [g for g in draft.gaps if "四项之和" in g], draft.gaps


def test_a_notice_not_saying_where_results_go_leaves_the_office_above_to_fill_in(tmp_path):
    """No sentence sends the results to an office (报市局政治部): the draft marks 待补 over an empty
    ``up``, saying what to write, and the list of gaps (the command line's, the desk's) says it."""
    text = [line for line in TEXT if "前将" not in line]
    draft = api.draft_notice(notice_docx(tmp_path / "通知.docx", text=text), tmp_path / "n.toml")
    assert api.load_notice(str(draft.notice)).up == ""
    lines = draft.notice.read_text(encoding="utf-8").splitlines()
    at = lines.index('up = ""')
    assert lines[at - 1].startswith("# 待补:通知中没有读出汇总结果报送给哪个上级单位") and "请按通知补写上级单位的名称" in lines[at - 1]
    assert [g for g in draft.gaps if "没有读出汇总结果报送给哪个上级单位" in g and 'up = "' in g], draft.gaps
    # read from the notice: no such line
    said = api.draft_notice(notice_docx(tmp_path / "有上级.docx"), tmp_path / "s" / "n.toml")
    assert not [g for g in said.gaps if "上级单位" in g] and 'up = "市局政治部"' in said.notice.read_text(encoding="utf-8")
