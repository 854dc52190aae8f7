"""The concept pages seen from the fields: which concepts explain each field and type.

A concept's body links the fields and types it explains (`field:Container.restartPolicy`,
`type:Probe`). Read backwards, the same links say which concept pages a reader of a
field's block, a type's section or a group's overview should see, so those pages are
derived here from the bodies and never kept by hand: adding or removing a link in
`concepts.yaml` adds or removes the way back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from podspec_gen.model.types import Concept, Group, Spec

# The link syntax of a body, as the spec reader checks it: (text, scheme, target).
LINK = re.compile(r"\[([^\]]*)\]\((field|type|concept|page):([^)\s]*)\)")

# What a concept explains: (type, wire name) for a field, (type, None) for a type.
Target = tuple[str, str | None]
Explained = Mapping[Target, tuple[Concept, ...]]


def explained(spec: Spec) -> dict[Target, tuple[Concept, ...]]:
    """For each field and type a concept links, the concepts that link it, each once
    and in reading order."""
    found: dict[Target, dict[str, Concept]] = {}
    for concept in spec.concepts:
        for target in targets(concept.body):
            found.setdefault(target, {}).setdefault(concept.id, concept)
    return {target: tuple(by_id.values()) for target, by_id in found.items()}


def targets(body: str) -> list[Target]:
    """The fields and types a body links, in the order it links them."""
    out: list[Target] = []
    for _, scheme, target in LINK.findall(body):
        if scheme == "field":
            owner, _, wire = target.partition(".")
            out.append((owner, wire))
        elif scheme == "type":
            out.append((target, None))
    return out


def group_targets(spec: Spec, group: Group) -> list[Target]:
    """Everything of a group a concept may link: its PodSpec fields, its types and
    their fields."""
    found: list[Target] = [(spec.root.name, wire) for wire in group.pod_spec_fields]
    for t in group.types:
        found.append((t.name, None))
        found.extend((t.name, f.wire_name) for f in t.fields)
    return found


def concepts_of(
    spec: Spec, explains: Explained, found: Iterable[Target]
) -> tuple[Concept, ...]:
    """The concepts that link any of `found`, each once, in reading order."""
    ids = {concept.id for target in found for concept in explains.get(target, ())}
    return tuple(c for c in spec.concepts if c.id in ids)


def estimate(explains: Explained, found: Iterable[Target]) -> int:
    """A generous estimate, in bytes, of the Concepts lines that `found` get."""
    counts = [len(explains.get(target, ())) for target in found]
    return sum(40 + 120 * n for n in counts if n)
