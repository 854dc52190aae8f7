"""A rule's predicate of a named format (`{field: f, format: k8s-label-key}`): the
format's pattern, and its server checks, which word the rule's failures."""

from __future__ import annotations

from podspec_gen.model.kinds import IntOrString, String
from podspec_gen.model.rules.format_words import FormatWords
from podspec_gen.model.rules.rule_error import RuleError
from podspec_gen.model.rules.vocab import Matches, Ref
from podspec_gen.model.types import Spec
from podspec_gen.spec.rule_records import RawPredicate


def format_predicate(spec: Spec, ref: Ref, raw: RawPredicate) -> Matches:
    """A value of the named format: its pattern, worded by its server checks."""
    found = next((f for f in spec.formats if f.name == raw.text), None)
    if found is None:
        names = ", ".join(sorted(f.name for f in spec.formats))
        raise RuleError(raw.mark, f"'{raw.text}' is no format (formats: {names})")
    # An int-or-string's text is read as the format, as `matches` reads it.
    if ref.value_kind is not None and not isinstance(
        ref.value_kind, String | IntOrString
    ):
        raise RuleError(raw.mark, f"'{ref.text}' is no string")
    if any(check[4] != "Invalid" for check in found.server):
        # A rule words each failed check under its own error type: one type only.
        said = f"format '{found.name}' has a check the server reports as Too long"
        raise RuleError(raw.mark, f"{said}; a rule can state only Invalid checks")
    words = FormatWords(found.name, found.message)
    return Matches(ref, found.checked_pattern, format=words)
