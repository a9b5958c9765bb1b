"""What the pool's parent waits on: each busy worker's pipe and process, ready ones returned.

multiprocessing's wait() makes a selector and registers every object again at each call, and
Connection.poll() does the same for one pipe: at 10,000 files that was half of the parent's own
time in the pool beside unpickling. On POSIX one poll object is kept here, each worker's two
descriptors registered once; elsewhere (Windows: pipes are not sockets) wait() as before."""

from __future__ import annotations

import select
import sys
from multiprocessing.connection import wait

_POLLING = hasattr(select, "poll") and sys.platform != "win32"
_EVENTS = select.POLLIN | select.POLLHUP | select.POLLERR if _POLLING else 0


class Waiting:
    """Objects (a Connection, a process sentinel) ready to read among those waited on."""

    def __init__(self) -> None:
        self._poll = select.poll() if _POLLING else None
        self._objects: dict[int, object] = {}  # registered: descriptor -> object

    def ready(self, objects: list, timeout: float) -> set:
        """Those of ``objects`` that are ready (to read, or closed), waiting up to ``timeout``
        seconds; what was registered and is not among them any longer is dropped."""
        if self._poll is None:
            return set(wait(objects, timeout))
        wanted = {_descriptor(o): o for o in objects}
        if wanted.keys() != self._objects.keys():
            for fd in self._objects.keys() - wanted.keys():
                self._poll.unregister(fd)
            for fd in wanted.keys() - self._objects.keys():
                self._poll.register(fd, _EVENTS)
            self._objects = wanted
        return {wanted[fd] for fd, _ in self._poll.poll(max(0.0, timeout) * 1000)}


def _descriptor(o) -> int:
    return o if isinstance(o, int) else o.fileno()
