"""Outlook's .msg files (a compound file of MAPI properties), read through extract-msg (optional:
pip install extract-msg): one exported by a clerk, or one a unit attached to its mail."""

from __future__ import annotations

import datetime as dt


def read_msg(source: str | bytes) -> tuple[bytes, dt.datetime | None]:
    """The message as the bytes of a mail (its attachments in it) and when Outlook received it.
    ImportError without extract-msg; any other exception for a file it cannot read."""
    import extract_msg

    with extract_msg.openMsg(source) as msg:
        message = msg.asEmailMessage()
        if "Subject" not in message and msg.subject:  # no transport headers: from the properties
            message["Subject"] = msg.subject
        return message.as_bytes(), _msg_time(msg)


def _msg_time(msg) -> dt.datetime | None:
    """When Outlook received the message (PR_MESSAGE_DELIVERY_TIME), as a mailbox knows it; the
    Date header is the sender's own clock."""
    try:
        when = msg.receivedTime
    except Exception:  # noqa: BLE001 - a damaged property: fall back to the Date header
        return None
    return when if isinstance(when, dt.datetime) and when.tzinfo else None
