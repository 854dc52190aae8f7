"""Invalid pod specs, one mistake each, that every flavour of the SDK must reject."""

from __future__ import annotations

from typing import Any

POD: dict[str, Any] = {"containers": [{"name": "a", "image": "b"}]}


def _pod(**extra: Any) -> dict[str, Any]:
    return {**POD, **extra}


def _container(**fields: Any) -> dict[str, Any]:
    return {"containers": [{"name": "a", "image": "b", **fields}]}


INVALID_VARIANTS: dict[str, dict[str, Any]] = {
    "unknown key": _container(imagePullPolice="Always"),
    "bad enum": _container(imagePullPolicy="Sometimes"),
    "port out of range": _container(ports=[{"containerPort": 70000}]),
    "int32 overflow": _pod(terminationGracePeriodSeconds=2**63),
    "string for int": _container(ports=[{"containerPort": "80"}]),
    "string for bool": _pod(hostNetwork="true"),
    "bool for int-or-string": _container(livenessProbe={"httpGet": {"port": True}}),
    "bad quantity": _container(resources={"limits": {"cpu": "lots"}}),
    "missing image": {"containers": [{"name": "a"}]},
    "no containers": {"containers": []},
    "null required": {"containers": None},
    "two volume sources": _pod(
        volumes=[{"name": "v", "emptyDir": {}, "hostPath": {"path": "/"}}]
    ),
    "list for map": _pod(nodeSelector=["a"]),
    "snake_case key": _container(image_pull_policy="Always"),
    "integer map key": _pod(nodeSelector={1: "a"}),
    "bad container name": _container(name="Web_1"),
    "bad volume name": _pod(volumes=[{"name": "V!", "emptyDir": {}}]),
    "negative group id": _pod(securityContext={"supplementalGroups": [-1]}),
    "two projection sources": _pod(
        volumes=[
            {
                "name": "v",
                "projected": {
                    "sources": [{"configMap": {"name": "a"}, "secret": {"name": "b"}}]
                },
            }
        ]
    ),
}
