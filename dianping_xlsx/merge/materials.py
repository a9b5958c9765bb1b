"""Materials that are not workbooks (a unit's 工作总结 …): whose each file is, and which unit that
sent its tables still lacks one the notice requires. What counts as which material is data (the
notice's ``[[materials]]``: the words in a file's name, its kinds of file)."""

from __future__ import annotations

from pathlib import Path

from ..check.naming import namer
from ..definitions import TableSet
from ..definitions.notices import Material
from ..model import ACCEPTED, MATERIAL, Entry
from ..problems import Problem
from ..text import normalise
from .roster import Roster, match_key


def material_of(path: Path, materials: tuple[Material, ...]) -> Material | None:
    """The document material a file is, by its kind and the words of its name (None: not one)."""
    stem = normalise(path.stem)
    for material in materials:
        if path.suffix.lower() in material.suffixes and any(normalise(w) in stem for w in material.words):
            return material
    return None


def material_entry(path: Path, name: str, material: Material, ts: TableSet, roster: Roster | None,
                   sender: str = "") -> Entry:
    """A material's line in 报送情况: the unit its file name (or its sender, on the roster) names."""
    unit = ""
    if roster is not None:
        found = roster.containing([path.stem]) or (roster.by_email(sender) if sender else None)
        unit = found.name if found is not None else ""
    unit = unit or namer(ts.names).strip(path.stem)
    problem = Problem("material.received" if unit else "material.no-unit", file=name, unit=unit,
                      params={"material": material.name, "unit": unit})
    return Entry(name, MATERIAL, problem.message, problems=[problem], named=unit)


def require_materials(entries: list[Entry], materials: tuple[Material, ...], ts: TableSet) -> None:
    """Each unit whose tables were adopted and that sent no file of a required material is told so
    (a warning on its adopted file: 报送情况, 审核问题 and the reminder say it)."""
    required = [m for m in materials if m.required]
    if not required:
        return
    sent = {(e.problems[0].params["material"], match_key(e.named, ts.names))
            for e in entries if e.status == MATERIAL and e.named}
    for e in entries:
        sub = e.submission
        if e.status != ACCEPTED or sub is None or not sub.has_tables:
            continue
        for material in required:
            if (material.name, match_key(sub.display_unit, ts.names)) not in sent:
                problem = Problem("material.missing", params={"material": material.name,
                                                              "words": "”“".join(material.words)})
                sub.add(problem)
                e.problems.append(sub.problems[-1])
