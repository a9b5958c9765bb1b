import datetime as dt

import pytest

from dianping_xlsx.text import a1, normalise, parse_count, parse_date


@pytest.mark.parametrize(
    "raw, value, code",
    [
        (None, 0, ""),
        ("", 0, ""),
        ("   ", 0, ""),
        (0.0, 0, ""),
        (12.0, 12, ""),
        (131, 131, ""),
        (" 12 ", 12, "value.text-number"),
        ("12", 12, "value.text-number"),
        ("１２", 12, "value.text-number"),  # full-width digits
        ("12人", 12, "value.text-number"),
        ("12 个", 12, "value.text-number"),
        ("12.0", 12, "value.text-number"),
        ("1,234", 1234, "value.text-number"),
        ("十二", 12, "value.text-number"),
        ("一百零三人", 103, "value.text-number"),
        ("见附件", None, "value.not-number"),
        ("约10", None, "value.not-number"),
        ("10-12", None, "value.not-number"),
        ("1,2", None, "value.not-number"),
        ("12.5", None, "value.not-integer"),
        (12.5, None, "value.not-integer"),
        (-3.0, None, "value.negative"),
        ("-3", None, "value.negative"),
        (True, None, "value.not-number"),
        (dt.date(2011, 1, 12), None, "value.date"),
        ("#REF!", None, "value.error-cell"),
        ("#DIV/0!", None, "value.error-cell"),
        (float("nan"), None, "value.not-number"),
    ],
)
def test_parse_count(raw, value, code):
    parsed = parse_count(raw)
    assert (parsed.value, parsed.code) == (value, code)


def test_nothing_unreadable_becomes_zero():
    for raw in ["无", "—", "/", "x", "见附件", "约10"]:
        assert parse_count(raw).value is None, raw


@pytest.mark.parametrize(
    "raw, day",
    [
        ("2011年6月25日", dt.date(2011, 6, 25)),
        ("2011 年 6 月 5 日", dt.date(2011, 6, 5)),
        ("2011-06-25", dt.date(2011, 6, 25)),
        ("2011/6/25", dt.date(2011, 6, 25)),
        ("2011.6.25", dt.date(2011, 6, 25)),
        ("20110625", dt.date(2011, 6, 25)),
        (dt.datetime(2011, 6, 25, 10, 0), dt.date(2011, 6, 25)),
        (40719.0, dt.date(2011, 6, 25)),
        ("六月底", None),
        ("2011-13-40", None),
    ],
)
def test_parse_date(raw, day):
    assert parse_date(raw) == day


H1_WINDOW = (dt.date(2011, 1, 1), dt.date(2011, 7, 31))
H2_WINDOW = (dt.date(2011, 12, 1), dt.date(2012, 1, 31))


@pytest.mark.parametrize(
    "raw, window, day",
    [
        ("二〇一一年六月二十八日", None, dt.date(2011, 6, 28)),  # written out in Chinese numerals
        ("二○一一年十二月十日", None, dt.date(2011, 12, 10)),
        ("二O一一年六月三十日", None, dt.date(2011, 6, 30)),  # a Latin O for 〇, as typed
        ("2011年6月28号", None, dt.date(2011, 6, 28)),
        ("二〇一一年六月三十一日", None, None),
        ("6月28日", H1_WINDOW, dt.date(2011, 6, 28)),  # no year: the period's
        ("6月28日", None, None),  # no period: no year to read it in
        ("1月5日", H2_WINDOW, dt.date(2012, 1, 5)),  # the second half-year's window ends in January
        ("十二月二十八日", H2_WINDOW, dt.date(2011, 12, 28)),
        ("六月底", H1_WINDOW, None),
        ("01-08", H1_WINDOW, dt.date(2011, 1, 8)),  # a month and day typed as text, no year
        ("1/5", H2_WINDOW, dt.date(2012, 1, 5)),
        ("06-28", None, None),
    ],
)
def test_parse_date_of_dates_written_out_or_without_the_year(raw, window, day):
    assert parse_date(raw, window) == day


def test_normalise_folds_the_ways_people_type_labels():
    assert normalise("參加點評人數") == "参加点评人数"
    assert normalise(" 总 人 数 ") == "总人数"
    assert normalise("中央和外省（区、市）在湘单位") == "中央和外省(区、市)在湘单位"
    assert normalise("已被点评党组织数 (第一次)") == "已被点评党组织数(第一次)"


def test_a1():
    assert [a1(0, 0), a1(4, 2), a1(0, 25), a1(9, 26), a1(0, 701)] == ["A1", "C5", "Z1", "AA10", "ZZ1"]
