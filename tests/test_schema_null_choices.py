"""The JSON Schema reads a null field as unset, as the API server does (`!= nil`, and
`len(...) > 0` for text): a rule on the object never fires on a null one, and a null or
empty member of a choice leaves the others free. Helm's `toYaml` writes such nulls."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from conftest import GENERATED, load_json
from podspec import PodSpec

SCHEMA = load_json(GENERATED / "jsonschema" / "podspec.schema.json")
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _spec(**container: Any) -> dict[str, Any]:
    return {"containers": [{"name": "app", "image": "nginx", **container}]}


PROBE = {"httpGet": {"port": 80}}
ACCEPTED = {
    "null-security-context": _spec(securityContext=None),
    "null-init-security-context": {
        **_spec(),
        "initContainers": [{"name": "i", "image": "busybox", "securityContext": None}],
    },
    "null-handler-beside-another": _spec(livenessProbe={"exec": None, **PROBE}),
    "handler-beside-a-null-one": _spec(livenessProbe={**PROBE, "grpc": None}),
    "null-env-from-source": _spec(
        envFrom=[{"configMapRef": None, "secretRef": {"name": "s"}}]
    ),
    "null-volume-source": {
        **_spec(),
        "volumes": [{"name": "v", "emptyDir": None, "hostPath": {"path": "/d"}}],
    },
    "empty-sub-path": {
        **_spec(
            volumeMounts=[
                {"name": "v", "mountPath": "/d", "subPath": "", "subPathExpr": "$(X)"}
            ]
        ),
        "volumes": [{"name": "v", "emptyDir": {}}],
    },
}
REFUSED = {
    "two-handlers": _spec(livenessProbe={"exec": {"command": ["true"]}, **PROBE}),
    "two-volume-sources": {
        **_spec(),
        "volumes": [{"name": "v", "emptyDir": {}, "hostPath": {"path": "/d"}}],
    },
    "unmasked-proc-mount-with-host-users": _spec(
        securityContext={"procMount": "Unmasked"}
    ),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_null_or_empty_field_is_unset_to_the_schema(name: str) -> None:
    spec = ACCEPTED[name]
    PodSpec.from_dict(spec)  # the SDK agrees (and so does the server)
    errors = [e.message for e in VALIDATOR.iter_errors(spec)]
    assert errors == []


@pytest.mark.parametrize("name", REFUSED)
def test_set_fields_still_break_the_rules(name: str) -> None:
    assert list(VALIDATOR.iter_errors(REFUSED[name]))
