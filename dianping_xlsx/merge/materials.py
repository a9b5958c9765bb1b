"""Materials other than the statistics tables (a unit's 工作总结 …, a 台账 kept and sent along): whose each file is, and which unit that
sent its tables still lacks one the notice requires. What counts as which material is data (the
notice's ``[[materials]]``: the words in a file's name, its kinds of file)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..check.kept import KEPT, KEPT_SHEET, UNNAMED
from ..check.naming import namer
from ..definitions import TableSet
from ..definitions.notices import Material
from ..model import ACCEPTED, IGNORED, MATERIAL, REJECTED, Entry, Submission
from ..problems import Problem, first_of
from ..read.otherfiles import ask_for, other_file
from ..text import normalise
from .roster import Roster, match_key, one_inside

GUESSED = "material.by-unit"  # a document named by its unit alone, taken as the only material it can be


def material_of(path: Path, materials: tuple[Material, ...]) -> Material | None:
    """The document material a file is, by its kind and the words of its name (None: not one).
    A file of a material's kind whose name holds no material's words is the notice's only
    document material of that kind, if there is one: kept once its name proves a unit's that sent
    its tables (``require_materials``), else ignored as before."""
    stem = normalise(path.stem)
    fitting = [m for m in materials if path.suffix.lower() in m.suffixes]
    for material in fitting:
        if _named_in(stem, material):
            return material
    documents = [m for m in fitting if m.kind == "document"]  # a kept 台账 only by its words
    return documents[0] if len(documents) == 1 else None


def _named_in(stem: str, material: Material) -> bool:
    return any(normalise(w) in stem for w in material.words)


def material_entry(path: Path, name: str, material: Material, ts: TableSet, roster: Roster | None,
                   sender: str = "") -> Entry:
    """A material's line in 报送情况: the unit its file name (or its sender, on the roster) names:
    without a roster, what is left of the name without the words of documents, the material's
    own words and the period's (甲乡党委2013年上半年工作总结.docx -> 甲乡党委)."""
    unit = ""
    if roster is not None:
        found = roster.containing([path.stem]) or (roster.by_email(sender) if sender else None)
        unit = found.name if found is not None else ""
    words = ts.names.document_words + material.file_words
    hint = None
    if not unit:
        unit = namer(replace(ts.names, document_words=words)).strip(path.stem)
        if unit and roster is not None:
            unit, hint = _on_roster(unit, roster)
    code = "material.received" if unit else "material.no-unit"
    if not _named_in(normalise(path.stem), material):
        code = GUESSED
    elif hint is not None:
        code = "material.off-roster"
    params = {"material": material.name, "unit": unit, "words": "”“".join(material.words)}
    problem = Problem(code, file=name, unit=unit, params={**params, "hint": hint} if hint is not None else params)
    return Entry(name, MATERIAL, problem.message, problems=[problem], named=unit)


def _on_roster(unit: str, roster: Roster) -> tuple[str, str | None]:
    """The roster's name of the unit a material's file name gives, as a table's 填报单位 is matched
    (name, alias, loose key), or the one roster unit whose name ends with it (卫健工委 of
    云州市卫健工委); else the name as given and the hint of a unit not on the roster ("" or 您是否指)."""
    found = roster.match(unit)
    if found.unit is not None:
        return found.unit.name, None
    tail = roster.ending_with(unit)
    if tail is not None:
        return tail.name, None
    return unit, f"您是否指“{'”或“'.join(found.suggestions)}”?" if found.suggestions else ""


def kept_of(sub: Submission) -> Problem | None:
    """What a worker said of a workbook that is a 台账 kept and sent along (None: it is not one)."""
    return first_of(sub.problems, KEPT) or first_of(sub.problems, UNNAMED)


def kept_entry(sub: Submission, ts: TableSet, roster: Roster | None) -> Entry:
    """A kept 台账's line in 报送情况: the unit it names (填报单位, title or file name) as the roster
    knows it, else the one the roster's name or 邮箱 finds; received, never summed or sent back."""
    said = kept_of(sub)
    unit = said.params["unit"]
    if roster is not None:
        found = (roster.match(unit).unit if unit else None) or roster.containing([unit, sub.path.stem]) \
            or (roster.ending_with(unit) if unit else None) \
            or (roster.by_email(sub.mail.sender) if sub.mail is not None else None)
        unit = found.name if found is not None else unit
    problem = Problem(KEPT if unit else UNNAMED, file=sub.name, sheet=said.sheet, cell=said.cell, unit=unit,
                      params={**said.params, "unit": unit})
    return Entry(sub.name, MATERIAL, problem.message, problems=[problem], named=unit)


def require_materials(entries: list[Entry], materials: tuple[Material, ...], ts: TableSet) -> None:
    """Each unit whose tables were adopted and that sent no file of a required material is told so
    (a warning on its adopted file: 报送情况, 审核问题 and the reminder say it); a lower office's
    summary only of the materials the notice asks of offices too (``offices``)."""
    _named_by_senders(entries, ts)
    _confirm_guessed(entries, ts)
    required = [m for m in materials if m.required]
    if not required:
        return
    sent = {(e.problems[0].params["material"], match_key(e.named, ts.names))
            for e in entries if e.status == MATERIAL and e.named}
    sent |= {(p.params["material"], match_key(e.submission.display_unit, ts.names))  # a sheet of its tables
             for e in entries if e.submission is not None for p in e.submission.problems if p.code == KEPT_SHEET}
    for e in entries:
        sub = e.submission
        if e.status != ACCEPTED or sub is None or not sub.has_tables:
            continue
        for material in required:
            if sub.from_office and not material.offices:
                continue  # a lower office's summary: the units' materials stay with the office below
            if (material.name, match_key(sub.display_unit, ts.names)) not in sent:
                problem = Problem("material.missing", params={"material": material.name, "look": looked_for(material),
                                                              "words": "”“".join(material.words)})
                sub.add(problem)
                e.problems.append(sub.problems[-1])


def looked_for(material: Material) -> str:
    """How a file is known as the material, said to the unit that did not send it: a document by
    the words of its name; a kept 台账 by its title, sheet name, file name or columns, alone or
    as a sheet of the tables workbook."""
    words = "”“".join(material.words)
    if material.kind != "ledger":
        return f"文件名中应含“{words}”"
    heads = "”“".join(material.columns[:HEADS_SAID])
    by_heads = f",或表头有“{heads}”{'等' if len(material.columns) > HEADS_SAID else ''}列" if heads else ""
    return f"标题、工作表名称或文件名中含“{words}”{by_heads};单独一个文件或统计表中的一个工作表均可"


HEADS_SAID = 3  # a kept 台账's first column heads named to a unit that did not send it


def _named_by_senders(entries: list[Entry], ts: TableSet) -> None:
    """A material whose name was read as no unit that sent tables (甲乡党委上半年, 关于甲乡党委 …) is
    the one such unit whose name its file's name holds (the longest, as the roster's ``containing``)."""
    senders = {e.submission.display_unit for e in entries
               if e.submission is not None and e.submission.has_tables and e.status in (ACCEPTED, REJECTED)}
    keys, labels = {match_key(u, ts.names) for u in senders}, {normalise(u): u for u in senders}
    for e in entries:
        if e.status != MATERIAL or (e.named and match_key(e.named, ts.names) in keys):
            continue
        unit = one_inside(labels, [Path(e.name).stem]) or _ending_with(labels, e.named)
        if unit is not None:
            said = e.problems[0]
            code = said.code if said.code in (GUESSED, KEPT) else "material.received"
            params = {k: v for k, v in said.params.items() if k != "hint"}
            e.named, e.problems = unit, [Problem(code, file=said.file, unit=unit, params={**params, "unit": unit})]
            e.reason = e.problems[0].message


def _ending_with(labels: dict[str, str], name: str) -> str | None:
    """The one sender whose name ends with a material's short name (卫健工委 of 云州市卫健工委)."""
    text = normalise(name)
    found = {unit for label, unit in labels.items() if len(text) >= 3 and label.endswith(text)}
    return found.pop() if len(found) == 1 else None


def _confirm_guessed(entries: list[Entry], ts: TableSet) -> None:
    """A document named by a unit alone stays that unit's material only when the unit sent its
    tables in this inbox; any other (报送函.docx) is ignored as a file that is no workbook."""
    senders = {match_key(e.submission.display_unit, ts.names)
               for e in entries if e.submission is not None and e.submission.has_tables}
    for e in entries:
        if e.status != MATERIAL or e.problems[0].code != GUESSED:
            continue
        if e.named and match_key(e.named, ts.names) in senders:
            continue
        problem = Problem("file.not-spreadsheet", file=e.name, params={"suffix": Path(e.name).suffix.lower(),
                                                                       "ask": ask_for(e.name),
                                                                       "own": other_file(e.name).own})
        e.status, e.reason, e.problems, e.named = IGNORED, problem.message, [problem], ""
