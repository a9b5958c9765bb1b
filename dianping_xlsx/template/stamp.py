"""A roster's per-unit files, written once per kind and stamped with each unit's name.

A roster's templates, tallies and ledgers differ only in their 填报单位: the unit's name is one
shared string (xlsxwriter writes every text once into xl/sharedStrings.xml and refers to it by
its index). So each kind of file is written once by its plain writer with a placeholder for the
name, and each unit's file is that workbook with the placeholder's ``<si>`` replaced by the
unit's, escaped by xlsxwriter's own code: the sharedStrings entry is compressed again (as
zipfile compresses it), every other entry copied as it is, and the zip's sizes, checksum and
offsets patched. The result is the plain writer's file for that unit, byte for byte
(tests/test_stamp.py), at ≈ 1 ms a file instead of 20–80 ms.

A name the stamp cannot stand for — empty (no string at all), or equal to another text of the
workbook (xlsxwriter would share that string) — is written by the plain writer.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from xlsxwriter.sharedstrings import SharedStrings

from ..files import atomic_path, safe_filename, unique_files

PLACEHOLDER = "\ue000dianping-unit\ue001"  # private-use characters: no unit's name
SST = "xl/sharedStrings.xml"
_LOCAL, _CENTRAL, _END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"


def si_xml(text: str) -> str:
    """The ``<si>`` element xlsxwriter writes for ``text``."""
    writer, fh = SharedStrings(), io.StringIO()
    writer._set_filehandle(fh)
    writer._write_si(text)
    return fh.getvalue()


class Shell:
    """A workbook written with PLACEHOLDER for the unit's name, ready to stamp."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos, start_dir = zf.infolist(), zf.start_dir
            self.sst = zf.read(SST).decode("utf-8")
        sst = next(i for i in infos if i.filename == SST)
        if sst.flag_bits & 0x08 or sst.compress_type != zipfile.ZIP_DEFLATED or self.sst.count(si_xml(PLACEHOLDER)) != 1:
            raise ValueError("stamp: the shell is not a workbook as xlsxwriter writes it")
        at = sst.header_offset
        names, extra = struct.unpack_from("<HH", data, at + 26)
        following = [i.header_offset for i in infos if i.header_offset > at]
        self.before = data[:at]
        self.header = bytearray(data[at:at + 30 + names + extra])
        self.between = data[at + 30 + names + extra + sst.compress_size:min(following, default=start_dir)]
        self.after = data[min(following, default=start_dir):start_dir]
        end = data.rindex(_END)
        self.central, self.end = bytearray(data[start_dir:end]), bytearray(data[end:])
        self.sst_offset, self.old_size = at, len(self.header) + sst.compress_size + len(self.between)
        self.records = self._records()

    def _records(self) -> list[int]:
        """Where each central directory record starts."""
        out, at = [], 0
        while at < len(self.central):
            if self.central[at:at + 4] != _CENTRAL:
                raise ValueError("stamp: a central directory record expected")
            out.append(at)
            names, extra, comment = struct.unpack_from("<HHH", self.central, at + 28)
            at += 46 + names + extra + comment
        return out

    def stamp(self, unit: str) -> bytes | None:
        """The workbook with ``unit`` as its name; None when the plain writer must write it."""
        element = si_xml(unit)
        if not unit or element in self.sst:
            return None
        raw = self.sst.replace(si_xml(PLACEHOLDER), element).encode("utf-8")
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        packed = packer.compress(raw) + packer.flush()
        sizes = (zlib.crc32(raw), len(packed), len(raw))
        header = bytearray(self.header)
        struct.pack_into("<III", header, 14, *sizes)
        shift = len(header) + len(packed) + len(self.between) - self.old_size
        central, end = bytearray(self.central), bytearray(self.end)
        for at in self.records:
            (offset,) = struct.unpack_from("<I", central, at + 42)
            if offset == self.sst_offset:
                struct.pack_into("<III", central, at + 16, *sizes)
            elif offset > self.sst_offset:
                struct.pack_into("<I", central, at + 42, offset + shift)
        (start,) = struct.unpack_from("<I", end, 16)
        struct.pack_into("<I", end, 16, start + shift)
        return b"".join((self.before, header, packed, self.between, self.after, central, end))


def stamped(write: Callable[[Path, str], object], folder: Path, jobs: list[tuple[Path, str]],
            plain: Callable[[str], bool] = lambda unit: False) -> list[Path]:
    """Each (target, unit) of ``jobs`` as ``write(target, unit)`` would write it: written once
    with the placeholder, then stamped; a unit ``plain`` names written by ``write``."""
    if not jobs:
        return []
    shell_path = folder / ".tmp-stamp-shell.xlsx"
    write(shell_path, PLACEHOLDER)
    shell = Shell(shell_path.read_bytes())
    shell_path.unlink()
    for target, unit in jobs:
        data = None if plain(unit) else shell.stamp(unit)
        if data is None:
            write(target, unit)
            continue
        with atomic_path(target) as tmp:
            Path(tmp).write_bytes(data)
    return [target for target, _ in jobs]


def write_unit_files(ts, es, ls, folder: Path, units: list[str], period=None,
                     calendar=None, due=None, notice_id: str = "") -> tuple[list[Path], list[Path]]:
    """A roster's files: each unit's template (填报单位 locked), evaluation forms (its name below
    the printed form), tally and ledgers, as write_template, write_unit_forms and
    write_ledger_templates write them (``calendar``: the notice's periods; ``due``: the deadline
    the office set; ``notice_id``: the notice, kept in each template's properties). Returns (templates, forms, tallies and ledgers), unit by unit."""
    from .blank import template_filename, write_template
    from .formulas import UNIT_NAMED
    from .ledgers import ledger_filename, write_ledger_template
    from .selfcheck import unit_kind_of

    templates = stamped(lambda target, unit: write_template(ts, target, unit, lock_unit=True, period=period,
                                                                ledgers=ls is not None, calendar=calendar, due=due,
                                                                notice_id=notice_id),
                        folder, _jobs(folder, [template_filename(u, ts) for u in units], units),
                        plain=lambda unit: unit_kind_of(unit) != UNIT_NAMED)  # its 自查 saves another kind
    kinds = []
    if es is not None:
        kinds += [stamped(lambda target, unit, write=write: write(es, ts, target, unit), folder,
                          _jobs(folder, [unit_filename(name, u) for u in units], units))
                  for name, write in _form_writers(es)]
    if ls is not None:
        example = period.example_day if period else None
        kinds += [stamped(lambda target, unit, ledger=ledger: write_ledger_template(ls, ledger, ts, target, unit,
                                                                                    example),
                          folder, _jobs(folder, [ledger_filename(ledger, u) for u in units], units))
                  for ledger in ls.ledgers]
    return templates, [paths[n] for n in range(len(units)) for paths in kinds]


def _jobs(folder: Path, names: list[str], units: list[str]) -> list[tuple[Path, str]]:
    """(target, unit) of each unit's file of one kind: names that Windows or macOS take for one
    (ABC公司, abc公司) made two (unique_files), so that no unit's file overwrites another's."""
    return [(folder / name, unit) for name, unit in zip(unique_files(names), units)]


def unit_filename(name: str, unit: str) -> str:
    """A file's name for one unit: 群众评议表_附件4.xlsx -> 群众评议表_附件4_梅城镇党委.xlsx."""
    return f"{name[: -len('.xlsx')]}_{safe_filename(unit)}.xlsx"


def _form_writers(es):
    """(the blank file's name, its writer) of each evaluation form and the tally."""
    from .forms import form_filename, tally_filename, write_member_form, write_org_form, write_tally

    return [(form_filename(es.org), write_org_form), (form_filename(es.member), write_member_form),
            (tally_filename(es), write_tally)]


def write_unit_forms(es, ts, folder: Path, unit: str) -> list[Path]:
    """One unit's evaluation forms and tally, its name on each (the plain writers, one file at a time)."""
    return [write(es, ts, folder / unit_filename(name, unit), unit) for name, write in _form_writers(es)]
