"""The justice-2012 情况通报 at each level: a county bureau writes to its party organisations, the
city to whom the notice itself is addressed, the province to the cities' bureaus; without the
office's name (no --unit-name) the documents leave a visible blank where it goes, and the command
line's hint gives this notice's example of a name, never another notice's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from click.testing import CliRunner

from dianping_xlsx.api import load_notice, merge_inbox, write_summary
from dianping_xlsx.cli import main
from dianping_xlsx.testing import fill_template

from .test_justice_notice import unit_values

NOTICE = load_notice("justice-2012")
DAY = dt.date(2012, 3, 10)
CITY_TEXT = "各辖市、区司法局，市局机关各处室，各行业党组织："


def circular(written) -> list[str]:
    return [p.text for p in docx.Document(written.documents["circular"]).paragraphs]


def county(tmp_path: Path, name: str, seed: int):
    """A county bureau's merge of two units' filled templates, written."""
    inbox = tmp_path / name
    for k in range(2):
        fill_template(NOTICE.tables, inbox / f"单位{k}.xlsx", f"{name}第{k}律师事务所党支部", DAY, unit_values(seed + k))
    return write_summary(merge_inbox(inbox, period="2012-H1", notice=NOTICE), tmp_path / f"{name}结果",
                         unit_name=name, day=dt.date(2012, 3, 12))


def above(tmp_path: Path, office: str, below: list) -> object:
    """The office above merging the upward files of the offices below."""
    ups = tmp_path / f"{office}收件箱"
    ups.mkdir()
    for written in below:
        (ups / written.upward.name).write_bytes(written.upward.read_bytes())
    return write_summary(merge_inbox(ups, period="2012-H1", notice=NOTICE, unit_name=office),
                         tmp_path / f"{office}结果", unit_name=office, day=dt.date(2012, 3, 15))


def test_each_level_writes_to_whom_it_merges(tmp_path):
    counties = [county(tmp_path, "溧阳市司法局", 1), county(tmp_path, "武进区司法局", 5)]
    city = above(tmp_path, "常州市司法局", counties)
    province = above(tmp_path, "江苏省司法厅", [city])
    said = {"county": circular(counties[0]), "city": circular(city), "province": circular(province)}
    assert said["county"][2] == "各基层党组织：" and CITY_TEXT not in said["county"]
    assert said["city"][2] == CITY_TEXT
    assert said["province"][2] == "各设区市司法局：" and CITY_TEXT not in said["province"]
    assert "（常司发〔2012〕6号）要求，各单位开展了2012年群众评议工作" in said["county"][3]
    assert "各地司法行政机关开展了2012年群众评议工作" in said["province"][3]
    assert said["province"][-2:] == ["江苏省司法厅", "2012年3月15日"]


def test_without_the_office_name_the_documents_leave_a_blank_to_fill(tmp_path):
    inbox = tmp_path / "收件箱"
    for k in range(2):
        fill_template(NOTICE.tables, inbox / f"单位{k}.xlsx", f"武进区第{k}公证处党支部", DAY, unit_values(k))
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out"), "--notice", "justice-2012",
                                    "--period", "2012-H1", "--date", "2012-03-15"])
    assert "上报前请用 --unit-name 填写本单位名称,如 --unit-name 溧阳市司法局。" in res.output
    assert "安化" not in res.output
    text = [p.text for p in docx.Document(tmp_path / "out" / "情况通报_2012-H1.docx").paragraphs]
    assert text[-2:] == ["（单位名称）", "2012年3月15日"]
    assert text[2] == "各基层党组织："
    assert not any("后报。" in t or "及时报。" in t or "向反映" in t for t in text), text
