"""A mailbox to read from, and the one error the mail stage raises (cheap to import)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..errors import DianpingError


class MailError(DianpingError):
    """A problem with the mailbox or the source as a whole, in Chinese for the clerk."""


@dataclass(frozen=True)
class MailWords:
    """How the face that asks names its mail settings, for the advice in mail errors: the command
    line's options (these defaults) or the desk's fields (its own instance). ``setting`` is how a
    change of encryption and port is written, with {mode} (the face's name of ssl, starttls,
    none, from ``modes``) and {port}; ``lead`` the words before such changes."""
    host: str = "--host"
    cafile: str = "用 --cafile 指定"
    folder: str = "--folder"  # "": the face has no folder to change
    setting: str = "--security {mode} --port {port}"
    lead: str = "请用 "
    modes: tuple[tuple[str, str], ...] = (("ssl", "ssl"), ("starttls", "starttls"), ("none", "none"))

    def mode(self, code: str) -> str:
        return dict(self.modes).get(code, code)

    def change(self, code: str, port: int) -> str:
        """One setting the clerk may change to: --security ssl --port 993."""
        return self.setting.format(mode=self.mode(code), port=port)

    def options(self, ports: dict[str, int]) -> str:
        """The two encrypted settings of a protocol, ssl first."""
        return f"{self.change('ssl', ports['ssl'])},或 {self.change('starttls', ports['starttls'])}"


COMMAND_LINE = MailWords()
IMAP_PORTS = {"ssl": 993, "starttls": 143, "none": 143}
SMTP_PORTS = {"ssl": 465, "starttls": 587, "none": 25}
LOOPBACK = "localhost、127.0.0.1"


def clear_text_problem(host: str, security: str, server: str, ports: dict[str, int],
                       words: MailWords = COMMAND_LINE, outcome: str = "没有连接") -> str:
    """Why a password may not go to ``host`` with this ``security`` ("" when it may): unencrypted
    only to this machine. ``server`` names the server as the face does (收信服务器), ``outcome``
    what was not done (没有连接, 没有保存)."""
    if security != "none" or not host or is_loopback(host):
        return ""
    return (f"{server} {host} 不在本机:加密方式“{words.mode('none')}”只能用于本机的邮件服务器({LOOPBACK}),"
            f"否则邮箱密码(授权码)会以明文经过网络,可能被他人截获。{outcome}。"
            f"{words.lead}{words.options(ports)}(用哪一种请问邮件系统管理员;QQ、163 邮箱用 {words.mode('ssl')})。")


def check_cafile(path: str, words: MailWords = COMMAND_LINE):
    """An SSL context trusting the certificates of the file ``path`` too (the system's when
    ""); MailError when the file cannot be used, said in the face's words."""
    import ssl

    try:
        return ssl.create_default_context(cafile=path or None)
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        why = ("找不到这个文件" if isinstance(exc, FileNotFoundError) else
               "不是 PEM 格式的证书" if isinstance(exc, (ssl.SSLError, ValueError)) else "读不出这个文件")
        raise MailError(f"根证书文件“{path}”不能使用({why})。请向邮件系统管理员要来服务器的根证书"
                        f"(.pem 或 .crt 文件,以 -----BEGIN CERTIFICATE----- 开头),再{words.cafile}。") from None


def is_loopback(host: str) -> bool:
    """A server on this machine: localhost, 127.0.0.0/8 or ::1 (only these: a name that merely
    resolves to this machine today may not tomorrow)."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass
class Account:
    host: str
    user: str
    password: str = field(repr=False)  # never shown, logged or written
    port: int = 0  # 0: 993 for ssl, 143 otherwise
    security: str = "ssl"  # ssl | starttls | none (none: a server on this machine only)
    folder: str = "INBOX"
    cafile: str = ""  # a private certificate authority (some 政务 mail systems)
    timeout: float = 60.0
    words: MailWords = COMMAND_LINE  # how the face that asks names the settings, in the advice

    @property
    def where(self) -> str:
        return f"{self.user}@{self.host}/{self.folder}"

    def open(self, ports: dict[str, int], secure, plain, starttls, server: str = "邮件服务器"):
        """A connection to the server as this account asks (ssl | starttls | none), through the
        protocol's own classes: ``secure(host, port, context)``, ``plain(host, port)`` and
        ``starttls(connection, context)``. Returns (connection, port). A password in clear text
        to another machine and a certificate file that cannot be used are refused here (MailError);
        the connection's errors are the caller's to word, as IMAP and SMTP word them differently."""
        if self.password:  # a relay that wants no login may be reached unencrypted
            refused = clear_text_problem(self.host, self.security, server, ports, self.words)
            if refused:
                raise MailError(refused)
        port = self.port or ports[self.security]
        context = check_cafile(self.cafile, self.words)
        if self.security == "ssl":
            return secure(self.host, port, context), port
        connection = plain(self.host, port)
        if self.security == "starttls":
            starttls(connection, context)
        return connection, port
