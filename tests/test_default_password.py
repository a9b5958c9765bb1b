"""A workbook encrypted with Excel's built-in password (VelvetSweatshop) opens in Excel and WPS
without asking, so the unit knows of no password: it is read. A password of the unit's own is
still refused, asking for it to be removed."""

from __future__ import annotations

from msoffcrypto.format.ooxml import OOXMLFile

from dianping_xlsx.api import merge_inbox
from dianping_xlsx.model import ACCEPTED, REJECTED


def _encrypted(plain, target, password):
    with open(plain, "rb") as source, open(target, "wb") as out:
        OOXMLFile(source).encrypt(password, out)


def test_excels_default_password_is_opened_and_a_real_one_is_not(tmp_path, make_unit):
    made, inbox, clean = tmp_path / "填好的", tmp_path / "收件箱", tmp_path / "未加密"
    inbox.mkdir()
    for seed, unit in enumerate(["东坪镇党委", "梅城镇党委"]):
        path, _ = make_unit(clean, unit, seed=seed)
        _encrypted(path, inbox / path.name, "VelvetSweatshop")
    _encrypted(make_unit(made, "小淹镇党委", seed=3)[0], inbox / "小淹镇党委.xlsx", "123456")

    result = merge_inbox(inbox, period="2011-H1", jobs=1)
    status = {e.name: e for e in result.entries}
    assert status["东坪镇党委.xlsx"].status == ACCEPTED and status["梅城镇党委.xlsx"].status == ACCEPTED
    assert status["小淹镇党委.xlsx"].status == REJECTED
    assert [p.code for p in status["小淹镇党委.xlsx"].errors] == ["file.encrypted"]
    assert result.totals == merge_inbox(clean, period="2011-H1", jobs=1).totals
