"""`dianping mail ...`: the mail commands, a thin click layer over the library like the others.
A MailError (or a bad roster) is a DianpingError: said once by the group, with its exit code."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..api import (MailAccount, UsageProblem, fetch_mail, import_mail, load_roster, mail_password, mail_said_once, plan_mail,
                   send_mail)
from .params import date as date_value
from .params import limits as limit_values
from .params import notice as notice_value
from .params import optional_period
from .fetchwords import day_zh
from .screens import intake_lines
from .text import Commands

notice_option = click.option("--notice", default=None, is_eager=True, callback=notice_value, metavar="通知",
                             help="通知定义(dianping definitions list 列出的名称,或 .toml 文件),默认 hunan-2011。")

COMMAND = {"options_metavar": "[选项]"}


def _password(user: str) -> str:
    """DIANPING_MAIL_PASSWORD, else typed at a hidden prompt; without a terminal to type at, said
    in Chinese (getpass would print an English warning and echo what is typed)."""
    password = mail_password()
    if password:
        return password
    if not sys.stdin.isatty():
        raise UsageProblem("没有设置环境变量 DIANPING_MAIL_PASSWORD,这里又不能输入密码(不是在终端中运行)。"
                           "请先设置它(Windows PowerShell:$env:DIANPING_MAIL_PASSWORD=\"授权码\";"
                           "Windows 命令提示符:set DIANPING_MAIL_PASSWORD=授权码;"
                           "Linux、macOS:export DIANPING_MAIL_PASSWORD='授权码')再运行。")
    return click.prompt(f"{user} 的密码(授权码)", hide_input=True)


inbox_option = click.option("--inbox", required=True, type=click.Path(file_okay=False, path_type=Path),
                            metavar="收件文件夹", help="表格文件保存到这个文件夹(之后用 dianping merge 汇总它)。")
own_option = click.option("--own", "own", multiple=True, metavar="邮箱",
                          help="本单位自己的邮箱地址(发信地址,可重复):从这些地址发来的邮件(抄送给自己的副本)不当作单位报送。")
limit_option = click.option("--limit", "limits", multiple=True, callback=limit_values, metavar="名称=值",
                            help="附件的读取限制,同 merge,如 --limit max_file_mb=30。")


@click.group(name="mail", cls=Commands, options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
def mail():
    """收取各单位发来的邮件附件;发送退回文件、催报和汇总表。"""


def _progress(label: str):
    """A progress bar on a terminal, nothing otherwise: (bar or None, update, set_total)."""
    if not sys.stderr.isatty():
        return None, None, None
    bar = click.progressbar(length=0, label=label, file=sys.stderr, show_pos=True)

    def total(n: int) -> None:
        bar.length = n

    return bar, lambda: bar.update(1), total


def _with_bar(label: str, work):
    """``work(progress, total)`` under a progress bar on a terminal; ``work(None, None)`` elsewhere."""
    bar, update, total = _progress(label)
    if bar is None:
        return work(None, None)
    with bar:
        return work(update, total)


@mail.command(**COMMAND)
@inbox_option
@click.option("--host", required=True, metavar="服务器", help="收信(IMAP)服务器,如 imap.qq.com、imap.163.com。")
@click.option("--user", required=True, metavar="邮箱", help="邮箱地址,如 xxxx@qq.com。")
@click.option("--port", type=click.IntRange(1, 65535), default=None, metavar="端口",
              help="端口(默认:ssl 为 993,starttls 为 143)。")
@click.option("--security", type=click.Choice(["ssl", "starttls", "none"]), default="ssl", show_default=True,
              help="加密方式;none(不加密)只能用于本机的邮件服务器(localhost、127.0.0.1):密码不以明文经过网络。")
@click.option("--folder", default="INBOX", show_default=True, metavar="文件夹", help="邮箱中的文件夹(收件箱为 INBOX)。")
@click.option("--period", default=None, callback=optional_period, metavar="期次",
              help="只收这一期的邮件(2011-H1 为 1 月 1 日至 7 月 31 日;2011-H2 为 8 月 1 日至次年 1 月 31 日)。")
@click.option("--since", default=None, callback=date_value, metavar="日期", help="只收这天及以后收到的邮件,如 2011-06-01(同时写 --period 时,代替这一期的开始日期)。")
@click.option("--until", default=None, callback=date_value, metavar="日期", help="只收这天及以前收到的邮件(同时写 --period 时,代替这一期的结束日期)。")
@click.option("--cafile", type=click.Path(exists=True, dir_okay=False), default=None, metavar="证书",
              help="单位内部邮件系统自己的根证书(.pem)。")
@own_option
@limit_option
@notice_option
def fetch(inbox: Path, host: str, user: str, port, security: str, folder: str, period, since, until,
          cafile, own, limits, notice):
    """从邮箱收取各单位报送的表格(只读:不改已读标记,不删除邮件)。

    密码(QQ、163 邮箱为“授权码”)从环境变量 DIANPING_MAIL_PASSWORD 读取;没有设置时会提示输入,
    输入的内容不显示,也不会被保存。"""
    period, since, until = _window(notice, period, since, until)
    account = MailAccount(host, user, _password(user), port or 0, security, folder, cafile or "")
    report = _with_bar("正在收取", lambda progress, total: fetch_mail(
        account, inbox, period=period, since=since, until=until, limits=limits, progress=progress, total=total,
        notice=notice, own=own))
    click.echo("\n".join(intake_lines(report, period, lambda day: str(notice.period(None, today=day)),
                                      _notice_hint(notice))))


EARLIEST = dt.date(1990, 1, 1)  # --until alone: everything up to that day
AHEAD = dt.timedelta(days=31)  # --since alone: up to now, a clock or a time zone off included


def _window(notice, period, since, until):
    """The days to fetch, said on the screen: a period's (given, or today's when no date is given
    either), --since and --until over it; without a period, --since alone is that day on and
    --until alone everything up to that day. Returns (the period for the next step or None,
    since, until)."""
    if since is None and until is None:
        lead = "" if period else "没有指定 --period,按今天的日期"
        period = period or notice.period(None)
        start, end = period.window
        click.echo(f"{lead}收取{period.zh}({period})的邮件:{day_zh(start)}至{day_zh(end)}收到的。")
        return period, start, end
    if period is not None:
        start, end = period.window
        since, until = since or start, until or end
    elif until is None:
        click.echo(f"收取 {day_zh(since)}及以后收到的邮件。")
        return None, since, dt.date.today() + AHEAD
    elif since is None:
        click.echo(f"收取 {day_zh(until)}及以前收到的邮件。")
        return None, EARLIEST, until
    if since > until:
        raise click.UsageError(f"开始日期 {since} 晚于结束日期 {until}:请核对 --since、--until"
                               + ("和 --period。" if period else "。"))
    click.echo(f"收取 {day_zh(since)}至{day_zh(until)}收到的邮件。")
    return period, since, until


@mail.command(name="import", **COMMAND)
@click.argument("sources", nargs=-1, required=True, metavar="邮件文件或文件夹...",
                type=click.Path(exists=True, path_type=Path))
@inbox_option
@own_option
@limit_option
@notice_option
def import_(sources: tuple[Path, ...], inbox: Path, own, limits, notice):
    """从邮件客户端导出的邮件(.eml、.mbox、Outlook .msg,或装有它们的文件夹)中取出表格(以及通知要报送的材料,如工作总结)。"""
    report = _with_bar("正在导入", lambda progress, total: import_mail(
        sources, inbox, limits=limits, progress=progress, total=total, notice=notice, own=own))
    click.echo("\n".join(intake_lines(report, notice=_notice_hint(notice))))


def _notice_hint(notice) -> str:
    """How the next step names the notice: nothing for the default, a shipped one by its name,
    another by its file."""
    from ..api import DEFAULT_NOTICE

    if notice is None or notice.id == DEFAULT_NOTICE:
        return ""
    shipped = Path(notice.source).parent == Path(__file__).resolve().parent.parent / "definitions" / "notices"
    return notice.id if shipped else f'"{notice.source}"'


@mail.command(**COMMAND)
@click.argument("out", metavar="汇总结果文件夹", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--from", "sender", required=True, metavar="邮箱", help="本单位发信的邮箱地址。")
@click.option("--name", "sender_name", default="", metavar="单位名称", help="发信人名称,如“安化县委创先办”。")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              metavar="名册", help="单位名册(有“邮箱”列时,给未报单位发催报邮件)。")
@click.option("--up", default="", metavar="邮箱", help="把上报文件(上报_单位_期次.xlsx,只含上报的统计表)发给上级的这个邮箱。")
@click.option("--force", is_flag=True, help="汇总尚不完整(有退回或未报的单位)时也准备上报邮件。")
@click.option("--due", default=None, callback=date_value, metavar="日期", help="退回和催报邮件中写明的报送期限。")
@click.option("--inbox", default=None, type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="收件文件夹",
              help="汇总所用的收件文件夹(不写时在汇总结果文件夹旁边找):按其中的邮件记录,退回邮件写明单位发来的文件名,"
                   "发来的附件没能保存(如 .rar)的单位,催报邮件写明原因。")
@click.option("--send", "really", is_flag=True,
              help="真正发送(默认只把待发的邮件写到“待发邮件”文件夹,供核对)。")
@click.option("--host", default="", metavar="服务器", help="发信(SMTP)服务器,如 smtp.qq.com;--send 时必填。")
@click.option("--port", type=click.IntRange(1, 65535), default=None, metavar="端口",
              help="端口(默认:ssl 为 465,starttls 为 587)。")
@click.option("--security", type=click.Choice(["ssl", "starttls", "none"]), default="ssl", show_default=True,
              help="加密方式;none(不加密)只能用于本机的邮件服务器,或不需要登录(不写 --user)的单位内部发信服务器。")
@click.option("--user", default="", metavar="邮箱", help="发信服务器的登录名(一般就是邮箱地址;不需要登录时不写)。")
@click.option("--cafile", type=click.Path(exists=True, dir_okay=False), default=None, metavar="证书",
              help="单位内部邮件系统自己的根证书(.pem)。")
@notice_option
def send(out: Path, sender: str, sender_name: str, roster, up: str, force: bool, due, inbox, really: bool, host: str,
         port, security: str, user: str, cafile, notice):
    """发送退回文件、催报邮件和上报文件(默认只生成待发邮件,加 --send 才发送)。

    退回文件发回给单位当初发件的邮箱(按“报送情况”中的发件人);同一封邮件(主题、正文、附件都相同)发给同一地址只发一次。"""
    roster = load_roster(roster, notice=notice) if roster is not None else None
    plans = plan_mail(out, sender=sender, sender_name=sender_name, roster=roster, up=up, due=due,
                      dry_run=not really, force=force, notice=notice, inbox=inbox)
    if said := mail_said_once(roster, plans):
        click.echo(said)  # once, not a unit's advice per reminder
    for item in plans:
        where = item.to or (f"{item.held}(暂不发送)" if item.held else "(无地址)")
        click.echo(f"  {item.kind} {item.unit} → {where}:{'、'.join(p.name for p in item.attachments)}"
                   + (f"  {item.note or item.repeat or item.caution}" if item.note or item.repeat or item.caution else ""))
    held = any(p.held for p in plans)
    if not really:
        ready = sum(1 for p in plans if p.to and not p.repeat)
        click.echo(f"共 {len(plans)} 封,{ready} 封已写入“{out / '待发邮件'}”(.eml 可双击打开核对)。"
                   "核对无误后加 --send 发送。")
        sys.exit(1 if held else 0)
    if not host:
        raise click.UsageError("发送时要写发信服务器,如 --host smtp.qq.com。")
    account = MailAccount(host, user, _password(user) if user else "", port or 0, security, "", cafile or "")
    results = send_mail(out, plans, account, sender=sender, sender_name=sender_name)
    sent = [item for item, outcome in results if outcome.sent]
    for item, outcome in results:
        click.echo(f"  {item.kind} {item.unit} → {item.to}:{outcome.text}")
    failed = sum(1 for _, outcome in results if outcome.failed)
    click.echo(f"已发送 {len(sent)} 封" + (f",{failed} 封未发送" if failed else "")
               + f";记录在“{out / '待发邮件' / '已发送.jsonl'}”。")
    if held or any(outcome.failed for _, outcome in results):
        sys.exit(1)
