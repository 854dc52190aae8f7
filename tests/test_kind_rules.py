"""The workloads file's `kindRules`: every manifest kind checks its own metadata alike
(ObjectMeta validation), from one definition per rule, and no pod template's metadata
is checked so (ValidatePodTemplateSpec reads only its labels and annotations)."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

import podspec
import pytest
import yaml
from conftest import SPEC
from podspec import fast

from podspec_gen.model.types import Spec

if TYPE_CHECKING:
    from spec_edits import Project

pytest_plugins = ["spec_edits"]

WORKLOADS = yaml.safe_load((SPEC / "workloads.yaml").read_text(encoding="utf-8"))
KIND_RULES = [r["id"] for r in WORKLOADS["kindRules"]]
DOCUMENTS = {d["kind"]: d for d in yaml.safe_load_all(WORKLOADS["example"])}


def test_every_kind_holds_a_copy_of_every_kind_rule(spec_model: Spec) -> None:
    hosts = {r.id: r.host for r in spec_model.rules}
    assert spec_model.kinds
    for kind in spec_model.kinds:
        for rule in KIND_RULES:
            assert hosts.get(f"{kind.name.lower()}-{rule}") == kind.name


def _with(kind: str, **metadata: Any) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENTS[kind])
    document["metadata"].update(metadata)
    return document


BROKEN = [
    ({"finalizers": ["cleanup"]}, "finalizer-name-standard-or-qualified"),
    ({"finalizers": ["example.com/a/b"]}, "finalizer-name-format"),
    (
        {"finalizers": ["orphan", "foregroundDeletion"]},
        "finalizers-orphan-or-foreground",
    ),
    (
        {
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "Event", "name": "e", "uid": "u"}
            ]
        },
        "owner-reference-not-an-event",
    ),
    (
        {
            "ownerReferences": [
                {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "r", "uid": ""}
            ]
        },
        "owner-reference-uid-set",
    ),
]


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
@pytest.mark.parametrize(("metadata", "rule"), BROKEN, ids=[r for _, r in BROKEN])
def test_each_kind_refuses_what_objectmeta_validation_refuses(
    kind: str, metadata: dict[str, Any], rule: str
) -> None:
    cls = getattr(podspec, kind)
    for parse in (cls.from_dict, getattr(fast, kind).from_dict):
        with pytest.raises(podspec.ValidationError) as raised:
            parse(_with(kind, **metadata))
        assert {p.rule for p in raised.value.problems} == {f"{kind.lower()}-{rule}"}


@pytest.mark.parametrize("kind", sorted(set(DOCUMENTS) - {"Pod"}))
def test_a_pod_template_s_metadata_is_no_object_s(kind: str) -> None:
    document = copy.deepcopy(DOCUMENTS[kind])
    spec = document.get("spec", {})
    template = (
        document.get("template")  # a PodTemplate's
        or spec.get("template")
        or spec["jobTemplate"]["spec"]["template"]
    )
    template.setdefault("metadata", {})["finalizers"] = ["cleanup"]
    getattr(podspec, kind).from_dict(document)


@pytest.mark.parametrize(
    "metadata",
    [
        {"finalizers": ["kubernetes", "orphan", "example.com/cleanup"]},
        {
            "ownerReferences": [
                {
                    "apiVersion": "events.k8s.io/v1",
                    "kind": "Event",
                    "name": "e",
                    "uid": "u",
                },
                {
                    "apiVersion": "/v1",
                    "kind": "ConfigMap",
                    "name": "c",
                    "uid": "u",
                    "controller": True,
                },
            ]
        },
    ],
)
def test_what_the_server_takes_passes(metadata: dict[str, Any]) -> None:
    podspec.Deployment.from_dict(_with("Deployment", **metadata))


def test_a_kind_rule_s_example_must_be_the_keys_that_differ(project: Project) -> None:
    project.edit(
        "workloads.yaml",
        "    invalid: {metadata: {finalizers: [cleanup]}}",
        "    invalid: [cleanup]",
    )
    status, err, _ = project.run()
    assert status == 2
    assert any(
        re.fullmatch(
            r"spec/workloads\.yaml:\d+:\d+: rule 'finalizer-name-standard-or-qualified': "
            r"a kind rule's examples are the keys that differ from a kind's document",
            line,
        )
        for line in err
    ), err
    assert project.out_unchanged()
