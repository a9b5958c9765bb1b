"""Item sets: the mass-evaluation forms (群众评议, 附件4 and 附件5) of one year, as data.

An item set (``itemsets/*.toml``) gives each form's title, header lines and items, the
options, which options count as satisfied, the marks read as a tick or as blank, and the
labels of the tally sheet. Every year and jurisdiction changes them a little.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .files import SpecError, built_once, read_spec_file
from .schema import read_definition

DEFAULT_ITEM_SET = "hunan-2011"


@dataclass(frozen=True)
class Form:
    key: str  # the 附件N printed above the form
    title: str
    name_label: str
    date_label: str
    items: tuple[str, ...]
    object_label: str
    opinion_title: str = ""
    opinion_columns: tuple[str, ...] = ()
    rows: int = 1  # member rows on one printed form


@dataclass(frozen=True)
class ItemSet:
    id: str
    name: str
    options: tuple[str, ...]
    satisfied: tuple[str, ...]
    unsatisfied: str
    tick_note: str
    tally_title: str
    tally_mark: str  # the heading that marks a tally block
    forms_count: str  # the tally column of forms counted
    category: str  # the tally column of the 类别
    ticks: frozenset[str]  # marks read as a tick
    blanks: frozenset[str]  # marks read as "not chosen"
    published: dt.date  # printed as the forms' creation date
    org: Form
    member: Form
    source: str = ""
    text: str = field(default="", repr=False, compare=False)

    def __reduce__(self):
        return (_rebuild, (self.text, self.source))

    @property
    def forms(self) -> tuple[Form, Form]:
        return (self.org, self.member)

    def form(self, key: str) -> Form:
        return next(f for f in self.forms if f.key == key)


_LOADED: dict[str, ItemSet] = {}


def load_item_set(name_or_path: str = DEFAULT_ITEM_SET) -> ItemSet:
    """Load an item set by its id (a file shipped in itemsets/) or a path; SpecError if bad."""
    text, source = read_spec_file("itemsets", name_or_path, "评议表定义")
    return _rebuild(text, source)


def _rebuild(text: str, source: str) -> ItemSet:
    return built_once(_LOADED, text, source, _build)


def _form(f: dict) -> Form:
    return Form(f["key"], f["title"], f["name_label"], f["date_label"], tuple(f["items"]),
                f["object_label"], f.get("opinion_title", ""), tuple(f.get("opinion_columns", ())),
                int(f.get("rows", 1)))


def _build(text: str, source: str) -> ItemSet:
    d = read_definition("itemset", text, source)
    try:
        tally = d["tally"]
        items = ItemSet(
            id=d["id"], name=d["name"], options=tuple(d["options"]), satisfied=tuple(d["satisfied"]),
            unsatisfied=d["unsatisfied"], tick_note=d["tick_note"], tally_title=tally["title"],
            tally_mark=tally["mark"], forms_count=tally["forms_count"], category=tally["category"],
            ticks=frozenset(d["marks"]["tick"]), blanks=frozenset(d["marks"]["blank"]),
            published=d["published"], org=_form(d["org"]), member=_form(d["member"]),
            source=source, text=text,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SpecError(f"评议表定义 {source} 有误:{exc}") from exc
    if set(items.satisfied) - set(items.options) or items.unsatisfied not in items.options:
        raise SpecError(f"评议表定义 {source}:satisfied / unsatisfied 必须是 options 之一")
    if items.ticks & items.blanks:
        raise SpecError(f"评议表定义 {source}:同一个符号不能既算打勾又算空白")
    return items
