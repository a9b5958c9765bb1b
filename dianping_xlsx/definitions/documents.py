"""Document sets: the words of the documents an office writes after a merge, as data.

A document set (``documentsets/<notice id>.toml``) holds every sentence of the 情况通报 (the
circular), the 公示 (the posted results) and the 评先评优 ranking as templates with named
fields ({period}, {units}, {rate} …) that the merge result fills in; the ranking's lines (the
不满意 share above which a unit is marked) are data too. A notice without a document set
gets no documents. Loaded and checked once: an unknown key, a field no document knows or a
line outside 0–1 is refused in Chinese with the file.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field

from ..errors import toml_loads, toml_problem
from .files import SpecError, built_once, read_spec_file

FOLDER, WHAT = "documentsets", "文书定义"
# paragraphs of the circular are shown only when their condition holds
# (units: the office merged its units' files, a county; offices: every report was a lower office's
# summary, a city over its counties or a province over its cities)
# (owing: a unit still to report or to correct; all_in: every unit of the roster adopted; below: a
# lower office's summary that says it is incomplete; lacking: a unit without a material the notice
# asks for; figures / no_figures: some tables adopted or none; all_clean, all_warned, clean_and_warned:
# of the units adopted, none, all or some with something to verify; off_roster_returned: a file off
# the roster sent back for its own errors; some_on_time / all_late: of the units late, some or all)
CONDITIONS = ("always", "late", "no_late", "no_late_missing", "no_due", "returned", "off_roster", "missing", "roster", "evaluations",
              "follow_ups", "uncovered", "problems", "complete", "incomplete", "units", "offices", "owing", "all_in",
              "below", "lacking", "figures", "no_figures", "all_clean", "all_warned", "clean_and_warned",
              "off_roster_returned", "some_on_time", "all_late")
KINDS = ("text", "heading", "coverage", "evaluation")
ALL_ITEMS = "all"  # rate_item: every item of the form taken together

COMMON = ("office", "period", "notice", "document", "date", "year", "area")
REPORTING = ("files", "units", "reporting", "on_time", "late", "late_units", "due", "roster", "missing",
             "missing_units", "returned", "returned_units", "off_roster", "off_roster_files", "clean", "warned",
             "problems", "eval_units", "below", "below_units", "below_names", "lacking", "lacking_units",
             "off_roster_returned")
FIELDS = {  # what each kind of template may name
    "text": COMMON + REPORTING + ("threshold", "follow_count", "follow_names", "uncovered", "clauses"),
    "coverage": COMMON + ("table", "short", "title", "figures", "below", "n"),
    "evaluation": COMMON + ("form", "title", "units", "forms", "item", "rate", "unsatisfied", "share"),
    "unit": COMMON + ("unit", "forms", "units", "objects"),
    "caption": COMMON + ("form", "title", "forms", "item", "rate", "unsatisfied", "share"),
    "line": ("line",),
    "notice_title": (),  # the title as the notice was issued: one document, whatever the period
}


@dataclass(frozen=True)
class Clause:
    """A part of a paragraph's sentence ({clauses}), written only when its condition holds."""
    text: str
    when: str = "always"


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "text"
    when: str = "always"
    numbered: bool = False  # (一)(二)… among the numbered paragraphs of its section
    caption: str = ""  # coverage: the caption of the table under the sentence
    clauses: tuple[Clause, ...] = ()  # filled in at {clauses}, in order, those whose condition holds


@dataclass(frozen=True)
class Circular:
    file: str
    title: str
    recipients: str
    paragraphs: tuple[Paragraph, ...]
    figure: str  # one figure of a coverage sentence: {heading} {value}
    below: str  # a category below full coverage: {category} {figures}
    sign: str
    # an office over lower offices' summaries writes to them: the level of its place (市, 省: the
    # last character of the place its name starts with) -> recipients; a level not listed takes the
    # first; none at all: ``recipients`` at every level
    recipients_above: dict = field(default_factory=dict)

    def recipients_for(self, level: str, offices: bool) -> str:
        """Whom the circular is addressed to: an office over its units (offices False), or over
        lower offices (a city, a province) at ``level``."""
        if not offices or not self.recipients_above:
            return self.recipients
        return self.recipients_above.get(level, next(iter(self.recipients_above.values())))


@dataclass(frozen=True)
class Posting:
    file: str
    title: str  # a unit's page
    office_title: str  # the whole office's page
    intro: str
    office_intro: str
    caption: str  # above each form's table
    summary: str  # under it: the form's 满意率 and 不满意 share
    item_heading: str
    rate_heading: str
    note: str
    closing: str
    sign: str


@dataclass(frozen=True)
class Ranking:
    file: str
    title: str
    unsatisfied_line: float  # 不满意 share above which a row is marked
    satisfied_line: float  # 满意率 from which a row is noted as a candidate (0: never)
    over: str  # the mark of a row above the unsatisfied line ({line})
    good: str  # the note of a row at or above the satisfied line ({line})
    note: str
    unit_sheet: str  # {form}
    org_sheet: str
    member_sheet: str


@dataclass(frozen=True)
class DocumentSet:
    id: str
    name: str
    circular: Circular
    posting: Posting
    ranking: Ranking
    rate_items: dict = field(default_factory=dict)  # form key -> the item whose 满意率 is the form's
    notice_title: str = ""  # the notice's title as issued, for 根据《…》 ({notice}); else its name
    source: str = ""
    area: str = ""  # the office's area ({area}: 全系统); else 全 and the level of the office's place

    def rate_item(self, form) -> str:
        """The item whose 满意率 stands for the form (its last, 基本评价, unless said), or ALL_ITEMS."""
        return self.rate_items.get(form.key, form.items[-1])


_LOADED: dict[str, DocumentSet] = {}


def document_set_for(notice_id: str) -> DocumentSet | None:
    """The document set shipped for a notice, or None (no documents for that notice)."""
    from .files import available

    return load_document_set(notice_id) if notice_id in available(FOLDER) else None


def load_document_set(name_or_path: str) -> DocumentSet:
    """A document set by its notice id (shipped) or a .toml path; SpecError (Chinese) if bad."""
    text, source = read_spec_file(FOLDER, name_or_path, WHAT)
    return built_once(_LOADED, text + "\0" + source, source, lambda _t, s: _parse(text, s))


def _parse(text: str, source: str) -> DocumentSet:
    try:
        data = toml_loads(text)
        return _build(data, source)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{WHAT}文件 {source} {toml_problem(exc)}") from exc
    except KeyError as exc:
        raise SpecError(f"{WHAT}文件 {source} 有误:缺少 {exc.args[0]}") from exc
    except (TypeError, ValueError) as exc:
        raise SpecError(f"{WHAT}文件 {source} 有误:{exc}") from exc


def _known(data: dict, where: str, keys: tuple[str, ...]) -> dict:
    if not isinstance(data, dict):
        raise ValueError(f"{where} 应是一个表([{where}])")
    unknown = [k for k in data if k not in keys]
    if unknown:
        raise ValueError(f"{where} 中有不认识的键“{unknown[0]}”,可用的键:{'、'.join(keys)}")
    return data


def _template(value, where: str, kind: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where} 应是文字")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"{where} 的花括号不成对:{value}") from exc
    if names and not FIELDS[kind]:
        raise ValueError(f"{where} 照原文写,不带花括号({{{names[0]}}}):通知发布时的标题是固定的,"
                         "各期引用的都是同一个通知")
    for name in names:
        if name not in FIELDS[kind]:
            raise ValueError(f"{where} 中的 {{{name}}} 不认识,这里可用:"
                             f"{'、'.join('{' + f + '}' for f in FIELDS[kind])}")
    return value


def _word(value, where: str) -> str:
    if not isinstance(value, str) or "{" in value:
        raise ValueError(f"{where} 应是一个词(如 \"全系统\"),不带花括号")
    return value


def _when(raw: dict, where: str) -> str:
    when = raw.get("when", "always")
    if when not in CONDITIONS:
        raise ValueError(f"{where}:when 应为 {'、'.join(CONDITIONS)} 之一,而不是 {when!r}")
    return when


def _clauses(raw, where: str) -> tuple[Clause, ...]:
    if not isinstance(raw, list):
        raise ValueError(f"{where} 的 clauses 应写成 [{{ when = \"…\", text = \"…\" }}, …]")
    out = []
    for n, clause in enumerate(raw, start=1):
        at = f"{where} 的 clauses 第 {n} 项"
        clause = _known(clause, at, ("text", "when"))
        text = _template(clause["text"], f"{at} 的 text", "text")
        if "{clauses}" in text:
            raise ValueError(f"{at} 的 text 中不能再写 {{clauses}}")
        out.append(Clause(text, _when(clause, at)))
    return tuple(out)


def _paragraph(raw: dict, n: int) -> Paragraph:
    where = f"circular.paragraphs 第 {n} 项"
    raw = _known(raw, where, ("text", "kind", "when", "numbered", "caption", "clauses"))
    kind, when = raw.get("kind", "text"), _when(raw, where)
    if kind not in KINDS:
        raise ValueError(f"{where}:kind 应为 {'、'.join(KINDS)} 之一,而不是 {kind!r}")
    fields = "text" if kind == "heading" else kind
    caption = _template(raw.get("caption", ""), f"{where} 的 caption", "coverage")
    text = _template(raw["text"], f"{where} 的 text", fields)
    clauses = _clauses(raw.get("clauses", []), where)
    if clauses and (kind != "text" or "{clauses}" not in text):
        raise ValueError(f"{where} 有 clauses,它的 text 应是一句话,并写明 {{clauses}} 放在哪里")
    return Paragraph(text, kind, when, bool(raw.get("numbered", False)), caption, clauses)


def _circular(raw: dict) -> Circular:
    raw = _known(raw, "circular", ("file", "title", "recipients", "recipients_above", "paragraphs", "figure",
                                   "below", "sign"))
    paragraphs = tuple(_paragraph(p, n) for n, p in enumerate(raw["paragraphs"], start=1))
    above = raw.get("recipients_above", {})
    if not isinstance(above, dict) or not all(isinstance(k, str) and len(k) == 1 for k in above):
        raise ValueError("circular.recipients_above 应写成 { 市 = \"各县(市、区)……:\", 省 = \"……\" },"
                         "键是本级地名的最后一个字")
    return Circular(raw["file"], _template(raw["title"], "circular.title", "text"),
                    _template(raw["recipients"], "circular.recipients", "text"), paragraphs,
                    raw["figure"], raw["below"], _template(raw["sign"], "circular.sign", "text"),
                    {k: _template(v, f"circular.recipients_above 的 {k}", "text") for k, v in above.items()})


def _posting(raw: dict) -> Posting:
    keys = ("file", "title", "office_title", "intro", "office_intro", "caption", "summary", "item_heading",
            "rate_heading", "note", "closing", "sign")
    raw = _known(raw, "posting", keys)
    kinds = {"caption": "caption", "summary": "caption", "item_heading": "line", "rate_heading": "line", "file": "line"}
    return Posting(**{k: _template(raw[k], f"posting.{k}", kinds.get(k, "unit")) for k in keys})


def _line(raw: dict, key: str, default: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"ranking.{key} 应是 0 到 1 之间的小数(如 0.2 表示 20%),而不是 {value!r}")
    return float(value)


def _ranking(raw: dict) -> Ranking:
    keys = ("file", "title", "unsatisfied_line", "satisfied_line", "over", "good", "note", "unit_sheet",
            "org_sheet", "member_sheet")
    raw = _known(raw, "ranking", keys)
    return Ranking(raw["file"], _template(raw["title"], "ranking.title", "unit"),
                   _line(raw, "unsatisfied_line", 0.2), _line(raw, "satisfied_line", 0.0),
                   _template(raw["over"], "ranking.over", "line"), _template(raw["good"], "ranking.good", "line"),
                   raw["note"], raw["unit_sheet"], raw["org_sheet"], raw["member_sheet"])


def _build(data: dict, source: str) -> DocumentSet:
    data = _known(data, "文件开头", ("id", "name", "notice_title", "area", "rate_items", "circular", "posting",
                                   "ranking"))
    rate_items = data.get("rate_items", {})
    if not isinstance(rate_items, dict) or not all(isinstance(v, str) and v for v in rate_items.values()):
        raise ValueError("rate_items 应写成 { \"附件N\" = \"项目名称\" },项目名称照评议表写,或写 \"all\"(全部项目)")
    return DocumentSet(data["id"], data["name"], _circular(data["circular"]), _posting(data["posting"]),
                       _ranking(data["ranking"]), dict(rate_items),
                       _template(data.get("notice_title", ""), "notice_title", "notice_title"), source,
                       _word(data.get("area", ""), "area"))


def check_with_forms(documents: DocumentSet, forms) -> None:
    """The items the document set names must be on the notice's forms (SpecError otherwise)."""
    keys = {f.key: f for f in forms.forms} if forms is not None else {}
    for key, item in documents.rate_items.items():
        form = keys.get(key)
        if form is not None and item != ALL_ITEMS and item not in form.items:
            raise SpecError(f"{WHAT}文件 {documents.source}:rate_items 中 {key} 的“{item}”不是评议表上的项目"
                            f"(可用:{'、'.join(form.items)},或 \"all\")")
