"""Errors that end a run, each with the exit code the command line gives it.

A fault of a unit's file is never an exception: it is a Problem on that file and the batch goes
on. What is raised is about the run itself; ``InternalError`` is a fault of this program (a bug),
told apart from a damaged file so that the clerk is never asked to have a unit resend a good one.
"""

from __future__ import annotations

EXIT_REJECTED, EXIT_USAGE, EXIT_WRITE, EXIT_BUG = 1, 2, 3, 4
# What the clerk can do next, named for each face to say in its own words after the message (the
# command line a command, the desk its own page): the library's message itself names neither.
BLANK_ROSTER = "blank-roster"  # start from the blank roster
TABLES_FILE = "tables-file"  # draft the notice from its blank tables, or write the definition by hand
NOTICE_DRAFT = "notice-draft"  # a Word file or a workbook given as a definition: draft one from the notice


class DianpingError(Exception):
    """A run that cannot go on; the message says why and what to do, in Chinese. Every face
    shows it as it is, followed by its words for ``remedy`` when there is one; the command line
    exits with its ``exit_code``."""

    exit_code = EXIT_REJECTED
    remedy = ""  # BLANK_ROSTER, TABLES_FILE or "" (the message says all)

    def __init__(self, *args, remedy: str = ""):
        super().__init__(*args)
        if remedy:
            self.remedy = remedy


class UsageProblem(DianpingError):
    """What the clerk asked for cannot be done as asked (a bad roster or definition, an output
    folder that would lose something): exit 2, as a usage error."""

    exit_code = EXIT_USAGE


class BadValue(UsageProblem, ValueError):
    """A value given to the library (a date, a period, a share, a number of processes) that
    cannot be used: said in Chinese, in the command line's words where it has the same option."""


class NoReports(DianpingError):
    """Nothing in the inbox was a report: no summary is written (an all-zero one would be sent up
    as if the units had reported nothing). Exit 1, as an incomplete summary."""

    exit_code = EXIT_REJECTED


class InternalError(DianpingError):
    """Our own code failed (a bug): the traceback goes to stderr and the command exits 4."""

    exit_code = EXIT_BUG

    def __init__(self, message: str, trace: str = ""):
        super().__init__(message)
        self.trace = trace


class WorkerBug:
    """What a worker sends back instead of a submission when our code raised on a file."""

    def __init__(self, name: str, trace: str):
        self.name, self.trace = name, trace

    def error(self) -> InternalError:
        return InternalError(f"检查“{self.name}”时程序内部出错(这是 dianping-xlsx 的缺陷,不是这个文件的问题)。",
                             self.trace)


NESTED = "Nesting too deep"  # said by toml_loads: the parser itself only runs out of stack
# What Python's TOML parser says, in Chinese (the most common slips of a hand-written definition).
_TOML_WORDS = (
    ("Unterminated string", "引号没有配对(字符串没有结束)"),
    ("Illegal character", "有不能出现在字符串中的字符"),
    ("Expected '=' after a key", "键后面缺少“=”"),
    ("Invalid initial character for a key", "键的写法有误(含有空格或符号的键要加引号)"),
    ("Invalid value", "值的写法有误(文字要加英文引号,列表写成 [\"甲\", \"乙\"])"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Cannot declare", "同一个表写了两次"),
    ("Unclosed array", "方括号没有闭合(列表缺少“]”)"),
    ("Unclosed inline table", "花括号没有闭合(缺少“}”)"),
    ("Expected newline or end of document", "一行只能写一个“键 = 值”"),
    ("Expected ']' at the end of a table declaration", "表头缺少“]”"),
    ("Invalid date or datetime", "日期写法有误(应写成 2013-10-08)"),
    ("Invalid hex value", "字符串中的转义写法有误(反斜杠 \\ 要写两个)"),
    ("Unescaped '\\' in a string", "字符串中的反斜杠 \\ 要写两个"),
    (NESTED, "格式有误(嵌套太深):方括号 [ ] 或花括号 { } 一层套一层,套了上百层,"
     "不是定义文件该有的样子;请检查这一行,或换用原来的定义文件"),
)
DEEP = 100  # brackets open at once beyond which a definition is said to nest too deep


def toml_loads(text: str) -> dict:
    """``tomllib.loads``, whose RecursionError on brackets nested some hundreds deep (a 6 KB file
    of [[[[…) is a TOMLDecodeError like any malformed text: said in Chinese, with its line."""
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        line, column = _deepest(text)
        raise tomllib.TOMLDecodeError(f"{NESTED} (at line {line}, column {column})") from None


def _deepest(text: str) -> tuple[int, int]:
    """Where brackets first stand DEEP open (outside strings and comments): (line, column), 1-based."""
    depth, quote, line, column = 0, "", 1, 0
    for char in text:
        column += 1
        if char == "\n":
            line, column, quote = line + 1, 0, "" if quote == "#" else quote
        elif quote:
            quote = "" if char == quote and quote != "#" else quote
        elif char in "\"'#":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > DEEP:
                return line, column
        elif char in "]}":
            depth -= 1
    return 1, 1


def toml_problem(exc: Exception) -> str:
    """A TOML decode error said in Chinese: "第 N 行第 M 列:……", or the parser's own words
    after "不是有效的 TOML" when they are none of the common ones."""
    import re

    text = str(exc)
    place = re.search(r"\(at line (\d+), column (\d+)\)|\(at end of document\)", text)
    where = (f"第 {place[1]} 行第 {place[2]} 列" if place and place[1] else "文件末尾") if place else ""
    said = next((words for english, words in _TOML_WORDS if text.startswith(english)), "")
    if not said:
        said = f"不是有效的 TOML({re.sub(r' ?[(]at (line|end).*', '', text)})"
    return f"{where}:{said}" if where else f"有误:{said}"
