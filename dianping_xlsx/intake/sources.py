"""Where messages come from: files a mail client exported (.eml, .mbox, Outlook .msg, or a
folder of them) and an IMAP mailbox, read-only (EXAMINE, BODY.PEEK: no flag is changed,
nothing is deleted), one message at a time so that memory stays bounded."""

from __future__ import annotations

import datetime as dt
import imaplib
import re
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..model import CHINA
from ..text import os_reason, reason_zh
from .account import IMAP_PORTS, Account, MailError
from .outlook import read_msg
from .tls import tls_problem

MESSAGE_SUFFIXES = {".eml", ".mbox", ".msg", ".mbx"}


@dataclass
class Incoming:
    raw: bytes | None  # None: not downloaded (see ``problem``)
    source: str
    key: str = ""
    received: dt.datetime | None = None
    problem: str = ""
    headers: bytes = b""  # of a message not downloaded (too big): to list its sender and subject
    outside: bool = False  # received outside the dates asked for (a server that would not search by date)


@dataclass
class MailboxCount:
    """What a fetch found in the mailbox's folder besides what it took: the messages received in
    the dates asked for (``since``..``until``, both included), those of them fetched before, and
    those outside, before and after (with the nearest one's day), so that the screen can say why
    nothing new came. ``before`` and ``after`` stay None when the server would not say."""

    folder: str
    since: dt.date
    until: dt.date
    messages: int = 0  # in the folder
    in_window: int = 0
    seen: int = 0  # of those in the window, fetched before
    before: int | None = None
    latest_before: dt.date | None = None
    after: int | None = None
    earliest_after: dt.date | None = None

    @property
    def outside(self) -> int:
        return max(self.messages - self.in_window, 0)

    def note_outside(self, day: dt.date | None) -> None:
        """One message outside the dates, received on ``day`` (None: unknown)."""
        if day is None:
            return
        if day < self.since:
            self.before = (self.before or 0) + 1
            self.latest_before = max(filter(None, (self.latest_before, day)))
        else:
            self.after = (self.after or 0) + 1
            self.earliest_after = min(filter(None, (self.earliest_after, day)))


# -- files ---------------------------------------------------------------------


def file_messages(paths: list[Path]) -> Iterator[Incoming]:
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from file_messages(_message_files(path))
        elif _is_mbox(path):
            yield from _mbox(path)
        elif path.suffix.lower() == ".msg":
            yield _msg(path)
        else:
            try:
                yield Incoming(path.read_bytes(), path.name)
            except OSError as exc:
                yield Incoming(None, path.name, problem=f"无法读取({os_reason(exc)})。")


def count_messages(paths: list[Path]) -> int:
    """How many messages file_messages will give (for a progress bar): a folder's message files,
    an mbox's messages (read once more, quickly), one for any other file."""
    import mailbox

    n = 0
    for path in map(Path, paths):
        if path.is_dir():
            n += count_messages(_message_files(path))
        elif _is_mbox(path):
            try:
                n += len(mailbox.mbox(str(path), create=False).keys())
            except (OSError, mailbox.Error):
                n += 1  # listed as unreadable: one line
        else:
            n += 1
    return n


def _message_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in MESSAGE_SUFFIXES)


def _is_mbox(path: Path) -> bool:
    return path.suffix.lower() in (".mbox", ".mbx") or (path.suffix == "" and _looks_like_mbox(path))


def _looks_like_mbox(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"From "
    except OSError:
        return False


def _mbox(path: Path) -> Iterator[Incoming]:
    """An mbox file, message by message (the mailbox module reads each one when asked)."""
    import mailbox

    try:
        box = mailbox.mbox(str(path), create=False)
        keys = box.keys()
    except (OSError, mailbox.Error) as exc:
        raise MailError(f"无法读取邮箱文件“{path.name}”:{exc}") from None
    for n, key in enumerate(keys, start=1):
        try:
            raw = box.get_bytes(key)
        except (OSError, mailbox.Error, KeyError) as exc:
            yield Incoming(None, f"{path.name} 第 {n} 封", problem=f"无法读取({type(exc).__name__})。")
            continue
        yield Incoming(raw, f"{path.name} 第 {n} 封")


def _msg(path: Path) -> Incoming:
    """An Outlook .msg file, through extract-msg (optional: pip install extract-msg)."""
    try:
        raw, received = read_msg(str(path))
    except ImportError:
        return Incoming(None, path.name, problem="读取 Outlook 的 .msg 文件需要安装 extract-msg"
                        "(pip install extract-msg);或在 Outlook 中把邮件另存为 .eml 后再导入。")
    except Exception as exc:  # noqa: BLE001 - any failure of the .msg reader costs this file only
        return Incoming(None, path.name, problem=f".msg 文件无法读取({type(exc).__name__}),"
                                                 "请在 Outlook 中另存为 .eml 后再导入。")
    return Incoming(raw, path.name, received=received)


# -- IMAP ----------------------------------------------------------------------


def imap_messages(account: Account, since: dt.date, before: dt.date, max_bytes: int,
                  skip: Callable[[str], bool] = lambda key: False,
                  total: Callable[[int], None] | None = None,
                  count: MailboxCount | None = None) -> Iterator[Incoming]:
    """Messages received in [since, before), oldest first, read-only. ``skip(key)``: already
    taken (not downloaded again). ``total(n)`` is told how many there are, for a progress bar;
    ``count`` what the folder holds besides (filled in as the messages go by)."""
    count = count or MailboxCount(account.folder, since, before - dt.timedelta(days=1))
    imap = _connect(account)
    try:
        validity, count.messages = _examine(imap, account)
        # the server searches by the days of its own clock: a day more on each side, and each
        # message's time checked here in Beijing time (a mail at 00:30 on August 1 is August's)
        uids, dated = _search(imap, since - dt.timedelta(days=1), before + dt.timedelta(days=1))
        if total:
            total(len(uids))
        window = (since, before)
        outside = 0
        for uid in uids:
            key = f"imap:{account.where}/{validity}/{uid.decode('ascii', 'replace')}"
            if skip(key) or skip(f"imap:{account.where}/{validity}/{uid!r}"):  # as older versions wrote it
                count.seen += 1
                yield Incoming(None, account.where, key)  # counted for progress, not downloaded
                continue
            incoming = _fetch(imap, uid, key, account, max_bytes, window, strict=not dated)
            if incoming.outside:
                outside += 1
                count.note_outside(incoming.received.date() if incoming.received else None)
            yield incoming
        count.in_window = len(uids) - outside
        if dated and not count.in_window and count.outside:
            _survey(imap, count, since, before)
    except (imaplib.IMAP4.abort, OSError) as exc:
        raise MailError(f"与邮件服务器的连接中断了({reason_zh(exc)})。已收取的邮件都已保存,请重新运行继续收取。") from None
    finally:
        try:
            imap.logout()
        except Exception:  # noqa: BLE001 - the connection is already gone
            pass


SURVEY_DATES = 200  # the nearest messages outside the dates whose day is asked for


def _survey(imap, count: MailboxCount, since: dt.date, before: dt.date) -> None:
    """No message in the dates asked for: how many lie before and after them, and the day of the
    nearest of each (of the nearest by UID, that is in arrival order). A server that will not
    answer leaves them unknown."""
    try:
        early = _uids(imap, "BEFORE", _imap_date(since))
        late = _uids(imap, "SINCE", _imap_date(before))
        if early is None or late is None:
            return
        count.before, count.after = len(early), len(late)
        count.latest_before = max(_days(imap, early[-SURVEY_DATES:]), default=None)
        count.earliest_after = min(_days(imap, late[:SURVEY_DATES]), default=None)
    except imaplib.IMAP4.error:
        return


def _uids(imap, *criteria: str) -> list[bytes] | None:
    status, data = imap.uid("SEARCH", None, *criteria)
    return sorted((data[0] or b"").split(), key=int) if status == "OK" else None


def _days(imap, uids: list[bytes]) -> list[dt.date]:
    """The days these messages were received (INTERNALDATE), as far as the server says."""
    if not uids:
        return []
    status, data = imap.uid("FETCH", b",".join(uids), "(INTERNALDATE)")
    if status != "OK":
        return []
    found = (_internal_date(d if isinstance(d, bytes) else d[0]) for d in data or [] if d)
    return [when.date() for when in found if when is not None]


GREETING_SECONDS = 10  # a plain connection to an SSL port hears no greeting: say so, do not wait a minute


def _plain(host: str, port: int, account: Account):
    words = account.words
    switch = f"{words.lead}{words.options(IMAP_PORTS)}。"
    try:
        imap = imaplib.IMAP4(host, port, timeout=min(account.timeout, GREETING_SECONDS))
    except (TimeoutError, socket.timeout):
        raise MailError(f"{host}:{port} 没有应答:端口与加密方式不符(这个端口多半要用 {words.mode('ssl')} 加密)。"
                        f"{switch}") from None
    except imaplib.IMAP4.abort as exc:
        raise MailError(f"{host}:{port} 的应答不是邮件服务器的问候:端口与加密方式不符({reason_zh(exc)})。"
                        f"{switch}") from None
    imap.sock.settimeout(account.timeout)
    return imap


def _connect(account: Account):
    port = account.port or IMAP_PORTS[account.security]
    try:
        imap, port = account.open(
            IMAP_PORTS,
            lambda host, port, context: imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=account.timeout),
            lambda host, port: _plain(host, port, account),
            lambda conn, context: conn.starttls(ssl_context=context), "邮件服务器")
    except ssl.SSLError as exc:
        raise MailError(tls_problem(exc, f"邮件服务器 {account.host}:{port} ", account.host, IMAP_PORTS,
                                    "imap.qq.com", account.words)) from None
    except (socket.gaierror, ConnectionRefusedError, TimeoutError, socket.timeout, OSError) as exc:
        raise MailError(f"连不上邮件服务器 {account.host}:{port}({reason_zh(exc)})。请检查服务器地址、"
                        "端口和网络;QQ邮箱为 imap.qq.com,163 邮箱为 imap.163.com。") from None
    except imaplib.IMAP4.error as exc:
        raise MailError(f"邮件服务器 {account.host} 拒绝了连接({exc})。") from None
    try:
        if account.user.isascii() and account.password.isascii():
            imap.login(account.user, account.password)
        else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8
            credentials = b"\0" + account.user.encode("utf-8") + b"\0" + account.password.encode("utf-8")
            imap.authenticate("PLAIN", lambda _challenge: credentials)
    except imaplib.IMAP4.error:
        imap.shutdown()
        raise MailError(f"登录 {account.user} 失败:用户名或密码(授权码)不对。QQ、163 邮箱要用“授权码”而不是登录密码,"
                        "并在邮箱设置中开启 IMAP 服务。") from None
    _say_who(imap)
    return imap


CLIENT_ID = '("name" "dianping-xlsx" "version" "0.2" "vendor" "dianping-xlsx")'


def _say_who(imap) -> None:
    """The IMAP ID command (RFC 2971), when the server offers it: 163.com and 126.com refuse to
    open a folder ("Unsafe Login") to a client that has not said who it is."""
    if "ID" not in imap.capabilities:
        return
    imaplib.Commands.setdefault("ID", ("NONAUTH", "AUTH", "SELECTED"))
    try:
        imap._simple_command("ID", CLIENT_ID)  # noqa: SLF001 - imaplib has no method for ID
    except imaplib.IMAP4.error:
        pass  # a server that offers ID and refuses it: the folder's answer will say what matters


def _examine(imap, account: Account) -> tuple[str, int]:
    """Open the folder read-only: its UIDVALIDITY (UIDs are only meaningful with it) and how
    many messages it holds."""
    from imap_tools.imap_utf7 import utf7_encode

    name = utf7_encode(account.folder) if not account.folder.isascii() else account.folder.encode()
    status, data = imap.select('"' + name.decode("ascii").replace('"', '\\"') + '"', readonly=True)
    if status != "OK":
        words = _answer(data)
        if re.search(r"NONEXISTENT|doesn'?t exist|not exist|no such|unknown mailbox", words, re.I):
            raise MailError(f"邮箱中没有文件夹“{account.folder}”(服务器答复:{words})。收件箱请用 INBOX;"
                            "其他文件夹请写邮箱里显示的名称。")
        hint = ("163、126 邮箱要求先在网页邮箱“设置 → POP3/SMTP/IMAP”中开启 IMAP 服务并使用授权码;"
                if "unsafe login" in words.lower() else "")
        raise MailError(f"邮件服务器拒绝打开文件夹“{account.folder}”(服务器答复:{words})。{hint}"
                        "请核对邮箱设置" + (f",或换一个文件夹({account.words.folder})。" if account.words.folder else "。"))
    validity = imap.response("UIDVALIDITY")[1]
    exists = data[0] if data and isinstance(data[0], bytes) and data[0].strip().isdigit() else b"0"
    return (validity[0].decode() if validity and validity[0] else "0"), int(exists)


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _imap_date(day: dt.date) -> str:
    return f"{day.day:02d}-{_MONTHS[day.month - 1]}-{day.year}"


def _search(imap, since: dt.date, before: dt.date) -> tuple[list[bytes], bool]:
    """The UIDs of the messages received in [since, before). A server that will not search by
    date (BAD, or NO) is asked for every UID; the dates are then checked one by one as the
    messages are fetched (Incoming.received), so nothing outside the period is taken."""
    try:
        status, data = imap.uid("SEARCH", None, "SINCE", _imap_date(since), "BEFORE", _imap_date(before))
    except imaplib.IMAP4.error:
        status, data = "BAD", []
    if status == "OK":
        return sorted((data[0] or b"").split(), key=int), True
    try:
        status, data = imap.uid("SEARCH", None, "ALL")
    except imaplib.IMAP4.error as exc:
        raise MailError(f"邮件服务器不接受查找邮件的命令(服务器答复:{_answer([str(exc).encode()])})。") from None
    if status != "OK":
        raise MailError(f"邮件服务器不接受查找邮件的命令(服务器答复:{_answer(data)})。")
    return sorted((data[0] or b"").split(), key=int), False


def _answer(data) -> str:
    """The server's own words, as text."""
    words = " ".join(d.decode("utf-8", "replace") if isinstance(d, bytes) else str(d) for d in data or [] if d)
    return words.strip()[:200] or "无"


_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


def _fetch(imap, uid: bytes, key: str, account: Account, max_bytes: int,
           window: tuple[dt.date, dt.date] | None = None, strict: bool = True) -> Incoming:
    """One message; one received outside ``window`` (Beijing days) is counted, not taken (and one
    whose time the server does not say, when ``strict``: the search could not choose by date)."""
    status, data = imap.uid("FETCH", uid, "(RFC822.SIZE INTERNALDATE)")
    meta = b" ".join(d if isinstance(d, bytes) else d[0] for d in data or [] if d)
    size = int(_SIZE.search(meta)[1]) if _SIZE.search(meta) else 0
    received = _internal_date(meta)
    if window is not None and (strict if received is None else not window[0] <= received.date() < window[1]):
        return Incoming(None, account.where, key, received, outside=True)  # outside the dates: counted, not taken
    if size > max_bytes:
        status, data = imap.uid("FETCH", uid, "(BODY.PEEK[HEADER])")
        headers = next((d[1] for d in data or [] if isinstance(d, tuple)), b"")
        return Incoming(None, account.where, key, received, headers=headers,
                        problem=f"邮件有 {size / 2**20:.0f} MB,超过上限({max_bytes / 2**20:.0f} MB),没有下载。"
                                "请在邮箱中打开这封邮件,手工保存其中的表格。")
    status, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = next((d[1] for d in data or [] if isinstance(d, tuple)), None)
    if status != "OK" or raw is None:
        return Incoming(None, account.where, key, received, problem="邮件服务器没有返回这封邮件的内容。")
    return Incoming(raw, account.where, key, received)


def _internal_date(meta: bytes) -> dt.datetime | None:
    m = _INTERNALDATE.search(meta)
    if not m:
        return None
    try:
        return dt.datetime.strptime(m[1].decode().strip(), "%d-%b-%Y %H:%M:%S %z").astimezone(CHINA)
    except ValueError:
        return None
