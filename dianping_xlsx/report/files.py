"""Writing outputs atomically: a temp file beside the target, then os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class OutputError(OSError):
    """An output could not be written; the message is for the clerk."""


@contextlib.contextmanager
def atomic_paths(targets: list[Path]):
    """Temp paths for several outputs that appear together, or not at all.

    Each is written beside its target. When all are complete, every target is
    first checked to be replaceable (not a folder, not held open by Excel or
    WPS), and only then are they moved onto the final names: the outputs of
    one run never mix with those of another.
    """
    temps = [_temp_beside(Path(t)) for t in targets]
    try:
        yield temps
        for target in targets:
            _check_replaceable(Path(target))
        for tmp, target in zip(temps, targets):
            os.replace(tmp, target)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"写入结果时出错({exc.strerror or exc})。请检查磁盘空间和权限后重新运行。") from exc
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _temp_beside(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
        os.close(fd)
        return Path(tmp)
    except OSError as exc:
        raise OutputError(f"无法在“{target.parent}”中写入文件({exc.strerror or exc})。请检查文件夹是否存在、是否有写入权限。") from exc


def _check_replaceable(target: Path) -> None:
    if target.is_dir():
        raise OutputError(f"无法写入“{target}”:同名的文件夹挡住了它。请移走该文件夹后重新运行。")
    if target.exists():
        try:
            with open(target, "r+b"):
                pass  # held open by Excel on Windows: refused here, before anything is replaced
        except PermissionError as exc:
            raise OutputError(
                f"无法写入“{target}”:文件可能正在 Excel/WPS 中打开。请关闭该文件后重新运行。"
            ) from exc


@contextlib.contextmanager
def atomic_path(target: Path):
    """A temp path in the target's folder; on success it becomes the target.

    On any failure the temp file is removed and the target is left as it was:
    nothing half-written ever stands under the final name.
    """
    with atomic_paths([target]) as (tmp,):
        yield tmp
