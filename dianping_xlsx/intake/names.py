"""Names in mail headers, decoded the way real clients write them.

Python's email package (policy.default) decodes RFC 2047 encoded words and RFC 2231
parameters (filename*=GBK''...). What it leaves: a name continued over several parameters
(filename*0*=UTF-8''…; filename*1*=…) with a character's bytes cut between them, which Thunderbird
and Apple Mail send and which it decodes piece by piece (joined here as bytes first); raw 8-bit GBK/GB18030 bytes in a header
(Foxmail and old Outlook send them), which it gives as lone surrogates; encoded words inside
a quoted parameter (filename="=?GBK?B?...?=", which Outlook and QQ mail send, against the
RFC); and encoded words in a charset it does not know by that name (GB2312 text that is GBK).
"""

from __future__ import annotations

import email.header
import email.utils
import re
import urllib.parse

from ..text import clean_text, printable

_ENCODED_WORD = re.compile(r"=\?([^?]+)\?([bBqQ])\?([^?]*)\?=")
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                    "euc-cn": "gb18030", "gb_2312-80": "gb18030"}


def decode_words(text: str) -> str:
    """Encoded words (=?GBK?B?...?=) anywhere in ``text``, decoded; raw 8-bit bytes read as
    UTF-8 or GB18030. GB2312 and GBK are read as GB18030, their superset (a name in GB2312
    often has a character only GBK has). Adjacent words of one charset are joined before they
    are decoded: Foxmail splits a name's bytes across words, a character's two bytes too."""
    text = raw_text(text)
    if "=?" not in text:
        return printable(text)
    out, pos = [], 0
    run: list[tuple[str, bytes]] = []  # (charset, bytes) of adjacent encoded words
    for m in _ENCODED_WORD.finditer(text):
        between = text[pos:m.start()]
        if between.strip():  # text between two encoded words ends a run (whitespace does not)
            out.append(_decode_run(run))
            run = []
            out.append(between)
        elif not out and not run:
            out.append(between)
        charset = _charset(m[1])
        data = _word_bytes(m[2], m[3])
        if data is None:
            out.append(_decode_run(run) + m[0])
            run = []
        elif run and run[-1][0] != charset:
            out.append(_decode_run(run))
            run = [(charset, data)]
        else:
            run.append((charset, data))
        pos = m.end()
    out.append(_decode_run(run))
    out.append(text[pos:])
    return printable("".join(out))


def _charset(name: str) -> str:
    name = name.split("*")[0].lower()  # =?GBK*zh?B?...?= (RFC 2231 language)
    return _CHARSET_ALIASES.get(name, name)


def _word_bytes(encoding: str, payload: str) -> bytes | None:
    """The bytes an encoded word carries (None when they cannot be read)."""
    try:
        raw = email.header.decode_header(f"=?latin-1?{encoding}?{payload}?=")[0][0]
    except (ValueError, UnicodeError):
        return None
    return raw if isinstance(raw, bytes) else raw.encode("latin-1", "replace")


def _decode_run(run: list[tuple[str, bytes]]) -> str:
    if not run:
        return ""
    data = b"".join(d for _, d in run)
    try:
        return data.decode(run[0][0])
    except LookupError:  # a charset Python does not know by that name: the bytes as we would read them
        return _bytes_text(data)
    except UnicodeDecodeError:
        return _bytes_text(data) if run[0][0] in ("utf-8", "gb18030") else data.decode(run[0][0], "replace")


def _bytes_text(data: bytes) -> str:
    """Bytes a header carries without saying how: UTF-8 when they are valid UTF-8, else GB18030
    (which decodes any byte sequence; an undecodable one is kept as an escape, never U+FFFD)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "backslashreplace")


def raw_text(text: str) -> str:
    """A header value with raw 8-bit bytes in it (the parser gives them as lone surrogates):
    those bytes decoded as UTF-8 or GB18030."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return _bytes_text(text.encode("utf-8", "surrogateescape"))


def attachment_name(part) -> str:
    """A part's file name ("" when it has none), decoded and cleaned."""
    try:
        name = part.get_filename() or part.get_param("name", header="content-type") or ""
    except (TypeError, ValueError, LookupError):  # a malformed parameter
        name = ""
    if isinstance(name, tuple):  # an RFC 2231 value the parser could not collapse
        name = email.utils.collapse_rfc2231_value(name, errors="replace", fallback_charset="gb18030")
    name = _continued_name(part) or name  # pieces joined before decoding: a character cut between them
    raw = _raw_name(part)  # the header's own bytes: raw GBK, or encoded words split mid-character
    if raw and (not name or "\ufffd" in str(name) or "=?" in raw):
        name = raw
    name = decode_words(str(name))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # a path in the name: keep the last part
    return clip_name(name)


def clip_name(name: str, limit: int = 200) -> str:
    """A file's name cleaned and cut to ``limit`` characters before its extension (统计表….xlsx),
    so that a very long name still says what kind of file it is."""
    stem, dot, ext = name.rpartition(".")
    if not (dot and stem.strip() and 1 <= len(ext) <= 5 and ext.isascii() and ext.isalnum()):
        return clean_text(name, limit)
    return clean_text(stem, limit - len(ext) - 1) + "." + ext


_RAW_PARAM = re.compile(r"""(?:^|;)\s*(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.I)


def _raw_name(part) -> str:
    """The file name as the header's bytes have it (read as UTF-8, else GB18030)."""
    for key in ("Content-Disposition", "Content-Type"):
        for header, value in part.raw_items():
            if header.lower() != key.lower():
                continue
            m = _RAW_PARAM.search(" ".join(str(value).split()))
            if m:
                return raw_text(m[1] if m[1] is not None else m[2])
    return ""


_PIECE = re.compile(r"""(?:^|;)\s*(file)?name\*(\d+)(\*?)\s*=\s*(?:"([^"]*)"|([^;\s]*))""", re.I)


def _continued_name(part) -> str:
    """A file name continued over several RFC 2231 parameters (filename*0*=UTF-8''%E5%8E%BF…;
    filename*1*=%B9…), its pieces joined as bytes and then decoded ("" when the name is not
    continued): a character's percent escapes may be cut between two pieces."""
    for key, file in (("Content-Disposition", True), ("Content-Type", False)):
        for header, value in part.raw_items():
            if header.lower() != key.lower():
                continue
            pieces: dict[int, tuple[bool, str]] = {}
            for m in _PIECE.finditer(" ".join(str(value).split())):
                if bool(m[1]) == file:
                    pieces.setdefault(int(m[2]), (m[3] == "*", m[4] if m[4] is not None else m[5]))
            if 0 in pieces:
                return _joined(pieces)
    return ""


def _joined(pieces: dict[int, tuple[bool, str]]) -> str:
    """The pieces 0, 1, … (up to the first one missing) as one name: the first encoded piece says
    its charset (UTF-8''…); encoded pieces are percent escapes (one may be cut between two pieces:
    unquoted once they are joined), the others plain text."""
    charset, escaped = "", ""
    for n in range(len(pieces)):
        if n not in pieces:
            break
        encoded, text = pieces[n]
        if n == 0 and encoded and text.count("'") >= 2:
            charset, _, text = text.split("'", 2)
        escaped += text if encoded else urllib.parse.quote(text.encode("utf-8", "surrogateescape"))
    data = urllib.parse.unquote_to_bytes(escaped)
    try:
        return data.decode(_charset(charset)) if charset else _bytes_text(data)
    except (LookupError, UnicodeDecodeError):
        return _bytes_text(data)


def header_text(message, name: str) -> str:
    """A header's text, decoded (subject, display names). Read from the header's own bytes: the
    parser's decoding loses raw 8-bit bytes (U+FFFD) and decodes split encoded words one by one."""
    value = next((v for k, v in message.raw_items() if k.lower() == name.lower()), None) \
        if hasattr(message, "raw_items") else None
    if value is None:
        try:
            value = message.get(name, "")
        except (TypeError, ValueError, LookupError):
            value = ""
    value = " ".join(str(value or "").split())  # folded lines unfolded
    return clean_text(decode_words(value), 200)


def sender(message) -> tuple[str, str]:
    """(display name, address) of the From header; the address lower-cased."""
    raw = header_text(message, "From")
    name, address = email.utils.parseaddr(raw)
    return clean_text(name.strip('"\' '), 60), address.strip().lower()
