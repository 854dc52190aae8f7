"""The Workloads page: where each manifest kind carries its pod spec, an annotated
example of each kind, and the rules that tie a kind's envelope to its pod spec.

Everything comes from the model: the kinds and their paths from `Spec.kinds`, the
examples from the workloads file's `example` (a YAML stream, one manifest per kind),
and the rules from the spec's rules, by the fields they read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from podspec_gen.model.kinds import ObjectRef
from podspec_gen.model.rules.vocab import Rule
from podspec_gen.model.types import Group, ManifestKind, Spec
from podspec_gen.render.docs.rules import FieldKey, rule_fields

_DOCUMENT_START = re.compile(r"^---[ \t]*$", re.M)


@dataclass(frozen=True)
class TieRule:
    """A rule that reads a field on the way from a kind to its pod spec, and the
    kinds whose way passes there."""

    rule: Rule
    kinds: tuple[str, ...]


def workloads_group(spec: Spec) -> Group | None:
    """The group of the workloads file, if the spec has one."""
    return next((g for g in spec.groups if g.kind == "workloads"), None)


def dotted(path: tuple[str, ...] | None) -> str:
    """`spec.template.spec`; "" for no path (a Pod has no template)."""
    return ".".join(path or ())


def kind_examples(group: Group) -> dict[str, str]:
    """Each kind's annotated manifest in the group's example, by kind, in its order.

    The loader made sure each document is a manifest of a distinct kind; its comments
    above it stay with it.
    """
    found: dict[str, str] = {}
    for text in _DOCUMENT_START.split(group.example):
        document = text.strip("\n")
        data = yaml.safe_load(document) if document.strip() else None
        if isinstance(data, dict) and isinstance(data.get("kind"), str):
            found[data["kind"]] = document
    return found


def envelope_steps(spec: Spec, kind: ManifestKind) -> tuple[FieldKey, ...]:
    """(type, field) of every step from the kind down to its pod spec and to its pods'
    metadata: `(Deployment, spec)`, `(DeploymentSpec, template)`,
    `(PodTemplateSpec, spec)`, `(PodTemplateSpec, metadata)`. A Pod's metadata is its
    own, no step on the way to its spec."""
    types = {t.name: t for t in spec.types}
    steps: list[FieldKey] = []
    current = kind.name
    for wire in kind.pod_spec_path:
        steps.append((current, wire))
        field = next(f for f in types[current].fields if f.wire_name == wire)
        element = field.kind.element
        if not isinstance(element, ObjectRef) or element.ref is None:
            break
        current = element.ref
    if kind.template_path is None:
        return tuple(steps)
    return (*steps, (steps[-1][0], kind.pod_metadata_path[-1]))


def tie_rules(spec: Spec) -> tuple[TieRule, ...]:
    """The rules hosted on some kind's way to its pod spec that read a field of that
    way (a selector that must match the template's labels, a Job's restart policy), in
    spec order, each with the kinds whose way passes through its host."""
    ways = {k.name: envelope_steps(spec, k) for k in spec.kinds}
    found = []
    for rule in spec.rules:
        fields = set(rule_fields(spec, rule))
        kinds = tuple(
            name
            for name, steps in ways.items()
            if rule.host in {owner for owner, _ in steps} and fields & set(steps)
        )
        if kinds:
            found.append(TieRule(rule, kinds))
    return tuple(found)


def pod_spec_places(spec: Spec) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each path at which a manifest carries its pod spec, with the kinds that carry it
    there, in the kinds' order: (`spec`, (Pod,)), (`spec.template.spec`, (...))."""
    places: dict[str, list[str]] = {}
    for kind in spec.kinds:
        places.setdefault(dotted(kind.pod_spec_path), []).append(kind.name)
    return tuple((path, tuple(kinds)) for path, kinds in places.items())
