"""SMTP login with a user name or password (授权码) that is not ASCII.

smtplib's ``login()`` encodes the credentials as ASCII and raises UnicodeEncodeError for
anything else. RFC 4616 (AUTH PLAIN) carries UTF-8, and LOGIN and CRAM-MD5 servers take the
bytes they are given, so a non-ASCII login sends the AUTH exchange itself with the UTF-8 bytes:
PLAIN when the server offers it, else LOGIN, else CRAM-MD5. An ASCII login goes through
smtplib unchanged. A refusal is smtplib's SMTPAuthenticationError, as ``login()`` raises it;
a server offering none of these is a MailError in Chinese.
"""

from __future__ import annotations

import base64
import hmac
import smtplib

MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")  # the order tried, as smtplib tries them


def login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in as ``user``; smtplib's own login when both words are ASCII."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    for mechanism in MECHANISMS:
        if mechanism in offered:
            _AUTH[mechanism](smtp, user.encode("utf-8"), password.encode("utf-8"))
            return
    from ..intake.account import MailError

    raise MailError(f"发信服务器只接受 {' '.join(offered) or '未知'} 方式登录,用户名或密码(授权码)中的汉字等"
                    "非英文字符无法用这种方式发送。请在邮箱设置中改用只含英文字母和数字的密码(授权码)。")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _expect(reply: tuple[int, bytes], codes: tuple[int, ...]) -> bytes:
    code, text = reply
    if code not in codes:
        raise smtplib.SMTPAuthenticationError(code, text)
    return text


def _plain(smtp, user: bytes, password: bytes) -> None:
    credentials = _b64(b"\0" + user + b"\0" + password)
    code, text = smtp.docmd("AUTH", "PLAIN " + credentials)
    if code == 334:  # a server that wants the credentials on a line of their own
        code, text = smtp.docmd(credentials)
    _expect((code, text), (235, 503))  # 503: already authenticated


def _login(smtp, user: bytes, password: bytes) -> None:
    _expect(smtp.docmd("AUTH", "LOGIN " + _b64(user)), (334,))
    _expect(smtp.docmd(_b64(password)), (235, 503))


def _cram_md5(smtp, user: bytes, password: bytes) -> None:
    challenge = base64.b64decode(_expect(smtp.docmd("AUTH", "CRAM-MD5"), (334,)))
    answer = user + b" " + hmac.HMAC(password, challenge, "md5").hexdigest().encode("ascii")
    _expect(smtp.docmd(_b64(answer)), (235, 503))


_AUTH = {"PLAIN": _plain, "LOGIN": _login, "CRAM-MD5": _cram_md5}
