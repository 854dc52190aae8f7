"""Hover text for the formats upstream names in one word: quantities, int-or-strings and
times, explained in full on their definitions and in one sentence, linked, on the
fields that take them; and null, which an optional field accepts but an editor must not
offer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from podspec_gen.model.naming import first_sentence


def _defs(schema: dict[str, Any]) -> dict[str, Any]:
    defs: dict[str, Any] = schema["$defs"]
    return defs


@pytest.mark.parametrize(
    "fragment",
    [
        *("`Ki`", "`Mi`", "`Gi`", "`Ei`", "`n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`"),
        *("`e3`", "`250m`", "`128Mi`", "`1Gi`", "plain YAML number is accepted"),
        *("canonical form", "`1000m` → `1`", "`0.5` → `500m`", "`1.5Gi` → `1536Mi`"),
    ],
)
def test_quantity_definition_explains_suffixes_examples_and_canonical_form(
    schema: dict[str, Any], fragment: str
) -> None:
    text = _defs(schema)["Quantity"]["markdownDescription"]
    assert fragment in " ".join(text.split())


def test_int_or_string_definition_explains_the_choice(schema: dict[str, Any]) -> None:
    text = " ".join(_defs(schema)["IntOrString"]["markdownDescription"].split())
    for fragment in ("integer or a string", "port number", '`"http"`', '`"25%"`'):
        assert fragment in text


def test_time_definition_explains_rfc_3339_in_utc(schema: dict[str, Any]) -> None:
    text = " ".join(_defs(schema)["Time"]["markdownDescription"].split())
    for fragment in ("RFC 3339", "UTC", "whole seconds", "`Z`", "-05-04T12:00:00Z"):
        assert fragment in text


def _summary(schema: dict[str, Any], name: str) -> str:
    """A format type's one sentence: the first of its description."""
    return first_sentence(_defs(schema)[name]["description"])


def test_a_quantity_field_hover_sums_up_the_format_and_links_it(
    schema: dict[str, Any],
) -> None:
    # A field of a quantity (PodSpec.overhead is a map of them; the volume's sizeLimit
    # is one) carries the format's sentence and its link after its own prose.
    size = _defs(schema)["EmptyDirVolumeSource"]["properties"]["sizeLimit"]
    summary = _summary(schema, "Quantity")
    link = "/shared.md#quantity)"
    assert f"\n\n{summary} See [Quantity](" in size["markdownDescription"]
    assert link in size["markdownDescription"]
    assert size["markdownDescription"].index(summary) > 0
    limits = _defs(schema)["ResourceRequirements"]["properties"]["limits"]
    assert f"Each value: {summary} See [Quantity](" in limits["markdownDescription"]
    # Only the sentence: the rest of the explanation is the docs' (and the type's).
    assert "canonical form" not in size["markdownDescription"]


def test_an_int_or_string_field_hover_sums_up_the_choice(
    schema: dict[str, Any],
) -> None:
    port = _defs(schema)["HTTPGetAction"]["properties"]["port"]["markdownDescription"]
    assert port.startswith("Name or number of the port")
    assert f"{_summary(schema, 'IntOrString')} See [IntOrString](" in port
    assert port.rstrip().endswith(")")  # the Reference link stays last


def test_other_fields_do_not_get_the_format_text(schema: dict[str, Any]) -> None:
    image = _defs(schema)["Container"]["properties"]["image"]["markdownDescription"]
    assert "quantity" not in image.lower()
    assert "integer or a string" not in image


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(type, field, required) of every field in the schema."""
    for name, definition in _defs(schema).items():
        required = set(definition.get("required", ()))
        for field in definition.get("properties", {}):
            yield name, field, field in required


def _offers_null(node: Any, defs: dict[str, Any], seen: set[str]) -> bool:
    """Whether yaml-language-server would offer null as a value here: it offers every
    `enum` value, a `const`, a `default` and `examples`, null when `type` names it (and
    there is no enum or const), and it looks into anyOf, oneOf, allOf, `$ref`s and
    the items and values of lists and maps."""
    if not isinstance(node, dict):
        return False
    named = node.get("type")
    types = [named] if isinstance(named, str) else named or []
    if (
        None in node.get("enum", ())
        or ("const" in node and node["const"] is None)
        or ("default" in node and node["default"] is None)
        or None in node.get("examples", ())
        or ("null" in types and "enum" not in node and "const" not in node)
    ):
        return True
    ref = node.get("$ref", "").removeprefix("#/$defs/")
    if ref and ref not in seen:
        seen.add(ref)
        if _offers_null(defs[ref], defs, seen):
            return True
    inner = [*node.get("anyOf", ()), *node.get("oneOf", ()), *node.get("allOf", ())]
    inner += [node.get("items"), node.get("additionalProperties")]
    return any(_offers_null(sub, defs, seen) for sub in inner)


def test_no_field_offers_null_to_an_editor(schema: dict[str, Any]) -> None:
    defs = _defs(schema)
    offering = [
        f"{name}.{field}"
        for name, field, _ in _properties(schema)
        if _offers_null(defs[name]["properties"][field], defs, set())
    ]
    assert offering == []


def test_optional_fields_accept_null_and_required_ones_do_not(
    schema: dict[str, Any],
) -> None:
    # The API reads an optional field's null as unset: refusing it would refuse a
    # manifest the server accepts.
    document = {"$schema": schema["$schema"], "$defs": _defs(schema)}
    wrong = []
    for name, field, required in _properties(schema):
        where = f"#/$defs/{name}/properties/{field}"
        check = jsonschema.Draft202012Validator({**document, "$ref": where})
        if check.is_valid(None) == required:
            wrong.append(f"{name}.{field}")
    assert wrong == []
