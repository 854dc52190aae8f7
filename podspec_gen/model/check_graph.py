"""Meaning checks across types: names are unique, every PodSpec field sits in exactly one
group, every type is reached from the root and lives in the group that owns it, and no
required field makes a value impossible to write."""

from __future__ import annotations

import re
from collections.abc import Mapping

from podspec_gen.model.check_fields import Resolved
from podspec_gen.model.kinds import ObjectRef
from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.records import RawSpec, RawType


def unique_types(
    raw: RawSpec, problems: list[Problem]
) -> tuple[dict[str, RawType], frozenset[str]]:
    """Each type by name (its first definition), and the names defined twice."""
    types: dict[str, RawType] = {}
    twice: set[str] = set()
    for f in raw.files:
        for t in f.types:
            if t.name in types:
                twice.add(t.name)
                first = types[t.name]
                problems.append(
                    Problem(
                        t.mark,
                        f"type '{t.name}' is defined twice (first in {first.mark})",
                    )
                )
                continue
            if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", t.name):
                problems.append(
                    Problem(t.mark, f"type name '{t.name}' must be PascalCase")
                )
            types[t.name] = t
    return types, frozenset(twice)


def check_root(
    raw: RawSpec, types: Mapping[str, RawType], problems: list[Problem]
) -> RawType | None:
    name = raw.root.root_type
    if not name:
        return None  # missing or ill-formed: reported by the shape checks
    if name not in types:
        if name not in raw.left_out_types:
            problems.append(
                Problem(raw.root.mark_of("root"), f"root type '{name}' is not defined")
            )
        return None
    root = types[name]
    if root.file != raw.root.name:
        problems.append(
            Problem(
                root.mark,
                f"root type '{name}' must be defined in {raw.root.display}",
            )
        )
    return root


def check_groups(raw: RawSpec, root: RawType, problems: list[Problem]) -> None:
    """Every PodSpec field is claimed by exactly one group, and every claim is a real field."""
    pod_fields = {f.name: f for f in root.fields}
    owner: dict[str, tuple[str, Mark]] = {}
    for f in raw.files:
        if f.kind != "group":
            continue
        for name, mark in f.pod_spec_fields:
            if name not in pod_fields:
                if name not in root.left_out_fields:
                    problems.append(
                        Problem(
                            mark,
                            f"group '{f.name}' claims '{name}', which is not a field of {root.name}",
                        )
                    )
            elif name in owner:
                other, first = owner[name]
                problems.append(
                    Problem(
                        mark,
                        f"{root.name} field '{name}' is in two groups: '{other}' ({first}) and '{f.name}'",
                    )
                )
            else:
                owner[name] = (f.name, mark)
    if raw.unread_files or any("podSpecFields" in f.broken_keys for f in raw.files):
        return  # a group's claims could not be read: "in no group" would mislead
    for name, field in pod_fields.items():
        if name not in owner:
            problems.append(
                Problem(
                    field.mark,
                    f"{root.name} field '{name}' belongs to no group: list it under podSpecFields in one group file",
                )
            )


def references(t: RawType, resolved: Resolved) -> list[str]:
    names = []
    for f in t.fields:
        kind = resolved.get((t.name, f.name))
        if kind is not None and kind.element.ref is not None:
            names.append(kind.element.ref)
    return names


def manifest_kinds(types: Mapping[str, RawType]) -> list[str]:
    """The types that are manifest kinds (they name an apiVersion), in spec order."""
    return [name for name, t in types.items() if t.api_version is not None]


def check_reachable(
    types: Mapping[str, RawType],
    root: str,
    resolved: Resolved,
    problems: list[Problem],
) -> None:
    """Every type is used by the root or a manifest kind, or by a type they reach."""
    starts = [root, *manifest_kinds(types)]
    seen = set(starts)
    todo = list(starts)
    while todo:
        for ref in references(types[todo.pop()], resolved):
            if ref in types and ref not in seen:
                seen.add(ref)
                todo.append(ref)
    if _incomplete(types):
        return  # a left-out field may be the only reference to a type
    users = (
        f"{root}, a manifest kind, or any type they reach"
        if len(starts) > 1
        else f"{root} or any type it reaches"
    )
    for name, t in types.items():
        if name not in seen:
            problems.append(
                Problem(
                    t.mark,
                    f"type '{name}' is not used by {users}",
                )
            )


def _incomplete(types: Mapping[str, RawType]) -> bool:
    return any(t.left_out_fields for t in types.values())


def check_required_cycles(
    types: Mapping[str, RawType], resolved: Resolved, problems: list[Problem]
) -> None:
    """A required field of an object kind that leads, through required object fields
    only, back to its own type: no finite value has it, so nobody could write one."""
    required_refs: dict[str, list[tuple[str, Mark]]] = {}
    for t in types.values():
        for f in t.fields:
            kind = resolved.get((t.name, f.name))
            if (f.required or f.server_required) and isinstance(kind, ObjectRef):
                required_refs.setdefault(t.name, []).append((kind.name, f.mark))
    reported: set[str] = set()
    for start in sorted(required_refs):
        path = _cycle_from(start, required_refs)
        if path is None or start in reported:
            continue
        reported.update(name for name, _ in path)
        mark = path[0][1]
        chain = " -> ".join([start, *(name for name, _ in path)])
        problems.append(
            Problem(
                mark,
                f"type '{start}' can never be written: its required fields form the "
                f"cycle {chain}; make one of them optional",
            )
        )


def _cycle_from(
    start: str, edges: Mapping[str, list[tuple[str, Mark]]]
) -> list[tuple[str, Mark]] | None:
    """The required-field path from `start` back to itself, if there is one."""
    stack: list[tuple[str, list[tuple[str, Mark]]]] = [(start, [])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target, mark in edges.get(node, []):
            step = [*path, (target, mark)]
            if target == start:
                return step
            if target not in seen:
                seen.add(target)
                stack.append((target, step))
    return None


def check_ownership(
    raw: RawSpec,
    root: RawType,
    types: Mapping[str, RawType],
    resolved: Resolved,
    twice: frozenset[str],
    problems: list[Problem],
) -> None:
    """Each type lives where spec/README.md says: API machinery in the shared file; a
    type that one group's PodSpec fields reach, in that group; one that several reach,
    in one of them or in the shared file; or in the group that `gathers` it."""
    shared = raw.root.shared
    gathered = {name: f.name for f in raw.files for name, _ in f.gathers}
    reached: dict[str, set[str]] = {}
    starts: dict[str, list[str]] = {}
    for f in raw.files:
        if f.kind == "group":
            claimed = {name for name, _ in f.pod_spec_fields}
            starts[f.name] = [
                ref
                for field in root.fields
                if field.name in claimed
                for ref in _refs_of(root.name, field.name, resolved)
            ]
    if raw.root.workloads:
        # The manifest kinds, and what they reach short of the pod spec (the groups').
        starts[raw.root.workloads] = manifest_kinds(types)
    for owner, todo in starts.items():
        while todo:
            name = todo.pop()
            if name == root.name or owner in reached.setdefault(name, set()):
                continue
            reached[name].add(owner)
            if name in types:
                todo.extend(references(types[name], resolved))
    for name, t in types.items():
        if name == root.name or name not in reached or name in twice:
            continue  # a type defined twice is reported as such
        groups = reached[name]
        if t.upstream is not None and t.upstream.startswith("io.k8s.apimachinery."):
            expected = {shared}
        elif len(groups) == 1:
            expected = set(groups)
        else:
            expected = {*groups, shared}
        if name in gathered:
            expected.add(gathered[name])
        if t.file not in expected:
            places = " or ".join(f"{g}.yaml" for g in sorted(expected))
            problems.append(
                Problem(
                    t.mark,
                    f"type '{name}' is in {t.file}.yaml but belongs in {places}: "
                    f"{_why(t, groups, shared)} (see spec/README.md, 'Which group owns a type')",
                )
            )


def _refs_of(owner: str, field: str, resolved: Resolved) -> list[str]:
    kind = resolved.get((owner, field))
    ref = kind.element.ref if kind is not None else None
    return [ref] if ref is not None else []


def _why(t: RawType, groups: set[str], shared: str) -> str:
    if t.upstream is not None and t.upstream.startswith("io.k8s.apimachinery."):
        return "API machinery types are shared"
    if len(groups) == 1:
        return f"only the {next(iter(groups))} group's fields reach it"
    return "the " + ", ".join(sorted(groups)) + " groups' fields reach it"


def check_gathers(
    raw: RawSpec, types: Mapping[str, RawType], problems: list[Problem]
) -> None:
    """A group gathers only types it defines, and no type is gathered twice."""
    seen: dict[str, str] = {}
    for f in raw.files:
        for name, mark in f.gathers:
            t = types.get(name)
            if name in seen:
                problems.append(
                    Problem(
                        mark, f"type '{name}' is gathered by '{seen[name]}' already"
                    )
                )
            elif (t is None or t.file != f.name) and (
                t is not None or name not in raw.left_out_types
            ):
                problems.append(
                    Problem(
                        mark,
                        f"group '{f.name}' gathers '{name}', which it does not define",
                    )
                )
            seen.setdefault(name, f.name)
