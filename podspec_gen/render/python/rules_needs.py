"""A gate for rules no single field waits for: the fields, or guard flags, one of
which the rule's failure needs.

`model.rules.triggers` gives a rule the one host field it needs set, and the walker runs it
under that field's block. Some assertions need one of several instead: "hostNetwork
must be true if pod contains any hostProcess containers" can fail only when the pod's
security context is set or some container sets one. They ran on every object; they
now run under `if <one of those>:`, the containers' part read from the flags of the
walker's guard pass (`Reader._some_item_can_count`).
"""

from __future__ import annotations

from podspec_gen.model.rules.triggers import when_ref
from podspec_gen.model.rules.vocab import Among, Compare, IsSet, Join, Predicate, Rule
from podspec_gen.render.python.rules_values import Reader


def failure_gate(reader: Reader, rule: Rule) -> str | None:
    """An expression that is false only where the assertion cannot fail."""
    if rule.kind != "assert" or rule.check is None or rule.each is not None:
        return None
    found = _needs(reader, rule.check, holds=False)
    return " or ".join(dict.fromkeys(found)) if found else None


def _needs(reader: Reader, pred: Predicate, *, holds: bool) -> list[str] | None:
    """Expressions one of which is true wherever `pred` holds (`holds`) or fails;
    None when no such list is known."""
    if isinstance(pred, Join):
        if pred.op == "not":
            return _needs(reader, pred.parts[0], holds=not holds)
        parts = [_needs(reader, p, holds=holds) for p in pred.parts]
        if (pred.op == "all") == holds:  # every part holds (or fails): one will do
            return next((found for found in parts if found), None)
        if any(not found for found in parts):  # some part does: each must tell
            return None
        return [e for found in parts if found for e in found]
    if not holds:
        return None  # an unset field fails most tests
    if isinstance(pred, Compare) and pred.count:
        flag = reader._some_item_can_count(pred, "o")
        return [flag] if flag else None
    if isinstance(pred, Among | IsSet):
        ref = when_ref(pred)  # None where an unset field may hold it
        if ref is None or ref.steps[0].required or ref.steps[0].key:
            return None
        steps = ref.steps
        if any(s.key or s.each for s in steps):
            steps = steps[:1]
        # The whole path: a pod's security context is often set, its
        # `windowsOptions.hostProcess` rarely.
        tests = reader.em.set_along(steps, "o")
        return [f"({' and '.join(tests)})" if len(tests) > 1 else tests[0]]
    return None
