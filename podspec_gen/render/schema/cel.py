"""CEL for the rules' values, predicates and selectors, as Kubernetes CRD validation
rules (`x-kubernetes-validations`) write it; `cel_rules` builds each kind of rule on it.

`self` is the rule's host. Every field read is guarded by `has()`; a server default is
spelled out where the rule reads the field, as the SDK reads it. Beyond CEL's macros the
expressions use the libraries a CRD rule has: `quantity()`, `isIP`, `split`, `sum`.
"""

from __future__ import annotations

from dataclasses import replace

from podspec_gen.model.kinds import (
    IntOrString,
    MapOf,
    Quantity,
)
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    Indexes,
    IsSet,
    Join,
    Length,
    Matches,
    Predicate,
    Selects,
    Test,
)
from podspec_gen.render.schema.cel_text import (
    conj,
    disj,
    field,
    implies,
    literal,
    negate,
    regex,
    regex_test,
    wrap,
)
from podspec_gen.render.schema.cel_texts import cron_ranges, indexes, length
from podspec_gen.render.schema.cel_values import (
    Scope,
    Value,
    access,
    is_set,
    text_guard,
    value,
)

__all__ = [
    "Scope",
    "conj",
    "disj",
    "field",
    "implies",
    "is_set",
    "literal",
    "negate",
    "predicate",
    "regex",
    "value",
    "wrap",
]


def among(scope: Scope, pred: Among) -> str:
    """equals / in / notIn, with the default applied; unset is in no set."""
    v = value(scope, pred.ref)
    test = f"{wrap(v.expr)} in {literal(list(pred.values))}"
    if len(pred.values) == 1:
        test = f"{wrap(v.expr)} == {literal(pred.values[0])}"
    if isinstance(pred.ref.value_kind, IntOrString):
        # Each value compared only with a value of its own type: 0 is not "0".
        test = " || ".join(
            f"(type({v.expr}) == {'string' if isinstance(a, str) else 'int'}"
            f" && {wrap(v.expr)} == {literal(a)})"
            for a in pred.values
        )
    if isinstance(pred.ref.value_kind, Quantity):
        # Equal by value ("1" and "1000m"), as the server compares quantities.
        q, values = f"quantity(string({v.expr}))", map(str, pred.values)
        test = " || ".join(
            f"{q}.compareTo(quantity({literal(a)})) == 0" for a in values
        )
    held = conj([v.guard, f"({test})"])
    return negate(held) if pred.negated else held


def set_test(scope: Scope, pred: IsSet) -> str:
    held = is_set(scope, pred.ref, pred.family)
    return held if pred.flag else negate(held)


# The string function for a pattern of literal text, by its anchors (Matches.literal).
_CEL_ANCHORED = {"start": "startsWith", "end": "endsWith", "anywhere": "contains"}


def matches(scope: Scope, pred: Matches) -> str:
    v = value(scope, pred.ref)
    if (plain := pred.literal) is not None:
        parts, anchor = plain
        text = " + ".join(
            literal(p) if isinstance(p, str) else f"string({value(scope, p).expr})"
            for p in parts
        )
        test = (
            f"{v.expr} == {text}"
            if anchor == "whole"
            else f"{v.expr}.{_CEL_ANCHORED[anchor]}({text})"
        )
        return conj([v.guard, *text_guard(pred.ref, v.expr), test])
    return conj(
        [v.guard, *text_guard(pred.ref, v.expr), regex_test(v.expr, pred.regex)]
    )


def _quantity(expr: str) -> str:
    return f"quantity(string({expr}))"


_OCTET = r"(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])"
_LEGACY_V4 = rf"^({_OCTET}\.){{3}}{_OCTET}$"
_MAPPED = r"^[0:]*:[fF]{4}:(([0-9]+\.){3}[0-9]+|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4})$"


def named_test(scope: Scope, pred: Test) -> str:
    """The named tests as the SDK's runtime decides them: a path test passes what is
    not a string, a quantity test what is unset, and `ip` holds only for an address."""
    v = value(scope, pred.ref)
    e = v.expr
    if pred.name == "relativePath":
        return negate(conj([v.guard, *text_guard(pred.ref, e), f"{e}.startsWith('/')"]))
    if pred.name == "noBacksteps":
        part, _ = scope.fresh("element")
        found = f"{e}.split('/').exists({part}, {part} == '..')"
        return negate(conj([v.guard, *text_guard(pred.ref, e), found]))
    if pred.name == "integral":
        return implies(v.guard, f"{_quantity(e)}.isInteger()")
    if pred.name == "nonNegative":
        return implies(v.guard, f"{_quantity(e)}.sign() >= 0")
    if pred.name == "ascending":  # the Kubernetes lists library
        return implies(v.guard, f"{e}.isSorted()")
    if pred.name == "shortSearchList":  # the Kubernetes strings library's join
        return implies(v.guard, f"bytes({e}.join(' ')).size() <= 2048")
    # The Kubernetes quantity library, which does not round thousandths up as Go does.
    if pred.name == "pageSize":
        size = f"{e}.substring({len('hugepages-')})"
        whole = f"quantity({size})"
        named = conj(
            [v.guard, *text_guard(pred.ref, e), f"{e}.startsWith('hugepages-')"]
        )
        good = f"isQuantity({size}) && {whole}.sign() > 0 && {whole}.isInteger()"
        return implies(named, f"({good})")
    if pred.name == "pageMultiple":  # the Kubernetes quantity library
        assert pred.key is not None
        size = f"{value(scope, pred.key).expr}.substring({len('hugepages-')})"
        whole = f"quantity({size})"
        sized = [
            f"isQuantity({size})",
            f"{whole}.isInteger()",
            f"{whole}.sign() > 0",
            f"isQuantity(string({e}))",
        ]
        q = _quantity(e)
        divides = f"{q}.isInteger() && {q}.asInteger() % {whole}.asInteger() == 0"
        return implies(conj([v.guard, *sized]), f"({divides})")
    if pred.name == "cronRanges":  # the Kubernetes regex and lists libraries
        return implies(v.guard, cron_ranges(scope, e))
    if pred.name == "canonicalIP":  # the Kubernetes IP library's canonical text
        mapped = f"{e}.matches({regex(_MAPPED)})"  # the strict parse's, not this test's
        odd = f"{e}.contains(':') && !{mapped} && isIP({e}) && string(ip({e})) != {e}"
        return negate(conj([v.guard, *text_guard(pred.ref, e), odd]))
    # The legacy parser also takes IPv4 parts with leading zeros and IPv4-mapped IPv6
    # addresses, which CEL's isIP() refuses.
    legacy = f"{e}.matches({regex(_LEGACY_V4)}) || {e}.matches({regex(_MAPPED)})"
    return conj([v.guard, *text_guard(pred.ref, e), f"(isIP({e}) || {legacy})"])


def compare(scope: Scope, pred: Compare) -> str:
    """Numbers, or quantities through the quantity library; false when a side is
    unset."""
    left = value(scope, pred.ref)
    if pred.other is not None:
        right = value(scope, pred.other)
        kinds = (pred.ref.value_kind, pred.other.value_kind)
    else:
        right = Value("true", literal(pred.number))
        kinds = (pred.ref.value_kind, None)
    if pred.count:
        size = f"size({left.expr})"
        if pred.where is not None:
            y, inner = scope.fresh(pred.ref.steps[-1].wire)
            if isinstance(pred.ref.value_kind, MapOf):  # a map's keys, read as '@key'
                inner = replace(inner, key=y)
            size = (
                f"size({left.expr}.filter({y}, {predicate(inner.at(y), pred.where)}))"
            )
        if left.guard not in ("", "true"):
            size = f"({left.guard} ? {size} : 0)"
        return f"{size} {pred.op} {right.expr}"
    if isinstance(pred.ref.value_kind, IntOrString):
        # Only its number compares: a name or a percent never holds.
        test = f"type({left.expr}) == int && {wrap(left.expr)} {pred.op} {right.expr}"
    elif any(isinstance(k, Quantity) for k in kinds):
        test = f"{_quantity(left.expr)}.compareTo({_quantity(right.expr)}) {pred.op} 0"
    else:
        test = f"{wrap(left.expr)} {pred.op} {wrap(right.expr)}"
    return conj([left.guard, right.guard, test])


_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def selects(scope: Scope, pred: Selects) -> str:
    """The selector selects the labels (an unset map: no labels); a selector the
    server cannot parse is not checked, as the SDK's runtime has it."""
    selector = value(scope, pred.ref)
    guards, raw = access(scope, pred.labels)
    labels = f"({conj(guards)} ? {raw} : {{}})" if guards else raw
    s = selector.expr
    k, inner = scope.fresh("key")
    if isinstance(pred.ref.value_kind, MapOf):
        return conj(
            [
                selector.guard,
                f"{s}.all({k}, {k} in {labels} && {labels}[{k}] == {s}[{k}])",
            ]
        )
    r, _ = inner.fresh("requirement")
    op, key = f"{r}.operator", f"{r}.key"
    has_values = f"has({r}.values) && size({r}.values) > 0"
    unparsed = disj(
        [
            f"{op} in ['In', 'NotIn'] && !({has_values})",
            f"{op} in ['Exists', 'DoesNotExist'] && {has_values}",
            f"!({op} in {literal(list(_OPERATORS))})",
        ]
    )
    found = f"({key} in {labels} && {labels}[{key}] in {r}.values)"
    meets = (
        f"{op} == 'In' ? {found} : ({op} == 'NotIn' ? !{found} : "
        f"({op} == 'Exists' ? {key} in {labels} : !({key} in {labels})))"
    )
    exprs = f"{s}.matchExpressions"
    matched = conj(
        [
            implies(
                f"has({s}.matchLabels)",
                f"{s}.matchLabels.all({k}, {k} in {labels} && {labels}[{k}] == {s}.matchLabels[{k}])",
            ),
            implies(f"has({exprs})", f"{exprs}.all({r}, {meets})"),
        ]
    )
    skipped = f"has({exprs}) && {exprs}.exists({r}, {unparsed})"
    return conj([selector.guard, disj([skipped, matched])])


def predicate(scope: Scope, pred: Predicate) -> str:
    if isinstance(pred, Join):
        parts = [predicate(scope, p) for p in pred.parts]
        if pred.op == "not":
            return negate(parts[0])
        return conj(parts) if pred.op == "all" else disj(parts)
    if isinstance(pred, Among):
        return among(scope, pred)
    if isinstance(pred, IsSet):
        return set_test(scope, pred)
    if isinstance(pred, Matches):
        return matches(scope, pred)
    if isinstance(pred, Test):
        return named_test(scope, pred)
    if isinstance(pred, Selects):
        return selects(scope, pred)
    if isinstance(pred, Length):
        return length(scope, pred)
    if isinstance(pred, Indexes):
        return indexes(scope, pred)
    return compare(scope, pred)
