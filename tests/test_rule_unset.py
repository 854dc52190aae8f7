"""An `assert` holds while its fields are unset (spec/README.md, "Rules across fields").

The server checks a value only when it is there (or reads its default), so a rule that
fires on an absent field refuses specs the server accepts: the worst defect. Each
assert rule's `valid` example is stripped of every field the assertion reads, one at a
time, in every object the rule visits; the rule must stay silent. Only assertions
about one field are checked, and only fields that may be absent without a default: a
rule over two fields (`name` or `generateName`) may be about absence. (An `any` or `all`
has no subject of its own to guard, so it is where such a slip hides: a range over an
int-or-string written as "a name, or a number >= 1" refuses an unset field.)
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import podspec
import pytest
from conftest import model
from podspec import ValidationError

from podspec_gen.model.rules.vocab import (
    Compare,
    IsSet,
    Join,
    Predicate,
    Ref,
    Rule,
    Step,
)

ASSERTS = [r for r in model().rules if r.kind == "assert" and not r.is_warning]


def _refs(pred: Predicate) -> Iterator[Ref]:
    if isinstance(pred, Join):
        for part in pred.parts:
            yield from _refs(part)
        return
    yield pred.ref
    if isinstance(pred, Compare) and pred.other is not None:
        yield pred.other


def _visit(value: Any, steps: tuple[Step, ...]) -> Iterator[Any]:
    """Every object the steps select in plain data."""
    if not steps:
        yield value
        return
    step, rest = steps[0], steps[1:]
    if not isinstance(value, dict) or step.wire not in value:
        return
    inner = value[step.wire]
    if step.each == "list" and isinstance(inner, list):
        for item in inner:
            yield from _visit(item, rest)
    elif step.each == "map" and isinstance(inner, dict):
        for item in inner.values():
            yield from _visit(item, rest)
    elif not step.each:
        yield from _visit(inner, rest)


def _without(example: Any, rule: Rule, ref: Ref) -> Any | None:
    """The example with the field gone from every object the rule checks, or None
    when no object has it."""
    data = copy.deepcopy(example)
    objects = _visit(data, rule.each.steps) if rule.each else iter([data])
    removed = False
    for obj in objects:
        for parent in _visit(obj, ref.steps[:-1]):
            if isinstance(parent, dict) and ref.steps[-1].wire in parent:
                del parent[ref.steps[-1].wire]
                removed = True
    return data if removed else None


def _asks_for(pred: Predicate, ref: Ref) -> bool:
    """Whether the assertion says outright that the field must be set (`all` of
    `set: true` and more): absence is what it is about, as where the server reads an
    absent string as "" and refuses that (a host alias's ip)."""
    if isinstance(pred, Join):
        return pred.op == "all" and any(_asks_for(p, ref) for p in pred.parts)
    return isinstance(pred, IsSet) and pred.flag and pred.ref == ref


def _cases() -> Iterator[Any]:
    for rule in ASSERTS:
        assert rule.check is not None
        refs = {r.text: r for r in _refs(rule.check)}
        if len(refs) != 1:
            continue  # `name or generateName`: absence is what such a rule is about
        for ref in refs.values():
            # A field its type requires, or that reads its default when unset, is
            # never absent for the rule; a map entry (`limits[memory]`) and a host
            # field (read from outside the objects an `each` visits) stay in place.
            if (
                ref.base != "item"
                or not ref.steps
                or ref.steps[-1].key
                or ref.steps[-1].required
                or ref.has_default
                or _asks_for(rule.check, ref)
            ):
                continue
            stripped = _without(rule.valid, rule, ref)
            if stripped is not None:
                yield pytest.param(rule, stripped, id=f"{rule.id}-{ref.text}")


CASES = list(_cases())


def test_there_are_cases_to_check() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_an_assert_is_silent_while_its_field_is_unset(rule: Rule, example: Any) -> None:
    try:
        getattr(podspec, rule.host).from_dict(example)
    except ValidationError as exc:
        assert rule.id not in {p.rule for p in exc.problems}, exc.problems
