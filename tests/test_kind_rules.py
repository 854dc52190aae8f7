"""The workloads file's `kindRules`: every manifest kind checks its own metadata alike
(ObjectMeta validation), from one definition per rule, and no pod template's metadata
is checked so (ValidatePodTemplateSpec reads only its labels and annotations)."""

from __future__ import annotations

import copy
import re
import warnings
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
KIND_RULES = {r["id"]: r.get("kinds") for r in WORKLOADS["kindRules"]}
DOCUMENTS = {d["kind"]: d for d in yaml.safe_load_all(WORKLOADS["example"])}


def test_every_kind_holds_a_copy_of_every_kind_rule_of_its_kinds(
    spec_model: Spec,
) -> None:
    hosts = {r.id: r.host for r in spec_model.rules}
    assert spec_model.kinds
    assert any(KIND_RULES.values())  # some rules are for some kinds only
    for kind in spec_model.kinds:
        for rule, kinds in KIND_RULES.items():
            held = kinds is None or kind.name in kinds
            expected = kind.name if held else None
            assert hosts.get(f"{kind.name.lower()}-{rule}") == expected


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


def _refused(project: Project, said: str) -> None:
    """`generate` exits 2 with one line `spec/<file>:line:col: <said>` (a regex) and
    leaves the output as it was."""
    status, err, _ = project.run()
    assert status == 2
    assert any(re.fullmatch(said, line) for line in err), err
    assert project.out_unchanged()


def test_a_kind_rule_s_example_must_be_the_keys_that_differ(project: Project) -> None:
    project.edit(
        "workloads.yaml",
        "    invalid: {metadata: {finalizers: [cleanup]}}",
        "    invalid: [cleanup]",
    )
    _refused(
        project,
        r"spec/workloads\.yaml:\d+:\d+: rule 'finalizer-name-standard-or-qualified': "
        r"a kind rule's examples are the keys that differ from a kind's document",
    )


NAMES = [
    ("Deployment", "web.v2", "warn-name-dots", "Pod names and hostnames"),
    ("Job", "migrate.v2", "warn-name-dots", "Pod names and hostnames"),
    ("ReplicaSet", "a" * 64, "warn-name-length", "no more than 63 characters]"),
    ("Pod", "web.v2", "warn-hostname-dots", "the Pod's hostname"),
]


@pytest.mark.parametrize(("kind", "name", "rule", "said"), NAMES)
def test_a_name_that_is_no_dns_label_warns_as_the_kind_s_strategy_does(
    kind: str, name: str, rule: str, said: str
) -> None:
    for cls in (getattr(podspec, kind), getattr(fast, kind)):
        with pytest.warns(podspec.PodSpecWarning) as caught:
            cls.from_dict(_with(kind, name=name))
        texts = [str(w.message) for w in caught]
        assert len(texts) == 1 and texts[0].startswith("metadata.name: "), texts
        assert said in texts[0] and f"[{kind.lower()}-{rule}]" in texts[0]


@pytest.mark.parametrize("kind", ["PodTemplate", "Deployment"])
def test_a_dns_label_or_a_kind_without_the_warning_stays_quiet(kind: str) -> None:
    # A PodTemplate's strategy has no name warning; a DNS label warns nowhere.
    name = "web.v2" if kind == "PodTemplate" else "web-v2"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        getattr(podspec, kind).from_dict(_with(kind, name=name))


def test_kinds_belongs_to_kind_rules_only(project: Project) -> None:
    project.edit(
        "podspec.yaml",
        "      - id: container-names-unique\n",
        "      - id: container-names-unique\n        kinds: [Pod]\n",
    )
    _refused(
        project,
        r"spec/podspec\.yaml:\d+:\d+: rule 'container-names-unique': "
        r"'kinds' belongs to a rule of 'kindRules'",
    )


def test_a_kind_rule_names_only_kinds_of_the_file(project: Project) -> None:
    project.edit(
        "workloads.yaml",
        "    kinds: [Pod]\n",
        "    kinds: [Pods]\n",
        after="  - id: warn-hostname-dots\n",
    )
    _refused(
        project,
        r"spec/workloads\.yaml:\d+:\d+: rule 'warn-hostname-dots': kinds: "
        r"'Pods' is not a kind of this file \(.*\)",
    )
