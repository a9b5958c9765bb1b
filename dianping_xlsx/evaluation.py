"""Mass evaluation (群众评议): item sets as data, reading tallies and filled forms.

Item sets live in ``evalsets/*.toml`` (the 2011 Hunan forms, a 2012 justice
bureau variant...). A unit reports its evaluations either as a tally sheet
(评议汇总: per organisation or member, the count of each option per item) or
as the filled forms themselves (附件4: one organisation per form; 附件5: one
row per member), whose ticks are counted here. An empty row, two ticks in a
row or a mark that is not a tick is a problem at that cell.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from .cells import a1, clean_text, normalise, parse_count
from .definitions import TableSetError, read_data_file
from .problems import Problem

DEFAULT_ITEMS = "hunan-2011"
TICKS = {"√", "✓", "✔", "☑", "v", "V", "1", "是"}
NOT_TICKS = {"", "×", "x", "X", "✗", "✘", "0", "否", "/", "-"}
FORMS_COUNT = "评议表份数"
CATEGORY = "类别"
TALLY_MARK = "评议汇总"


@dataclass(frozen=True)
class Form:
    key: str  # 附件4 / 附件5
    title: str
    name_label: str
    date_label: str
    items: tuple[str, ...]
    object_label: str
    opinion_title: str = ""
    opinion_columns: tuple[str, ...] = ()
    rows: int = 1  # member rows on one printed form (附件5)


@dataclass(frozen=True)
class EvalSet:
    id: str
    name: str
    options: tuple[str, ...]
    satisfied: tuple[str, ...]
    unsatisfied: str
    tick_note: str
    tally_title: str
    org: Form
    member: Form

    @property
    def forms(self) -> tuple[Form, Form]:
        return (self.org, self.member)

    def form(self, key: str) -> Form:
        return next(f for f in self.forms if f.key == key)


def load_item_set(name_or_path: str = DEFAULT_ITEMS) -> EvalSet:
    """Load an item set by its id (a file shipped in evalsets/) or a path."""
    text, _ = read_data_file("evalsets", name_or_path, "评议表定义")
    try:
        d = tomllib.loads(text)

        def form(f, rows=1):
            return Form(f["key"], f["title"], f["name_label"], f["date_label"], tuple(f["items"]),
                        f["object_label"], f.get("opinion_title", ""), tuple(f.get("opinion_columns", ())),
                        int(f.get("rows", rows)))

        es = EvalSet(d["id"], d["name"], tuple(d["options"]), tuple(d["satisfied"]), d["unsatisfied"],
                     d["tick_note"], d["tally_title"], form(d["org"]), form(d["member"]))
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise TableSetError(f"评议表定义 {name_or_path} 有误:{exc}") from exc
    if set(es.satisfied) - set(es.options) or es.unsatisfied not in es.options:
        raise TableSetError(f"评议表定义 {name_or_path}:satisfied / unsatisfied 必须是 options 之一")
    return es


# -- what a unit's evaluations look like once read -----------------------------


@dataclass
class Tally:
    """The evaluations of one organisation or member: forms counted, ticks per item and option."""

    form: str  # 附件4 / 附件5
    object: str
    category: str
    forms: int
    counts: dict[str, list[int]]  # item -> count per option, in the option order

    def add(self, other: "Tally") -> None:
        self.forms += other.forms
        for item, counts in other.counts.items():
            mine = self.counts.setdefault(item, [0] * len(counts))
            for i, n in enumerate(counts):
                mine[i] += n


def parse_mark(raw) -> str | None:
    """"tick", "blank", or None for a mark that is neither."""
    if raw is None or raw == "":
        return "blank"
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return "tick" if raw == 1 else ("blank" if raw == 0 else None)
    text = "".join(str(raw).split())
    if text in TICKS:
        return "tick"
    if text in NOT_TICKS:
        return "blank"
    return None


class EvalReader:
    """Finds tallies and filled forms in a workbook's grids."""

    def __init__(self, es: EvalSet):
        self.es = es
        self.options = [normalise(o) for o in es.options]
        self.org_title = normalise(es.org.title)

    def read(self, grids) -> tuple[list[Tally], list[Problem]]:
        tallies: list[Tally] = []
        problems: list[Problem] = []
        for grid in grids:
            norm = grid.norm
            for form in self.es.forms:
                label = normalise(form.object_label)
                for r, row in enumerate(norm):
                    for c, text in enumerate(row):
                        if text != label:
                            continue
                        if FORMS_COUNT in row[c:]:
                            self._tally(grid, norm, form, r, c, tallies, problems)
                        elif form is self.es.member and self._above(norm, r, form):
                            self._member_form(grid, norm, form, r, c, tallies, problems)
            for r, row in enumerate(norm):
                if self.org_title in row:
                    self._org_form(grid, norm, r, tallies, problems)
        return tallies, problems

    def _above(self, norm, r, form) -> bool:
        title = normalise(form.title)
        return any(title in row for row in norm[max(0, r - 6):r])

    # -- header helpers -----------------------------------------------------

    def _option_columns(self, norm, header_row, sub_row, items) -> dict[str, list[int]]:
        """item -> the columns of its options, from an item header row and an options row."""
        columns = {}
        row = norm[header_row]
        for item in items:
            target = normalise(item)
            if target not in row:
                continue
            c = row.index(target)
            cols = []
            for option in self.options:
                found = next((cc for cc in range(c, min(c + 2 * len(self.options), len(norm[sub_row])))
                              if norm[sub_row][cc] == option and cc not in cols), None)
                cols.append(found)
            if None not in cols:
                columns[item] = cols
        return columns

    def _name(self, grid, norm, form, r0) -> str:
        label = normalise(form.name_label).rstrip(":")
        for r in range(max(0, r0 - 6), r0):
            for c, text in enumerate(norm[r]):
                if text.startswith(label):
                    rest = str(grid.rows[r][c]).replace(":", ":").split(":", 1)
                    if len(rest) == 2 and rest[1].strip():
                        return clean_text(rest[1])
                    for cc in range(c + 1, len(norm[r])):
                        if grid.rows[r][cc] not in ("", None):
                            return clean_text(str(grid.rows[r][cc]))
        return ""

    # -- the three shapes -----------------------------------------------------

    def _tally(self, grid, norm, form, r, c, tallies, problems) -> None:
        row = norm[r]
        forms_col = row.index(FORMS_COUNT, c)
        cat_col = row.index(CATEGORY, c) if CATEGORY in row[c:forms_col] else None
        columns = self._option_columns(norm, r, r + 1, form.items) if r + 1 < len(norm) else {}
        for item in form.items:
            if item not in columns:
                problems.append(Problem("eval.item-missing", sheet=grid.name, cell=a1(r, c),
                                        params={"form": form.key, "item": item}))
        for rr in range(r + 2, len(grid.rows)):
            raw_row = grid.rows[rr]
            name = clean_text(str(raw_row[c])) if c < len(raw_row) and raw_row[c] not in ("", None) else ""
            numbers = [raw_row[cc] for cols in columns.values() for cc in cols if cc < len(raw_row)]
            if not name and all(v in ("", None) for v in numbers + [raw_row[forms_col] if forms_col < len(raw_row) else ""]):
                break
            tally = Tally(form.key, name or f"(第{rr + 1}行)", "", 0, {})
            if cat_col is not None and cat_col < len(raw_row) and raw_row[cat_col] not in ("", None):
                tally.category = clean_text(str(raw_row[cat_col]))
            ok = True
            parsed = self._count(grid, rr, forms_col, problems)
            ok &= parsed is not None
            tally.forms = parsed or 0
            for item, cols in columns.items():
                counts = [self._count(grid, rr, cc, problems) for cc in cols]
                if None in counts:
                    ok = False
                    continue
                tally.counts[item] = counts
                if ok and sum(counts) != tally.forms:
                    problems.append(Problem("eval.tally-mismatch", sheet=grid.name, cell=a1(rr, cols[0]),
                                            params={"object": tally.object, "item": item,
                                                    "sum": sum(counts), "forms": tally.forms}))
            if ok:
                tallies.append(tally)

    def _count(self, grid, r, c, problems) -> int | None:
        raw = grid.rows[r][c] if c < len(grid.rows[r]) else ""
        parsed = parse_count(raw)
        if parsed.code and parsed.code != "value.text-number":
            problems.append(Problem(parsed.code, sheet=grid.name, cell=a1(r, c),
                                    params={"text": clean_text(parsed.text, 30), "value": parsed.value,
                                            "label": "评议汇总中的份数"}))
            return None
        return parsed.value

    def _org_form(self, grid, norm, r0, tallies, problems) -> None:
        form = self.es.org
        name = self._name(grid, norm, form, r0 + 3) or grid.name
        header = next((r for r in range(r0 + 1, min(len(norm), r0 + 8))
                       if all(o in norm[r] for o in self.options)), None)
        if header is None:
            return
        option_cols = [norm[header].index(o) for o in self.options]
        tally = Tally(form.key, name, "", 1, {})
        for item in form.items:
            target = normalise(item)
            r = next((rr for rr in range(header + 1, min(len(norm), header + 3 + len(form.items)))
                      if any(target == t for t in norm[rr][:option_cols[0]])), None)
            if r is None:
                problems.append(Problem("eval.item-missing", sheet=grid.name, cell=a1(header, 0),
                                        params={"form": form.key, "item": item}))
                continue
            counts = self._ticks(grid, r, option_cols, name, item, problems)
            if counts is not None:
                tally.counts[item] = counts
        if len(tally.counts) == len(form.items):
            tallies.append(tally)

    def _member_form(self, grid, norm, form, r, c, tallies, problems) -> None:
        columns = self._option_columns(norm, r, r + 1, form.items) if r + 1 < len(norm) else {}
        if len(columns) != len(form.items):
            for item in form.items:
                if item not in columns:
                    problems.append(Problem("eval.item-missing", sheet=grid.name, cell=a1(r, c),
                                            params={"form": form.key, "item": item}))
            return
        branch = self._name(grid, norm, form, r)
        for rr in range(r + 2, len(grid.rows)):
            raw_row = grid.rows[rr]
            name = clean_text(str(raw_row[c])) if c < len(raw_row) and raw_row[c] not in ("", None) else ""
            marks = [raw_row[cc] if cc < len(raw_row) else "" for cols in columns.values() for cc in cols]
            if normalise(name).startswith("注"):
                break
            if not name and all(parse_mark(m) == "blank" for m in marks):
                continue  # an unused printed row
            tally = Tally(form.key, name or f"(第{rr + 1}行)", branch, 1, {})
            for item, cols in columns.items():
                counts = self._ticks(grid, rr, cols, tally.object, item, problems)
                if counts is not None:
                    tally.counts[item] = counts
            if len(tally.counts) == len(form.items):
                tallies.append(tally)

    def _ticks(self, grid, r, cols, obj, item, problems) -> list[int] | None:
        """One tick among the option cells of a row: its counts, or None and a problem."""
        marks = [parse_mark(grid.rows[r][c] if c < len(grid.rows[r]) else "") for c in cols]
        for c, mark in zip(cols, marks):
            if mark is None:
                problems.append(Problem("eval.bad-mark", sheet=grid.name, cell=a1(r, c),
                                        params={"text": clean_text(str(grid.rows[r][c]), 20),
                                                "object": obj, "item": item}))
                return None
        ticks = [i for i, m in enumerate(marks) if m == "tick"]
        if len(ticks) != 1:
            code = "eval.no-tick" if not ticks else "eval.two-ticks"
            cell = cols[0] if not ticks else cols[ticks[1]]
            problems.append(Problem(code, sheet=grid.name, cell=a1(r, cell),
                                    params={"object": obj, "item": item, "n": len(ticks)}))
            return None
        return [1 if i == ticks[0] else 0 for i in range(len(cols))]
