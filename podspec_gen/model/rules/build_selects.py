"""Resolve a `selects` predicate: a label selector (or a map of labels) matched
against a map of labels."""

from __future__ import annotations

from podspec_gen.model.kinds import MapOf, ObjectRef, String
from podspec_gen.model.rules.rule_error import RuleError
from podspec_gen.model.rules.vocab import Ref, Selects
from podspec_gen.model.types import Spec
from podspec_gen.spec.errors import Mark


def is_labels(ref: Ref) -> bool:
    """Whether the field is a map of strings (labels, annotations)."""
    kind = ref.value_kind
    return isinstance(kind, MapOf) and isinstance(kind.value.underlying, String)


def label_selection(spec: Spec, selector: Ref, labels: Ref, mark: Mark) -> Selects:
    """A label selector (or a map of labels) and a map of labels."""
    if not is_labels(labels):
        raise RuleError(mark, f"'{labels.text}' is not a map of strings")
    kind = selector.kind
    fields: set[str] = set()
    if isinstance(kind, ObjectRef):
        fields = {f.wire_name for f in spec.type(kind.name).fields}
    if not (is_labels(selector) or {"matchLabels", "matchExpressions"} <= fields):
        raise RuleError(
            mark,
            f"'{selector.text}' is neither a LabelSelector nor a map of labels",
        )
    return Selects(selector, labels)
