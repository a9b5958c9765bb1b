"""A previous summary merged under another notice is named as such, with the way out: pick this
notice's previous summary, or merge under that notice (--notice / notice=)."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from click.testing import CliRunner

from dianping_xlsx import PreviousError, load_notice, load_previous, merge_inbox, write_summary
from dianping_xlsx.cli import main
from dianping_xlsx.testing import fill_template, random_values

JUSTICE = load_notice("justice-2012")


@pytest.fixture
def justice_summary(tmp_path):
    """A 2012 summary of the justice notice, as its office wrote it."""
    inbox = tmp_path / "司法收件箱"
    fill_template(JUSTICE.tables, inbox / "天宁区司法局.xlsx", "天宁区司法局", dt.date(2012, 3, 10),
                  random_values(JUSTICE.tables, 3, scale=30))
    out = tmp_path / "司法汇总"
    write_summary(merge_inbox(inbox, period="2012-H1", notice=JUSTICE, jobs=1), out, unit_name="常州市司法局")
    return out


def test_a_previous_summary_of_another_notice_is_named_with_its_notice(make_unit, tmp_path, justice_summary):
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "梅城镇党委", seed=1, day=dt.date(2011, 12, 20))
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out"), "--period", "2011-H2",
                                    "--previous", str(justice_summary)])
    assert res.exit_code == 2
    said = res.output
    assert "汇总表_2012-H1.xlsx" in said and "按通知“justice-2012”汇总的" in said
    assert "请指定按本次通知汇总的上一期汇总表" in said and "--notice justice-2012" in said
    with pytest.raises(PreviousError, match="justice-2012") as caught:
        load_previous(justice_summary, period="2011-H2")
    assert "hunan-2011" in str(caught.value)  # the notice of this run, named too


def test_a_summary_written_before_summaries_named_their_notice_is_known_by_its_tables(tmp_path, justice_summary):
    """An older summary (no notice in its marks): the shipped notice whose tables its 明细 fits."""
    path = justice_summary / "汇总表_2012-H1.xlsx"
    old = tmp_path / "旧汇总" / path.name
    old.parent.mkdir()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/custom.xml":
                assert b"dianping_summary_notice" in data
                data = data.replace(b"dianping_summary_notice", b"dianping_summary_other")
            dst.writestr(item, data)
    with pytest.raises(PreviousError, match="按通知“justice-2012”汇总的"):
        load_previous(old, notice="hunan-2011")


def test_an_offices_own_notice_is_asked_for_by_its_file(tmp_path, justice_summary):
    """A summary made under a notice of the office's own (its id known to no list): the way out asks
    for that notice's .toml file, never for an id that --notice cannot find."""
    import shutil

    from dianping_xlsx.definitions import notices

    own = tmp_path / "本地通知"
    shutil.copytree(notices.__file__.rsplit("/", 1)[0], own, ignore=shutil.ignore_patterns("__pycache__"))
    toml = own / "notices" / "justice-2012.toml"
    mine = own / "notices" / "我县-2012.toml"
    mine.write_text(toml.read_text(encoding="utf-8").replace('id = "justice-2012"', 'id = "我县-2012"'), encoding="utf-8")
    assert 'id = "我县-2012"' in mine.read_text(encoding="utf-8")
    inbox = tmp_path / "我县收件箱"
    fill_template(JUSTICE.tables, inbox / "天宁区司法局.xlsx", "天宁区司法局", dt.date(2012, 3, 10),
                  random_values(JUSTICE.tables, 3, scale=30))
    out = tmp_path / "我县汇总"
    write_summary(merge_inbox(inbox, period="2012-H1", notice=str(mine), jobs=1), out, unit_name="常州市司法局")
    with pytest.raises(PreviousError) as caught:
        load_previous(out, period="2011-H2")
    said = str(caught.value)
    assert "按通知“我县-2012”汇总的" in said and "--notice “我县-2012”的通知定义文件(.toml)的路径" in said
    assert "--notice 我县-2012" not in said
