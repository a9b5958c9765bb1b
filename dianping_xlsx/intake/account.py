"""A mailbox to read from, and the one error the mail stage raises (cheap to import)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DianpingError


class MailError(DianpingError):
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

    def open(self, ports: dict[str, int], secure, plain, starttls):
        """A connection to the server as this account asks (ssl | starttls | none), through the
        protocol's own classes: ``secure(host, port, context)``, ``plain(host, port)`` and
        ``starttls(connection, context)``. Returns (connection, port). Errors are the caller's
        to word, as IMAP and SMTP word them differently."""
        import ssl

        port = self.port or ports[self.security]
        context = ssl.create_default_context(cafile=self.cafile or None)
        if self.security == "ssl":
            return secure(self.host, port, context), port
        connection = plain(self.host, port)
        if self.security == "starttls":
            starttls(connection, context)
        return connection, port
