"""Meaning checks of the manifest kinds (types with an `apiVersion`), and where each
carries its pod spec: found by walking the fields, so the spec never states it twice."""

from __future__ import annotations

import re
from collections.abc import Mapping

from podspec_gen.model.check_fields import Resolved
from podspec_gen.model.kinds import ListOf, ObjectRef
from podspec_gen.model.types import ManifestKind
from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawSpec, RawType

# group/version, or a core version: v1, apps/v1, batch/v1beta1.
_API_VERSION = re.compile(
    r"([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?"
)
# The fields every manifest kind has, and what their values are.
ENVELOPE = ("apiVersion", "kind")


def check_kinds(
    raw: RawSpec,
    types: Mapping[str, RawType],
    resolved: Resolved,
    root: RawType,
    problems: list[Problem],
) -> tuple[ManifestKind, ...]:
    """Each manifest kind, with the path to its pod spec; problems for a kind outside
    the workloads file, without string apiVersion and kind fields, with a malformed
    apiVersion, or that carries no pod spec."""
    kinds = []
    for name, t in types.items():
        if t.api_version is None:
            continue
        mark = t.mark_of("apiVersion")
        where = raw.root.workloads
        if t.file != where:
            expected = f"{where}.yaml" if where else "the file named by 'workloads'"
            problems.append(
                Problem(mark, f"manifest kind '{name}' belongs in {expected}")
            )
        if not _API_VERSION.fullmatch(t.api_version):
            problems.append(
                Problem(
                    mark,
                    f"manifest kind '{name}': {t.api_version!r} is not an API "
                    "version such as v1 or apps/v1",
                )
            )
        _check_removed(name, t, problems)
        fields = {f.name: f for f in t.fields}
        for key in ENVELOPE:
            f = fields.get(key)
            kind = resolved.get((name, key))
            if f is None and key not in t.left_out_fields:
                problems.append(
                    Problem(t.mark, f"manifest kind '{name}' needs a field '{key}'")
                )
            elif f is not None and kind is not None and kind.wire_expr != "string":
                problems.append(
                    Problem(
                        f.mark_of("type"),
                        f"field '{name}.{key}' of a manifest kind must be a string",
                    )
                )
        path = pod_spec_path(name, root.name, types, resolved)
        if path is None:
            if not t.left_out_fields:
                problems.append(
                    Problem(
                        t.mark,
                        f"manifest kind '{name}' carries no {root.name}: none of "
                        "its fields leads to one",
                    )
                )
            continue
        lists = pod_volume_lists(name, root.name, types, resolved)
        _check_cleared(t, root, resolved, problems)
        kinds.append(
            ManifestKind(
                name,
                t.api_version,
                path,
                lists,
                t.removed_versions,
                t.removed_source or "",
                t.cleared_fields,
                t.cleared_source or "",
            )
        )
    check_pod_volumes(types, resolved, problems)
    return tuple(kinds)


def _check_removed(name: str, t: RawType, problems: list[Problem]) -> None:
    """Each version no longer served is an API version, and not the kind's own."""
    for version, _ in t.removed_versions:
        if version == t.api_version or not _API_VERSION.fullmatch(version):
            problems.append(
                Problem(
                    t.removed_marks.get(version, t.mark_of("removedVersions")),
                    f"manifest kind '{name}': removed version {version!r} is not an "
                    "API version other than the kind's own",
                )
            )


def _check_cleared(
    t: RawType, root: RawType, resolved: Resolved, problems: list[Problem]
) -> None:
    """Each field a kind's server clears is a string field of the pod spec: the
    server empties it, and only a string it can empty."""
    for name in t.cleared_fields:
        kind = resolved.get((root.name, name))
        if kind is None or kind.wire_expr != "string":
            problems.append(
                Problem(
                    t.cleared_mark or t.mark,
                    f"manifest kind '{t.name}': serverClears: {name!r} is not a "
                    f"string field of {root.name}",
                )
            )


def pod_volume_lists(
    start: str, root: str, types: Mapping[str, RawType], resolved: Resolved
) -> tuple[tuple[str, ...], ...]:
    """The keys from `start` down to each `podVolumes` list, through object fields
    short of the pod spec itself."""
    found: list[tuple[str, ...]] = []
    queue: list[tuple[str, tuple[str, ...]]] = [(start, ())]
    seen = {start, root}
    while queue:
        name, path = queue.pop(0)
        for f in types[name].fields if name in types else ():
            if f.pod_volumes:
                found.append((*path, f.name))
            kind = resolved.get((name, f.name))
            if isinstance(kind, ObjectRef) and kind.name not in seen:
                seen.add(kind.name)
                queue.append((kind.name, (*path, f.name)))
    return tuple(found)


def check_pod_volumes(
    types: Mapping[str, RawType], resolved: Resolved, problems: list[Problem]
) -> None:
    """A `podVolumes` list holds objects named by their `metadata` (claim templates)."""
    for t in types.values():
        for f in t.fields:
            if not f.pod_volumes:
                continue
            kind = resolved.get((t.name, f.name))
            item = kind.item if isinstance(kind, ListOf) else None
            named = (
                isinstance(item, ObjectRef)
                and item.name in types
                and any(g.name == "metadata" for g in types[item.name].fields)
            )
            if kind is not None and not named:
                problems.append(
                    Problem(
                        f.mark_of("podVolumes"),
                        f"field '{t.name}.{f.name}': podVolumes needs a list of "
                        "objects with a 'metadata' (their names name the volumes)",
                    )
                )


def pod_spec_path(
    start: str, root: str, types: Mapping[str, RawType], resolved: Resolved
) -> tuple[str, ...] | None:
    """The shortest chain of object fields (no list, no map) from `start` to the
    root type, first-declared field first on a tie; None when there is none."""
    queue: list[tuple[str, tuple[str, ...]]] = [(start, ())]
    seen = {start}
    while queue:
        name, path = queue.pop(0)
        t = types.get(name)
        if t is None:
            continue
        for f in t.fields:
            kind = resolved.get((name, f.name))
            if not isinstance(kind, ObjectRef) or kind.name in seen:
                continue
            if kind.name == root:
                return (*path, f.name)
            seen.add(kind.name)
            queue.append((kind.name, (*path, f.name)))
    return None
