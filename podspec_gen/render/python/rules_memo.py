"""Rules whose verdict rests on a few scalar fields of their object, checked once per
set of values.

Manifests repeat the same small objects: a `fieldRef` to `metadata.name`, a mount at
`/etc/config`, a toleration of `node.kubernetes.io/not-ready`. An object meets all of
its type's rules each time, several pattern lookups for a field selector. When two or
more of a walker's rules read nothing but the object's own strings, numbers and
booleans, the values they read are kept (a bounded set per walker, `_K<n>`, filled by
`_rt.keep_values`) once they passed them all, and the rules are skipped for the same
values after that. Values that broke a rule, or drew a warning, are never kept, so their
problems are reported every time. This generalises rules_keys.py from a map's key to
an object's fields.
"""

from __future__ import annotations

from collections.abc import Callable

from podspec_gen.model.kinds import Boolean, Integer, IntOrString, Quantity, String
from podspec_gen.model.rules.triggers import own_field, trigger
from podspec_gen.model.rules.vocab import (
    Among,
    Join,
    Matches,
    Predicate,
    Ref,
    Rule,
    Step,
    Test,
    refs,
)
from podspec_gen.render.python.rules_emit import Emitter

# Kinds whose values, as the field checks leave them, are equal only when the rules
# see them alike (no `True == 1` across two kinds of one field), and hash cheaply.
_SCALARS = (String, Boolean, Integer, Quantity, IntOrString)
# The kinds of rule that read only the fields they name (no lists, maps or other
# objects), in the object they are about.
_KINDS = ("assert", "require", "forbid", "atMostOne", "atLeastOne")


def by_values(rule: Rule) -> bool:
    """Whether the rule's verdict on an object depends on its own scalar fields alone
    (what its report shows may depend on more: only passes are kept)."""
    if rule.each is not None or rule.kind not in _KINDS:
        return False
    return all(_scalar_field(ref) for ref in _verdict_refs(rule))


def _verdict_refs(rule: Rule) -> list[Ref]:
    found = list(rule.fields)
    for pred in (rule.check, rule.when):
        if pred is not None:
            found.extend(refs(pred))  # a count's list is no scalar: never memoised
    return found


def _scalar_field(ref: Ref) -> bool:
    return own_field(ref) is not None and isinstance(ref.value_kind, _SCALARS)


def memoised(rules: list[Rule]) -> list[Rule]:
    """The rules a walker checks once per set of values: those about its object's
    scalar fields that run on every object (no optional field gates them) and call
    out (a pattern, a named test, a quantity), when there are two or more. Fewer, or
    cheaper ones, cost less than the tuple of values and its lookup."""
    found = [r for r in rules if by_values(r) and _always(r) and _calls_out(r)]
    return found if len(found) > 1 else []


def _always(rule: Rule) -> bool:
    step = trigger(rule)
    return step is None or step.required


def _calls_out(rule: Rule) -> bool:
    return any(_costly(pred) for pred in (rule.check, rule.when) if pred is not None)


def _costly(pred: Predicate) -> bool:
    if isinstance(pred, Join):
        return any(_costly(p) for p in pred.parts)
    if isinstance(pred, Matches | Test):
        return True
    return isinstance(pred, Among) and isinstance(pred.ref.value_kind, Quantity)


def fields_read(rules: list[Rule]) -> list[Step]:
    """The fields the rules' verdicts read, in the order first read."""
    steps: dict[str, Step] = {}
    for rule in rules:
        for ref in _verdict_refs(rule):
            steps.setdefault(ref.steps[0].wire, ref.steps[0])
    return list(steps.values())


def once_per_values(em: Emitter, steps: list[Step], body: Callable[[], None]) -> None:
    """`body` (the rules) unless the object's values of `steps` already passed them."""
    memo = em.memo("tuple[Any, ...]")
    key, count = em.fresh("key"), em.fresh("n")

    def guarded() -> None:
        em.line(f"{count} = len(e) + len(w)")
        body()
        em.block(
            f"if len(e) + len(w) == {count}:",
            lambda: em.line(f"_rt.keep_values({memo}, {key})"),
        )

    reads = ", ".join(em.read(step, "o") for step in steps)
    em.line(f"{key} = ({reads}{',' if len(steps) == 1 else ''})")
    em.block(f"if {key} not in {memo}:", guarded)
