"""A broken rule is reported at the path the API server names, in its form: a map key
as `requests[cpu]` (field.Path's Key), and where the server passes another path than
the field's (a rule's `serverPath`), that path: `volumeMounts.subPath` without the
item's index, `resizePolicy` for an item's field, `downwardAPI.fieldRef` without the
items, `nodeSelector` for a label's key or value. Each flavour and `validate` agree."""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path
from typing import Any

import podspec
import podspec.fast
import pytest
from conftest import CORPUS, corpus_files, deployment_of, load_json
from podspec import _runtime as rt
from podspec.validator import check_text

SEMANTIC = corpus_files("semantic")


_PROJECTED_TWO_KINDS = {
    "name": "p",
    "projected": {
        "sources": [
            {"configMap": {"name": "c"}},
            {
                "secret": {"name": "s"},
                "clusterTrustBundle": {"signerName": "example.com/a/b", "path": "b"},
            },
        ]
    },
}


def _server_path(name: str) -> str:
    """The path of the server's message in the corpus INDEX, without `spec.`."""
    with (CORPUS / "semantic" / "INDEX.tsv").open(encoding="utf-8") as index:
        row = next(
            r for r in csv.DictReader(index, delimiter="\t") if r["file"] == name
        )
    return row["server_message"].strip('"').split(": ", 1)[0].removeprefix("spec.")


def _paths(flavour: Any, document: Any) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(document)
    return [p.path for p in raised.value.problems]


@pytest.mark.parametrize(
    "flavour", [podspec, podspec.fast], ids=["dataclasses", "fast"]
)
@pytest.mark.parametrize("path", SEMANTIC, ids=lambda p: p.name)
def test_every_semantic_sample_is_reported_at_the_servers_path(
    path: Path, flavour: Any, corpus: Path
) -> None:
    assert _server_path(path.name) in _paths(flavour, load_json(path))


@pytest.mark.parametrize("path", SEMANTIC, ids=lambda p: p.name)
def test_validate_reports_the_servers_path_too(path: Path, corpus: Path) -> None:
    result = check_text(path.name, path.read_text(encoding="utf-8"))
    assert _server_path(path.name) in [f.path for f in result.findings], result.findings


@pytest.mark.parametrize("path", SEMANTIC, ids=lambda p: p.name)
def test_validate_says_the_servers_message_first_at_its_path(
    path: Path, corpus: Path
) -> None:
    """The server's first message at a place comes first: several checks of one value
    (IsValidPortName's) are listed in the order the server makes them."""
    with (CORPUS / "semantic" / "INDEX.tsv").open(encoding="utf-8") as index:
        row = next(
            r for r in csv.DictReader(index, delimiter="\t") if r["file"] == path.name
        )
    message = row["server_message"].split(": ", 1)[1]
    result = check_text(path.name, path.read_text(encoding="utf-8"))
    said = [f.message for f in result.findings if f.path == _server_path(path.name)]
    assert said[0] == message, said


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        # a map key, as field.Path's Key writes it, dots and slashes included
        (
            {"resources": {"limits": {"example.com/gpu": "1.5"}}},
            "containers[0].resources.limits[example.com/gpu]",
        ),
        # serverPath: noIndex (validateLocalDescendingPath gets the list's path)
        (
            {
                "volumeMounts": [
                    {"name": "v", "mountPath": "/a"},
                    {"name": "v", "mountPath": "/b", "subPathExpr": "/abs"},
                ]
            },
            "containers[0].volumeMounts.subPathExpr",
        ),
        # serverPath: list (validateResizePolicy's Invalid(fldPath, ...))
        (
            {
                "resizePolicy": [
                    {"resourceName": "cpu", "restartPolicy": "RestartContainer"}
                ]
            },
            "containers[0].resizePolicy",
        ),
        # serverPath: parent (ValidateLabels reports at the map)
        (
            {"_nodeSelector": {"zone": "us east"}},
            "nodeSelector",
        ),
        # serverPath: host (validateProjectionSources reports at the projected volume)
        (
            {
                "_volumes": [
                    {"name": "v", "emptyDir": {}},
                    {
                        "name": "p",
                        "projected": {
                            "sources": [
                                {
                                    "secret": {
                                        "name": "a",
                                        "items": [{"key": "k", "path": "x"}],
                                    }
                                },
                                {
                                    "configMap": {
                                        "name": "b",
                                        "items": [{"key": "k", "path": "x"}],
                                    }
                                },
                            ]
                        },
                    },
                ]
            },
            "volumes[1].projected",
        ),
    ],
    ids=["map-key", "noIndex", "list", "parent", "host"],
)
def test_each_server_path_form(document: dict[str, Any], expected: str) -> None:
    spec: dict[str, Any] = {
        "restartPolicy": "Never",
        "volumes": [{"name": "v", "emptyDir": {}}],
        "containers": [{"name": "app", "image": "nginx"}],
    }
    for key, value in document.items():
        if key.startswith("_"):
            spec[key[1:]] = value
        else:
            spec["containers"][0][key] = value
    assert expected in _paths(podspec, spec)
    assert expected in _paths(podspec.fast, spec)


def test_the_server_path_forms_cut_where_they_say() -> None:
    path = (((((("", "volumes"), 0), "downwardAPI"), "items"), 2), "fieldRef")
    assert (
        rt.render(rt.server_path(path, "noIndex").server)
        == "volumes[0].downwardAPI.items.fieldRef"
    )
    assert (
        rt.render(rt.server_path(path, "noList").server)
        == "volumes[0].downwardAPI.fieldRef"
    )
    assert (
        rt.render(rt.server_path(path, "list").server) == "volumes[0].downwardAPI.items"
    )
    assert (
        rt.render(rt.server_path(path, "parent").server)
        == "volumes[0].downwardAPI.items[2]"
    )
    assert rt.render(rt.server_path(path, "noItem").server) == "volumes[0].downwardAPI"
    token = (
        ((((("", "volumes"), 1), "projected"), "sources"), 0),
        "serviceAccountToken",
    )
    assert (
        rt.render(rt.server_path((token, "path"), "noItem").server)
        == "volumes[1].projected.path"
    )
    # no index to cut: the path stays as it is
    assert rt.render(rt.server_path(("", "hostPID"), "noIndex").server) == "hostPID"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # validateHostUsers: fldPath.Child("HostPID"), capitalised
        ({"hostUsers": False, "hostPID": True}, "HostPID"),
        ({"hostUsers": False, "hostIPC": True}, "HostIPC"),
        # validatePodResourceConsistency builds its path from the pod's resources
        (
            {
                "resources": {"limits": {"memory": "1Gi"}},
                "containers": [
                    {"name": "a", "image": "x"},
                    {
                        "name": "b",
                        "image": "x",
                        "resources": {
                            "requests": {"memory": "1Gi"},
                            "limits": {"memory": "2Gi"},
                        },
                    },
                ],
            },
            "resources.containers[1][memory].limits",
        ),
        # checkHostPortConflicts gets one init container, and the list's path
        (
            {
                "initContainers": [
                    {"name": "i0", "image": "x"},
                    {
                        "name": "i1",
                        "image": "x",
                        "ports": [
                            {"containerPort": 80, "hostPort": 9000},
                            {"containerPort": 81, "hostPort": 9000},
                        ],
                    },
                ]
            },
            "initContainers[0].ports[1].hostPort",
        ),
        # validateVolumeSource's Forbidden paths spell two sources their own way
        (
            {"volumes": [{"name": "d", "emptyDir": {}, "downwardAPI": {}}]},
            "volumes[0].downwarAPI",
        ),
        (
            {
                "volumes": [
                    {
                        "name": "c",
                        "hostPath": {"path": "/srv"},
                        "cephfs": {"monitors": ["10.0.0.1:6789"]},
                    }
                ]
            },
            "volumes[0].cephFS",
        ),
        # a field's serverName: the server checks its contents under another name
        (
            {"volumes": [{"name": "g", "gcePersistentDisk": {"pdName": ""}}]},
            "volumes[0].persistentDisk.pdName",
        ),
        # validateOverhead checks the map as a ResourceRequirements' limits
        ({"overhead": {"cpu": "-1"}}, "overhead.limits[cpu]"),
        # validatePodAffinityTerm names each of `namespaces` `namespace`, no index
        (
            {
                "affinity": {
                    "podAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {"topologyKey": "zone", "namespaces": ["ok", "Bad_NS"]}
                        ]
                    }
                }
            },
            "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]"
            ".namespace",
        ),
        # conversion copies serviceAccount into an empty serviceAccountName first
        ({"serviceAccount": "Bad_SA"}, "serviceAccountName"),
        # validateISCSIVolumeSource's lower-case Child("initiatorname")
        (
            {
                "volumes": [
                    {
                        "name": "i",
                        "iscsi": {
                            "targetPortal": "10.0.0.1:3260",
                            "iqn": "iqn.2001-04.com.example:disk",
                            "lun": 0,
                            "initiatorName": "client",
                        },
                    }
                ]
            },
            "volumes[0].iscsi.initiatorname",
        ),
        # ValidatePersistentVolumeClaimSpec's Invalid(fldPath, ...): the claim spec
        (
            {
                "volumes": [
                    {
                        "name": "e",
                        "ephemeral": {
                            "volumeClaimTemplate": {
                                "spec": {
                                    "accessModes": ["ReadWriteOnce"],
                                    "resources": {"requests": {"storage": "1Gi"}},
                                    "dataSource": {"kind": "Foo", "name": "src"},
                                    "dataSourceRef": {
                                        "kind": "Foo",
                                        "name": "src",
                                        "namespace": "team-a",
                                    },
                                }
                            }
                        },
                    }
                ]
            },
            "volumes[0].ephemeral.volumeClaimTemplate.spec",
        ),
        # validateDownwardAPIVolumeSource checks each item at the volume's own path
        (
            {
                "volumes": [
                    {
                        "name": "d",
                        "downwardAPI": {
                            "items": [
                                {
                                    "path": "a",
                                    "fieldRef": {"fieldPath": "metadata.name"},
                                },
                                {
                                    "path": "b",
                                    "fieldRef": {"fieldPath": "metadata.foo"},
                                },
                            ]
                        },
                    }
                ]
            },
            "volumes[0].downwardAPI.fieldRef.fieldPath",
        ),
        # and validateProjectionSources at the source's downwardAPI
        (
            {
                "volumes": [
                    {
                        "name": "p",
                        "projected": {
                            "sources": [
                                {
                                    "downwardAPI": {
                                        "items": [
                                            {
                                                "path": "cpu",
                                                "resourceFieldRef": {
                                                    "containerName": "app",
                                                    "resource": "limits.foo",
                                                },
                                            }
                                        ]
                                    }
                                }
                            ]
                        },
                    }
                ]
            },
            "volumes[0].projected.sources[0].downwardAPI.resourceFieldRef.resource",
        ),
        # ValidatePersistentVolumeClaimSpec's fldPath.Child("resources").Key("storage")
        (
            {
                "volumes": [
                    {
                        "name": "e",
                        "ephemeral": {
                            "volumeClaimTemplate": {
                                "spec": {
                                    "accessModes": ["ReadWriteOnce"],
                                    "resources": {"requests": {"storage": "0"}},
                                }
                            }
                        },
                    }
                ]
            },
            "volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]",
        ),
    ],
    ids=[
        "HostPID",
        "HostIPC",
        "pod-limits",
        "init-host-ports",
        "downwarAPI",
        "cephFS",
        "persistentDisk",
        "overhead.limits",
        "namespace",
        "serviceAccountName",
        "initiatorname",
        "claim-spec",
        "downwardAPI-items",
        "projected-downwardAPI-items",
        "claim-storage",
    ],
)
def test_a_spelled_server_path_is_the_servers_and_validate_points_at_the_value(
    spec: dict[str, Any], expected: str
) -> None:
    spec.setdefault("containers", [{"name": "app", "image": "nginx"}])
    for flavour in (podspec, podspec.fast):
        assert expected in _paths(flavour, spec)
    # validate prints the server's path, at the line of the value the rule is about
    text = json.dumps(spec, indent=1)
    found = [f for f in check_text("p.json", text).findings if f.path == expected]
    assert len(found) == 1, check_text("p.json", text).findings
    line = text.splitlines()[found[0].line - 1]
    culprit = {
        "HostPID": '"hostPID"',
        "HostIPC": '"hostIPC"',
        "resources.containers[1][memory].limits": '"2Gi"',
        "initContainers[0].ports[1].hostPort": '"hostPort": 9000',
        "volumes[0].downwarAPI": '"downwardAPI": {}',
        "volumes[0].cephFS": '"cephfs": {',
        "volumes[0].persistentDisk.pdName": '"pdName": ""',
        "overhead.limits[cpu]": '"cpu": "-1"',
        "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]"
        ".namespace": '"Bad_NS"',
        "serviceAccountName": '"serviceAccount": "Bad_SA"',
        "volumes[0].iscsi.initiatorname": '"initiatorName": "client"',
        "volumes[0].ephemeral.volumeClaimTemplate.spec": '"spec": {',
        "volumes[0].downwardAPI.fieldRef.fieldPath": '"metadata.foo"',
        "volumes[0].projected.sources[0].downwardAPI.resourceFieldRef.resource": (
            '"limits.foo"'
        ),
        "volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]": (
            '"storage": "0"'
        ),
    }[expected]
    assert culprit in line, line
    # and so does every flavour's document path for a workload's template
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": spec},
        },
    }
    paths = [f.path for f in check_text("d.json", json.dumps(deployment)).findings]
    assert f"spec.template.spec.{expected}" in paths, paths


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # validateVolumeSource: each source after the first, in its order
        (
            {
                "volumes": [
                    {"name": "v", "emptyDir": {}},
                    {
                        "name": "w",
                        "secret": {"secretName": "s"},
                        "configMap": {"name": "c"},
                        "emptyDir": {},
                    },
                ]
            },
            ["volumes[1].secret", "volumes[1].configMap"],
        ),
        # validateHandler: each handler after the first (exec, httpGet, tcpSocket, grpc)
        (
            {
                "containers": [
                    {"name": "a", "image": "x"},
                    {
                        "name": "b",
                        "image": "x",
                        "livenessProbe": {
                            "grpc": {"port": 9000},
                            "tcpSocket": {"port": 80},
                            "exec": {"command": ["true"]},
                        },
                    },
                ]
            },
            [
                "containers[1].livenessProbe.tcpSocket",
                "containers[1].livenessProbe.grpc",
            ],
        ),
    ],
    ids=["volume-sources", "probe-handlers"],
)
def test_each_source_after_the_first_is_reported(
    spec: dict[str, Any], expected: list[str]
) -> None:
    spec.setdefault("containers", [{"name": "app", "image": "nginx"}])
    for flavour in (podspec, podspec.fast):
        forbidden = [
            p
            for p in _paths(flavour, spec)
            if p.endswith(
                ("secret", "configMap", "emptyDir", "tcpSocket", "grpc", "exec")
            )
        ]
        assert sorted(forbidden) == sorted(expected)
    found = check_text("p.json", json.dumps(spec)).findings
    assert sorted(f.path for f in found if f.path in expected) == sorted(expected)


def test_a_spelled_path_takes_the_reported_paths_indexes_and_key() -> None:
    host = ("", "spec")
    reported = (((((host, "containers"), 3), "resources"), "limits"),)[0]
    moved = rt.server_at(
        host, reported, ("resources", "containers", (1,), ("key",), "limits"), "cpu"
    )
    assert rt.render(moved.server) == "spec.resources.containers[3][cpu].limits"
    assert rt.render(moved.where) == "spec.containers[3].resources.limits[cpu]"
    ports = ((((((host, "initContainers"), 2), "ports"), 5), "hostPort"),)[0]
    moved = rt.server_at(
        host, ports, ("initContainers", 0, "ports", (2,), "hostPort"), None
    )
    assert rt.render(moved.server) == "spec.initContainers[0].ports[5].hostPort"


_APP = {"name": "app", "image": "nginx"}
_CPU_900M = {"requests": {"cpu": "900m"}}
_MEMORY_512MI = {"requests": {"memory": "512Mi"}}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # validateInitContainers: at the policy's own field, with its value
        (
            {
                "containers": [_APP],
                "initContainers": [
                    {
                        "name": "setup",
                        "image": "busybox",
                        "resizePolicy": [
                            {"resourceName": "cpu", "restartPolicy": "NotRequired"},
                            {
                                "resourceName": "memory",
                                "restartPolicy": "RestartContainer",
                            },
                        ],
                    }
                ],
            },
            "initContainers[0].resizePolicy[1].restartPolicy: Invalid value: "
            "\"RestartContainer\": must not be set to 'RestartContainer' for "
            "non-sidecar initContainers",
        ),
        # validateKeyToPath -> ValidateLocalNonReservedPath, one message per check
        (
            {
                "containers": [_APP],
                "volumes": [
                    {
                        "name": "c",
                        "configMap": {
                            "name": "cm",
                            "items": [{"key": "k", "path": "/etc/x"}],
                        },
                    }
                ],
            },
            'volumes[0].configMap.items[0].path: Invalid value: "/etc/x": '
            "must be a relative path",
        ),
        (
            {
                "containers": [_APP],
                "volumes": [
                    {
                        "name": "s",
                        "secret": {
                            "secretName": "s",
                            "items": [{"key": "k", "path": "a/../b"}],
                        },
                    }
                ],
            },
            'volumes[0].secret.items[0].path: Invalid value: "a/../b": '
            "must not contain '..'",
        ),
        (
            {
                "containers": [_APP],
                "volumes": [
                    {
                        "name": "c",
                        "configMap": {
                            "name": "cm",
                            "items": [{"key": "k", "path": "..x"}],
                        },
                    }
                ],
            },
            'volumes[0].configMap.items[0].path: Invalid value: "..x": '
            "must not start with '..'",
        ),
        # validateDownwardAPIVolumeSource passes the source's path: no items index
        (
            {
                "containers": [_APP],
                "volumes": [
                    {
                        "name": "d",
                        "downwardAPI": {
                            "items": [
                                {
                                    "path": "../name",
                                    "fieldRef": {"fieldPath": "metadata.name"},
                                }
                            ]
                        },
                    }
                ],
            },
            'volumes[0].downwardAPI.path: Invalid value: "../name": '
            "must not contain '..'",
        ),
        # validateGitRepoVolumeSource -> validateLocalDescendingPath ('..x' passes)
        (
            {
                "containers": [_APP],
                "volumes": [
                    {
                        "name": "g",
                        "gitRepo": {
                            "repository": "https://example.com/r.git",
                            "directory": "/src",
                        },
                    }
                ],
            },
            'volumes[0].gitRepo.directory: Invalid value: "/src": must be a relative path',
        ),
        # ValidateTolerations: at the operator, showing the value (`shows`)
        (
            {
                "containers": [_APP],
                "tolerations": [{"key": "a", "operator": "Exists", "value": "gpu"}],
            },
            'tolerations[0].operator: Invalid value: "gpu": value must be empty when'
            " `operator` is 'Exists'",
        ),
        (
            {
                "containers": [_APP],
                "tolerations": [{"key": "a", "operator": "Equal", "value": "gpu!"}],
            },
            'tolerations[0].operator: Invalid value: "gpu!": a valid label must be',
        ),
        # validateHostUsers, with its capital (a spelled `serverPath`)
        (
            {"containers": [_APP], "hostUsers": False, "hostPID": True},
            "HostPID: Forbidden: when `hostUsers` is false",
        ),
        # a resource's name is shown as written, never read as a quantity
        (
            {"containers": [_APP], "overhead": {"1000": "1"}},
            'overhead.limits[1000]: Invalid value: "1000": must be a standard resource',
        ),
        # validateContainerResourceDivisor: Invalid(divisor, rName, ...)
        (
            {
                "containers": [
                    {
                        **_APP,
                        "env": [
                            {
                                "name": "CPU",
                                "valueFrom": {
                                    "resourceFieldRef": {
                                        "resource": "limits.cpu",
                                        "divisor": "10m",
                                    }
                                },
                            }
                        ],
                    }
                ]
            },
            "containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value:"
            ' "limits.cpu": only divisor\'s values 1m and 1 are supported',
        ),
        # the newest validation.go: validateContainerRestartPolicy, validatePodResources,
        # validateProjectionSources (at clusterTrustBundle), ValidateSignerName
        (
            {
                "containers": [
                    _APP,
                    {
                        "name": "b",
                        "image": "busybox",
                        "restartPolicy": "Never",
                        "restartPolicyRules": [{"action": "Restart"}],
                    },
                ]
            },
            "containers[1].restartPolicyRules[0].exitCodes: Required value:"
            " must be specified",
        ),
        (
            {"containers": [_APP], "resources": {"claims": []}},
            "resources.claims: Forbidden: claims may not be set for Resources at"
            " pod-level",
        ),
        (
            {"containers": [_APP], "volumes": [_PROJECTED_TWO_KINDS]},
            "volumes[0].projected.sources[1]: Forbidden: may not specify more than 1"
            " volume type per source",
        ),
        (
            {"containers": [_APP], "volumes": [_PROJECTED_TWO_KINDS]},
            "volumes[0].projected.sources[1].clusterTrustBundle.signerName: Invalid"
            ' value: "example.com/a/b": must be a fully qualified domain and path of'
            " the form 'example.com/signer-name'",
        ),
        # validatePodResourceConsistency shows AggregateContainerRequests: the larger
        # of the containers with the sidecars (1100m) and an init container with the
        # sidecars before it (1200m, in the init container's format)
        (
            {
                "resources": {"requests": {"cpu": "1"}},
                "initContainers": [
                    {
                        "name": "proxy",
                        "image": "envoy",
                        "restartPolicy": "Always",
                        "resources": {"requests": {"cpu": "0.3"}},
                    },
                    {"name": "setup", "image": "busybox", "resources": _CPU_900M},
                ],
                "containers": [{**_APP, "resources": {"requests": {"cpu": "800m"}}}],
            },
            'resources.requests[cpu]: Invalid value: "1": must be greater than or'
            " equal to aggregate container requests of 1200m",
        ),
        (
            {
                "resources": {"requests": {"memory": "1Gi"}},
                "containers": [
                    {**_APP, "resources": {"requests": {"memory": "1Gi"}}},
                    {"name": "b", "image": "x", "resources": _MEMORY_512MI},
                ],
            },
            'resources.requests[memory]: Invalid value: "1Gi": must be greater than or'
            " equal to aggregate container requests of 1536Mi",
        ),
        # validateSleepAction: a negative sleep at the sleep object, beside the
        # (defaulted) grace period, as for one too long; the field has no range
        (
            {
                "containers": [
                    {**_APP, "lifecycle": {"preStop": {"sleep": {"seconds": -1}}}}
                ]
            },
            "containers[0].lifecycle.preStop.sleep: Invalid value: -1: must be"
            " non-negative and less than terminationGracePeriodSeconds (30)",
        ),
    ],
    ids=[
        "init-resize",
        "items-absolute",
        "items-backstep",
        "items-dots",
        "downward",
        "git-repo",
        "toleration-exists-value",
        "toleration-equal-value",
        "host-pid",
        "resource-name",
        "divisor",
        "restart-rule-exit-codes",
        "pod-level-claims",
        "projected-two-kinds",
        "cluster-trust-bundle-signer",
        "aggregate-init",
        "aggregate-binary",
        "negative-sleep",
    ],
)
def test_the_server_s_path_value_and_words(spec: dict[str, Any], expected: str) -> None:
    for flavour in (podspec, podspec.fast):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(podspec.ValidationError) as raised:
                flavour.PodSpec.from_dict(spec)
        shown = [str(p) for p in raised.value.problems]
        assert any(s.startswith(expected) for s in shown), (flavour.__name__, shown)
    result = check_text("spec.json", json.dumps(spec))
    shown = [f"{f.path}: {f.message}" for f in result.findings]
    assert any(s.startswith(expected) for s in shown), shown


def test_a_sidecar_may_restart_on_resize_and_a_path_may_hold_dots() -> None:
    spec = {
        "containers": [_APP],
        "initContainers": [
            {
                "name": "proxy",
                "image": "envoy",
                "restartPolicy": "Always",
                "resizePolicy": [
                    {"resourceName": "cpu", "restartPolicy": "RestartContainer"}
                ],
            }
        ],
        "volumes": [
            {
                "name": "c",
                "configMap": {
                    "name": "cm",
                    "items": [{"key": "k", "path": "a/..b/c.."}],
                },
            }
        ],
    }
    for flavour in (podspec, podspec.fast):
        flavour.PodSpec.from_dict(spec)


def test_problems_the_server_words_alike_are_one_wherever_their_values_sit() -> None:
    """validateLocalDescendingPath reports at the list's path: two mounts with the same
    absolute subPath make one problem in the server's aggregate, and in the SDK's."""
    mounts = [
        {"name": "v", "mountPath": "/a", "subPath": "/abs"},
        {"name": "v", "mountPath": "/b", "subPath": "/abs"},
    ]
    spec = {
        "volumes": [{"name": "v", "emptyDir": {}}],
        "containers": [{"name": "app", "image": "nginx", "volumeMounts": mounts}],
    }
    for flavour in (podspec, podspec.fast):
        paths = _paths(flavour, spec)
        assert paths.count("containers[0].volumeMounts.subPath") == 1, paths


def test_a_field_keeps_its_own_name_where_the_server_writes_json_names() -> None:
    """A field's `serverName` renames what the server's validation reports inside it:
    its own checks (the path a one-defect mutation names), a rule about the field
    itself (a second volume source) and warnings.go's paths keep the JSON name."""
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [
            {"name": "g", "gcePersistentDisk": {}, "emptyDir": {}},
            {
                "name": "p",
                "projected": {
                    "sources": [
                        {
                            "secret": {
                                "name": "s",
                                "items": [{"key": "k", "path": "a/b"}],
                            }
                        },
                        {
                            "clusterTrustBundle": {
                                "signerName": "example.com/s",
                                "path": "a",
                            }
                        },
                    ]
                },
            },
        ],
    }
    for flavour in (podspec, podspec.fast):
        paths = _paths(flavour, spec)
        assert "volumes[0].gcePersistentDisk.pdName" in paths  # its own Required
        assert "volumes[0].emptyDir" not in paths  # emptyDir comes first: fine
        assert "volumes[0].gcePersistentDisk" in paths  # the second source, by name
    # Warnings come for a pod without errors, as the server sends them.
    spec["volumes"] = spec["volumes"][1:]
    found = check_text("p.json", json.dumps(spec)).findings
    warned = [f.path for f in found if f.severity == "warning"]
    assert any(".clusterTrustBundle.path" in p for p in warned), warned


@pytest.mark.parametrize(
    "pod_claims", [[], [{"name": "gpu", "resourceClaimName": "c"}]]
)
def test_an_empty_claim_name_is_required_and_looked_up_nowhere(
    pod_claims: list[dict[str, str]],
) -> None:
    """validateResourceClaimNames: `if name == "" {Required} else {... NotFound}`: an
    empty name is one problem, where a name the pod does not declare is another."""
    resources = {"claims": [{"name": ""}, {"name": "fpga"}]}
    spec = {
        "resourceClaims": pod_claims,
        "containers": [{"name": "app", "image": "nginx", "resources": resources}],
        "initContainers": [{"name": "init", "image": "nginx", "resources": resources}],
    }
    expected = sorted(
        f"{where}[0].resources.claims[{i}]"
        for where in ("containers", "initContainers")
        for i in (0, 1)
    )
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(spec)
        found = sorted((p.path, p.rule) for p in raised.value.problems)
        assert [path for path, _ in found] == expected, found
        assert [rule for path, rule in found if path.endswith("[0]")] == [
            "resource-claim-name-not-empty"
        ] * 2
    findings = check_text("spec.json", json.dumps(spec)).findings
    assert sorted(f.path for f in findings) == expected, findings
    # An absent or null name is Go's "": the same Required, at the claim.
    for name in ({}, {"name": None}):
        resources["claims"][0] = name
        for flavour in (podspec, podspec.fast):
            with pytest.raises(podspec.ValidationError) as raised:
                flavour.PodSpec.from_dict(spec)
            paths = sorted(p.path for p in raised.value.problems)
            assert paths == expected, paths


@pytest.mark.parametrize(
    ("pod_claims", "detail"),
    [
        ([], "which is empty"),
        ([{"name": "", "resourceClaimTemplateName": "t"}], "which is empty"),
        ([{"name": "gpu", "resourceClaimTemplateName": "t"}], ": gpu"),
    ],
    ids=["none", "only-unnamed", "named"],
)
def test_a_claim_the_pod_lacks_is_told_the_pods_named_claims(
    pod_claims: list[dict[str, str]], detail: str
) -> None:
    """gatherPodResourceClaimNames skips an empty name: a pod whose claims are all
    unnamed has none to look a container's claim up in, which validateResourceClaimNames
    says as it does of a pod without claims."""
    spec = {
        "resourceClaims": pod_claims,
        "containers": [
            {"name": "app", "image": "nginx", "resources": {"claims": [{"name": "x"}]}}
        ],
    }
    said = (
        'containers[0].resources.claims[0]: Not found: "x": must be one of the names'
        f" in pod.spec.resourceClaims{'' if detail.startswith(':') else ' '}{detail}"
    )
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(spec)
        shown = [f"{p.path}: {p.message}" for p in raised.value.problems]
        assert said in shown, shown
    found = check_text("spec.json", json.dumps(spec)).findings
    assert said in [f"{f.path}: {f.message}" for f in found]


_STANDARD = "must be a standard resource type or fully qualified"
_FOR_CONTAINERS = "must be a standard resource for containers"
_POD_LEVEL = 'supported values: "cpu", "hugepages-", "memory"'


@pytest.mark.parametrize(
    ("where", "name", "expected"),
    [
        # validatePodResourceName: validateResourceName, then NotSupported
        ("pod", "pids", [f'Invalid value: "pids": {_STANDARD}']),
        ("pod", "pods", [f'Unsupported value: "pods": {_POD_LEVEL}']),
        (
            "pod",
            "requests.x.io/gpu",
            [f'Unsupported value: "requests.x.io/gpu": {_POD_LEVEL}'],
        ),
        # ValidateContainerResourceName: validateResourceName, then the containers' own
        (
            "container",
            "pids",
            [
                f'Invalid value: "pids": {_FOR_CONTAINERS}',
                f'Invalid value: "pids": {_STANDARD}',
            ],
        ),
        ("container", "pods", [f'Invalid value: "pods": {_FOR_CONTAINERS}']),
        (
            "container",
            "requests.x.io/gpu",
            [
                'Invalid value: "requests.x.io/gpu": doesn\'t follow extended resource name standard'
            ],
        ),
        (
            "overhead",
            "pids",
            [
                f'Invalid value: "pids": {_FOR_CONTAINERS}',
                f'Invalid value: "pids": {_STANDARD}',
            ],
        ),
    ],
)
def test_a_resource_name_gets_the_checks_of_where_it_sits(
    where: str, name: str, expected: list[str]
) -> None:
    """The pod level and the containers share validateResourceRequirements but not
    its name check: a name is refused in the words of the check where it sits."""
    spec: dict[str, Any] = {"containers": [{"name": "app", "image": "nginx"}]}
    if where == "pod":
        spec["resources"] = {"limits": {name: "1", "cpu": "1"}}
        path = f"resources.limits[{name}]"
    elif where == "container":
        spec["containers"][0]["resources"] = {"limits": {name: "1"}}
        path = f"containers[0].resources.limits[{name}]"
    else:
        spec["overhead"] = {name: "1"}
        path = f"overhead.limits[{name}]"
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(spec)
        said = sorted(p.message for p in raised.value.problems if p.path == path)
        assert said == sorted(expected), (flavour.__name__, raised.value.problems)
    findings = check_text("spec.json", json.dumps(spec)).findings
    assert sorted(f.message for f in findings if f.path == path) == sorted(expected)


def test_a_warning_takes_the_path_warnings_go_spells() -> None:
    """warnings.go writes `Child("storageOS")` for the storageos volume; `validate`
    points at the field and says the API's deprecation note only where the server
    gives no warning of its own about the field."""
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [{"name": "v", "storageos": {"volumeName": "v"}}],
    }
    with pytest.warns(podspec.PodSpecWarning, match=r"volumes\[0\]\.storageOS: "):
        podspec.fast.PodSpec.from_dict(spec)
    found = check_text("spec.json", json.dumps(spec)).findings
    assert [(f.path, f.rule) for f in found] == [
        ("volumes[0].storageOS", "warn-storageos-deprecated")
    ]


def test_a_format_the_server_checks_elsewhere_is_reported_there() -> None:
    """A field's `serverPath`: validateSchedulingGates checks each gate's name at the
    gate (`schedulingGates[1]`), validateHTTPGetAction each header's name at the list
    (`httpHeaders`); a type's problem stays at the field, and `validate` points at the
    value's line."""
    probe = {
        "httpGet": {
            "port": 80,
            "httpHeaders": [{"name": "X-Ok", "value": "a"}, {"name": "a b"}],
        }
    }
    spec = {
        "containers": [{"name": "app", "image": "nginx", "readinessProbe": probe}],
        "schedulingGates": [{"name": "example.com/ok"}, {"name": "-bad"}, {}],
    }
    headers = "containers[0].readinessProbe.httpGet.httpHeaders"
    for flavour in (podspec, podspec.fast):
        paths = _paths(flavour, spec)
        assert headers in paths and f"{headers}[1].name" not in paths, paths
        assert "schedulingGates[1]" in paths and "schedulingGates[2]" in paths, paths
        assert not any(p.startswith("schedulingGates[1].") for p in paths), paths
    text = json.dumps(spec, indent=1)
    lines = text.splitlines()
    found = {f.path: f for f in check_text("p.json", text).findings}
    assert '"a b"' in lines[found[headers].line - 1]
    assert '"-bad"' in lines[found["schedulingGates[1]"].line - 1]
    # A value of another type is the decoder's problem, at the field
    spec["schedulingGates"] = [{"name": 7}]
    assert "schedulingGates[0].name" in _paths(podspec, spec)


@pytest.mark.parametrize(
    ("policy", "said", "field", "culprit"),
    [
        (
            {"resourceName": "gpu", "restartPolicy": "NotRequired"},
            'Unsupported value: "gpu": supported values: "cpu", "memory"',
            "resourceName",
            '"gpu"',
        ),
        (
            {"resourceName": "cpu", "restartPolicy": ""},
            "Required value",
            "restartPolicy",
            '""',
        ),
        ({"resourceName": "cpu"}, "Required value", "restartPolicy", "{"),
    ],
    ids=["unsupported", "empty", "absent"],
)
def test_a_resize_policys_own_checks_are_reported_at_the_list(
    policy: dict[str, Any], said: str, field: str, culprit: str
) -> None:
    """validateResizePolicy says a policy's Required and NotSupported at `fldPath`,
    the list (the field's `serverPath: list`); the problem's text and `validate`
    name the value's own path too, and `validate` points at the value, or at the
    policy missing it."""
    spec = {
        "containers": [
            {"name": "app", "image": "nginx", "resizePolicy": [policy]},
        ]
    }
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(spec)
        assert [str(p) for p in raised.value.problems] == [
            f"containers[0].resizePolicy: {said}"
            f" (value at containers[0].resizePolicy[0].{field})"
        ]
    text = json.dumps(spec, indent=1)
    (found,) = check_text("p.json", text).findings
    assert found.path == "containers[0].resizePolicy"
    assert found.place == f"containers[0].resizePolicy[0].{field}"
    assert text.splitlines()[found.line - 1].rstrip(",").endswith(culprit)


def test_a_null_name_the_server_only_formats_gets_its_words() -> None:
    """Go's decoder leaves a null string "": a scheduling gate's or an HTTP header's
    null name gets the format's words for "", where the server reports them, as an
    absent one does (no Required: validateSchedulingGates and validateHTTPGetAction
    only check the format)."""
    absent = {
        "containers": [{"name": "app", "image": "nginx"}],
        "schedulingGates": [{}],
    }
    null = {**absent, "schedulingGates": [{"name": None}]}
    for flavour in (podspec, podspec.fast):
        said = []
        for spec in (absent, null):
            with pytest.raises(podspec.ValidationError) as raised:
                flavour.PodSpec.from_dict(spec)
            said.append([str(p) for p in raised.value.problems])
        assert said[0] == said[1] and said[0][0].startswith(
            'schedulingGates[0]: Invalid value: "": name part must be non-empty'
        ), said


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        # ValidateStatefulSetSpec: Invalid(fldPath.Child("updateStrategy"), ...)
        (
            "StatefulSet",
            "Invalid value: \"Blue\": must be 'RollingUpdate' or 'OnDelete'",
        ),
        # ValidateDaemonSetUpdateStrategy: NotSupported(fldPath, strategy, ...)
        (
            "DaemonSet",
            'Unsupported value: "Blue": supported values: "RollingUpdate", "OnDelete"',
        ),
    ],
)
def test_an_unknown_update_strategy_is_the_strategys_problem(
    kind: str, said: str
) -> None:
    document = deployment_of({"containers": [{"name": "app", "image": "nginx"}]})
    document["kind"] = kind
    document["spec"]["updateStrategy"] = {"type": "Blue"}
    if kind == "StatefulSet":
        document["spec"]["serviceName"] = "web"
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            getattr(flavour, kind).from_dict(document)
        assert [str(p) for p in raised.value.problems] == [
            f"spec.updateStrategy: {said} (value at spec.updateStrategy.type)"
        ]


def test_an_unknown_access_mode_is_reported_at_the_list() -> None:
    """ValidatePersistentVolumeClaimSpec: NotSupported(fldPath.Child("accessModes"),
    mode, ...) for each mode it does not know; the list's own Required stays at it,
    and a mode of another type is the decoder's problem, at the item."""
    claim = {"accessModes": ["ReadWriteOnce", "ReadWriteAll"]}
    claim["resources"] = {"requests": {"storage": "1Gi"}}
    template = {"volumeClaimTemplate": {"spec": claim}}
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [{"name": "scratch", "ephemeral": template}],
    }
    at = "volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes"
    for modes, said in (
        (["ReadWriteOnce", "ReadWriteAll"], f'{at}: Unsupported value: "ReadWriteAll"'),
        ([], f"{at}: Required value: at least 1 access mode is required"),
        (["ReadWriteOnce", 7], f"{at}[1]: expected a string, got an integer"),
    ):
        claim["accessModes"] = modes
        for flavour in (podspec, podspec.fast):
            with pytest.raises(podspec.ValidationError) as raised:
                flavour.PodSpec.from_dict(spec)
            (problem,) = raised.value.problems
            assert str(problem).startswith(said), problem
    claim["accessModes"] = ["ReadWriteOnce", "ReadWriteAll"]
    text = json.dumps(spec, indent=1)
    (found,) = check_text("p.json", text).findings
    assert found.path == at and '"ReadWriteAll"' in text.splitlines()[found.line - 1]


def test_a_moved_format_problem_keeps_the_workload_prefix() -> None:
    """Inside a Deployment the moved path is the template's: the cut works on the
    field's path below the document's root."""
    document = deployment_of(
        {
            "containers": [{"name": "app", "image": "nginx"}],
            "schedulingGates": [{"name": "a b"}],
        }
    )
    with pytest.raises(podspec.ValidationError) as raised:
        podspec.Deployment.from_dict(document)
    paths = [p.path for p in raised.value.problems]
    assert paths == ["spec.template.spec.schedulingGates[0]"], paths
