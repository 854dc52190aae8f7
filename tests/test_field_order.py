"""Fields come out in the API's own order (the Go structs of k8s.io/api, TypeMeta
first), not alphabetically (#15): the SDK's dumps in every flavour and the schema's
properties follow the spec's field order, checked on a few types by what a reader of
a manifest expects to see first."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import podspec
import yaml
from conftest import GENERATED, SCHEMA, model
from podspec import fast

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

# Keys given in reverse of the API's order, so that a dump in input order fails too.
CONTAINER = {
    "imagePullPolicy": "Always",
    "args": ["--port=80"],
    "image": "nginx",
    "name": "web",
}
POD_SPEC = {
    "affinity": {"nodeAffinity": {}},
    "containers": [CONTAINER],
    "volumes": [{"emptyDir": {}, "name": "cache"}],
}
DEPLOYMENT = {
    "spec": {
        "template": {"spec": POD_SPEC, "metadata": {"labels": {"app": "web"}}},
        "selector": {"matchLabels": {"app": "web"}},
        "replicas": 2,
    },
    "metadata": {"labels": {"app": "web"}, "name": "web"},
    "kind": "Deployment",
    "apiVersion": "apps/v1",
}


def _check_pod_spec(dumped: dict[str, Any]) -> None:
    assert list(dumped) == ["volumes", "containers", "affinity"]
    assert list(dumped["containers"][0]) == ["name", "image", "args", "imagePullPolicy"]
    assert list(dumped["volumes"][0]) == ["name", "emptyDir"]


def test_sdk_to_dict_writes_pod_spec_and_container_in_api_order() -> None:
    for flavour in (podspec, fast):
        _check_pod_spec(flavour.PodSpec.from_dict(POD_SPEC).to_dict())


def test_pydantic_dump_writes_pod_spec_and_container_in_api_order() -> None:
    pod = podspec_pydantic.PodSpec.model_validate(
        POD_SPEC, by_alias=True, by_name=False
    )
    _check_pod_spec(pod.model_dump(mode="json", by_alias=True, exclude_unset=True))


def test_deployment_to_yaml_writes_type_meta_first_then_metadata_spec() -> None:
    for flavour in (podspec, fast):
        text = flavour.Deployment.from_dict(DEPLOYMENT).to_yaml()
        top = [
            line.split(":")[0] for line in text.splitlines() if re.match(r"\w", line)
        ]
        assert top == ["apiVersion", "kind", "metadata", "spec"]
        written = yaml.safe_load(text)
        assert list(written["metadata"]) == ["name", "labels"]
        assert list(written["spec"]) == ["replicas", "selector", "template"]
        assert list(written["spec"]["template"]) == ["metadata", "spec"]
        _check_pod_spec(written["spec"]["template"]["spec"])


def test_schema_properties_follow_the_api_order() -> None:
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    pod = list(defs["PodSpec"]["properties"])
    assert pod[:4] == ["volumes", "initContainers", "containers", "ephemeralContainers"]
    assert list(defs["Container"]["properties"])[:4] == [
        "name",
        "image",
        "command",
        "args",
    ]
    assert list(defs["ObjectMeta"]["properties"])[:3] == [
        "name",
        "generateName",
        "namespace",
    ]


def test_spec_is_no_longer_alphabetical_where_the_api_is_not() -> None:
    spec = model()
    for name in ("PodSpec", "Container", "ObjectMeta", "Volume", "Probe", "Toleration"):
        wire = [f.wire_name for f in spec.type(name).fields]
        assert wire != sorted(wire), name
    for kind in ("Deployment", "Job", "Pod"):
        wire = [f.wire_name for f in spec.type(kind).fields]
        assert wire[:4] == ["apiVersion", "kind", "metadata", "spec"], kind
