"""Differences between the spec and the upstream closure of PodSpec (for `sync`).

Types match on their short Kubernetes name. Only what upstream states is compared:
types and fields, field types, required-ness, descriptions (whitespace-normalised) and
list/map merge semantics. Curated content (enums, defaults, constraints,
`serverRequired`) has no upstream counterpart and is never compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from podspec_gen.model.types import Field, Spec, TypeDef
from podspec_gen.sync.upstream import UpstreamField, UpstreamType

# Type additions and removals first, then field ones, then every change.
_RANK = {
    ("added", "type"): 0,
    ("removed", "type"): 1,
    ("added", "field"): 2,
    ("removed", "field"): 3,
}


@dataclass(frozen=True)
class Difference:
    kind: str  # "added" | "removed" | "changed"
    what: str  # "type", "field", or the compared property ("required", "listType", ...)
    subject: str  # "Container" or "Container.ports"
    detail: str = ""  # "old -> new" for changes that have values

    def __str__(self) -> str:
        line = f"{self.kind} {self.what}: {self.subject}"
        return f"{line}: {self.detail}" if self.detail else line

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (_RANK.get((self.kind, self.what), len(_RANK)), self.subject, self.what)


def normalise(text: str) -> str:
    return " ".join(text.split())


def diff(spec: Spec, upstream: dict[str, UpstreamType]) -> list[Difference]:
    """Every difference, from the spec's point of view ("added" = only upstream has it)."""
    ours = {t.name: t for t in spec.types}
    found = [Difference("added", "type", name) for name in upstream.keys() - ours]
    found += [Difference("removed", "type", name) for name in ours.keys() - upstream]
    for name in ours.keys() & upstream.keys():
        found += _type_diff(ours[name], upstream[name])
    return sorted(found, key=lambda d: d.sort_key)


def _show(value: object) -> str:
    if value is None or value == ():
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return f"[{', '.join(map(str, value))}]"
    return str(value)


def _changes(subject: str, pairs: dict[str, tuple[object, object]]) -> list[Difference]:
    return [
        Difference("changed", what, subject, f"{_show(old)} -> {_show(new)}")
        for what, (old, new) in pairs.items()
        if old != new
    ]


def _description(subject: str, ours: str, theirs: str) -> list[Difference]:
    # An empty upstream description leaves the curated one in charge.
    if theirs and normalise(ours) != normalise(theirs):
        return [Difference("changed", "description", subject)]
    return []


def _type_diff(t: TypeDef, u: UpstreamType) -> list[Difference]:
    def kind(scalar: str | None, fmt: str | None) -> str | None:
        return f"{scalar or 'object'} ({fmt})" if fmt else scalar or "object"

    if t.read_only:  # accepted unchecked: only which upstream type it stands for
        return _changes(
            t.name, {"upstream": (t.upstream, u.full_name if t.upstream else None)}
        ) + _description(t.name, t.description, u.description)
    found = _changes(
        t.name,
        {
            "upstream": (t.upstream, u.full_name if t.upstream else None),
            "scalar": (kind(t.scalar, t.format), kind(u.scalar, u.format)),
            "mapType": (t.map_type, u.map_type),
        },
    )
    if t.scalar is not None or u.scalar is not None:
        return found  # scalar wrappers: only their kind and format are upstream's
    found += _description(t.name, t.description, u.description)
    ours = {f.wire_name: f for f in t.fields}
    theirs = {f.name: f for f in u.fields}
    found += [
        Difference("added", "field", f"{t.name}.{n}") for n in theirs.keys() - ours
    ]
    found += [
        Difference("removed", "field", f"{t.name}.{n}") for n in ours.keys() - theirs
    ]
    for name in ours.keys() & theirs.keys():
        found += _field_diff(f"{t.name}.{name}", ours[name], theirs[name])
    return found


def _field_diff(subject: str, f: Field, u: UpstreamField) -> list[Difference]:
    s = f.semantics
    found = _changes(
        subject,
        {
            "type": (f.kind.wire_expr, u.type),
            "required": (f.required or f.server_optional, u.required),
            "listType": (s.list_type, u.list_type),
            "listMapKeys": (s.map_keys, u.list_map_keys),
            "patchStrategy": (s.patch_strategy, u.patch_strategy),
            "patchMergeKey": (s.patch_merge_key, u.patch_merge_key),
            "mapType": (f.map_type, u.map_type),
        },
    )
    return found + _description(subject, f.upstream_description, u.description)
