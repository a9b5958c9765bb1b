"""One message -> its spreadsheet attachments, and every other attachment with the reason it
was not taken. Spreadsheets are recognised by content as merge does (an .xls renamed .dat is
still one), and by their suffix (a broken .xlsx is still saved, so that merge reports it and
it goes back to the unit). Zip archives are unpacked within the pre-scan's limits; forwarded
messages (message/rfc822) and saved mails attached as files (.eml, Outlook .msg) are walked, three deep at
most; QQ mail's 超大附件 links and Outlook's winmail.dat are listed with advice."""

from __future__ import annotations

import binascii
import contextlib
import contextvars
import email
import email.policy
import html
import io
import quopri
from email import errors
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterable, Iterator

from ..definitions.notices import Material
from ..files import name_key, safe_filename
from ..manifest import SAVED, SKIPPED
from ..model import MAIL_FOLDER
from ..read.grids import SPREADSHEET_SUFFIXES, UNSUPPORTED_SPREADSHEETS, lock_file
from ..read.kinds import APPLE_DOUBLE_MAGIC, content_kind, system_file
from ..read.otherfiles import unsaved_reason
from ..read.prescan import OLE_MAGIC, Limits
from ..text import clean_text, printable, reason_zh, without_controls
from .names import attachment_name, clip_name, header_text, sender
from .outlook import read_msg

ARCHIVES_UNSUPPORTED = {".rar", ".7z", ".tar", ".gz", ".bz2", ".xz"}
# Documents a notice asks for beside the tables (a 工作总结, its [[materials]]): saved, for merge to
# tell by their names, only while documents() holds them (what the intake was given the notice's
# materials for); otherwise "not a spreadsheet" as before. Never opened here.
_DOCUMENTS: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("documents", default=())


@contextlib.contextmanager
def documents(materials: Iterable[Material]):
    """Within it, attachments and files of these materials' kinds (.docx, .pdf …) are taken."""
    token = _DOCUMENTS.set(tuple({s for m in materials if m.kind != "tables" for s in m.suffixes}))
    try:
        yield
    finally:
        _DOCUMENTS.reset(token)


def is_document(suffix: str) -> bool:
    return suffix in _DOCUMENTS.get()
TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
OUTLOOK_TYPES = {"application/vnd.ms-outlook"}  # an Outlook mail (.msg) attached as a file
SPREADSHEET_TYPES = {"application/vnd.ms-excel", "application/vnd.ms-excel.sheet.macroenabled.12",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "application/vnd.oasis.opendocument.spreadsheet", "application/kset", "application/wps-office.et"}
_BROKEN_ENCODING = (errors.InvalidBase64CharactersDefect, errors.InvalidBase64PaddingDefect,
                    errors.InvalidBase64LengthDefect)
MAX_DEPTH = 3  # mails inside mails: forwarded or attached as .eml
_MAIL_HEADERS = {"from", "subject", "date", "message-id", "mime-version", "content-type", "received"}
_QQ_LARGE = re.compile(r"超大附件|ftnExs_download|cgi-bin/ftnExs|wx\.mail\.qq\.com/ftn|mail\.qq\.com/cgi-bin/ftn")


@dataclass
class Found:
    """An attachment of a message: a spreadsheet to save (``data``) or a reason it was not."""

    name: str
    data: bytes | None = None
    reason: str = ""  # Chinese: why it was not taken ("" when saved)
    origin: str = ""  # the archive or forwarded message it came from
    sender: str = ""  # of a forwarded message: its own sender (the unit), not the one who forwarded it
    folder: str = ""  # the folders it lay in inside a .zip (收件箱/乡镇/烟溪镇党委): kept in the inbox (inbox_folder)

    @property
    def status(self) -> str:
        return SAVED if self.data is not None else SKIPPED

    @property
    def shown(self) -> str:
        name = f"{self.folder}/{self.name}" if self.folder else self.name
        return f"{self.origin} → {name}" if self.origin else name


MAX_FOLDERS = 6  # folders kept of a path, the nearest to the file (the one that may name the unit)


def inbox_folder(parts: Iterable[str]) -> str:
    """The folders a file came in (a .zip's 收件箱/乡镇/烟溪镇党委/, a folder upload's) as a path below
    the inbox, so that a file named only 统计表.xlsx keeps the folder that names its unit: each folder
    named as a file is (safe_filename, controls removed), empty, "." and ".." ones left out, at most
    MAX_FOLDERS deep; never the inbox's own 邮件记录 (merge does not read it). "" for none."""
    kept = []
    for part in parts:
        part = without_controls(part).strip()
        if part.strip(" ."):
            kept.append(safe_filename(part, 80))
    kept = kept[-MAX_FOLDERS:]
    if kept and name_key(kept[0]) == name_key(MAIL_FOLDER):
        kept[0] += "_"
    return "/".join(kept)


def attachments(message, limits: Limits, depth: int = 0) -> Iterator[Found]:
    """Every attachment of ``message`` (an email.message.EmailMessage), in order."""
    subject = header_text(message, "Subject")
    large_link, large_names = False, []
    for part in _leaves(message):
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            yield from _forwarded(part, limits, depth)
            continue
        name = attachment_name(part)
        disposition = (part.get_content_disposition() or "").lower()
        if not name and ctype.startswith("text/") and disposition != "attachment":
            if _has_large_link(part):
                large_link = True
                large_names += [n for n in _large_names(part) if n not in large_names]
            continue
        if not name and ctype.startswith(("image/", "multipart/")) and disposition != "attachment":
            continue  # pictures inside the body
        yield from _one(part, name, ctype, subject, limits, depth)
    for large in (large_names or ["超大附件"]) if large_link else []:
        named = f"“{large}”" if large_names else ""
        yield Found(f"{large}(超大附件)" if large_names else large,
                    reason=f"邮件里是QQ邮箱“超大附件”{named}的下载链接,文件不在邮件中。请打开这封邮件,"
                           "点链接把文件下载下来,放进收件文件夹(或请对方直接以附件发送)。")


def _leaves(message):
    """The non-multipart parts, forwarded messages as one part each (walked separately)."""
    if message.get_content_type() == "message/rfc822" or not message.is_multipart():
        yield message
        return
    for part in message.get_payload():
        if hasattr(part, "get_content_type"):
            yield from _leaves(part) if part.is_multipart() else (part,)


def _forwarded(part, limits: Limits, depth: int) -> Iterator[Found]:
    inner = part.get_payload()
    inner = inner[0] if isinstance(inner, list) and inner else inner
    name = attachment_name(part)
    if hasattr(inner, "get_content_type") and _encoding(part) in _MAIL_ENCODINGS:
        # RFC 2046 forbids it, yet clients attach a saved .eml as message/rfc822 in base64 (or
        # quoted-printable): the parser took the encoded text for the mail; undo it, open it as a saved mail
        yield from _saved_mail(name or "转发的邮件", _undone(inner, _encoding(part)), limits, depth)
        return
    if not hasattr(inner, "get_content_type") or depth >= MAX_DEPTH:
        yield Found(name or "转发的邮件", reason="转发的邮件无法读取(或嵌套太深),请对方直接以附件发送表格。")
        return
    yield from _inner_mail(inner, name or f"转发:{header_text(inner, 'Subject') or '(无主题)'}", limits, depth)


_MAIL_ENCODINGS = {"base64", "quoted-printable"}


def _encoding(part) -> str:
    return str(part.get("Content-Transfer-Encoding", "")).strip().lower()


def _undone(inner, encoding: str) -> bytes:
    """The bytes of a mail the parser read still encoded: written back as it was read, then decoded."""
    policy = inner.policy.clone(refold_source="none", max_line_length=None, linesep="\n")
    try:
        text = inner.as_bytes(policy=policy)
    except Exception:  # noqa: BLE001 - what cannot be written back is no mail: _saved_mail says so
        return b""
    try:
        return binascii.a2b_base64(text) if encoding == "base64" else quopri.decodestring(text)
    except (binascii.Error, ValueError):
        return b""


def _saved_mail(name: str, data: bytes, limits: Limits, depth: int) -> Iterator[Found]:
    """A mail saved as a file (.eml) and attached as any other file: opened as a forwarded one is."""
    try:
        inner = email.message_from_bytes(data, policy=email.policy.default)
        readable = bool({k.lower() for k in inner.keys()} & _MAIL_HEADERS)
    except Exception:  # noqa: BLE001 - a file the parser refuses: listed, the rest goes on
        readable = False
    if not readable:
        yield Found(name, reason="附件名为 .eml,却不是能读取的邮件,没有保存。请核实是否发错了文件,或请对方直接以附件发送表格。")
        return
    if depth >= MAX_DEPTH:
        yield Found(name, reason=f"邮件里附带的邮件套了超过 {MAX_DEPTH} 层,没有打开。请对方直接以附件发送表格。")
        return
    yield from _inner_mail(inner, name, limits, depth)


def _outlook_mail(name: str, data: bytes, limits: Limits, depth: int) -> Iterator[Found]:
    """An Outlook mail (.msg) attached as a file: opened as a forwarded one is (the same limits)."""
    try:
        raw, _ = read_msg(data)
        inner = email.message_from_bytes(raw, policy=email.policy.default)
    except ImportError:
        yield Found(name, reason="附件是 Outlook 邮件(.msg),读取它需要安装 extract-msg(pip install extract-msg);"
                                 "或请对方直接以附件发送表格。")
        return
    except Exception as exc:  # noqa: BLE001 - a damaged .msg: listed, the rest goes on
        yield Found(name, reason=f"附件是 Outlook 邮件(.msg),但无法读取({type(exc).__name__})。请对方直接以附件发送表格。")
        return
    if depth >= MAX_DEPTH:
        yield Found(name, reason=f"邮件里附带的邮件套了超过 {MAX_DEPTH} 层,没有打开。请对方直接以附件发送表格。")
        return
    yield from _inner_mail(inner, name, limits, depth)


def _inner_mail(inner, origin: str, limits: Limits, depth: int) -> Iterator[Found]:
    """The attachments of a mail inside a mail, each named after it and after its own sender (the unit)."""
    name, address = sender(inner)
    any_found = False
    for found in attachments(inner, limits, depth + 1):
        any_found = True
        found.origin = f"{origin} → {found.origin}" if found.origin else origin
        found.sender = found.sender or name or address.split("@")[0]
        yield found
    if not any_found:
        yield Found(origin, reason="这封邮件里附带的邮件没有附件,没有可保存的表格。请对方直接以附件发送表格。")


def _one(part, name: str, ctype: str, subject: str, limits: Limits, depth: int = 0) -> Iterator[Found]:
    if lock_file(name):  # by its name alone: its bytes are nothing merge could read
        yield Found(name, reason=lock_reason(name))
        return
    if ctype in TNEF_TYPES or name.lower() == "winmail.dat":
        yield Found(name or "winmail.dat", reason="这是 Outlook 的 winmail.dat(TNEF)格式,读不出里面的表格。"
                                                   "请对方把邮件格式改为 HTML 或纯文本后重新发送。")
        return
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:  # noqa: BLE001 - a malformed part: listed, the rest goes on
        yield Found(name or "(无名附件)", reason=f"附件内容无法解码({type(exc).__name__}),请对方重新发送。")
        return
    if not isinstance(data, bytes) or not data:
        yield Found(name or "(无名附件)", reason="附件是空的,请对方重新发送。")
        return
    if any(isinstance(d, _BROKEN_ENCODING) for d in getattr(part, "defects", ())):
        yield Found(name or "(无名附件)", reason="附件在传送中损坏了(编码错误),请对方重新发送。")
        return
    system = system_file(name, head=data[:len(APPLE_DOUBLE_MAGIC)])
    if system:  # a Mac's ._X.xlsx or a folder's Thumbs.db attached along with the tables
        yield Found(name, reason=f"{system},不是报表,没有保存。")
        return
    kind = content_kind(data, name)
    suffix = PurePosixPath(name.lower()).suffix
    if not name:
        name = f"{clean_text(subject, 60) or '无主题'}{kind or '.bin'}"
        suffix = PurePosixPath(name.lower()).suffix
    if len(data) > limits.max_file_mb * 1024 * 1024:
        yield Found(name, reason=f"附件 {len(data) / 2**20:.0f} MB,超过 {limits.max_file_mb:g} MB 的上限,没有保存。"
                                 "请核实是否发错了文件。")
        return
    if is_document(suffix) and kind not in SPREADSHEET_SUFFIXES:  # a .docx is a zip: never unpacked
        yield Found(name, data)
    elif kind == ".zip" and suffix not in SPREADSHEET_SUFFIXES:
        yield from unpack_zip(name, data, limits)
    elif suffix == ".eml" and not kind:
        yield from _saved_mail(name, data, limits, depth)
    elif (suffix == ".msg" or ctype in OUTLOOK_TYPES) and data.startswith(OLE_MAGIC) and not kind:
        yield from _outlook_mail(name, data, limits, depth)
    elif suffix in ARCHIVES_UNSUPPORTED:
        yield Found(name, reason=f"{suffix} 压缩包不能自动解压。请解压后把表格文件放进收件文件夹,或请对方直接发送表格(或 .zip)。")
    elif kind in SPREADSHEET_SUFFIXES or suffix in SPREADSHEET_SUFFIXES or suffix in UNSUPPORTED_SPREADSHEETS \
            or ctype in SPREADSHEET_TYPES:
        yield Found(_with_suffix(name, kind), data)
    else:
        yield Found(name, reason=unsaved_reason(name))


def _has_large_link(part) -> bool:
    try:
        text = part.get_content()
    except Exception:  # noqa: BLE001 - an undecodable body: no link found in it
        return False
    return isinstance(text, str) and bool(_QQ_LARGE.search(text))


# a 超大附件's file as QQ mail lists it, on a line of its own: 柘溪镇党委统计表.xlsx (45.2K, 2011年07月09日 10:00 到期)
_LARGE_NAME = re.compile(r"^\s*(\S.*?\.(?:xlsx|xlsm|xls|et|ods|zip|rar|7z|docx?|pdf|wps))\s*[(\uff08]\s*[\d.]+\s*[KMG]", re.I)


def _large_names(part) -> list[str]:
    """The names of the files a 超大附件 link stands for, as the mail's text lists them."""
    try:
        text = part.get_content()
    except Exception:  # noqa: BLE001 - an undecodable body: no name found in it
        return []
    lines = re.sub(r"<[^>]*>", "\n", text).splitlines() if isinstance(text, str) else []
    return list(dict.fromkeys(clip_name(html.unescape(m[1]).strip()) for m in map(_LARGE_NAME.match, lines) if m))


def _with_suffix(name: str, kind: str) -> str:
    """An attachment named without a spreadsheet suffix (统计表, 表.dat) gets the one its content has."""
    suffix = PurePosixPath(name.lower()).suffix
    if kind and suffix not in SPREADSHEET_SUFFIXES and suffix not in UNSUPPORTED_SPREADSHEETS:
        return name + kind
    return name


def unpack_zip(name: str, data: bytes, limits: Limits) -> Iterator[Found]:
    """The spreadsheets in a .zip attachment, within the pre-scan's limits (count, sizes and
    ratio by what is actually inflated); member names in GBK (Windows) read as such."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Found(name, reason=f"压缩包已损坏({reason_zh(exc)}),请对方重新发送。")
        return
    if len(infos) > limits.max_parts:
        yield Found(name, reason=f"压缩包里有 {len(infos)} 个文件,超过 {limits.max_parts} 个的上限,没有解压。")
        return
    budget = int(limits.max_unpacked_mb * 1024 * 1024)
    for info in infos:
        member = member_name(info).replace("\\", "/")  # old Windows tools write 报表\X.xlsx, .\X.xlsx
        base = member.rsplit("/", 1)[-1]
        if not base:  # a folder written as 报表\
            continue
        folder = inbox_folder(member.split("/")[:-1])
        skipped = _not_a_member(member, base)
        if skipped:
            yield Found(base, reason=skipped, origin=name)
            continue
        data_out = _inflate(zf, info, min(budget, int(limits.max_file_mb * 1024 * 1024)))
        if isinstance(data_out, str):
            yield Found(base, reason=data_out, origin=name)
            continue
        budget -= len(data_out)
        kind = content_kind(data_out, base)
        suffix = PurePosixPath(base.lower()).suffix
        if kind in SPREADSHEET_SUFFIXES or suffix in SPREADSHEET_SUFFIXES or suffix in UNSUPPORTED_SPREADSHEETS:
            yield Found(_with_suffix(base, kind), data_out, origin=name, folder=folder)
        elif is_document(suffix):
            yield Found(base, data_out, origin=name, folder=folder)
        elif kind == ".zip" or suffix in ARCHIVES_UNSUPPORTED:
            yield Found(base, reason="压缩包里又套了压缩包,没有解压。请解压后把表格文件放进收件文件夹。", origin=name)
        else:
            yield Found(base, reason=unsaved_reason(base), origin=name)


def _not_a_member(member: str, base: str) -> str:
    """Why a member is not taken by its name alone (a lock file, what a Mac or a folder hides), or ""."""
    if lock_file(base):
        return lock_reason(base)
    system = system_file(base, tuple(member.split("/")[:-1]))  # a Mac's zip: by the name alone
    if system:
        return f"{system},不是报表,没有保存。"
    if base.startswith("."):
        return "名称以“.”开头的隐藏文件,不是报表,没有保存。如确是报表,请对方改名后重新发送。"
    return ""


def lock_reason(name: str) -> str:
    """Why a lock file (read/grids.LOCK_PREFIXES) was not saved, naming the program that left it."""
    who = "Excel/WPS" if name.startswith("~$") else "LibreOffice"
    return f"{who} 打开文件时留下的临时文件,不是报表,没有保存。"


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name: UTF-8 when flagged, else the bytes Windows wrote (GBK) read as GB18030."""
    if info.flag_bits & 0x800:
        return clip_name(info.filename)
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return clip_name(printable(info.filename))
    for charset in ("utf-8", "gb18030"):
        try:
            return clip_name(raw.decode(charset))
        except UnicodeDecodeError:
            continue
    return clip_name(raw.decode("cp437"))


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | str:
    """The member's bytes, inflated in chunks and stopped at ``limit``; a Chinese reason if not."""
    chunks, size = [], 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    return f"解压后超过 {limit / 2**20:.0f} MB 的上限,没有保存。"
                chunks.append(chunk)
    except RuntimeError:  # encrypted member
        return "压缩包设了密码,无法解压。请对方去掉密码后重新发送。"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        return f"压缩包里的这个文件已损坏({reason_zh(exc)}),请对方重新发送。"
    return b"".join(chunks)
