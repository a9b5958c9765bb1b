"""A cheap look at a file before any parser sees it.

Units' files are untrusted. The native reader (python-calamine) can abort the
whole process on a few kilobytes of hostile input, and XML parsers can be
made to expand entities without end. So before parsing, each file is checked
against limits: its size; for zip containers (.xlsx, .xlsm, .ods) the entry
count, declared and real unpacked sizes, compression ratio, any DOCTYPE or
ENTITY declaration, strict OOXML, each sheet's dimension and farthest cell,
the shared-strings count and merged ranges. The scan also notes error cells
(#DIV/0!) and formulas without a cached value, which the reader returns as
blanks: they must be reported, never read as 0.

The formats' own scans: scan_xls.py (.xls), scan_zip.py (.xlsx, .xlsm, .ods container),
scan_ods.py (.ods content); what they share: refusal.py.
"""

from __future__ import annotations

import io
import os
import stat

from ..settings import DEFAULT_LIMITS, Limits  # noqa: F401 - the limits live in settings.py
from ..text import os_reason
from .refusal import Refused, Scan  # noqa: F401 - every stage finds them here
from .scan_ods import scan_ods  # noqa: F401
from .scan_xls import is_encrypted, scan_xls
from .scan_zip import scan_zip


ZIP_MAGIC = b"PK\x03\x04"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_TEXTLIKE = (b"<html", b"<!doctype html", b"<table", b"<?xml", b"\xef\xbb\xbf<")


def prescan(path, limits: Limits, document: bool = False) -> Scan:
    """Read the file (bounded) and check it; raise Refused, else return what the reader needs.
    ``document``: a Word file is what is asked for (a notice to draft), not refused as no table."""
    max_bytes = int(limits.max_file_mb * 1024 * 1024)
    data, mtime = read_bounded(path, max_bytes + 1)
    if not data:
        raise Refused("file.empty")
    if len(data) > max_bytes:
        raise Refused("limit.file-size", limit=f"{limits.max_file_mb:g} MB")
    if data.startswith(OLE_MAGIC) and is_encrypted(data):
        data = _without_default_password(data)  # Excel opens it without asking: so do we
    if data.startswith(OLE_MAGIC):
        scan = Scan(data, *scan_xls(data, limits, document))
    elif data.startswith(ZIP_MAGIC):
        scan = scan_zip(data, limits, document)
    else:
        raise _not_a_spreadsheet(data)
    scan.mtime = mtime
    return scan


# Excel's built-in password: a workbook encrypted with it (Excel does so for a workbook whose structure
# is protected, some tools for any) opens in Excel and WPS without asking; the unit knows of no password
DEFAULT_PASSWORD = "VelvetSweatshop"


def _without_default_password(data: bytes) -> bytes:
    """An encrypted workbook decrypted with Excel's built-in password; Refused (file.encrypted) when
    it has a password of its own (or cannot be decrypted). The result is pre-scanned as any file."""
    import msoffcrypto  # only for encrypted files, which are few

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if office.format == "ooxml":
            office.load_key(password=DEFAULT_PASSWORD, verify_password=True)
        else:  # an .xls (RC4, XOR): its key is verified as it is loaded
            office.load_key(password=DEFAULT_PASSWORD)
        plain = io.BytesIO()
        office.decrypt(plain)
    except Exception:  # noqa: BLE001 - a password of its own, or encrypted otherwise: said as encrypted
        raise Refused("file.encrypted") from None
    data = plain.getvalue()
    if not data.startswith((ZIP_MAGIC, OLE_MAGIC)) or (data.startswith(OLE_MAGIC) and is_encrypted(data)):
        raise Refused("file.encrypted")
    return data


def _not_a_spreadsheet(data: bytes) -> Refused:
    """Why a file neither a zip nor an OLE file is refused: a text in disguise, or no table at all."""
    head = data[:512].lstrip().lower()
    if head.startswith(_TEXTLIKE) or _looks_like_text(data[:2048]):
        return Refused("file.disguised")
    return Refused("file.corrupt", detail="不是 Excel 或 WPS 保存的表格文件")


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)  # looked up once


def read_bounded(path, size: int) -> tuple[bytes, float]:
    """At most ``size`` bytes of a regular file, and when it was last written (the opened file's
    own: no second look-up of its path); Refused with the OS reason when it cannot be read (no
    permission, held by another program), or when it is not a regular file (a FIFO would block)."""
    try:
        # opened without waiting (a FIFO's open would block until a writer comes), then asked
        # what it is; read as much as it holds (one byte more tells a file grown past ``size``)
        fd = os.open(path, _OPEN_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise Refused("file.not-regular", what="管道或设备")
            return _read_all(fd, min(size, info.st_size + 1)), info.st_mtime
        finally:
            os.close(fd)
    except OSError as exc:
        raise Refused("file.unreadable", reason=os_reason(exc)) from None


def _read_all(fd: int, size: int) -> bytes:
    """Up to ``size`` bytes (a raw read may return fewer than asked: read on until the end)."""
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _looks_like_text(sample: bytes) -> bool:
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = sample.decode("gb18030")
        except UnicodeDecodeError:
            return False
    return bool(text) and sum(c.isprintable() or c in "\r\n\t" for c in text) / len(text) > 0.95
