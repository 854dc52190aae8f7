"""Hover text for the formats upstream names in one word: quantities and int-or-strings."""

from __future__ import annotations

from typing import Any

import pytest


def _defs(schema: dict[str, Any]) -> dict[str, Any]:
    defs: dict[str, Any] = schema["$defs"]
    return defs


@pytest.mark.parametrize(
    "fragment",
    [
        *("Ki", "Mi", "Gi", "Ei", "n, u, m, k, M, G, T, P, E", "e3"),
        *("500m", "0.5", "128Mi", "1Gi", "1e3", "plain YAML number is accepted"),
    ],
)
def test_quantity_definition_explains_suffixes_and_examples(
    schema: dict[str, Any], fragment: str
) -> None:
    text = _defs(schema)["Quantity"]["markdownDescription"]
    assert fragment in text


def test_int_or_string_definition_explains_the_choice(schema: dict[str, Any]) -> None:
    text = _defs(schema)["IntOrString"]["markdownDescription"]
    for fragment in ("integer or a string", "port number", '`"http"`', '`"25%"`'):
        assert fragment in text


def test_a_quantity_field_hover_explains_the_format(schema: dict[str, Any]) -> None:
    # A field of a quantity (PodSpec.overhead is a map of them; the volume's sizeLimit
    # is one) carries the format after its own prose.
    size = _defs(schema)["EmptyDirVolumeSource"]["properties"]["sizeLimit"]
    quantity = _defs(schema)["Quantity"]["description"]
    assert quantity in size["markdownDescription"]
    assert size["markdownDescription"].index(quantity) > 0
    limits = _defs(schema)["ResourceRequirements"]["properties"]["limits"]
    assert f"Each value: {quantity}" in limits["markdownDescription"]


def test_an_int_or_string_field_hover_explains_the_choice(
    schema: dict[str, Any],
) -> None:
    port = _defs(schema)["HTTPGetAction"]["properties"]["port"]["markdownDescription"]
    assert port.startswith("Name or number of the port")
    assert _defs(schema)["IntOrString"]["description"] in port
    assert port.rstrip().endswith(")")  # the Reference link stays last


def test_other_fields_do_not_get_the_format_text(schema: dict[str, Any]) -> None:
    image = _defs(schema)["Container"]["properties"]["image"]["markdownDescription"]
    assert "quantity" not in image.lower()
    assert "integer or a string" not in image
