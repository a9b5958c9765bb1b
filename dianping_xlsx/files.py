"""The file system, in one place: outputs written atomically (a temp file beside the target,
then os.replace), one run at a time per output folder, stale temp files cleaned, names made safe."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .errors import EXIT_WRITE, DianpingError, UsageProblem
from .settings import lock_wait
from .text import os_reason


class OutputError(DianpingError, OSError):
    """An output could not be written; the message is for the clerk."""

    exit_code = EXIT_WRITE


@contextlib.contextmanager
def writing(where: Path | str = ""):
    """An OS error while writing becomes an OutputError that says what happened, in Chinese; so
    does a library's wrapper of one (xlsxwriter's FileCreateError on a full disk is no OSError)."""
    try:
        yield
    except DianpingError:
        raise
    except Exception as exc:  # noqa: BLE001 - what is no OS error is raised as it was
        cause = os_error_in(exc)
        if cause is None:
            raise
        let_go(exc)
        place = f"写入“{where}”时" if where else "写入结果时"
        raise OutputError(f"{place}出错({os_reason(cause)})。请检查磁盘空间和权限后重新运行。") from exc


def os_error_in(exc: BaseException) -> OSError | None:
    """The operating system's error behind ``exc``: itself, or the one a library wrapped (as its
    first argument, its cause, or what it was handling when it raised its own); else None."""
    if isinstance(exc, OSError):
        return exc
    inner = [exc.__cause__, *exc.args[:1]]
    if not exc.__suppress_context__ and type(exc).__module__.split(".")[0] not in ("builtins", __package__):
        inner.append(exc.__context__)  # a library's own exception raised while handling an OSError
    return next((e for e in inner if isinstance(e, OSError)), None)


def let_go(exc: BaseException) -> None:
    """Free now what a failed writer left open in its frames (a zip file of xlsxwriter's), its
    error on closing dropped: collected later it would print "Exception ignored …" in English."""
    import sys
    import traceback

    said = sys.unraisablehook

    def quiet(unraisable):
        if not isinstance(unraisable.exc_value, OSError):
            said(unraisable)

    sys.unraisablehook = quiet
    try:
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            traceback.clear_frames(exc.__traceback__)
            exc = exc.__cause__ or exc.__context__
        gc.collect()
    finally:
        sys.unraisablehook = said


class OutputRefused(UsageProblem, ValueError):
    """Writing there would lose something (a filled file, the inbox); the message says what to do."""


def refuse_inbox_as_output(inbox: Path, out: Path) -> None:
    """The output folder may be inside the inbox (it is skipped), never the inbox or above it."""
    inbox_r, out_r = Path(inbox).resolve(), Path(out).resolve()
    if out_r == inbox_r or out_r in inbox_r.parents:
        where = "就是" if out_r == inbox_r else "是"
        what = "收件文件夹本身" if out_r == inbox_r else "收件文件夹的上级文件夹"
        raise OutputRefused(
            f"输出文件夹“{out}”{where}{what}(收件文件夹为“{inbox}”):汇总结果会写进收件文件夹,"
            f"下次汇总时又被当作报表读取。请换一个文件夹,如 -o {inbox_r.parent / '汇总结果'}"
        )


# The folders the desk works in (its workspace, confine()): below one, no file is written and no
# folder made or written into through a symbolic link (or a Windows junction), whoever writes
# there, the desk or the library for it; elsewhere (the command line's folders) links are followed.
_CONFINED: frozenset[Path] = frozenset()  # replaced whole, never changed: read by any thread
LINK_REFUSED = ("“{path}”是一个链接(指向别处的快捷方式),工作台不写入工作文件夹以外的地方,也不经过它写入。"
                "请把它从工作文件夹中删除(需要的话换成真正的文件夹或文件),然后重试。")


class LinkRefused(OutputError):
    """A link on the way to a file or folder to write below a confined folder: nothing written."""


def confine(folder: Path | str) -> None:
    """Below ``folder`` every write refuses a link (the desk's workspace, for as long as the process runs)."""
    global _CONFINED
    _CONFINED = _CONFINED | {Path(os.path.abspath(folder))}


def unlinked(path: Path | str) -> Path:
    """``path`` when no part of it below a confined folder is a link (or a junction), itself
    included; LinkRefused naming the link otherwise. A path outside every confined folder, and
    parts not made yet, are fine."""
    path = Path(path)
    absolute = Path(os.path.abspath(path))
    for root in _CONFINED:
        try:
            parts = absolute.relative_to(root).parts
        except ValueError:
            continue
        here = root
        for part in parts:
            here = here / part
            if here.is_symlink() or is_junction(here):
                raise LinkRefused(LINK_REFUSED.format(path=here))
    return path


def confined(path: Path | str) -> bool:
    absolute = Path(os.path.abspath(path))
    return any(absolute == root or root in absolute.parents for root in _CONFINED)


def is_junction(path: Path) -> bool:
    try:
        return os.path.isjunction(path)  # Python 3.12
    except (AttributeError, OSError):
        return False


def folder_below(root: Path | str, relative: str) -> Path:
    """The folder ``relative`` (a/b/c, its parts safe already) below ``root``, made part by part;
    LinkRefused where a part is a link or a junction, confined or not (a folder a zip or an upload
    names is never a way out of the inbox); OSError where a part is a file."""
    here = unlinked(root)
    for part in (p for p in relative.split("/") if p):
        if part in (".", ".."):
            raise LinkRefused(LINK_REFUSED.format(path=Path(root) / relative))
        here = here / part
        if here.is_symlink() or is_junction(here):
            raise LinkRefused(LINK_REFUSED.format(path=here))
        here.mkdir(exist_ok=True)
    return here


def make_folder(path: Path | str) -> Path:
    """``path`` made (with its parents) when missing, reached without a link where confined."""
    path = unlinked(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_to_append(path: Path | str, encoding: str = "utf-8"):
    """``path`` opened to append text (made, with its folder, when missing); where confined, never
    through a link: its folders are checked, and the file itself opened without following one."""
    path = Path(path)
    make_folder(path.parent)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
    if confined(path):
        unlinked(path)
        flags |= getattr(os, "O_NOFOLLOW", 0)  # planted between the check and the open: ELOOP
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if path.is_symlink():
            raise LinkRefused(LINK_REFUSED.format(path=path)) from exc
        raise
    return os.fdopen(fd, "a", encoding=encoding)


def write_file(path: Path | str, data: str | bytes, encoding: str = "utf-8") -> Path:
    """``data`` written to ``path`` atomically (a temp file beside it, then os.replace, which
    replaces a link rather than writes through it), reached without a link where confined."""
    path = Path(path)
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


# What is said of an input path that is not there or not of its kind; the command line says the
# same through click (cli/text.py takes these), so the library and the command speak alike.
NOT_THERE = "{name}“{filename}”不存在,请检查路径是否写对。"
A_FILE = "“{filename}”是一个文件,这里要写{name}。"
A_FOLDER = "“{filename}”是一个文件夹,这里要写{name}。"


class PathProblem(UsageProblem, OSError):
    """An input path given to the library is not there, or is a file where a folder goes (or the
    reverse); the message says so in Chinese, as the command line does."""

    def __init__(self, message: str):
        UsageProblem.__init__(self, message)

    def __str__(self) -> str:
        return self.args[0]


def given_folder(path: str | os.PathLike, name: str = "文件夹") -> Path:
    """An input folder (the inbox) as a Path; PathProblem when it is not there or is a file."""
    return _given(path, name, folder=True)


def given_file(path: str | os.PathLike, name: str = "文件") -> Path:
    """An input file as a Path; PathProblem when it is not there or is a folder."""
    return _given(path, name, folder=False)


def _given(path, name: str, folder: bool) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise PathProblem(f"{name}应写成路径(文字或 Path),不能是 {type(path).__name__}。")
    found = Path(path)
    filename = os.fsdecode(path)
    try:
        there, is_dir = found.exists(), found.is_dir()
    except (OSError, ValueError):  # a name the system cannot look at (a NUL byte …)
        there = is_dir = False
    if not there and (folder or not found.is_symlink()):  # a broken link to a file: checking says so
        raise PathProblem(NOT_THERE.format(name=name, filename=filename))
    if folder and there and not is_dir:
        raise PathProblem(A_FILE.format(name=name, filename=filename))
    if not folder and is_dir:
        raise PathProblem(A_FOLDER.format(name=name, filename=filename))
    return found


LOCK_NAME = "dianping-output.lock"


@contextlib.contextmanager
def output_lock(out: Path):
    """One run at a time writes into ``out``: a second one waits, then refuses. The lock is the
    operating system's on a file in the temp folder named after ``out`` (released when a process
    dies, even killed), so it never goes stale and ``out`` holds nothing but outputs. The lock
    file is removed on release where the system allows it (not on Windows)."""
    busy = f"另一个汇总正在向“{out}”写入结果。请等它结束后再运行,或换一个输出文件夹(-o)。"
    with folder_lock(out, LOCK_NAME, lambda: OutputError(busy)):
        yield


@contextlib.contextmanager
def folder_lock(out: Path, name: str, refused: Callable[[], Exception]):
    """The lock ``name`` of the folder ``out`` (output_lock's kind: the operating system's, on a file
    in the temp folder, across processes), waited for up to DIANPING_LOCK_WAIT seconds; then the
    exception ``refused()`` makes is raised."""
    import hashlib
    import time

    try:
        make_folder(out)
        key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:16]
    except LinkRefused:
        raise
    except OSError as exc:
        raise OutputError(f"无法在“{out}”中写入文件({os_reason(exc)})。请检查文件夹是否存在、是否有写入权限。") from exc
    path = Path(tempfile.gettempdir()) / f"{name}-{key}"  # not in ``out``: only outputs there
    deadline = time.monotonic() + lock_wait()
    while True:
        fh = _open_lock(path)
        if _try_lock(fh) and _still_there(fh, path):
            break
        fh.close()  # held by another run, or removed by a run that just ended: try again
        if time.monotonic() > deadline:
            raise refused()
        time.sleep(0.2)
    try:
        yield
    finally:
        if os.name != "nt":
            with contextlib.suppress(OSError):
                path.unlink()  # still holding it: whoever opens the name next gets a new file
        fh.close()


def hold_lock(path: Path | str):
    """The file ``path`` opened (made when missing, never through a link where confined) and locked
    by the operating system for as long as it stays open, or as this process lives (a killed
    process leaves no stale lock); None when another process holds it. Its text stays readable by
    others: on Windows the lock is on a byte far beyond it."""
    path = Path(unlinked(path))
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    if confined(path):
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fh = os.fdopen(os.open(path, flags, 0o600), "r+b")
    except OSError as exc:
        raise OutputError(f"无法创建锁文件“{path}”({os_reason(exc)})。请检查文件夹是否可写。") from exc
    if os.name == "nt":
        fh.seek(_FAR)
    if _try_lock(fh):
        return fh
    fh.close()
    return None


_FAR = 1 << 30  # where hold_lock locks on Windows (msvcrt locks bytes, which others then cannot read)


def _open_lock(path: Path):
    try:
        return open(path, "a+b")
    except OSError as exc:
        raise OutputError(f"无法创建锁文件“{path}”({os_reason(exc)})。请检查临时文件夹是否可写。") from exc


def _still_there(fh, path: Path) -> bool:
    """The locked file is the one the name points to now (a run ending removes its lock file;
    one that opened the old file before that must not think it holds the lock)."""
    if os.name == "nt":
        return True
    try:
        return os.path.samestat(os.fstat(fh.fileno()), os.stat(path))
    except OSError:
        return False


def _try_lock(fh) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


OLD_PREFIX = ".tmp-old-"  # a folder of outputs switch_folder moved aside, to be removed


def clean_stale(*folders: Path) -> list[tuple[Path, str]]:
    """Remove the temp files and folders (.tmp-*) that killed runs left; call it holding the lock.
    Returns what could not be removed, each with the OS reason in Chinese."""
    stuck = []
    for folder in folders:
        if _link_on_the_way(folder):
            continue  # a link planted where ours go: not walked (switch_folder replaces the link itself)
        for stale in sorted(folder.glob(".tmp-*")) if folder.is_dir() else ():
            reason = remove_tree(stale)
            if reason:
                stuck.append((stale, reason))
    return stuck


def _link_on_the_way(path: Path) -> bool:
    try:
        unlinked(path)
    except LinkRefused:
        return True
    return False


def switch_folder(fresh: Path, target: Path) -> tuple[Path, str] | None:
    """Put ``fresh`` where ``target`` is: the old one is moved aside, then removed. ``fresh`` (a
    mkdtemp's, 0o700) takes the mode any new folder has here, as its files do (file_mode).
    Returns the old folder and why when it could not be removed (a folder of someone else's)."""
    return switch_in(fresh, target, move_aside(target))


def move_aside(target: Path) -> Path | None:
    """The first half of switch_folder, to be tried before anything else of a set is replaced:
    ``target`` moved aside (.tmp-old-…), None when there is none. OSError as the system says it
    when it cannot be moved (a file in it open in Excel on Windows, a folder made immutable)."""
    unlinked(target.parent)  # a link at ``target`` itself is moved aside and removed, never followed
    if not os.path.lexists(target):
        return None
    old = target.with_name(f"{OLD_PREFIX}{target.name}-{os.getpid()}")
    n = 1
    while os.path.lexists(old):  # one this process could not remove before (the desk merges again)
        n += 1
        old = target.with_name(f"{OLD_PREFIX}{target.name}-{os.getpid()}-{n}")
    os.replace(target, old)
    return old


def switch_in(fresh: Path, target: Path, old: Path | None) -> tuple[Path, str] | None:
    """The second half of switch_folder: ``fresh`` put where ``target`` was (moved aside as ``old``),
    then ``old`` removed; the old folder and why when it could not be removed."""
    with contextlib.suppress(OSError):  # not every file system keeps modes
        os.chmod(fresh, 0o777 & ~_umask())
    os.replace(fresh, target)
    reason = remove_tree(old) if old is not None else ""
    return (old, reason) if reason else None


def remove_tree(path: Path) -> str:
    """Remove a file or folder of ours, also one made read-only (made writable first, as Explorer
    asks before it deletes one); "" when it is gone, else why not (the OS reason, in Chinese)."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, **{"onexc" if sys.version_info >= (3, 12) else "onerror": _writable_again})
        else:
            try:
                path.unlink()
            except PermissionError:
                _writable_again(os.unlink, str(path), None)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return os_reason(exc)
    return ""


def _writable_again(func, path: str, _exc) -> None:
    """rmtree's second try at what it could not remove: its folder (and it, unless a link) made
    writable by its owner, then ``func`` again; raises when that fails too."""
    for place in (os.path.dirname(path), path):
        with contextlib.suppress(OSError):
            if not os.path.islink(place):
                os.chmod(place, stat.S_IMODE(os.lstat(place).st_mode) | stat.S_IRWXU)
    func(path)


@contextlib.contextmanager
def fresh_folder(out: Path, force: bool = False):
    """A temp folder inside ``out`` to write a set of files into; on success each replaces its
    namesake in ``out``. A file already there that differs (a filled copy) is refused unless
    ``force``, before anything is replaced; an identical one is simply replaced."""
    try:
        make_folder(out)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out))
    except LinkRefused:
        raise
    except OSError as exc:
        raise OutputError(f"无法在“{out}”中写入文件({os_reason(exc)})。请检查文件夹是否存在、是否有写入权限。") from exc
    try:
        with writing(out):
            yield tmp
            made = sorted(p for p in tmp.iterdir() if p.is_file())
            clash = [out / p.name for p in made
                     if (out / p.name).exists() and (out / p.name).read_bytes() != p.read_bytes()]
            if clash and not force:
                names = "、".join(f"“{c}”" for c in clash[:5]) + ("等" if len(clash) > 5 else "")
                raise OutputRefused(f"{names}已存在且内容不同(可能已经填写),为避免覆盖,没有写入任何文件。"
                                    "请换一个文件夹(-o),或确认不再需要后加 --force 覆盖。")
            for p in made:
                _check_replaceable(unlinked(out / p.name))
            for p in made:
                os.replace(p, out / p.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def atomic_paths(targets: list[Path], before: Callable[[], object] | None = None):
    """Temp paths for several outputs that appear together, or not at all.

    Each is written beside its target. When all are complete, every target is
    first checked to be replaceable (not a folder, not held open by Excel or
    WPS), and only then (``before`` called) are they moved onto the final names:
    the outputs of one run never mix with those of another.
    """
    temps = [_temp_beside(Path(t)) for t in targets]
    try:
        with writing():
            yield temps
            for target in targets:
                _check_replaceable(Path(target))
            if before is not None:
                before()
            for tmp, target in zip(temps, targets):
                os.replace(tmp, target)
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def file_mode() -> int:
    """The mode any program gives a new file here (0o666 less the umask): mkstemp's 0o600
    would hide the summary from colleagues reading a shared folder."""
    return 0o666 & ~_umask()


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_beside(target: Path) -> Path:
    unlinked(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
        os.close(fd)
        with contextlib.suppress(OSError):  # not every file system keeps modes
            os.chmod(tmp, file_mode())
        return Path(tmp)
    except OSError as exc:
        raise OutputError(f"无法在“{target.parent}”中写入文件({os_reason(exc)})。请检查文件夹是否存在、是否有写入权限。") from exc


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


NAME_BYTES = 150  # a name's share of a file name: 255 bytes in all, prefixes and suffixes included


def safe_filename(text: str, max_bytes: int = NAME_BYTES) -> str:
    """A unit name (or a file's name) as part of a file name: no characters Windows refuses, at
    most ``max_bytes`` bytes in UTF-8 (file systems count bytes; a CJK character is 3, an emoji 4).
    A name that ends in a file extension (.xlsx, .zip: a dot and 1-5 ASCII letters or digits) is
    shortened before it, so that the file keeps its kind; one that starts with a Windows device
    name is marked (undeviced: LPT1.党委 -> LPT1_.党委)."""
    bad = '<>:"/\\|?*'
    out = undeviced("".join("_" if c in bad or ord(c) < 32 else c for c in text).strip(" ."))
    stem, suffix = _split_extension(out)
    while stem and len((stem + suffix).encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    if not stem.rstrip(" ."):
        stem, suffix = out, ""  # nothing before the extension fits: shortened as any text
        while len(stem.encode("utf-8")) > max_bytes:
            stem = stem[:-1]
    return stem.rstrip(" .") + suffix if stem.rstrip(" .") else "未命名单位"


# Names Windows keeps for devices, whatever follows a dot or how the letters are cased (LPT1.党委,
# con.xlsx): a file so named is the device, not a file.
WINDOWS_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                             *(f"{d}{n}" for d in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³"))})


def undeviced(name: str) -> str:
    """``name`` marked after a Windows device name it starts with (CON -> CON_, LPT1.党委 ->
    LPT1_.党委), so that it names an ordinary file on every system; else unchanged."""
    stem, dot, rest = name.partition(".")
    return f"{stem}_{dot}{rest}" if stem.rstrip(" ").upper() in WINDOWS_DEVICES else name


def name_key(name: str) -> str:
    """A file name as Windows and macOS compare names: letter case ignored, full-width and
    half-width forms alike, an accent composed or decomposed alike (NFKC, then casefolded)."""
    import unicodedata

    return unicodedata.normalize("NFKC", name).casefold()


def unique_names(parts: Iterable[tuple[str, str]]) -> list[str]:
    """Each (stem, ending) as one file name, stem_2, stem_3 … where an earlier name is the same
    one to Windows or macOS (name_key): ABC公司 and abc公司 get two files, never one overwriting
    the other when the folder is copied there."""
    taken: set[str] = set()
    out = []
    for stem, ending in parts:
        name, n = stem + ending, 2
        while name_key(name) in taken:
            name, n = f"{stem}_{n}{ending}", n + 1
        taken.add(name_key(name))
        out.append(name)
    return out


def unique_files(names: Iterable[str]) -> list[str]:
    """File names made unique as unique_names makes them, the number put before the extension."""
    return unique_names(_split_extension(name) for name in names)


def _split_extension(name: str) -> tuple[str, str]:
    """("统计表", ".xlsx") for 统计表.xlsx; (name, "") when it does not end in an extension."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem.strip(" .") and 1 <= len(ext) <= 5 and ext.isascii() and ext.isalnum():
        return stem, "." + ext
    return name, ""


OFFICE_WORDS = {"workbook": "是表格文件", "word": "是 Word 文件", "pdf": "是 PDF 文件", "archive": "是压缩包",
                "office": "是 Office 文件", "msg": "是 Outlook 邮件(.msg)"}  # what office_kind found, said


def office_kind(data: bytes) -> str:
    """What a file given where a text or a mail is wanted is, by its leading bytes and the names it
    holds (a zip's entries, an OLE file's streams, UTF-16 in its directory; no parser): "workbook"
    (.xlsx, .ods, .xls), "word" (.docx, .odt, .doc), "msg" (an Outlook .msg, an OLE file as an
    .xls is), "pdf", "archive" (another zip), "office" (another OLE file), "" for none of these."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"xl/workbook" in data or b"opendocument.spreadsheet" in data:
            return "workbook"
        return "word" if b"word/" in data or b"opendocument.text" in data else "archive"
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("__substg1.0_") or has("__properties_version1.0"):
        return "msg"
    if has("Workbook") or has("Book\0"):
        return "workbook"
    return "word" if has("WordDocument") else "office"
