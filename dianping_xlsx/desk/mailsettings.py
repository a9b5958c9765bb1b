"""The office's mailbox as the desk keeps it (本期): the encryption (unencrypted only to a server on
this machine), a mail server's own root certificate (a file of the workspace, like the command
line's --cafile), and the words mail errors use for the desk's own fields."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..api import IMAP_PORTS, SMTP_PORTS, DianpingError, MailAccount, MailWords, check_cafile, clear_text_problem
from .helpers import clean_upload_name
from .workspace import Settings, Workspace

SECURITY_ZH = {"ssl": "SSL(收信 993,发信 465)", "starttls": "STARTTLS(收信 143,发信 587)",
               "none": "不加密(仅限本机的邮件服务器)"}
CERTIFICATES = "证书"  # the workspace's folder of uploaded root certificates
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer")
MAX_CERTIFICATE = 1024 * 1024
MAIL_FIELDS = ("mail_host", "smtp_host", "mail_security", "mail_cafile", "mail_cafile_file")


def _words(kind: str) -> MailWords:
    """收信 or 发信: the 本期 page's fields for that server."""
    return MailWords(host=f"“本期”页的“{kind}服务器”", cafile="在“本期”页的“证书文件”处上传", folder="",
                     setting=f"加密方式“{{mode}}”、{kind}端口 {{port}}", lead="请在“本期”页改为 ",
                     modes=(("ssl", "SSL"), ("starttls", "STARTTLS"), ("none", "不加密")))


FETCH_WORDS, SEND_WORDS = _words("收信"), _words("发信")


def fetch_account(workspace: Workspace, settings: Settings, password: str) -> MailAccount:
    """The IMAP account of the settings, with the password typed for this fetch."""
    return MailAccount(settings.mail_host, settings.mail_from, password, int(settings.mail_port or 0),
                       settings.mail_security or "ssl", cafile=certificate(workspace, settings.mail_cafile),
                       words=FETCH_WORDS)


def send_account(workspace: Workspace, settings: Settings, password: str) -> MailAccount:
    """The SMTP account of the settings, with the password typed for this send; without one, no
    login (a relay inside an office network that needs none, as the command line without --user)."""
    return MailAccount(settings.smtp_host, settings.mail_from if password else "", password, int(settings.smtp_port or 0),
                       settings.mail_security or "ssl", "", certificate(workspace, settings.mail_cafile),
                       words=SEND_WORDS)


def certificate(workspace: Workspace, relative: str) -> str:
    """The root certificate's file (a path of the workspace, reached without a link; "" for
    none); DianpingError when it is elsewhere or gone."""
    if not relative:
        return ""
    path = workspace.inside(relative)
    if path is None:
        raise DianpingError(f"证书文件“{relative}”不在工作文件夹中(或已不在):工作台只用工作文件夹中的证书文件。"
                            "请在“本期”页的“证书文件”处重新上传邮件系统的根证书(.pem 或 .crt),或清空这一项。")
    return str(path)


def mail_problem(workspace: Workspace, values: dict, form) -> str:
    """Why the mail settings of a 本期 form cannot be kept ("" when they can); an uploaded root
    certificate that is one moves into the workspace's 证书 folder and becomes ``mail_cafile``."""
    if not any(key in form for key in MAIL_FIELDS):
        return ""
    security = values["mail_security"]
    for host, kind, ports, words in ((values["mail_host"], "收信服务器", IMAP_PORTS, FETCH_WORDS),
                                     (values["smtp_host"], "发信服务器", SMTP_PORTS, SEND_WORDS)):
        refused = clear_text_problem(host, security, kind, ports, words, "没有保存")
        if refused:
            return refused
    upload = form.get("mail_cafile_file")
    try:
        if upload is not None and getattr(upload, "filename", ""):
            values["mail_cafile"] = _keep_certificate(workspace, upload)
        elif values["mail_cafile"]:
            path = certificate(workspace, values["mail_cafile"])
            try:
                check_cafile(path, FETCH_WORDS)
            except DianpingError as exc:  # said by its path in the workspace, as the clerk wrote it
                raise DianpingError(str(exc).replace(path, values["mail_cafile"])) from None
    except DianpingError as exc:
        return str(exc)
    return ""


def _keep_certificate(workspace: Workspace, upload) -> str:
    """An uploaded root certificate, tried first, kept as 证书/<name>; its path in the workspace."""
    name, _ = clean_upload_name(upload.filename)
    if not name.lower().endswith(CERTIFICATE_SUFFIXES) or (upload.size or 0) > MAX_CERTIFICATE:
        raise DianpingError(f"“{name}”不是根证书文件(.pem、.crt 或 .cer,不超过 1 MB),没有使用。"
                            "请向邮件系统管理员要来服务器的根证书。")
    data = upload.file.read(MAX_CERTIFICATE + 1)
    trial = Path(tempfile.mkdtemp(prefix=".tmp-证书-", dir=workspace.folder))
    try:
        (trial / name).write_bytes(data)
        try:
            check_cafile(str(trial / name), FETCH_WORDS)
        except DianpingError as exc:
            raise DianpingError(str(exc).replace(str(trial / name), name)) from None
        folder = workspace.contained(workspace.folder / CERTIFICATES)
        folder.mkdir(exist_ok=True)
        (trial / name).replace(workspace.contained(folder / name))
    finally:
        shutil.rmtree(trial, ignore_errors=True)
    return f"{CERTIFICATES}/{name}"
