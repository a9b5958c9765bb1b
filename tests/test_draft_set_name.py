"""A notice of several tables titled apart (甲情况统计表, 乙情况统计表): the table set is named for
them all, from the notice's title when it was read, else from what all the titles say, flagged
# 推断; a notice read from its blank workbook alone is named in words, never by its id."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from dianping_xlsx import api

from .test_draft_docs import add_stat_table

TITLE = "关于开展2022年领导点评和公开承诺情况统计工作的通知"
TABLES = [("附表1", "领导点评情况统计表", [["机关党支部", "内设机构党支部"]], [("党组织数(个)", False), ("已点评党组织数(个)", False)]),
          ("附表2", "公开承诺情况统计表", [["村党支部", "机关党组织"]], [("承诺事项数(项)", False), ("已践诺事项数(项)", False)])]


def _docx(path: Path) -> Path:
    import docx

    doc = docx.Document()
    for line in ("某司党发〔2022〕3号", TITLE, "各基层党组织:", "请于6月25日前报送附表1、附表2。"):
        doc.add_paragraph(line)
    for key, title, blocks, metrics in TABLES:
        doc.add_page_break()
        add_stat_table(doc, key, title, blocks, metrics, [])
    doc.save(path)
    return path


def _workbook(path: Path) -> Path:
    """The same tables as the notice's blank workbook: one sheet each, no notice text."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for key, title, blocks, metrics in TABLES:
        ws = wb.create_sheet(key)
        ws.append([key])
        ws.append([title])
        ws.append(["填报单位(盖章):", "", "填报时间:"])
        ws.append(["类别", *blocks[0], "合计"])
        for metric, _ in metrics:
            ws.append([metric])
    wb.save(path)
    return path


def _templates_title(tmp_path: Path, notice: Path) -> str:
    made, _ = api.write_templates(tmp_path / "t", notice=str(notice), period="2022-H1")
    return str(openpyxl.load_workbook(made[0])["填表说明"]["A1"].value)


def test_tables_titled_apart_are_named_from_the_notices_title(tmp_path):
    draft = api.draft_notice(_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml")
    notice = api.load_notice(str(draft.notice))
    assert notice.tables.title(2022) == "2022年领导点评和公开承诺情况统计表"
    assert f"# 推断:各表的标题不同(“领导点评情况统计表”、“公开承诺情况统计表”),总称取自通知的标题“{TITLE}”" in draft.tables_text
    assert "领导点评和公开承诺情况统计表" in _templates_title(tmp_path, draft.notice)


def test_a_blank_workbook_names_its_tables_and_its_notice_in_words(tmp_path):
    draft = api.draft_notice(_workbook(tmp_path / "通知附表_空白.xlsx"), tmp_path / "新通知.toml")
    notice = api.load_notice(str(draft.notice))
    assert notice.tables.title(2022) == "2022年领导点评、公开承诺情况统计表"
    assert "# 推断:各表的标题不同" in draft.tables_text
    assert notice.name == "领导点评、公开承诺情况统计表" and notice.name != notice.id
    assert any("没有读出通知的标题" in g for g in draft.gaps)
