"""A rule as plain JSON Schema, where JSON Schema can say it exactly.

The form of a rule is a schema for its host object that accepts exactly the objects
the rule accepts (among those the definition's own keywords accept): never more, and,
worst of all, never fewer. `required` only says a key is present, while a rule's
"set" means not null and not empty, and a field the server defaults reads as its
default when unset or empty; so each predicate is stated on the value as the server
reads it, and anything JSON Schema cannot state that way (a comparison of two fields,
a uniqueness key, a reference, a quantity test, a condition on the host inside an item)
gives no form at all. A warning has none either: it never refuses a pod spec.
"""

from __future__ import annotations

from podspec_gen.model.rules.pred_reads import primary
from podspec_gen.model.rules.rule_reads import reads_owner
from podspec_gen.model.rules.vocab import (
    Join,
    Predicate,
    Ref,
    Rule,
    refs,
)
from podspec_gen.render.schema.inexact import Inexact, Schema
from podspec_gen.render.schema.key_forms import about_keys, key_form
from podspec_gen.render.schema.value_forms import (
    SET,
    all_of,
    at,
    entry,
    inside,
    is_set,
    is_unset,
    predicate,
)
from podspec_gen.render.schema.zero_reads import zero_of


def rule_form(rule: Rule, null_items: frozenset[str]) -> Schema | None:
    """The rule as a schema for its host object, or None where none is exact.
    `null_items`: the object types whose lists take a null item (their zero value)."""
    if rule.is_warning:
        return None
    try:
        return _form(rule, null_items)
    except Inexact:
        return None


def _form(rule: Rule, null_items: frozenset[str]) -> Schema:
    if reads_owner(rule):
        raise Inexact("a field of the object holding the items")
    if about_keys(rule):
        return key_form(rule)
    body = KINDS.get(rule.kind, _inexact)(rule)
    host_when, item_when = _split(rule.when) if rule.each else (None, rule.when)
    if item_when is not None:
        body = {"if": predicate(item_when, item=rule.each is not None), "then": body}
    if rule.each is not None:
        kind = rule.each.kind
        takes_null = rule.each.type_name is None or rule.each.type_name in null_items
        body = inside(rule.each.steps, body, kind, takes_null)
    if host_when is not None:
        body = {"if": predicate(host_when, item=False), "then": body}
    return body


def _split(when: Predicate | None) -> tuple[Predicate | None, Predicate | None]:
    """(the conjuncts about the host alone, the rest) of an `each` rule's condition."""
    if when is None:
        return None, None
    parts = when.parts if isinstance(when, Join) and when.op == "all" else (when,)
    host = [p for p in parts if _about_host(p)]
    rest = [p for p in parts if not _about_host(p)]

    def joined(found: list[Predicate]) -> Predicate | None:
        if not found:
            return None
        return found[0] if len(found) == 1 else Join("all", tuple(found))

    return joined(host), joined(rest)


def _about_host(pred: Predicate) -> bool:
    if isinstance(pred, Join):
        return all(_about_host(p) for p in pred.parts)
    return all(r.base == "host" and r.steps for r in refs(pred))


# --- rule kinds ------------------------------------------------------------------


def _item(rule: Rule) -> bool:
    return rule.each is not None


def require(rule: Rule) -> Schema:
    return all_of([_filled(ref) for ref in _fields(rule)])


def _filled(ref: Ref) -> Schema:
    """`require`'s test of one field: set. A field its type requires anyway may be
    absent here: `required` reports that, as the SDK's field check does, once."""
    if ref.steps and ref.steps[-1].required:
        return at(ref.steps, SET[ref.set_family], unset_passes=True)
    return is_set(ref)


def forbid(rule: Rule) -> Schema:
    return all_of([is_unset(ref) for ref in _fields(rule)])


def at_least_one(rule: Rule) -> Schema:
    return {"anyOf": [is_set(ref) for ref in _fields(rule)]}


def at_most_one(rule: Rule) -> Schema:
    """Each field set leaves the later ones unset (own fields: dependentSchemas)."""
    fields = _fields(rule)
    if rule.each is None and all(len(ref.steps) == 1 for ref in fields):
        detail = rule.detail or "at most one may be set"

        def unset_after(first: Ref, later: Ref) -> Schema:
            wire, unset = later.steps[0].wire, is_unset(later)["properties"]
            message = f"cannot be set together with {first.steps[0].wire}: {detail}"
            return {"properties": {wire: {**unset[wire], "errorMessage": message}}}

        return {
            "dependentSchemas": {
                # Present is not set: a null or empty field leaves the others free.
                ref.steps[0].wire: {
                    "if": is_unset(ref),
                    "else": all_of([unset_after(ref, r) for r in fields[i + 1 :]]),
                }
                for i, ref in enumerate(fields[:-1])
            }
        }
    return all_of(
        [
            {"if": is_set(ref), "then": all_of([is_unset(r) for r in fields[i + 1 :]])}
            for i, ref in enumerate(fields[:-1])
        ]
    )


def _fields(rule: Rule) -> tuple[Ref, ...]:
    if _item(rule) and any(ref.base == "host" for ref in rule.fields):
        raise Inexact("a field of the host, inside an item")
    return rule.fields


def assertion(rule: Rule) -> Schema:
    """The check, skipped while its field is unset (after its default)."""
    assert rule.check is not None
    check = predicate(rule.check, item=_item(rule))
    subject = primary(rule.check)
    if subject is None or not subject.steps:
        return check
    if subject.has_default and subject.default is not None:
        return check
    present = at(subject.steps, entry(subject, SET["none"]), unset_passes=False)
    return {"if": present, "then": check}


def unique(rule: Rule) -> Schema:
    """Items compared whole, in one list: `uniqueItems`."""
    if rule.key or rule.where is not None or len(rule.lists) != 1:
        raise Inexact("a uniqueness key, a filter or several lists")
    steps = rule.lists[0].steps
    if [s.each for s in steps] != [""] * (len(steps) - 1) + ["list"]:
        raise Inexact("items gathered from several lists")
    # A null item is its type's zero value: a duplicate of that value, which
    # `uniqueItems` cannot see.
    zero = zero_of(rule.lists[0].kind)
    both = [{"contains": {"type": "null"}}, {"contains": {"const": zero}}]
    return at(steps, {"uniqueItems": True, "not": {"allOf": both}}, unset_passes=True)


def _inexact(rule: Rule) -> Schema:
    raise Inexact(f"a {rule.kind} rule")


KINDS = {
    "require": require,
    "forbid": forbid,
    "atLeastOne": at_least_one,
    "atMostOne": at_most_one,
    "assert": assertion,
    "unique": unique,
}
