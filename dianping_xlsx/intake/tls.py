"""An encrypted connection that failed, said in Chinese with what to do: the certificate
(self-signed, of an unknown authority, expired, for another name) or the handshake (an SSL port
that speaks plain text, a server whose encryption is too old). Shared by fetching (IMAP) and
sending (SMTP); OpenSSL's English never reaches the clerk, its code only when nothing else fits."""

from __future__ import annotations

from .account import COMMAND_LINE, MailWords

# OpenSSL's X509_V_ERR_* codes (ssl.SSLCertVerificationError.verify_code)
_UNTRUSTED = {18: "自签名证书", 19: "证书链中有自签名的根证书", 20: "签发它的机构不在本机信任的根证书中",
              21: "签发它的机构不在本机信任的根证书中", 2: "签发它的机构不在本机信任的根证书中"}
_EXPIRED, _NOT_YET_VALID, _HOSTNAME, _IP_ADDRESS = 10, 9, 62, 64

# ssl.SSLError.reason (or its text), by what it means for the clerk
_PLAIN_PORT = ("WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "HTTP_REQUEST", "PACKET_LENGTH_TOO_LONG",
               "RECORD_LAYER_FAILURE")
_TOO_OLD = ("UNSUPPORTED_PROTOCOL", "PROTOCOL_VERSION", "NO_PROTOCOLS_AVAILABLE", "DH_KEY_TOO_SMALL",
            "UNSAFE_LEGACY_RENEGOTIATION_DISABLED", "HANDSHAKE_FAILURE", "NO_SHARED_CIPHER", "NO_CIPHERS_AVAILABLE",
            "EE_KEY_TOO_SMALL", "CA_MD_TOO_WEAK")
_CLOSED = ("UNEXPECTED_EOF", "EOF OCCURRED")


def tls_problem(exc, where: str, host: str, ports: dict[str, int], example: str,
                words: MailWords = COMMAND_LINE) -> str:
    """The sentence for a failed encrypted connection to ``where`` (邮件服务器 127.0.0.1:993):
    what went wrong and what to do, in the words of the face that asks (its options or fields).
    ``ports`` are the protocol's (ssl, starttls); ``example`` a server name as the clerk would
    write it (imap.qq.com)."""
    import ssl

    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"{where}连接失败:{_certificate(exc, host, example, words)}"
    reason = f"{getattr(exc, 'reason', '') or ''} {exc}".upper()
    options = words.options(ports)
    switch = f"{words.lead}{options}(用哪一种请问邮件系统管理员;QQ、163 邮箱用 {words.mode('ssl')})。"
    if any(code in reason for code in _PLAIN_PORT):
        return f"{where}连接失败:端口与加密方式不符(这个端口不是 {words.mode('ssl')} 加密端口)。{switch}"
    if any(code in reason for code in _TOO_OLD):
        return (f"{where}连接失败:服务器的加密方式过旧,本机不再接受。请邮件系统管理员升级服务器的加密设置,"
                f"或问管理员能否改用另一种加密方式({options})。")
    if any(code in reason for code in _CLOSED) or isinstance(exc, ssl.SSLEOFError):
        return f"{where}连接失败:建立加密连接时服务器断开了,多半是端口与加密方式不符。{switch}"
    code = getattr(exc, "reason", None) or type(exc).__name__
    return f"{where}连接失败:加密连接没有建立起来(原因代码 {code},可告诉邮件系统管理员)。{switch}"


def _certificate(exc, host: str, example: str, words: MailWords) -> str:
    code, text = exc.verify_code, (exc.verify_message or "").lower()
    if code in _UNTRUSTED or "self-signed" in text or "issuer" in text:
        why = _UNTRUSTED.get(code, "自签名证书" if "self-signed" in text else "签发它的机构不在本机信任的根证书中")
        return (f"服务器的证书不受信任({why})。请先核对服务器地址({words.host},如 {example});"
                f"单位内部邮件系统用自己的证书时,请向管理员要来它的根证书(.pem 文件),{words.cafile}。")
    if code == _EXPIRED or "expired" in text:
        return "服务器的证书已过期。请核对本机的日期和时间;日期无误时,请邮件系统管理员更换证书。"
    if code == _NOT_YET_VALID or "not yet valid" in text:
        return "服务器的证书尚未生效,多半是本机的日期或时间不对。请核对后重试。"
    if code in (_HOSTNAME, _IP_ADDRESS) or "mismatch" in text:
        return (f"服务器的证书不是发给“{host}”的(证书上的名称与服务器地址不符)。请核对服务器地址({words.host}),"
                f"写证书上的名称,如 {example},不要写 IP 地址或别名。")
    return (f"服务器的证书没有通过验证(错误代码 {code})。请核对服务器地址({words.host},如 {example});"
            f"单位内部邮件系统用自己的证书时,请向管理员要来它的根证书(.pem 文件),{words.cafile}。")
