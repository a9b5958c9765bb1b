"""What the notices ask of the appraisals themselves, as data of a ledger set (seeds 000 and 004).

Three blocks of an appraisal ledger, each switched on by writing it, each with its own severity
(a note or a warning: none sends a ledger back) and its own Chinese message:

- ``level``: who may appraise whom (党员 by the head of their branch, a 基层党组织 and its head
  by the head of the level above): records whose appraiser's post is none of those their object's
  kind allows, folded into one finding per file;
- ``frequency``: at least one appraisal every quarter or half-year of the period's work window;
- ``secretary``: 每名书记都要点评 — the unit's 书记 appraises in at least one record.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import placeholders

SEVERITIES = ("info", "warning")
EVERY = {"quarter": ("季度", 3), "half-year": ("半年", 6)}  # every -> (its words, its months)

# The fields each block's message may use (the check fills every one of them).
LEVEL_FIELDS = frozenset({"ledger", "column", "n", "row", "person", "kind", "post", "expected"})
FREQUENCY_FIELDS = frozenset({"ledger", "every", "gaps", "n", "period", "start", "end"})
SECRETARY_FIELDS = frozenset({"ledger", "column", "posts", "n"})


@dataclass(frozen=True)
class Posts:
    """Records of these 对象类别 are appraised by one of these posts (点评人职务)."""

    kinds: tuple[str, ...]
    posts: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    post: str  # the column of the appraiser's post (a list column)
    by_kind: tuple[Posts, ...]
    severity: str = "warning"
    message: str = ""


@dataclass(frozen=True)
class Frequency:
    every: str  # "quarter" | "half-year"
    severity: str = "warning"
    message: str = ""

    @property
    def words(self) -> str:
        return EVERY[self.every][0]

    @property
    def months(self) -> int:
        return EVERY[self.every][1]


@dataclass(frozen=True)
class Secretary:
    post: str  # the column of the appraiser's post
    posts: tuple[str, ...]  # the posts that are the unit's 书记
    severity: str = "warning"
    message: str = ""


def _said(raw: dict, block: str, fields: frozenset[str]) -> tuple[str, str]:
    """A block's severity and message, checked: a note or a warning, known fields only."""
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        raise ValueError(f"{block}.severity 应为 info(提示)或 warning(警告),而不是 {severity!r}")
    message = raw.get("message", "")
    if not isinstance(message, str) or not message.strip():
        raise ValueError(f"{block} 要写 message(给办公室看的说明)")
    unknown = placeholders(message) - fields
    if unknown:
        raise ValueError(f"{block}.message 中的 {_braced(unknown)} 不认识;可用:{_braced(fields)}")
    return severity, message


def _braced(names) -> str:
    return "、".join("{" + name + "}" for name in sorted(names))


def _choices(columns, label: str, block: str) -> tuple[str, ...]:
    column = next((c for c in columns if c.label == label), None)
    if column is None or column.kind != "choice":
        raise ValueError(f"{block}.post 应为一个选项列(choice),而不是“{label}”")
    return column.choices


def _posts(columns, raw: dict, block: str, posts: list) -> None:
    choices = _choices(columns, raw["post"], block)
    unknown = [p for p in posts if p not in choices]
    if unknown:
        raise ValueError(f"{block} 中的职务 {'、'.join(unknown)} 不是“{raw['post']}”的选项")


def level(raw: dict, columns, kinds: tuple[str, ...]) -> Level:
    """``kinds``: the values of the counted 对象类别 column (empty: any)."""
    rules = tuple(Posts(tuple(r["kinds"]), tuple(r["posts"])) for r in raw["by_kind"])
    _posts(columns, raw, "level", [p for r in rules for p in r.posts])
    unknown = [k for r in rules for k in r.kinds if kinds and k not in kinds]
    if unknown:
        raise ValueError(f"level 中的对象类别 {'、'.join(unknown)} 不是对象类别一列的选项")
    return Level(raw["post"], rules, *_said(raw, "level", LEVEL_FIELDS))


def frequency(raw: dict) -> Frequency:
    every = raw["every"]
    if every not in EVERY:
        raise ValueError(f"frequency.every 应为 {' 或 '.join(EVERY)},而不是 {every!r}")
    return Frequency(every, *_said(raw, "frequency", FREQUENCY_FIELDS))


def secretary(raw: dict, columns) -> Secretary:
    posts = list(raw["posts"])
    _posts(columns, raw, "secretary", posts)
    return Secretary(raw["post"], tuple(posts), *_said(raw, "secretary", SECRETARY_FIELDS))
