"""A saved mail (.eml) attached as message/rfc822 with Content-Transfer-Encoding base64 or
quoted-printable (RFC 2046 forbids it; webmails and clients that attach an .eml from disk do it):
its table is saved as when the same .eml comes as application/octet-stream, an inner mail without
a table is named by the attachment's file name, and the unit's first mail, on time, is the one that
counts when it sends the same file again after the due date."""

from __future__ import annotations

import base64
import datetime as dt
import quopri

from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .conftest import sheet_rows
from .mailcorpus import Attachment, message

CHINA = dt.timezone(dt.timedelta(hours=8))
WHEN = dt.datetime(2011, 6, 23, 9, tzinfo=CHINA)


def _encoded_eml(unit: str, address: str, inner: bytes, encoding: str, when=WHEN) -> bytes:
    """An outer mail carrying ``inner`` as message/rfc822 in ``encoding``, named 统计表原件.eml (GBK, RFC 2047)."""
    body = base64.encodebytes(inner) if encoding == "base64" else quopri.encodestring(inner.replace(b"\r\n", b"\n"))
    outer = message(unit, address, "发送邮件:统计表原件", when, [Attachment("统计表原件.eml", b"@@", "rfc2047-gbk", "message/rfc822")],
                    client="foxmail")
    # message() writes every attachment in base64: put the inner mail's encoding and body in place of b"@@"
    head, tail = outer.split(base64.encodebytes(b"@@").rstrip(b"\n"), 1)
    cut = head.rindex(b"Content-Transfer-Encoding: base64")
    head = head[:cut] + f"Content-Transfer-Encoding: {encoding}".encode() + head[cut + len(b"Content-Transfer-Encoding: base64"):]
    return head + body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + tail


def _inner(unit: str, table: bytes | None) -> bytes:
    attached = [Attachment(f"{unit}统计表.xlsx", table, "rfc2047-utf8")] if table is not None else []
    return message(unit, "x@qq.com", "统计表原件", dt.datetime(2011, 6, 23, 8, tzinfo=CHINA), attached, client="qq")


def test_an_eml_in_base64_or_quoted_printable_gives_its_table(tmp_path, make_unit):
    table, _ = make_unit(tmp_path, "大福镇党委", seed=6)
    for encoding in ("base64", "quoted-printable"):
        eml = tmp_path / f"{encoding}.eml"
        eml.write_bytes(_encoded_eml("大福镇党委", "dafu@qq.com", _inner("大福镇党委", table.read_bytes()), encoding))
        inbox = tmp_path / f"收件箱-{encoding}"
        api.import_mail([eml], inbox)
        saved = sorted(p.name for p in inbox.glob("*.xlsx"))
        assert saved == ["0623-0900_大福镇党委_大福镇党委统计表.xlsx"], (encoding, saved)
        assert (inbox / saved[0]).read_bytes() == table.read_bytes()


def test_an_attached_mail_without_a_table_is_named_by_its_file_name(tmp_path):
    eml = tmp_path / "a.eml"
    eml.write_bytes(_encoded_eml("大福镇党委", "dafu@qq.com", _inner("大福镇党委", None), "base64"))
    res = CliRunner().invoke(main, ["mail", "import", str(eml), "--inbox", str(tmp_path / "收件箱")])
    assert "附件“统计表原件.eml”:这封邮件里附带的邮件没有附件" in res.output, res.output
    assert "转发:" not in res.output


def test_the_first_mail_on_time_counts_when_the_same_file_is_sent_again(tmp_path, make_unit, ts):
    table, _ = make_unit(tmp_path, "大福镇党委", seed=6)
    inner = _inner("大福镇党委", table.read_bytes())
    first = tmp_path / "1.eml"
    first.write_bytes(_encoded_eml("大福镇党委", "dafu@qq.com", inner, "base64"))
    again = tmp_path / "2.eml"  # resent after the due date, the .eml as a plain file this time
    again.write_bytes(message("大福镇", "dafu@qq.com", "重新发送", dt.datetime(2011, 6, 27, 10, tzinfo=CHINA),
                              [Attachment("统计表原件.eml", inner, "rfc2047-utf8", "application/octet-stream")], client="qq"))
    inbox, out, roster = tmp_path / "收件箱", tmp_path / "汇总结果", tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit("大福镇党委", (), "乡镇", "", 0, ("dafu@qq.com",))])
    api.import_mail([first, again], inbox)
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--unit-name", "安化县委创先办",
                                    "--roster", str(roster), "--due", "2011-06-25", "--date", "2011-07-06", "--jobs", "1"])
    assert res.exit_code in (0, 1), res.output
    adopted = [r for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况") if r["状态"] == "已采用"]
    assert [r["单位"] for r in adopted] == ["大福镇党委"]
    assert adopted[0]["逾期"] in ("", None)
