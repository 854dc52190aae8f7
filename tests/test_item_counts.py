"""Two facts about fields that every output keeps alike: `maxItems` (the server's
limits on list lengths: three DNS nameservers, twenty restart rules) and
`serverOptional` (a field upstream's schema requires but the server never checks, such
as a sleep action's `seconds`)."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import jsonschema
import podspec
import pydantic
import pytest
from conftest import GENERATED
from podspec import ValidationError, fast

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic


def _spec(**fields: Any) -> dict[str, Any]:
    return {"containers": [{"name": "app", "image": "nginx"}], **fields}


def _dns(count: int) -> dict[str, Any]:
    servers = [f"10.0.0.{n}" for n in range(1, count + 1)]
    return _spec(dnsConfig={"nameservers": servers})


def _sleep_without_seconds() -> dict[str, Any]:
    hook = {"preStop": {"sleep": {}}}
    probe = {"httpGet": {"port": 80, "httpHeaders": [{"name": "X-Probe"}]}}
    container = {"name": "app", "image": "nginx", "lifecycle": hook}
    return {"containers": [{**container, "readinessProbe": probe}]}


def _sdk_problems(module: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module.PodSpec.from_dict(data)
        except ValidationError as exc:
            return [(p.path, p.message) for p in exc.problems]
    return []


@pytest.mark.parametrize("module", [podspec, fast], ids=["dataclasses", "fast"])
def test_a_list_longer_than_the_server_allows_is_refused(module: Any) -> None:
    assert _sdk_problems(module, _dns(3)) == []
    # validatePodDNSConfig's own words, not field.TooMany's, the list as JSON.
    servers = '["10.0.0.1","10.0.0.2","10.0.0.3","10.0.0.4"]'
    assert _sdk_problems(module, _dns(4)) == [
        (
            "dnsConfig.nameservers",
            f"Invalid value: {servers}: must not have more than 3 nameservers",
        )
    ]


def test_the_schema_and_pydantic_refuse_it_too(
    validator: jsonschema.Draft202012Validator,
) -> None:
    assert validator.is_valid(_dns(3))
    (error,) = validator.iter_errors(_dns(4))
    causes, found = [error], []
    while causes:  # the rule's form: if/then, then anyOf null or maxItems
        cause = causes.pop()
        found.append(cause.validator)
        causes.extend(cause.context or ())
    assert "maxItems" in found, error
    podspec_pydantic.PodSpec.model_validate(_dns(3))
    with pytest.raises(pydantic.ValidationError):
        podspec_pydantic.PodSpec.model_validate(_dns(4))


@pytest.mark.parametrize("module", [podspec, fast], ids=["dataclasses", "fast"])
def test_what_upstream_requires_and_the_server_never_checks_may_be_left_out(
    module: Any,
) -> None:
    assert _sdk_problems(module, _sleep_without_seconds()) == []


def test_the_schema_and_pydantic_leave_it_out_too(
    validator: jsonschema.Draft202012Validator,
) -> None:
    assert validator.is_valid(_sleep_without_seconds())
    podspec_pydantic.PodSpec.model_validate(_sleep_without_seconds())
