"""One schema per manifest kind, and kubernetes.schema.json for a folder of them: whole
documents (envelope and pod spec) checked by any Draft 2020-12 validator."""

from __future__ import annotations

import collections
import copy
from collections.abc import Iterator
from typing import Any

import jsonschema
import podspec.manifests
import pytest
from conftest import CORPUS, GENERATED, corpus_files, load_json, model
from test_corpus import MISLABELLED

from podspec_gen.model.kinds import ListOf, MapOf, ObjectRef
from podspec_gen.model.types import TypeDef
from podspec_gen.render.schema import MANIFESTS, entries

TYPO = "zzTypo"
POD = {
    "restartPolicy": "Never",
    "containers": [{"name": "main", "image": "busybox:1.36", "args": ["true"]}],
}
TEMPLATE = {"metadata": {"labels": {"app": "web"}}, "spec": POD}
SELECTOR = {
    "matchLabels": {"app": "web"},
    "matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}],
}
META = {"name": "web", "labels": {"app": "web"}}
ALWAYS = {**TEMPLATE, "spec": {**POD, "restartPolicy": "Always"}}

# A document of every kind, with as many levels of envelope as the kind has.
DOCUMENTS: dict[str, dict[str, Any]] = {
    "Deployment": {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": META,
        "spec": {
            "replicas": 2,
            "selector": SELECTOR,
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": 1, "maxUnavailable": "25%"},
            },
            "template": ALWAYS,
        },
    },
    "StatefulSet": {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": META,
        "spec": {
            "serviceName": "web",
            "selector": SELECTOR,
            "updateStrategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"partition": 0},
            },
            "persistentVolumeClaimRetentionPolicy": {
                "whenDeleted": "Retain",
                "whenScaled": "Delete",
            },
            "ordinals": {"start": 1},
            "template": ALWAYS,
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "data"},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": "1Gi"}},
                    },
                }
            ],
        },
    },
    "DaemonSet": {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": META,
        "spec": {
            "selector": SELECTOR,
            "updateStrategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": 1},
            },
            "template": ALWAYS,
        },
    },
    "ReplicaSet": {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": META,
        "spec": {"replicas": 1, "selector": SELECTOR, "template": ALWAYS},
    },
    "Job": {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": META,
        "spec": {
            "backoffLimit": 2,
            "podFailurePolicy": {
                "rules": [
                    {
                        "action": "FailJob",
                        "onExitCodes": {"operator": "In", "values": [42]},
                    }
                ]
            },
            "template": TEMPLATE,
        },
    },
    "CronJob": {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": META,
        "spec": {
            "schedule": "0 3 * * *",
            "concurrencyPolicy": "Forbid",
            "jobTemplate": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"template": TEMPLATE},
            },
        },
    },
    "ReplicationController": {
        "apiVersion": "v1",
        "kind": "ReplicationController",
        "metadata": META,
        "spec": {"replicas": 1, "selector": {"app": "web"}, "template": ALWAYS},
    },
    "PodTemplate": {
        "apiVersion": "v1",
        "kind": "PodTemplate",
        "metadata": META,
        "template": TEMPLATE,
    },
    "Pod": {"apiVersion": "v1", "kind": "Pod", "metadata": META, "spec": POD},
}


def _file_of() -> dict[str, str]:
    """The schema file of each kind (PodTemplate's is not podtemplate.schema.json)."""
    return {e.root: e.file for e in entries(model())}


def _validator(file: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_json(GENERATED / "jsonschema" / file))


VALIDATORS = {file: _validator(file) for file in [*_file_of().values(), MANIFESTS]}


def _leaves(errors: Any) -> Iterator[jsonschema.ValidationError]:
    """The innermost errors: an optional field's failure nests under its anyOf, beside
    the failure of the branch that takes null (left out: it says only "not null")."""
    for error in errors:
        if error.context:
            yield from _leaves(error.context)
        elif not _null_branch(error):
            yield error


def _null_branch(error: jsonschema.ValidationError) -> bool:
    return error.validator == "not" or (
        error.validator == "type" and error.validator_value == "null"
    )


def _objects(
    value: Any, t: TypeDef, path: str = "$"
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of the envelope in a document, by its JSON path, as the spec types
    describe it, down to the pod spec (whose own objects other tests cover)."""
    spec = model()
    if not isinstance(value, dict) or t.read_only or not t.is_object:
        return
    yield path, value
    if t.name == spec.root.name:
        return
    for f in t.fields:
        if f.wire_name not in value:
            continue
        kind, here = f.kind, f"{path}.{f.wire_name}"
        item = kind.item if isinstance(kind, ListOf) else kind
        if isinstance(item, MapOf) or not isinstance(item, ObjectRef):
            continue
        child = spec.type(item.name)
        if isinstance(kind, ListOf):
            for i, element in enumerate(value[f.wire_name] or []):
                yield from _objects(element, child, f"{here}[{i}]")
        else:
            yield from _objects(value[f.wire_name], child, here)


def _with_typo(document: dict[str, Any], path: str) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    node: Any = broken
    for step in path.removeprefix("$").replace("]", "").replace("[", ".").split("."):
        if step:
            node = node[int(step)] if step.isdigit() else node[step]
    node[TYPO] = 1
    return broken


def test_every_kind_of_the_spec_has_a_document_here() -> None:
    assert set(DOCUMENTS) == {k.name for k in model().kinds}


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_a_typo_at_every_level_of_the_envelope_is_rejected_with_its_path(
    kind: str,
) -> None:
    document = DOCUMENTS[kind]
    own, anyone = VALIDATORS[_file_of()[kind]], VALIDATORS[MANIFESTS]
    assert list(own.iter_errors(document)) == []
    assert list(anyone.iter_errors(document)) == []
    levels = list(_objects(document, model().type(kind)))
    assert len(levels) >= 3, levels  # the document, its metadata, and below
    for path, _ in levels:
        broken = _with_typo(document, path)
        for validator in (own, anyone):
            found = {
                (e.json_path, e.validator)
                for e in _leaves(validator.iter_errors(broken))
                if TYPO in e.message
            }
            assert found == {(path, "additionalProperties")}, (kind, path)


def test_an_envelope_typo_beside_valid_fields_is_the_only_error() -> None:
    deployment = copy.deepcopy(DOCUMENTS["Deployment"])
    deployment["spec"]["replica"] = deployment["spec"].pop("replicas")
    for file in ("deployment.schema.json", MANIFESTS):
        errors = list(_leaves(VALIDATORS[file].iter_errors(deployment)))
        assert [(e.json_path, e.message) for e in errors] == [
            (
                "$.spec",
                "Additional properties are not allowed ('replica' was unexpected)",
            )
        ]


def test_other_kinds_and_apiversions_pass_the_multi_kind_schema_only() -> None:
    anyone = VALIDATORS[MANIFESTS]
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web"},
        "spec": {"ports": [{"port": 80, "tragetPort": 8080}]},
    }
    custom = {**DOCUMENTS["Deployment"], "apiVersion": "example.com/v1"}
    custom["spec"] = {**custom["spec"], "replica": 2}
    assert list(anyone.iter_errors(service)) == []
    assert list(anyone.iter_errors(custom)) == []
    own = VALIDATORS["deployment.schema.json"]
    assert [e.json_path for e in own.iter_errors(custom)][:1] == ["$.apiVersion"]
    # An apiVersion no server serves the kind at any more is refused at it, with the
    # one it is served at.
    old = {**DOCUMENTS["Deployment"], "apiVersion": "extensions/v1beta1"}
    assert [(e.json_path, e.message) for e in anyone.iter_errors(old)] == [
        ("$.apiVersion", "'apps/v1' was expected")
    ]
    # So is any other version of a group without a dot, which no custom resource can
    # have: a Pod at apps/v1, a Deployment at v1.
    for kind, version, served in (
        ("Pod", "apps/v1", "v1"),
        ("Deployment", "v1", "apps/v1"),
    ):
        misplaced = {**DOCUMENTS[kind], "apiVersion": version}
        assert [(e.json_path, e.message) for e in anyone.iter_errors(misplaced)] == [
            ("$.apiVersion", f"'{served}' was expected")
        ]
    # A Deployment still being written, without its apiVersion, is checked as one.
    draft = {k: v for k, v in DOCUMENTS["Deployment"].items() if k != "apiVersion"}
    assert [e.message for e in anyone.iter_errors(draft)] == [
        "'apiVersion' is a required property"
    ]


@pytest.mark.parametrize("kind", ["List", "PodList"])
def test_the_items_of_a_list_are_checked_as_documents(kind: str) -> None:
    # Any kind ending in List with items, as kubectl reads one and the SDK does.
    pod = copy.deepcopy(DOCUMENTS["Pod"])
    pod["spec"]["containers"][0]["imagePullPolice"] = "Always"
    listed = {"apiVersion": "v1", "kind": kind, "items": [pod]}
    errors = list(_leaves(VALIDATORS[MANIFESTS].iter_errors(listed)))
    assert [e.json_path for e in errors] == ["$.items[0].spec.containers[0]"]
    assert podspec.manifests.list_items(listed) == [pod]
    # Items that are no list leave the document alone, in both.
    odd = {"apiVersion": "v1", "kind": kind, "items": {"a": pod}}
    assert list(VALIDATORS[MANIFESTS].iter_errors(odd)) == []
    assert podspec.manifests.list_items(odd) is None


@pytest.fixture(scope="module")
def workloads() -> list[tuple[str, dict[str, Any]]]:
    if not CORPUS.is_dir():
        pytest.skip(
            "THE SHARED CORPUS IS ABSENT (../shared/corpus): no real workload "
            "document was checked against the kind schemas"
        )
    documents = [
        (p.name, load_json(p))
        for p in corpus_files("workloads")
        if p.name not in MISLABELLED
    ]
    assert len(documents) >= 280
    return documents


def test_every_corpus_workload_validates_against_its_kind_and_any_kind(
    workloads: list[tuple[str, dict[str, Any]]],
) -> None:
    files = _file_of()
    counts: collections.Counter[str] = collections.Counter()
    failures = []
    for name, document in workloads:
        kind = document["kind"]
        counts[kind] += 1
        for file in (files[kind], MANIFESTS):
            paths = [e.json_path for e in VALIDATORS[file].iter_errors(document)]
            if paths:
                failures.append((name, file, paths[:3]))
    print(
        "\ncorpus workloads valid against their kind's schema and "
        f"{MANIFESTS}: "
        + ", ".join(f"{kind} {n}" for kind, n in counts.most_common())
        + f" ({sum(counts.values())} documents)"
    )
    assert failures == []
    assert {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"} <= set(
        counts
    )


def test_the_two_mislabelled_documents_are_refused_at_their_protocol() -> None:
    found = [p for p in corpus_files("workloads") if p.name in MISLABELLED]
    if not found:
        pytest.skip("THE SHARED CORPUS IS ABSENT (../shared/corpus)")
    assert len(found) == 2
    for path in found:
        document = load_json(path)
        for file in (_file_of()[document["kind"]], MANIFESTS):
            leaves = list(_leaves(VALIDATORS[file].iter_errors(document)))
            assert [e.json_path for e in leaves if e.validator == "enum"] == [
                "$."
                + MISLABELLED[path.name].replace("containers", "spec.containers", 1)
            ], (path.name, file)
