"""Errors that end a run, each with the exit code the command line gives it.

A fault of a unit's file is never an exception: it is a Problem on that file and the batch goes
on. What is raised is about the run itself; ``InternalError`` is a fault of this program (a bug),
told apart from a damaged file so that the clerk is never asked to have a unit resend a good one.
"""

from __future__ import annotations

EXIT_REJECTED, EXIT_USAGE, EXIT_WRITE, EXIT_BUG = 1, 2, 3, 4


class DianpingError(Exception):
    """A run that cannot go on; the message says why and what to do, in Chinese. Every face
    shows it as it is; the command line exits with its ``exit_code``."""

    exit_code = EXIT_REJECTED


class UsageProblem(DianpingError):
    """What the clerk asked for cannot be done as asked (a bad roster or definition, an output
    folder that would lose something): exit 2, as a usage error."""

    exit_code = EXIT_USAGE


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
