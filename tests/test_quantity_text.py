"""A quantity is read as the API server reads it: the text of a JSON number, exactly,
and a string as Quantity.UnmarshalJSON passes it to resource.ParseQuantity.

- UnmarshalJSON trims the raw JSON token with strings.TrimSpace (Unicode spaces) first:
  `" 1Gi"` is 1Gi ("TODO: Remove support for leading/trailing whitespace"). A tab or a
  newline is escaped in JSON (`\t`), and the escape is not trimmed: `"1Gi\n"` is refused.
- parseQuantityString takes an empty numerator for "0" and allows an empty fraction: `+`,
  `.`, `G` and `1.G` are quantities.
- A JSON number reaches ParseQuantity as its text: 0.1 is exactly 100m, not the binary
  float nearest to 0.1, which rounded up to thousandths made 101m and broke comparisons
  with "100m".
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import jsonschema
import pytest
from conftest import GENERATED
from podspec import PodSpec, ValidationError, fast
from podspec.quantity import parse_quantity

PARSERS = [PodSpec.from_dict, fast.PodSpec.from_dict]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (" 500m", Fraction(1, 2)),
        ("\u20031Gi\u2009", Fraction(2**30)),
        ("\u00a01Ki\u3000", Fraction(1024)),
        ("+", Fraction(0)),
        ("-", Fraction(0)),
        (".", Fraction(0)),
        ("+.", Fraction(0)),
        ("G", Fraction(0)),
        ("Gi", Fraction(0)),
        ("1.G", Fraction(10**9)),
        ("-.5Gi", Fraction(-(2**29))),
        ("1.5e3", Fraction(1500)),
        ("1E", Fraction(10**18)),
    ],
)
def test_the_servers_quantity_texts_parse(text: str, value: Fraction) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize(
    "text",
    [
        *("", "  ", "i", "1e", "1e3m", "1 G", "1K", "\u200b1"),
        # Escaped in JSON, so not trimmed: the server sees a backslash.
        *("\t1Gi", "1Gi\n", "1Gi\r", "1\u2028", "\x0b1"),
    ],
)
def test_texts_the_server_refuses_are_no_quantities(text: str) -> None:
    with pytest.raises(ValueError, match="not a quantity"):
        parse_quantity(text)


def test_a_json_number_is_its_decimal_text() -> None:
    assert parse_quantity(0.1) == Fraction(1, 10)
    assert parse_quantity(json.loads("0.30000000000000004")) == Fraction(
        30000000000000004, 10**17
    )
    assert parse_quantity(1e22) == 10**22


def _pod(resources: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {
        "containers": [{"name": "app", "image": "nginx", "resources": resources}],
        **spec,
    }


ACCEPTED = [
    # validateResourceRequirements: 0.1 is not above 100m.
    _pod({"requests": {"cpu": 0.1}, "limits": {"cpu": "100m"}}),
    # validatePodResourceConsistency: 0.1 + 0.2 is 300m exactly.
    {
        "containers": [
            {"name": "a", "image": "nginx", "resources": {"requests": {"cpu": 0.1}}},
            {"name": "b", "image": "nginx", "resources": {"requests": {"cpu": 0.2}}},
        ],
        "resources": {"requests": {"cpu": "300m"}},
    },
    # Trimmed before parsing, wherever a quantity goes.
    _pod({"limits": {"memory": " 1Gi", "cpu": "500m\u00a0"}}),
    {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "\u300064Mi "}}],
    },
    # A zero without digits.
    {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "."}}],
    },
    # IsNativeResource: "kubernetes.io/" anywhere makes a resource native, so it may
    # be requested without a limit.
    _pod({"requests": {"my-kubernetes.io/gpu": "1"}}),
]


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize("spec", ACCEPTED, ids=[json.dumps(s)[:70] for s in ACCEPTED])
def test_specs_the_server_accepts_are_accepted(
    parse: Any, spec: dict[str, Any]
) -> None:
    parse(spec)


@pytest.mark.parametrize("spec", ACCEPTED, ids=[json.dumps(s)[:70] for s in ACCEPTED])
def test_the_schema_takes_the_servers_quantity_texts(spec: dict[str, Any]) -> None:
    schema = json.loads(
        (GENERATED / "jsonschema" / "podspec.schema.json").read_text(encoding="utf-8")
    )
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(spec))
    assert not [e.message for e in errors if "quantity" in str(e.schema)]


@pytest.mark.parametrize("parse", PARSERS)
def test_an_exact_request_above_its_limit_is_still_refused(parse: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        parse(_pod({"requests": {"cpu": 0.1001}, "limits": {"cpu": "100m"}}))
    assert [p.path for p in raised.value.problems] == [
        "containers[0].resources.requests"
    ]


# suffixHandler.interpret reads an exponent with strconv.ParseInt(.., 10, 64): a sign,
# leading zeros, and any value an int64 holds; past it the text is no quantity.
EXPONENTS_TAKEN = [
    "1e9223372036854775807",
    "1E-9223372036854775808",
    "1e+0000000000009",
]
EXPONENTS_REFUSED = [
    "1e9223372036854775808",
    "1e-9223372036854775809",
    "2e99999999999999999999",
]


@pytest.mark.filterwarnings("ignore:.*fractional byte value")
@pytest.mark.parametrize("text", EXPONENTS_TAKEN)
def test_an_exponent_within_int64_is_a_quantity(text: str) -> None:
    parse_quantity(text)
    for parse in PARSERS:
        parse(_pod({"limits": {"memory": text}}))
    assert _schema_takes(text)


@pytest.mark.parametrize("text", EXPONENTS_REFUSED)
def test_an_exponent_past_int64_is_no_quantity(text: str) -> None:
    with pytest.raises(ValueError, match="not a quantity"):
        parse_quantity(text)
    for parse in PARSERS:
        with pytest.raises(ValidationError) as raised:
            parse(_pod({"limits": {"memory": text}}))
        assert [p.path for p in raised.value.problems] == [
            "containers[0].resources.limits.memory"
        ]
    assert not _schema_takes(text)


def _schema_takes(text: str) -> bool:
    schema = json.loads(
        (GENERATED / "jsonschema" / "podspec.schema.json").read_text(encoding="utf-8")
    )
    validator = jsonschema.Draft202012Validator(schema)
    return validator.is_valid(_pod({"limits": {"memory": text}}))


# ParseQuantity caps a binary-suffixed amount at the int64 maximum (BinarySI only).
def test_a_binary_amount_past_int64_is_capped() -> None:
    assert parse_quantity("9Ei") == parse_quantity("8Ei") == 2**63 - 1
    assert parse_quantity("-9Ei") == -(2**63 - 1)
    assert parse_quantity("7Ei") == 7 * 2**60
    assert parse_quantity("10E") == 10**19  # decimal: kept whole


@pytest.mark.parametrize("parse", PARSERS)
def test_capped_binary_amounts_compare_as_the_server_compares_them(parse: Any) -> None:
    parse(_pod({"requests": {"memory": "9Ei"}, "limits": {"memory": "8Ei"}}))
    with pytest.raises(ValidationError) as raised:
        parse(_pod({"requests": {"memory": "10E"}, "limits": {"memory": "9Ei"}}))
    assert [p.path for p in raised.value.problems] == [
        "containers[0].resources.requests"
    ]
