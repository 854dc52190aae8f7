"""Each kind of rule as one CEL expression over its host (`self`), the way a CRD's
`x-kubernetes-validations` rule states it: the expression holds exactly when the SDK
reports nothing for the rule.

An `each` rule is an `all()` over the objects it visits, and its `when` an
implication inside; the values and predicates come from `cel`, the selectors from
`cel_select`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from podspec_gen.model.kinds import Boolean, Integer, Number
from podspec_gen.model.rules.pred_reads import primary
from podspec_gen.model.rules.vocab import Predicate, Ref, Rule
from podspec_gen.render.schema.cel import (
    Scope,
    conj,
    disj,
    field,
    implies,
    is_set,
    negate,
    predicate,
    regex,
    value,
    wrap,
)
from podspec_gen.render.schema.cel_select import count, every, some, total
from podspec_gen.render.schema.cel_texts import text_of
from podspec_gen.render.schema.cel_values import access

# A resource a container may request below its limit (the runtime's `overcommit`):
# no domain, or a kubernetes.io one, and not hugepages.
_NATIVE_DOMAIN = r"^(.*\.)?kubernetes\.io/[^/]*$"


def rule_cel(rule: Rule) -> str:
    """The rule as one CEL expression over its host."""

    def checked(scope: Scope, item: str) -> str:
        here = scope.at(item)
        body = KINDS[rule.kind](rule, here)
        if rule.when is None:
            return body
        return implies(predicate(here, rule.when), body)

    if rule.each is None:
        return checked(Scope(), "self")
    return every(Scope(), rule.each.steps, "self", checked)


def require(rule: Rule, scope: Scope) -> str:
    return conj([_filled(scope, ref) for ref in rule.fields])


def _filled(scope: Scope, ref: Ref) -> str:
    """Set; a field its type requires anyway may be absent (`required` says so)."""
    if ref.steps and ref.steps[-1].required:
        guards, _ = access(scope, ref)
        return implies(conj(guards), is_set(scope, ref))
    return is_set(scope, ref)


def forbid(rule: Rule, scope: Scope) -> str:
    return conj([negate(is_set(scope, ref)) for ref in rule.fields])


def at_least_one(rule: Rule, scope: Scope) -> str:
    return disj([is_set(scope, ref) for ref in rule.fields])


def at_most_one(rule: Rule, scope: Scope) -> str:
    flag, _ = scope.fresh("set")
    tests = ", ".join(is_set(scope, ref) for ref in rule.fields)
    return f"[{tests}].filter({flag}, {flag}).size() <= 1"


def assertion(rule: Rule, scope: Scope) -> str:
    """The check, skipped (as the server skips it) when its field is unset."""
    assert rule.check is not None
    subject = primary(rule.check)
    guard = value(scope, subject).guard if subject is not None else "true"
    return implies(guard, predicate(scope, rule.check))


def _key(rule: Rule, scope: Scope, item: str) -> tuple[str, str]:
    """(when the item takes part, its key) for a uniqueness check. A single key that
    is unset keeps the item out; a composite key reads unset parts as Go's zero value
    ("" or 0), as the server compares them."""
    here = scope.at(item)
    where = predicate(here, rule.where) if rule.where is not None else "true"
    if not rule.key:
        return where, item
    if len(rule.key) == 1:
        v = value(here, rule.key[0])
        return conj([v.guard, where]), wrap(v.expr)
    parts = []
    for ref in rule.key:
        v = value(here, ref)
        parts.append(
            v.expr if v.guard == "true" else f"({v.guard} ? {v.expr} : {_zero(ref)})"
        )
    return where, "[" + ", ".join(parts) + "]"


def _zero(ref: Ref) -> str:
    kind = ref.value_kind
    if isinstance(kind, Integer | Number):
        return "0"
    return "false" if isinstance(kind, Boolean) else "''"


def unique(rule: Rule, scope: Scope) -> str:
    """No two items of the lists (together) share a key: each item's key is found
    exactly once, itself."""
    lists = rule.lists

    def item_unique(outer: Scope, x: str) -> str:
        takes_part, key = _key(rule, outer, x)
        single = len(lists) == 1 and [s.each for s in lists[0].steps] == ["list"]

        def same(inner: Scope, y: str) -> str:
            other_part, other_key = _key(rule, inner, y)
            return conj([other_part, f"{other_key} == {key}"])

        if rule.pairwise:
            # No other item of the key that the pair condition holds with (CEL cannot
            # order items across lists: each pair is read both ways). The item meets
            # itself in the count too: it is taken off when the condition holds for it.
            later = rule.later
            assert later is not None

            def conflicts(inner: Scope, y: str) -> str:
                other_part, other_key = _key(rule, inner, y)
                pair = predicate(replace(inner, item=x, earlier=y), later)
                # Without a key every two items are compared: `later` alone decides.
                same_key = [f"{other_key} == {key}"] if rule.key else []
                return conj([other_part, *same_key, pair])

            total = " + ".join(
                count(outer, s.steps, outer.item, conflicts) for s in lists
            )
            itself = predicate(replace(outer, item=x, earlier=x), later)
            return implies(takes_part, f"{total} <= ({itself} ? 1 : 0)")
        if single and rule.later is not None:
            # Only a later item holding `later` counts: such an item must be the
            # first of its key.
            here = f"{outer.item}.{field(lists[0].steps[0].wire)}"
            y, inner = outer.fresh(lists[0].steps[0].wire)
            first = f"{here}.filter({y}, {same(inner, y)})[0] == {x}"
            counts = predicate(outer.at(x), rule.later)
            return implies(conj([takes_part, counts]), first)
        if single:
            here = f"{outer.item}.{field(lists[0].steps[0].wire)}"
            y, inner = outer.fresh(lists[0].steps[0].wire)
            found = f"{here}.exists_one({y}, {same(inner, y)})"
        else:
            total = " + ".join(count(outer, s.steps, outer.item, same) for s in lists)
            found = f"{total} == 1"
        return implies(takes_part, found)

    return conj([every(scope, s.steps, scope.item, item_unique) for s in lists])


def _name_of(rule: Rule, scope: Scope, item: str) -> tuple[str, str]:
    """(whether the item has a name, the name) of an item the names come from."""
    if rule.name_parts:  # `nameAs`: made of the item's fields
        return "true", f"({text_of(scope.at(item), rule.name_parts)})"
    if rule.name_key is None:
        return "true", item
    v = value(scope.at(item), rule.name_key)
    return v.guard, wrap(v.expr)


def _named(rule: Rule, scope: Scope, name: str, filtered: bool) -> str:
    """Whether some item of the names' lists (where `where` holds, if `filtered`) is
    called `name`."""

    def called(inner: Scope, item: str) -> str:
        has, own = _name_of(rule, inner, item)
        tests = [has, f"{own} == {name}"]
        if filtered and rule.where is not None:
            tests.append(predicate(inner.at(item), rule.where))
        return conj(tests)

    return disj(
        [
            some(scope, s.steps, "self" if s.base == "host" else scope.item, called)
            for s in rule.names
        ]
    )


def reference(rule: Rule, scope: Scope) -> str:
    """Each value names an item of the names' lists; with `where`, a value that names
    none of them at all is another rule's business."""

    def names_one(outer: Scope, v: str) -> str:
        found = _named(rule, outer, v, filtered=True)
        if rule.absent:
            return negate(found)
        if rule.where is None:
            return found
        return implies(_named(rule, outer, v, filtered=False), found)

    return conj([every(scope, s.steps, scope.item, names_one) for s in rule.lists])


def _keeps(keys: str, name: str) -> str:
    native = (
        f"(!{name}.contains('/') || {name}.matches({regex(_NATIVE_DOMAIN)}))"
        f" && !{name}.startsWith('hugepages-')"
    )
    return {"all": "true", "overcommit": native, "exact": negate(native)}[keys]


def compare_maps(rule: Rule, scope: Scope) -> str:
    """For each resource of the left map (of the kinds `keys` names): the right map
    has it, or its quantity compares so with the right one's."""
    maps = rule.maps
    assert maps is not None
    if maps.total and not maps.total_is_own:
        return _total_within(rule, scope)
    left, right = value(scope, maps.left), value(scope, maps.right)
    k, _ = scope.fresh("resource")
    has_right = conj([right.guard, f"{k} in {right.expr}"])
    if maps.op == "present":
        body = implies(_keeps(maps.keys, k), has_right)
    else:
        ours = f"quantity(string({left.expr}[{k}]))"
        theirs = f"quantity(string({right.expr}[{k}]))"
        op = "<=" if maps.op == "<=" else "=="
        body = implies(
            conj([_keeps(maps.keys, k), has_right]),
            f"{ours}.compareTo({theirs}) {op} 0",
        )
    return implies(left.guard, f"{left.expr}.all({k}, {body})")


# CEL cannot add quantities up exactly (it has no fold): their approximate floats are
# added, with half a thousandth of slack for the rounding, which is below any step
# between two resource quantities (the server rounds them to thousandths).
_SLACK = "0.0005"


def _total_within(rule: Rule, scope: Scope) -> str:
    """For each resource of `right`: the sum of `left` over the objects `total`
    selects is at most its quantity."""
    maps = rule.maps
    assert maps is not None
    right = value(scope, maps.right)
    k, inner = scope.fresh("resource")

    def term(where: Predicate | None) -> Callable[[Scope, str], str]:
        def amount(at: Scope, item: str) -> str:
            here = at.at(item)
            left = value(here, maps.left)
            found = [left.guard, f"{k} in {left.expr}"]
            if where is not None:
                found.insert(0, predicate(here, where))
            q = f"quantity(string({left.expr}[{k}])).asApproximateFloat()"
            return f"({conj(found)} ? {q} : 0.0)"

        return amount

    sums = [
        (
            total(inner, s.selector.steps, "self", term(s.where), before=scope.item)
            if s.before
            else total(inner, s.selector.steps, scope.item, term(s.where))
        )
        for s in maps.total
    ]
    limit = f"quantity(string({right.expr}[{k}])).asApproximateFloat()"
    body = implies(_keeps(maps.keys, k), f"{' + '.join(sums)} <= {limit} + {_SLACK}")
    return implies(right.guard, f"{right.expr}.all({k}, {body})")


KINDS: dict[str, Callable[[Rule, Scope], str]] = {
    "require": require,
    "forbid": forbid,
    "atLeastOne": at_least_one,
    "atMostOne": at_most_one,
    "assert": assertion,
    "unique": unique,
    "reference": reference,
    "compareMaps": compare_maps,
}
