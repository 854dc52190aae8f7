"""The words of a compareMaps rule: which resources it compares, and how."""

from __future__ import annotations

from podspec_gen.model.rules.vocab import Ref, Rule, Summed
from podspec_gen.model.rules.wording import Names, join

# The resource names each `keys` of compareMaps covers (the runtime's `overcommit`).
MAP_KEYS = {
    "all": "each resource",
    "overcommit": "each native resource other than hugepages",
    "exact": "each extended or hugepages resource",
}


def map_words(rule: Rule, names: Names, wheres: list[str | None]) -> str:
    """`Each native resource other than hugepages in requests must be at most its
    value in limits, when limits has it.` `wheres`: each total's condition, in words."""
    maps = rule.maps
    assert maps is not None
    left, right = names.ref(maps.left), names.ref(maps.right)
    if maps.total and not maps.total_is_own:
        return (
            f"for {MAP_KEYS[maps.keys]} in {right}, the total of its values in"
            f" {join(_summed(s, maps.left, names, w) for s, w in zip(maps.total, wheres, strict=True))} must be at"
            " most its value there"
        )
    keys = f"{MAP_KEYS[maps.keys]} in {left}"
    if maps.op == "present":
        return f"{keys} must also be in {right}"
    how = "be at most" if maps.op == "<=" else "equal"
    return f"{keys} must {how} its value in {right}, when {right} has it"


def _summed(summed: Summed, left: Ref, names: Names, where: str | None) -> str:
    """`containers[*].resources.requests`, or with the objects' condition:
    `initContainers[*].resources.requests (where restartPolicy is Always)`."""
    if summed.selector.text == "@":
        text = f"this item's {names.code(left.wire_path)}"
    else:
        text = names.code(f"{summed.selector.text}.{left.wire_path}")
    if summed.before:
        text = f"{text} of the items before it"
    return text if where is None else f"{text} (where {where})"
