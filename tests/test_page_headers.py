"""Page headers (issue 33): a sheet that prints its title in its first rows does not carry the
same title again as its page header; the sheet's name stays on the right (what a loose page
belongs to) unless it is the title itself; 第 N 页,共 M 页 below on every sheet."""

from __future__ import annotations

import openpyxl
import xlsxwriter

from dianping_xlsx.template.layout import page_setup


def _headers(tmp_path, sheets) -> dict[str, tuple]:
    path = tmp_path / "h.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for name, first, title, titled in sheets:
        ws = wb.add_worksheet(name)
        if first:
            ws.write_string(0, 0, first)
        page_setup(ws, title, **({} if titled is None else {"titled": titled}))
    wb.close()
    book = openpyxl.load_workbook(path)
    return {ws.title: (ws.oddHeader.left.text, ws.oddHeader.right.text, ws.oddFooter.center.text) for ws in book}


def test_a_title_printed_below_is_not_the_page_header(tmp_path):
    found = _headers(tmp_path, [
        ("审核意见", "审核意见:梅城镇党委", "审核意见:梅城镇党委", True),
        ("报送情况", "共 19 个单位报送", "2011年上半年 报送情况", False),  # a headline, not the title: kept on top
        ("附件1分类汇总", "附件1 … 分类汇总(2011年上半年)", "附件1 … 分类汇总(2011年上半年)", True),
        ("公开承诺台账", "公开承诺台账", "公开承诺台账", True),  # the sheet's name is the title: no header
        ("名单", "", "2011年上半年 名单", False),
    ])
    assert {name: (left, right) for name, (left, right, _) in found.items()} == {
        "审核意见": (None, "&A"),
        "报送情况": ("2011年上半年 报送情况", "&A"),  # (openpyxl gives the text without its font)
        "附件1分类汇总": (None, "&A"),
        "公开承诺台账": (None, None),
        "名单": ("2011年上半年 名单", "&A"),
    }
    assert {footer for _, _, footer in found.values()} == {"第 &P 页,共 &N 页"}
