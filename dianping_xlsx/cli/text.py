"""The command line's own words in Chinese: click's messages, parameter types, the help layout.

click passes every message it prints through ``gettext`` (bound as ``_`` and ``ngettext``
in each of its modules). ``install()`` points those names at the catalogue below, so usage
errors and ``--help`` read in Chinese with click's exit codes unchanged.
"""

from __future__ import annotations

import re

import click

from ..api import A_FILE, A_FOLDER, NOT_THERE, share
from ..errors import BLANK_ROSTER, NOTICE_DRAFT, TABLES_FILE

# The next step a library error names (DianpingError.remedy), in the command line's words.
REMEDIES = {
    BLANK_ROSTER: "也可以用 dianping roster init -o 单位名册.xlsx 生成空白名册,照它填写。",
    TABLES_FILE: "definitions init 也接受 .xlsx、.xls 空白表;或者照 docs/通知定义.md 手写定义文件。",
    NOTICE_DRAFT: "要从通知起草定义文件,用 dianping definitions init 通知文件 -o 新通知.toml"
                 "(通知文件可以是 Word 文件 .docx、.doc,或通知的空白表格 .xlsx、.xls)。",
}


def said(exc: Exception) -> str:
    """An error as the command line says it: its message, then its next step in a command's words."""
    return f"{exc}{REMEDIES.get(getattr(exc, 'remedy', ''), '')}"

CATALOGUE = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Show the version and exit.": "显示版本号后退出。",
    "Show this message and exit.": "显示本帮助后退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误:{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看用法。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数:{param_name}",
    "Missing command.": "缺少命令。",  # the usage line below names the group; Commands adds its commands
    "No such command {name!r}.": "没有“{name}”这个命令。",  # Commands adds the group's own
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不用写值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对:{message}",
    "Invalid value: {message}": "值不对:{message}",
    "{name} {filename!r} does not exist.": NOT_THERE,  # the library's words (files.py), said alike
    "{name} {filename!r} is a file.": A_FILE,
    "{name} {filename!r} is a directory.": A_FOLDER,
    "{name} {filename!r} is not readable.": "{name}“{filename}”没有读取权限。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”没有写入权限。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "directory": "文件夹",
    "file": "文件",
    "path": "路径",
    "{value!r} is not a valid {number_type}.": "“{value}”不是{number_type}。",
    "{value} is not in the range {range}.": "{value} 超出了允许的范围({range})。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”:{message}",
    "Aborted!": "已中止。",
    "default: {default}": "默认:{default}",
    "env var: {var}": "环境变量:{var}",
    "required": "必填",
    "deprecated": "已弃用",
    "(dynamic)": "(动态)",
    "Error: invalid input": "错误:输入无效",
    "unknown error": "未知错误",
}

PLURALS = {
    "Got unexpected extra argument ({args})": "多写了参数({args}),请检查是否漏了选项名或文件名中有空格(有空格的路径请加引号)。",
    "Option {name!r} requires an argument.": "选项“{name}”后面要写一个值。",
    "Did you mean {possibility}?": "您是否指 {possibility}?",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值,只写了 1 个。",
}
PLURALS_MANY = {
    "Got unexpected extra argument ({args})": "多写了参数({args}),请检查是否漏了选项名或文件名中有空格(有空格的路径请加引号)。",
    "Option {name!r} requires an argument.": "选项“{name}”后面要写 {nargs} 个值。",
    "Did you mean {possibility}?": "(您是否指其中之一:{possibilities}?)",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值,写了 {len} 个。",
}


def _possibilities(possibilities: list[str]) -> str:
    """click's "Did you mean 'desk'?" in Chinese quotes: 您是否指“desk”?"""
    quoted = "、".join(f"“{p}”" for p in sorted(possibilities))
    return f"您是否指{quoted}?" if len(possibilities) == 1 else f"(您是否指其中之一:{quoted}?)"


def _gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        return PLURALS[singular] if n == 1 else PLURALS_MANY[singular]
    return singular if n == 1 else plural


def install() -> None:
    """Point click's message lookups at the Chinese catalogue (idempotent)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types):
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
    if hasattr(click.exceptions, "_format_possibilities"):
        click.exceptions._format_possibilities = _possibilities
    if hasattr(click.parser, "_format_possibilities"):  # where an older click keeps it
        click.parser._format_possibilities = _possibilities
    click.formatting.term_len = display_width  # help columns aligned under Chinese placeholders


class WholeNumber(click.IntRange):
    """A whole number in a range, named in Chinese in messages."""

    name = "整数"


class Share(click.ParamType):
    """A share such as the 不满意 threshold: 20%, 20 (read as 20%) or 0.2."""

    name = "比例"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        try:
            return share(value)  # the library's reading, and its words
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class Commands(click.Group):
    """A group that names its own commands when one typed is not among them (dianping mail nosuch:
    fetch、import、send), in the order they are defined; its groups are Commands too."""

    group_class = type

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            name = click.utils.make_str(args[0]) if args else ""
            if exc.message != _gettext("No such command {name!r}.").format(name=name):
                raise
            shown = [n for n, c in self.commands.items() if not c.hidden]
            exc.message = f"没有“{name}”这个命令(可用:{'、'.join(shown)})。"
            raise


class ChineseGroup(Commands):
    """A group whose usage errors also say what a missing option is for (its help text)."""

    def main(self, *args, **kwargs):
        install()
        kwargs.setdefault("prog_name", "dianping")
        return super().main(*args, **kwargs)

    def invoke(self, ctx):
        from ..errors import EXIT_USAGE, DianpingError, InternalError

        try:
            return super().invoke(ctx)
        except click.MissingParameter as exc:
            if not exc.message and exc.param is not None and getattr(exc.param, "help", None):
                exc.message = f"{exc.param.help}"
            raise
        except InternalError as exc:  # a bug of ours: said as such, with the traceback, exit 4
            _bug(ctx, str(exc), exc.trace)
        except DianpingError as exc:  # the run cannot go on: said once, its own exit code
            click.echo(f"错误:{said(exc)}", err=True)
            if exc.exit_code == EXIT_USAGE:  # as click says its own usage errors
                command = " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))
                click.echo(f"输入“{command} --help”查看用法。", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # the reader of our output went away (dianping … | head): not a bug
            _quiet_stdout()
            ctx.exit(EXIT_PIPE)
        except Exception as exc:  # noqa: BLE001 - anything else is a bug of ours too
            import traceback

            _bug(ctx, f"程序内部出错(这是 dianping-xlsx 的缺陷):{type(exc).__name__}", traceback.format_exc())


EXIT_PIPE = 141  # as a Unix tool stopped by SIGPIPE ends (128 + 13)


def _quiet_stdout() -> None:
    """Standard output pointed at the null device: what is still buffered for the closed pipe is
    dropped at exit, not reported as another broken pipe."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: a CJK character two (click counts one, and its help
    columns came out misaligned by every Chinese placeholder)."""
    from click._compat import strip_ansi

    from ..api import display_width as columns

    return columns(strip_ansi(text))


# a line break inside Chinese text: click joins a docstring's lines with a space, Chinese wants none
_JOIN = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])")


def tidy_help(command) -> None:
    """A docstring's lines joined without the space click puts between them (Chinese has none),
    for a command and every command below it."""
    if command.help:
        command.help = _JOIN.sub("", command.help)
    for sub in getattr(command, "commands", {}).values():
        tidy_help(sub)


def _bug(ctx, message: str, trace: str):
    from ..errors import EXIT_BUG

    click.echo(f"错误:{message}\n请把下面的内容发给维护人员;本次运行可能没有写完全部结果,问题解决后请重新运行。\n{trace}",
               err=True)
    ctx.exit(EXIT_BUG)


def printable_streams() -> None:
    """Standard output and error never fail on a character their encoding cannot hold (a unit's
    name with 😀 or • printed to cmd.exe's output redirected to a file, in GBK): output shows it as
    ?, error as its escape (\\u2022, for the maintainer). The encoding stays what it is (UTF-8
    where it is UTF-8); an error handler chosen already (not strict) is kept."""
    import sys

    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=errors)
            except (OSError, ValueError):  # a closed or detached stream: nothing to print to
                pass


install()  # before the commands are declared: click names some types (文件夹, 文件) at that time


LOCALE_ZH = "错误:本机的区域设置(locale)不能表示中文文件名,dianping 无法读写中文路径。请在 UTF-8 区域设置下运行:" \
            "先执行 export LANG=C.UTF-8(或设置环境变量 PYTHONUTF8=1),再运行 dianping。"
LOCALE_EN = ("Error: this locale's file name encoding ({encoding}) cannot hold Chinese file names, so dianping "
             "cannot read or write its files. Run it under a UTF-8 locale: export LANG=C.UTF-8 "
             "(or set PYTHONUTF8=1), then run dianping again.")


def chinese_file_names() -> bool:
    """Whether file names can be Chinese here (汇总表_2011-H1.xlsx, 邮件记录): not so under a C locale
    with Python's locale coercion and UTF-8 mode turned off, where the file system's encoding is
    ASCII and the first Chinese path would fail deep inside a run. When not, said on standard error
    before anything is read or written: in Chinese where the terminal can show it, and always in
    plain ASCII, since such a terminal mostly cannot."""
    import sys

    encoding = sys.getfilesystemencoding()
    try:
        "汇总表".encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        pass
    stream = sys.stderr
    try:
        LOCALE_ZH.encode(getattr(stream, "encoding", None) or "ascii")
        print(LOCALE_ZH, file=stream)
    except (UnicodeEncodeError, LookupError):
        pass
    print(LOCALE_EN.format(encoding=encoding), file=stream)
    return False
