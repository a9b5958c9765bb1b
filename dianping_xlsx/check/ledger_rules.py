"""What the notices ask of the appraisals themselves (seeds 000 and 004), checked on a unit's
appraisal ledgers where the ledger set writes it (definitions/ledgerrules.py), each finding a
note or a warning in the ledger set's own words:

- the appraiser's level: records whose 点评人职务 is none of the posts their 对象类别 allows,
  one finding per file (the count, the first such row), never one per row;
- the frequency: each quarter (or half-year) of the period's work window that has begun by the
  report and holds no appraisal record;
- 每名书记都要点评: no record names the unit's 书记 as appraiser.

The ledgers of one file are taken together (a ledger kept on two sheets is one ledger).
"""

from __future__ import annotations

import datetime as dt
import re

from ..definitions.ledgerrules import Frequency, Level, Secretary
from ..model import Period
from ..problems import Problem
from ..read.ledgers import FoundLedger
from ..text import a1, clean_text, normalise, parse_date

def ledger_day(raw, period: Period | None) -> dt.date | None:
    """A ledger's date as a date; one written without its year (3月11日) is of the period's year,
    or, for a period whose work or due date runs into the next year (annual statistics due
    次年01-15), of the year that puts it between the work's start and the end of reporting,
    the nearer the work's end where both do, as the period's due date is (1月8日: next January)."""
    day = parse_date(raw)
    if day is not None or period is None:
        return day
    start, end = period.appraisal_window
    last = max(end, period.due, period.window[1])
    if max(end, period.due).year == start.year:
        return parse_date(raw, (dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)))
    days = [d for year in (start.year, start.year + 1)
            if (d := parse_date(raw, (dt.date(year, 1, 1), dt.date(year, 12, 31)))) is not None]
    inside = [d for d in days if start <= d <= last]
    return min(inside or days, key=lambda d: abs((d - end).days), default=None)


DATE_WRITTEN = "年-月-日"  # how a date is written
EXAMPLE_DAY = 5  # the day of a written example (2011-03-05): any day, never one the period marks
_YEAR = re.compile(r"((?:19|20)\d\d)(?:年|[./-])?")
_MONTH = re.compile(r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月|^(1[0-2]|0?[1-9])(?:[./-]|$)")
_NUMERALS = "一二三四五六七八九十"


def date_example(text: str, period: Period | None) -> str:
    """How to write the date a cell means, for a date that cannot be read: 年-月-日 with an
    example of the month the text names (2011年3月, 3月上旬, 3.8: 如 2011-03-05), its year or
    the period's; without a month, the first month of the period's appraisals; no year: the
    form alone."""
    text = normalise(text)
    year = _YEAR.search(text)
    rest = text[:year.start()] + text[year.end():] if year else text
    month = _MONTH.search(rest)
    number = _month_number(month[1] or month[2]) if month else None
    if period is not None:
        start = period.appraisal_window[0]
        number, y = number or start.month, int(year[1]) if year else start.year
    elif year and number:
        y = int(year[1])
    else:
        return DATE_WRITTEN
    return f"{DATE_WRITTEN},如 {y}-{number:02d}-{EXAMPLE_DAY:02d}"


def _month_number(written: str) -> int:
    if written.isdigit():
        return int(written)
    return 10 + (_NUMERALS.index(written[1]) + 1 if len(written) > 1 else 0) if written[0] == "十" \
        else _NUMERALS.index(written) + 1


_QUARTERS = "一二三四"
_HALVES = "上下"


def check_rules(found: list[FoundLedger], ts, period: Period | None, report: dt.date | None) -> list[Problem]:
    """The rules each appraisal ledger's set writes, over the file's ledgers of that title."""
    by_title: dict[str, list[FoundLedger]] = {}
    for ledger in found:
        if ledger.ledger.counts is not None and ledger.records:
            by_title.setdefault(ledger.ledger.title, []).append(ledger)
    out: list[Problem | None] = []
    for ledgers in by_title.values():
        spec = ledgers[0].ledger
        if spec.level is not None:
            out.append(_level(ledgers, spec.level, ts))
        if spec.frequency is not None and period is not None:
            out.append(_frequency(ledgers, spec.frequency, period, report or period.due))
        if spec.secretary is not None:
            out.append(_secretary(ledgers, spec.secretary, ts))
    return [p for p in out if p is not None]


def _post_of(ledgers: list[FoundLedger], label: str, ts):
    """A function: a record -> the option its post column holds (None: blank or none)."""
    column = next(c for c in ledgers[0].ledger.columns if c.label == label)
    options = column.options(ts)

    def post(record) -> str | None:
        raw = record.value(label)
        return None if raw in ("", None) else column.option(normalise(str(raw)), options)
    return post


def _level(ledgers: list[FoundLedger], level: Level, ts) -> Problem | None:
    kind_label = ledgers[0].ledger.counts.kind
    allowed = {normalise(k): rule.posts for rule in level.by_kind for k in rule.kinds}
    post_of = _post_of(ledgers, level.post, ts)
    wrong = []
    for ledger in ledgers:
        if level.post not in ledger.columns or kind_label not in ledger.columns:
            continue  # the missing column is said once, for the ledger
        for record in ledger.records:
            posts = allowed.get(normalise(str(record.value(kind_label))))
            if posts is None or record.value(level.post) in ("", None):
                continue  # a kind the rule does not name, or no post: said by the record's checks
            if post_of(record) not in posts:
                wrong.append((ledger, record, posts))
    if not wrong:
        return None
    ledger, record, posts = wrong[0]
    person = record.value(ledger.ledger.counts.person)
    return Problem("ledger.appraiser-level", sheet=ledger.sheet, cell=a1(record.row, ledger.columns[level.post]),
                   severity=level.severity, template=level.message,
                   params={"ledger": ledger.ledger.title, "column": level.post, "n": len(wrong),
                           "row": record.row + 1, "person": clean_text(str(person), 20),
                           "kind": clean_text(str(record.value(kind_label)), 10),
                           "post": clean_text(str(record.value(level.post)), 20),
                           "expected": "或".join(f"“{p}”" for p in posts)})


def spans(period: Period, months: int, report: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The quarters (months = 3) or half-years (6) of the period's work window that have begun
    by ``report``, each clipped to the window: (name, first day, last day)."""
    start, end = period.appraisal_window
    out = []
    year, month = start.year, 1 + (start.month - 1) // months * months
    while dt.date(year, month, 1) <= min(end, report):
        nxt = (year + (month + months > 12), (month + months - 1) % 12 + 1)
        last = dt.date(*nxt, 1) - dt.timedelta(days=1)
        at = (month - 1) // months
        name = f"{year}年第{_QUARTERS[at]}季度" if months == 3 else f"{year}年{_HALVES[at]}半年"
        if last >= start:
            out.append((name, max(start, dt.date(year, month, 1)), min(end, last)))
        year, month = nxt
    return out


def _frequency(ledgers: list[FoundLedger], rule: Frequency, period: Period, report: dt.date) -> Problem | None:
    date_label = ledgers[0].ledger.counts.date
    held = [x for x in ledgers if date_label in x.columns]
    if not held:
        return None
    days = {day for x in held for r in x.records if (day := ledger_day(r.value(date_label), period)) is not None}
    gaps = [(name, first, last) for name, first, last in spans(period, rule.months, report)
            if not any(first <= day <= last for day in days)]
    if not gaps:
        return None
    start, end = period.appraisal_window
    ledger = held[0]
    return Problem("ledger.appraisal-gap", sheet=ledger.sheet, cell=a1(ledger.header_row, ledger.columns[date_label]),
                   severity=rule.severity, template=rule.message,
                   params={"ledger": ledger.ledger.title, "every": rule.words, "n": len(gaps),
                           "gaps": "、".join(f"{name}({_md(first)}至{_md(last)})" for name, first, last in gaps),
                           "period": period.zh, "start": start.isoformat(), "end": end.isoformat()})


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _secretary(ledgers: list[FoundLedger], rule: Secretary, ts) -> Problem | None:
    held = [x for x in ledgers if rule.post in x.columns]
    if not held:
        return None  # no post column: the missing column is said for the ledger
    post_of = _post_of(held, rule.post, ts)
    records = [r for x in held for r in x.records]
    if any(post_of(r) in rule.posts for r in records):
        return None
    ledger = held[0]
    return Problem("ledger.no-secretary", sheet=ledger.sheet, cell=a1(ledger.header_row, ledger.columns[rule.post]),
                   severity=rule.severity, template=rule.message,
                   params={"ledger": ledger.ledger.title, "column": rule.post, "n": len(records),
                           "posts": "或".join(f"“{p}”" for p in rule.posts)})
