"""Long work in the background, one task at a time per workspace, with progress for the page.

A task that fails shows the same Chinese message the command line would (a DianpingError's);
a bug of ours is said as such, its traceback on the desk's console, never on the page.
"""

from __future__ import annotations

import sys
import threading
import traceback
from dataclasses import dataclass, field
from typing import Callable

from ..api import DianpingError


@dataclass
class Task:
    name: str  # 审核汇总, 收取邮件 …
    page: str = ""  # the page it was started from, the only one that shows its outcome (/merge)
    period: str = ""  # the period it works on (2011-H1), fixed at its start: what it writes is filed there
    period_zh: str = ""  # 2011年上半年
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str = ""
    result: object = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def step(self) -> None:
        with self.lock:
            self.done += 1

    @property
    def percent(self) -> int:
        return 100 if self.finished else int(100 * self.done / self.total) if self.total else 0


class Busy(DianpingError):
    """Another task of this workspace is still running."""


class Tasks:
    def __init__(self):
        self.current: Task | None = None
        self._guard = threading.Lock()

    def start(self, name: str, total: int, work: Callable[[Task], object], page: str = "", period=None) -> Task:
        with self._guard:
            if self.current is not None and not self.current.finished:
                raise Busy(f"“{self.current.name}”还在进行中,请等它完成后再操作。")
            task = self.current = Task(name, total=total, page=page, period=str(period or ""),
                                       period_zh=period.zh if period is not None else "")
        threading.Thread(target=self._run, args=(task, work), daemon=True).start()
        return task

    def shown(self, page: str, period: str) -> Task | None:
        """The task whose progress and outcome this page shows: one started from it, for its period."""
        task = self.current
        return task if task is not None and task.page == page and task.period in ("", period) else None

    def busy_elsewhere(self, page: str, period: str) -> Task | None:
        """A task still running that this page does not show (another page's, another period's)."""
        task = self.current
        if task is None or task.finished or task is self.shown(page, period):
            return None
        return task

    @staticmethod
    def _run(task: Task, work: Callable[[Task], object]) -> None:
        try:
            task.result = work(task)
        except DianpingError as exc:
            task.error = str(exc)
        except Exception:  # noqa: BLE001 - a bug of ours: said so, the details on the console
            traceback.print_exc(file=sys.stderr)
            task.error = "程序内部出错(这是 dianping-xlsx 的缺陷,不是单位文件的问题)。请把工作台窗口中的信息发给维护人员。"
        finally:
            task.finished = True
