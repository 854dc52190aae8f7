"""A null item of a list or value of a map is its type's zero value, as to the server.

Go's JSON decoder (encoding/json, and sigs.k8s.io/json, its fork the API server uses)
leaves a null element of a slice or map at its type's zero value and validation then
judges that value: `nodeSelector: {role: null}` (YAML's `role:` with nothing after it) is
the label value "", `args: [null]` the argument "", `imagePullSecrets: [null]` a
reference with an empty name (a warning only), `containers: [null]` a container without
a name or an image. A null field is unset, as a nil pointer is; that is unchanged.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import podspec
import podspec.fast
import pytest
from conftest import GENERATED
from podspec import ValidationError

from podspec_gen.commands.cli import main

APP = {"name": "app", "image": "nginx"}

# (spec, what to_dict gives): the server accepts each.
ACCEPTED: list[tuple[dict[str, Any], dict[str, Any]]] = [
    (
        {"containers": [APP], "nodeSelector": {"role": None}},
        {"containers": [APP], "nodeSelector": {"role": ""}},
    ),
    (
        {"containers": [{**APP, "args": [None, "-v"]}]},
        {"containers": [{**APP, "args": ["", "-v"]}]},
    ),
    (
        {"containers": [{**APP, "resources": {"limits": {"cpu": None}}}]},
        {"containers": [{**APP, "resources": {"limits": {"cpu": "0"}}}]},
    ),
    (
        {"containers": [APP], "securityContext": {"supplementalGroups": [None]}},
        {"containers": [APP], "securityContext": {"supplementalGroups": [0]}},
    ),
    (
        # validateNodeSelectorTerm: an empty term has nothing wrong with it.
        {
            "containers": [APP],
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [None]
                    }
                }
            },
        },
        {
            "containers": [APP],
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [{}]
                    }
                }
            },
        },
    ),
]

# (spec, the paths of the problems): the zero value is what the server refuses.
REFUSED: list[tuple[dict[str, Any], set[str]]] = [
    ({"containers": [None]}, {"containers[0].name", "containers[0].image"}),
    (
        {"containers": [{**APP, "ports": [None]}]},
        {"containers[0].ports[0].containerPort"},
    ),
    (
        {"containers": [{**APP, "securityContext": {"capabilities": {"add": [1]}}}]},
        {"containers[0].securityContext.capabilities.add[0]"},
    ),
]

FLAVOURS = [podspec, podspec.fast]


def _ids(cases: list[Any]) -> list[str]:
    return [json.dumps(spec)[:60] for spec, _ in cases]


@pytest.mark.parametrize("sdk", FLAVOURS, ids=["dataclasses", "fast"])
@pytest.mark.parametrize(("spec", "read"), ACCEPTED, ids=_ids(ACCEPTED))
def test_a_null_item_reads_as_its_zero_value(
    sdk: Any, spec: dict[str, Any], read: dict[str, Any]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sdk.PodSpec.from_dict(spec).to_dict() == read
        if sdk is podspec.fast:
            assert sdk.PodSpec.from_json(json.dumps(spec)).to_dict() == read


@pytest.mark.parametrize("sdk", FLAVOURS, ids=["dataclasses", "fast"])
def test_a_null_object_item_is_an_empty_object_with_its_warnings(sdk: Any) -> None:
    spec = {"containers": [APP], "imagePullSecrets": [None]}
    with pytest.warns(podspec.PodSpecWarning, match="invalid empty name"):
        parsed = sdk.PodSpec.from_dict(spec)
    assert parsed.to_dict()["imagePullSecrets"] == [{}]


@pytest.mark.parametrize("sdk", FLAVOURS, ids=["dataclasses", "fast"])
@pytest.mark.parametrize(("spec", "paths"), REFUSED, ids=_ids(REFUSED))
def test_a_null_item_whose_zero_value_is_invalid_is_refused_there(
    sdk: Any, spec: dict[str, Any], paths: set[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        sdk.PodSpec.from_dict(spec)
    assert {p.path for p in caught.value.problems} == paths


def test_validate_accepts_an_empty_yaml_value_in_a_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    tier:\n"
        "spec:\n  nodeSelector:\n    node-role.kubernetes.io/worker:\n"
        "  containers:\n    - name: web\n      image: nginx\n      args:\n        -\n",
        encoding="utf-8",
    )
    assert main(["validate", "-j", "1", str(manifest)]) == 0
    assert "0 invalid" in capsys.readouterr().err


@pytest.mark.parametrize(("spec", "read"), ACCEPTED, ids=_ids(ACCEPTED))
def test_the_schema_takes_a_null_item_the_server_takes(
    spec: dict[str, Any], read: dict[str, Any]
) -> None:
    # An object item too, where its type's zero value is valid (an empty node
    # selector term is; test_schema_null_items.py covers the objects whose is not).
    schema = json.loads(
        (GENERATED / "jsonschema" / "podspec.schema.json").read_text(encoding="utf-8")
    )
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(spec))
