"""CEL for the rules' values, predicates and selectors, as Kubernetes CRD validation
rules (`x-kubernetes-validations`) write it; `cel_rules` builds each kind of rule on it.

`self` is the rule's host. Every field read is guarded by `has()`; a server default is
spelled out where the rule reads the field, as the SDK reads it. Beyond CEL's macros the
expressions use the libraries a CRD rule has: `quantity()`, `isIP`, `split`, `sum`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from podspec_gen.model.kinds import (
    Boolean,
    Integer,
    IntOrString,
    Kind,
    ListOf,
    MapOf,
    Number,
    Quantity,
)
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    IsSet,
    Join,
    Length,
    Matches,
    Predicate,
    Ref,
    Selects,
    Test,
)
from podspec_gen.render.schema.cel_text import (
    RESERVED,
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


@dataclass(frozen=True)
class Scope:
    """Where a rule's references read from: `item` is the object checked (the host,
    `self`, or a variable an `all()` bound), `taken` the variable names in use."""

    item: str = "self"
    taken: frozenset[str] = frozenset({"self"})
    key: str = ""  # the variable bound to the key of the map value checked
    earlier: str = ""  # in a pairwise unique rule's `later`: the earlier item
    value: str = ""  # the map value checked (the expression `@value` reads)
    owner: str = ""  # the object holding the list or map of the item (`@owner.`)

    def at(self, item: str) -> Scope:
        return replace(self, item=item)

    def fresh(self, wire: str) -> tuple[str, Scope]:
        """A new variable for the items of `wire`: its initial, numbered if taken."""
        stem = wire[:1].lower() or "x"
        name, n = stem, 1
        while name in self.taken or name in RESERVED:
            n += 1
            name = f"{stem}{n}"
        return name, replace(self, taken=self.taken | {name})

    def base(self, ref: Ref) -> str:
        if ref.base == "earlier":
            return self.earlier
        if ref.base == "value":
            return self.value
        if ref.base == "owner":
            return self.owner
        return "self" if ref.base == "host" else self.item


@dataclass(frozen=True)
class Value:
    """A field's value as the server reads it: `expr`, valid when `guard` holds (the
    field is unset otherwise); a defaulted field is never unset, its guard `true`."""

    guard: str
    expr: str


def access(scope: Scope, ref: Ref) -> tuple[list[str], str]:
    """The `has()` tests down to the field, and the member expression reading it."""
    expr, guards = scope.base(ref), []
    for step in ref.steps:
        if step.key:  # a map entry: `m['ephemeral-storage']`, present when `in` it
            guards.append(f"{literal(step.wire)} in {expr}")
            expr = f"{expr}[{literal(step.wire)}]"
            continue
        expr = f"{expr}.{field(step.wire)}"
        guards.append(f"has({expr})")
    return guards, expr


def value(scope: Scope, ref: Ref) -> Value:
    if ref.base == "key":
        return Value("true", scope.key)
    guards, raw = access(scope, ref)
    if not (ref.has_default and ref.default is not None) or not guards:
        return Value(conj(guards), raw)
    tests = list(guards)
    if isinstance(ref.default, str) and _is_text(ref.kind):
        tests.append(f"{raw} != ''")
    elif ref.zero_means_unset:
        tests.append(f"{raw} != 0")
    return Value("true", f"({conj(tests)} ? {raw} : {literal(ref.default)})")


def _underlying(kind: Kind | None) -> Kind | None:
    return None if kind is None else kind.underlying


def is_set(scope: Scope, ref: Ref, family: str = "") -> str:
    """Set: not null, and not empty for strings, lists and maps (0 and false are set);
    `family` overrides what set means for it (`none`: not null)."""
    guards, raw = access(scope, ref)
    family = family or ref.set_family
    if family == "none":
        return conj(guards)
    if family in ("list", "map"):
        return conj([*guards, f"size({raw}) > 0"])
    if family == "falsy":
        # An int-or-string or quantity holds either type: ask which before comparing.
        return conj([*guards, f"(type({raw}) == string ? {raw} != '' : {raw} != 0)"])
    return conj([*guards, f"{raw} != ''"])


def _is_text(kind: Kind | None) -> bool:
    """Whether every value of the kind is a string (else a test must ask first)."""
    kind = _underlying(kind)
    return kind is not None and not isinstance(
        kind, Integer | Number | Boolean | IntOrString | Quantity | ListOf | MapOf
    )


def _text(ref: Ref, expr: str) -> list[str]:
    return [] if _is_text(ref.kind) else [f"type({expr}) == string"]


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
        return conj([v.guard, *_text(pred.ref, v.expr), test])
    return conj([v.guard, *_text(pred.ref, v.expr), regex_test(v.expr, pred.regex)])


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
        return negate(conj([v.guard, *_text(pred.ref, e), f"{e}.startsWith('/')"]))
    if pred.name == "noBacksteps":
        part, _ = scope.fresh("element")
        found = f"{e}.split('/').exists({part}, {part} == '..')"
        return negate(conj([v.guard, *_text(pred.ref, e), found]))
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
        named = conj([v.guard, *_text(pred.ref, e), f"{e}.startsWith('hugepages-')"])
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
    if pred.name == "canonicalIP":  # the Kubernetes IP library's canonical text
        mapped = f"{e}.matches({regex(_MAPPED)})"  # the strict parse's, not this test's
        odd = f"{e}.contains(':') && !{mapped} && isIP({e}) && string(ip({e})) != {e}"
        return negate(conj([v.guard, *_text(pred.ref, e), odd]))
    # The legacy parser also takes IPv4 parts with leading zeros and IPv4-mapped IPv6
    # addresses, which CEL's isIP() refuses.
    legacy = f"{e}.matches({regex(_LEGACY_V4)}) || {e}.matches({regex(_MAPPED)})"
    return conj([v.guard, *_text(pred.ref, e), f"(isIP({e}) || {legacy})"])


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


def text_of(scope: Scope, parts: tuple[str | Ref, ...]) -> str:
    """The text literal pieces and fields' values make, an unset string read as ""
    and a map of strings as its keys and values."""
    pieces = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(literal(part))
            continue
        v = value(scope, part)
        expr = v.expr
        if isinstance(part.value_kind, MapOf):  # its keys and values, as Go sums them
            k, _ = scope.fresh("k")
            expr = f"{expr}.map({k}, {k} + {expr}[{k}]).join('')"
        plain = v.guard in ("", "true")
        pieces.append(expr if plain else f"({v.guard} ? {expr} : '')")
    return " + ".join(pieces)


def length(scope: Scope, pred: Length) -> str:
    """Go's len: the UTF-8 bytes of the text."""
    return f"bytes({text_of(scope, pred.measured)}).size() {pred.op} {pred.number}"


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
    return compare(scope, pred)
