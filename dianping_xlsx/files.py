"""Writing outputs atomically: a temp file beside the target, then os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class OutputError(OSError):
    """An output could not be written; the message is for the clerk."""


@contextlib.contextmanager
def atomic_path(target: Path):
    """Yield a temp path in the target's folder; on success it becomes the target.

    On any failure the temp file is removed and the target is left as it was:
    nothing half-written ever stands under the final name.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"无法在“{target.parent}”中写入文件({exc.strerror or exc})。请检查文件夹是否存在、是否有写入权限。") from exc
    try:
        yield Path(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputError(
                f"无法写入“{target}”:文件可能正在 Excel/WPS 中打开。请关闭该文件后重新运行。"
            ) from exc
        except OSError as exc:
            raise OutputError(f"无法写入“{target}”({exc.strerror or exc})。请检查输出文件夹后重新运行。") from exc
    except OutputError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    except OSError as exc:  # disk full, folder removed while writing...
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"写入“{target}”时出错({exc.strerror or exc})。请检查磁盘空间和权限后重新运行。") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
