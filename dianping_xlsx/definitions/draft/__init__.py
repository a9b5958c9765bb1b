"""A draft notice definition read from the notice itself (``dianping definitions init``).

The notice (.docx, .doc through LibreOffice, or its blank tables as .xlsx/.xls) is read as
paragraphs and tables (document.py, sheets.py, source.py); each table's layout (layout.py)
gives its categories, rows and rounds (infer.py) and the rules its labels state (stated.py);
the text gives the title, number, dates, address and materials (wording.py). Two files are
written side by side, both or neither: the notice and the table set it names (render.py,
notice_file.py), every guess marked ``# 推断:`` and every gap ``# 待补:``; both are loaded
(as ``definitions check`` would) before either is written.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...errors import TABLES_FILE
from ...files import atomic_paths
from ...settings import DEFAULT_LIMITS, Limits
from ..files import SpecError
from .attachments import LIST, Found, find_tables
from .build import table_fields
from .clerk import told
from .document import in_simplified
from .infer import YEAR_PART, for_editor, round_words, split_note
from .notice_file import collection_names, forms_gap, notice_text
from .render import GUESS, beside, entries, head, marked, table_set_text
from .source import read_notice
from .wording import asked_to_send, kept_word, read_wording

LEDGER = "台账"


@dataclass
class Draft:
    notice: Path
    tables: Path
    found: list[Found]  # every table of the notice, read or not (``problem`` says why not)
    gaps: list[str] = field(default_factory=list)  # what could not be read, in Chinese, with where
    forms: list[str] = field(default_factory=list)
    text: str = ""  # the notice definition written
    tables_text: str = ""
    guesses: list[str] = field(default_factory=list)  # what was inferred (# 推断), in Chinese, with where
    kept: list[str] = field(default_factory=list)  # keys of the tables kept as 台账 (述职人员名单), not read

    def told_guesses(self) -> list[tuple[str, str]]:
        """The guesses in a clerk's words, each with what it is in the file ("" when nothing): clerk.py."""
        return told(self.text, GUESS) + told(self.tables_text, GUESS)

    def told_gaps(self) -> list[tuple[str, str]]:
        """The gaps in a clerk's words, each with what to write in the file ("" when nothing)."""
        return [split_note(g) for g in self.gaps]


def draft_notice(source: Path, out: Path, scan: Callable[[Path], bytes],
                 limits: Limits = DEFAULT_LIMITS) -> Draft:
    """Read ``source`` and write the draft notice ``out`` and its table set beside it."""
    source, out = Path(source), Path(out)
    doc, converted = in_simplified(read_notice(source, scan, limits))
    wording = read_wording(doc.paragraphs)
    if wording.issued is None and doc.created is not None:  # a blank template dated as its notice
        wording.issued, wording.issued_from = doc.created, "表格文件的创建日期"
        wording.year = wording.year or doc.created.year
    found = find_tables(doc, round_words(wording.names))
    tables = [f for f in found if f.table]
    rounds = list(dict.fromkeys(r for f in tables for m in f.table.metrics for r in m.rounds))
    # parts of a year printed under a metric, a text giving one span of work: one collection holds them all
    one = not wording.names and len(wording.works) == 1 and all(YEAR_PART.match(r) for r in rounds)
    halves = 2 if rounds and not one else 1
    if halves == 2:
        _names_from_rounds(wording, rounds, tables)
    if not tables:
        raise SpecError(f"在“{source.name}”中没有找到统计表(有数字格、有类别和行名的表格)。" + _why(found)
                        + "如果通知的统计表是单独的附件(如 Excel 空白表),请改用那个文件。", remedy=TABLES_FILE)
    for f in tables:  # the notice's year in a note is the period's: next year's templates say theirs
        f.notes = [_year_of_period(n, wording.year) for n in f.notes]
        _title_of_any_year(f, wording.year)
    forms = [f"{f.key} {f.title}" for f in found if f.problem == "form"]
    forms += [title for title in wording.forms if not any(title in x for x in forms)]
    gaps = _gaps(found, wording)
    notice_id = _id(out, wording.year, doc.paragraphs)
    tables_file = f"{out.stem}-tables.toml"
    fields = table_fields(f"{notice_id}-tables", tables, wording)
    said = head(source.name, converted)
    ts_text = table_set_text(f"{notice_id}-tables", said, tables, fields, gaps, collection_names(wording, halves))
    text = notice_text(notice_id, tables_file, said, wording, halves, forms, _ledgers(found, wording), fields["name"])
    _check(text, ts_text, out.name, tables_file)
    with atomic_paths([out, out.with_name(tables_file)]) as (tmp_notice, tmp_tables):
        tmp_tables.write_text(ts_text, encoding="utf-8")
        tmp_notice.write_text(text, encoding="utf-8")
    gaps += _written_gaps(gaps, text + ts_text, forms_gap(forms) if forms else "")
    return Draft(out, out.with_name(tables_file), found, gaps, forms, text, ts_text,
                 marked(text, GUESS) + marked(ts_text, GUESS), [f.key for f in found if _kept(f)])


def _names_from_rounds(wording, rounds: list[str], tables: list[Found]) -> None:
    """A text naming no collections, a table printing two rounds that are parts of a year (年中 and
    年终): the collections are called so (not 上半年/下半年), said to come from that table."""
    if not wording.names and len(rounds) == 2 and all(YEAR_PART.match(r) for r in rounds):
        wording.names = rounds
        wording.names_in = next(f.key for f in tables if any(m.rounds for m in f.table.metrics))


def _year_of_period(note: str, year: int | None) -> str:
    """A note's 2011年 (the notice's year) written {year}年: the year of the period reported on."""
    return re.sub(rf"(?<!\d){year}(?=年)", "{year}", note) if year else note


def _title_of_any_year(f: Found, year: int | None) -> None:
    """A title's 2013年 (the notice's year) left out, said in a comment: a table's title is printed
    as written, the period's year stands in the table set's name ({year}年…), so next year's
    templates do not say last year's."""
    title = re.sub(rf"(?<!\d){year}年度?", "", f.title).strip() if year else f.title
    if title and title != f.title:
        f.table.notes.append(for_editor(f"通知中的标题是“{f.title}”;标题原样印在表上,年份随期次另写,所以标题不写年份",
                                        "年份写在 name 中({year}年…)"))
        f.title = title


def _kept(f: Found) -> bool:
    """A table units keep and send as it is: titled …台账, or a list of persons (述职人员名单)."""
    return LEDGER in f.title or f.problem == LIST


def _ledgers(found: list[Found], wording) -> list[tuple[str, list[str], str]]:
    """The 台账 the notice asks for: its tables titled …台账 and its lists of persons (with their
    column heads), then those its text names only; each with the words asking units to send it
    ("" when kept only)."""
    out = [(_called(f), [c.text for c in f.grid.rows[0] if c.text] if f.grid and f.grid.rows else [],
            _sent(f, wording)) for f in found if _kept(f)]
    return out + [(t, [], wording.ledgers_sent) for t in wording.ledgers if not any(t in x for x, _, _ in out)]


def _sent(f: Found, wording) -> str:
    """The words asking units to send this table along: its own note (名单…随表报送), else the text's
    about 台账 (for a 台账)."""
    said = asked_to_send("\n".join(f.notes), kept_word(f.title))
    return said or (wording.ledgers_sent if LEDGER in f.title else "")


def _why(found: list[Found]) -> str:
    said = [f"{f.where}({_called(f)}):{f.problem}" for f in found if f.problem and f.problem != "form"]
    return ("读到的表格:" + ";".join(said) + "。") if said else ""


def _gaps(found: list[Found], wording) -> list[str]:
    out = [f"{f.where}({_called(f)})" + (_kept_gap(f) if _kept(f) else f"没有读成统计表:{f.problem}")
           for f in found if f.problem and f.problem != "form"]
    out += [f"{f.key}({f.where}):{g}" for f in found if f.table for g in f.table.gaps]
    out += [f"{f.key}({f.where}):没有找到“填报单位”一行" for f in found if f.table and not f.unit_label]
    return out


def _written_gaps(gaps: list[str], written: str, forms: str) -> list[str]:
    """Every other ``# 待补:`` of the files written (the notice's: no number, a due date guessed as
    12月31日, no address …), each once, so that whoever reads the list (the command line, the
    desk's page) misses none; the forms' gap left to the list of forms each face shows."""
    out: list[str] = []
    for table, of, code, note in entries(written, "待补"):
        if note != forms and not any(g.endswith(note) for g in gaps + out):  # a table's gap: 附件2(…):note
            out.append((f"{table}:" if table else "") + (beside(f"{of}{code}", note) if code else note))
    return out


def _kept_gap(f: Found) -> str:
    """A 台账 or list of persons among the tables: kept as a material, its definition to write."""
    what = "台账" if LEDGER in f.title else "名单"
    return for_editor(f"是{what},不是统计表:按报送材料收下,列入报送情况,不汇总、不检查",
                      f"要检查、汇总{what}时写台账定义,见通知定义草稿中 ledgers 一行的“待补”")


def _called(f: Found) -> str:
    """How a clerk knows a table: its 附件 line and title, else its first words (表5 is our count)."""
    if f.key.startswith("附") or f.title:
        return f"{f.key}{' ' + f.title if f.title else ''}"
    first = next((c.text for row in (f.grid.rows if f.grid else []) for c in row if c.text), "")
    return f"以“{first[:20]}”开头" if first else "空表格"


def _id(out: Path, year: int | None, paragraphs: list[str]) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", out.stem).strip("-").lower()[:64].strip("-")
    if slug and re.search(r"[a-z]", slug):
        return slug
    digest = hashlib.sha1("\n".join(paragraphs).encode("utf-8")).hexdigest()[:6]
    return f"notice-{year or 'draft'}-{digest}"


def _check(text: str, ts_text: str, name: str, tables_file: str) -> None:
    """Both files loaded as ``definitions check`` loads them, from a temp folder: a draft the
    loaders refuse is our fault, never written."""
    from ..notices import load_notice

    with tempfile.TemporaryDirectory(prefix="dianping-draft-") as tmp:
        (Path(tmp) / tables_file).write_text(ts_text, encoding="utf-8")
        (Path(tmp) / name).write_text(text, encoding="utf-8")
        load_notice(str(Path(tmp) / name))
