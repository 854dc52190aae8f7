"""The SDK's kinds in its three flavours: every corpus workload loads into its kind's
class and round-trips; the envelope is checked at every level; the loader gives typed
objects and leaves other kinds unchecked; the README's workload examples run."""

from __future__ import annotations

import copy
import functools
import json
import re
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import podspec
import pydantic
import pytest
import yaml
from conftest import (
    CORPUS,
    DEPLOYMENT_YAML,
    GENERATED,
    SDK,
    corpus_files,
    load_json,
    model,
    tool_required,
)
from podspec import KINDS, Unchecked, UncheckedWarning, ValidationError, fast
from podspec._runtime import load_yaml_documents
from podspec.manifests import API_VERSIONS, POD_SPEC_PATHS, load_manifests

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic
from podspec_pydantic.kinds import KINDS as PYDANTIC_KINDS

SPEC = model()

# The corpus README: the API server rejects `protocol: tcp` (case-sensitive).
MISLABELLED = {
    "kubernetes-examples__archived_volumes_aws_ebs_aws-ebs-web__0.json",
    "kubernetes-examples__archived_volumes_cinder_cinder-web__0.json",
}
# Mounts `kubeconfig` but declares `ssl-cekubeconfigrts` (test_corpus.py): refused.
BROKEN = {
    "kubernetes-autoscaler__cluster-autoscaler_cloudprovider_bizflycloud_manifest_cluster-autoscaler__0.json": "spec.template.spec.containers[0].volumeMounts[0].name",
}
DOCUMENTS = [
    p
    for p in corpus_files("workloads")
    if p.name not in MISLABELLED and p.name not in BROKEN
]


def _claims_mounted(path: Path) -> bool:
    """A StatefulSet whose containers mount a claim template it does not declare as a
    volume: valid, as its pods get that volume from the controller."""
    doc = load_json(path)
    if doc["kind"] != "StatefulSet":
        return False
    spec = doc["spec"]
    claims = {c["metadata"]["name"] for c in spec.get("volumeClaimTemplates", [])}
    pod = spec["template"]["spec"]
    declared = {v["name"] for v in pod.get("volumes", [])}
    mounted = {
        m["name"]
        for c in pod.get("containers", []) + pod.get("initContainers", [])
        for m in c.get("volumeMounts", [])
    }
    return bool((claims & mounted) - declared)


# Each class checks its pod spec as the controller makes the pods: a StatefulSet's with
# the volumes of its claim templates (spec: podVolumes).
FROM_DICT_CASES = DOCUMENTS
CLAIM_MOUNTS = [p for p in DOCUMENTS if _claims_mounted(p)]


# Without the corpus its tests skip, and the run's summary says so.
NEEDS_CORPUS = tool_required(
    "corpus", CORPUS.is_dir(), "../shared/corpus ships beside the project, not in it"
)


def _dig(doc: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _pydantic_dump(obj: pydantic.BaseModel) -> dict[str, Any]:
    dumped: dict[str, Any] = obj.model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    return dumped


@NEEDS_CORPUS
@pytest.mark.parametrize("path", FROM_DICT_CASES, ids=lambda p: p.name[:70])
def test_a_corpus_document_loads_into_its_class_in_every_flavour(path: Path) -> None:
    doc = load_json(path)
    kind = doc["kind"]
    pod_path = POD_SPEC_PATHS[kind]
    metadata_path = (*pod_path[:-1], "metadata")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = KINDS[kind].from_dict(doc)
        theirs = fast.KINDS[kind].from_dict(doc)
        model_ = PYDANTIC_KINDS[kind].model_validate(doc, by_alias=True, by_name=False)
    assert type(ours) is getattr(podspec, kind)
    assert ours.to_dict() == doc
    assert ours.pod_spec is not None
    assert ours.pod_spec.to_dict() == _dig(doc, pod_path)
    metadata = ours.pod_metadata
    assert (metadata and metadata.to_dict()) == _dig_or_none(doc, metadata_path)
    # The fast flavour reads an explicit null as unset (its README says so).
    if "null" not in path.read_text(encoding="utf-8"):
        assert theirs.to_dict() == doc
        assert theirs.pod_spec is not None
        assert theirs.pod_spec.to_dict() == _dig(doc, pod_path)
    assert type(model_) is getattr(podspec_pydantic, kind)
    assert _pydantic_dump(model_) == doc
    assert model_.pod_spec is not None
    assert _pydantic_dump(model_.pod_spec) == _dig(doc, pod_path)


# Objects the API server writes and a document may carry back: any JSON object,
# written back as given.
STATUS = {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}
WITH_FREE_FORM_OBJECTS = [
    {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "p",
            "managedFields": [
                {"manager": "kubectl", "fieldsV1": {"f:spec": {".": {}}}}
            ],
        },
        "spec": {"containers": [{"name": "app", "image": "nginx"}]},
        "status": STATUS,
    },
    {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "db"},
        "spec": {
            "selector": {"matchLabels": {"app": "db"}},
            "template": {
                "metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "db", "image": "postgres"}]},
            },
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "data"},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": "1Gi"}},
                    },
                    "status": {"phase": "Bound", "capacity": {"storage": "1Gi"}},
                }
            ],
        },
        "status": {"replicas": 1, "currentRevision": "db-1"},
    },
]


@pytest.mark.parametrize("doc", WITH_FREE_FORM_OBJECTS, ids=lambda d: d["kind"])
def test_free_form_objects_are_written_back_as_given_in_every_flavour(
    doc: dict[str, Any],
) -> None:
    kind = doc["kind"]
    assert KINDS[kind].from_dict(doc).to_dict() == doc
    assert fast.KINDS[kind].from_dict(doc).to_dict() == doc
    model_ = PYDANTIC_KINDS[kind].model_validate(doc)
    assert _pydantic_dump(model_) == doc
    assert (
        _pydantic_dump(PYDANTIC_KINDS[kind].model_validate_json(json.dumps(doc))) == doc
    )


@pytest.mark.parametrize(
    ("status", "said"),
    [
        ({"x": float("nan")}, "nan is not a JSON number"),
        ({"x": [float("inf")]}, "inf is not a JSON number"),
        ({1: "a"}, "object keys must be strings, got an integer"),
        ({"x": {1, 2}}, "expected a JSON value, got set"),
        (
            functools.reduce(lambda v, _: {"a": v}, range(100), {}),
            "nested deeper than 100 levels",
        ),
    ],
    ids=["nan", "infinity", "key", "set", "deep"],
)
def test_a_free_form_object_holding_what_json_cannot_is_refused_in_every_flavour(
    status: dict[Any, Any], said: str
) -> None:
    doc = {**WITH_FREE_FORM_OBJECTS[0], "status": status}
    for parse in (KINDS["Pod"].from_dict, fast.KINDS["Pod"].from_dict):
        with pytest.raises(ValidationError) as refused:
            parse(doc)
        assert [(p.path, p.message) for p in refused.value.problems] == [
            ("status", said)
        ]
    with pytest.raises(pydantic.ValidationError) as pydantic_refused:
        PYDANTIC_KINDS["Pod"].model_validate(doc)
    (error,) = pydantic_refused.value.errors()
    assert (error["loc"], error["msg"]) == (("status",), said)


@NEEDS_CORPUS
@pytest.mark.parametrize("path", CLAIM_MOUNTS, ids=lambda p: p.name[:70])
def test_a_mount_of_a_claim_template_is_a_volume_only_while_the_claim_is_there(
    path: Path,
) -> None:
    """Every flavour accepts a StatefulSet's mount of its own claim template (the
    controller adds the volume), the document round-trips without that volume, and
    without the claim templates the same mount is refused by the server's rule."""
    doc = load_json(path)
    assert KINDS["StatefulSet"].from_dict(doc).to_dict() == doc
    assert fast.StatefulSet.from_dict(doc).to_dict() == doc
    podspec_pydantic.StatefulSet.model_validate(doc)
    orphan = {**doc, "spec": {**doc["spec"], "volumeClaimTemplates": []}}
    for load in (
        KINDS["StatefulSet"].from_dict,
        fast.StatefulSet.from_dict,
        podspec_pydantic.StatefulSet.model_validate,
    ):
        with pytest.raises((ValidationError, pydantic.ValidationError)) as raised:
            load(orphan)
        assert "container-volume-mount-volume-exists" in str(raised.value) or (
            "volumeMounts" in str(raised.value)
        )


# A claim template's spec with what ValidatePersistentVolumeClaimSpec requires.
CLAIM = {
    "accessModes": ["ReadWriteOnce"],
    "resources": {"requests": {"storage": "1Gi"}},
}


def test_a_claim_templates_bad_name_is_reported_at_the_template_in_every_flavour() -> (
    None
):
    # The controller's volume takes the template's name; the kind's rules report it at
    # the template, and no flavour refuses it again at a volume in no document.
    pod = {
        "containers": [{"name": "db", "image": "postgres"}],
        "volumes": [{"name": "v", "emptyDir": {}}],
    }
    doc = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "db"},
        "spec": {
            "selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}}, "spec": pod},
            "volumeClaimTemplates": [
                {"metadata": {"name": ""}, "spec": CLAIM},
                {"metadata": {"name": "Data"}, "spec": CLAIM},
            ],
        },
    }
    expected = [
        (
            "spec.template.spec.volumes[1].persistentVolumeClaim.claimName",
            "persistent-volume-claim-claim-name-required",
        ),
        (
            "spec.volumeClaimTemplates[0].metadata.name",
            "statefulset-claim-template-name-required",
        ),
        (
            "spec.volumeClaimTemplates[1].metadata.name",
            "statefulset-claim-template-name-format",
        ),
    ]
    for parse in (KINDS["StatefulSet"].from_dict, fast.StatefulSet.from_dict):
        with pytest.raises(ValidationError) as refused:
            parse(doc)
        assert [(p.path, p.rule) for p in refused.value.problems] == expected
    for validate in (
        podspec_pydantic.StatefulSet.model_validate,
        lambda d: podspec_pydantic.StatefulSet.model_validate_json(json.dumps(d)),
    ):
        with pytest.raises(pydantic.ValidationError) as pydantic_refused:
            validate(doc)
        found = [
            (e["loc"], e.get("ctx", {}).get("rule"))
            for e in pydantic_refused.value.errors()
        ]
        assert found == [
            (
                tuple(
                    int(k) if k.isdigit() else k
                    for k in re.split(r"[.\[\]]+", path)
                    if k
                ),
                rule,
            )
            for path, rule in expected
        ]


def test_a_claim_template_without_a_spec_is_refused_in_every_flavour() -> None:
    """ValidateVolumeClaimTemplates validates each claim's Spec, which Go holds by
    value: an absent one is {}, without the access modes and storage it needs."""
    (doc,) = copy.deepcopy(
        [d for d in WITH_FREE_FORM_OBJECTS if d["kind"] == "StatefulSet"]
    )
    claim = doc["spec"]["volumeClaimTemplates"][0]
    spec = claim.pop("spec")
    for parse in (KINDS["StatefulSet"].from_dict, fast.StatefulSet.from_dict):
        with pytest.raises(ValidationError) as refused:
            parse(doc)
        assert [p.path for p in refused.value.problems] == [
            "spec.volumeClaimTemplates[0].spec"
        ]
    with pytest.raises(pydantic.ValidationError):
        podspec_pydantic.StatefulSet.model_validate(doc)
    claim["spec"] = spec
    for parse in (KINDS["StatefulSet"].from_dict, fast.StatefulSet.from_dict):
        assert parse(doc).to_dict() == doc


def test_the_corpus_has_statefulsets_that_mount_their_claims() -> None:
    if CORPUS.is_dir():
        assert len(CLAIM_MOUNTS) >= 3


def _dig_or_none(doc: Any, path: tuple[str, ...]) -> Any:
    try:
        return _dig(doc, path)
    except KeyError:
        return None


@NEEDS_CORPUS
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_corpus_document_is_refused_at_its_path(name: str) -> None:
    doc = load_json(CORPUS / "workloads" / name)
    for flavour in (podspec, fast):
        with pytest.raises(ValidationError) as caught:
            flavour.KINDS[doc["kind"]].from_dict(doc)
        assert BROKEN[name] in [p.path for p in caught.value.problems]
    with pytest.raises(ValidationError) as loaded:
        load_manifests([doc])
    assert f"[0].{BROKEN[name]}" in [p.path for p in loaded.value.problems]


@NEEDS_CORPUS
def test_the_whole_corpus_loads_in_one_call_in_both_loaders(
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = [load_json(p) for p in DOCUMENTS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = load_manifests(docs)
        theirs = fast.load_manifests(docs)
    assert [type(o).__name__ for o in ours] == [d["kind"] for d in docs]
    assert [type(o).__name__ for o in theirs] == [d["kind"] for d in docs]
    assert [o.to_dict() for o in ours] == docs
    counts = Counter(d["kind"] for d in docs)
    with capsys.disabled():
        listed = ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
        print(f"\nworkload corpus: {len(docs)} documents load and round-trip: {listed}")
    assert len(docs) >= 280 and {"Deployment", "StatefulSet", "CronJob"} <= set(counts)


@NEEDS_CORPUS
def test_to_yaml_writes_the_envelope_in_conventional_order() -> None:
    doc = load_json(next(p for p in DOCUMENTS if load_json(p)["kind"] == "Deployment"))
    shuffled = dict(reversed(list(doc.items())))
    shuffled["spec"] = dict(reversed(list(doc["spec"].items())))
    for cls in (podspec.Deployment, fast.Deployment):
        text = cls.from_dict(shuffled).to_yaml()
        top = [
            line.split(":")[0] for line in text.splitlines() if re.match(r"\w", line)
        ]
        assert top[:4] == ["apiVersion", "kind", "metadata", "spec"]
        order = [f.wire_name for f in SPEC.type("DeploymentSpec").fields]
        written = list(yaml.safe_load(text)["spec"])
        assert written == [key for key in order if key in written]


# (kind, where in the document the typo goes, the typo'd key): one per envelope level.
TYPOS = [
    ("Deployment", ("spec",), "replica"),
    ("Deployment", ("metadata",), "lables"),
    ("Deployment", ("spec", "template"), "metdata"),
    ("Deployment", ("spec", "template", "metadata"), "annotation"),
    ("Deployment", ("spec", "template", "spec"), "restartPolice"),
    ("StatefulSet", ("spec",), "serviceNam"),
    ("CronJob", ("spec",), "schedul"),
    ("CronJob", ("spec", "jobTemplate"), "metdata"),
    ("CronJob", ("spec", "jobTemplate", "spec"), "backoffLimt"),
    ("CronJob", ("spec", "jobTemplate", "spec", "template", "spec"), "containerz"),
    ("Job", ("spec",), "completion"),
    ("Pod", ("spec",), "nodeNam"),
]


def _document(kind: str) -> dict[str, Any]:
    return load_json(
        next(
            p
            for p in DOCUMENTS
            if load_json(p)["kind"] == kind and not _claims_mounted(p)
        )
    )


def _with_typo(kind: str, where: tuple[str, ...], key: str) -> dict[str, Any]:
    doc = _document(kind)
    target = doc
    for step in where:
        target = target.setdefault(step, {})
    target[key] = 1
    return doc


@NEEDS_CORPUS
@pytest.mark.parametrize("kind, where, key", TYPOS, ids=lambda x: str(x))
def test_a_typo_at_each_envelope_level_is_refused_at_its_path(
    kind: str, where: tuple[str, ...], key: str
) -> None:
    doc = _with_typo(kind, where, key)
    path = ".".join((*where, key))
    for flavour in (podspec, fast):
        with pytest.raises(ValidationError) as caught:
            flavour.KINDS[kind].from_dict(doc)
        assert path in [p.path for p in caught.value.problems]
    with pytest.raises(pydantic.ValidationError) as refused:
        PYDANTIC_KINDS[kind].model_validate(doc, by_alias=True, by_name=False)
    assert (*where, key) in [e["loc"] for e in refused.value.errors()]
    with pytest.raises(ValidationError) as loaded:
        load_manifests([{"apiVersion": "v1", "kind": "Service"}, doc])
    assert f"[1].{path}" in [p.path for p in loaded.value.problems]


@NEEDS_CORPUS
@pytest.mark.parametrize(
    "change, path, message",
    [
        (
            {"kind": "StatefulSet"},
            "kind",
            'Unsupported value: "StatefulSet": supported values: "Deployment"',
        ),
        ({"apiVersion": "apps/v1beta1"}, "apiVersion", 'supported values: "apps/v1"'),
        ({"kind": None}, "kind", "Required value"),
        ({"apiVersion": None}, "apiVersion", "Required value"),
    ],
)
def test_a_wrong_or_missing_kind_or_api_version_is_refused(
    change: dict[str, Any], path: str, message: str
) -> None:
    doc = _document("Deployment")
    doc.update({k: v for k, v in change.items() if v is not None})
    for key in [k for k, v in change.items() if v is None]:
        del doc[key]
    for flavour in (podspec, fast):
        with pytest.raises(ValidationError) as caught:
            flavour.Deployment.from_dict(doc)
        assert [p.path for p in caught.value.problems] == [path]
        assert message in caught.value.problems[0].message
    with pytest.raises(pydantic.ValidationError):
        podspec_pydantic.Deployment.model_validate(doc, by_alias=True, by_name=False)


MULTI = (
    """
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: 80}]}
---
"""
    + DEPLOYMENT_YAML
    + """---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
"""
)


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
def test_the_loader_gives_typed_objects_and_leaves_other_kinds_unchecked(
    load: Any,
) -> None:
    service, deployment, config = load(MULTI)
    assert isinstance(service, Unchecked) and not service.checked
    assert (service.kind, service.api_version) == ("Service", "v1")
    assert service.to_dict() == yaml.safe_load(MULTI.split("---")[0])
    assert "Service is not a kind" in service.reason
    assert isinstance(config, Unchecked) and config.kind == "ConfigMap"
    assert deployment.kind == "Deployment" and deployment.metadata.name == "web"
    assert deployment.pod_spec.containers[0].image == "nginx"
    assert deployment.pod_metadata.labels == {"app": "web"}


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
def test_a_modelled_kind_at_another_api_version_is_unchecked_and_warns(
    load: Any,
) -> None:
    other = {"apiVersion": "example.com/v1", "kind": "Deployment", "spec": {"x": 1}}
    with pytest.warns(UncheckedWarning, match=r"\[0\]: Deployment example.com/v1"):
        (loaded,) = load([other])
    assert isinstance(loaded, Unchecked) and loaded.to_dict() is other


POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web"},
    "spec": {"containers": [{"name": "web", "image": "nginx"}]},
}


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
@pytest.mark.parametrize(
    ("kind", "version", "release"),
    [
        ("Deployment", "extensions/v1beta1", "1.16"),
        ("StatefulSet", "apps/v1beta2", "1.16"),
        ("CronJob", "batch/v1beta1", "1.25"),
    ],
)
def test_a_kind_at_an_api_version_no_longer_served_is_refused(
    load: Any, kind: str, version: str, release: str
) -> None:
    """The server finds no such kind: the document is refused at its apiVersion,
    with the others of the same call, where an unknown apiVersion passes unchecked."""
    old = {"apiVersion": version, "kind": kind, "spec": {}}
    with pytest.raises(ValidationError) as caught:
        load([POD, old])
    (problem,) = caught.value.problems
    assert problem.path == "[1].apiVersion"
    assert problem.message.startswith(f'no matches for kind "{kind}" in version')
    assert f"not served since Kubernetes {release}" in problem.message


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
@pytest.mark.parametrize(
    ("kind", "version"),
    [("Pod", "apps/v1"), ("Deployment", "v1"), ("Job", "batch/v2"), ("Pod", "V1")],
)
def test_a_kind_in_a_kubernetes_group_at_a_version_it_lacks_is_refused(
    load: Any, kind: str, version: str
) -> None:
    """A group without a dot cannot be a custom resource's: only Kubernetes serves it,
    and it serves the kind at one version, so kubectl finds no such kind."""
    wrong = {"apiVersion": version, "kind": kind, "spec": {}}
    with pytest.raises(ValidationError) as caught:
        load([POD, wrong])
    (problem,) = caught.value.problems
    assert problem.path == "[1].apiVersion"
    served = {"Pod": "v1", "Deployment": "apps/v1", "Job": "batch/v1"}[kind]
    assert problem.message == (
        f'no matches for kind "{kind}" in version "{version}": {kind} is served at {served}'
    )


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
@pytest.mark.parametrize(
    ("kind", "version", "key", "said"),
    [
        ("pod", "v1", "kind", '(did you mean "Pod"?)'),
        ("Deploymnet", "apps/v1", "kind", '(did you mean "Deployment"?)'),
        ("Cronjob", "batch/v1", "kind", '(did you mean "CronJob"?)'),
        ("Service", "apps/v1", "apiVersion", ": Service is served at v1"),
        (
            "PodDisruptionBudget",
            "policy/v1beta1",
            "apiVersion",
            ": PodDisruptionBudget is served at policy/v1",
        ),
    ],
)
def test_a_kind_kubernetes_does_not_serve_there_is_refused_when_one_was_meant(
    load: Any, kind: str, version: str, key: str, said: str
) -> None:
    """kubectl finds no such kind in a group without a dot (no custom resource's):
    a misspelling of a kind served there, or a kind served at another version, is a
    document the server refuses, where passing it unchecked would hide the mistake."""
    wrong = {"apiVersion": version, "kind": kind, "metadata": {"name": "a"}}
    with pytest.raises(ValidationError) as caught:
        load([POD, wrong])
    (problem,) = caught.value.problems
    assert problem.path == f"[1].{key}"
    assert problem.message == (
        f'no matches for kind "{kind}" in version "{version}"'
        + ("" if said.startswith(":") else " ")
        + said
    )


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
def test_a_kind_no_kubernetes_group_serves_is_unchecked_with_kubectls_words(
    load: Any,
) -> None:
    # A legacy OpenShift Template, a kubeconfig, rbac's Role in the wrong group: none
    # misspells a kind served there; a custom resource and a ConfigMap pass; an empty
    # List has no items to give.
    others = [
        {"apiVersion": "v1", "kind": "Template"},
        {"apiVersion": "v1", "kind": "Config"},
        {"apiVersion": "v1", "kind": "Role"},
        {"apiVersion": "v1", "kind": "List", "items": []},
        {"apiVersion": "example.com/v1", "kind": "Deploymnet"},
        {"apiVersion": "v1", "kind": "ConfigMap"},
    ]
    loaded = load(others)
    assert [u.reason for u in loaded[:3]] == [
        f'no matches for kind "{d["kind"]}" in version "v1"' for d in others[:3]
    ]
    assert [u.kind for u in loaded[3:]] == ["Deploymnet", "ConfigMap"]
    assert all("not a kind this SDK models" in u.reason for u in loaded[3:])


@pytest.mark.parametrize("flavour", [podspec.manifests, fast], ids=["sdk", "fast"])
def test_the_items_of_a_list_are_documents_in_its_place(flavour: Any) -> None:
    # As kubectl reads `kubectl get -o yaml` output: each item of a List (or of any
    # kind ending in List) is applied, nested Lists flattened.
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}
    listed = {
        "apiVersion": "v1",
        "kind": "PodList",
        "items": [POD, {"apiVersion": "v1", "kind": "List", "items": [service, POD]}],
    }
    loaded = flavour.load_manifests([POD, listed])
    assert [type(o).__name__ for o in loaded] == ["Pod", "Pod", "Unchecked", "Pod"]
    assert [o.to_dict() for o in loaded] == [POD, POD, service, POD]
    found = flavour.pod_specs([POD, listed])
    assert [(f.document, f.path) for f in found] == [
        (0, "spec"),
        (1, "items[0].spec"),
        (1, "items[1].items[1].spec"),
    ]
    broken = json.loads(json.dumps(listed).replace('"image": "nginx"', '"image": ""'))
    for load in (flavour.load_manifests, flavour.pod_specs):
        with pytest.raises(ValidationError) as caught:
            load([broken])
        assert [p.path for p in caught.value.problems] == [
            "[0].items[0].spec.containers[0].image",
            "[0].items[1].items[1].spec.containers[0].image",
        ]


def test_lists_nested_without_end_are_left_unchecked() -> None:
    deep: dict[str, Any] = {"apiVersion": "v1", "kind": "List", "items": [POD]}
    for _ in range(10_000):
        deep = {"apiVersion": "v1", "kind": "List", "items": [deep]}
    (loaded,) = load_manifests([deep])
    assert isinstance(loaded, Unchecked) and loaded.kind == "List"


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
def test_the_loader_reports_every_document_at_once(load: Any) -> None:
    docs = yaml.safe_load_all(MULTI.replace("image: nginx", "image: nginx, imag: x"))
    bad = [*docs, ["not", "a", "manifest"], {"kind": "Pod", "spec": {"containers": []}}]
    with pytest.raises(ValidationError) as caught:
        load(bad)
    paths = [p.path for p in caught.value.problems]
    assert "[1].spec.template.spec.containers[0].imag" in paths
    assert "[3]" in paths  # not an object
    assert "[4].apiVersion" in paths  # a modelled kind must say its apiVersion


# Two containers on port 80 under hostNetwork: a Pod's hostPorts are defaulted to 80
# and clash (SetDefaults_Pod); a template's are not defaulted.
_HOST_NETWORK = {
    "hostNetwork": True,
    "terminationGracePeriodSeconds": -1,
    "containers": [
        {"name": "a", "image": "nginx", "ports": [{"containerPort": 80}]},
        {"name": "b", "image": "nginx", "ports": [{"containerPort": 80}]},
    ],
}
_POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "p"},
    "spec": _HOST_NETWORK,
}
_DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "d"},
    "spec": {
        "selector": {"matchLabels": {"app": "d"}},
        "template": {"metadata": {"labels": {"app": "d"}}, "spec": _HOST_NETWORK},
    },
}


@pytest.mark.parametrize(
    "load",
    [load_manifests, fast.load_manifests, podspec.manifests.pod_specs, fast.pod_specs],
    ids=["load_manifests", "fast.load_manifests", "pod_specs", "fast.pod_specs"],
)
def test_the_loaders_check_a_pod_as_from_dict_does_and_a_template_as_written(
    load: Any,
) -> None:
    with pytest.raises(ValidationError) as caught:
        load([_POD])
    paths = [p.path for p in caught.value.problems]
    assert paths == ["[0].spec.containers[1].ports[0].hostPort"]
    with pytest.raises(ValidationError):
        podspec.Pod.from_dict(_POD)  # the same verdict

    with warnings.catch_warnings(record=True) as heard:
        warnings.simplefilter("always")
        load([_DEPLOYMENT])
    said = [str(w.message) for w in heard]
    # a template keeps its negative grace period, and the server's warning about it
    assert any("terminationGracePeriodSeconds: must be >= 0" in s for s in said), said


def _warnings_of(load: Any, documents: list[Any]) -> list[str]:
    with warnings.catch_warnings(record=True) as heard:
        warnings.simplefilter("always")
        load(documents)
    return [str(w.message) for w in heard]


def test_every_loader_words_the_warnings_alike_from_the_documents_place() -> None:
    stream = [{"apiVersion": "v1", "kind": "ConfigMap"}, _DEPLOYMENT]
    said = _warnings_of(load_manifests, stream)
    assert said and all(s.startswith("[1].spec.template.spec.") for s in said), said
    for load in (fast.load_manifests, podspec.manifests.pod_specs, fast.pod_specs):
        assert _warnings_of(load, stream) == said


@NEEDS_CORPUS
def test_the_loader_takes_one_document_and_is_lenient_when_asked() -> None:
    doc = _with_typo("Deployment", ("spec",), "replica")
    (loaded,) = load_manifests(doc, lenient=True)
    assert isinstance(loaded, podspec.Deployment) and loaded.to_dict() == doc


def test_every_flavour_has_every_kind_and_where_it_keeps_its_pod_spec() -> None:
    names = [k.name for k in SPEC.kinds]
    assert list(KINDS) == list(fast.KINDS) == names
    assert sorted(PYDANTIC_KINDS) == sorted(names)
    assert {k.name: k.api_version for k in SPEC.kinds} == API_VERSIONS
    assert {k.name: k.pod_spec_path for k in SPEC.kinds} == POD_SPEC_PATHS
    for k in SPEC.kinds:
        assert PYDANTIC_KINDS[k.name] is getattr(podspec_pydantic, k.name)
        assert fast.KINDS[k.name] is getattr(fast, k.name)


def test_the_readme_workload_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    text = (SDK / "README.md").read_text(encoding="utf-8")
    section = text.split("## Workloads", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:")
    assert "image: nginx:1.28" in out
    assert "Service not checked: Service is not a kind this SDK models" in out
    assert "CronJob busybox" in out
    assert "[1].spec.jobTemplate.spec.template.spec.restartPolice: unknown field" in out


# Strings go-yaml v2 (kubectl) reads as booleans or numbers when written plain, though
# PyYAML reads them as strings; and some both read so.
_LOOKALIKES = ["y", "N", "1e3", "0o17", "08", "0x1F", "1_000", "+1", ".5", "yes", "1.5"]


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
def test_to_yaml_writes_strings_that_read_back_as_strings(flavour: Any) -> None:
    document = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "labels": {"tier": "y", "rev": "08"}},
        "spec": {"containers": [{"name": "a", "image": "b", "args": _LOOKALIKES}]},
    }
    pod = flavour.Pod.from_dict(document)
    text = pod.to_yaml()
    assert flavour.Pod.from_yaml(text) == pod
    (unchecked,) = load_manifests([{**document, "kind": "PodPreset"}])
    assert isinstance(unchecked, Unchecked)
    (read,) = load_yaml_documents(unchecked.to_yaml())  # as kubectl reads it
    assert read["spec"]["containers"][0]["args"] == _LOOKALIKES
    assert "- 'y'" in text and "- '1e3'" in text


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
def test_a_subclass_is_checked_by_its_sdk_class_rules(flavour: Any) -> None:
    if flavour is podspec and podspec._runtime.COMPILED:
        pytest.skip("the mypyc build's classes take no interpreted subclass")

    class Mine(flavour.PodSpec):  # type: ignore[misc, name-defined]
        """A user's subclass, with a helper of its own."""

        def names(self) -> list[str]:
            return [c.name for c in self.containers]

    twins = {"containers": [{"name": "a", "image": "b"}, {"name": "a", "image": "c"}]}
    with pytest.raises(ValidationError) as caught:
        Mine.from_dict(twins)
    assert "containers[1].name" in [p.path for p in caught.value.problems]
    mine = Mine.from_dict({"containers": [{"name": "a", "image": "b"}]})
    assert isinstance(mine, Mine) and mine.names() == ["a"]
    mine.containers.append(flavour.Container(name="a", image="c"))
    with pytest.raises(ValidationError):
        mine.validate()


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
def test_a_manifest_without_its_kind_is_refused_as_validate_refuses_it(
    load: Any,
) -> None:
    # A mis-cased `Kind`: kubectl says "Object 'Kind' is missing".
    manifest = {
        "apiVersion": "v1",
        "Kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "a", "image": "b"}]},
    }
    with pytest.raises(ValidationError) as caught:
        load([manifest])
    assert [str(p) for p in caught.value.problems] == ["[0].kind: Required value"]
    # A file that only shares apiVersion (a Helm Chart.yaml) is no manifest.
    (chart,) = load([{"apiVersion": "v2", "name": "web", "version": "1.0.0"}])
    assert isinstance(chart, Unchecked)


@pytest.mark.parametrize("flavour", [podspec.manifests, fast], ids=["sdk", "fast"])
def test_a_helm_values_file_naming_a_kind_is_unchecked_and_holds_no_pod_spec(
    flavour: Any,
) -> None:
    values = {"kind": "Deployment", "replicaCount": 1, "image": {"tag": ""}}
    (loaded,) = flavour.load_manifests([values])
    assert isinstance(loaded, Unchecked) and "Helm values file" in loaded.reason
    assert flavour.pod_specs([values]) == []
    # A manifest that lost its apiVersion and metadata is still one.
    with pytest.raises(ValidationError, match="apiVersion: Required value"):
        flavour.load_manifests([{**values, "spec": {}}])
    with pytest.raises(ValidationError, match=r"\[0\]\.spec\.template"):
        flavour.pod_specs([{**values, "spec": {}}])
    # A PodTemplate holds its pods under `template`, not `spec`.
    template = {"kind": "PodTemplate", "template": {"spec": {"containers": []}}}
    with pytest.raises(ValidationError, match="apiVersion: Required value"):
        flavour.load_manifests([template])
    (unchecked,) = flavour.load_manifests([{"kind": "PodTemplate", "spec": {}}])
    assert isinstance(unchecked, Unchecked)


@pytest.mark.parametrize("flavour", [podspec.manifests, fast], ids=["sdk", "fast"])
def test_pod_specs_warn_once_though_they_check_the_whole_document_too(
    flavour: Any,
) -> None:
    # pod_specs also reads the whole document for the kind's rules about its pod
    # spec: quietly, so a deprecated field and a server warning are each given once.
    env = [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]
    container = {"name": "a", "image": "b", "env": env}
    spec = {"restartPolicy": "Never", "serviceAccount": "x", "containers": [container]}
    job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "j"},
        "spec": {"template": {"spec": spec}},
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (found,) = flavour.pod_specs([job])
    assert found.path == "spec.template.spec"
    assert [(w.category.__name__, str(w.message)) for w in caught] == [
        ("DeprecationWarning", "Use serviceAccountName instead."),
        (
            "PodSpecWarning",
            "[0].spec.template.spec.containers[0].env[1]: hides previous definition"
            ' of "A", which may be dropped when using apply'
            " [warn-container-env-hides-previous]",
        ),
    ]


@pytest.mark.parametrize("load", [load_manifests, fast.load_manifests])
def test_the_loader_takes_bytes_and_refuses_what_is_no_source(load: Any) -> None:
    text = yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "a", "image": "b"}]},
        }
    )
    (pod,) = load(text.encode("utf-8"))
    assert pod.kind == "Pod"
    with pytest.raises(ValidationError, match="not UTF-8 text"):
        load(b"\xff\xfe")
    with pytest.raises(TypeError, match="not NoneType"):
        load(None)


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
def test_ruamel_round_trip_documents_read_as_the_json_they_stand_for(
    flavour: Any,
) -> None:
    ruamel = pytest.importorskip("ruamel.yaml")
    deployment = MULTI.split("---\n")[1]
    document = ruamel.YAML().load(deployment)  # CommentedMap, CommentedSeq, scalars
    obj = flavour.KINDS[document["kind"]].from_dict(document)
    assert obj.to_dict() == document
    obj.validate()
    document["spec"]["template"]["spec"]["containers"][0].pop("image")
    with pytest.raises(ValidationError):
        flavour.KINDS[document["kind"]].from_dict(document)
