"""Notices: everything one notice (通知) fixes, as one definition the whole pipeline is given.

A notice (``notices/*.toml``, or a path) names its statistics tables (a table set), its
evaluation forms (an item set, or none), its ledgers (a ledger set, or none), its periods and
their dates, the materials units send (统计表, 工作总结 …) and where results go up. Everything
it names is loaded and checked against each other here, once, before any file is read: a
ledger set that counts into a table the tables lack is refused with the file, the key and why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .documents import DocumentSet, check_with_forms, document_set_for, load_document_set
from .files import SpecError, read_spec_file
from .items import ItemSet, load_item_set
from .ledgers import LedgerSet, load_ledger_set
from .periods import HALF_YEARS, NEXT_YEAR, Calendar, Period, PeriodSpec
from .schema import at_line, located, read_definition
from .tables import TableSet, load_table_set

DEFAULT_NOTICE = "hunan-2011"
NONE_WORDS = ("", "无", "none")  # forms = "" / ledgers = "无": the notice has none
MATERIAL_KINDS = ("tables", "document", "ledger")


@dataclass(frozen=True)
class Material:
    """What units send: the statistics workbook, a document such as 工作总结, or a 台账 the units
    keep and send along that no ledger set defines (received, never summed)."""

    name: str
    # "tables": the statistics workbook; "document": any other file; "ledger": a 台账 kept (留存备查):
    # a workbook known by its title, sheet name, columns or file name, or a document by its name
    kind: str = "tables"
    words: tuple[str, ...] = ()  # a document whose file name holds one of these is this material
    suffixes: tuple[str, ...] = (".doc", ".docx", ".wps", ".pdf", ".odt", ".txt")
    required: bool = True
    offices: bool = False  # asked of a lower office's summary too (else of the units alone)
    columns: tuple[str, ...] = ()  # a kept ledger's column heads, as the notice prints them
    # other words of a file's name that are not its unit's: the notice's period names (上半年 …),
    # given by the notice (see ``Notice.other_materials``)
    period_words: tuple[str, ...] = ()

    @property
    def file_words(self) -> tuple[str, ...]:
        """What is taken out of a file name of this material to leave its unit's name."""
        return (self.name, *self.words, *self.period_words)


@dataclass(frozen=True)
class Notice:
    id: str
    name: str
    tables: TableSet
    forms: ItemSet | None
    ledgers: LedgerSet | None
    calendar: Calendar = HALF_YEARS
    document: str = ""  # its number: 常司发〔2012〕6号
    issued: dt.date | None = None
    up: str = ""  # where results go up (the office above)
    up_email: str = ""  # the address the notice gives for it
    office: str = ""  # an office that merges under it, the example when the office's name is asked for
    materials: tuple[Material, ...] = (Material("统计表"),)
    document_set: DocumentSet | None = None  # the sentences of 情况通报, 公示, 评先评优 (None: not written)
    source: str = ""
    text: str = field(default="", repr=False, compare=False)

    def period(self, text: str | Period | None = None, today: dt.date | None = None) -> Period:
        """A period of this notice's calendar: parsed (ValueError, Chinese), or the one around today."""
        if isinstance(text, Period):
            return Period(text.year, text.half, self.calendar) if text.half in self.calendar.halves \
                else Period.parse(str(text), self.calendar, self.year)
        if text:
            return Period.parse(text, self.calendar, self.year)
        return Period.around(today or dt.date.today(), self.calendar)

    @property
    def year(self) -> int:
        """The notice's own year (issued, else its tables' date): its periods' example."""
        return (self.issued or self.tables.published).year

    @property
    def other_materials(self) -> tuple[Material, ...]:
        """The materials other than the tables (工作总结 …; a kept 台账 while no ledger set reads
        the ledgers), knowing the notice's period names."""
        names = tuple(p.name for p in self.calendar.periods)
        kinds = ("document",) if self.ledgers is not None else ("document", "ledger")
        return tuple(replace(m, period_words=names) for m in self.materials if m.kind in kinds)

    def choosing(self, tables: TableSet | None = None, forms: ItemSet | None | bool = False,
                 ledgers: LedgerSet | None | bool = False) -> "Notice":
        """This notice with another table set, item set or ledger set (``False``: keep it),
        checked again as a whole."""
        changed = replace(
            self, tables=tables if tables is not None else self.tables,
            forms=self.forms if forms is False else forms, ledgers=self.ledgers if ledgers is False else ledgers)
        _check_together(changed, changed.source, tables_chosen=tables is not None,
                        ledgers_chosen=ledgers is not False)
        return changed


def available_notices() -> list[Notice]:
    """The notices shipped in the package."""
    from .files import available

    return [load_notice(name) for name in available("notices")]


@lru_cache(maxsize=8)
def shipped_notice(notice_id: str) -> Notice | None:
    """The shipped notice of that id, or None (an office's own definition, not known here):
    what a file marked with another notice's id is said to be."""
    from .files import available

    if notice_id not in available("notices"):
        return None
    try:
        return load_notice(notice_id)
    except SpecError:
        return None


def load_notice(name_or_path: str | None = None, *, within: str | Path | None = None) -> Notice:
    """A notice by its id (shipped) or the path of its .toml; SpecError (Chinese) if it, or
    anything it names, is missing, malformed or does not fit the rest. ``within``: a folder every
    file the notice names must lie in (the desk's workspace), links followed; sets named by a
    shipped id are always allowed."""
    text, source = read_spec_file("notices", name_or_path or DEFAULT_NOTICE, "通知定义")
    # read anew each time (the sets it names are kept by their own text): a table set beside the
    # notice, corrected while the notice file stays as it was, is the one used next time
    return _parse(text, source, within)


def _parse(text: str, source: str, within: str | Path | None = None) -> Notice:
    data = read_definition("notice", text, source)
    try:
        notice = _build(data, source, text, Path(within).resolve() if within is not None else None)
    except SpecError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        at = at_line(text, *getattr(exc, "at", ("", "")))
        raise SpecError(f"通知定义文件 {source} {at + ':' if at else '有误:'}{_why(exc)}") from exc
    _check_together(notice, source)
    return notice


def _why(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"缺少 {exc.args[0]}"
    return str(exc)


def _named(value: str, source: str, folder: str, loader, what: str, within: Path | None = None):
    """A set the notice names: an id shipped in the package, or a .toml path beside the notice
    (inside ``within`` when given)."""
    if str(value).strip().lower() in NONE_WORDS:
        return None
    path = Path(value)
    if path.suffix == ".toml" and not path.is_absolute() and Path(source).is_file():
        path = Path(source).parent / path
    if path.suffix == ".toml" and within is not None and within not in path.resolve().parents:
        raise SpecError(f"通知定义文件 {source} 的 {folder} = \"{value}\"({what})不在工作文件夹“{within}”中:"
                        f"工作台只读工作文件夹中的定义文件。请把{what}文件与通知定义文件一起上传,"
                        f"写成 {folder} = \"{path.name}\"(与通知定义文件在同一文件夹),或写自带定义的名称。")
    try:
        return loader(str(path) if path.suffix == ".toml" else value)
    except SpecError as exc:
        raise SpecError(f"通知定义文件 {source} 的 {folder} = \"{value}\"({what}):{exc}") from None


def _month_day(value, where: str, key: str, shown: str = "{key} = ") -> tuple[int, int]:
    """A month-day written "06-30" (or a TOML date); a slip is said at its line, with the fix when
    the text says the date another way (3月31日 -> "03-31")."""
    if isinstance(value, dt.date):
        return value.month, value.day
    try:
        month, day = (int(x) for x in str(value).split("-"))
        dt.date(2000, month, day)
    except ValueError:
        chinese = re.fullmatch(r"\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*", str(value))
        fix = f"这里应写 \"{int(chinese[1]):02d}-{int(chinese[2]):02d}\"。" if chinese else ""
        raise located(f"{where}的 {shown.format(key=key)}\"{value}\" 写法不对:日期要写成 \"月-日\",如 \"06-30\"(6月30日)。{fix}",
                      key, str(value)) from None
    return month, day


def _span(value, where: str, key: str) -> tuple[tuple[int, int], tuple[int, int]]:
    if not isinstance(value, list) or len(value) != 2:
        raise located(f"{where}的 {key} 写法不对:应写成 [\"开始 月-日\", \"结束 月-日\"],如 [\"01-01\", \"06-30\"]", key)
    return tuple(_month_day(day, where, key, "{key} 中的 ") for day in value)


def _due(value, where: str, key: str) -> tuple[tuple[int, int], bool]:
    """A due date "01-15", or "次年01-15" when it falls in the year after the work's start."""
    text = value if isinstance(value, dt.date) else str(value).strip()
    later = isinstance(text, str) and text.startswith(NEXT_YEAR)
    return _month_day(text[len(NEXT_YEAR):].strip() if later else text, where, key), later


def _period(raw: dict, n: int) -> PeriodSpec:
    where = f"periods 第 {n} 项"
    half = str(raw["code"]).upper()
    if half not in ("H1", "H2"):
        raise located(f"{where}的 code = \"{raw['code']}\" 不对:只能是 \"H1\" 或 \"H2\"(期次写成 2013-H1、2013-H2;"
                      f"一年只有一次评议时写 \"H1\")", "code", str(raw["code"]))
    due, due_next = _due(raw["due"], where, "due")
    # without work: from January to the due date, or the whole year when the due is the next year's
    appraisal = _span(raw["work"], where, "work") if "work" in raw else ((1, 1), (12, 31) if due_next else due)
    # without window: a report is filled in before the deadline, and a late one still within a
    # month of it: a file dated after the deadline is late (逾期), never also of another period
    window = _span(raw["window"], where, "window") if "window" in raw else None
    unit_due, unit_next = _due(raw["unit_due"], where, "unit_due") if "unit_due" in raw else (None, False)
    return PeriodSpec(half, str(raw["name"]), due, window, appraisal, unit_due, due_next, unit_next)


def _material(raw: dict, n: int) -> Material:
    kind = raw.get("kind", "tables")
    if kind not in MATERIAL_KINDS:
        raise located(f"materials 第 {n} 项的 kind = \"{kind}\" 不对:只能是 \"tables\"(统计表)、\"document\""
                      f"(工作总结等其他文件)或 \"ledger\"(留存备查、随表报送的台账)", "kind", str(kind))
    if "columns" in raw and kind != "ledger":
        raise located(f"materials 第 {n} 项有 columns:只有 kind = \"ledger\"(台账)才写列名", "columns")
    words = tuple(raw.get("words", (raw["name"],) if kind != "tables" else ()))
    extra = {"suffixes": tuple(s.lower() for s in raw["suffixes"])} if "suffixes" in raw else {}
    return Material(raw["name"], kind, words, required=bool(raw.get("required", True)),
                    offices=bool(raw.get("offices", False)), columns=tuple(raw.get("columns", ())), **extra)


# a notice's id names its period folders on the desk (2026-H1_<id>) and is typed after --notice
NOTICE_ID = re.compile(r"[^\W_](?:[^\W_]|-){0,63}")  # letters (汉字 too), digits and -: never a path


def _build(data: dict, source: str, text: str, within: Path | None = None) -> Notice:
    if not NOTICE_ID.fullmatch(str(data["id"])):
        raise located(f"id = \"{data['id']}\" 不能用:通知的名称只用汉字、字母、数字和 -(不以 - 开头,"
                      "最多 64 个字),如 \"county-2013\"", "id", str(data["id"]))
    periods = tuple(_period(p, n) for n, p in enumerate(data.get("periods", []), start=1))
    halves = [p.half for p in periods]
    if len(set(halves)) != len(halves):
        twice = next(h for h in halves if halves.count(h) > 1)
        raise located(f"periods 中有两项的 code 都是 \"{twice}\":每一期的 code 要不同(一年两期时写 \"H1\" 和 \"H2\")",
                      "code", twice)
    materials = tuple(_material(m, n) for n, m in enumerate(data.get("materials", []), start=1))
    if materials and not any(m.kind == "tables" for m in materials):
        raise ValueError("materials 中要有一项 kind = \"tables\"(统计表)")
    return Notice(
        id=data["id"], name=data["name"],
        tables=_named(data["tables"], source, "tables", load_table_set, "表格定义", within),
        forms=_named(data.get("forms", ""), source, "forms", load_item_set, "评议表定义", within),
        ledgers=_named(data.get("ledgers", ""), source, "ledgers", load_ledger_set, "台账定义", within),
        calendar=Calendar(periods) if periods else HALF_YEARS,
        document=data.get("document", ""), issued=data.get("issued"), up=data.get("up", ""),
        up_email=data.get("up_email", ""), office=data.get("office", ""), materials=materials or (Material("统计表"),),
        document_set=_document_set(data, source, within), source=source, text=text,
    )


def _document_set(data: dict, source: str, within: Path | None = None) -> DocumentSet | None:
    """The notice's document set: named (documents = id or .toml beside the notice), else the one
    shipped under the notice's id, else none ("" / 无: the notice wants no documents written)."""
    if "documents" in data:
        return _named(data["documents"], source, "documents", load_document_set, "文书定义", within)
    return document_set_for(data["id"])


def _check_together(notice: Notice, source: str, tables_chosen: bool = False, ledgers_chosen: bool = False) -> None:
    """What the notice names must fit together: every table a ledger counts into, with the row it
    names; every round the tables use in a period the notice has. A part chosen for this run
    (--table-set, --ledgers) is blamed as the option, not the notice's file."""
    ts = notice.tables
    if notice.tables is None:
        raise SpecError(f"通知定义文件 {source}:tables 不能为空,一个通知至少有一张统计表")
    halves = notice.calendar.halves
    for r in ts.rounds:
        if r.half not in halves:
            raise SpecError(f"{_whose(notice, source, tables_chosen, ts.id)}表格定义 {ts.id} 的轮次“{r.label}”在 "
                            f"{r.half} 期填报,但通知的 periods 只有 {'、'.join(halves)}。")
    if notice.document_set is not None:
        check_with_forms(notice.document_set, notice.forms)
    if notice.ledgers is not None:
        _ledgers_fit(notice, source, tables_chosen, ledgers_chosen)


def _whose(notice: Notice, source: str, chosen: bool, part: str = "", option: str = "--table-set") -> str:
    """Who a misfit is said of: the option a run chose a part with, else the notice's file."""
    return f"{option} {part} 与通知 {notice.id} 不配:" if chosen else f"通知定义文件 {source}:"


def _ledgers_fit(notice: Notice, source: str, tables_chosen: bool, ledgers_chosen: bool) -> None:
    ts, ls = notice.tables, notice.ledgers
    rules = [(ledger, rule) for ledger in ls.ledgers for rule in (ledger.counts.by_kind if ledger.counts else ())]
    lacking = list(dict.fromkeys(rule.table for _, rule in rules if rule.table not in ts.tables_by_key))
    if lacking:
        has = "、".join(ts.tables_by_key)
        if ledgers_chosen:
            raise SpecError(f"--ledgers {ls.id} 与通知 {notice.id} 不配:台账定义 {ls.id} 按 {'、'.join(lacking)} 计数,"
                            f"而本通知的统计表(表格定义 {ts.id})只有 {has}。本通知不要台账时去掉 --ledgers;"
                            f"要合并台账时换用按 {has} 计数的台账定义。")
        ledger, rule = next((lg, r) for lg, r in rules if r.table == lacking[0])
        raise SpecError(
            f"{_whose(notice, source, tables_chosen, ts.id)}台账定义 {ls.id}({ls.source})中“{ledger.title}”的 "
            f"counts.by_kind 按 {'、'.join(lacking)} 计数,但表格定义 {ts.id} 没有 {'、'.join(lacking)}(有 {has})。"
            + ("请换用有这些表的表格定义,或加 --ledgers 无(不合并台账)。" if tables_chosen
               else "本通知不要台账时写 ledgers = \"\"。"))
    for ledger, rule in rules:
        if rule.metric not in {r.metric for r in ts.table(rule.table).rows}:
            whose = _whose(notice, source, ledgers_chosen, ls.id, "--ledgers") if ledgers_chosen else \
                _whose(notice, source, tables_chosen, ts.id)
            raise SpecError(f"{whose}台账定义 {ls.id} 中“{ledger.title}”按 {rule.table} 的“{rule.metric}”计数,"
                            f"但表格定义 {ts.id} 的 {rule.table} 没有这一行。")
