"""Stage 2: resolve the raw records into kinds, check what they mean, build the model.

Every field's type expression is parsed and resolved here, once. The meaning checks run
on whatever stage 1 could read, so one run reports the shape problems of one file and
the meaning problems of another together; nothing is built from a spec with problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from podspec_gen.model.check_fields import check_type
from podspec_gen.model.check_graph import (
    check_gathers,
    check_groups,
    check_ownership,
    check_reachable,
    check_required_cycles,
    check_root,
    unique_types,
)
from podspec_gen.model.check_kinds import check_kinds
from podspec_gen.model.check_names import check_names
from podspec_gen.model.check_served import check_served
from podspec_gen.model.formats import read_formats, snippets
from podspec_gen.model.gates import read_gates
from podspec_gen.model.kinds import Enum, Kind, Named
from podspec_gen.model.naming import first_sentence, python_name
from podspec_gen.model.resolve import ResolveError, declared_kinds, parse, resolve
from podspec_gen.model.rules.build_rules import build_rules
from podspec_gen.model.types import (
    Concept,
    Example,
    FeatureGate,
    Field,
    FieldType,
    Format,
    Group,
    ListSemantics,
    ManifestKind,
    MergeExample,
    Publish,
    Spec,
    TypeDef,
)
from podspec_gen.model.zero_items import mark_null_items
from podspec_gen.spec.errors import Problem, SpecError
from podspec_gen.spec.load import load_raw_spec
from podspec_gen.spec.read_concepts import check_concepts
from podspec_gen.spec.records import RawConcept, RawField, RawFile, RawSpec, RawType

Resolved = dict[tuple[str, str], tuple[FieldType, Kind]]


def read_spec(spec_dir: Path) -> Spec:
    """Load, check and build: the whole of the first two pipeline stages."""
    return build_model(load_raw_spec(spec_dir))


def build_model(raw: RawSpec) -> Spec:
    """The model of a spec, or SpecError with every problem stage 1 and 2 found."""
    problems = list(raw.problems)
    types, twice = unique_types(raw, problems)
    named = declared_kinds(types.values())
    resolved = _resolve_all(types, named, _maybe_defined(raw), problems)
    kinds = {key: kind for key, (_, kind) in resolved.items()}
    root = check_root(raw, types, problems)
    # Which groups reach a type is known only when every field resolved: a field
    # naming a type that does not exist would make its intended target look misplaced.
    resolved_all = len(resolved) == sum(len(t.fields) for t in types.values())
    manifest_kinds: tuple[ManifestKind, ...] = ()
    if root is not None:
        manifest_kinds = check_kinds(raw, types, kinds, root, problems)
        check_served(raw, manifest_kinds, problems)
        check_groups(raw, root, problems)
        check_reachable(types, root.name, kinds, problems)
        if resolved_all:
            check_ownership(raw, root, types, kinds, twice, problems)
    check_gathers(raw, types, problems)
    check_required_cycles(types, kinds, problems)
    for t in types.values():
        check_type(t, kinds, types, problems)
    check_names(types, kinds, problems)
    formats = read_formats(raw, types.values(), problems)
    gates = read_gates(raw, types.values(), problems)
    check_concepts(raw.concepts, types, problems)
    if problems or root is None:
        raise SpecError(problems)
    spec = _model(raw, root, resolved, named, _Facts(formats, gates), manifest_kinds)
    # Rules name fields by path, so they resolve against the finished types.
    rules = build_rules(spec, [r for t in types.values() for r in t.rules], problems)
    if problems:
        raise SpecError(problems)
    return mark_null_items(replace(spec, rules=rules))


def _maybe_defined(raw: RawSpec) -> Callable[[str], bool]:
    """Whether a type may exist although no record defines it: stage 1 left it out, or
    could not read a file that may hold it. Its problem is reported already."""
    if raw.unread_files:
        return lambda name: True
    return lambda name: name in raw.left_out_types


def _resolve_all(
    types: dict[str, RawType],
    named: dict[str, Named],
    maybe_defined: Callable[[str], bool],
    problems: list[Problem],
) -> Resolved:
    """Every field's kind. A field naming a type that stage 1 left out (its problem is
    already reported) is left unresolved, silently: the checks skip what has no kind."""
    resolved: Resolved = {}
    for t in types.values():
        for f in t.fields:
            try:
                resolved[(t.name, f.name)] = resolve(t, f, named)
            except ResolveError as exc:
                if exc.name is not None and maybe_defined(exc.name):
                    continue
                problems.append(
                    Problem(f.mark_of("type"), f"field '{t.name}.{f.name}': {exc}")
                )
    return resolved


def _model(
    raw: RawSpec,
    root: RawType,
    resolved: Resolved,
    named: dict[str, Named],
    facts: _Facts,
    manifest_kinds: tuple[ManifestKind, ...],
) -> Spec:
    used_by: dict[str, list[tuple[str, str]]] = {}
    for (owner, field), (_, kind) in resolved.items():
        ref = kind.element.ref
        if ref is not None:
            used_by.setdefault(ref, []).append((owner, field))
    groups = tuple(_group(f, resolved, named, used_by, facts) for f in raw.files)
    served = next((f for f in raw.files if f.served_kinds), None)
    types = tuple(t for g in groups for t in g.types)
    enums = tuple(e for g in groups for e in g.enums)
    root_def = next(t for t in types if t.name == root.name)
    return Spec(
        raw.root.kubernetes,
        root_def,
        groups,
        types,
        enums,
        tuple(facts.formats.values()),
        gates=tuple(facts.gates.values()),
        kinds=manifest_kinds,
        served_kinds=served.served_kinds if served else (),
        served_source=served.served_source if served else "",
        publish=Publish(*raw.root.publish) if raw.root.publish else None,
        concepts=tuple(_concept(c) for c in raw.concepts),
        concepts_file=f"{raw.root.concepts}.yaml" if raw.root.concepts else "",
    )


def _concept(c: RawConcept) -> Concept:
    return Concept(
        id=c.id,
        title=c.title,
        summary=c.summary,
        body=c.body.strip(),
        examples=tuple(Example(title, y.text) for title, y in c.examples),
        merges=tuple(
            MergeExample(m.title, m.original.text, m.patch.text, m.result.text)
            for m in c.merges
        ),
    )


def _group(
    f: RawFile,
    resolved: Resolved,
    named: dict[str, Named],
    used_by: dict[str, list[tuple[str, str]]],
    facts: _Facts,
) -> Group:
    enums = tuple(
        kind for t in f.types if t.is_enum and isinstance(kind := named[t.name], Enum)
    )
    return Group(
        name=f.name,
        kind=f.kind,
        title=f.title,
        summary=f.summary,
        description=f.description.strip(),
        pod_spec_fields=tuple(name for name, _ in f.pod_spec_fields),
        types=tuple(
            _type(t, f.name, resolved, named[t.name], used_by.get(t.name, []), facts)
            for t in f.types
            if not t.is_enum
        ),
        example=f.example.strip("\n"),
        enums=enums,
    )


def _type(
    t: RawType,
    group: str,
    resolved: Resolved,
    kind: Named,
    used_by: list[tuple[str, str]],
    facts: _Facts,
) -> TypeDef:
    description = t.description.strip()
    envelope = {"apiVersion": t.api_version, "kind": t.name} if t.api_version else {}
    return TypeDef(
        name=t.name,
        upstream=t.upstream,
        description=description,
        summary=first_sentence(description),
        group=group,
        fields=tuple(
            _field(f, *resolved[(t.name, f.name)], facts, envelope.get(f.name))
            for f in t.fields
        ),
        scalar=t.scalar,
        format=t.format,
        map_type=t.map_type,
        used_by=tuple(used_by),
        kind=kind,
        snippets=snippets(t.snippets),
        mark=t.mark,
        api_version=t.api_version,
        read_only=t.read_only,
    )


def _field(
    f: RawField, syntax: FieldType, kind: Kind, facts: _Facts, const: str | None
) -> Field:
    upstream = f.description.strip()
    gate = facts.gates[f.gate] if f.gate is not None else None
    # What the spec adds to upstream's words, after them: its note, then its gate.
    added = [text for text in (f.note, gate.text if gate else None) if text]
    description = "\n\n".join([upstream, *(text.strip() for text in added)])
    element = kind.element
    fmt = facts.formats[f.format] if f.format is not None else None
    return Field(
        wire_name=f.name,
        python_name=python_name(f.name),
        type=syntax if syntax.element.kind == "primitive" else parse(kind.wire_expr),
        kind=kind,
        description=description,
        summary=first_sentence(description),
        # What the API server requires: upstream's list, less what it never checks.
        required=f.required and not f.server_optional,
        server_required=f.server_required,
        server_optional=f.server_optional,
        has_default=f.has_default,
        default=f.default,
        enum=element.values if isinstance(element, Enum) else (),
        deprecation=f.deprecated,
        immutable=f.immutable,
        minimum=f.minimum,
        maximum=f.maximum,
        range_error=f.range_error,
        required_error=f.required_error,
        enum_error=f.enum_error,
        pattern=_pattern(
            fmt.checked_pattern if fmt is not None else f.pattern, f.empty_allowed
        ),
        min_items=f.min_items,
        max_items=f.max_items,
        semantics=ListSemantics(
            list_type=f.list_type,
            map_keys=f.list_map_keys,
            patch_strategy=f.patch_strategy,
            patch_merge_key=f.patch_merge_key,
        ),
        map_type=f.map_type,
        format=fmt,
        snippets=snippets(f.snippets),
        sources=tuple(sorted(f.sources.items())),
        upstream_description=upstream,
        empty_allowed=f.empty_allowed,
        format_judges_empty=f.format_judges_empty,
        zero_means_unset=f.zero_means_unset,
        pod_volumes=f.pod_volumes,
        gate=gate,
        const=const,
        server_name=f.server_name,
        server_path=f.server_path,
        mark=f.mark,
    )


@dataclass(frozen=True)
class _Facts:
    """The named facts fields refer to: formats and feature gates."""

    formats: dict[str, Format]
    gates: dict[str, FeatureGate]


def _pattern(pattern: str | None, empty_allowed: bool) -> str | None:
    """The field's pattern; where the server skips an empty value, one that takes ""
    too (an alternative at the top, which Python and ECMA-262 read alike)."""
    if pattern is None or not empty_allowed:
        return pattern
    return f"^$|{pattern}"
