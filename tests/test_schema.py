"""The JSON Schema: valid draft 2020-12, strict, and carrying the spec's data."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest


def test_schema_passes_the_draft_2020_12_meta_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_root_is_podspec_and_defs_are_keyed_by_kubernetes_names(
    schema: dict[str, Any],
) -> None:
    assert schema["$ref"] == "#/$defs/PodSpec"
    for name in (
        "PodSpec",
        "Container",
        "Volume",
        "Probe",
        "Affinity",
        "ObjectMeta",
        "Quantity",
    ):
        assert name in schema["$defs"]


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def _errors(schema: dict[str, Any], manifest: dict[str, Any]) -> list[str]:
    """Where each problem is, descending through `anyOf` (optional refs also accept null)."""
    found = []
    for error in _validator(schema).iter_errors(manifest):
        best = jsonschema.exceptions.best_match([error])
        found.append(best.json_path if best is not None else error.json_path)
    return sorted(found)


def _pod(**container: Any) -> dict[str, Any]:
    return {"containers": [{"name": "a", "image": "b", **container}]}


@pytest.mark.parametrize(
    ("manifest", "where"),
    [
        (_pod(imagePullPolice="Always"), "$.containers[0]"),
        (_pod(imagePullPolicy="Sometimes"), "$.containers[0].imagePullPolicy"),
        (_pod(ports=[{"containerPort": 0}]), "$.containers[0].ports[0].containerPort"),
        (
            _pod(ports=[{"containerPort": 2**31}]),
            "$.containers[0].ports[0].containerPort",
        ),
        ({"containers": []}, "$.containers"),
        ({"containers": [{"name": "a"}]}, "$.containers[0]"),
        (
            {
                **_pod(),
                "volumes": [{"name": "v", "emptyDir": {}, "hostPath": {"path": "/"}}],
            },
            "$.volumes[0]",
        ),
        (
            _pod(resources={"limits": {"cpu": "lots"}}),
            "$.containers[0].resources.limits.cpu",
        ),
    ],
)
def test_api_rules_beyond_upstream_are_enforced(
    schema: dict[str, Any], manifest: dict[str, Any], where: str
) -> None:
    assert where in _errors(schema, manifest)


def test_nulls_are_accepted_for_optional_fields_only(schema: dict[str, Any]) -> None:
    assert _errors(schema, {**_pod(args=None), "affinity": None}) == []
    assert _errors(schema, {"containers": None}) == ["$.containers"]


def test_enums_defaults_and_deprecations_are_data(schema: dict[str, Any]) -> None:
    pod = schema["$defs"]["PodSpec"]["properties"]
    dns = pod["dnsPolicy"]
    assert dns["default"] == "ClusterFirst"
    inner = dns["allOf"][0]
    # null is accepted because the field is optional; "None" is a real value of the enum.
    assert inner["enum"] == [
        "ClusterFirstWithHostNet",
        "ClusterFirst",
        "Default",
        "None",
        None,
    ]
    assert len(inner["markdownEnumDescriptions"]) == 4
    assert pod["serviceAccount"]["deprecated"] is True
    assert "serviceAccountName" in pod["serviceAccount"]["deprecationMessage"]
    assert (
        "Default: `30`" in pod["terminationGracePeriodSeconds"]["markdownDescription"]
    )
