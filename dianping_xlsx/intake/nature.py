"""Messages that are no unit's report, known by what they are before any attachment is looked at:
a delivery failure (a bounce: a multipart/report of delivery-status, a message/delivery-status part,
a mail from MAILER-DAEMON or postmaster), an automatic reply (Auto-Submitted, X-Autoreply,
X-Autorespond, Precedence: auto_reply, a subject of 自动回复 / Auto Reply / Out of Office), and the
office's own mail (its copy of what it sent, a Cc to itself: from one of its own addresses). Nothing
is saved from them: a bounce carries back the mail that could not be delivered (a reminder's blank
template, a return file), which would otherwise stand for the unit. Mail written by this tool from
another address is another office's (the level above's 退回 of this office's report, a lower
office's 上报): saved, and said what it is (from_above)."""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from dataclasses import dataclass, field

from ..manifest import when_zh
from .names import header_text, sender

BOUNCE, DELIVERY_NOTE, AUTO_REPLY, OWN = "bounce", "delivery-note", "auto-reply", "own"
MAILER = "dianping-xlsx"  # the X-Mailer of what this tool sends (send/outbox.compose): its copy is the office's own
_DAEMONS = ("mailer-daemon", "postmaster", "mail-daemon")
_BOUNCE_SUBJECT = re.compile(r"^\s*(系统退信|退信|Undeliverable|Undelivered Mail|Delivery Status Notification \(Failure\)"
                             r"|Mail delivery failed|Returned mail|Delivery Failure|Failure Notice)", re.I)
_AUTO_SUBJECT = re.compile(r"^\s*(自动回复|自动答复|Auto[- ]?Reply|Automatic reply|Out of Office|AutoReply)", re.I)
_RECIPIENT = re.compile(r"(?im)^\s*(?:Final|Original)-Recipient\s*:\s*[^;\r\n]*;\s*<?([^\s<>;]+@[^\s<>;]+?)>?\s*$")
_FIELD = re.compile(r"(?im)^\s*({name})\s*:\s*(.+?)\s*$")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Nature:
    """What a message is, when it is no unit's report: its kind and the words for the clerk."""

    kind: str
    reason: str  # Chinese: what it is and what to do
    bounced: list[str] = field(default_factory=list)  # a bounce: the addresses that could not be reached


def nature_of(message, own: frozenset[str] = frozenset()) -> Nature | None:
    """None for a message that may be a unit's report; else what it is (the office's own mail,
    a bounce or a delivery note, an automatic reply)."""
    _, address = sender(message)
    if address and address in own:
        return Nature(OWN, "本单位自己发出的邮件(抄送或发给自己的副本),不是单位的报送,没有保存其中的附件。")
    if _is_bounce(message, address):
        return _bounce(message, own | {address})
    if _is_auto_reply(message):
        return Nature(AUTO_REPLY, "这是一封自动回复(如“我已收到,会尽快处理”),不是报送,没有保存其中的附件。"
                                  "该单位仍按未报送处理。")
    return None


def _ours(message) -> bool:
    return str(message.get("X-Mailer", "") or "").strip().lower().startswith(MAILER)


def from_above(message, data: bytes) -> str:
    """What a saved attachment is, when it is the level above's opinion on this office's report: a
    return file (审核意见) another office sent with this tool ("" for anything else: a unit sends its
    corrected return file back with its own mail program)."""
    from ..model import RETURN_UNIT_PROPERTY
    from ..read.scan_zip import custom_properties

    if not _ours(message):
        return ""
    unit = custom_properties(data).get(RETURN_UNIT_PROPERTY, "")
    return (f"这是上级退回“{unit}”上报的审核意见,不是下级单位的报送,汇总时不计入:"
            "请按其中的意见修改后重新汇总、上报。") if unit else ""


def _is_bounce(message, address: str) -> bool:
    if message.get_content_type() == "multipart/report" and \
            str(message.get_param("report-type", "") or "").lower() == "delivery-status":
        return True
    if any(p.get_content_type() in ("message/delivery-status", "message/global-delivery-status") for p in message.walk()):
        return True
    local = address.split("@")[0]
    return local in _DAEMONS or bool(_BOUNCE_SUBJECT.match(header_text(message, "Subject")))


def _is_auto_reply(message) -> bool:
    auto = str(message.get("Auto-Submitted", "") or "").strip().lower()
    if auto and not auto.startswith("no"):
        return True
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoreply-From"):
        value = str(message.get(name, "") or "").strip().lower()
        if name in message and value not in ("no", "false", "0"):
            return True
    if str(message.get("Precedence", "") or "").strip().lower() == "auto_reply":
        return True
    return bool(_AUTO_SUBJECT.match(header_text(message, "Subject")))


def _bounce(message, not_them: frozenset[str]) -> Nature:
    """A bounce (or a delay note): which addresses, for which mail, and why, as the report says."""
    status = _status_text(message)
    original = _original(message)
    to = list(dict.fromkeys(a.lower() for a in _RECIPIENT.findall(status)))
    if not to and original is not None:
        to = [a.lower() for _, a in email.utils.getaddresses([str(original.get("To", "") or "")]) if "@" in a]
    if not to:
        to = [a for a in dict.fromkeys(a.lower() for a in _ADDRESS.findall(_first_text(message))) if a not in not_them]
    what = f"“{header_text(original, 'Subject') or '(无主题)'}”" if original is not None else ""
    sent = _sent_day(original)
    where = "、".join(to) or "(退信中没有写明地址)"
    actions = {a.lower() for a in _fields(status, "Action")}
    if actions and "failed" not in actions:
        return Nature(DELIVERY_NOTE, f"邮件系统的投递通知(发往 {where} 的邮件{what}{sent}:{'、'.join(sorted(actions))}),"
                                     "不是报送,没有保存其中的附件。")
    why = next(iter(_fields(status, "Diagnostic-Code")), "") or next(iter(_fields(status, "Status")), "")
    why = why.split(";", 1)[-1].strip()[:120]
    return Nature(BOUNCE, f"退信:发往 {where} 的邮件{what}{sent}无法投递{f'({why})' if why else ''}。"
                          "这是邮件系统退回的邮件,不是报送,没有保存其中的附件。请核对这个地址(名册“邮箱”列),"
                          "改正后重新发送。", to)


def _status_text(message) -> str:
    """The delivery-status part(s) as text (the parser gives their header blocks as messages)."""
    out = []
    for part in message.walk():
        if part.get_content_type() not in ("message/delivery-status", "message/global-delivery-status"):
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else [payload]
        for block in blocks:
            try:
                out.append(block.as_string() if hasattr(block, "as_string") else str(block))
            except Exception:  # noqa: BLE001 - a damaged block: the rest still tells
                continue
    return "\n".join(out)


def _fields(text: str, name: str) -> list[str]:
    return [m[2] for m in re.finditer(_FIELD.pattern.format(name=re.escape(name)), text, re.I | re.M)]


def _original(message):
    """The mail that came back (message/rfc822, or its headers alone: text/rfc822-headers), or None."""
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if hasattr(inner, "get"):
                return inner
        if ctype in ("text/rfc822-headers", "message/rfc822-headers"):
            try:
                data = part.get_payload(decode=True) or b""
                return email.message_from_bytes(data, policy=email.policy.default)
            except Exception:  # noqa: BLE001 - unreadable headers: said without the mail's subject
                return None
    return None


def _sent_day(original) -> str:
    """(6月29日09:00发出), from the returned mail's Date; "" when it has none."""
    if original is None:
        return ""
    try:
        when = email.utils.parsedate_to_datetime(str(original.get("Date", "") or ""))
    except (TypeError, ValueError, IndexError):
        return ""
    return f"({when_zh(when.isoformat())}发出)" if when is not None and when.tzinfo else ""


def _first_text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            try:
                text = part.get_content()
            except Exception:  # noqa: BLE001 - an undecodable body
                return ""
            return text if isinstance(text, str) else ""
    return ""
