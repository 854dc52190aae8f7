"""CEL for the values a rule's selector visits (`containers[*].ports[*]`): `all()`,
`exists()` and counts over them, skipping unset values as the SDK's walkers do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from podspec_gen.model.rules.vocab import Step
from podspec_gen.render.schema.cel import Scope, conj, field, implies

Body = Callable[[Scope, str], str]  # (scope, the value's expression) -> CEL


def every(scope: Scope, steps: tuple[Step, ...], start: str, body: Body) -> str:
    """`body` holds for every value the steps select from `start`; unset ones (and
    the items of an unset list) are skipped, as the SDK's walkers skip them."""
    if not steps:
        return body(scope, start)
    step, here = steps[0], f"{start}.{field(steps[0].wire)}"
    if not step.each:
        return implies(f"has({here})", every(scope, steps[1:], here, body))
    var, inner = scope.fresh(step.wire)
    item = var if step.each == "list" else f"{here}[{var}]"
    # The object holding this list or map: what `@owner.` reads in its items.
    inner = replace(inner, owner=start)
    # What `@value` reads: the map value, or the list item, a plain value checked.
    inner = replace(inner, value=item)
    if step.each == "map":
        inner = replace(inner, key=var)
    rest = every(inner, steps[1:], item, body)
    return implies(f"has({here})", f"{here}.all({var}, {rest})")


def some(scope: Scope, steps: tuple[Step, ...], start: str, body: Body) -> str:
    """`body` holds for at least one value the steps select from `start`."""
    if not steps:
        return body(scope, start)
    step, here = steps[0], f"{start}.{field(steps[0].wire)}"
    if not step.each:
        return conj([f"has({here})", some(scope, steps[1:], here, body)])
    var, inner = scope.fresh(step.wire)
    item = var if step.each == "list" else f"{here}[{var}]"
    rest = some(inner, steps[1:], item, body)
    return conj([f"has({here})", f"{here}.exists({var}, {rest})"])


def count(scope: Scope, steps: tuple[Step, ...], start: str, body: Body) -> str:
    """How many values the steps select from `start` for which `body` holds."""
    if not steps:
        return f"({body(scope, start)} ? 1 : 0)"
    step, here = steps[0], f"{start}.{field(steps[0].wire)}"
    if not step.each:
        inner_count = count(scope, steps[1:], here, body)
    else:
        var, inner = scope.fresh(step.wire)
        item = var if step.each == "list" else f"{here}[{var}]"
        if len(steps) == 1:
            inner_count = f"{here}.filter({var}, {body(inner, item)}).size()"
        else:
            each = count(inner, steps[1:], item, body)
            inner_count = f"{here}.map({var}, {each}).sum()"
    return f"(has({here}) ? {inner_count} : 0)"


def total(
    scope: Scope, steps: tuple[Step, ...], start: str, term: Body, before: str = ""
) -> str:
    """The sum of the double `term` over the values the steps select from `start`;
    with `before`, over the items of the (last) list that come before that item."""
    if not steps:
        return term(scope, start)
    step, here = steps[0], f"{start}.{field(steps[0].wire)}"
    if not step.each:
        inner_sum = total(scope, steps[1:], here, term, before)
    else:
        var, inner = scope.fresh(step.wire)
        item = var if step.each == "list" else f"{here}[{var}]"
        amount = total(inner, steps[1:], item, term, before)
        if before and len(steps) == 1:
            # The list holds the item checked: never empty, so its sum is a double.
            amount = (
                f"({here}.indexOf({var}) < {here}.indexOf({before}) ? {amount} : 0.0)"
            )
        inner_sum = f"{here}.map({var}, {amount}).sum()"
    return f"(has({here}) ? {inner_sum} : 0.0)"
