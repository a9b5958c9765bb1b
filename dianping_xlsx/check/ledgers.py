"""Checking a unit's ledgers (台账): each record, and the statistics tables against them.

Each record: required columns filled, dates readable and inside the period, list columns
holding one of their values. The appraisal ledger: a person appraised twice in a round counts
once (persons, not person-times: 提示), and per table category and round the distinct persons
it records against the figure the unit reported (above: an error; below: a warning). The
commitment ledger: the unit's own totals line must add up; commitments past their deadline
and not fulfilled are listed for follow-up; a fulfilment dated after the report is an error.
What the notices ask of the appraisals (level, frequency, every secretary), where the ledger set
writes it: ledger_rules.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from ..model import Period
from ..problems import Problem
from ..read.ledgers import FoundLedger, Record
from ..definitions import Key, Ledger, TableSet
from ..text import a1, clean_text, normalise, number_text
from .ledger_rules import check_rules, date_example, ledger_day



def check_ledgers(found: list[FoundLedger], ts: TableSet, period: Period | None, report: dt.date | None,
                  values=None, cells=None) -> list[Problem]:
    problems: list[Problem] = []
    others: dict[tuple[str, str], list[tuple]] = {}
    counted: dict[str, list[FoundLedger]] = {}  # ledger key -> its pieces (sheets) that can be counted
    for ledger in found:
        choices = {c.label: c.options(ts) for c in ledger.ledger.columns if c.kind == "choice"}
        problems += _missing_columns(ledger)
        for record in ledger.records:
            problems += _record(ledger, record, ts, period, choices, others)
        if ledger.countable:
            problems += _repeats(ledger, ts, period)
            counted.setdefault(ledger.ledger.key, []).append(ledger)
        if ledger.ledger.status is not None:
            problems += _commitments(ledger, report, period)
    if values is not None:  # a ledger kept on two sheets (一季度, 二季度) is one ledger
        for pieces in counted.values():
            problems += _against_tables(pieces, ts, period, values, cells or {})
    problems += check_rules(found, ts, period, report)  # what the notices ask of the appraisals
    return problems + [_others(rows) for rows in others.values()]


def _others(rows: list[tuple]) -> Problem:
    """Values outside a list open to free text: one note for the file and column, at the first."""
    ledger, row, col, said = rows[0]
    return _at(ledger, row, col, "ledger.other-value", n=len(rows), **said)


def _at(ledger: FoundLedger, record_row: int, col: int | None, code: str, **params) -> Problem:
    params.setdefault("ledger", ledger.ledger.title)
    params.setdefault("row", record_row + 1)
    return Problem(code, sheet=ledger.sheet, cell=a1(record_row, col or 0), params=params)


def _record(ledger: FoundLedger, record: Record, ts: TableSet, period: Period | None,
            choices: dict[str, dict[str, str]], others: dict[tuple[str, str], list[tuple]]) -> list[Problem]:
    """``choices``: each list column's options (Column.options, made once per ledger); ``others``
    gathers the values outside an open list, said once per column (check_ledgers)."""
    out = []
    for column in ledger.ledger.columns:
        raw = record.value(column.label)
        col = ledger.columns.get(column.label)
        if raw in ("", None):
            if column.required and col is not None:  # a column not found is said once, for the ledger
                out.append(_at(ledger, record.row, col, "ledger.missing-field", column=column.label))
            continue
        if column.kind == "date":
            day = ledger_day(raw, period)
            if day is None:
                out.append(_at(ledger, record.row, col, "ledger.bad-date", column=column.label,
                               text=clean_text(str(raw), 30),
                               example=date_example(str(raw), period)))
            elif period is not None and column.label not in _any_day(ledger) \
                    and not _window(ledger, column.label, period)[0] <= day <= _window(ledger, column.label, period)[1]:
                start, end = _window(ledger, column.label, period)
                out.append(_at(ledger, record.row, col, "ledger.date-outside", column=column.label,
                               date=day.isoformat(), period=period.zh, start=start.isoformat(), end=end.isoformat()))
        elif column.label in choices and column.option(normalise(str(raw)), choices[column.label]) is None:
            # a closed list: another value is a warning (where the column is counted, the record
            # cannot be); an open list (open = true) takes it, with one note for the column
            said = {"column": column.label, "text": clean_text(str(raw), 30),
                    "choices": "、".join(column.values(ts))[:200]}
            if column.open:
                others.setdefault((ledger.ledger.title, column.label), []).append((ledger, record.row, col, said))
            else:
                out.append(_at(ledger, record.row, col, "ledger.unknown-value", **said))
    return out


def _missing_columns(ledger: FoundLedger) -> list[Problem]:
    """A required column found under none of its headings: one finding for the ledger (not one
    per record), naming what was looked for and what it costs."""
    out = []
    counts = ledger.ledger.counts
    counted = set(counts.named()[:4]) if counts is not None else set()
    for column in ledger.ledger.columns:
        if column.required and column.label not in ledger.columns:
            cost = "这本台账无法与统计表对照,也不计入点评人数。" if column.label in counted else ""
            out.append(Problem("ledger.missing-column", sheet=ledger.sheet, cell=a1(ledger.header_row, 0),
                               params={"ledger": ledger.ledger.title, "column": column.label,
                                       "looked": "、".join(f"“{h}”" for h in column.headings), "cost": cost}))
    return out


def _window(ledger: FoundLedger, label: str, period: Period) -> tuple[dt.date, dt.date]:
    """The days a date column may hold: the appraisal date, the rounds this period reports on;
    any other date, the period's reporting window."""
    counts = ledger.ledger.counts
    return period.appraisal_window if counts is not None and label == counts.date else period.window


def _any_day(ledger: FoundLedger) -> tuple[str, ...]:
    """Date columns that may lie outside the period: a commitment made last year, or due next."""
    status = ledger.ledger.status
    return (status.deadline, status.start) if status is not None else ()


def _appraised(ledger: FoundLedger, ts: TableSet, period: Period | None):
    """(table, metric, category, round) -> {person: [rows]} from the appraisal records (made once
    per ledger: the repeats, the tables and the counts kept for merge all use it)."""
    if "appraised" not in ledger.memo:
        ledger.memo["appraised"], ledger.memo["undated"] = _count_appraised(ledger, ts, period)
    return ledger.memo["appraised"]


def _undated(ledger: FoundLedger, ts: TableSet, period: Period | None) -> dict[tuple, list[tuple[str, int]]]:
    """(table, metric, category) -> [(person, row)]: the records that would count there but whose
    date is blank or cannot be read, so that they count in no round."""
    _appraised(ledger, ts, period)
    return ledger.memo["undated"]


def counted_round(ts: TableSet, period: Period | None, day: dt.date) -> str:
    """The round an appraisal made on ``day`` counts in; "" outside the rounds this period
    reports on (a record of last December in a June report counts in none)."""
    if period is not None and not period.appraisal_window[0] <= day <= period.appraisal_window[1]:
        return ""
    return ts.round_on(day)


def _count_appraised(ledger: FoundLedger, ts: TableSet, period: Period | None):
    counts = ledger.ledger.counts
    rule_of = {normalise(k): rule for rule in counts.by_kind for k in rule.kinds}
    categories = {normalise(c): c for c in ts.all_categories}
    seen: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    undated: dict[tuple, list[tuple[str, int]]] = {}
    for record in ledger.records:
        rule = rule_of.get(normalise(str(record.value(counts.kind))))
        category = categories.get(normalise(str(record.value(counts.category))))
        day = ledger_day(record.value(counts.date), period)
        person = normalise(str(record.value(counts.person)))
        rnd = counted_round(ts, period, day) if day is not None else ""
        if rule is not None and category is not None and person and day is None:
            undated.setdefault((rule.table, rule.metric, category), []).append((person, record.row + 1))
        if rule is None or category is None or not rnd or not person:
            continue  # the record's own problems say what is missing, or that it lies outside
        seen[(rule.table, rule.metric, category, rnd)][person].append(record.row + 1)
    return seen, undated


def _repeats(ledger: FoundLedger, ts: TableSet, period: Period | None) -> list[Problem]:
    out = []
    for (table, metric, category, rnd), persons in _appraised(ledger, ts, period).items():
        for person, rows in persons.items():
            if len(rows) > 1:
                out.append(_at(ledger, rows[1] - 1, ledger.columns.get(ledger.ledger.counts.person),
                               "ledger.repeat-person", person=person, round=rnd, n=len(rows),
                               rows="、".join(map(str, rows))))
    return out


def as_text(found: FoundLedger, period: Period | None = None) -> list[tuple[str, ...]]:
    """The records as text in the ledger's column order (dates as 2011-06-20), for the merged
    ledger and its summaries: what the parent keeps of a unit's ledger."""
    columns = [(c.label, c.kind == "date") for c in found.ledger.columns]
    out = []
    for record in found.records:
        cells = record.cells
        row = []
        for label, is_date in columns:
            cell = cells.get(label)
            raw = cell[1] if cell is not None else ""
            if raw == "" or raw is None:
                row.append("")
                continue
            day = ledger_day(raw, period) if is_date else None
            if day is not None:
                row.append(day.isoformat())
            elif isinstance(raw, float):
                row.append(number_text(raw))  # as the cell shows it
            else:
                row.append(clean_text(str(raw), 500))
        out.append(tuple(row))
    return out


def record_identity(ledger: Ledger):
    """A function: a record as text (as_text) -> what makes it the same record in another file
    of the ledger, whatever a later copy updates or fills in (兑现情况 now 已兑现, 整改措施 added):
    for an appraisal who was appraised, when, as what and in which category (its counts); for a
    commitment who promised what (its status: subject, item); for another ledger, or a record
    with one of these blank, the whole record but its numbering (序号: a copy may number them anew)."""
    at = {label: i for i, label in enumerate(ledger.labels)}
    labels = []
    if ledger.counts is not None:
        labels += [ledger.counts.person, ledger.counts.date, ledger.counts.kind, ledger.counts.category]
    if ledger.status is not None:
        labels += [ledger.status.subject, ledger.status.item]
    named = [at[label] for label in labels if label in at]
    whole = [i for i, c in enumerate(ledger.columns) if c.kind != "number"]

    def identity(row: tuple[str, ...]) -> tuple:
        key = tuple(normalise(row[i]) for i in named)
        return key if named and all(key) else ("", *(row[i] for i in whole))
    return identity


def ledger_persons(found: list[FoundLedger], ts: TableSet, period: Period | None) -> dict[tuple, frozenset[str]]:
    """(table, metric, category, round) -> the distinct persons or organisations appraised, over
    every appraisal ledger found: what the unit's tables should report (kept for merge, which
    compares them with the unit's tables when the ledger came in files of its own, counting each
    person once over all of them)."""
    persons: dict[tuple, set] = {}
    for ledger in found:
        if ledger.countable:
            for key, seen in _appraised(ledger, ts, period).items():
                persons.setdefault(key, set()).update(seen)
    return {key: frozenset(seen) for key, seen in persons.items()}


def ledger_repeats(found: list[FoundLedger], ts: TableSet, period: Period | None) -> dict[tuple, tuple]:
    """(table, metric, category, round) -> ((person, records), ...): the persons or organisations
    recorded more than once over every appraisal ledger found, counted once (a name two people
    share among them): what the message of a table above its ledger names (against_tables)."""
    times: dict[tuple, dict[str, int]] = {}
    for ledger in found:
        if ledger.countable:
            for key, seen in _appraised(ledger, ts, period).items():
                into = times.setdefault(key, {})
                for person, rows in seen.items():
                    into[person] = into.get(person, 0) + len(rows)
    return repeated_only(times)


def repeated_only(times: dict[tuple, dict[str, int]]) -> dict[tuple, tuple]:
    """Of each key's persons and their records, those of more than one, by name."""
    out = {key: tuple(sorted((p, n) for p, n in seen.items() if n > 1)) for key, seen in times.items()}
    return {key: seen for key, seen in out.items() if seen}


REPEATED_NAMED = 3  # persons named in a table's message; the rest counted


def repeated_words(repeated: tuple) -> str:
    """Why the ledger counts fewer than its records: the names met more than once, each counted
    once, and how to write two people of one name apart."""
    if not repeated:
        return ""
    named = "、".join(f"“{p}”有 {n} 条记录" for p, n in repeated[:REPEATED_NAMED])
    more = f"(共 {len(repeated)} 个名字)" if len(repeated) > REPEATED_NAMED else ""
    each = "各" if len(repeated) > 1 else ""
    return (f"其中{named}{more},{each}按 1 人计;如果是同名的不同人,请在台账中注明区别,"
            f"如“{repeated[0][0]}(西村)”(括号中写所在支部或单位),就分别计数。")


def ledger_undated(found: list[FoundLedger], ts: TableSet, period: Period | None,
                   where: str = "") -> dict[tuple, tuple[tuple[str, str, int], ...]]:
    """(table, metric, category) -> ((person, file or sheet, row), ...): the appraisal records
    counted in no round for their date (blank or not read), over every appraisal ledger found.
    ``where``: the file the ledgers are in, named before the row when they are apart from the tables."""
    out: dict[tuple, list[tuple[str, str]]] = {}
    for ledger in found:
        if ledger.countable:
            for key, records in _undated(ledger, ts, period).items():
                place = where or f"“{ledger.sheet}”"
                out.setdefault(key, []).extend((person, place, row) for person, row in records)
    return {key: tuple(records) for key, records in out.items()}


def _against_tables(pieces: list[FoundLedger], ts: TableSet, period: Period | None, values, cells) -> list[Problem]:
    """The tables against the pieces of one ledger together, each person counted once over all."""
    return against_tables(pieces[0].ledger, ledger_persons(pieces, ts, period), ts, values, cells,
                          ledger_repeats(pieces, ts, period), ledger_undated(pieces, ts, period))


UNDATED_NAMED = 3  # rows named in a table's message of records without a readable date


def undated_words(undated: tuple[tuple[str, str, int], ...], column: str) -> str:
    """Why the ledger counts fewer than its records: records whose date was not read count in no round."""
    if not undated:
        return ""
    rows: dict[str, list[str]] = {}
    for _, place, row in undated[:UNDATED_NAMED]:
        rows.setdefault(place, []).append(str(row))
    named = "、".join(f"{place}第 {'、'.join(n)} 行" for place, n in rows.items())
    return (f"另有 {len(undated)} 条记录的“{column}”未填或无法识别({'如' if len(undated) > UNDATED_NAMED else ''}"
            f"{named}),没有计入任何一轮:请按 年-月-日 的写法填好这些日期。")


def _shortfall_explained(undated, persons, reported: int, have: int) -> bool:
    """The records without a readable date name enough persons not counted yet to make up the
    difference: then names shared by two people cannot be why, and are not said."""
    return len({record[0] for record in undated} - set(persons)) >= reported - have


def against_tables(ledger, persons: dict[tuple, frozenset[str] | set[str]], ts: TableSet, values, cells,
                   repeats: dict[tuple, tuple] | None = None,
                   undated: dict[tuple, tuple] | None = None) -> list[Problem]:
    """Per category and round, the table's figure against the distinct ``persons`` in the ledger;
    said where the table is above the ledger: ``undated`` (ledger_undated), the records counted in
    no round for their date, and ``repeats`` (ledger_repeats), the names counted once though
    recorded more often (only where the undated records cannot make up the difference)."""
    counted = {key: len(seen) for key, seen in persons.items()}
    out = []
    for rule in ledger.counts.by_kind:
        table = ts.table(rule.table)
        row = table.row(rule.metric)
        for category in table.categories:
            for rnd in row.rounds or ("",):
                key = Key(rule.table, category, rule.metric, rnd)
                reported = values.get(key)
                have = counted.get((rule.table, rule.metric, category, rnd), 0)
                if reported is None or reported == have:
                    continue
                cell = cells.get(key)
                code = "ledger.above" if reported > have else "ledger.below"
                level = ledger.counts.above if code == "ledger.above" else ""
                repeated = (repeats or {}).get((rule.table, rule.metric, category, rnd), ())
                lost = (undated or {}).get((rule.table, rule.metric, category), ())
                if _shortfall_explained(lost, persons.get((rule.table, rule.metric, category, rnd), ()),
                                        reported, have):
                    repeated = ()
                out.append(Problem(code, sheet=cell.sheet if cell else "", cell=cell.ref if cell else "",
                                   severity=level,
                                   target=key, params={"table": rule.table, "category": category,
                                                       "metric": rule.metric, "round": rnd or "—",
                                                       "reported": reported, "counted": have,
                                                       "ledger": ledger.title,
                                                       "undated": undated_words(lost, ledger.counts.date),
                                                       "repeated": repeated_words(repeated)}))
    return out


_NUMBER_AFTER = r"{word}\D{{0,4}}?(\d+)"
_SUBPART = re.compile(r"\([^()]*\)|其中[^,;。()]*")  # (其中推进中1条), 其中推进中1条: up to the next clause


def _without_subparts(line: str, choices) -> str:
    """A totals line without the parts of a part (未兑现2条(其中推进中1条): 推进中 is of the 2, not
    beside it): a bracket, or a 其中 clause, that comes after a part is taken out; a 其中 after the
    total alone (共承诺4条,其中已兑现2条) leads the parts and stays."""
    parts = [re.escape(normalise(c)) for c in choices]
    before = re.compile("(" + "|".join(parts) + r")\D{0,2}?\d+") if parts else None

    def drop(m: re.Match) -> str:
        return "" if before is not None and before.search(line, 0, m.start()) else m[0]
    return _SUBPART.sub(drop, line)


def _commitments(ledger: FoundLedger, filled: dt.date | None, period: Period | None) -> list[Problem]:
    """``filled``: the file's 填报时间, the day its statuses are as of: 逾期 is a deadline before it
    (merge/ledgers.py counts 逾期未兑现 the same way); without it, the period's due date."""
    status = ledger.ledger.status
    report = filled or (period.due if period else None)
    as_of = f"{'填报时间' if filled else '报送截止日期'} {report.isoformat()}" if report else ""
    out = []
    states = [normalise(str(r.value(status.column))) for r in ledger.records]
    done = normalise(status.done)
    for record, state in zip(ledger.records, states):
        deadline = ledger_day(record.value(status.deadline), period)
        fulfilled = ledger_day(record.value(status.fulfilled), period)
        if report and deadline and deadline < report and state != done:
            out.append(_at(ledger, record.row, ledger.columns.get(status.deadline), "ledger.overdue",
                           who=clean_text(str(record.value(status.subject)), 20),
                           item=clean_text(str(record.value(status.item)), 30), deadline=deadline.isoformat(),
                           as_of=as_of, status_column=status.column, word=status.verb,
                           status=clean_text(str(record.value(status.column)), 10) or "未填"))
        if report and fulfilled and fulfilled > report:
            out.append(_at(ledger, record.row, ledger.columns.get(status.fulfilled), "ledger.fulfilled-after",
                           column=status.fulfilled, date=fulfilled.isoformat(), report=report.isoformat()))
        started = ledger_day(record.value(status.start), period) if status.start else None
        if fulfilled and started and fulfilled < started:
            out.append(_at(ledger, record.row, ledger.columns.get(status.fulfilled), "ledger.fulfilled-before-start",
                           column=status.fulfilled, start_column=status.start, word=status.verb,
                           date=fulfilled.isoformat(), start=started.isoformat()))
    out += _totals(ledger, states)
    return out


def _totals(ledger: FoundLedger, states: list[str]) -> list[Problem]:
    """A totals line typed by the unit (共承诺80条,已兑现55条,未兑现15条) must add up."""
    status = ledger.ledger.status
    choices = next(c.choices for c in ledger.ledger.columns if c.label == status.column)
    out = []
    for row, col, text in ledger.notes:
        line = _without_subparts(normalise(text), choices)
        total = next((int(m[1]) for w in status.total_words
                      if (m := re.search(_NUMBER_AFTER.format(word=re.escape(w)), line))), None)
        parts = {c: int(m[1]) for c in choices if (m := re.search(re.escape(normalise(c)) + r"\D{0,2}?(\d+)", line))}
        if total is None or normalise(status.done) not in {normalise(c) for c in parts}:
            continue
        if sum(parts.values()) != total:
            out.append(Problem("ledger.totals", sheet=ledger.sheet, cell=a1(row, col),
                               params={"ledger": ledger.ledger.title, "total": total,
                                       "parts": "、".join(f"{c} {n}" for c, n in parts.items()),
                                       "sum": sum(parts.values())}))
    return out
