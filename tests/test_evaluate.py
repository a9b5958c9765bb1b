"""The self-check's formulas computed the two ways evaluate.py has: a Book (each cell when asked)
and a Program (a table set's formulas in an order made once, the way later return files are
filled); test_selfcheck_saved holds both against LibreOffice on whole workbooks."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from hypothesis import given, strategies as st

from dianping_xlsx.template import evalfuncs as fn
from dianping_xlsx.template.evalfuncs import BLANK, Err
from dianping_xlsx.template.evalparse import tokens
from dianping_xlsx.template.evaluate import Book, Memo, Program

GIVEN = ("算",)


def workbook(values: dict[str, object]):
    """A workbook whose sheet 表 holds ``values`` (A1: value; a text starting = is a formula)."""
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("表")
    wb.add_worksheet("算")
    for ref, value in values.items():
        if isinstance(value, str) and value.startswith("="):
            ws.write_formula(ref, value)
        else:
            ws.write(ref, value)
    return wb


def both(values: dict, formulas: dict[str, str], fixed: dict | None = None, memo: Memo | None = None):
    """Each formula's value (on sheet 算, A1: formula) by a Book and by a Program."""
    cells = {("算", int(ref[1:]) - 1, ord(ref[0]) - 65): f for ref, f in formulas.items()}
    fixed = fixed or {}
    book = Book(workbook(values), cells, Memo({}), fixed)
    program = Program(cells, fixed, GIVEN, memo or Memo({}))
    return [book[at] for at in cells], program.results(workbook(values)), program


def test_program_computes_what_the_book_computes():
    values = {"A1": 3, "A2": "12", "A3": "文字", "A4": True, "A5": -0.5, "A6": "1e3"}
    formulas = {
        "A1": "SUM('表'!A1:A6)+B1", "B1": "'表'!A2*2", "C1": "IF(A1>5,\"大\")", "D1": "CHOOSE('表'!A1,1,2)",
        "E1": "IFERROR(1/0,\"零\")&'表'!A5", "F1": "COUNTIF('表'!A1:A6,\">0\")", "G1": "COUNT('表'!A1:A6,\"2\",A1)",
        "H1": "ROUND(-2.5,0)&LEFT('表'!A3)&MID('表'!A3,2,1)&LEN('表'!A9)", "I1": "'表'!A3<'表'!A2",
        "J1": "AND(OR(FALSE,'表'!A4),NOT(0))", "K1": "VALUE(\" 7 \")+N('表'!A2)+N('表'!A4)", "L1": "-'表'!A9&'表'!A9",
        "M1": "MAX('表'!A1:A6)-MIN('表'!A5,'表'!A9)", "N1": "ISNUMBER('表'!A2)&ISERROR(A2)&ISNUMBER(A1)",
        "O1": "TRIM(SUBSTITUTE(\"a  b\",\"b\",\" c \"))&CHAR(65)&RIGHT(\"xyz\",2)&INT(-1.5)&ABS(-2)",
        "P1": "A1:B2", "Q1": "ISNUMBER(A1:B2)&(1=TRUE)&(\"a\"=\"A\")&(0.1+0.2=0.3)&('表'!A9=\"\")&('表'!A9=0)",
        "R1": "CHOOSE(2,1/0,\"ok\")&IF(1/0,1,2)", "S1": "COUNTIF('表'!A1:A6,\"<>文字\")+COUNTIF('表'!A1:A6,3)",
    }
    by_book, by_program, program = both(values, formulas)
    assert program.ordered
    assert by_program == by_book
    assert by_book == [27.5, 24.0, "大", Err("#VALUE!"), "零-0.5", 1.0, 4.0, "-3文字0", False, True, 8.0, "0", 3.5,
                       "FALSEFALSETRUE", "a cAyz-22", Err("#VALUE!"), "FALSEFALSETRUETRUETRUETRUE", Err("#DIV/0!"), 3.0]


def test_a_long_run_of_operators_compiles():
    formula = "&".join(f"'表'!A{i}" for i in range(1, 400)) + "+1" * 300
    assert both({"A1": "x", "A2": 2}, {"A1": formula})[1] == ["x2" + "" * 397 + "300"]


def test_a_formula_reading_itself_is_computed_by_a_book():
    by_book, by_program, program = both({}, {"A1": "B1+1", "B1": "A1+1", "C1": "'表'!A1"})
    assert not program.ordered
    assert by_program == by_book and Err("#CIRCULAR") in by_book


def test_an_input_cell_holding_a_formula_is_computed_by_a_book():
    by_book, by_program, _ = both({"A1": "=1+1"}, {"A1": "'表'!A1*2"})
    assert by_program == by_book == [4.0]


def test_fixed_cells_are_not_computed():
    cells = {"A1": "B1&\"!\"", "B1": "1/0"}
    assert both({}, cells, {("算", 0, 1): "定"})[1] == ["定!", "定"]


def test_an_input_cells_helpers_are_kept_by_its_value():
    memo = Memo({("算", 0, c): (f"shape{c}", ("表", 0, 0)) for c in range(2)})
    cells = {"A1": "'表'!A1&\"x\"", "B1": "A1&'表'!A1", "C1": "B1&'算'!Z9"}
    _, first, program = both({"A1": 5}, cells, memo=memo)
    assert len(program.groups) == 1 and len(program.rest) == 1
    assert program.results(workbook({"A1": 5})) == first == ["5x", "5x5", "5x5"]
    assert len(program.kept) == 1
    assert program.results(workbook({"A1": "5"})) == first and len(program.kept) == 2


@pytest.mark.parametrize("value", [BLANK, 0.0, -0.0, "", "0", True])
def test_a_kept_result_is_never_another_values(value):
    memo = Memo({("算", 0, 0): ("shape", ("表", 0, 0))})
    program = Program({("算", 0, 0): "'表'!A1&\"|\"&ISNUMBER('表'!A1)"}, {}, GIVEN, memo)
    for other in (BLANK, 0.0, -0.0, "", "0", True):
        wb = workbook({} if other is BLANK else {"A1": other})
        assert program.results(wb) == [Book(wb, {("算", 0, 0): "'表'!A1&\"|\"&ISNUMBER('表'!A1)"})[("算", 0, 0)]]


def test_tokens():
    assert tokens("=SUM('表 1'!A1:B2,$C$3)&\"a\"\"b\">=-1.5E3") == [
        ("func", "SUM"), ("range", "'表 1'!A1:B2"), ("op", ","), ("ref", "$C$3"), ("op", ")"), ("op", "&"),
        ("str", '"a""b"'), ("op", ">="), ("op", "-"), ("num", "1.5E3")]
    assert tokens("= TRUE ") == [("name", "TRUE")]
    with pytest.raises(ValueError, match="at 10"):
        tokens("=SUM(A1:B2) ~")


_VALUES = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 1.0, 1 + 2.0 ** -50]),
                   st.booleans(), st.text(max_size=3), st.just(BLANK))
_ANY = st.one_of(_VALUES, st.just(Err("#N/A")))


@given(_ANY, _ANY)
def test_comparisons_order_as_the_spreadsheet_orders(a, b):
    """Two numbers compared without the tolerance where none applies: the same as _order's."""
    for op, test in fn._TESTS.items():
        expected = a if isinstance(a, Err) else b if isinstance(b, Err) else test(fn._order(a, b), 0)
        assert fn.BINARY[op](a, b) == expected, op


@given(st.lists(_VALUES, max_size=12), st.one_of(_VALUES, st.sampled_from(["0", ">0", "<>0", "<=1", "=1", "a", ">a"])))
def test_countif_counts_what_the_spreadsheet_counts(where, criterion):
    """COUNTIF over any values (an error in its range is not something the self-check counts),
    each counted as _order compares it with the criterion's operand."""
    op, operand = "=", criterion
    if isinstance(criterion, str):
        op, operand = fn._CRITERION.match(criterion).groups()
        op, operand = op or "=", float(operand) if fn._NUMBER.match(operand) else operand
    expected = sum(fn._TESTS[op](fn._order(v, operand), 0) for v in where
                   if v is not BLANK and isinstance(v, str) == isinstance(operand, str) and not isinstance(v, bool))
    assert fn._countif(tuple(where), criterion) == float(expected)


def test_tokens_of_quoted_texts_and_sheet_names():
    assert tokens("=\"\"&\"a\"\"\"&'它''s 表'!B2+'''x'''!C3:D4") == [
        ("str", '""'), ("op", "&"), ("str", '"a"""'), ("op", "&"), ("ref", "'它''s 表'!B2"), ("op", "+"),
        ("range", "'''x'''!C3:D4")]
    with pytest.raises(ValueError):  # a sheet name is never empty
        tokens("=''!A1")


def test_a_nan_beside_zero_compares_as_order_says():
    """0 against NaN (no spreadsheet holds one, hypothesis made it): the quick path for a zero took
    them as equal where _order does not."""
    nan = float("nan")
    for a, b in ((0.0, nan), (nan, 0.0), (-0.0, nan)):
        for op, test in fn._TESTS.items():
            assert fn.BINARY[op](a, b) == test(fn._order(a, b), 0), (a, b, op)
    assert fn._countif((nan, 0.0), 0.0) == 1.0
