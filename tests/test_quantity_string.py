"""A quantity in a message reads as the API server writes it: Quantity.String's
canonical text, not the manifest's ("0.5" is "500m", "2048Mi" is "2Gi").

The expected texts are apimachinery's own (resource/quantity_test.go: TestQuantityString
with its alternate spellings, TestQuantityParseEmit), and a resource list's quantity is
rounded up to milli first, as SetDefaults_ResourceList rounds it.
"""

from __future__ import annotations

import warnings
from typing import Any

import podspec
import podspec.fast
import pytest
from podspec.quantity import quantity_string

# (what ParseQuantity reads, what String writes)
_GO = [
    ("1Gi", "1Gi"),
    ("1024Mi", "1Gi"),
    ("300Mi", "300Mi"),
    ("307200Ki", "300Mi"),
    ("6Ki", "6Ki"),
    ("1025024Mi", "1001Gi"),
    ("1024Gi", "1Ti"),
    ("5", "5"),
    ("5000m", "5"),
    ("0.5", "500m"),
    ("1G", "1G"),
    ("1000M", "1G"),
    ("0.001T", "1G"),
    ("1000u", "1m"),
    ("80m", "80m"),
    ("1.08", "1080m"),
    ("1080000000n", "1080m"),
    ("300M", "300M"),
    ("1234567M", "1234567M"),
    ("3k", "3k"),
    ("1025", "1025"),
    ("0", "0"),
    ("00", "0"),
    (".001e12", "1e9"),
    ("0.001e0", "1e-3"),
    ("1000e-12", "1e-9"),
    ("80e-3", "80e-3"),
    ("300e6", "300e6"),
    ("1e3", "1e3"),
    ("1n", "1n"),
    ("1080n", "1080n"),
    ("1080u", "1080u"),
    (".001Ki", "1024m"),
    (".000001Ki", "1024u"),
    (".000000001Ki", "1024n"),
    (".000000000001Ki", "2n"),
    # ParseQuantity's fast path keeps a text already canonical in form as it is
    ("+2", "+2"),
    ("-01", "-01"),
    ("1.500", "1.500"),
    ("1E3", "1E3"),
    ("1e+3", "1e+3"),
    ("+1Ki", "+1Ki"),
    # and caps a binary quantity at the int64 maximum
    ("8Ei", "9223372036854775807"),
]


@pytest.mark.parametrize(("text", "canonical"), _GO)
def test_a_quantity_is_written_as_quantity_string_writes_it(
    text: str, canonical: str
) -> None:
    assert quantity_string(text) == canonical
    if canonical != "0" and text[:1] not in ("+", "-"):
        assert quantity_string("-" + text) == "-" + canonical


def test_a_resource_lists_quantity_is_rounded_up_to_milli_first() -> None:
    assert quantity_string("0.0001", milli=True) == "1m"
    assert quantity_string("-0.0001", milli=True) == "-1m"
    assert quantity_string("1.0001", milli=True) == "1001m"
    # a text kept as written stays so once rounded to milli, unless finer than milli
    assert quantity_string("1.500", milli=True) == "1.500"
    assert quantity_string("1500u", milli=True) == "2m"
    assert quantity_string(0.25) == "250m"
    with pytest.raises(ValueError):
        quantity_string("one")


def _said(flavour: Any, resources: dict[str, Any]) -> list[str]:
    spec = {"containers": [{"name": "app", "image": "x", "resources": resources}]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(spec)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        # validateResourceRequirements: requestQuantity.String(), limitQuantity.String()
        (
            {"requests": {"cpu": "1"}, "limits": {"cpu": "0.5"}},
            'containers[0].resources.requests: Invalid value: "1": must be less than'
            " or equal to cpu limit of 500m",
        ),
        (
            {"requests": {"memory": "2048Mi"}, "limits": {"memory": "1Gi"}},
            'containers[0].resources.requests: Invalid value: "2Gi": must be less than'
            " or equal to memory limit of 1Gi",
        ),
        # ValidateNonnegativeQuantity: value.String()
        (
            {"requests": {"cpu": "-0.5"}},
            'containers[0].resources.requests[cpu]: Invalid value: "-500m": must be'
            " greater than or equal to 0",
        ),
    ],
    ids=["cpu", "memory", "negative"],
)
def test_messages_show_quantities_as_the_server_does(
    resources: dict[str, Any], expected: str
) -> None:
    for flavour in (podspec, podspec.fast):
        assert any(s.startswith(expected) for s in _said(flavour, resources))
