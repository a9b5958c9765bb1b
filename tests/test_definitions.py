from pathlib import Path

import pytest

from dianping_xlsx.spec import Key, SpecError, load_table_set

PACKAGE = Path(__file__).resolve().parent.parent / "dianping_xlsx"


def test_hunan_2011_tables_as_transcribed(ts):
    assert [t.key for t in ts.tables] == ["附件1", "附件2", "附件3"]
    t1, t2, t3 = ts.tables
    assert t1.blocks[0][-1] == "其它基层党组织书记"
    assert t1.blocks[1][2] == "省级机关部门党组(党委)领导班子成员"
    assert len(t2.categories) == len(t3.categories) == 12
    assert t2.categories[10] == "中央和外省(区、市)在湘单位"
    assert [r.metric for r in t2.rows] == ["党组织数", "已被点评党组织数", "已开展群众评议党组织数"]
    assert [r.metric for r in t3.rows] == ["党员数", "已被点评党员数", "已被群众评议党员数"]
    assert t3.row("已被点评党员数").rounds == ("第一次", "第二次")
    # 7 categories x 3 values x 2 blocks + 12 x 4 x 2 tables
    assert len(ts.keys) == 42 + 48 + 48
    assert Key("附件2", "农村", "已被点评党组织数", "第二次") in ts.keys


def test_no_label_in_code(ts):
    """Categories and row labels live in the table set only, never in the code."""
    labels = {c for t in ts.tables for c in t.categories} | {r.metric for t in ts.tables for r in t.rows}
    labels |= {t.title for t in ts.tables}
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        found = sorted(label for label in labels if label in text)
        assert not found, f"{source.name} names {found}"


def test_second_table_set_needs_no_code(tmp_path):
    text = (PACKAGE / "spec" / "tablesets" / "hunan-2011.toml").read_text(encoding="utf-8")
    text = text.replace("在湘单位", "在鄂单位").replace('id = "hunan-2011"', 'id = "hubei-2012"')
    path = tmp_path / "hubei-2012.toml"
    path.write_text(text, encoding="utf-8")
    other = load_table_set(str(path))
    assert "中央和外省(区、市)在鄂单位" in other.table("附件2").categories


@pytest.mark.parametrize(
    "change, words",
    [
        (('check = "参加点评人数 <= 总人数"', 'check = "参加点评人数 <= 人数总计"'),
         "leaders-appraised-le-total.*人数总计"),
        (('check = "参加点评人数 <= 总人数"', 'check = "参加点评人数 ≤ 总人数"'),
         "leaders-appraised-le-total.*写法有误"),
        (("base = true", "base = false"), "base"),
        (('id = "hunan-2011"', "id = "), "有误"),
    ],
)
def test_bad_table_set_is_named(tmp_path, change, words):
    text = (PACKAGE / "spec" / "tablesets" / "hunan-2011.toml").read_text(encoding="utf-8")
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(*change, 1), encoding="utf-8")
    with pytest.raises(SpecError, match=words):
        load_table_set(str(path))


def test_unknown_table_set():
    with pytest.raises(SpecError, match="hunan-2011"):
        load_table_set("nowhere-1999")
