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
import copy

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


def _place_check(n: int, place, lowered, op) -> ast.Try:
    lets, lhs, rhs = lowered
    bind = _Bind(place)
    body = [bind.visit(copy.deepcopy(assign)) for assign in lets]
    body.append(ast.Assign([_name("_lhs", True)], bind.visit(copy.deepcopy(lhs))))
    body.append(ast.Assign([_name("_rhs", True)], bind.visit(copy.deepcopy(rhs))))
    found = ast.Dict([ast.Constant(a.targets[0].id) for a in lets], [_name(a.targets[0].id) for a in lets])
    failed = ast.Tuple([ast.Constant(n), found, _name("_lhs"), _name("_rhs")], ast.Load())
    test = ast.UnaryOp(ast.Not(), ast.Compare(_name("_lhs"), [op], [_name("_rhs")]))
    body.append(ast.If(test, [ast.Expr(ast.Call(_name("_failed"), [failed], []))], []))
    return ast.Try(body, [ast.ExceptHandler(_name("_skipped"), None, [ast.Pass()])], [], [])


def compile_batch(rule_id: str, lowered: tuple, op: ast.cmpop, places, skipped: tuple):
    """The function checking every place: _batch(_v, _s, _failed) calls _failed((n, lets, lhs,
    rhs)) for each place n that fails; a place whose reading raises one of ``skipped`` is left."""
    body = [_place_check(n, place, lowered, op) for n, place in enumerate(places)] or [ast.Pass()]
    args = ast.arguments(posonlyargs=[], args=[ast.arg(a) for a in ("_v", "_s", "_failed")], kwonlyargs=[],
                         kw_defaults=[], defaults=[])
    module = ast.fix_missing_locations(ast.Module([ast.FunctionDef("_batch", args, body, [], None)], []))
    scope = {"__builtins__": {}, "abs": abs, "min": min, "max": max, "_skipped": skipped}
    exec(compile(module, f"<rule {rule_id}, every place>", "exec"), scope)  # noqa: S102 - a checked tree
    return scope["_batch"]
