"""Resolve a compareMaps rule: the two maps of quantities it compares and the objects
a `total` adds up (the server's aggregate of the containers' requests)."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from podspec_gen.model.kinds import MapOf, Quantity
from podspec_gen.model.rules.paths import EARLIER_ITEMS
from podspec_gen.model.rules.rule_error import RuleError
from podspec_gen.model.rules.vocab import (
    Aggregate,
    MapComparison,
    Predicate,
    Ref,
    Selector,
    Summed,
)
from podspec_gen.model.types import Spec, TypeDef
from podspec_gen.spec.errors import Mark
from podspec_gen.spec.rule_records import (
    RawAggregate,
    RawPredicate,
    RawRule,
    RawSummed,
)


class Resolver(Protocol):
    """What resolving a rule's names takes: the rule builder."""

    spec: Spec
    raw: RawRule
    host: TypeDef

    def selector(self, start: TypeDef, text: str, mark: Mark) -> Selector: ...

    def ref(self, item: TypeDef | None, text: str, mark: Mark) -> Ref: ...

    def predicate(self, raw: RawPredicate, item: TypeDef | None) -> Predicate: ...


def build_maps(b: Resolver, start: TypeDef) -> MapComparison:
    maps = b.raw.params.maps
    assert maps is not None
    mark = b.raw.kind_mark
    total = tuple(_summed(b, start, raw) for raw in maps.total)
    if total and maps.op != "<=":
        raise RuleError(mark, "a total is compared with '<=' only")
    types = {t.selector.type_name or "" for t in total}
    if len(types) > 1:
        raise RuleError(mark, "a total adds up objects of one type")
    item = b.spec.type(types.pop()) if types else start
    left, right = b.ref(item, maps.left, mark), b.ref(start, maps.right, mark)
    for ref in (left, right):
        if not (isinstance(ref.kind, MapOf) and isinstance(ref.kind.value, Quantity)):
            raise RuleError(mark, f"'{ref.text}' is not a map of quantities")
    aggregate = _aggregate(b, item, maps.aggregate) if maps.aggregate else None
    if ("{total}" in b.raw.detail) != (aggregate is not None):
        raise RuleError(mark, "'{total}' in the detail shows a compareMaps aggregate")
    if aggregate is not None and not total:
        raise RuleError(mark, "an aggregate is shown for a total only")
    return MapComparison(left, right, maps.keys, maps.op, total, aggregate)


def _aggregate(b: Resolver, item: TypeDef, raw: RawAggregate) -> Aggregate:
    """The containers and init containers, from the host, that `left` is read in (the
    objects the total adds up), and which init containers are sidecars."""
    lists = []
    for text in (raw.containers, raw.init):
        selector = replace(b.selector(b.host, text, raw.mark), base="host")
        if selector.type_name != item.name:
            said = f"'{text}' does not select the objects the total adds up"
            raise RuleError(raw.mark, said)
        lists.append(selector)
    return Aggregate(lists[0], lists[1], b.predicate(raw.sidecar, item))


def _summed(b: Resolver, start: TypeDef, raw: RawSummed) -> Summed:
    # `^`: the items of the list `each` walks that come before the one checked.
    before = raw.selector == EARLIER_ITEMS
    each = b.raw.each or ""
    if not before:
        selector = b.selector(start, raw.selector, raw.mark)
    elif each.endswith("[*]") and each.count("[*]") == 1:
        selector = replace(b.selector(b.host, each, raw.mark), base="host")
    else:
        said = "'^' sums the earlier items of an `each` over one list"
        raise RuleError(raw.mark, said)
    if selector.type_name is None:
        raise RuleError(raw.mark, f"'{raw.selector}' does not select objects")
    item = b.spec.type(selector.type_name)
    where = b.predicate(raw.where, item) if raw.where else None
    return Summed(selector, where, before)
