"""A roster's files stamped from one workbook per kind are the plain writers' files, byte for byte."""

import openpyxl
import pytest

from dianping_xlsx import api
from dianping_xlsx.merge.roster import Roster
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.template.blank import template_filename, write_template
from dianping_xlsx.template.ledgers import write_ledger_templates
from dianping_xlsx.template.stamp import PLACEHOLDER, Shell, write_unit_forms

NAMES = [
    "东坪镇党委",
    "县A&B<公司>党委",  # XML's own characters
    "“引号”党支部 ",  # a trailing space: xml:space="preserve"
    "县" + "很长的名字" * 11 + "党委",  # 60 characters
    "附件1",  # a text the workbook already holds: written by the plain writer
    "_x0041_党委",  # a literal escape, protected by xlsxwriter
    "2011年",  # no name to the 自查 (its saved 填报单位 verdict differs): written by the plain writer
]


def _both_ways(tmp_path_factory, notice: str | None, period: str):
    nt = api.notice_of(notice)
    stamped = tmp_path_factory.mktemp("stamped")
    plain = tmp_path_factory.mktemp("plain")
    roster = Roster([RosterUnit(name) for name in NAMES])
    templates, forms = api.write_templates(stamped, roster=roster, period=period, notice=notice)
    for name in NAMES:
        write_template(nt.tables, plain / template_filename(name, nt.tables), name, lock_unit=True,
                       period=nt.period(period), ledgers=nt.ledgers is not None, notice_id=nt.id)
        if nt.forms is not None:
            write_unit_forms(nt.forms, nt.tables, plain, name)
        if nt.ledgers is not None:
            write_ledger_templates(nt.ledgers, nt.tables, plain, name, nt.period(period).example_day)
    return stamped, plain, templates, forms


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return _both_ways(tmp_path_factory, None, "2011-H1")


def _same(stamped, plain, per_unit: int):
    made = sorted(p.name for p in plain.iterdir())
    assert len(made) == len(NAMES) * per_unit
    for name in made:
        assert (stamped / name).read_bytes() == (plain / name).read_bytes(), name


def test_every_file_byte_for_byte(written):
    stamped, plain, templates, forms = written
    assert len(templates) == len(NAMES)
    _same(stamped, plain, 4 + len(api.notice_of(None).ledgers.ledgers))


def test_another_notice_byte_for_byte(tmp_path_factory):
    nt = api.notice_of("justice-2012")
    stamped, plain, _, _ = _both_ways(tmp_path_factory, "justice-2012", "2012-H1")
    _same(stamped, plain, 1 + 3 * (nt.forms is not None) + (len(nt.ledgers.ledgers) if nt.ledgers else 0))


def test_the_unit_is_in_its_cell(written):
    stamped, _, templates, _ = written
    for path, name in zip(templates, NAMES):
        wb = openpyxl.load_workbook(path)
        assert wb["附件1"]["C3"].value == name
        assert PLACEHOLDER not in path.read_bytes().decode("latin-1")


def test_a_name_the_stamp_cannot_stand_for(tmp_path):
    nt = api.notice_of(None)
    write_template(nt.tables, tmp_path / "shell.xlsx", PLACEHOLDER, lock_unit=True)
    shell = Shell((tmp_path / "shell.xlsx").read_bytes())
    assert shell.stamp("") is None and shell.stamp("附件1") is None
    assert shell.stamp("东坪镇党委") is not None
