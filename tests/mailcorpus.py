"""Messages built the way real mail clients write them (not through Python's email generator):
Outlook, Foxmail, QQ mail web and Apple Mail header styles; GBK and UTF-8; base64 and
quoted-printable; attachment names in every encoding seen in the wild. Generated, never
committed as blobs."""

from __future__ import annotations

import base64
import hashlib
import datetime as dt
import io
import quopri
import urllib.parse
import zipfile
from dataclasses import dataclass

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CLIENTS = {
    "outlook": "Microsoft Outlook 16.0",
    "foxmail": "Foxmail 7.2.25.228[cn]",
    "qq": "QQMail 2.x",
    "apple": "Apple Mail (2.3731.700.6)",
}
NAME_STYLES = ("rfc2047-gbk", "rfc2047-gb2312-q", "rfc2047-utf8", "rfc2231-gbk", "rfc2231-utf8-continued",
               "raw-gbk", "rfc2047-split", "none")


def _stable(*parts) -> int:
    """A number from the parts, the same in every run (hash() of a str is not)."""
    return int(hashlib.sha256(repr(parts).encode()).hexdigest()[:12], 16)


def _b(text: str, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode('gbk' if charset.upper() in ('GBK', 'GB2312', 'GB18030') else charset)).decode()}?="


def _q(text: str, charset: str) -> str:
    raw = text.encode("gbk")
    return f"=?{charset}?Q?" + "".join(f"={b:02X}" if b > 127 or chr(b) in "?=_ " else chr(b) for b in raw) + "?="


def name_params(name: str, style: str) -> tuple[bytes, bytes]:
    """(Content-Type parameters, Content-Disposition parameters) for a file name."""
    if style == "rfc2047-gbk":  # Outlook, QQ mail web: an encoded word inside quotes
        v = _b(name, "GBK")
        return f'; name="{v}"'.encode(), f'; filename="{v}"'.encode()
    if style == "rfc2047-gb2312-q":
        v = _q(name, "gb2312")
        return f'; name="{v}"'.encode(), f'; filename="{v}"'.encode()
    if style == "rfc2047-utf8":  # QQ mail, Apple Mail (short names)
        v = _b(name, "UTF-8")
        return f'; name="{v}"'.encode(), f'; filename="{v}"'.encode()
    if style == "rfc2231-gbk":  # Foxmail
        v = urllib.parse.quote(name.encode("gbk"))
        return f'; name="{_b(name, "GBK")}"'.encode(), f"; filename*=GBK''{v}".encode()
    if style == "rfc2231-utf8-continued":  # Apple Mail, Thunderbird: long names on several lines
        v = urllib.parse.quote(name.encode("utf-8"))
        pieces, piece = [], ""
        for token in _triplets(v):  # a piece never cuts a %XX escape (it may cut a character)
            if len(piece) + len(token) > 40:
                pieces.append(piece)
                piece = ""
            piece += token
        pieces.append(piece)
        disp = "".join(f";\r\n filename*{n}*={'UTF-8' + chr(39) * 2 if n == 0 else ''}{p}" for n, p in enumerate(pieces))
        return b"", disp.encode()
    if style == "raw-gbk":  # old Foxmail, Outlook Express: 8-bit GBK bytes, unencoded
        return b'; name="' + name.encode("gbk") + b'"', b'; filename="' + name.encode("gbk") + b'"'
    if style == "rfc2047-split":  # Outlook: a long name as several encoded words on folded lines
        half = len(name) // 2
        v = f"{_b(name[:half], 'GBK')}\r\n {_b(name[half:], 'GBK')}"
        return f'; name="{v}"'.encode(), f'; filename="{v}"'.encode()
    if style == "none":
        return b"", b""
    raise ValueError(style)


def _triplets(quoted: str) -> list[str]:
    out, i = [], 0
    while i < len(quoted):
        step = 3 if quoted[i] == "%" else 1
        out.append(quoted[i:i + step])
        i += step
    return out


@dataclass
class Attachment:
    name: str
    data: bytes
    style: str = "rfc2047-gbk"
    ctype: str = XLSX_TYPE


def message(sender_name: str, sender: str, subject: str, when: dt.datetime, attachments: list[Attachment],
            client: str = "outlook", body: str = "请查收。", html: str = "", message_id: str = "",
            to: str = "czb@example.gov.cn") -> bytes:
    """One message's bytes, CRLF line ends, as ``client`` writes it."""
    boundary = f"----=_NextPart_{_stable(sender, subject, when) % 10**12:012d}"
    charset = "GBK" if client in ("outlook", "foxmail") else "UTF-8"
    date = when.strftime("%a, %d %b %Y %H:%M:%S %z")
    head = [
        f"From: {_b(sender_name, charset)} <{sender}>".encode(),
        f"To: <{to}>".encode(),
        f"Subject: {_b(subject, charset)}".encode(),
        f"Date: {date}".encode(),
        f"Message-ID: <{message_id or _stable(sender, subject, when)}@{sender.split('@')[1]}>".encode(),
        b"MIME-Version: 1.0",
        f"X-Mailer: {CLIENTS[client]}".encode(),
        f'Content-Type: multipart/mixed;\r\n\tboundary="{boundary}"'.encode(),
    ]
    parts = [_text_part(body, "plain", charset, client)]
    if html:
        parts.append(_text_part(html, "html", charset, client))
    for att in attachments:
        ct, cd = name_params(att.name, att.style)
        encoded = base64.encodebytes(att.data).replace(b"\n", b"\r\n")
        parts.append(b"Content-Type: " + att.ctype.encode() + ct + b"\r\nContent-Transfer-Encoding: base64\r\n"
                     b"Content-Disposition: attachment" + cd + b"\r\n\r\n" + encoded)
    out = b"\r\n".join(head) + b"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n"
    for part in parts:
        out += f"--{boundary}\r\n".encode() + part + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def _text_part(text: str, kind: str, charset: str, client: str) -> bytes:
    raw = text.encode("gbk" if charset == "GBK" else "utf-8")
    if client in ("outlook", "apple"):
        return (f"Content-Type: text/{kind}; charset=\"{charset.lower()}\"\r\n"
                "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() + quopri.encodestring(raw).replace(b"\n", b"\r\n")
    return (f"Content-Type: text/{kind}; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode() \
        + base64.encodebytes(raw).replace(b"\n", b"\r\n")


def forwarded(outer_sender_name: str, outer_sender: str, when: dt.datetime, inner: bytes) -> bytes:
    """A message forwarded as an attachment (message/rfc822), as Outlook does."""
    boundary = "----=_Fwd_0001"
    head = (f"From: {_b(outer_sender_name, 'GBK')} <{outer_sender}>\r\nTo: <czb@example.gov.cn>\r\n"
            f"Subject: {_b('转发:报表', 'GBK')}\r\nDate: {when.strftime('%a, %d %b %Y %H:%M:%S %z')}\r\n"
            f"Message-ID: <fwd{_stable(inner) % 10**9}@example.cn>\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n').encode()
    return (head + f"--{boundary}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n转发\r\n".encode()
            + f"--{boundary}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n".encode()
            + inner + f"\r\n--{boundary}--\r\n".encode())


def gbk_zip(members: dict[str, bytes]) -> bytes:
    """A .zip as Windows' own compressor writes it: member names in GBK, no UTF-8 flag."""
    buf = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            fake = (f"{n:02d}" + "x" * len(raw))[: len(raw)]
            placeholders[fake.encode()] = raw
            zf.writestr(fake, data)
    out = buf.getvalue()
    for fake, raw in placeholders.items():
        out = out.replace(fake, raw)
    return out


QQ_LARGE_HTML = ('<div>从QQ邮箱发来的超大附件</div><div><a href="https://mail.qq.com/cgi-bin/ftnExs_download?'
                 't=exs_ftn_download&k=abc&code=1234">2011年统计表.xlsx (32.5M, 2011年07月20日 10:00 到期)</a></div>')


def bounce(original: bytes, recipient: str, when: dt.datetime, daemon: str = "MAILER-DAEMON@qq.com",
           diagnostic: str = "smtp; 550 User unknown") -> bytes:
    """A delivery failure as Postfix and QQ mail send it (RFC 3464): a multipart/report of
    delivery-status, the text, the status part, and the whole mail that could not be delivered."""
    boundary = f"bounce-{_stable(original, recipient) % 10**9}"
    head = (f"From: Mail Delivery System <{daemon}>\r\nTo: czb@example.gov.cn\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nDate: {when.strftime('%a, %d %b %Y %H:%M:%S %z')}\r\n"
            f"Message-ID: <bounce{_stable(original) % 10**9}@{daemon.split('@')[1]}>\r\nAuto-Submitted: auto-replied\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;\r\n"
            f'\tboundary="{boundary}"\r\n\r\n').encode()
    status = (f"Reporting-MTA: dns; mx.{daemon.split('@')[1]}\r\n\r\nFinal-Recipient: rfc822; {recipient}\r\n"
              f"Original-Recipient: rfc822;{recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
              f"Diagnostic-Code: {diagnostic}\r\n")
    return (head + f"--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThis is the mail system. "
            f"Your message could not be delivered to {recipient}.\r\n".encode()
            + f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n{status}\r\n".encode()
            + f"--{boundary}\r\nContent-Type: message/rfc822\r\n\r\n".encode() + original
            + f"\r\n--{boundary}--\r\n".encode())


def auto_reply(sender_name: str, sender: str, subject: str, when: dt.datetime, header: str = "Auto-Submitted: auto-replied") -> bytes:
    """An out-of-office answer as QQ mail and Exchange send it: the header that says so, a short text."""
    return (f"From: {_b(sender_name, 'UTF-8')} <{sender}>\r\nTo: <czb@example.gov.cn>\r\n"
            f"Subject: {_b('自动回复: ' + subject, 'UTF-8')}\r\nDate: {when.strftime('%a, %d %b %Y %H:%M:%S %z')}\r\n"
            f"Message-ID: <auto{_stable(sender, when) % 10**9}@{sender.split('@')[1]}>\r\n{header}\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode() \
        + base64.encodebytes("您好,您的邮件已收到,我会尽快处理。这是一封自动回复邮件。".encode()).replace(b"\n", b"\r\n")
