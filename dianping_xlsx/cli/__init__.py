"""The `dianping` command: a thin click layer over the library's face (api.py).

The commands parse, call the library and render what it returns (screens.py); an error of the
run is a DianpingError carrying its exit code, said once for every command (text.ChineseGroup).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .. import __version__
from ..errors import EXIT_USAGE
from ..api import (FROM_NOTICE, MAX_JOBS, Policy, UsageProblem, check_files, inbox_files, load_previous, load_roster,
                   merge_inbox, notice_of, refuse_inbox_as_output, resubmit_deadlines, write_roster, write_summary, write_templates)
from . import params as cliparams
from .definitions import definitions
from .mail import mail
from .screens import merge_lines, no_previous_line, no_reports_lines, render_json, render_text
from .text import ChineseGroup, Share, WholeNumber, chinese_file_names, printable_streams, tidy_help

EXIT_OK, EXIT_REJECTED = 0, 1  # usage errors exit 2, write failures 3, a bug of ours 4 (errors.py)


NONE_WORDS = ("无", "none", "")


def _notice(notice, table_set: str | None = None, items: str | None = None, ledgers: str | None = None):
    """The notice of a command, with the parts given on the command line instead of its own;
    SpecError (exit 2, said by the group) when they do not fit together."""
    def part(value):
        if value is None:
            return FROM_NOTICE
        return None if value.strip().lower() in NONE_WORDS else value

    return notice_of(notice, table_set=table_set, items=part(items), ledgers=part(ledgers))


def notice_options(f):
    """--notice and the parts of a notice one may replace: --table-set, --items, --ledgers."""
    f = click.option("--ledgers", default=None, metavar="名称",
                     help="台账定义(ledgersets 中的名称或 .toml 文件),写“无”表示不要台账;默认按通知。")(f)
    f = click.option("--items", default=None, metavar="名称",
                     help="群众评议表定义(itemsets 中的名称或 .toml 文件),写“无”表示没有评议表;默认按通知。")(f)
    f = click.option("--table-set", default=None, metavar="名称",
                     help="表格定义(tablesets 中的名称或 .toml 文件);默认按通知。")(f)
    return click.option("--notice", default=None, is_eager=True, callback=cliparams.notice, metavar="通知",
                        help="通知定义(dianping definitions list 列出的名称,或 .toml 文件),默认 hunan-2011。")(f)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
COMMAND = {"options_metavar": "[选项]"}


@click.group(name="dianping", cls=ChineseGroup, context_settings=CONTEXT, options_metavar="[选项]",
             subcommand_metavar="命令 [参数]...")
@click.version_option(__version__, prog_name="dianping")
def main():
    """领导点评和群众评议统计表:生成模板、审核、汇总。"""


_OWN_PROCESS = []  # [True] when the command's process ends with it (run): what it keeps is kept for good


def _prog_name() -> str:
    """How the command is named in usage lines and hints: on Windows, `py -m dianping_xlsx` when so
    run (the dianping command is often not on its PATH, and the hint must be typed as it works)."""
    if os.name == "nt" and sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1] == "__main__.py":
        return "py -m dianping_xlsx"
    return "dianping"


def run() -> None:
    """The process's entry (the dianping command, python -m dianping_xlsx): the group, then the
    process ends with the command's exit code once what it wrote is flushed, without tearing down
    what it holds (the interpreter's last collection and freeing every object of a merge cost
    0.05 s at 1,000 files, 0.13 s at 10,000). Every file it writes is closed and renamed into place
    by then, its worker processes ended; an error the command did not turn into an exit code ends
    the process as Python ends it."""
    _OWN_PROCESS[:] = [True]
    printable_streams()
    if not chinese_file_names():
        _flushed_exit(EXIT_USAGE)
    try:
        main(prog_name=_prog_name())
    except SystemExit as ended:
        code = 0 if ended.code is None else ended.code
        if not isinstance(code, int):
            raise
    else:  # pragma: no cover - click's main always ends with SystemExit
        code = 0
    gc.freeze()
    _flushed_exit(code)


def _flushed_exit(code: int) -> None:
    """End the process now, standard output and error flushed (os._exit skips the teardown)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (dianping ... | head): nothing more to say
            pass
    os._exit(code)


@contextmanager
def _kept_for_good():
    """What the block makes (a merge's result) is kept until the process ends (run): frozen, never
    walked by the collector, before it is on again (its first collection walked it all: 0.1 s at
    10,000 files). A command invoked inside another program (a test's runner) freezes nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
        if _OWN_PROCESS:
            gc.freeze()
    finally:
        if was:
            gc.enable()


def _roster(path: Path | None, ts):
    return None if path is None else load_roster(path, ts)  # RosterError: exit 2, in every command


def _codes(ctx, param, value):
    try:
        Policy(frozenset(value), frozenset()) if param.name == "ignore" else Policy(frozenset(), frozenset(value))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


def reading_options(f):
    """--limit, --jobs, --ignore and --error, shared by merge and check."""
    f = click.option("--error", "error", multiple=True, callback=_codes, metavar="代码",
                     help="把这种问题当作错误(退回),可重复,如 --error date.late。")(f)
    f = click.option("--ignore", "ignore", multiple=True, callback=_codes, metavar="代码",
                     help="不列出这种警告或提示,可重复,如 --ignore rule.coverage(错误不能忽略)。")(f)
    f = click.option("--jobs", type=WholeNumber(1, MAX_JOBS), default=None, metavar="进程数",
                     help="同时读取的进程数(默认为 CPU 核数)。")(f)
    return click.option(
        "--limit", "limits", multiple=True, callback=cliparams.limits, metavar="名称=值",
        help="调整读取限制,可重复,如 --limit max_rows=20000 --limit timeout=120(见 docs/使用说明.md“拒收的文件”)。",
    )(f)


roster_option = click.option(
    "--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    metavar="名册.xlsx",
    help="单位名册(dianping roster init 生成)。",
)


@main.command(**COMMAND)
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default=True, metavar="文件夹", help="模板写入的文件夹。")
@click.option("--unit-name", default=None, metavar="单位名称", help="预先填好的填报单位名称。")
@roster_option
@click.option("--force", is_flag=True, help="同名文件已存在且内容不同时也覆盖(默认拒绝,以免覆盖已填写的表)。")
@click.option("--period", default=None, callback=cliparams.optional_period, metavar="期次",
              help="预先选好统计表“自查”页的报送时段(如 2011-H1 即上半年),只查本期应填的轮次,"
                   "表上的年份也按它写;不写时由单位在“自查”页自己选。")
@click.option("--due", default=None, callback=cliparams.date, metavar="日期",
              help="本级规定的各单位报送截止日期,如 2012-03-10:写进模板的填表说明(不写时按通知规定的日期)。")
@notice_options
def template(out: Path, unit_name: str | None, roster: Path | None, force: bool, period, due, notice, table_set,
             items, ledgers):
    """按通知生成空白统计表模板(含填表说明和自查页),以及通知要求的群众评议表、评议汇总表
    和台账;给出 --roster 时为名册中每个单位各生成一份(填报单位已填好)。"""
    nt = _notice(notice, table_set, items, ledgers)
    units = _roster(roster, nt.tables)
    templates, forms = write_templates(out, notice=nt, unit_name=unit_name or "", roster=units, force=force,
                                       period=period, due=due)
    ledger_titles = [x.title for x in nt.ledgers.ledgers] if nt.ledgers else []
    ledgers = [p for p in forms if any(t in p.name for t in ledger_titles)]
    forms = [p for p in forms if p not in ledgers]
    if units is None:
        click.echo(f"已生成模板({nt.name}):{templates[0]}")
        if forms:
            click.echo("已生成群众评议表和评议汇总表:" + "、".join(p.name for p in forms))
        if ledgers:
            click.echo("已生成台账:" + "、".join(p.name for p in ledgers))
    else:
        click.echo(f"已为名册中的 {len(units.units)} 个单位各生成{'、'.join(_kinds(nt))}(填报单位已填好):{out}")


def _kinds(nt) -> list[str]:
    """What a unit gets from ``template --roster`` under a notice."""
    return ["统计表", *(["评议表", "评议汇总表"] if nt.forms else []), *(["台账"] if nt.ledgers else [])]


@main.group(options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
def roster():
    """单位名册。"""


@roster.command("init", **COMMAND)
@click.option("-o", "--output", "target", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("单位名册.xlsx"), show_default=True, metavar="文件", help="名册文件。")
@notice_options
def roster_init(target: Path, notice, table_set, items, ledgers):
    """生成空白单位名册(单位名称、别名、类型、上级、邮箱)。"""

    if target.exists():
        raise click.ClickException(f"“{target}”已存在,为避免覆盖已填写的名册,请换一个文件名或先移走它。")
    write_roster(target, table_set=_notice(notice, table_set, items, ledgers).tables)
    click.echo(f"已生成空白名册:{target}")


@main.command(**COMMAND)
@click.argument("inbox", metavar="收件文件夹", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default=True, metavar="文件夹", help="汇总结果写入的文件夹。")
@click.option("--period", required=True, callback=cliparams.period, metavar="期次",
              help="报送期次:2011-H1(上半年,6月30日前报)或 2011-H2(下半年,12月30日前报);"
                   "其他通知按通知的期次,如 2012-H1。")
@click.option("--unit-name", default="", metavar="单位名称", help="汇总表上的填报单位:本单位的名称(也是上报文件的文件名)。")
@click.option("--date", "day", default=None, callback=cliparams.day, metavar="日期",
              help="汇总表的填报时间,如 2011-06-30(默认今天;今天不在本期报送时间内时为本期截止日期)。")
@roster_option
@click.option("--due", default=None, callback=cliparams.date, metavar="日期",
              help="各单位报送的截止日期,如 2011-06-28;填报时间晚于它的标为逾期(默认按通知)。")
@click.option("--resubmit-due", "resubmit", default=None, callback=cliparams.date, metavar="日期",
              help="退回单位改正重报的截止日期(退回邮件中写明的),如 2011-07-05:首次按时报送、在此之前改正重报的不算逾期"
                   "(默认按 mail send 在输出文件夹中记下的各单位重报期限)。")
@click.option("--previous", type=click.Path(exists=True, path_type=Path), default=None, metavar="汇总表",
              help="上期(如上半年)的汇总表或其所在文件夹,用于比对。")
@click.option("--threshold", type=Share(), default="20%", show_default=True, metavar="比例",
              help="不满意占比超过多少时列入“评议跟进”,如 20% 或 0.2。")
@reading_options
@notice_options
def merge(inbox: Path, out: Path, period, unit_name: str, day: dt.date, roster: Path | None,
          due: dt.date | None, resubmit: dt.date | None, previous: Path | None, threshold: float, limits,
          jobs: int | None, ignore: tuple[str, ...], error: tuple[str, ...], notice, table_set, items, ledgers):
    """审核并汇总收件文件夹中各单位报送的统计表。"""
    refuse_inbox_as_output(inbox, out)  # OutputRefused: exit 2
    if due is not None and period.due_refusal(due):  # said before a file is read
        raise UsageProblem(period.due_refusal(due, "--due"))
    nt = _notice(notice, table_set, items, ledgers)  # every definition checked here, before any worker starts
    ts = nt.tables
    units = _roster(roster, ts)
    before = load_previous(previous, ts, period=period, unit_name=unit_name, notice=nt) if previous else None
    files = inbox_files(inbox, exclude=[out])
    options = {"notice": nt, "roster": units, "due": due, "previous": before,
               "resubmit": resubmit if resubmit is not None else resubmit_deadlines(out),
               "threshold": threshold, "limits": limits, "jobs": jobs, "files": files,
               "unit_name": unit_name, "ignore": ignore, "error": error}
    with _kept_for_good():  # the result, written and said, until the process ends
        if sys.stderr.isatty():
            with click.progressbar(length=len(files), label="正在读取", file=sys.stderr,
                                   show_pos=True) as bar:
                result = merge_inbox(inbox, period=period, progress=lambda: bar.update(1), **options)
        else:
            result = merge_inbox(inbox, period=period, **options)
    if result.no_reports:
        click.echo("\n".join(no_reports_lines(result)))
        sys.exit(EXIT_REJECTED)
    if not period.first_of_year and ts.rounds and before is None:
        click.echo(no_previous_line(period, ts))
    if day is None:
        day, today = period.report_day(dt.date.today())
        if not today:
            click.echo(f"提示:今天({dt.date.today().isoformat()})不在{period.zh}的报送时间"
                       f"({period.window[0].isoformat()} 至 {period.window[1].isoformat()})内,汇总表的填报时间"
                       f"按本期截止日期 {day.isoformat()} 填写;要写其他日期请加 --date,如 --date {day.isoformat()}。")
    written = write_summary(result, out, unit_name=unit_name, day=day)  # OutputError: exit 3
    if not unit_name:
        example = f",如 --unit-name {nt.office}" if nt.office else ""  # the notice's own example, or none
        click.echo(f"提示:汇总表上的“填报单位”是空的。上报前请用 --unit-name 填写本单位名称{example}。")
    click.echo("\n".join(merge_lines(result, written)))
    sys.exit(EXIT_OK if result.summary.complete else EXIT_REJECTED)


@main.command(**COMMAND)
@click.argument("files", nargs=-1, required=True, metavar="文件...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--period", default=None, callback=cliparams.optional_period, metavar="期次",
              help="报送期次,如 2011-H1;默认按今天的日期推断。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出问题(供脚本使用)。")
@reading_options
@notice_options
def check(files: tuple[Path, ...], period, as_json: bool, limits, jobs: int | None,
          ignore: tuple[str, ...], error: tuple[str, ...], notice, table_set, items, ledgers):
    """报送前自查:按汇总时的同样规则检查文件,逐条列出问题。"""
    nt = _notice(notice, table_set, items, ledgers)  # a bad definition is a usage error here, not in every worker
    period = nt.period(period)
    reports = check_files(files, period=period, notice=nt, limits=limits, jobs=jobs,
                          ignore=ignore, error=error)
    click.echo(render_json(reports, period) if as_json else render_text(reports, period))
    sys.exit(EXIT_REJECTED if any(not r.ok for r in reports) else EXIT_OK)


@main.command(**COMMAND)
@click.option("--workspace", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="文件夹", help="工作文件夹(默认为用户文件夹下的“领导点评统计工作台”),记住本单位、名册和各期的文件。")
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="端口", help="端口(默认自动选一个空闲的)。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器(只显示地址)。")
def desk(folder: Path | None, port: int, no_browser: bool):
    """打开工作台:在浏览器中完成半年的全部工作(收件、审核汇总、退回、上报),不用输入命令。"""
    from ..desk.server import serve

    serve(folder, port, browser=not no_browser, echo=click.echo)


main.add_command(mail)
main.add_command(definitions)
tidy_help(main)

if __name__ == "__main__":  # pragma: no cover
    run()
