"""Outlook .msg files built property by property, the way Outlook stores a received message
([MS-OXMSG]: an OLE compound file of property streams), generated rather than committed as
blobs. The compound file itself is written by extract-msg's own OleWriter (the optional
``[outlook]`` extra the reader needs anyway).

Two shapes Outlook writes:
- a message received from outside: the internet headers kept whole in
  PR_TRANSPORT_MESSAGE_HEADERS, the reader takes sender, date and subject from them;
- a message with no transport headers (drafted or sent from Outlook itself, or a header-less
  export): only MAPI properties (PR_SENDER_EMAIL_ADDRESS, PR_CLIENT_SUBMIT_TIME, ...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from dataclasses import dataclass

# property types
PT_LONG, PT_BOOLEAN, PT_SYSTIME, PT_STRING8, PT_UNICODE, PT_BINARY = 0x0003, 0x000B, 0x0040, 0x001E, 0x001F, 0x0102
# property ids
SUBJECT, MESSAGE_CLASS, TRANSPORT_HEADERS = 0x0037, 0x001A, 0x007D
CLIENT_SUBMIT_TIME, DELIVERY_TIME = 0x0039, 0x0E06
SENDER_NAME, SENDER_EMAIL, SENDER_ADDRTYPE = 0x0C1A, 0x0C1F, 0x0C1E
SENDER_SMTP = 0x5D01
BODY, INTERNET_CPID, MESSAGE_CODEPAGE, MESSAGE_FLAGS = 0x1000, 0x3FDE, 0x3FFD, 0x0E07
DISPLAY_TO, RECIPIENT_TYPE = 0x0E04, 0x0C15
DISPLAY_NAME, EMAIL_ADDRESS, ADDRTYPE, SMTP_ADDRESS = 0x3001, 0x3003, 0x3002, 0x39FE
ATTACH_DATA, ATTACH_EXTENSION, ATTACH_FILENAME, ATTACH_METHOD = 0x3701, 0x3703, 0x3704, 0x3705
ATTACH_LONG_FILENAME, ATTACH_MIME_TAG, ATTACH_NUM, RENDERING_POSITION = 0x3707, 0x370E, 0x0E21, 0x370B

FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class MsgAttachment:
    name: str
    data: bytes
    mime: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filetime(when: dt.datetime) -> int:
    return int((when - FILETIME_EPOCH).total_seconds() * 10_000_000)


class _Props:
    """One object's properties: fixed ones in the __properties_version1.0 stream, variable ones
    (strings, binaries) in their own __substg1.0_XXXXTTTT streams, their size in the stream."""

    def __init__(self, codepage: str = ""):
        self.entries: list[bytes] = []
        self.streams: dict[str, bytes] = {}
        self.codepage = codepage  # "": Unicode strings (PT_UNICODE); "gbk": ANSI ones (PT_STRING8)

    def fixed(self, pid: int, ptype: int, value: int) -> None:
        packed = struct.pack("<q", value) if ptype == PT_SYSTIME else struct.pack("<I4x", value)
        self.entries.append(struct.pack("<II", (pid << 16) | ptype, 0x6) + packed)

    def text(self, pid: int, value: str) -> None:
        if self.codepage:  # as an older Outlook, or "Outlook 97-2003" format, saves on Chinese Windows
            self._variable(pid, PT_STRING8, value.encode(self.codepage), extra=1)
        else:
            self._variable(pid, PT_UNICODE, value.encode("utf-16-le"), extra=2)

    def binary(self, pid: int, value: bytes) -> None:
        self._variable(pid, PT_BINARY, value)

    def _variable(self, pid: int, ptype: int, data: bytes, extra: int = 0) -> None:
        self.streams[f"__substg1.0_{pid:04X}{ptype:04X}"] = data
        self.entries.append(struct.pack("<IIII", (pid << 16) | ptype, 0x6, len(data) + extra, 0))

    def write(self, ole, prefix: list[str], header: bytes) -> None:
        for name, data in self.streams.items():
            ole.addEntry(prefix + [name], data)
        ole.addEntry(prefix + ["__properties_version1.0"], header + b"".join(self.entries))


def internet_headers(sender_name: str, sender: str, subject: str, when: dt.datetime, to: str) -> str:
    """The header block Outlook keeps for a received message: encoded words as the sender's
    client wrote them (GBK here, as QQ mail and Foxmail do)."""
    import base64

    def word(text: str) -> str:
        return f"=?GBK?B?{base64.b64encode(text.encode('gbk')).decode()}?="

    return (f"Received: from smtp.qq.com (unknown [127.0.0.1])\r\n\tby mail.gov.cn; {when:%a, %d %b %Y %H:%M:%S %z}\r\n"
            f"From: \"{word(sender_name)}\" <{sender}>\r\n"
            f"To: <{to}>\r\n"
            f"Subject: {word(subject)}\r\n"
            f"Date: {when:%a, %d %b %Y %H:%M:%S %z}\r\n"
            f"Message-ID: <{hashlib.sha256((sender + subject).encode()).hexdigest()[:16]}@qq.com>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed;\r\n\tboundary=\"----=_NextPart_000_0001\"\r\n\r\n")


def build_msg(sender_name: str, sender: str, subject: str, when: dt.datetime,
              attachments: list[MsgAttachment], *, transport_headers: bool = True,
              to: str = "cxb@example.gov.cn", body: str = "附件为我单位报表,请查收。", ansi: bool = False) -> bytes:
    """The bytes of an Outlook .msg file holding one message with its attachments; ``ansi``: its
    strings in the system's code page (GBK, code page 936), as an ANSI .msg is saved in China."""
    import io

    from extract_msg import OleWriter

    ole = OleWriter()
    codepage = "gbk" if ansi else ""
    top = _Props(codepage)
    top.text(MESSAGE_CLASS, "IPM.Note")
    top.text(SUBJECT, subject)
    top.text(BODY, body)
    top.text(DISPLAY_TO, to)
    top.text(SENDER_NAME, sender_name)
    top.text(SENDER_EMAIL, sender)
    top.text(SENDER_ADDRTYPE, "SMTP")
    top.text(SENDER_SMTP, sender)
    top.fixed(CLIENT_SUBMIT_TIME, PT_SYSTIME, _filetime(when))
    top.fixed(DELIVERY_TIME, PT_SYSTIME, _filetime(when + dt.timedelta(seconds=20)))
    top.fixed(INTERNET_CPID, PT_LONG, 936 if ansi else 65001)
    if ansi:
        top.fixed(MESSAGE_CODEPAGE, PT_LONG, 936)
    top.fixed(MESSAGE_FLAGS, PT_LONG, 0x1 | (0x10 if attachments else 0))  # read, has attachments
    if transport_headers:
        top.text(TRANSPORT_HEADERS, internet_headers(sender_name, sender, subject, when, to))
    recipient = _Props(codepage)
    recipient.text(DISPLAY_NAME, to)
    recipient.text(EMAIL_ADDRESS, to)
    recipient.text(ADDRTYPE, "SMTP")
    recipient.text(SMTP_ADDRESS, to)
    recipient.fixed(RECIPIENT_TYPE, PT_LONG, 1)
    recipient.write(ole, ["__recip_version1.0_#00000000"], bytes(8))
    for index, attachment in enumerate(attachments):
        props = _Props(codepage)
        props.binary(ATTACH_DATA, attachment.data)
        props.text(ATTACH_LONG_FILENAME, attachment.name)
        props.text(ATTACH_FILENAME, _short_name(attachment.name, index))
        props.text(ATTACH_EXTENSION, "." + attachment.name.rsplit(".", 1)[-1])
        props.text(ATTACH_MIME_TAG, attachment.mime)
        props.fixed(ATTACH_METHOD, PT_LONG, 1)  # ATTACH_BY_VALUE
        props.fixed(ATTACH_NUM, PT_LONG, index)
        props.fixed(RENDERING_POSITION, PT_LONG, 0xFFFFFFFF)
        props.write(ole, [f"__attach_version1.0_#{index:08X}"], bytes(8))
    ole.addEntry(["__nameid_version1.0"], storage=True)
    for name in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        ole.addEntry(["__nameid_version1.0", name], b"")
    header = struct.pack("<8xIIII8x", 1, len(attachments), 1, len(attachments))
    top.write(ole, [], header)
    out = io.BytesIO()
    ole.write(out)
    return out.getvalue()


def _short_name(name: str, index: int) -> str:
    """The 8.3 name Outlook stores beside the long one (ASCII; the long one is what counts)."""
    suffix = name.rsplit(".", 1)[-1][:3].upper()
    return f"ATT{index:05d}.{suffix}"
