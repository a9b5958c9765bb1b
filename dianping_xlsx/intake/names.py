"""Names in mail headers, decoded the way real clients write them.

Python's email package (policy.default) decodes RFC 2047 encoded words and RFC 2231
parameters (filename*=GBK''...). What it leaves: raw 8-bit GBK/GB18030 bytes in a header
(Foxmail and old Outlook send them), which it gives as lone surrogates; encoded words inside
a quoted parameter (filename="=?GBK?B?...?=", which Outlook and QQ mail send, against the
RFC); and encoded words in a charset it does not know by that name (GB2312 text that is GBK).
"""

from __future__ import annotations

import email.header
import email.utils
import re

from ..text import clean_text, printable

_ENCODED_WORD = re.compile(r"=\?([^?]+)\?([bBqQ])\?([^?]*)\?=")
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                    "euc-cn": "gb18030", "gb_2312-80": "gb18030"}


def decode_words(text: str) -> str:
    """Encoded words (=?GBK?B?...?=) anywhere in ``text``, decoded; raw 8-bit bytes read as
    UTF-8 or GB18030. GB2312 and GBK are read as GB18030, their superset (a name in GB2312
    often has a character only GBK has)."""
    text = printable(text)
    if "=?" not in text:
        return text
    out, pos = [], 0
    for m in _ENCODED_WORD.finditer(text):
        between = text[pos:m.start()]
        if between.strip() or not out:  # whitespace between two encoded words is dropped
            out.append(between)
        out.append(_decode_word(m[1], m[2], m[3]) or m[0])
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _decode_word(charset: str, encoding: str, payload: str) -> str:
    charset = charset.split("*")[0].lower()  # =?GBK*zh?B?...?= (RFC 2231 language)
    charset = _CHARSET_ALIASES.get(charset, charset)
    try:
        raw = email.header.decode_header(f"=?utf-8?{encoding}?{payload}?=")[0][0]
        return raw.decode(charset, "replace") if isinstance(raw, bytes) else raw
    except (LookupError, ValueError, UnicodeError):
        return ""


def attachment_name(part) -> str:
    """A part's file name ("" when it has none), decoded and cleaned."""
    try:
        name = part.get_filename() or part.get_param("name", header="content-type") or ""
    except (TypeError, ValueError, LookupError):  # a malformed parameter
        name = ""
    if isinstance(name, tuple):  # an RFC 2231 value the parser could not collapse
        name = email.utils.collapse_rfc2231_value(name, errors="replace", fallback_charset="gb18030")
    if not name or "\ufffd" in str(name):  # raw 8-bit bytes (GBK) that the parser replaced
        name = _raw_name(part) or name
    name = decode_words(str(name))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # a path in the name: keep the last part
    return clean_text(name, 200)


_RAW_PARAM = re.compile(r"""(?:^|;)\s*(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.I)


def _raw_name(part) -> str:
    """The file name as the header's bytes have it (read as UTF-8, else GB18030)."""
    for key in ("Content-Disposition", "Content-Type"):
        for header, value in part.raw_items():
            if header.lower() != key.lower():
                continue
            m = _RAW_PARAM.search(printable(str(value)))
            if m:
                return m[1] if m[1] is not None else m[2]
    return ""


def header_text(message, name: str) -> str:
    """A header's text, decoded (subject, display names)."""
    try:
        value = message.get(name, "")
    except (TypeError, ValueError, LookupError):
        value = message.get_all(name, [""])[0] if hasattr(message, "get_all") else ""
    return clean_text(decode_words(str(value or "")), 200)


def sender(message) -> tuple[str, str]:
    """(display name, address) of the From header; the address lower-cased."""
    raw = header_text(message, "From")
    name, address = email.utils.parseaddr(raw)
    return clean_text(name.strip('"\' '), 60), address.strip().lower()
