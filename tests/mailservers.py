"""Real mail servers on 127.0.0.1 for the mail tests: Dovecot (IMAP, with TLS on its own
self-signed certificate) and an SMTP server (aiosmtpd) that keeps what it receives. Started by
fixtures; a test whose server is missing is skipped with the reason."""

from __future__ import annotations

import datetime as dt
import getpass
import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Imap:
    folder: Path
    port: int  # STARTTLS
    ssl_port: int
    cafile: str
    user: str = "office@example.gov.cn"
    password: str = "授权码-abc123"
    host: str = "127.0.0.1"
    appended: int = 0

    def client(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=self.cafile)
        imap = imaplib.IMAP4_SSL(self.host, self.ssl_port, ssl_context=context)
        credentials = b"\0" + self.user.encode() + b"\0" + self.password.encode()  # UTF-8: not LOGIN
        imap.authenticate("PLAIN", lambda _challenge: credentials)
        return imap

    def deliver(self, messages: list[tuple[bytes, dt.datetime]], folder: str = "INBOX") -> None:
        """Put messages into the mailbox with the time they were received (IMAP APPEND)."""
        imap = self.client()
        try:
            if folder != "INBOX":
                imap.create(folder)
            for raw, when in messages:
                status, _ = imap.append(folder, None, imaplib.Time2Internaldate(when), raw)
                assert status == "OK"
                self.appended += 1
        finally:
            imap.logout()

    def flags(self, folder: str = "INBOX") -> list[bytes]:
        imap = self.client()
        try:
            imap.select(folder, readonly=True)
            status, data = imap.uid("FETCH", "1:*", "(FLAGS)")
            return [d for d in data if d]
        finally:
            imap.logout()


def _config(tmp: Path, port: int, ssl_port: int) -> str:
    root = os.geteuid() == 0
    me = getpass.getuser()
    owner = "uid=dovecot gid=dovecot" if root else f"uid={os.getuid()} gid={os.getgid()}"  # never root
    users = "" if root else f"default_internal_user = {me}\ndefault_login_user = {me}\n"
    return f"""
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{tmp}/cert.pem
ssl_key = <{tmp}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
{users}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = {owner} home={tmp}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
"""


@pytest.fixture
def dovecot():
    if DOVECOT is None:
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for the test IMAP server")
    # its own folder in the system's temp dir: pytest's are closed to the users Dovecot runs as
    tmp = Path(tempfile.mkdtemp(prefix="dianping-dovecot-"))
    try:
        server = _start_dovecot(tmp)
        _wait_for(server.ssl_port)
        yield server
    finally:
        subprocess.run([DOVECOT, "-c", str(tmp / "dovecot.conf"), "stop"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


def _start_dovecot(tmp: Path) -> Imap:
    os.chmod(tmp, 0o755)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp / "key.pem",
                    "-out", tmp / "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    server = Imap(tmp, free_port(), free_port(), str(tmp / "cert.pem"))
    (tmp / "passwd").write_text(f"{server.user}:{{PLAIN}}{server.password}\n", encoding="utf-8")
    (tmp / "home").mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp / "home", "dovecot", "dovecot")
    (tmp / "dovecot.conf").write_text(_config(tmp, server.port, server.ssl_port), encoding="utf-8")
    # the daemon keeps its standard streams: never a pipe that run() would wait on
    with open(tmp / "start.log", "w+", encoding="utf-8") as log:
        started = subprocess.run([DOVECOT, "-c", str(tmp / "dovecot.conf")], stdin=subprocess.DEVNULL,
                                 stdout=log, stderr=log)
        log.seek(0)
        if started.returncode != 0:
            pytest.skip(f"Dovecot did not start: {log.read().strip()[:300]}")
    return server


def _wait_for(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.skip(f"Dovecot did not listen on port {port}")


@dataclass
class Smtp:
    host: str
    port: int
    received: list = field(default_factory=list)  # (envelope from, [to], bytes)
    refuse: set = field(default_factory=set)  # addresses answered 550 at RCPT, as a real server does
    drop_after: int | None = None  # close the connection at the DATA after this many messages
    delay: float = 0.0  # seconds each DATA is answered late (a slow server: sends overlap)
    user: str = "office@example.gov.cn"  # smtp_login_server: the one account, its password UTF-8
    password: str = "授权码-abc123"
    logins: list = field(default_factory=list)  # (mechanism, login, accepted) of each AUTH, bytes decoded


def _smtp_controller(server: Smtp, **options):
    import asyncio

    from aiosmtpd.controller import Controller

    class Keep:
        async def handle_RCPT(self, _server, _session, envelope, address, _options):
            if address in server.refuse:
                return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, smtp, _session, envelope):
            if server.drop_after is not None and len(server.received) >= server.drop_after:
                smtp.transport.close()  # the line drops mid-send
                return "421 closing"
            if server.delay:
                await asyncio.sleep(server.delay)
            server.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            return "250 OK"

    return Controller(Keep(), hostname="127.0.0.1", port=server.port, **options)


@pytest.fixture
def smtp_server():
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        pytest.skip("aiosmtpd is not installed (pip install -e '.[test]')")
    server = Smtp("127.0.0.1", free_port())
    controller = _smtp_controller(server)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_login_server(request):
    """An SMTP server that wants a login (AUTH PLAIN and LOGIN, compared as UTF-8 bytes, as
    QQ and 163 compare them), offered without TLS on 127.0.0.1; a test marked
    ``@pytest.mark.parametrize("smtp_login_server", [("PLAIN",)], indirect=True)`` has those
    mechanisms left out."""
    try:
        from aiosmtpd.smtp import AuthResult
    except ImportError:
        pytest.skip("aiosmtpd is not installed (pip install -e '.[test]')")
    server = Smtp("127.0.0.1", free_port())

    def check(_server, _session, _envelope, mechanism, data):
        login, password = data.login.decode("utf-8", "replace"), data.password.decode("utf-8", "replace")
        accepted = login == server.user and password == server.password
        server.logins.append((mechanism, login, accepted))
        return AuthResult(success=accepted, handled=False)  # handled=False: aiosmtpd answers 535 itself

    excluded = list(getattr(request, "param", ()))
    controller = _smtp_controller(server, authenticator=check, auth_require_tls=False,
                                  auth_exclude_mechanism=excluded)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


class ImapFront:
    """A front before the real Dovecot (plain port), behaving as some Chinese servers do:
    ``needs_id`` — 163.com / 126.com answer SELECT and EXAMINE with NO … Unsafe Login unless
    the client first sent the IMAP ID command (RFC 2971); ``bad_dated_search`` — a server
    that answers a SEARCH with SINCE / BEFORE with BAD. Every other line is relayed as it is.
    Listens on 127.0.0.1 only; a thread per connection, stopped with the fixture."""

    def __init__(self, backend_port: int, needs_id: bool = False, bad_dated_search: bool = False):
        import threading

        self.backend_port, self.needs_id, self.bad_dated_search = backend_port, needs_id, bad_dated_search
        self.seen: list[bytes] = []  # the client's command lines, for the test to read
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        while not self.stopped:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        import threading

        backend = socket.create_connection(("127.0.0.1", self.backend_port), timeout=10)
        threading.Thread(target=self._pipe, args=(backend, client), daemon=True).start()
        said_id, reader = False, client.makefile("rb")
        try:
            for line in reader:
                self.seen.append(line)
                tag, _, rest = line.partition(b" ")
                verb = rest.split(b" ", 1)[0].upper().strip()
                if verb == b"ID":
                    said_id = True
                if self.needs_id and not said_id and verb in (b"SELECT", b"EXAMINE"):
                    client.sendall(tag + b" NO SELECT Unsafe Login. Please contact kefu@188.com for help\r\n")
                    continue
                if self.bad_dated_search and b"SEARCH" in rest.upper() and b"SINCE" in rest.upper():
                    client.sendall(tag + b" BAD SEARCH command error: SINCE not supported\r\n")
                    continue
                backend.sendall(line)
        except OSError:
            pass
        finally:
            backend.close()
            client.close()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def stop(self) -> None:
        self.stopped = True
        self.server.close()
