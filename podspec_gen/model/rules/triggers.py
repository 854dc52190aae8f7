"""Which field of the host must be set for a rule to have anything to check.

A walker groups its rules under one `if o.<field> is not None:` per such field, so a
pod spec pays only for the rules about what it says: most of a walker's rules are about
fields a given manifest leaves out. A rule with no such field runs always.
"""

from __future__ import annotations

from podspec_gen.model.kinds import Integer, IntOrString, Number, Quantity
from podspec_gen.model.rules.pred_reads import primary
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    Indexes,
    IsSet,
    Join,
    Length,
    Matches,
    Predicate,
    Ref,
    Rule,
    Selects,
    Step,
    Test,
)

# Kinds that check one object at a time (and so may share a loop over `each`).
PER_OBJECT = ("require", "forbid", "atMostOne", "atLeastOne", "assert", "compareMaps")
# The named tests that hold for an empty string as for an unset value (the runtime's
# `test_*`, held to it by tests/test_rules_names.py): a field whose default is "" can
# fail one only when set.
HOLD_FOR_EMPTY = (
    "relativePath",
    "noBacksteps",
    "integral",
    "nonNegative",
    "ascending",
    "shortSearchList",
    "canonicalIP",
    "pageMultiple",
    "pageSize",
    "cronRanges",
)


def trigger(rule: Rule) -> Step | None:
    """The host field that must be set for `rule` to fire, if one must."""
    if rule.each is not None:
        return _from_host(rule) or rule.each.steps[0]
    found = from_when(rule.when) if rule.when is not None else None
    return found or _from_kind(rule)


def _from_host(rule: Rule) -> Step | None:
    """A field of the host that an `each` rule needs set: its condition on the host
    (`$.os.name`), or the host's map its comparison reads. Such a field is rarely set
    where the items are many (the containers), so the loop over them is skipped."""
    found = from_when(rule.when, "host") if rule.when is not None else None
    if found is not None and not found.required:  # a required field is always set
        return found
    maps = rule.maps
    if (
        rule.kind == "compareMaps"
        and maps is not None
        and not maps.total
        and maps.op != "present"  # the others compare only keys the right map has
        and maps.right.base == "host"
    ):
        return _own(maps.right)
    return None


def _from_kind(rule: Rule) -> Step | None:
    if rule.kind in ("unique", "reference"):
        firsts = {s.steps[0] for s in rule.lists}
        return firsts.pop() if len(firsts) == 1 else None
    if rule.kind == "forbid" and len(rule.fields) == 1:
        return _own(rule.fields[0])
    if rule.kind == "assert" and rule.check is not None:
        subject = primary(rule.check)
        if subject is None:
            return None
        empty = isinstance(rule.check, Test) and rule.check.name in HOLD_FOR_EMPTY
        if subject.has_default and not (empty and subject.default == ""):
            # Unset, the field reads as its default: the rule waits for the field
            # only if the default passes (`livenessProbe.successThreshold == 1`).
            return _own(subject) if _at_default(rule.check, subject) else None
        return _own(subject)
    if rule.kind == "compareMaps" and rule.maps is not None:
        # A total's `left` is read in other objects: its `right` must be set.
        return _own(rule.maps.right if rule.maps.total else rule.maps.left)
    return None


def from_when(pred: Predicate, base: str = "") -> Step | None:
    """A field the predicate can hold only when it is set (with `base`, only a field
    read from there: `"item"` for the items a count's `where` tests)."""
    ref = when_ref(pred, base)
    return None if ref is None else _own(ref)


def when_ref(pred: Predicate, base: str = "") -> Ref | None:
    """The whole path of `from_when`'s field: the predicate holds only when every
    step of it is set."""
    if isinstance(pred, Join):
        if pred.op != "all":
            return None
        found = (when_ref(p, base) for p in pred.parts)
        return next((r for r in found if r is not None and r.steps), None)
    if isinstance(pred, Among) and _holds_unset(pred):
        return None
    if isinstance(pred, IsSet) and not pred.flag:
        return None
    if isinstance(pred, Test | Length | Indexes):
        # the named tests hold for an unset value; a length reads "", an index list
        # lists none
        return None
    assert isinstance(pred, Among | IsSet | Matches | Compare | Selects)
    if (base and pred.ref.base != base) or pred.ref.base == "owner":
        return None
    return pred.ref if pred.ref.steps else None


def _at_default(pred: Predicate, ref: Ref) -> bool | None:
    """The test's verdict on `ref` at its default, when it is a plain comparison of
    that field with literals (None: not known here)."""
    if isinstance(pred, Join):
        if pred.op != "not":
            return None
        inner = _at_default(pred.parts[0], ref)
        return None if inner is None else not inner
    if not isinstance(pred, Among | Compare) or pred.ref != ref:
        return None
    default, kind = ref.default, ref.value_kind
    if isinstance(pred, Compare):
        if pred.count or pred.other is not None or pred.number is None:
            return None
        if isinstance(default, bool) or not isinstance(default, int | float):
            return None
        return pred.holds_for(default) if isinstance(kind, Integer | Number) else None
    if isinstance(kind, Quantity | IntOrString):
        return None  # equal by value, or either of two kinds: not a plain `in`
    return (default in pred.values) != pred.negated


def _holds_unset(pred: Among) -> bool:
    """Whether the test may hold of an unset field, which reads as its default (the
    emitted test reads the default in its place, `rules_values.Reader.value`); when
    the default's verdict is not known here, it may."""
    ref = pred.ref
    if not ref.has_default or ref.default is None:
        return pred.negated
    return _at_default(pred, ref) is not False


def own_field(ref: Ref) -> Step | None:
    """The field, when `ref` is a field of the object itself (not a path into another
    object, a list's items or a map's entries)."""
    if ref.base != "item" or len(ref.steps) != 1:
        return None
    step = ref.steps[0]
    return None if step.each or step.key else step


def _own(ref: Ref) -> Step | None:
    return ref.steps[0] if ref.steps else None
