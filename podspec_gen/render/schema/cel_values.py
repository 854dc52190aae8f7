"""CEL for reading a rule's values: the scope a rule's references read from, each
field behind its `has()` guards, with the server's default spelled out where the SDK
reads one."""

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
from podspec_gen.model.rules.vocab import Ref
from podspec_gen.render.schema.cel_text import RESERVED, conj, field, literal


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
    if isinstance(ref.default, str) and is_text(ref.kind):
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


def is_text(kind: Kind | None) -> bool:
    """Whether every value of the kind is a string (else a test must ask first)."""
    kind = _underlying(kind)
    return kind is not None and not isinstance(
        kind, Integer | Number | Boolean | IntOrString | Quantity | ListOf | MapOf
    )


def text_guard(ref: Ref, expr: str) -> list[str]:
    return [] if is_text(ref.kind) else [f"type({expr}) == string"]
