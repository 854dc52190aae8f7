"""Resolve the predicates that compare numbers: two fields' values (`compare`), and
an index list's indexes or their count (`indexes`, `indexCount`)."""

from __future__ import annotations

from podspec_gen.model.kinds import Integer, IntOrString, Number, Quantity, String
from podspec_gen.model.rules.rule_error import RuleError
from podspec_gen.model.rules.vocab import Compare, Indexes, Ref
from podspec_gen.spec.rule_records import RawPredicate

_NUMERIC = (Integer, Number, Quantity, IntOrString)


def comparison(ref: Ref, other: Ref | None, raw: RawPredicate) -> Compare:
    """Two numbers or quantities, or one and a literal."""
    for side in (ref, other):
        if side is not None and not isinstance(side.value_kind, _NUMERIC):
            raise RuleError(raw.mark, f"'{side.text}' is not a number or quantity")
    if other is not None and any(
        isinstance(side.value_kind, IntOrString) for side in (ref, other)
    ):
        # Its string form has no order: only its number is compared, with a literal.
        raise RuleError(raw.mark, "an int-or-string compares only with a number")
    return Compare(ref, raw.text, other, raw.number)


def index_list(ref: Ref, other: Ref | None, raw: RawPredicate) -> Indexes:
    """A string listing indexes, against a whole number or an integer field."""
    if not isinstance(ref.value_kind, String):
        raise RuleError(raw.mark, f"'{ref.text}' is not a string")
    if other is not None and not isinstance(other.value_kind, Integer):
        raise RuleError(raw.mark, f"'{other.text}' is not an integer")
    number = None if raw.number is None else int(raw.number)
    return Indexes(ref, raw.text, other, number, count=raw.op == "indexCount")
