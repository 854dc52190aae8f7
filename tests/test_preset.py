"""`podspec.preset`: PodPreset injection with the semantics of the removed admission
plugin (plugin/pkg/admission/podpreset, Kubernetes v1.19): selectors, each merge,
conflicts naming both sides, the annotation, the exclusion, sidecars merged by name,
idempotence, and every kind that carries a pod spec."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import SDK  # noqa: F401  (puts the generated SDK on sys.path)
from podspec import ValidationError
from podspec.manifests import API_VERSIONS, KINDS, POD_SPEC_PATHS
from podspec.preset import (
    EXCLUDE_ANNOTATION,
    PodPreset,
    inject,
    presets_from_documents,
)

ANNOTATION = "podpreset.admission.kubernetes.io/podpreset-"


def preset(name: str = "db", selector: Any = None, **spec: Any) -> PodPreset:
    body = {
        "selector": {"matchLabels": {"app": "web"}} if selector is None else selector
    }
    body.update(spec or {"env": [{"name": "DB_PORT", "value": "6379"}]})
    return PodPreset.from_dict(
        {
            "apiVersion": "settings.k8s.io/v1alpha1",
            "kind": "PodPreset",
            "metadata": {"name": name, "resourceVersion": "7"},
            "spec": body,
        }
    )


def document(
    kind: str = "Deployment", labels: Any = None, **pod: Any
) -> dict[str, Any]:
    """A valid document of `kind` whose pods carry `labels` and the pod spec `pod`."""
    doc: dict[str, Any] = {
        "apiVersion": API_VERSIONS[kind],
        "kind": kind,
        "metadata": {"name": "x"},
    }
    keys = POD_SPEC_PATHS[kind]
    node = doc
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    restart = "OnFailure" if kind in ("Job", "CronJob") else "Always"
    node["spec"] = {
        "restartPolicy": restart,
        "containers": [{"name": "app", "image": "nginx"}],
    }
    node["spec"].update(pod)
    node["metadata"] = {**node.get("metadata", {}), "labels": labels or {"app": "web"}}
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"):
        doc["spec"]["selector"] = {"matchLabels": labels or {"app": "web"}}
    if kind == "ReplicationController":
        doc["spec"]["selector"] = labels or {"app": "web"}
    if kind == "CronJob":
        doc["spec"]["schedule"] = "0 3 * * *"
    return doc


def pod_of(doc: dict[str, Any]) -> dict[str, Any]:
    node: Any = doc
    for key in POD_SPEC_PATHS[doc["kind"]]:
        node = node[key]
    assert isinstance(node, dict)
    return node


def meta_of(doc: dict[str, Any]) -> dict[str, Any]:
    node: Any = doc
    for key in (*POD_SPEC_PATHS[doc["kind"]][:-1], "metadata"):
        node = node[key]
    assert isinstance(node, dict)
    return node


@pytest.mark.parametrize("kind", sorted(POD_SPEC_PATHS))
def test_every_kind_gets_env_volumes_mounts_and_the_annotation(kind: str) -> None:
    p = preset(
        env=[{"name": "DB_PORT", "value": "6379"}],
        envFrom=[{"configMapRef": {"name": "settings"}}],
        volumes=[{"name": "cache", "emptyDir": {}}],
        volumeMounts=[{"name": "cache", "mountPath": "/cache"}],
    )
    doc = document(kind, initContainers=[{"name": "init", "image": "busybox"}])
    result = inject(doc, [p])
    assert result.changed and not result.conflicts and not result.problems
    pod = pod_of(result.document)
    for container in pod["containers"] + pod["initContainers"]:
        assert container["env"] == [{"name": "DB_PORT", "value": "6379"}]
        assert container["envFrom"] == [{"configMapRef": {"name": "settings"}}]
        assert container["volumeMounts"] == [{"name": "cache", "mountPath": "/cache"}]
    assert pod["volumes"] == [{"name": "cache", "emptyDir": {}}]
    assert meta_of(result.document)["annotations"] == {ANNOTATION + "db": "7"}
    KINDS[kind].from_dict(result.document)  # the result is a valid document
    assert pod_of(doc) == pod_of(
        document(kind, initContainers=[{"name": "init", "image": "busybox"}])
    )


@pytest.mark.parametrize(
    ("selector", "labels", "selected"),
    [
        ({"matchLabels": {"app": "web"}}, {"app": "web", "tier": "a"}, True),
        ({"matchLabels": {"app": "web"}}, {"app": "db"}, False),
        ({}, {"anything": "at-all"}, True),  # an empty selector selects every pod
        (
            {
                "matchExpressions": [
                    {"key": "app", "operator": "In", "values": ["web", "api"]}
                ]
            },
            {"app": "api"},
            True,
        ),
        (
            {
                "matchExpressions": [
                    {"key": "app", "operator": "NotIn", "values": ["web"]}
                ]
            },
            {"app": "web"},
            False,
        ),
        (
            {"matchExpressions": [{"key": "canary", "operator": "DoesNotExist"}]},
            {"app": "web"},
            True,
        ),
        (
            {"matchExpressions": [{"key": "canary", "operator": "Exists"}]},
            {"app": "web"},
            False,
        ),
    ],
)
def test_selector(selector: Any, labels: dict[str, str], selected: bool) -> None:
    result = inject(document(labels=labels), [preset(selector=selector)])
    assert result.changed is selected
    if not selected:
        assert result.document == document(labels=labels)
        assert result.skipped == "no preset selects its labels"


def test_an_item_already_there_with_the_same_content_is_kept_once() -> None:
    env = [{"name": "DB_PORT", "value": "6379"}, {"name": "OTHER", "value": "1"}]
    doc = document(containers=[{"name": "app", "image": "nginx", "env": env}])
    result = inject(doc, [preset()])
    assert result.changed  # the annotation is still recorded
    assert pod_of(result.document)["containers"][0]["env"] == env


def test_env_is_appended_after_the_containers_own() -> None:
    doc = document(
        containers=[
            {"name": "app", "image": "nginx", "env": [{"name": "A", "value": "1"}]}
        ]
    )
    env = pod_of(inject(doc, [preset()]).document)["containers"][0]["env"]
    assert [e["name"] for e in env] == ["A", "DB_PORT"]


@pytest.mark.parametrize(
    ("spec", "pod", "path", "theirs"),
    [
        (
            {"env": [{"name": "DB_PORT", "value": "6379"}]},
            {
                "containers": [
                    {
                        "name": "app",
                        "image": "nginx",
                        "env": [{"name": "DB_PORT", "value": "5432"}],
                    }
                ]
            },
            "spec.template.spec.containers[0].env[0]",
            '"value": "5432"',
        ),
        (
            {"volumes": [{"name": "cache", "emptyDir": {}}]},
            {"volumes": [{"name": "cache", "hostPath": {"path": "/tmp"}}]},
            "spec.template.spec.volumes[0]",
            '"hostPath"',
        ),
        (  # the same volume mounted elsewhere: the plugin keys mounts by name too
            {"volumeMounts": [{"name": "cache", "mountPath": "/cache"}]},
            {
                "containers": [
                    {
                        "name": "app",
                        "image": "nginx",
                        "volumeMounts": [{"name": "cache", "mountPath": "/c"}],
                    }
                ],
                "volumes": [{"name": "cache", "emptyDir": {}}],
            },
            "spec.template.spec.containers[0].volumeMounts[0]",
            '"mountPath": "/c"',
        ),
        (  # another volume at the same mount path
            {"volumeMounts": [{"name": "cache", "mountPath": "/cache"}]},
            {
                "containers": [
                    {
                        "name": "app",
                        "image": "nginx",
                        "volumeMounts": [{"name": "data", "mountPath": "/cache"}],
                    }
                ],
                "volumes": [{"name": "data", "emptyDir": {}}],
            },
            "spec.template.spec.containers[0].volumeMounts[0]",
            '"name": "data"',
        ),
    ],
)
def test_a_conflict_leaves_the_document_and_names_both_sides(
    spec: dict[str, Any], pod: dict[str, Any], path: str, theirs: str
) -> None:
    doc = document(**pod)
    result = inject(doc, [preset(**spec)])
    assert not result.changed and result.document is doc
    assert [c.path for c in result.conflicts] == [path]
    message = result.conflicts[0].message
    assert (
        "preset 'db'" in message and "the document has" in message and theirs in message
    )
    injected = next(iter(spec.values()))[0]
    assert f'"name": "{injected["name"]}"' in message


def test_a_conflict_between_two_presets_applies_neither() -> None:
    a = preset(
        "a",
        env=[{"name": "MODE", "value": "fast"}],
        volumes=[{"name": "v", "emptyDir": {}}],
    )
    b = preset("b", env=[{"name": "MODE", "value": "safe"}])
    doc = document()
    result = inject(doc, [a, b])
    assert result.document is doc and not result.changed
    assert len(result.conflicts) == 1
    assert "preset 'b'" in result.conflicts[0].message
    assert "preset 'a' has" in result.conflicts[0].message
    assert result.applied == ["a", "b"]


def test_two_presets_without_conflict_both_apply_and_annotate() -> None:
    a = preset("a", env=[{"name": "A", "value": "1"}])
    b = preset("b", env=[{"name": "B", "value": "2"}, {"name": "A", "value": "1"}])
    result = inject(document(), [a, b])
    assert [e["name"] for e in pod_of(result.document)["containers"][0]["env"]] == [
        "A",
        "B",
    ]
    assert set(meta_of(result.document)["annotations"]) == {
        ANNOTATION + "a",
        ANNOTATION + "b",
    }


def test_exclusion_annotation_and_mirror_pods_are_left_alone() -> None:
    for marks in (
        {EXCLUDE_ANNOTATION: "true"},
        {"kubernetes.io/config.mirror": "x"},
    ):
        doc = document("Pod")
        doc["metadata"]["annotations"] = dict(marks)
        result = inject(doc, [preset()])
        assert result.document is doc and not result.changed and result.skipped
    doc = document("Pod")
    doc["metadata"]["annotations"] = {EXCLUDE_ANNOTATION: "false"}
    assert inject(doc, [preset()]).changed


def test_sidecars_are_native_init_containers_merged_by_name() -> None:
    sidecar = {"name": "proxy", "image": "envoy:1.30", "restartPolicy": "Always"}
    worker = {
        "name": "log",
        "image": "fluent-bit",
        "env": [{"name": "LEVEL", "value": "info"}],
    }
    p = preset(
        initContainers=[sidecar],
        containers=[worker],
        env=[{"name": "DB_PORT", "value": "1"}],
    )
    doc = document(
        containers=[{"name": "app", "image": "nginx"}, {"name": "log", "image": "old"}]
    )
    result = inject(doc, [p])
    pod = pod_of(result.document)
    assert pod["initContainers"][0]["name"] == "proxy"
    assert pod["initContainers"][0]["restartPolicy"] == "Always"
    assert pod["initContainers"][0]["env"] == [{"name": "DB_PORT", "value": "1"}]
    log = next(c for c in pod["containers"] if c["name"] == "log")
    assert log["image"] == "fluent-bit"  # merged into the container of that name
    assert [e["name"] for e in log["env"]] == ["LEVEL", "DB_PORT"]
    assert [c["name"] for c in pod["containers"]] == ["app", "log"]
    assert any(
        "added spec.template.spec.initContainers 'proxy'" in c for c in result.changes
    )
    assert any(
        "merged spec.template.spec.containers 'log'" in c for c in result.changes
    )


@pytest.mark.parametrize("kind", sorted(POD_SPEC_PATHS))
def test_injecting_twice_changes_nothing(kind: str) -> None:
    p = preset(
        env=[{"name": "DB_PORT", "value": "6379"}],
        envFrom=[{"secretRef": {"name": "creds"}}],
        volumes=[{"name": "cache", "emptyDir": {}}],
        volumeMounts=[{"name": "cache", "mountPath": "/cache"}],
        initContainers=[{"name": "proxy", "image": "envoy", "restartPolicy": "Always"}],
        containers=[{"name": "log", "image": "fluent-bit"}],
    )
    once = inject(document(kind), [p]).document
    twice = inject(copy.deepcopy(once), [p])
    assert twice.document == once and not twice.changed and not twice.conflicts


def test_a_result_the_kind_refuses_is_not_applied() -> None:
    # A second container named like an init container breaks container-names-unique.
    p = preset(containers=[{"name": "init", "image": "busybox"}])
    doc = document(initContainers=[{"name": "init", "image": "busybox"}])
    result = inject(doc, [p])
    assert result.document is doc and not result.changed
    assert result.problems and result.problems[0].path.startswith("spec.template.spec.")


def test_documents_without_pods_are_skipped() -> None:
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}
    assert inject(service, [preset()]).skipped == "no pod template"
    assert inject(["not", "a", "map"], [preset()]).skipped == "no pod template"


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (
            {
                "kind": "PodPreset",
                "metadata": {"name": "p"},
                "spec": {"env": [{"value": "1"}]},
            },
            "spec.env[0].name",
        ),
        (
            {"kind": "PodPreset", "metadata": {}, "spec": {"env": [{"name": "A"}]}},
            "metadata.name",
        ),
        (
            {
                "kind": "Pod",
                "metadata": {"name": "p"},
                "spec": {"env": [{"name": "A"}]},
            },
            "kind",
        ),
        (
            {
                "kind": "PodPreset",
                "apiVersion": "v1",
                "metadata": {"name": "p"},
                "spec": {"env": [{"name": "A"}]},
            },
            "apiVersion",
        ),
        (
            {
                "kind": "PodPreset",
                "metadata": {"name": "p"},
                "spec": {"envv": [], "env": [{"name": "A"}]},
            },
            "spec.envv",
        ),
        (
            {"kind": "PodPreset", "metadata": {"name": "p"}, "spec": {"selector": {}}},
            "spec",
        ),
        (
            {
                "kind": "PodPreset",
                "metadata": {"name": "p"},
                "spec": {
                    "volumes": [
                        {"name": "v", "emptyDir": {}, "hostPath": {"path": "/"}}
                    ]
                },
            },
            "spec.volumes[0].hostPath",
        ),
        (
            {
                "kind": "PodPreset",
                "metadata": {"name": "p"},
                "spec": {
                    "containers": [{"name": "c", "image": "i", "imagePullPolice": "x"}]
                },
            },
            "spec.containers[0].imagePullPolice",
        ),
    ],
)
def test_a_bad_preset_is_refused_with_its_path(data: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as err:
        PodPreset.from_dict(data)
    assert path in [p.path for p in err.value.problems], err.value


def test_presets_from_documents_paths_and_duplicate_names() -> None:
    good = {
        "kind": "PodPreset",
        "metadata": {"name": "p"},
        "spec": {"env": [{"name": "A", "value": "1"}]},
    }
    assert [p.name for p in presets_from_documents([None, good])] == ["p"]
    with pytest.raises(ValidationError) as err:
        presets_from_documents(
            [
                good,
                {"kind": "PodPreset", "metadata": {"name": "q"}, "spec": {"env": [{}]}},
            ]
        )
    assert [p.path for p in err.value.problems] == ["[1].spec.env[0].name"]
    with pytest.raises(ValidationError, match="two presets are named 'p'"):
        presets_from_documents([good, good])


def test_each_item_of_a_list_is_injected_and_a_conflict_in_one_leaves_the_list() -> (
    None
):
    listed = {
        "apiVersion": "v1",
        "kind": "DeploymentList",
        "items": [document(), document(labels={"app": "db"}), document("Pod")],
    }
    result = inject(listed, [preset()])
    assert result.changed and result.applied == ["db"]
    web, db, pod = result.document["items"]
    assert pod_of(web)["containers"][0]["env"] == [{"name": "DB_PORT", "value": "6379"}]
    assert db == listed["items"][1]  # no preset selects it
    assert pod_of(pod)["containers"][0]["env"] == [{"name": "DB_PORT", "value": "6379"}]
    assert all(c.startswith(("items[0]: ", "items[2]: ")) for c in result.changes)
    # Another value under the same name in the third item: a conflict there, and
    # no item of the List is changed.
    clash = copy.deepcopy(listed)
    pod_of(clash["items"][2])["containers"][0]["env"] = [
        {"name": "DB_PORT", "value": "1"}
    ]
    refused = inject(clash, [preset()])
    assert not refused.changed and refused.document is clash
    assert [c.path for c in refused.conflicts] == ["items[2].spec.containers[0].env[0]"]


def test_lists_nested_without_end_are_left_alone() -> None:
    deep: dict[str, Any] = {"apiVersion": "v1", "kind": "List", "items": [document()]}
    for _ in range(10_000):
        deep = {"apiVersion": "v1", "kind": "List", "items": [deep]}
    result = inject(deep, [preset()])
    assert not result.changed and result.document is deep
