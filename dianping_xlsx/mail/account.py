"""A mailbox to read from, and the one error the mail stage raises (cheap to import)."""

from __future__ import annotations

from dataclasses import dataclass, field


class MailError(Exception):
    """A problem with the mailbox or the source as a whole, in Chinese for the clerk."""


@dataclass
class Account:
    host: str
    user: str
    password: str = field(repr=False)  # never shown, logged or written
    port: int = 0  # 0: 993 for ssl, 143 otherwise
    security: str = "ssl"  # ssl | starttls | none
    folder: str = "INBOX"
    cafile: str = ""  # a private certificate authority (some 政务 mail systems)
    timeout: float = 60.0

    @property
    def where(self) -> str:
        return f"{self.user}@{self.host}/{self.folder}"
