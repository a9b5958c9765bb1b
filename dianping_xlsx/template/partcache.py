"""Parts of a return file's workbook that are the same in file after file, written once per process.

Every return file of a table set names the same 144 value cells and has the same sheets, so its
workbook.xml's defined names and its docProps/app.xml (the sheets' and names' titles) come out
the same text each time; xlsxwriter built each element by element (≈ 1 ms a file). Most of its
≈ 700 shared strings (labels, the 自查 lines' texts) are in every file: each one's <si> element
is kept by the string. ``Workbook`` (memzip.workbook makes it) keeps each such text by
everything its writer reads, and writes it again when that is the same: the file is byte for byte the one xlsxwriter writes
(tests/test_partcache.py writes with and without the cache).
"""

from __future__ import annotations

import io

import xlsxwriter
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings

_KEPT = 64  # texts kept of each kind (a table set, a period and a few layouts each)
_APP_PROPERTIES = ("company", "manager", "hyperlink_base")  # what app.xml says of the properties


class _Texts(dict):
    """Texts by what they were written from, at most ``most`` of them."""

    def __init__(self, most: int = _KEPT):
        super().__init__()
        self.most = most

    def keep(self, key, text: str) -> None:
        if len(self) >= self.most:
            self.clear()
        self[key] = text


_NAMES, _APPS, _PREPARED = _Texts(), _Texts(), _Texts()  # _PREPARED: the names as prepared
_STRINGS = _Texts(20_000)  # a shared string's <si> element by the string (≈ 700 a file, most the same)


class _Kept(io.StringIO):
    def close(self):  # xlsxwriter closes a sheet's file when done: its text is still wanted
        pass


def captured(obj, write) -> str:
    """What ``write()`` writes to ``obj``'s XML file (``obj.fh``), written there too."""
    real, obj.fh = obj.fh, _Kept()
    try:
        write()
        text = obj.fh.getvalue()
    finally:
        obj.fh = real
    real.write(text)
    return text


class Workbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook whose defined names and app.xml are written from texts kept."""

    def _prepare_defined_names(self) -> None:
        """xlsxwriter's (the sheets' print areas and titles added, all sorted as Excel sorts
        them), kept by the names and those sheets' settings."""
        key = (tuple(map(tuple, self.defined_names)),
               tuple((ws.index, ws.autofilter_area, ws.print_area_range, ws.repeat_col_range, ws.repeat_row_range)
                     for ws in self.worksheets()))
        kept = _PREPARED.get(key)
        if kept is None:
            super()._prepare_defined_names()
            _PREPARED.keep(key, (tuple(map(tuple, self.defined_names)), tuple(self.named_ranges)))
        else:
            self.defined_names, self.named_ranges = list(map(list, kept[0])), list(kept[1])

    def _write_defined_names(self) -> None:
        key = tuple(map(tuple, self.defined_names))
        text = _NAMES.get(key)
        if text is None:
            _NAMES.keep(key, captured(self, super()._write_defined_names))
        else:
            self.fh.write(text)

    def _get_packager(self):
        return _Packager()


class _SharedStrings(SharedStrings):
    def _write_sst_strings(self) -> None:
        real, parts = self.fh, []
        try:
            for string in self.string_table.string_array:
                text = _STRINGS.get(string)
                if text is None:
                    self.fh = io.StringIO()
                    self._write_si(string)
                    text = self.fh.getvalue()
                    _STRINGS.keep(string, text)
                parts.append(text)
        finally:
            self.fh = real
        real.write("".join(parts))


class _Part(io.StringIO):
    """A part's text, or (``data``) its UTF-8 bytes given whole (selfcheck_frame's sheets)."""

    data = None


class _Packager(Packager):
    def _filename(self, xml_filename):
        if not self.in_memory:
            return super()._filename(xml_filename)
        part = _Part()
        self.filenames.append((part, xml_filename, False))
        return part

    def _create_package(self):
        """The parts, those given as bytes zipped as bytes (not encoded again)."""
        return [(io.BytesIO(part.data), name, True) if getattr(part, "data", None) is not None else (part, name, binary)
                for part, name, binary in super()._create_package()]

    def _write_shared_strings_file(self) -> None:
        """Packager's, with each string's element written from a text kept."""
        sst = _SharedStrings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()

    def _write_app_file(self) -> None:
        if not self.in_memory:  # the text is read back from the part's StringIO
            super()._write_app_file()
            return
        sheets = tuple((ws.name, ws.hidden, ws.is_chartsheet) for ws in self.workbook.worksheets())
        properties = self.workbook.doc_properties
        key = (sheets, tuple(self.named_ranges), self.chartsheet_count, self.workbook.read_only,
               tuple((name, properties[name]) for name in _APP_PROPERTIES if name in properties))
        text = _APPS.get(key)
        if text is None:
            before = len(self.filenames)
            super()._write_app_file()
            (written, _, _), = self.filenames[before:]
            _APPS.keep(key, written.getvalue())
        else:
            self._filename("docProps/app.xml").write(text)
