"""Resolve what a rule's detail shows: the fields its `{placeholders}` fill in and the
lists it joins, as the server's message writes them."""

from __future__ import annotations

import re

from podspec_gen.model.rules.build_maps import Resolver
from podspec_gen.model.rules.paths import object_type
from podspec_gen.model.rules.rule_error import RuleError
from podspec_gen.model.rules.vocab import Ref, Selector
from podspec_gen.model.types import TypeDef

PLACEHOLDER = re.compile(r"\{([$@^A-Za-z][$.@A-Za-z0-9]*(?:\[\*\][.A-Za-z0-9]*)?)\}")
# Filled in by the rule's kind: compareMaps' resource and limit, a warning's value,
# and a pairwise unique rule's earlier item (its path).
_RESERVED = ("resource", "limit", "value", "earlier", "total")


def detail_fills(b: Resolver, item: TypeDef | None) -> tuple[tuple[str, Ref], ...]:
    """The fields a detail shows: `{terminationGracePeriodSeconds}`, `{$.x}`."""
    found = []
    for name in PLACEHOLDER.findall(b.raw.detail):
        if name in _RESERVED or "[*]" in name:
            continue
        found.append((name, b.ref(item, name, b.raw.mark)))
    return tuple(found)


def detail_joins(b: Resolver) -> tuple[tuple[str, Selector, Ref | None], ...]:
    """The lists a detail shows, sorted and joined by ", " as Go's
    `strings.Join(sets.List(...))` does: `{$.resourceClaims[*].name}`."""
    found = []
    for name in PLACEHOLDER.findall(b.raw.detail):
        if "[*]" not in name:
            continue
        items, _, key = name.removeprefix("$.").partition("[*]")
        mark = b.raw.mark
        selector = b.selector(b.host, items + "[*]", mark)
        if len([s for s in selector.steps if s.each]) != 1:
            raise RuleError(mark, f"'{name}': a shown list has one [*], at its end")
        item = object_type(b.spec, selector.kind)
        key_ref = b.ref(item, key.lstrip("."), mark) if key else None
        found.append((name, selector, key_ref))
    return tuple(found)
