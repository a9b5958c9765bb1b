"""Cell text: A1 references, label normalisation and value parsing.

Labels are compared after normalisation (no spaces, NFKC full-width forms,
traditional to simplified characters), so a hand-typed 參加點評人數 or
"metric (round)" with odd spaces finds its row. Values are whole numbers; anything
that cannot be read exactly is a problem, never a silent 0.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


def a1(row: int, col: int) -> str:
    """0-based (row, col) to an A1 reference: (0, 0) -> 'A1'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def column_number(letters: str) -> int:
    """A column's letters to its number counted from 1: 'A' -> 1, 'AA' -> 27 (a1's inverse)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_SPACE = re.compile(r"\s+")
_BLANKS = re.compile(r"[\s\u200b\ufeff]+")  # in a number typed as text: spaces, and zero-width ones pasted with it
# Control characters, zero-width ones and bidirectional controls (U+202A–202E, U+2066–2069:
# a name that reads backwards), and lone surrogates (bytes of a file name that were not UTF-8).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_NAME = 60
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(name: str) -> str:
    """A file name as people should see it. Names from outside (an unzipped attachment) may be
    GBK bytes, which Python gives as lone surrogates: read them as GB18030, else escape them."""
    if not _SURROGATE.search(name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def without_controls(text: str) -> str:
    """``text`` without control, zero-width and bidirectional characters (U+202E before
    "slx.evil.xlsx" shows it as "xlsx.live.xls"); printable characters and spaces kept as they are."""
    return _CONTROL.sub("", text)


@lru_cache(maxsize=8192)  # ledgers repeat the same names, ways and categories row after row
def clean_text(text: str, limit: int = MAX_NAME) -> str:
    """A name as shown in outputs: printable, no control characters, single spaces, at most
    ``limit`` long. Every unit name passes here, wherever it comes from."""
    text = " ".join(_CONTROL.sub(" ", printable(text)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=1)
def _zhconv():
    """zhconv (traditional -> simplified), imported on first use. It imports pkg_resources only
    to open its own dictionary (0.17 s, more than everything else at start-up): with that import
    refused, it opens the file next to itself, the same bytes."""
    import sys

    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # an ImportError inside zhconv: its own fallback
    try:
        import zhconv
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return zhconv


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The comparable form of a label: NFKC, simplified, without any spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text)
    if not text.isascii():
        text = _zhconv().convert(text, "zh-cn")
    # Variants of punctuation that NFKC leaves alone.
    return text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")


def traditional(text: str) -> bool:
    """Text written in traditional characters: more characters only traditional script has than
    characters only simplified script has."""
    return _zhconv().issimp(text, full=True) is False


def simplified(text: str) -> str:
    """Text in simplified characters (zhconv, zh-cn), as a simplified notice would print it."""
    return text if text.isascii() else _zhconv().convert(text, "zh-cn")


def label_word(label: str) -> str:
    """A header label without its colon, to name it in a sentence: 填报单位(盖章): -> 填报单位(盖章)."""
    return label.rstrip("::")


def written_forms(label: str) -> list[str]:
    """A label as people may type it: as given, in traditional characters, NFKC-folded."""
    zhconv = _zhconv()
    forms = [label, zhconv.convert(label, "zh-hant"), zhconv.convert(label, "zh-tw"),
             unicodedata.normalize("NFKC", label)]
    return list(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class Parsed:
    """The outcome of reading one value cell."""

    value: int | None  # None when the cell is an error
    code: str = ""  # a problem code, "" when the cell was clean
    text: str = ""  # the cell as the user typed it, for the message
    unit: str = ""  # the measure word it was typed with, when that is not its label's unit


BLANK = Parsed(0)
# No count of persons or organisations of one unit, or of a province's summary, comes near it:
# a larger one is a slip (1E+20: twenty digits typed), never summed (nor packed: check/compact.py)
MAX_COUNT = 10**9
# Measure words a count may be typed with (12人, 3 项, 40人次): read as the number, with a note.
# Longer ones first (人次 before 次). Never 元, 万, % or ‰: a number with those is no count.
COUNT_UNITS = ("人次", "户次", "个次", "人", "个", "名", "位", "户", "家", "项", "件", "次", "条", "篇", "场", "期",
               "所", "支", "处", "份", "票", "本", "批", "座", "台", "辆", "套", "张", "起", "例", "部", "册",
               "轮", "届", "间")
# units a label may print that no count is typed with: a label so printed still has its unit
_MEASURE_UNITS = ("万元", "亿元", "千元", "元", "万", "%", "‰")
_PEOPLE = frozenset(("人", "名", "位"))  # one thing, three words: 12名 in a 人数(人) row is no slip
_PRINTED_UNIT = re.compile(r"(?:[(\[【〔]\s*(?:单位\s*[::]\s*)?([^()\[\]【】〔〕]{1,3}?)\s*[)\]】〕]"
                           r"|[-/—–]\s*([^-/—–()]{1,2}))\s*$")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_CN_NUMERAL = re.compile(r"^[零〇一二三四五六七八九十百千万两]+$")


def parse_count(raw, unit: str = "") -> Parsed:
    """Read a count (a whole number >= 0) from a cell value as calamine gives it. ``unit``: the
    unit the cell's label prints (printed_unit), "" when none: a count typed with a measure word
    that is not that unit (40人 in a 承诺事项数(项) row) is read, and said (value.unit-differs)."""
    if raw is None or raw == "":
        return BLANK
    if type(raw) is float and 0 <= raw <= MAX_COUNT and raw.is_integer():
        return Parsed(int(raw))  # the common case, first
    if isinstance(raw, bool):
        return Parsed(None, "value.not-number", str(raw).upper())
    if isinstance(raw, (int, float)):
        shown = as_shown(raw)
        return _number(shown, _fmt(shown), coerced=False)
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return Parsed(None, "value.date", str(raw))
    text = str(raw)
    if text.startswith("#") and text.rstrip("!?0/").upper() in (
        "#REF", "#DIV", "#VALUE", "#N/A", "#NAME", "#NUM", "#NULL",
    ):
        return Parsed(None, "value.error-cell", text)
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = _BLANKS.sub("", cleaned)
    if cleaned == "":
        return Parsed(0)  # only spaces: blank
    typed = typed_unit(cleaned)
    cleaned = cleaned[:len(cleaned) - len(typed)]
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", cleaned):
        if len(cleaned.lstrip("+-").partition(".")[0].lstrip("0")) > len(str(MAX_COUNT)):
            return Parsed(None, "value.too-large", text)  # (int() refuses 4,300 digits and more)
        number = float(cleaned) if "." in cleaned else int(cleaned)
        return _with_unit(_number(number, text, coerced=True), typed, unit)
    if _CN_NUMERAL.match(cleaned):
        import cn2an  # slow to import (0.25 s): only when a Chinese numeral is seen

        try:
            number = cn2an.cn2an(cleaned.replace("两", "二"), "strict")
        except (ValueError, KeyError):
            return Parsed(None, "value.not-number", text)
        return _with_unit(_number(number, text, coerced=True), typed, unit)
    return Parsed(None, "value.not-number", text)


def typed_unit(cleaned: str) -> str:
    """The measure word (COUNT_UNITS) a cleaned value's text ends with, "" when none."""
    for word in COUNT_UNITS:
        if cleaned.endswith(word):
            return word
    return ""


def printed_unit(label: str) -> str:
    """The unit a row or column label prints: 承诺事项数(项) -> 项, 支部数-(个) -> 个, 金额(单位:万元) ->
    万元; "" when it prints none that is a unit (人数(含退休) -> "")."""
    m = _PRINTED_UNIT.search(unicodedata.normalize("NFKC", label))
    word = (m[1] or m[2]).strip() if m else ""
    return word if word in COUNT_UNITS or word in _MEASURE_UNITS else ""


@lru_cache(maxsize=4096)
def label_unit(key) -> str:
    """The unit a value cell's label prints: its row's (metric), else its column's (category)."""
    return printed_unit(key.metric) or printed_unit(key.category)


def unit_fits(typed: str, unit: str) -> bool:
    """Whether a count typed with the measure word ``typed`` fits a label printing ``unit``: the
    same word; 人, 名 and 位 for persons; 个, the general measure word, typed for any count (12个 of
    persons is everyday speech), and a 个 label taking any word but a person's (12人 of
    organisations is a count of something else)."""
    if not typed or not unit or typed == unit:
        return True
    if typed in _PEOPLE:
        return unit in _PEOPLE
    return (typed == "个" or unit == "个") and unit not in _MEASURE_UNITS


def _with_unit(parsed: Parsed, typed: str, unit: str) -> Parsed:
    """A count read from text, said as typed with a unit its label does not print."""
    if parsed.code == "value.text-number" and not unit_fits(typed, unit):
        return Parsed(parsed.value, "value.unit-differs", parsed.text, typed)
    return parsed


def _number(number, text: str, coerced: bool) -> Parsed:
    if isinstance(number, float):
        if number != number or number in (float("inf"), float("-inf")):
            return Parsed(None, "value.not-number", text)
        if not number.is_integer():
            return Parsed(None, "value.not-integer", text)
        number = int(number)
    if number < 0:
        return Parsed(None, "value.negative", text)
    if number > MAX_COUNT:
        return Parsed(None, "value.too-large", text)
    return Parsed(number, "value.text-number" if coerced else "", text)


def _fmt(number) -> str:
    """A number as messages quote it: as the 自查's formulas join it into theirs (number_text)."""
    return number_text(number) if isinstance(number, float) else str(number)


def first_named(names, most: int = 10) -> str:
    """The first ``most`` names joined with 、, and 等 when there are more (how a summary names the
    units it lacks, in its properties and wherever that is read back)."""
    names = list(names)
    return "、".join(names[:most]) + ("等" if len(names) > most else "")


def number_text(x: float) -> str:
    """A number as the General format shows it (15 significant digits: 1E-07, 1E+20), as the 自查
    sheet's formulas turn it into text, whose results the tool computes and saves (evalfuncs)."""
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return ("%.15g" % x).replace("e", "E")


def as_shown(number):
    """A number stored in a cell as Excel and WPS show it, and compare it: to 15 significant
    digits. =50*0.58 stores 28.999999999999996 and shows 29; the unit sees 29 everywhere, so it
    is 29 (2.5 stays 2.5). Whether a value is whole, and its text in a message, are decided on
    this; an int, nan and inf as they are."""
    if type(number) is not float or number != number or number in (float("inf"), float("-inf")):
        return number
    return float(f"{number:.15g}")


_EPOCH, _EPOCH_1904 = dt.date(1899, 12, 30), dt.date(1904, 1, 1)  # day 0 of a workbook's serial numbers
_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# A month and day without the year (6月28日, 06-28, 6/28), read only where the period tells the year.
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:月\s*(\d{1,2})\s*[日号]?|[-/]\s*(\d{1,2}))$")
# Chinese numerals of a date written out (二〇一一年六月二十八日): digits one by one in a year,
# 十 in a month or day.
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0", "o": "0"}
_CN_NUMBER = re.compile("[〇○零一二三四五六七八九十]+")


def _cn_number(m: re.Match) -> str:
    """一 -> 1, 二〇一一 -> 2011, 十二 -> 12, 二十八 -> 28 (not a numeral of a date: unchanged)."""
    text = m[0]
    if "十" not in text:
        return "".join(_CN_DIGITS[c] for c in text)
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return text
    return str(int(_CN_DIGITS.get(tens, "1")) * 10 + int(_CN_DIGITS.get(units, "0")))


def parse_date(raw, window: tuple[dt.date, dt.date] | None = None, date1904: bool = False) -> dt.date | None:
    """A 填报时间 as a date, or None when it cannot be read. ``window``: the period's dates, which
    give the year of a date written without one (6月28日: the year in which it falls in the window).
    ``date1904``: the workbook counts its days from 1904 (Mac Excel), a bare number too."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # An Excel serial number that was not formatted as a date.
        if 20000 < raw < 80000:
            return (_EPOCH_1904 if date1904 else _EPOCH) + dt.timedelta(days=int(raw))
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if "年" in text or "月" in text:
        text = _CN_NUMBER.sub(_cn_number, text.replace("O", "〇").replace("o", "〇"))
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            return _date_of(int(m[1]), int(m[2]), int(m[3]))
    m = _MONTH_DAY.match(text)
    if m and window is not None:
        days = [_date_of(year, int(m[1]), int(m[2] or m[3])) for year in sorted({window[0].year, window[1].year})]
        inside = [d for d in days if d is not None and window[0] <= d <= window[1]]
        return (inside or days)[0]
    return None


def _date_of(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# What libraries say in English, said in Chinese inside a message for the clerk (their words are
# matched by a part; anything else is named by its kind, never left as English text).
_REASONS = (
    ("is not a zip file", "不是完整的 zip 文件"), ("truncated", "文件不完整"), ("bad magic number", "文件头损坏"),
    ("bad crc", "校验值不符"), ("crc", "校验值不符"), ("invalid stored block", "数据损坏"),
    ("error -3", "数据损坏"), ("unexpected end", "文件不完整"), ("eof", "文件不完整"),
    ("timed out", "连接超时"), ("connection refused", "对方拒绝连接(端口上没有服务)"),
    ("connection reset", "连接被对方断开"), ("name or service not known", "找不到这个服务器地址"),
    ("temporary failure in name resolution", "找不到这个服务器地址(域名解析失败)"),
    ("no route to host", "网络不通"), ("network is unreachable", "网络不通"),
    ("permission denied", "没有权限"), ("no such file", "文件不存在"),
    ("wrong version number", "端口和加密方式不匹配"), ("certificate verify failed", "证书验证失败"),
    # the spreadsheet reader's (python-calamine)
    ("cannot detect file format", "文件结构不完整,缺少工作簿的组成部分"),
    ("shared strings", "文字内容(共享字符串)不完整"), ("parse float", "有数字单元格的内容不是数字"),
    ("parse int", "有单元格的数字写法有误"), ("unknown cell", "有单元格的类型标记无法识别"),
    ("expecting alphanumeric", "有单元格的位置标记有误"), ("ill-formed", "文件内容格式有误"),
    ("xml", "文件内容格式有误"),
)


# An operating system's reasons (errno names), said short in Chinese inside a message for the clerk.
_OS_REASONS = {
    "ENOENT": "文件或文件夹不存在", "EACCES": "没有权限", "EPERM": "没有权限", "ENOSPC": "磁盘空间已满",
    "EDQUOT": "磁盘配额已用完", "EROFS": "磁盘或文件夹是只读的", "EBUSY": "文件正被占用",
    "ETXTBSY": "文件正被占用", "EISDIR": "这是一个文件夹,不是文件", "ENOTDIR": "路径中有一段不是文件夹",
    "ENAMETOOLONG": "文件名或路径太长", "EMFILE": "同时打开的文件太多", "ENFILE": "同时打开的文件太多",
    "EIO": "磁盘读写出错", "EEXIST": "已有同名的文件或文件夹", "EINVAL": "文件名或参数无效",
    "ENOTEMPTY": "文件夹不是空的", "EXDEV": "不能跨磁盘移动", "ELOOP": "链接循环", "ESTALE": "网络文件已失效",
}
# Windows' own codes (OSError.winerror): another program holds the file (Excel, WPS, antivirus).
_WINDOWS_REASONS = {32: "文件正被另一个程序占用(如 Excel、WPS)", 33: "文件的一部分被另一个程序锁定(如 Excel、WPS)",
                    5: "没有权限", 112: "磁盘空间已满", 206: "文件名或路径太长"}


def os_reason(exc: BaseException) -> str:
    """Why the operating system refused (an OSError), short, in Chinese: by its Windows code,
    else its errno, else its words as reason_zh knows them; never its English text."""
    code = getattr(exc, "errno", None)
    return reason_zh(exc, f"系统错误,代码 {code}" if isinstance(code, int) else "原因不明")


def _os_known(exc: BaseException) -> str:
    """An OSError's reason by its Windows code or errno ("" when neither is one we say)."""
    import errno

    winerror = getattr(exc, "winerror", None)
    if winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    code = getattr(exc, "errno", None)
    return _OS_REASONS.get(errno.errorcode.get(code, ""), "") if isinstance(code, int) else ""


def reason_zh(exc: BaseException, otherwise: str = "原因不明") -> str:
    """A library's exception, in Chinese words for a message (its English text never shown, nor
    its kind's name: ``otherwise`` stands for what is not known here)."""
    known = _os_known(exc)
    if known:
        return known
    text = f"{getattr(exc, 'strerror', None) or ''} {exc}".lower()
    for part, words in _REASONS:
        if part in text:
            return words
    return otherwise


class _CharWidths(dict):
    """A character's display width, looked up once (the summary measures 100,000s of texts)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_CHAR_WIDTH = _CharWidths().__getitem__


def display_width(text: str) -> int:
    """Columns a text takes on screen or paper: a CJK (wide) character two, others one."""
    return sum(map(_CHAR_WIDTH, text))
