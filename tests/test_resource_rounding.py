"""Requests and limits compare as the server has them: SetDefaults_ResourceList rounds
every quantity of a resource list up to milli scale (away from zero) before validation,
so two requests finer than 1m can tie where their exact values would not."""

from __future__ import annotations

import warnings
from typing import Any

import podspec
import pytest
from podspec import ValidationError, fast
from podspec._runtime import compare


def _rules_broken(module: Any, requests: str, limits: str) -> list[str | None]:
    spec = {
        "containers": [
            {
                "name": "app",
                "image": "nginx",
                "resources": {"requests": {"cpu": requests}, "limits": {"cpu": limits}},
            }
        ]
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module.PodSpec.from_dict(spec)
        except ValidationError as exc:
            return [p.rule for p in exc.problems]
    return []


@pytest.mark.parametrize("module", [podspec, fast], ids=["dataclasses", "fast"])
def test_requests_finer_than_a_milli_tie_with_their_limit(module: Any) -> None:
    assert _rules_broken(module, "0.0009", "0.0002") == []  # both 1m
    assert _rules_broken(module, "1000001u", "1001m") == []  # 1.000001 is 1001m


@pytest.mark.parametrize("module", [podspec, fast], ids=["dataclasses", "fast"])
def test_requests_above_their_limit_after_rounding_are_refused(module: Any) -> None:
    assert _rules_broken(module, "0.0021", "0.002") == [  # 3m > 2m
        "resources-requests-within-limits"
    ]
    assert _rules_broken(module, "1000001u", "1") == [
        "resources-requests-within-limits"
    ]


def test_listed_quantities_round_away_from_zero_others_do_not() -> None:
    assert compare("0.0009", "==", "1m", listed=True)
    assert compare("-0.0009", "==", "-1m", listed=True)
    assert compare("1500u", ">", "1m", listed=True)  # 2m
    assert not compare("0.0009", "==", "1m")
    assert not compare(None, "<=", "1", listed=True)


MEMORY_DIVISORS = ("1", "1k", "1M", "1G", "1Ki", "1Mi", "1Gi")


@pytest.mark.parametrize(
    ("divisor", "allowed"),
    [
        ("1Mi", True),
        ("1048576", True),  # 1Mi written out: the same size
        ("1024Ki", True),
        (1, True),
        (1.0, True),
        ("1000", True),  # 1k
        ("2Mi", False),
        ("0.5", False),
        (True, False),  # not a quantity
        ("1" + "0" * 70 + "e-70", True),  # a long text, worked out each time
        ("not a size", False),
    ],
)
def test_a_divisor_is_one_of_the_sizes_by_value(divisor: Any, allowed: bool) -> None:
    """A downward-API divisor names one of the sizes the server takes by its value, as
    resource.Quantity's Cmp does: `1024Ki` is `1Mi`. The verdicts are kept per text,
    so asking twice must answer the same."""
    from podspec._runtime import quantity_in

    assert quantity_in(divisor, MEMORY_DIVISORS) is allowed
    assert quantity_in(divisor, MEMORY_DIVISORS) is allowed
    assert quantity_in(None, MEMORY_DIVISORS) is False
