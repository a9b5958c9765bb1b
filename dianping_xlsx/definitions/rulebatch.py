"""A rule compiled for every place it is checked in at once (rules.py compiles it per place).

A unit's file is checked against each rule in every category and round: one call of the rule's
function per place, each building its values' keys. Here the places are known (a set of
rounds gives them), so one function checks them all in a row, each place's keys written in as
constants: the same expressions, in the same order, read with the same reader::

    def _batch(_v, _s, _failed):
        try:
            <lets>; _lhs = <lhs>; _rhs = <rhs>
            if not _lhs <= _rhs:
                _failed((0, {lets}, _lhs, _rhs))
        except _skipped:
            pass
        ...  # the next place
"""

from __future__ import annotations

import ast
import keyword
import pickle

_PLACE = ("_t", "_c", "_r")  # the names the lowered trees read their place from (rules._Lower)


class _Bind(ast.NodeTransformer):
    """The place's table, category and round written in as constants."""

    def __init__(self, place: tuple[str, str, str]):
        self.place = dict(zip(_PLACE, place))

    def visit_Name(self, node):
        if node.id in self.place:
            return ast.copy_location(ast.Constant(self.place[node.id]), node)
        return node


def _name(name: str, store: bool = False) -> ast.Name:
    return ast.Name(name, ast.Store() if store else ast.Load())


def _copy(tree):
    """A tree's own copy (pickled and back: a tenth of copy.deepcopy's time)."""
    return pickle.loads(pickle.dumps(tree, pickle.HIGHEST_PROTOCOL))


def _place_check(n: int, place, lowered, op) -> ast.Try:
    lets, lhs, rhs = _copy(lowered)
    bind = _Bind(place)
    body = [bind.visit(assign) for assign in lets]
    body.append(ast.Assign([_name("_lhs", True)], bind.visit(lhs)))
    body.append(ast.Assign([_name("_rhs", True)], bind.visit(rhs)))
    found = ast.Dict([ast.Constant(a.targets[0].id) for a in lets], [_name(a.targets[0].id) for a in lets])
    failed = ast.Tuple([ast.Constant(n), found, _name("_lhs"), _name("_rhs")], ast.Load())
    test = ast.UnaryOp(ast.Not(), ast.Compare(_name("_lhs"), [op], [_name("_rhs")]))
    body.append(ast.If(test, [ast.Expr(ast.Call(_name("_failed"), [failed], []))], []))
    return ast.Try(body, [ast.ExceptHandler(_name("_skipped"), None, [ast.Pass()])], [], [])


def compile_batch(rule_id: str, lowered: tuple, op: ast.cmpop, places, skipped: tuple):
    """The function checking every place: _batch(_v, _s, _failed) calls _failed((n, lets, lhs,
    rhs)) for each place n that fails; a place whose reading raises one of ``skipped`` is left."""
    scope = {"__builtins__": {}, "abs": abs, "min": min, "max": max, "_skipped": skipped}
    source = _source(lowered, op, places)
    if source is not None:  # one place's check written once, the others by replacing its place
        code = compile(source, f"<rule {rule_id}, every place>", "exec")
    else:
        body = [_place_check(n, place, lowered, op) for n, place in enumerate(places)] or [ast.Pass()]
        args = ast.arguments(posonlyargs=[], args=[ast.arg(a) for a in ("_v", "_s", "_failed")], kwonlyargs=[],
                             kw_defaults=[], defaults=[])
        module = ast.fix_missing_locations(ast.Module([ast.FunctionDef("_batch", args, body, [], None)], []))
        code = compile(module, f"<rule {rule_id}, every place>", "exec")
    exec(code, scope)  # noqa: S102 - built from a checked tree
    return scope["_batch"]


_MARKS = ("\0_t\0", "\0_c\0", "\0_r\0", "\0_n\0")  # a place's table, category, round and number


def _source(lowered: tuple, op: ast.cmpop, places) -> str | None:
    """_batch as Python text: the same trees, unparsed (ast.unparse: parsed back, the same tree);
    None when that cannot be done plainly (a let whose name is no Python name, a label holding
    a NUL character), for the tree-by-tree way."""
    lets = lowered[0]
    if any(not a.targets[0].id.isidentifier() or keyword.iskeyword(a.targets[0].id) for a in lets):
        return None
    if "\\x00" in ast.unparse(ast.Tuple([*(a.value for a in lets), *lowered[1:]], ast.Load())):
        return None
    check = _place_check(_MARKS[3], _MARKS[:3], lowered, op)
    text = ast.unparse(ast.fix_missing_locations(ast.Module([check], [])))
    marks = [repr(m) for m in _MARKS]
    lines = ["def _batch(_v, _s, _failed):"]
    for n, place in enumerate(places):
        one = text
        for mark, value in zip(marks, (*map(repr, place), str(n))):
            one = one.replace(mark, value)
        if "\\x00" in one:  # a mark not written as expected
            return None
        lines += ("    " + line for line in one.splitlines())
    if not places:
        lines.append("    pass")
    return "\n".join(lines) + "\n"
