"""A roster's files stamped from one workbook per kind are the plain writers' files, byte for byte."""

import openpyxl
import pytest

from dianping_xlsx import api
from dianping_xlsx.merge.roster import Roster
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.template.blank import template_filename, write_template
from dianping_xlsx.template.forms import write_tally_for
from dianping_xlsx.template.ledgers import write_ledger_templates
from dianping_xlsx.template.stamp import PLACEHOLDER, Shell

NAMES = [
    "东坪镇党委",
    "县A&B<公司>党委",  # XML's own characters
    "“引号”党支部 ",  # a trailing space: xml:space="preserve"
    "县" + "很长的名字" * 11 + "党委",  # 60 characters
    "附件1",  # a text the workbook already holds: written by the plain writer
    "_x0041_党委",  # a literal escape, protected by xlsxwriter
]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    nt = api.notice_of(None)
    stamped = tmp_path_factory.mktemp("stamped")
    plain = tmp_path_factory.mktemp("plain")
    roster = Roster([RosterUnit(name) for name in NAMES])
    templates, forms = api.write_templates(stamped, roster=roster, period="2011-H1")
    period = nt.period("2011-H1")
    for name in NAMES:
        write_template(nt.tables, plain / template_filename(name, nt.tables), name, lock_unit=True, period=period)
        write_tally_for(nt.forms, nt.tables, plain, name)
        write_ledger_templates(nt.ledgers, nt.tables, plain, name)
    return stamped, plain, templates, forms


def test_every_file_byte_for_byte(written):
    stamped, plain, templates, forms = written
    made = sorted(p.name for p in plain.iterdir())
    assert len(templates) == len(NAMES) and len(made) == len(NAMES) * (2 + len(api.notice_of(None).ledgers.ledgers))
    for name in made:
        assert (stamped / name).read_bytes() == (plain / name).read_bytes(), name


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
