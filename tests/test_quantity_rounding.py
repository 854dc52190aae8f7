"""A whole quantity is whole once rounded up to thousandths, as the server reads it.

SetDefaults_ResourceList rounds a pod's quantities up to thousandths, and the checks
(ValidateResourceQuantityValue's integer resources, warnings.go's fractional bytes) test
`MilliValue() % 1000`, which rounds up too: 999.9999m is 1 there, not a fraction.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from podspec import PodSpec, PodSpecWarning, ValidationError, fast

PARSERS = [PodSpec.from_dict, fast.PodSpec.from_dict]


def _spec(limits: dict[str, Any]) -> dict[str, Any]:
    return {
        "containers": [
            {"name": "app", "image": "nginx", "resources": {"limits": limits}}
        ]
    }


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize("amount", ["1", "999.9999m", "999.5m", "0.9999", "1999.0001m"])
def test_an_extended_resource_whole_once_rounded_up_is_accepted(
    parse: Any, amount: str
) -> None:
    parse(_spec({"example.com/dev": amount}))


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize("amount", ["1.5", "500m", "1001m", "0.998"])
def test_an_extended_resource_still_fractional_is_refused(
    parse: Any, amount: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        parse(_spec({"example.com/dev": amount}))
    assert {p.rule for p in raised.value.problems} == {
        "resources-limits-extended-integer"
    }


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(("amount", "warned"), [("0.9999999", False), ("1.5", True)])
def test_fractional_bytes_warn_as_the_server_rounds_them(
    parse: Any, amount: str, warned: bool
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse(_spec({"memory": amount}))
    found = [str(w.message) for w in caught if issubclass(w.category, PodSpecWarning)]
    assert bool(found) is warned, found
