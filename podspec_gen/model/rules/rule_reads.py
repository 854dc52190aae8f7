"""What a whole rule reads: the values its condition, fields, check and report place
read, for the outputs that must know whether it reaches outside its item."""

from __future__ import annotations

from podspec_gen.model.rules.vocab import Join, Matches, Predicate, Ref, Rule, refs


def rule_refs(rule: Rule) -> list[Ref]:
    """The values a rule's condition, fields, check and report place read (with the
    values a regex shows), not those a count's `where` reads in the items it counts."""
    found = [*rule.fields, *([rule.at] if rule.at else [])]
    for pred in (rule.when, rule.check):
        if pred is not None:
            found.extend(_all_refs(pred))
    return found


def _all_refs(pred: Predicate) -> list[Ref]:
    if isinstance(pred, Join):
        return [r for p in pred.parts for r in _all_refs(p)]
    fills = [r for _, r in pred.fills] if isinstance(pred, Matches) else []
    return [*refs(pred), *fills]


def reads_owner(rule: Rule) -> bool:
    """Whether the rule reads the object holding its items' list (`@owner.`)."""
    return any(r.base == "owner" for r in rule_refs(rule))
