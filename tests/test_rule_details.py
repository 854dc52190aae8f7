"""A rule's message shows the values the server's does: those of the defaulted object.

The API server defaults a pod before it validates it and words its errors and warnings
about the result, so a field left unset shows its default in the message, not nothing.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from podspec import PodSpec, PodSpecWarning, ValidationError, fast

PARSERS = [PodSpec.from_dict, fast.PodSpec.from_dict]


@pytest.mark.parametrize("parse", PARSERS)
def test_an_unset_grace_period_is_worded_as_its_default(parse: Any) -> None:
    spec = {
        "containers": [
            {"name": "app", "image": "nginx"},
            {
                "name": "proxy",
                "image": "envoy",
                "lifecycle": {"preStop": {"sleep": {"seconds": 40}}},
            },
        ]
    }
    with pytest.raises(ValidationError) as raised:
        parse(spec)
    (problem,) = raised.value.problems
    assert problem.path == "containers[1].lifecycle.preStop.sleep"
    assert problem.message == (
        "Invalid value: 40: must be non-negative and less than "
        "terminationGracePeriodSeconds (30)"
    )


@pytest.mark.parametrize("parse", PARSERS)
def test_an_unset_protocol_is_printed_as_tcp(parse: Any) -> None:
    port = {"name": "http", "containerPort": 8080, "hostIP": "127.0.0.1"}
    spec = {"containers": [{"name": "app", "image": "nginx", "ports": [port]}]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse(spec)
    messages = [
        str(w.message) for w in caught if issubclass(w.category, PodSpecWarning)
    ]
    assert messages == [
        "containers[0].ports[0]: hostIP set without hostPort: {Name:http HostPort:0 "
        "ContainerPort:8080 Protocol:TCP HostIP:127.0.0.1} "
        "[warn-host-ip-without-host-port]"
    ]
