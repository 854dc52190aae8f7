"""What a rule's predicate is about: where an assert reports, read by the rule builder,
the wording and every output."""

from __future__ import annotations

from podspec_gen.model.rules.vocab import Join, Predicate, Ref


def primary(pred: Predicate) -> Ref | None:
    """The field a predicate is about (where an assert reports), if it has one."""
    if isinstance(pred, Join):
        return primary(pred.parts[0]) if pred.op == "not" else None
    return pred.ref
