"""A field's `rangeError`: what the API server says of an integer outside the field's
minimum and maximum, in its words.

One text for both ends (`must be greater than or equal to 0`, ValidateNonnegativeField),
or a mapping where the ends differ: `below` and `above` (a projected token's
`may not specify a duration less than 10 minutes`), and `zero`, the whole message for 0
where the server tests for it first (a container port's `Required value`).
"""

from __future__ import annotations

from podspec_gen.spec.shape import Invalid
from podspec_gen.spec.yaml_source import YMap, YNode, YScalar, describe

_ENDS = ("below", "above", "zero")

# (below, above, zero): the detail under and over the range, and 0's own message.
RangeError = tuple[str, str, str]


def range_error(node: YNode) -> object:
    if isinstance(node, YScalar) and isinstance(node.value, str) and node.value.strip():
        return (node.value, node.value, "")
    if not isinstance(node, YMap):
        return Invalid(
            f"expected the server's words or a mapping, got {describe(node)}"
        )
    said: dict[str, str] = {}
    for key, value in node.items:
        name = key.value
        if name not in _ENDS:
            return Invalid(f"{name!r} is not one of: {', '.join(_ENDS)}", key.mark)
        if not (isinstance(value, YScalar) and isinstance(value.value, str)):
            return Invalid(
                f"expected the server's words, got {describe(value)}", value.mark
            )
        said[str(name)] = value.value
    if "below" not in said and "above" not in said:
        return Invalid("give 'below', 'above' or both")
    return (said.get("below", ""), said.get("above", ""), said.get("zero", ""))


def range_error_of(value: object) -> RangeError | None:
    """The checked `rangeError` of a field's entries, typed."""
    if isinstance(value, tuple) and len(value) == 3:
        below, above, zero = value
        return (str(below), str(above), str(zero))
    return None
