"""The exact form of a rule about a map's keys (`each: 'limits{*}'` with predicates on
`@key`): `propertyNames` on the map, so an editor flags `memroy` where it is written."""

from __future__ import annotations

from typing import Any

from podspec_gen.model import quantity_text
from podspec_gen.model.rules.vocab import Join, Matches, Predicate, Rule, Test

Schema = dict[str, Any]


def about_keys(rule: Rule) -> bool:
    """Whether the rule checks only the keys of the map its `each` ends in."""
    each = rule.each
    if each is None or each.steps[-1].each != "map" or rule.kind != "assert":
        return False
    preds = [p for p in (rule.when, rule.check) if p is not None]
    return all(_on_key(p) for p in preds)


def key_form(rule: Rule) -> Schema:
    """`propertyNames` saying: when a key holds `when`, it holds the check."""
    assert rule.each is not None and rule.check is not None
    names: Schema = _key(rule.check)
    if rule.when is not None:
        names = {"anyOf": [{"not": _key(rule.when)}, names]}
    schema: Schema = {"propertyNames": names}
    for step in reversed(rule.each.steps):
        if step is not rule.each.steps[-1] and step.each == "list":
            schema = {"items": schema}
        elif step is not rule.each.steps[-1] and step.each == "map":
            schema = {"additionalProperties": schema}
        schema = {"properties": {step.wire: schema}}
    return schema


def _on_key(pred: Predicate) -> bool:
    if isinstance(pred, Join):
        return all(_on_key(p) for p in pred.parts)
    if isinstance(pred, Test):
        return pred.name == "pageSize" and pred.ref.base == "key"
    return isinstance(pred, Matches) and pred.ref.base == "key" and not pred.fills


# What a page size must at least be: a quantity without a minus sign (whether it is
# whole positive bytes, its thousandths rounded up, no pattern says).
_PAGE_SIZE = rf"^(?!hugepages-)|^hugepages-(?!-){quantity_text.BARE}$"


def _key(pred: Predicate) -> Schema:
    if isinstance(pred, Join):
        parts = [_key(p) for p in pred.parts]
        if pred.op == "not":
            return {"not": parts[0]}
        return {"allOf" if pred.op == "all" else "anyOf": parts}
    if isinstance(pred, Test):
        return {"pattern": _PAGE_SIZE}
    assert isinstance(pred, Matches)
    return {"pattern": pred.regex}
