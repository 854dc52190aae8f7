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
