"""Small pieces of the rules' generated Python: how an expression is written bare, how a
predicate is said negated, which values a rule compares as numbers or quantities, and
where the server says a broken rule is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from podspec_gen.model.kinds import Boolean, Integer, Number, Quantity
from podspec_gen.model.rules.server_paths import is_spelled, spelled_steps
from podspec_gen.model.rules.vocab import Among, Compare, IsSet, Predicate, Ref, Rule


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


_OPPOSITE = {"<": ">=", "<=": ">", "==": "!=", "!=": "==", ">=": "<", ">": "<="}


def negated(pred: Among | IsSet | Compare) -> Among | IsSet | Compare:
    """The predicate's opposite, said directly (`not in`, `is None`, `!=`); a count
    is always a number, so its comparison turns over exactly."""
    if isinstance(pred, Among):
        return replace(pred, negated=not pred.negated)
    if isinstance(pred, Compare):
        assert pred.count
        return replace(pred, op=_OPPOSITE[pred.op])
    return replace(pred, flag=not pred.flag)


def says_its_opposite(pred: Predicate) -> bool:
    """Whether `negated` can say the predicate's opposite."""
    return isinstance(pred, Among | IsSet) or (isinstance(pred, Compare) and pred.count)


def walrus(name: str, expr: str) -> str:
    """`name := expr`, the value in parentheses unless it is a name or has them: ruff,
    which formats the SDK, splits a long binding at `:=` where black leaves the line
    long; with them written, the two lay the line out alike (the SDK must stay
    black-stable)."""
    value = expr if expr.isidentifier() or _enclosed(expr) else f"({expr})"
    return f"{name} := {value}"


def bare(expr: str) -> str:
    """`expr` without the parentheses around all of it, if it has them."""
    return expr[1:-1] if _enclosed(expr) else expr


def argument(expr: str) -> str:
    """`expr` as one of several arguments of a call: bare, but for a conditional
    expression, whose parentheses black puts back when it splits the call and ruff
    does not (a lone argument is split alike without them)."""
    inner = bare(expr)
    top = (n for n, depth in _depths(inner) if depth == 0)
    conditional = inner != expr and any(inner.startswith(" if ", n) for n in top)
    return expr if conditional else inner


def _enclosed(expr: str) -> bool:
    """Whether one pair of parentheses holds all of `expr`."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return False
    return all(depth > 0 for n, depth in _depths(expr) if n < len(expr) - 1)


def _depths(expr: str) -> Iterator[tuple[int, int]]:
    """Each position of `expr` with the parentheses open after its character."""
    depth = 0
    for n, char in enumerate(expr):
        depth += {"(": 1, ")": -1}.get(char, 0)
        yield n, depth


def map_key(var: str) -> str:
    """The path step of the map key held by `var`, in the server's form (`[memory]`,
    field.Path's Key), which the runtime's `render` writes as it is. A concatenation, not an
    f-string: the names of the emitted code are compacted outside string literals."""
    return f"'[' + {var} + ']'"


def server_expr(rule: Rule, path: str, compared: str = "None") -> str:
    """`path` as the server writes it: the rule's `serverPath` cut of it, or the path
    it spells out from the host (`p`), `compared` the map key a compareMaps rule
    compares."""
    mode = rule.server_path
    if mode == "host":  # the object the rule is on
        return "p"
    if is_spelled(mode):
        return f"_rt.server_at(p, {path}, {spelled_steps(mode)!r}, {compared})"
    return f"_rt.server_path({path}, {mode!r})" if mode else path


def kept_test(keys: str, k: str) -> str | None:
    """The test that resource `k` is of the kind compareMaps' `keys` names (the
    runtime's `overcommit`); None for every resource."""
    return {
        "all": None,
        "overcommit": f"_rt.overcommit({k})",
        "exact": f"not _rt.overcommit({k})",
    }[keys]


def as_server_shows(rule: Rule, at: Ref, shown: str) -> str:
    """The value an assert shows, as the server's message shows it: a quantity as
    Quantity.String writes it, a resource list's rounded up to milli first, an unset
    string as Go's ""."""
    if at.base == "key":  # a resource's name, not its quantity
        return shown
    ref = at if rule.shows is None else rule.shows
    if ref.steps and ref.set_family == "string" and rule.shows_value:
        # An unset string field is "" in the Go struct the server checks, and its
        # message shows that: `tolerations[0].operator: Invalid value: "": ...`.
        return f"({shown} or '')"
    if at.steps:
        kind, listed = at.value_kind, at.steps[-1].key
    else:
        each = rule.each
        kind = each.kind.underlying if each is not None else None
        listed = each is not None and each.steps[-1].each == "map"
    if not isinstance(kind, Quantity) or rule.shows is not None:
        return shown
    return f"_rt.quantity_shown({shown}, {listed})"


def segment(wire: str, server: str = "") -> str:
    """A path step: the field's name, or, where the server's path names it otherwise
    (a field's `serverName` for what is below it, an atMostOne's `serverNames`), both,
    joined by a NUL, which the runtime's `render` writes as the server does and
    `validate` places by the field's name."""
    return repr(f"{wire}\0{server}" if server else wire)
