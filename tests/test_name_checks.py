"""Names and other strings as kube-apiserver v1.37 checks them, field by field: DNS
subdomains and labels, qualified names (label keys), label values, environment variable
names under the relaxed rule, ConfigMap keys, generateName prefixes... Each case is one
value at one path of an otherwise valid document, with the server's verdict; every
flavour (the dataclass SDK, podspec.fast, pydantic) must give that verdict, the JSON
Schema must never refuse an accepted value, and `podspec validate` must agree on the
whole table. The values the server accepts at the edges (the longest names, digits
first in an environment variable name, a generateName past 58 characters, which the
registry cuts before adding five characters) matter as much
as the ones it refuses: refusing a valid spec is the worst mistake a validator can make.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import podspec
import podspec.fast as fast
import pytest
from conftest import GENERATED, PROJECT, load_json

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

Path_ = tuple[str | int, ...]

POD_SPEC: dict[str, Any] = {
    "containers": [
        {"name": "app", "image": "nginx", "env": [{"name": "MODE", "value": "1"}]}
    ]
}
BASES: dict[str, dict[str, Any]] = {
    "PodSpec": POD_SPEC,
    "Pod": {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web"},
        "spec": POD_SPEC,
    },
    "Deployment": {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": POD_SPEC},
        },
    },
    "StatefulSet": {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "db"},
        "spec": {
            "selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}}, "spec": POD_SPEC},
        },
    },
    "Job": {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "migrate"},
        "spec": {"template": {"spec": {**POD_SPEC, "restartPolicy": "Never"}}},
    },
}
CTR: Path_ = ("containers", 0)
ENV: Path_ = (*CTR, "env", 0)
TERM = {
    "topologyKey": "kubernetes.io/hostname",
    "labelSelector": {"matchLabels": {"app": "web"}},
}
SPREAD = {
    "maxSkew": 1,
    "topologyKey": "topology.kubernetes.io/zone",
    "whenUnsatisfiable": "DoNotSchedule",
    "labelSelector": {"matchLabels": {"app": "web"}},
}
SUBDOMAIN_253 = ".".join(["a" * 63] * 3) + "." + "b" * 61  # 253 characters
LONG_KEY = "example.com/" + "k" * 63
COST = "controller.kubernetes.io/pod-deletion-cost"


def _value_from(source: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": "SETTING", "valueFrom": source}]


# (document kind, path, value, the server accepts it)
CASES: list[tuple[str, Path_, Any, bool]] = [
    # DNS subdomains (NameIsDNSSubdomain), checked only when non-empty
    ("PodSpec", ("priorityClassName",), "system-node-critical", True),
    ("PodSpec", ("priorityClassName",), "", True),
    ("PodSpec", ("priorityClassName",), "Bad_Name", False),
    ("PodSpec", ("nodeName",), "node-1.example.com", True),
    ("PodSpec", ("nodeName",), SUBDOMAIN_253, True),
    ("PodSpec", ("nodeName",), SUBDOMAIN_253 + "b", False),
    ("PodSpec", ("nodeName",), "Node1", False),
    ("PodSpec", ("serviceAccountName",), "build-bot", True),
    ("PodSpec", ("serviceAccountName",), "", True),
    ("PodSpec", ("serviceAccountName",), "build_bot", False),
    ("PodSpec", ("serviceAccount",), "build_bot", False),
    ("PodSpec", ("serviceAccount",), "build-bot", True),
    # a pointer: an empty runtimeClassName is checked, and refused
    ("PodSpec", ("runtimeClassName",), "gvisor", True),
    ("PodSpec", ("runtimeClassName",), "", False),
    ("PodSpec", ("runtimeClassName",), "Kata", False),
    # the scheduler's name is not checked at all
    ("PodSpec", ("schedulerName",), "My_Scheduler", True),
    # nodeSelector: qualified-name keys, label values
    ("PodSpec", ("nodeSelector",), {"kubernetes.io/os": "linux", "tier": ""}, True),
    ("PodSpec", ("nodeSelector",), {"k" * 63: "v" * 63, LONG_KEY: "Ssd_1.2"}, True),
    ("PodSpec", ("nodeSelector",), {"bad key!": "x"}, False),
    ("PodSpec", ("nodeSelector",), {"disk": "bad value!"}, False),
    ("PodSpec", ("nodeSelector",), {"k" * 64: "x"}, False),
    ("PodSpec", ("nodeSelector",), {"disk": "v" * 64}, False),
    ("PodSpec", ("nodeSelector",), {"Example.com/disk": "ssd"}, False),
    ("PodSpec", ("nodeSelector",), {"a/b/c": "x"}, False),
    ("PodSpec", ("nodeSelector",), {"/disk": "ssd"}, False),
    # qualified names in lists of objects
    ("PodSpec", ("readinessGates",), [{"conditionType": "example.com/Ready"}], True),
    ("PodSpec", ("readinessGates",), [{"conditionType": "bad type!"}], False),
    ("PodSpec", ("readinessGates",), [{"conditionType": ""}], False),
    ("PodSpec", ("schedulingGates",), [{"name": "example.com/quota"}], True),
    ("PodSpec", ("schedulingGates",), [{"name": "bad gate"}], False),
    ("PodSpec", ("tolerations",), [{"operator": "Exists"}], True),
    ("PodSpec", ("tolerations",), [{"key": "bad key!", "operator": "Exists"}], False),
    # lists of strings
    (
        "PodSpec",
        ("hostAliases",),
        [{"ip": "10.1.2.3", "hostnames": ["db.local"]}],
        True,
    ),
    (
        "PodSpec",
        ("hostAliases",),
        [{"ip": "10.1.2.3", "hostnames": ["DB.local"]}],
        False,
    ),
    (
        "PodSpec",
        ("dnsConfig",),
        {"searches": ["_sip._tcp.example.com", "a.b.", "."]},
        True,
    ),
    ("PodSpec", ("dnsConfig",), {"searches": ["bad search!"]}, False),
    ("PodSpec", ("dnsConfig",), {"searches": ["a.."]}, False),
    (
        "PodSpec",
        ("affinity",),
        {
            "podAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {**TERM, "namespaces": ["team-a"]}
                ]
            }
        },
        True,
    ),
    (
        "PodSpec",
        ("affinity",),
        {
            "podAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {**TERM, "namespaces": ["Team_A"]}
                ]
            }
        },
        False,
    ),
    (
        "PodSpec",
        ("affinity",),
        {
            "podAntiAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {**TERM, "topologyKey": "bad key!"}
                ]
            }
        },
        False,
    ),
    (
        "PodSpec",
        ("affinity",),
        {
            "podAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {**TERM, "matchLabelKeys": ["bad key!"]}
                ]
            }
        },
        False,
    ),
    (
        "PodSpec",
        ("affinity",),
        {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [
                        {
                            "matchExpressions": [
                                {"key": "bad key!", "operator": "Exists"}
                            ]
                        }
                    ]
                }
            }
        },
        False,
    ),
    (
        "PodSpec",
        ("topologySpreadConstraints",),
        [{**SPREAD, "matchLabelKeys": ["pod-template-hash"]}],
        True,
    ),
    (
        "PodSpec",
        ("topologySpreadConstraints",),
        [{**SPREAD, "matchLabelKeys": ["bad key!"]}],
        False,
    ),
    (
        "PodSpec",
        ("securityContext",),
        {
            "sysctls": [
                {"name": "net.core.somaxconn", "value": "1"},
                {"name": "kernel/shm_rmid_forced", "value": "1"},
            ]
        },
        True,
    ),
    (
        "PodSpec",
        ("securityContext",),
        {"sysctls": [{"name": "Net.core.somaxconn", "value": "1"}]},
        False,
    ),
    (
        "PodSpec",
        ("resourceClaims",),
        [{"name": "gpu", "resourceClaimName": "Big_GPU"}],
        False,
    ),
    # resource names with a '/' are qualified names
    (
        "PodSpec",
        (*CTR, "resources"),
        {"limits": {"example.com/gpu": 1}, "requests": {"example.com/gpu": 1}},
        True,
    ),
    ("PodSpec", (*CTR, "resources"), {"limits": {"example.com/gpu!": 1}}, False),
    # environment variable names: printable ASCII other than '=' (RelaxedEnvironmentVariableValidation)
    ("PodSpec", (*ENV, "name"), "1ST_RUN", True),
    ("PodSpec", (*ENV, "name"), "my.var-name", True),
    ("PodSpec", (*ENV, "name"), "with space:~", True),
    ("PodSpec", (*ENV, "name"), "A=B", False),
    ("PodSpec", (*ENV, "name"), "TAB\t", False),
    ("PodSpec", (*ENV, "name"), "caf\u00e9", False),
    (
        "PodSpec",
        (*CTR, "envFrom"),
        [{"prefix": "1_", "configMapRef": {"name": "settings"}}],
        True,
    ),
    (
        "PodSpec",
        (*CTR, "envFrom"),
        [{"prefix": "A=", "configMapRef": {"name": "settings"}}],
        False,
    ),
    # envFrom names are prefixes: a trailing '-' (and the character before it) is masked
    (
        "PodSpec",
        (*CTR, "envFrom"),
        [{"configMapRef": {"name": "settings-"}}, {"secretRef": {"name": "creds_-"}}],
        True,
    ),
    ("PodSpec", (*CTR, "envFrom"), [{"secretRef": {"name": "Creds"}}], False),
    # key selectors: a DNS subdomain name and a ConfigMap key
    (
        "PodSpec",
        (*CTR, "env"),
        _value_from({"configMapKeyRef": {"name": "settings", "key": "app.config-1_x"}}),
        True,
    ),
    (
        "PodSpec",
        (*CTR, "env"),
        _value_from({"configMapKeyRef": {"name": "settings", "key": "k" * 253}}),
        True,
    ),
    (
        "PodSpec",
        (*CTR, "env"),
        _value_from({"configMapKeyRef": {"name": "settings", "key": "k" * 254}}),
        False,
    ),
    (
        "PodSpec",
        (*CTR, "env"),
        _value_from({"configMapKeyRef": {"name": "settings", "key": "..data"}}),
        False,
    ),
    (
        "PodSpec",
        (*CTR, "env"),
        _value_from({"secretKeyRef": {"name": "creds", "key": "a/b"}}),
        False,
    ),
    (
        "PodSpec",
        (*CTR, "env"),
        _value_from({"secretKeyRef": {"name": "Creds", "key": "token"}}),
        False,
    ),
    (
        "PodSpec",
        (*CTR, "readinessProbe"),
        {
            "httpGet": {
                "port": 80,
                "httpHeaders": [{"name": "X-Custom-1", "value": "v"}],
            }
        },
        True,
    ),
    (
        "PodSpec",
        (*CTR, "readinessProbe"),
        {"httpGet": {"port": 80, "httpHeaders": [{"name": "X_Custom", "value": "v"}]}},
        False,
    ),
    # whitespace around an image: refused in a Pod, not in a pod template
    ("Pod", ("spec", *CTR, "image"), "nginx ", False),
    ("Deployment", ("spec", "template", "spec", *CTR, "image"), "nginx ", True),
    # object names: DNS subdomains, a StatefulSet's a DNS label
    ("Deployment", ("metadata", "name"), "web.v2", True),
    ("Deployment", ("metadata", "name"), SUBDOMAIN_253, True),
    ("Deployment", ("metadata", "name"), "Web", False),
    ("StatefulSet", ("metadata", "name"), "d" * 63, True),
    ("StatefulSet", ("metadata", "name"), "db.v2", False),
    ("Pod", ("metadata",), {"generateName": "web-"}, True),
    # maskTrailingDash lets the prefix "web.-" pass, but the registry generates the name
    # (web.-xxxxx) before ValidateObjectMetaAccessor checks it, and its label "-xxxxx"
    # is no DNS label. "web." would make a good name (web.xxxxx), but the prefix check
    # refuses it (nothing to mask); a generateName past 58 characters is cut first.
    ("Pod", ("metadata",), {"generateName": "web.-"}, False),
    ("Pod", ("metadata",), {"generateName": "web."}, False),
    ("Pod", ("metadata",), {"generateName": "web.v2-"}, True),
    ("Pod", ("metadata",), {"generateName": "a" * 57 + ".-"}, True),
    # 59 characters: the masked 58th is the last one the name keeps.
    ("Pod", ("metadata",), {"generateName": "a" * 57 + "_-"}, False),
    ("StatefulSet", ("metadata",), {"generateName": "d" * 57 + ".-"}, False),
    ("StatefulSet", ("metadata",), {"generateName": "d" * 58 + "-"}, True),
    ("StatefulSet", ("metadata",), {"generateName": "d" * 58 + "_"}, False),
    ("Pod", ("metadata",), {"generateName": "Web-"}, False),
    # labels and annotations of the kind and of its pod template
    (
        "Deployment",
        ("metadata", "labels"),
        {"app.kubernetes.io/name": "web", "v": ""},
        True,
    ),
    ("Deployment", ("metadata", "labels"), {"app": "web frontend"}, False),
    (
        "Deployment",
        ("metadata", "annotations"),
        {"Example.COM/Note": "free text: { anything }"},
        True,
    ),
    ("Deployment", ("metadata", "annotations"), {"bad key!": "x"}, False),
    (
        "Deployment",
        ("spec", "template", "metadata", "labels"),
        {"app": "web", "bad key!": "x"},
        False,
    ),
    # the pod deletion cost annotation is a 32-bit integer, without '+' or a leading zero
    ("Pod", ("metadata", "annotations"), {COST: "-2147483648"}, True),
    ("Pod", ("metadata", "annotations"), {COST: "+10"}, False),
    ("Pod", ("metadata", "annotations"), {COST: "2147483648"}, False),
    (
        "Deployment",
        ("spec", "template", "metadata", "annotations"),
        {COST: "07"},
        False,
    ),
    # a Job's name is a label value of its pods: at most 63 characters
    ("Job", ("metadata", "name"), "j" * 63, True),
    ("Job", ("metadata", "name"), "j" * 64, False),
    ("Job", ("spec", "managedBy"), "kubernetes.io/job-controller", True),
    ("Job", ("spec", "managedBy"), "Acme.io/x", False),
]


def _document(kind: str, path: Path_, value: Any) -> dict[str, Any]:
    document = copy.deepcopy(BASES[kind])
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return document


def _label(case: tuple[str, Path_, Any, bool]) -> str:
    kind, path, value, ok = case
    return f"{kind}.{'.'.join(map(str, path))}={json.dumps(value)[:40]}:{'ok' if ok else 'no'}"


def _accepts(parse: Any, document: dict[str, Any]) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # serviceAccount is deprecated: a warning, no error
        try:
            parse(copy.deepcopy(document))
        except (podspec.ValidationError, ValueError):
            return False
    return True


@pytest.mark.parametrize("case", CASES, ids=_label)
def test_every_flavour_gives_the_servers_verdict(
    case: tuple[str, Path_, Any, bool],
) -> None:
    kind, path, value, accepted = case
    document = _document(kind, path, value)
    verdicts = {
        "podspec": _accepts(getattr(podspec, kind).from_dict, document),
        "podspec.fast": _accepts(getattr(fast, kind).from_dict, document),
        "pydantic": _accepts(getattr(podspec_pydantic, kind).model_validate, document),
    }
    assert verdicts == dict.fromkeys(verdicts, accepted)
    if not accepted:
        with (
            warnings.catch_warnings(),
            pytest.raises(podspec.ValidationError) as caught,
        ):
            warnings.simplefilter("ignore")
            getattr(podspec, kind).from_dict(document)
        # refused for this value, not for something else in the document (where the
        # server names another path, as for the Job's job-name labels, the problem's
        # place is the value's)
        where = _dotted(path)
        assert all(
            (p.place or p.path).startswith(where) for p in caught.value.problems
        ), caught.value


def _dotted(path: Path_) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".")


def _schema(kind: str) -> jsonschema.Draft202012Validator:
    name = "podspec" if kind == "PodSpec" else "kubernetes"
    return jsonschema.Draft202012Validator(
        load_json(GENERATED / "jsonschema" / f"{name}.schema.json")
    )


@pytest.mark.parametrize("case", [c for c in CASES if c[3]], ids=_label)
def test_the_schema_accepts_every_value_the_server_accepts(
    case: tuple[str, Path_, Any, bool],
) -> None:
    kind, path, value, _ = case
    errors = list(_schema(kind).iter_errors(_document(kind, path, value)))
    assert not errors, [e.message for e in errors]


def test_a_refused_name_is_reported_at_its_path() -> None:
    document = _document("PodSpec", ("priorityClassName",), "Bad_Name")
    with pytest.raises(podspec.ValidationError) as caught:
        podspec.PodSpec.from_dict(document)
    assert [p.path for p in caught.value.problems] == ["priorityClassName"]


def test_validate_agrees_on_the_whole_table(tmp_path: Path) -> None:
    cases = [c for c in CASES if c[0] != "PodSpec"]
    accepted = [_document(k, p, v) for k, p, v, ok in cases if ok]
    refused = [_document(k, p, v) for k, p, v, ok in cases if not ok]
    for name, docs, status in (("ok.yaml", accepted, 0), ("bad.yaml", refused, 1)):
        manifest = tmp_path / name
        manifest.write_text(
            "\n---\n".join(json.dumps(d) for d in docs), encoding="utf-8"
        )
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "podspec_gen",
                "validate",
                "--no-warnings",
                "--output",
                "json",
                str(manifest),
            ],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == status, result.stdout + result.stderr
        summary = json.loads(result.stdout)["summary"]
        assert summary["invalid"] == (len(docs) if status else 0)


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
def test_a_kept_verdict_never_lets_a_bad_name_through(flavour: Any) -> None:
    """Pattern verdicts on short texts are kept per field: a name that failed fails
    again, after good ones and after itself, and a long one is searched every time."""
    good = {"containers": [{"name": "app", "image": "nginx"}]}
    bad = {"containers": [{"name": "App_1", "image": "nginx"}]}
    long_bad = {"containers": [{"name": "a" * 70 + "_", "image": "nginx"}]}
    for _ in range(3):
        for document in (bad, long_bad):
            with pytest.raises(flavour.ValidationError) as caught:
                flavour.PodSpec.from_dict(document)
            # The long name breaks two of the server's checks: its length, its form.
            assert {p.path for p in caught.value.problems} == {"containers[0].name"}
        assert flavour.PodSpec.from_dict(good).containers[0].name == "app"
