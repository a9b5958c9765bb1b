"""The code's shape: the pipeline's stages import only from earlier stages; the CLI only the public face."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dianping_xlsx"
# Earlier first. A module may import from its own stage or an earlier one, never a later one.
STAGES = ["text", "errors", "settings", "files", "catalogue", "problems", "problemplaces", "definitions", "model", "manifest", "read", "check",
          "merge", "template", "report", "intake", "send", "api", "testing", "desk", "cli", "__init__", "__main__"]


def stage_of(module: str) -> str:
    """dianping_xlsx.read.locate -> read; dianping_xlsx.model -> model."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> list[str]:
    """The package modules a file imports (absolute names), at any depth of the file."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("dianping_xlsx"):
                out.append(target)
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.startswith("dianping_xlsx")]
    return out


def test_every_stage_is_in_the_list():
    found = {stage_of(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert found <= set(STAGES), found - set(STAGES)


def test_no_module_imports_from_a_later_stage():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        mine = STAGES.index(stage_of(module_name(path)))
        for target in imports_of(path):
            theirs = STAGES.index(stage_of(target))
            if theirs > mine and not (target == "dianping_xlsx" and path.relative_to(PACKAGE).parts[0] in ("cli", "desk")):
                wrong.append(f"{path.relative_to(PACKAGE)} -> {target}")
    assert wrong == []


def test_the_cli_imports_only_the_public_face():
    """The command line (cli/: its commands, screens, parameters and Chinese words) uses the
    library's public face only, as the desk will: what it shows is rendered from what api returns."""
    allowed = {"dianping_xlsx", "dianping_xlsx.api", "dianping_xlsx.errors"}
    for face in ("cli", "desk"):  # the two faces: the command line and the clerk's desk
        for path in sorted((PACKAGE / face).glob("*.py")):
            targets = {t for t in imports_of(path) if not t.startswith(f"dianping_xlsx.{face}")}
            if face == "cli":
                targets -= {"dianping_xlsx.desk.server"}  # `dianping desk` starts it
            assert targets <= allowed, (path.name, targets - allowed)
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] not in ("cli", "desk") and path.name != "__main__.py":
            assert not [t for t in imports_of(path) if t.startswith(("dianping_xlsx.cli", "dianping_xlsx.desk"))], path
    assert not (PACKAGE / "report" / "console.py").exists()  # screens live with their face


def test_the_checker_has_one_word_for_each_thing():
    """check (not validate), item set (not eval set) in every module and file name."""
    names = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*") if p.is_file()]
    assert not [n for n in names if "validate" in n or "evalset" in n]
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "EvalSet" not in text and "evalsets" not in text, path


def _top_level_imports(path: Path) -> set[str]:
    """The package modules a file imports when it is imported (statements at module level), each
    resolved to a module file: ``from .x import y`` is x.y when y is a module of its own."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    out = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("dianping_xlsx"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if _module_file(sub) else target)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("dianping_xlsx")}
    return out


def _module_file(module: str) -> Path | None:
    rel = Path(*module.split(".")[1:])
    for candidate in (PACKAGE / rel.with_suffix(".py"), PACKAGE / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def test_no_import_cycles():
    """No module imports, at import time, a module that imports it back (directly or round a ring)."""
    graph = {module_name(p): _top_level_imports(p) for p in PACKAGE.rglob("*.py")}
    cycles, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if target == node or target not in graph:
                continue
            if state.get(target) == "open":
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
