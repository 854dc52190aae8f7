"""A bare pod spec is a Pod's `.spec`: its rules see it as SetDefaults_Pod leaves it.

With hostNetwork an unset hostPort becomes the containerPort (defaultHostNetworkPorts), so
two containers on one port conflict; a container's limits fill its unset requests, so
they count in the pod-level aggregate. A pod template gets no SetDefaults_Pod: the same
spec under a template passes, as the server accepts it there. Every flavour and entry
point gives the same verdict.
"""

from __future__ import annotations

import copy
import json
import sys
from typing import Any

import podspec
import pytest
from conftest import GENERATED
from podspec import ValidationError, fast

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic
import pydantic

SAME_PORT = {
    "hostNetwork": True,
    "containers": [
        {"name": "a", "image": "nginx", "ports": [{"containerPort": 80}]},
        {"name": "b", "image": "nginx", "ports": [{"containerPort": 80}]},
    ],
}
LIMITS_ABOVE_POD_REQUEST = {
    "resources": {"requests": {"cpu": "1"}},
    "containers": [
        {"name": "a", "image": "nginx", "resources": {"limits": {"cpu": "2"}}}
    ],
}
# defaultPodRequests: each container's limit fills its request, and the pod-level
# request, their sum, is above the pod-level limit.
CONTAINERS_ABOVE_POD_LIMIT = {
    "resources": {"limits": {"cpu": "1"}},
    "containers": [
        {"name": "a", "image": "nginx", "resources": {"limits": {"cpu": "800m"}}},
        {"name": "b", "image": "nginx", "resources": {"limits": {"cpu": "800m"}}},
    ],
}
# defaultPodLimits: every container limits memory, so the pod-level limit is their sum
# or, where more, the pod-level request (PR #140514: max(requests, aggregate limits)).
POD_REQUEST_ABOVE_LIMITED_CONTAINERS = {
    "resources": {"requests": {"memory": "2Gi"}},
    "initContainers": [
        {"name": "i", "image": "busybox", "resources": {"limits": {"memory": "1Gi"}}}
    ],
    "containers": [
        {"name": "a", "image": "nginx", "resources": {"limits": {"memory": "512Mi"}}},
        {"name": "b", "image": "nginx", "resources": {"limits": {"memory": "1Gi"}}},
    ],
}
CASES = [
    (SAME_PORT, "container-host-ports-unique", "containers[1].ports[0].hostPort"),
    (
        CONTAINERS_ABOVE_POD_LIMIT,
        "resources-requests-within-limits",
        "resources.requests",
    ),
    (
        LIMITS_ABOVE_POD_REQUEST,
        "container-requests-within-pod-requests",
        "resources.requests[cpu]",
    ),
]


def _rules(parse: Any, spec: dict[str, Any]) -> set[tuple[str, str | None]]:
    try:
        parse(copy.deepcopy(spec))
    except ValidationError as exc:
        return {(p.path, p.rule) for p in exc.problems}
    return set()


PARSERS = {
    "dataclasses": podspec.PodSpec.from_dict,
    "fast": fast.PodSpec.from_dict,
    "fast-json": lambda spec: fast.PodSpec.from_json(json.dumps(spec).encode()),
}


@pytest.mark.parametrize("parse", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize(("spec", "rule", "path"), CASES)
def test_a_bare_pod_spec_is_checked_as_set_defaults_pod_leaves_it(
    parse: Any, spec: dict[str, Any], rule: str, path: str
) -> None:
    assert _rules(parse, spec) == {(path, rule)}


@pytest.mark.parametrize(("spec", "rule", "path"), CASES)
def test_the_pydantic_flavour_defaults_it_too(
    spec: dict[str, Any], rule: str, path: str
) -> None:
    with pytest.raises(pydantic.ValidationError) as raised:
        podspec_pydantic.PodSpec.model_validate(
            copy.deepcopy(spec), by_alias=True, by_name=False
        )
    found = {e.get("ctx", {}).get("rule") for e in raised.value.errors()}
    assert found == {rule}


@pytest.mark.filterwarnings("ignore::podspec.PodSpecWarning")  # the duplicate port's
@pytest.mark.parametrize(("spec", "rule", "path"), CASES)
def test_a_pod_template_is_not_defaulted(
    spec: dict[str, Any], rule: str, path: str
) -> None:
    template = {"metadata": {"labels": {"app": "web"}}, "spec": spec}
    podspec.PodTemplateSpec.from_dict(copy.deepcopy(template))
    fast.PodTemplateSpec.from_dict(copy.deepcopy(template))


def test_the_object_keeps_what_was_written() -> None:
    parsed = podspec.PodSpec.from_dict(
        {**SAME_PORT, "containers": SAME_PORT["containers"][:1]}
    )
    assert parsed.to_dict() == {**SAME_PORT, "containers": SAME_PORT["containers"][:1]}


@pytest.mark.parametrize("parse", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize("limits", [None, "512Mi"])
def test_a_pod_request_above_its_limited_containers_is_the_pods_limit_too(
    parse: Any, limits: str | None
) -> None:
    """The pod-level limit the server fills in is never below the pod-level request
    (PR #140514), whatever the containers limit, a null (0) among them: accepted."""
    spec = copy.deepcopy(POD_REQUEST_ABOVE_LIMITED_CONTAINERS)
    spec["containers"][0]["resources"]["limits"]["memory"] = limits
    assert _rules(parse, spec) == set()
    if limits is not None:  # pydantic's quantity maps take no null
        podspec_pydantic.PodSpec.model_validate(
            copy.deepcopy(spec), by_alias=True, by_name=False
        )
