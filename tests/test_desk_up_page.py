"""The desk's 上级 page counts the lower offices' reports in the inbox by what they are (the
properties merge writes into a summary and an upward workbook), not by their names: mail intake
saves a county's 上报 as 0629-1000_安化县委创先办_上报_….xlsx."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import dianping_xlsx as api

from .test_desk import desk  # noqa: F401 - fixture


def test_the_up_page_counts_the_lower_offices_reports_by_what_they_are(desk, tmp_path, make_unit):  # noqa: F811
    client, workspace = desk
    client.post("/settings", data={"office": "益阳市委创先办", "period": "2011-H1"})
    county_inbox, county_out = tmp_path / "县收件箱", tmp_path / "县汇总"
    county_inbox.mkdir()
    make_unit(county_inbox, "东坪镇党委", seed=3)
    result = api.merge_inbox(county_inbox, period="2011-H1", unit_name="安化县委创先办", jobs=1)
    api.write_summary(result, county_out, unit_name="安化县委创先办", day=dt.date(2011, 6, 29))
    inbox = workspace.inbox()
    inbox.mkdir(parents=True, exist_ok=True)
    shutil.copy(next(county_out.glob("上报_*.xlsx")), inbox / "0629-1000_安化县委创先办_上报_安化县委创先办_2011-H1.xlsx")
    shutil.copy(next(county_out.glob("汇总表_*.xlsx")), inbox / "0630-0900_安化县委创先办_汇总表_2011-H1.xlsx")
    make_unit(inbox, "桃江县委创先办", seed=4, name="上报_桃江县.xlsx")  # a unit's tables called 上报_: not a summary

    page = client.get("/up").text
    assert "收件箱中的下级上报文件(2)" in page, page
    listed = re.search(r'<ul id="upward">(.*?)</ul>', page, re.S)[1]
    assert "0629-1000_安化县委创先办_上报_安化县委创先办_2011-H1.xlsx(安化县委创先办,2011年上半年)" in listed
    assert "上报_桃江县.xlsx" not in listed
