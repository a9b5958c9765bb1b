"""Reading mass evaluations (群众评议): tallies and filled forms, as an item set describes them.

A unit reports its evaluations either as a tally sheet (per organisation or member, the
count of each option per item) or as the filled forms themselves (附件4: one organisation
per form; 附件5: one row per member), whose ticks are counted here. An empty row, two
ticks in a row or a mark that is neither a tick nor blank is a problem at that cell.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import TALLY_SOURCE, Cell, Tally
from ..problems import Problem
from ..definitions import ItemSet
from ..text import a1, as_shown, clean_text, label_word, normalise, parse_count


def parse_mark(raw, items: ItemSet) -> str | None:
    """"tick", "blank", or None for a mark that is neither (the marks come from the item set)."""
    if raw is None or raw == "":
        return "blank"
    if isinstance(raw, bool):  # a TRUE / FALSE cell (a checkbox's cell): 是 / 否, as the item set reads them
        raw = "是" if raw else "否"
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = as_shown(raw)  # a mark as the cell shows it
        if raw == int(raw):
            raw = str(int(raw))  # 1 and 1.0 as typed, compared with the item set's marks
        else:
            return None
    text = "".join(str(raw).split())
    if text in items.ticks:
        return "tick"
    if text in items.blanks:
        return "blank"
    return None


# the number people put before an item: 1. 1、 (1) 一、 (一)
_NUMBERING = re.compile(r"(\(?\d{1,2}[).、,:]|\(\d{1,2}\)|\(?[一二三四五六七八九十]{1,3}[)、.])")


def unnumbered(text: str) -> str:
    """A normalised item label without the number typed before it."""
    m = _NUMBERING.match(text)
    return text[m.end():] if m and m.end() < len(text) else text


# what people type between a label and its value: a colon (half- or full-width, ∶ ︰), a dash, spaces
_SEPARATORS = ":∶︰-—_ \t\u3000"


def after_label(text: str, label: str) -> str:
    """What a cell that starts with ``label`` (normalised, no colon) holds after it and after the
    separators typed between (党组织名称:X, 党组织名称：X, 党组织名称 X, 党组织名称——X); "" when nothing."""
    text = unicodedata.normalize("NFKC", text)
    seen = 0
    for i, ch in enumerate(text):
        if seen == len(label):
            return text[i:].strip(_SEPARATORS).strip()
        if not ch.isspace():
            seen += 1
    return ""


def shown(raw) -> str:
    """A mark as the clerk sees it in the message: TRUE / FALSE as Excel shows them, with 是 / 否."""
    if isinstance(raw, bool):
        return "TRUE(是)" if raw else "FALSE(否)"
    return clean_text(str(raw), 20)


class EvalReader:
    """Finds tallies and filled forms in a workbook's grids."""

    def __init__(self, es: ItemSet):
        self.es = es
        self.forms_count = normalise(es.forms_count)
        self.category = normalise(es.category)
        self.options = [normalise(o) for o in es.options]
        self.org_title = normalise(es.org.title)
        # what a sheet must hold somewhere for read to find anything in it (a form's 名称 label,
        # or the organisations' form title): most sheets of a batch hold neither
        self.signs = {normalise(form.object_label) for form in es.forms} | {self.org_title}
        keys = "|".join(re.escape(normalise(form.key)) for form in es.forms)
        self.title_prefix = re.compile(rf"({keys})?[:、.,\-—]*(\d{{4}}年.{{0,4}}?)?")

    def read(self, grids) -> tuple[list[Tally], list[Problem]]:
        tallies: list[Tally] = []
        problems: list[Problem] = []
        for grid in grids:
            if self.signs.isdisjoint(grid.word_set) and not any(self.org_title in w for w in grid.word_set):
                continue
            norm = grid.norm
            for form in self.es.forms:
                label = normalise(form.object_label)
                for r, row in enumerate(norm):
                    for c, text in enumerate(row):
                        if text != label:
                            continue
                        if self.forms_count in row[c:]:
                            self._tally(grid, norm, form, r, c, tallies, problems)
                        elif form is self.es.member and self._above(norm, r, form):
                            self._member_form(grid, norm, form, r, c, tallies, problems)
            for r, row in enumerate(norm):
                if any(self._titled(text, self.org_title) for text in row) and not self._tally_below(norm, r):
                    self._org_form(grid, norm, r, tallies, problems)
        return tallies, problems

    def unread(self, grids, all_tables: str) -> list[Problem]:
        """A workbook with no statistics table and nothing read as a form or tally, that holds a
        form's or the tally's words (a title, three items): what was looked for, said at the first."""
        marks = [normalise(t) for t in (self.es.tally_title, *(f.title for f in self.es.forms))]
        items = {normalise(i) for f in self.es.forms for i in f.items}
        first, found = None, set()
        for grid in grids:
            for r, row in enumerate(grid.norm):
                for c, text in enumerate(row):
                    if text and (any(m in text for m in marks) or unnumbered(text) in items):
                        first = first or (grid.name, a1(r, c))
                        found.add(text if unnumbered(text) not in items else unnumbered(text))
        if first is None or (len(found & items) < 3 and not any(m in t for t in found for m in marks)):
            return []
        titles = "、".join(f"{f.key}“{f.title}”" for f in self.es.forms)
        return [Problem("eval.unread", sheet=first[0], cell=first[1],
                        params={"all_tables": all_tables, "titles": titles, "tally": self.es.tally_title,
                                "forms_count": self.es.forms_count})]

    def _above(self, norm, r, form) -> bool:
        title = normalise(form.title)
        return any(self._titled(text, title) for row in norm[max(0, r - 6):r] for text in row)

    def _titled(self, text: str, title: str) -> bool:
        """A form's title as people type it: itself, or after the form's 附件 number and a year
        (附件4:基层党组织…评议表, 2011年基层党组织…评议表)."""
        return text.endswith(title) and (len(text) == len(title) or
                                         self.title_prefix.fullmatch(text[:-len(title)]) is not None)

    def _tally_below(self, norm, r) -> bool:
        """A title above a tally's header (a hand-made 评议汇总 headed with the form's title)."""
        return any(self.forms_count in row for row in norm[r + 1:r + 4])

    # -- header helpers -----------------------------------------------------

    def _option_columns(self, norm, header_row, sub_row, items) -> dict[str, list[int]]:
        """item -> the columns of its options, from an item header row and an options row."""
        columns = {}
        row = [unnumbered(text) for text in norm[header_row]]
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

    def _name(self, grid, norm, form, r0) -> tuple[str, Cell | None]:
        """The form's own name line (党组织名称 / 所在党支部名称) above row ``r0``: its value
        ("" when blank) and the label's cell (None when the form has no such line)."""
        label = normalise(form.name_label).rstrip(":")
        for r in range(max(0, r0 - 6), r0):
            for c, text in enumerate(norm[r]):
                if not text.startswith(label):
                    continue
                where = Cell(grid.name, r, c, grid.rows[r][c])
                rest = after_label(str(grid.rows[r][c]), label)
                if rest:
                    return clean_text(rest), where
                for cc in range(c + 1, len(norm[r])):
                    if ":" in norm[r][cc]:
                        break  # the next label (时间: 年 月 日): the name was left blank
                    if grid.rows[r][cc] not in ("", None):
                        return clean_text(str(grid.rows[r][cc])), where
                return "", where
        return "", None

    # -- the three shapes -----------------------------------------------------

    def _tally(self, grid, norm, form, r, c, tallies, problems) -> None:
        row = norm[r]
        forms_col = row.index(self.forms_count, c)
        cat_col = row.index(self.category, c) if self.category in row[c:forms_col] else None
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
            if not name:
                problems.append(self._nameless(grid, rr, c, form, self.es.tally_title, "填了数字"))
                continue
            tally = Tally(form.key, name, "", 0, {}, TALLY_SOURCE, grid.name,
                          {"": (a1(rr, c), a1(rr, forms_col)), **{item: tuple(a1(rr, cc) for cc in cols)
                                                        for item, cols in columns.items()}})
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
        name, where = self._name(grid, norm, form, r0 + 3)
        if where is not None and not name:
            problems.append(Problem("eval.no-name", sheet=grid.name, cell=where.ref,
                                    params={"form": form.key, "label": label_word(form.name_label)}))
            return
        name = name or grid.name
        header = next((r for r in range(r0 + 1, min(len(norm), r0 + 8))
                       if all(o in norm[r] for o in self.options)), None)
        if header is None:
            return
        option_cols = [norm[header].index(o) for o in self.options]
        tally = Tally(form.key, name, "", 1, {}, sheet=grid.name, form_id=f"{grid.name}!{a1(r0, 0)}")
        for item in form.items:
            target = normalise(item)
            r = next((rr for rr in range(header + 1, min(len(norm), header + 3 + len(form.items)))
                      if any(target == unnumbered(t) for t in norm[rr][:option_cols[0]])), None)
            if r is None:
                problems.append(Problem("eval.item-missing", sheet=grid.name, cell=a1(header, 0),
                                        params={"form": form.key, "item": item}))
                continue
            if self._stray(grid, r, option_cols[-1] + 1, name, item, problems):
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
        branch, _ = self._name(grid, norm, form, r)
        for rr in range(r + 2, len(grid.rows)):
            raw_row = grid.rows[rr]
            name = clean_text(str(raw_row[c])) if c < len(raw_row) and raw_row[c] not in ("", None) else ""
            marks = [raw_row[cc] if cc < len(raw_row) else "" for cols in columns.values() for cc in cols]
            if normalise(name).startswith("注"):
                break
            if not name and all(parse_mark(m, self.es) == "blank" for m in marks):
                continue  # an unused printed row
            if not name:
                problems.append(self._nameless(grid, rr, c, form, f"{form.key}评议表", "打了“√”"))
                continue
            tally = Tally(form.key, name, "", 1, {}, sheet=grid.name, form_id=f"{grid.name}!{a1(r, c)}",
                          branch=branch)
            for item, cols in columns.items():
                counts = self._ticks(grid, rr, cols, tally.object, item, problems)
                if counts is not None:
                    tally.counts[item] = counts
            if len(tally.counts) == len(form.items):
                tallies.append(tally)

    def _stray(self, grid, r, start, obj, item, problems) -> bool:
        """A mark right of the last option (beside 不满意, in 意见和建议): said at its cell, the row
        not counted (which option was meant is not known)."""
        row = grid.rows[r]
        c = next((c for c in range(start, len(row)) if row[c] not in ("", None) and parse_mark(row[c], self.es) == "tick"), None)
        if c is not None:
            problems.append(Problem("eval.stray-mark", sheet=grid.name, cell=a1(r, c),
                                    params={"text": shown(row[c]), "object": obj, "item": item,
                                            "last": self.es.options[-1]}))
        return c is not None

    def _nameless(self, grid, r, c, form, where: str, what: str) -> Problem:
        """A row filled in whose name cell is blank: whom it evaluates is not known, never counted."""
        return Problem("eval.row-no-name", sheet=grid.name, cell=a1(r, c),
                       params={"paper": where, "row": r + 1, "what": what, "label": label_word(form.object_label)})

    def _ticks(self, grid, r, cols, obj, item, problems) -> list[int] | None:
        """One tick among the option cells of a row: its counts, or None and a problem."""
        marks = [parse_mark(grid.rows[r][c] if c < len(grid.rows[r]) else "", self.es) for c in cols]
        for c, mark in zip(cols, marks):
            if mark is None:
                problems.append(Problem("eval.bad-mark", sheet=grid.name, cell=a1(r, c),
                                        params={"text": shown(grid.rows[r][c]),
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
