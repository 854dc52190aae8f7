"""Small pieces of the rules' generated Python: how an expression is written bare, how a
predicate is said negated, and which values a rule compares as numbers or quantities."""

from __future__ import annotations

from dataclasses import replace

from podspec_gen.model.kinds import Boolean, Integer, Number
from podspec_gen.model.rules.vocab import Among, IsSet, Ref


def zero(ref: Ref, value: str) -> str:
    kind = ref.value_kind
    if isinstance(kind, Integer | Number):
        return f"({value} or 0)"
    if isinstance(kind, Boolean):
        return f"({value} or False)"
    return f"({value} or '')"


def plain_number(ref: Ref) -> bool:
    kind = ref.value_kind
    return isinstance(kind, Integer | Number)


def negated(pred: Among | IsSet) -> Among | IsSet:
    """The predicate's opposite, said directly (`not in`, `is None`)."""
    if isinstance(pred, Among):
        return replace(pred, negated=not pred.negated)
    return replace(pred, flag=not pred.flag)


def bare(expr: str) -> str:
    """`expr` without the parentheses around all of it, if it has them."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return expr
    depth = 0
    for n, char in enumerate(expr):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and n < len(expr) - 1:
            return expr
    return expr[1:-1]
