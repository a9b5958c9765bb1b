"""One list of files written by two processes, each taking the next from its own end.

outputs.py writes the return files beside the summary: the forked process takes them from the
front once its CSV and ledgers are written, the parent from the back once the summary and the
documents are; they meet wherever their speeds make them meet, so neither waits for the other
while files are left (a fixed half each left one process idle for seconds at 10,000 files). The
two ends are kept in shared memory made before the fork, under a lock.
"""

from __future__ import annotations

import multiprocessing as mp
from typing import Iterator


class BothEnds:
    def __init__(self, count: int):
        self._lock = mp.get_context("fork").Lock() if "fork" in mp.get_all_start_methods() else mp.Lock()
        self._ends = mp.RawArray("i", [0, count])  # the next from the front, one past the next from the back

    def _take(self, back: bool) -> int | None:
        with self._lock:
            front, end = self._ends[0], self._ends[1]
            if front >= end:
                return None
            if back:
                self._ends[1] = end - 1
                return end - 1
            self._ends[0] = front + 1
            return front

    def front(self) -> Iterator[int]:
        """The indexes taken from the front, one at a time, until none is left."""
        while (i := self._take(False)) is not None:
            yield i

    def back(self, least: int = 1) -> Iterator[int]:
        """The indexes taken from the back, one at a time, until none is left; none at all unless
        ``least`` are left when the first is asked for (a first file that costs as much as several)."""
        with self._lock:
            if self._ends[1] - self._ends[0] < least:
                return
        while (i := self._take(True)) is not None:
            yield i
