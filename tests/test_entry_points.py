"""Every way into the SDK reads a pod spec found in a document of a kind alike: the
kind's `from_dict` (dataclasses, `podspec.fast`, its JSON path), `load_manifests` and
`pod_specs` of both flavours, and `podspec validate`. Each pod spec rule's examples are put in every kind's
example document, and each entry point must report the same problems at the same
paths, as the server checks that kind (`pod_specs` reports those inside the pod spec).

Found so: the dataclass `load_manifests` checked a StatefulSet's hostname, which the
server empties first, and `podspec.fast.pod_specs` reported a template's problems as a
bare pod spec's (defaulted as a Pod)."""

from __future__ import annotations

import copy
import functools
import json
import warnings
from collections.abc import Callable
from typing import Any

import podspec
import pytest
import yaml
from conftest import SPEC, model
from podspec import ValidationError, fast
from podspec.manifests import POD_SPEC_PATHS
from podspec.validator import check_text

from podspec_gen.model.kinds import ListOf, MapOf, ObjectRef

WORKLOADS = yaml.safe_load((SPEC / "workloads.yaml").read_text(encoding="utf-8"))
DOCUMENTS = {d["kind"]: d for d in yaml.safe_load_all(WORKLOADS["example"])}
MODEL = model()
RULES = MODEL.rules


def _reached(name: str, seen: set[str]) -> set[str]:
    """The object types a type's fields reach, itself included."""
    if name not in seen:
        seen.add(name)
        for f in MODEL.type(name).fields:
            kind = f.kind
            while isinstance(kind, ListOf | MapOf):
                kind = kind.item if isinstance(kind, ListOf) else kind.value
            if isinstance(kind, ObjectRef):
                _reached(kind.name, seen)
    return seen


POD_SPEC_TYPES = _reached("PodSpec", set())
EXAMPLES = [
    (f"{rule.id}-{label}", example)
    for rule in RULES
    if rule.host == "PodSpec"
    for label, example in (("valid", rule.valid), ("invalid", rule.invalid))
    if isinstance(example, dict)
]

Found = frozenset[tuple[str, str | None]]


def _carrying(kind: str, pod_spec: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENTS[kind])
    *parents, last = POD_SPEC_PATHS[kind]
    place = document
    for key in parents:
        place = place[key]
    place[last] = copy.deepcopy(pod_spec)
    return document


def _found(read: Callable[[Any], Any], document: dict[str, Any]) -> Found:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read(copy.deepcopy(document))
        except ValidationError as exc:
            # A stream's loaders name each path from the document's place in it.
            return frozenset(
                (p.path.removeprefix("[0]."), p.rule) for p in exc.problems
            )
    return frozenset()


def _validated(document: dict[str, Any]) -> Found:
    """What `podspec validate` finds wrong in the document, as JSON text."""
    findings = check_text("pod.json", json.dumps(document)).findings
    return frozenset((f.path, f.rule) for f in findings if f.severity == "error")


def _entry_points(kind: str) -> dict[str, Callable[[Any], Any]]:
    return {
        "from_dict": getattr(podspec, kind).from_dict,
        "fast from_dict": getattr(fast, kind).from_dict,
        "fast from_json": lambda d: getattr(fast, kind).from_json(json.dumps(d)),
        "load_manifests": lambda d: podspec.manifests.load_manifests([d]),
        "fast load_manifests": lambda d: fast.load_manifests([d]),
    }


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_every_entry_point_reads_a_kinds_pod_spec_alike(kind: str) -> None:
    assert len(EXAMPLES) > 150  # the pod spec rules have an example each
    prefix = ".".join(POD_SPEC_PATHS[kind])
    disagreements = []
    for name, example in EXAMPLES:
        document = _carrying(kind, example)
        seen = {
            how: _found(read, document) for how, read in _entry_points(kind).items()
        }
        # pod_specs reports what is wrong inside the pod spec, the kind's way, the
        # kind's own rules about it too.
        inside = frozenset(
            (path, rule)
            for path, rule in seen["from_dict"]
            if path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))
        )
        seen["validate"] = _validated(document)
        seen["pod_specs"] = _found(lambda d: podspec.manifests.pod_specs([d]), document)
        seen["fast pod_specs"] = _found(lambda d: fast.pod_specs([d]), document)
        expected = {how: seen["from_dict"] for how in seen}
        expected["pod_specs"] = expected["fast pod_specs"] = inside
        wrong = {how: sorted(got) for how, got in seen.items() if got != expected[how]}
        if wrong:
            disagreements.append((name, sorted(seen["from_dict"]), wrong))
    assert not disagreements, disagreements[:5]


# The kinds' own rules, on the kind or its spec (a Job's restartPolicy, a Pod's
# ephemeral containers, a Deployment's selector), each example made a whole document:
# a kind's example is one, a spec's goes in its kind's example document.
SPECS = {
    f.kind.name: k.name
    for k in MODEL.kinds
    for f in MODEL.type(k.name).fields
    if f.wire_name == "spec"
}
KIND_EXAMPLES = [
    (f"{rule.id}-{label}", kind, document)
    for rule in RULES
    if rule.host not in POD_SPEC_TYPES
    and (kind := SPECS.get(rule.host, rule.host)) in DOCUMENTS
    for label, example in (("valid", rule.valid), ("invalid", rule.invalid))
    if isinstance(example, dict)
    and (
        document := (
            example if kind == rule.host else {**DOCUMENTS[kind], "spec": example}
        )
    )
]


def _in_a_stream(find: Callable[[Any], Any], document: dict[str, Any]) -> Any:
    return find([document])


def test_pod_specs_report_the_kinds_own_rules_inside_the_pod_spec() -> None:
    # What a kind's from_dict finds inside its pod spec, pod_specs finds too: a Job
    # whose template says restartPolicy Always is no pod spec to pass. What is wrong
    # outside it (a selector, the metadata) is load_manifests'.
    assert len(KIND_EXAMPLES) > 100
    inside_some = 0
    disagreements = []
    for name, kind, document in KIND_EXAMPLES:
        prefix = ".".join(POD_SPEC_PATHS[kind])
        inside = frozenset(
            (path, rule)
            for path, rule in _found(getattr(podspec, kind).from_dict, document)
            if path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))
        )
        inside_some += bool(inside)
        for how, find in (
            ("pod_specs", podspec.manifests.pod_specs),
            ("fast pod_specs", fast.pod_specs),
        ):
            got = _found(functools.partial(_in_a_stream, find), document)
            if got != inside:
                disagreements.append((name, how, sorted(got), sorted(inside)))
    assert not disagreements, disagreements[:5]
    assert inside_some >= 10  # the kinds' rules about their pod specs were reached
