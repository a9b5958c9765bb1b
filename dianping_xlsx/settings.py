"""Everything a run can be tuned by, in one place: the limits a submitted file must keep
(each changed with --limit NAME=VALUE) and the environment variables the program reads.

    DIANPING_START_METHOD  fork | spawn: how worker processes start (spawn: as on Windows and
                           macOS; the tests run the command line both ways)
    DIANPING_LOCK_WAIT     seconds a second run waits for the first to finish writing into the
                           same output folder (default 120), then exits 3
    DIANPING_MAIL_PASSWORD the mailbox password (授权码) for dianping mail; never written anywhere
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

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
