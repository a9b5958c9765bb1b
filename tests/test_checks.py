"""Checks on one workbook: codes and positions, every problem listed."""

import datetime as dt

import openpyxl
import pytest

from dianping_xlsx.definitions import Key
from dianping_xlsx.catalogue import CATALOGUE
from dianping_xlsx.problems import Problem, flatten
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period

H1 = Period.parse("2011-H1")
H2 = Period.parse("2011-H2")


def test_every_error_is_listed_not_only_the_first(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "县公安局党委", 5, values={
        Key("附件2", "农村", "党组织数", ""): "见附件",                 # C5
        Key("附件2", "街道社区", "党组织数", ""): "约10",               # D5
        Key("附件2", "机关部门", "党组织数", ""): 12.5,                 # F5
        Key("附件3", "农村", "党员数", ""): -4,                         # C5
        Key("附件3", "街道社区", "党员数", ""): "10-12",                # D5
        Key("附件1", "市州委书记", "总人数", ""): 10,                    # C5
        Key("附件1", "市州委书记", "参加点评人数", "第一次"): 11,        # C6
    })
    sub = check_workbook(path, ts, H1)
    assert not sub.ok
    errors = [p for p in sub.problems if p.severity == "error"]
    assert sorted(flatten(errors)) == sorted([
        ["value.not-number", "附件2", "C5"],
        ["value.not-number", "附件2", "D5"],
        ["value.not-integer", "附件2", "F5"],
        ["value.negative", "附件3", "C5"],
        ["value.not-number", "附件3", "D5"],
        ["rule.exceeds", "附件1", "C6"],
    ])
    exceeds = next(p for p in sub.problems if p.code == "rule.exceeds")
    assert exceeds.params["lhs"] == 11 and exceeds.params["rhs"] == 10
    assert "11" in exceeds.message and "总人数 10" in exceeds.message
    assert all(p.file == "县公安局党委.xlsx" and p.unit == "县公安局党委" for p in sub.problems)


def test_each_rule_fires_in_each_round(ts, make_unit, tmp_path):
    changes = {}
    for table in ts.tables:
        base = table.base_row.metric
        changes[Key(table.key, table.categories[0], base, "")] = 5
        for row in table.rows:
            for rnd in row.rounds or ("",):
                if not row.base:
                    changes[Key(table.key, table.categories[0], row.metric, rnd)] = 6
    path, _ = make_unit(tmp_path, "甲", 1, values=changes)
    sub = check_workbook(path, ts, H2)
    fired = sorted((p.params["rule"], p.params["round_text"]) for p in sub.problems if p.code == "rule.exceeds")
    assert fired == sorted([
        ("leaders-appraised-le-total", "(第一次)"), ("leaders-appraised-le-total", "(第二次)"),
        ("orgs-appraised-le-total", "(第一次)"), ("orgs-appraised-le-total", "(第二次)"),
        ("orgs-evaluated-le-total", ""),
        ("members-appraised-le-total", "(第一次)"), ("members-appraised-le-total", "(第二次)"),
        ("members-evaluated-le-total", ""),
    ])


def test_equal_to_total_passes(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "甲", 1, values={
        Key("附件1", "其它基层党组织书记", "总人数", ""): 131,
        Key("附件1", "其它基层党组织书记", "参加点评人数", "第一次"): 131,
    })
    assert check_workbook(path, ts, H1).ok


def test_second_round_in_h1_is_a_warning(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "甲", 1, values={
        Key("附件2", "农村", "党组织数", ""): 20,
        Key("附件2", "农村", "已被点评党组织数", "第二次"): 3,
    })
    sub = check_workbook(path, ts, H1)
    assert sub.ok
    assert [p for p in flatten(sub.problems) if p[0].startswith("period")] == [
        ["period.second-round-early", "附件2", "C7"]]
    assert not [p for p in check_workbook(path, ts, H2).problems if p.code.startswith("period")]


def test_text_numbers_are_read_with_a_warning(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "甲", 1, values={
        Key("附件3", "农村", "党员数", ""): "１２３人",
        Key("附件3", "农村", "已被点评党员数", "第一次"): " 120 ",
        Key("附件3", "农村", "已被群众评议党员数", ""): "12.0",
    })
    sub = check_workbook(path, ts, H1)
    assert sub.ok
    assert sorted(p for p in flatten(sub.problems) if p[0].startswith("value")) == [
        ["value.text-number", "附件3", "C5"], ["value.text-number", "附件3", "C6"],
        ["value.text-number", "附件3", "C8"],
    ]
    assert sub.values[Key("附件3", "农村", "党员数", "")] == 123


def test_unit_falls_back_to_file_name(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "", 1, name="烟溪镇.xlsx")
    sub = check_workbook(path, ts, H1)
    assert sub.ok and sub.unit == "烟溪镇"
    assert flatten(sub.problems) == [["unit.from-filename", "附件1", "A3"]]


def test_missing_table_category_and_row(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "甲", 1)
    wb = openpyxl.load_workbook(path)
    del wb["附件3"]
    wb["附件2"]["D4"].value = "街道"  # a category label changed
    wb["附件1"].delete_rows(5)  # the 总人数 row of the first block removed
    wb.save(path)
    sub = check_workbook(path, ts, H1)
    codes = flatten(sub.problems, ("code", "sheet", "cell"))
    assert ["table.missing", "", ""] in codes
    assert ["category.missing", "附件2", "A4"] in codes
    assert ["row.missing", "附件1", "A4"] in codes
    missing = next(p for p in sub.problems if p.code == "table.missing")
    assert missing.params["table"] == "附件3"
    assert not sub.ok


def test_duplicate_table(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "甲", 1)
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb["附件2"])
    copy.title = "附件2(2)"
    wb.save(path)
    sub = check_workbook(path, ts, H1)
    assert {p.code for p in sub.problems} == {"table.duplicate"}
    assert not sub.ok


def test_no_tables(ts, tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "工作总结"
    wb.save(tmp_path / "总结.xlsx")
    sub = check_workbook(tmp_path / "总结.xlsx", ts, H1)
    assert flatten(sub.problems, ("code", "file")) == [["file.no-tables", "总结.xlsx"]]
    assert not sub.ok and sub.unit == "总结"


def test_every_message_template_renders():
    """Each code's template is filled by the params its producers give."""
    sample = {"suffix": ".docx", "detail": "x", "table": "附件2", "title": "t", "category": "农村",
              "other": "附件2!C5", "row": "党组织数", "text": "见附件", "value": 3, "label": "l",
              "metric": "m", "round_text": "(第一次)", "relation": "超过了", "limit_metric": "n",
              "limit": 2, "period": "2011年上半年", "lhs": 3, "rhs": 2, "rule": "r",
              "date": "2011-06-29", "due": "2011-06-28", "hint": "", "reported": "x", "how": "别名",
              "previous": "p.xlsx", "before": 4, "change": "+25%", "part": "xl/a.xml", "seconds": 60,
              "count": 9, "size": "9 MB", "ratio": "500", "sheet": "附件1", "ref": "XFD1048576", "place": "单元格 XFD1048576",
              "object": "梅城镇党委", "item": "为民办实事情况", "n": 2, "form": "附件4", "sum": 9, "forms": 10, "round": "第二次", "later": "下半年", "mixup": "如把上半年的表当作下半年报送", "unit": "u", "newer": "f.xlsx",
              "all_tables": "附件1–3", "threshold": "20%", "start": "2011-01-01", "end": "2011-07-31",
              "current": "2011年下半年", "folder": "退回", "reason": "没有权限", "what": "管道",
              "renamed": "合计(单位)", "received": "2011-07-02 08:30", "ledger": "公开承诺台账", "column": "点评日期", "person": "张三", "rows": "3、9", "reported": 12, "counted": 10, "total": 80, "parts": "已兑现 55、未兑现 15", "who": "张三", "deadline": "2011-05-01", "status": "推进中", "report": "2011-06-30", "as_of": "填报时间 2011-06-20", "choices": "甲、乙",
              "looked": "“附件类别”、“类别”", "cost": "", "others": "a.xlsx", "same": "填报时间、修改时间",
              "material": "工作总结", "words": "总结", "expected": "书记", "kind": "党员", "post": "班子成员",
              "every": "每季度", "gaps": "2011年第一季度", "posts": "书记", "why": "无法打开",
              "example": "2011-06-30", "status_column": "兑现情况", "word": "兑现", "start_column": "承诺日期",
              "sheets": "“公开承诺情况”和", "year": 2010, "fix": "改用本期的模板重新填写",
              "tab": "承诺践诺台账", "look": "文件名中应含“总结”", "heading": "考核等次", "named": "乐安镇党委", "repeated": "",
              "this": "甲镇党委", "other_file": "乙镇党委.xlsx", "first": "2011-06-21", "resubmit": "2011-07-05", "within": "2011-07-05 前", "shown": "12%",
              "paper": "附件5评议表", "said": 10, "ask": "请对方用下发的 Excel 模板填写后重新发送", "file_name": "统计表.xlsx", "own": "请另存为 .xlsx 后再检查", "titles": "附件4“评议表”", "tally": "群众评议汇总表", "forms_count": "评议表份数", "last": "不满意",
              "notice_id": "justice-2012", "summary": "桃江县汇总表.xlsx", "office": "桃江县委创先办",
              "basis": "其“明细”表列有该单位", "most": 100000, "median": 555, "times": 50, "undated": "",
              "older": "羊角塘镇党委.xlsx", "summaries": "“点评记实情况”和",
              "printed": "项", "typed": "人", "written": "表上填报单位为“甲”"}
    for code in CATALOGUE:
        message = Problem(code, params=sample).message
        assert "{" not in message and message
        said = Problem(code, params=sample).for_sender().message  # dianping check's wording, where it has one
        assert "{" not in said and said and ("收件文件夹" not in said or not CATALOGUE[code].sender)


def test_a_problem_made_without_its_placeholders_is_refused_when_made():
    """A producer that forgets a parameter fails where it makes the problem, not when a summary
    renders it later; unknown codes and severities likewise."""
    with pytest.raises(ValueError, match="without"):
        Problem("value.negative", params={"text": "-1"})  # {label} missing
    with pytest.raises(ValueError, match="unknown problem code"):
        Problem("value.typo")
    with pytest.raises(ValueError, match="severity"):
        Problem("file.empty", severity="fatal")
    assert Problem("file.empty").severity == "error"
    assert Problem("file.empty", severity="warning").severity == "warning"


def test_the_catalogue_is_checked_when_it_loads():
    from dianping_xlsx.catalogue import ERROR, Kind, _index

    with pytest.raises(ValueError, match="twice"):
        _index((Kind("a.b", ERROR, "甲", "乙", "丙。"), Kind("a.b", ERROR, "甲", "乙", "丙。")))
    with pytest.raises(ValueError, match="incomplete"):
        _index((Kind("a.b", "fatal", "甲", "乙", "丙。"),))


def test_date_unreadable_is_a_warning(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "甲", 1, day="六月底")
    sub = check_workbook(path, ts, H1)
    assert sub.ok and sub.date is None
    assert ["date.unreadable", "附件1", "H3"] in flatten(sub.problems)


def test_a_date_in_chinese_numerals_or_without_the_year_is_read(ts, make_unit, tmp_path):
    for typed in ("二〇一一年六月二十八日", "6月28日"):
        path, _ = make_unit(tmp_path, "甲", 1, day=typed)
        sub = check_workbook(path, ts, H1)
        assert sub.date == dt.date(2011, 6, 28), typed
        assert "date.unreadable" not in [p.code for p in sub.problems]


def test_unit_inconsistent(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "梅城镇党委", 1)
    wb = openpyxl.load_workbook(path)
    wb["附件3"]["C3"].value = "梅城镇"
    wb.save(path)
    sub = check_workbook(path, ts, H1)
    assert flatten(sub.problems) == [["unit.inconsistent", "附件3", "C3"]]
    assert sub.unit == "梅城镇党委" and sub.ok
    assert sub.date == dt.date(2011, 6, 25)
