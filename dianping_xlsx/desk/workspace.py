"""The work folder a clerk picks once: what it remembers, and where each period's files live.

    <folder>/工作台设置.json      office, period, each period's due date, the mail account (never a password)
    <folder>/单位名册.xlsx        the roster of an older desk (one for every period): used by a period
                                 that has none of its own and none before it
    <folder>/通知定义/            notice definitions the clerk added (a notice and the tables it names)
    <folder>/证书/                a mail server's own root certificate, uploaded on 本期
    <folder>/.desk.lock            held by the desk running on the folder, its address inside (desk/server.py)
    <folder>/<period>/            a period's folder, of the notice that used it first (its id in
                                 .notice; an older desk's folder: the notice its merge was of); a
                                 period of the same name of another notice is <period>_<notice id>
                                 (two campaigns in one year never share an inbox or results)
    <folder>/<period>/单位名册.xlsx  the roster uploaded while the period was chosen, or the one its
                                    merge used (kept at the merge): a period without one follows the
                                    latest of an earlier period; a period merged keeps its own
    <folder>/<period>/收件箱/     what the units sent (never changed by the desk)
    <folder>/<period>/汇总结果/   what merge wrote (汇总表, 上报_…, 退回/ …)
    <folder>/<period>/上次汇总.json  what the pages show of the last merge, with the size and time of
                                    each file it offers (the record and the files are one set)
    <folder>/<period>/移出的文件/  files taken out of the inbox (moved aside, never deleted)
    <folder>/<period>/模板/       the templates made for the period of its notice (空白/, 各单位/, their zips,
                                 each zip's .<zip>.notice: the notice and deadline it was made for)
    <folder>/模板/                an older desk's templates, one set for every period and notice: still
                                 offered while its .<zip>.notice says it is of the notice followed now

Every path the desk reads or writes is inside the folder and reached without a symbolic link
(a link planted in the folder would lead a read or a write out of it): `contained` refuses one.
The folder is confined (files.confine): every file written below it, by the desk or by the library
it calls (manifests, outputs, mail drafts, the sent log, templates), refuses a link on the way and
appends without following one (LinkRefused, naming the link).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..api import (DEFAULT_NOTICE, DianpingError, Notice, Period, SpecError, available_notices, confine,
                   inbox_files, leftover_file, load_notice, write_file)

SETTINGS = "工作台设置.json"
GENERIC_WORK = ("", "统计", "汇总", "统计汇总")  # a title of no work of its own (统计表): said without a space
ROSTER = "单位名册.xlsx"
INBOX, RESULTS, LAST, ASIDE, TEMPLATES = "收件箱", "汇总结果", "上次汇总.json", "移出的文件", "模板"
OWNER = ".notice"  # in a period's folder: the id of the notice whose period it is
NOTICES = "通知定义"  # the workspace's own notice definitions (.toml), added on 本期
# what a merge is made from besides the inbox, by the words the desk says when one changed after it
# (the notice by its identity: its id and the digest of its text and of the sets it names, never by
# how it was chosen: "", hunan-2011 and 通知定义/hunan-2011.toml of the same text are one notice)
BASIS = {"roster": "名册", "office": "本单位名称", "notice": "通知", "notice_text": "通知", "due": "报送截止日期"}


class Outside(DianpingError):
    """A path of the workspace that leads out of it (a symbolic link, ..): refused."""


@dataclass
class Settings:
    office: str = ""  # this office's name, the 填报单位 of its summary (安化县委创先办)
    period: str = ""  # 2011-H1
    # each period's units' deadline, 2011-H1 -> 2011-06-28 (files after it are late): switching 期次
    # never carries one period's date into another
    dues: dict[str, str] = field(default_factory=dict)
    up: str = ""  # the level above's address
    mail_from: str = ""  # the office's own address
    mail_host: str = ""  # IMAP server (imap.qq.com)
    smtp_host: str = ""  # SMTP server (smtp.qq.com)
    mail_security: str = "ssl"  # ssl | starttls | none (none: a server on this machine only)
    mail_port: str = ""  # the IMAP port; "" for the usual port of the security
    smtp_port: str = ""  # the SMTP port; "" likewise
    mail_cafile: str = ""  # a mail server's own root certificate: a file of the workspace (证书/根证书.pem)
    resubmit: str = ""  # the date by which returned units send their corrected file (2011-07-05)
    notice: str = ""  # the notice followed: a shipped id, or 通知定义/<file>.toml ("" = the default)
    # the deadlines of the notices not followed now, by notice id: switching back brings them back
    other_dues: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def due(self) -> str:
        """The deadline saved for the chosen period ("" when none)."""
        return self.dues.get(self.period, "")


class Workspace:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser().resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        confine(self.folder)  # below it, no write goes through a link: the desk's, the library's for it

    # -- what it remembers -------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        try:
            data = json.loads(self.contained(self.folder / SETTINGS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        return settings_of(data if isinstance(data, dict) else {})

    def save(self, settings: Settings) -> None:
        write_atomically(self.contained(self.folder / SETTINGS), json.dumps(asdict(settings), ensure_ascii=False, indent=1))

    @property
    def notice(self) -> Notice:
        """The notice the workspace follows (the default when its file went missing or broke:
        ``notice_problem`` says so)."""
        try:
            return self.load_notice(self.settings.notice)
        except SpecError:
            return load_notice(DEFAULT_NOTICE)

    @property
    def notice_problem(self) -> str:
        """Why the chosen notice cannot be used ("" when it can)."""
        try:
            self.load_notice(self.settings.notice)
        except SpecError as exc:
            return f"选定的通知定义无法使用,暂按默认通知工作:{exc}"
        return ""

    def load_notice(self, choice: str) -> Notice:
        """A notice by its id (a shipped notice's bare name), or a .toml of the workspace (its 通知定义
        folder), reached without a link; every set it names a file of the workspace too, or shipped."""
        if not choice:
            return load_notice(DEFAULT_NOTICE)
        if shipped_name(choice):
            return load_notice(choice)
        if not choice.lower().endswith(".toml"):
            raise SpecError(f"“{choice}”既不是自带通知的名称,也不是工作文件夹中的通知定义文件(.toml):"
                            "工作台只用自带的通知和工作文件夹中的通知定义。请在“本期”页选择通知,或上传通知定义文件。")
        try:
            path = self.contained(self.folder / choice)
        except Outside as exc:
            raise SpecError(str(exc)) from None
        if not path.is_file():
            raise SpecError(f"找不到通知定义文件“{choice}”。")
        return load_notice(str(path), within=self.folder)

    def notices(self) -> list[tuple[str, str]]:
        """The notices one may choose: (value, name), the shipped ones, then the workspace's own."""
        out = [(n.id, f"{n.name}(自带)") for n in available_notices()]
        folder = self.folder / NOTICES
        try:
            own = sorted(self.contained(folder).glob("*.toml")) if folder.is_dir() else []
        except Outside:
            own = []
        for path in own:
            choice = f"{NOTICES}/{path.name}"
            try:
                out.append((choice, f"{self.load_notice(choice).name}({path.name})"))
            except SpecError:
                continue  # a table set beside its notice, or a broken file: not a notice to pick
        return out

    @property
    def title(self) -> str:
        """What the desk is called: the work of the notice it follows, as its tables are called
        (领导点评和群众评议统计表 -> 领导点评和群众评议统计 工作台)."""
        work = self.notice.tables.called.removesuffix("表")
        if work in GENERIC_WORK:  # a set called just 统计表: its name says what work (its year aside)
            work = re.sub(r"^\{year\}年度?", "", self.notice.tables.name_text).removesuffix("表")
        return f"{work} 工作台" if work not in GENERIC_WORK else f"{work or '统计'}工作台"

    @property
    def period(self) -> Period:
        text, notice = self.settings.period, self.notice
        try:
            return notice.period(text)
        except ValueError:
            return notice.period(None)

    def due_text(self, period: Period | None = None) -> str:
        """A period's units' deadline as the desk shows it (2011-06-28): the one saved for it, else the
        notice's for its units, else "" (lateness not checked)."""
        period = period or self.period
        saved = self.settings.dues.get(str(period), "")
        return saved or (period.unit_due.isoformat() if period.unit_due else "")

    def due(self, period: Period | None = None) -> dt.date | None:
        try:
            text = self.due_text(period)
            return dt.date.fromisoformat(text) if text else None
        except ValueError:
            return None

    # -- where the files are -----------------------------------------------------------

    @property
    def roster(self) -> Path | None:
        """The roster of the chosen period (``roster_of``)."""
        return self.roster_of(self.period)

    def roster_of(self, period: Period) -> Path | None:
        """The roster a period is merged with: its own (uploaded while it was chosen, or kept when
        it was merged), else the latest of an earlier period, else an older desk's one roster."""
        own = self._plain(self.period_folder(period) / ROSTER)
        if own is not None:
            return own
        earlier = [(key, path) for key, path in self._period_rosters() if key < _order(period)]
        return max(earlier)[1] if earlier else self._plain(self.folder / ROSTER)

    def roster_words(self, period: Period | None = None) -> str:
        """Which period's roster ``period`` uses, in the clerk's words ("" when none)."""
        period = period or self.period
        path = self.roster_of(period)
        if path is None:
            return ""
        if path.parent == self.folder:
            return f"{period.zh}使用工作文件夹中原有的名册(没有按期次上传过名册)"
        owner = self.notice.period(path.parent.name.split("_", 1)[0])
        if str(owner) == str(period):
            return f"{period.zh}的名册"
        return f"{period.zh}沿用{owner.zh}的名册(本期没有另行上传)"

    def keep_roster(self, period: Period, data: bytes | None = None) -> Path | None:
        """Files ``data`` (a checked roster) as ``period``'s own; with no data, keeps the roster the
        period uses now as its own (at a merge). Periods already merged without a roster of their
        own keep theirs first: a roster uploaded now never changes what an earlier merge was of."""
        if data is not None:
            for other in self._merged_periods():
                try:
                    if str(other) != str(period):
                        self.keep_roster(other)
                except (Outside, OSError):
                    continue  # a period's folder reached through a link: not the desk's to write
        target = self.contained(self.period_folder(period) / ROSTER)
        if data is None:
            source = self.roster_of(period)
            if source is None or source == target:
                return source
            data = source.read_bytes()
        write_atomically(target, data)
        return target

    def _plain(self, path: Path) -> Path | None:
        try:
            path = self.contained(path)
        except Outside:
            return None
        return path if path.is_file() else None

    def _periods_here(self, notice: Notice | None = None) -> list[Period]:
        """The periods of ``notice`` (the chosen one) that have a folder of theirs in the workspace."""
        out, notice = [], notice or self.notice
        for folder in sorted(self.folder.iterdir()) if self.folder.is_dir() else []:
            head = folder.name.split("_", 1)[0]
            try:
                period = notice.period(head)
            except ValueError:
                continue
            if str(period) == head and folder.is_dir() and self.period_folder(period, notice) == folder:
                out.append(period)
        return out

    def period_folder(self, period: Period | None = None, notice: Notice | None = None) -> Path:
        """The folder of ``period`` of ``notice`` (the chosen ones when None): named by the period for
        the notice that used it first (left where it is: no clerk's file is moved), by the period and
        the notice's id for another notice (2026-H1_hunan-2011): its inbox, results and roster apart."""
        period, notice = period or self.period, notice or self.notice
        plain = self.folder / str(period)
        return plain if self.owner(plain) in ("", notice.id) else self.folder / f"{period}_{notice.id}"

    def owner(self, folder: Path) -> str:
        """The id of the notice a period's folder is of: its mark, else the notice its last merge was of
        (a folder of an older desk); "" when not known (nothing in it was merged or marked)."""
        try:
            mark = self.contained(folder / OWNER)
            if mark.is_file():
                return mark.read_text(encoding="utf-8").strip()
            state = json.loads(self.contained(folder / LAST).read_text(encoding="utf-8"))
        except (OSError, ValueError, Outside):
            return ""
        basis = state.get("basis") if isinstance(state, dict) else None
        if not isinstance(basis, dict) or "notice" not in basis:
            return ""
        try:
            return self.load_notice(str(basis["notice"])).id
        except SpecError:
            return str(basis["notice"])

    def claim_folders(self, notice: Notice) -> None:
        """Marks each period folder ``notice`` uses now without a mark as its own: done when another
        notice is chosen, so that the other never takes a folder this one's clerk filled."""
        for period in self._periods_here(notice):
            folder = self.period_folder(period, notice)
            try:
                if not (folder / OWNER).is_file():
                    write_atomically(self.contained(folder / OWNER), notice.id)
            except (Outside, OSError):
                continue  # a folder reached through a link: not the desk's to write

    def notice_switched(self, dues: dict, other: dict, new: Notice) -> tuple[dict, dict]:
        """The chosen notice becomes ``new``: the old one's folders are marked its own and its deadlines
        kept aside (``other``, by notice id); ``new``'s kept ones come back. (dues, other) to save."""
        old = self.notice
        if old.id == new.id:
            return dues, other
        self.claim_folders(old)
        other = {k: dict(v) for k, v in other.items() if k != new.id}
        if dues:
            other[old.id] = dict(dues)
        return dict(self.settings.other_dues.get(new.id, {})), other

    def _period_rosters(self) -> list[tuple[tuple[int, int], Path]]:
        out = []
        for period in self._periods_here():
            path = self._plain(self.period_folder(period) / ROSTER)
            if path is not None:
                out.append((_order(period), path))
        return out

    def _merged_periods(self) -> list[Period]:
        return [p for p in self._periods_here() if (self.period_folder(p) / LAST).is_file()]

    def inbox(self, period: Period | None = None) -> Path:
        return self.period_folder(period) / INBOX

    def results(self, period: Period | None = None) -> Path:
        return self.period_folder(period) / RESULTS

    def previous_results(self, period: Period | None = None) -> Path | None:
        """The results of the period before ``period`` (the current one when None), for the December
        round's comparison (None when not here)."""
        before = self.results((period or self.period).previous)
        return before if any(before.glob("汇总表_*.xlsx")) else None

    @property
    def templates(self) -> Path:
        """The templates of the chosen period of the chosen notice (``templates_of``)."""
        return self.templates_of()

    def templates_of(self, period: Period | None = None, notice: Notice | None = None) -> Path:
        """Where the templates of ``period`` of ``notice`` are made: in the period's folder, so that
        another notice's templates (or another period's) never mix with them nor replace them."""
        return self.period_folder(period, notice) / TEMPLATES

    @property
    def old_templates(self) -> Path:
        """An older desk's templates folder, one for every notice and period (read, never written)."""
        return self.folder / TEMPLATES

    def mark(self, period: Period, notice: Notice) -> None:
        """Marks ``period``'s folder of ``notice`` as that notice's when it has no mark yet (a file is
        made in it): from now on told by its mark, never taken by another notice."""
        folder = self.period_folder(period, notice)
        if not (folder / OWNER).is_file():
            write_atomically(self.contained(folder / OWNER), notice.id)

    def aside(self, period: Period | None = None) -> Path:
        return self.period_folder(period) / ASIDE

    def contained(self, path: Path) -> Path:
        """``path`` if it lies inside the workspace and no part of it below the workspace is a
        symbolic link (or a Windows junction); Outside otherwise. Parts not made yet are fine."""
        path = Path(path)
        if "\0" in str(path):
            raise Outside("文件路径无效。")
        try:
            relative = path.relative_to(self.folder)
        except ValueError:
            raise Outside(f"“{path}”不在工作文件夹中,工作台不读写它。") from None
        here = self.folder
        for part in relative.parts:
            if part in ("..", ""):
                raise Outside(f"“{path}”不在工作文件夹中,工作台不读写它。")
            here = here / part
            if here.is_symlink() or _is_junction(here):
                raise Outside(f"“{here}”是一个链接(指向别处的快捷方式、符号链接),工作台不写入工作文件夹以外的地方,"
                              "也不经过它读取文件。请把它从工作文件夹中删除,换成真正的文件或文件夹。")
        return path

    def inside(self, relative: str) -> Path | None:
        """A file of the workspace by its relative path, reached without a link; None otherwise."""
        try:
            path = self.contained(self.folder / relative)
        except (Outside, ValueError):
            return None
        return path if path.is_file() and self.folder in path.resolve().parents else None

    def last(self) -> dict | None:
        """What the pages show of the last merge; with ``unfinished`` set when the files it offers
        are not the ones it describes (a merge stopped while switching in its outputs)."""
        try:
            state = json.loads(self.contained(self.period_folder() / LAST).read_text(encoding="utf-8"))
        except (OSError, ValueError, Outside):
            return None
        recorded = state.get("files")
        if recorded is not None and recorded != self.fingerprints(recorded):
            state["unfinished"] = True
        used, now = state.get("basis"), self.basis()
        changed = list(dict.fromkeys(name for key, name in BASIS.items() if isinstance(used, dict) and key in used
                                     and not self._same_basis(key, used[key], now[key])))
        said = []
        if changed:
            state["stale_what"] = "、".join(changed)
            said.append(f"{state['stale_what']}已更改,请重新审核汇总:上次审核汇总({state.get('when', '')})"
                        f"按原来的{state['stale_what']}得出,其中的结论、未报单位和退回名单已不准,"
                        "也不能据此准备和发送邮件。")
        news = inbox_news(state.get("inbox"), self.inbox_prints())
        if news:
            state["inbox_news"] = news
            said.append(f"{news},请先重新审核汇总:上次审核汇总({state.get('when', '')})没有包括这些变动,"
                        "其中的结论、未报单位和退回名单可能已不准,也不能据此准备和发送邮件。")
        if said:
            state["stale"] = "".join(said)
        return state

    def basis(self, period: Period | None = None) -> dict[str, str]:
        """What a merge of ``period`` is made from besides the inbox (BASIS): the roster by its
        bytes, the office's name, the notice and the period's deadline as they are now."""
        roster = self.roster_of(period or self.period)
        try:
            digest = hashlib.sha256(roster.read_bytes()).hexdigest() if roster is not None else ""
        except OSError:
            digest = "?"
        s, notice = self.settings, self.notice
        return {"roster": digest, "office": s.office, "notice": notice.id, "notice_text": notice_digest(notice),
                "due": self.due_text(period)}

    def _same_basis(self, key: str, used, now: str) -> bool:
        """Whether a merge's ``used`` value of a BASIS key is ``now``'s; a record of an older desk names
        its notice as the setting then ("", 通知定义/x.toml): compared by the id it loads as."""
        if used == now:
            return True
        if key != "notice":
            return False
        try:
            return self.load_notice(str(used)).id == now
        except SpecError:
            return False

    def fingerprints(self, paths) -> dict[str, list[int]]:
        """Size and modification time (ns) of each file, by its path relative to the workspace."""
        out = {}
        for rel in paths:
            try:
                st = (self.folder / rel).stat()
                out[rel] = [st.st_size, st.st_mtime_ns]
            except OSError:
                out[rel] = [-1, 0]
        return out

    def inbox_prints(self, period: Period | None = None, files: list[Path] | None = None) -> dict[str, list[int]]:
        """Size and modification time (ns) of each entry a merge of ``period`` reads from its inbox
        (``files``, as listed for a merge; else listed now), by its path in the inbox. A lock or system
        file (Excel's ~$X.xlsx while the clerk has X open) is passed over by the merge and not counted:
        its coming and going changes nothing the merge read."""
        inbox = self.inbox(period)
        try:
            if files is None:
                files = inbox_files(self.contained(inbox)) if inbox.is_dir() else []
        except (Outside, OSError, DianpingError):
            return {}
        out = {}
        for path in files:
            if leftover_file(path, inbox):
                continue
            try:
                st = path.lstat()
                out[path.relative_to(inbox).as_posix()] = [st.st_size, st.st_mtime_ns]
            except (OSError, ValueError):
                continue
        return out

    def remember(self, state: dict, period: Period, notice: Notice | None = None) -> None:
        """What the pages show of ``period``'s merge: filed under the period (and notice) the merge was
        of, never the one chosen by the time it finishes."""
        notice = notice or self.notice
        write_atomically(self.contained(self.period_folder(period, notice) / LAST), json.dumps(state, ensure_ascii=False))
        self.mark(period, notice)  # told by its mark from now on, not by the record read again


def notice_digest(notice: Notice) -> str:
    """The digest of a notice's text and of the texts of the sets it names: the same notice (shipped,
    or uploaded unchanged) gives the same digest, an edited one another."""
    parts = [notice.text] + [getattr(part, "text", "") for part in
                             (notice.tables, notice.forms, notice.ledgers, notice.document_set) if part is not None]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def inbox_news(merged, now: dict[str, list[int]]) -> str:
    """What changed in the inbox since a merge (its ``inbox_prints`` then and now), in the clerk's
    words ("" when nothing did, or when the merge's record does not say what it read)."""
    if not isinstance(merged, dict):
        return ""
    added = [name for name in now if name not in merged]
    changed = [name for name in now if name in merged and list(merged[name]) != list(now[name])]
    removed = [name for name in merged if name not in now]
    said = [f"有 {len(names)} 个文件{words}" for names, words in (
        (added, "是上次审核汇总之后放入的"), (changed, "在上次审核汇总之后换了内容"),
        (removed, "在上次审核汇总之后移出或删除了")) if names]
    return "收件箱中" + ",".join(said) if said else ""


def settings_of(data: dict) -> Settings:
    """Settings from their JSON: unknown keys left out, texts as texts; the one due date of an older
    desk becomes the due date of the period it was saved with."""
    known = {f.name for f in fields(Settings)} - {"dues", "other_dues"}
    out = Settings(**{k: str(v) for k, v in data.items() if k in known})
    dues = data.get("dues")
    out.dues = {str(k): str(v) for k, v in dues.items() if v} if isinstance(dues, dict) else {}
    other = data.get("other_dues")
    out.other_dues = {str(k): {str(p): str(d) for p, d in v.items() if d} for k, v in other.items()
                      if isinstance(v, dict)} if isinstance(other, dict) else {}
    if data.get("due") and out.period and out.period not in out.dues:
        out.dues[out.period] = str(data["due"])
    return out


def _order(period: Period) -> tuple[int, int]:
    """A period's place in time: its year, then its place in the notice's year."""
    return period.year, period.calendar.halves.index(period.half)


def shipped_name(choice: str) -> bool:
    """A shipped definition's name as written (hunan-2011): no folder, no way up, not a file name."""
    return (not any(c in choice for c in "/\\:\0") and not choice.startswith(".")
            and not choice.lower().endswith(".toml"))


def _is_junction(path: Path) -> bool:
    try:
        return os.path.isjunction(path)  # Python 3.12
    except AttributeError:
        return False


def write_atomically(target: Path, text: str | bytes) -> None:
    write_file(target, text)  # a temp file beside it, then replaced; LinkRefused on a link on the way
