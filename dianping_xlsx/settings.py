"""Everything a run can be tuned by, in one place: the limits a submitted file must keep
(each changed with --limit NAME=VALUE) and the environment variables the program reads.

    DIANPING_START_METHOD  fork | spawn: how worker processes start (spawn: as on Windows and
                           macOS; the tests run the command line both ways)
    DIANPING_LOCK_WAIT     seconds a second run waits for the first to finish writing into the
                           same output folder (default 120), then exits 3
    DIANPING_MAIL_PASSWORD the mailbox password (授权码) for dianping mail; never written anywhere
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields

from .errors import BadValue

START_METHOD_VARIABLE = "DIANPING_START_METHOD"
LOCK_WAIT_VARIABLE = "DIANPING_LOCK_WAIT"
PASSWORD_VARIABLE = "DIANPING_MAIL_PASSWORD"
DEFAULT_LOCK_WAIT = 120.0


def lock_wait() -> float:
    return float(os.environ.get(LOCK_WAIT_VARIABLE, DEFAULT_LOCK_WAIT))


def start_method(default: str) -> str:
    return os.environ.get(START_METHOD_VARIABLE) or default


def mail_password() -> str:
    return os.environ.get(PASSWORD_VARIABLE, "")


@dataclass(frozen=True)
class Limits:
    """What a submitted file may contain. Each can be changed with --limit NAME=VALUE."""

    max_file_mb: float = 20.0  # the file itself
    max_parts: int = 1000  # entries of the zip container
    max_unpacked_mb: float = 100.0  # all entries, unpacked
    max_ratio: float = 100.0  # unpacked / packed size of one large entry
    max_rows: int = 5000  # farthest row of any sheet (dimension or cell)
    max_cols: int = 256  # farthest column
    max_strings: int = 200_000  # shared strings
    max_merged: int = 10_000  # merged ranges in one sheet
    max_merged_cells: int = 100_000  # cells covered by one merged range
    timeout: float = 60.0  # seconds to read and check one file
    max_memory_mb: float = 1024.0  # memory one worker may take beyond what it had at start (Linux)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def parse(cls, items: list[str]) -> "Limits":
        """From ["max_rows=10000", ...]; raises ValueError naming the bad item."""
        values = {}
        types = {f.name: f.type for f in fields(cls)}
        for item in items:
            name, equals, text = item.partition("=")
            name = name.strip().replace("-", "_")
            if not equals:
                raise ValueError(f"“{item}”要写成 名称=值,如 --limit max_rows=20000(可用的名称:{'、'.join(cls.names())})")
            if name not in types:
                raise ValueError(f"没有名为 {name} 的限制(可用:{'、'.join(cls.names())})")
            try:
                value = float(text) if types[name] == "float" else int(text)
            except ValueError:
                raise ValueError(f"限制 {name} 的值“{text}”不是数字") from None
            if value <= 0:
                raise ValueError(f"限制 {name} 必须大于 0")
            values[name] = value
        return cls(**values)


DEFAULT_LIMITS = Limits()
MAX_JOBS = 64  # worker processes a run may ask for


def jobs_count(value) -> int | None:
    """The number of worker processes asked for (None: one per core); BadValue outside 1..MAX_JOBS."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_JOBS:
        raise BadValue(f"进程数(jobs)应为 1 到 {MAX_JOBS} 的整数,不写则按 CPU 核数;“{value}”不行。")
    return value


def share(value) -> float:
    """A share such as the 不满意 threshold: 20%, 20 (read as 20%) or 0.2; BadValue, in Chinese,
    for what is no share or lies outside 0%..100% (the command line's --threshold says the same)."""
    text = str(value).strip().replace("\uff05", "%")  # 20％ typed with a Chinese input method
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        number = float(text.rstrip("%"))
    except ValueError:
        raise BadValue(f"“{value}”不是比例,请写成 20% 或 0.2") from None
    if text.endswith("%") or 1 < number <= 100:
        number /= 100
    if not 0 <= number <= 1:  # NaN too
        raise BadValue(f"“{value}”超出范围,比例应在 0% 到 100% 之间,如 20% 或 0.2")
    return number


def given_date(value, what: str = "日期") -> dt.date | None:
    """A date given to a run (None when not given): a date, a datetime or anything with .date()
    (a pandas Timestamp), or the text the command line takes (2011-06-30); BadValue, in Chinese."""
    if value is None:
        return None
    if type(value).__name__ == "datetime64":  # numpy's (a pandas column's .values): its day as a date
        value = str(value)[:10]
    elif callable(getattr(value, "to_timestamp", None)):  # a pandas Period: the day it starts
        value = value.to_timestamp()
    if not isinstance(value, (str, dt.date)) and callable(getattr(value, "date", None)) \
            or isinstance(value, dt.datetime):
        try:
            value = value.date()
        except (TypeError, ValueError):
            pass
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BadValue(f"{what}“{value}”格式不对,应为 2011-06-30")
