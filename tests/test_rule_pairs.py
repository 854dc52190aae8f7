"""Pairwise unique rules (`^.` in `later`): warnings.go's port checks, item by item.

The server compares each container port with every earlier port of the same
containerPort and protocol, across init, regular and ephemeral containers, and warns
once per conflicting pair, naming both ports. Each SDK flavour must give exactly those
warnings: one too few hides a conflict, one too many (a pair read both ways) doubles it.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import podspec
import pytest
from conftest import GENERATED
from podspec import PodSpecWarning, fast

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

IDS = (
    "warn-overlapping-port-definition",
    "warn-ambiguous-port-definition",
    "warn-duplicate-port-definition",
)


def _spec(**lists: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """A pod spec whose containers (per list) have these ports, all on 8080/TCP."""
    spec: dict[str, Any] = {"containers": [{"name": "main", "image": "nginx"}]}
    for field, containers in lists.items():
        spec[field] = [
            {
                "name": f"{field.lower()}-{n}",
                "image": "nginx",
                "ports": [{"containerPort": 8080, **port} for port in ports],
            }
            for n, ports in enumerate(containers)
        ]
    return spec


def _warned(parse: Any, spec: dict[str, Any]) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse(spec)
    ours = (PodSpecWarning, podspec_pydantic.rules.PodSpecWarning)
    found = [str(w.message) for w in caught if issubclass(w.category, ours)]
    return sorted(m for m in found if m.endswith(tuple(f"[{i}]" for i in IDS)))


def _pydantic(spec: dict[str, Any]) -> None:
    podspec_pydantic.PodSpec.model_validate(spec)


PARSERS = {
    "dataclasses": podspec.PodSpec.from_dict,
    "fast": fast.PodSpec.from_dict,
}

FOUR_PORTS = _spec(
    containers=[
        [{}, {"hostPort": 80}],
        [{"hostPort": 80, "hostIP": "10.0.0.1"}, {"hostIP": "10.0.0.2"}],
    ]
)


@pytest.mark.parametrize("flavour", sorted(PARSERS))
def test_each_conflicting_earlier_port_is_named_once(flavour: str) -> None:
    # warnings.go, port by port: c0p1 overlaps c0p0 (one hostPort is 0); c1p0
    # overlaps c0p0 and is ambiguous with c0p1 (hostPort 80, one hostIP empty);
    # c1p1 (no hostPort) overlaps all three before it.
    overlap = "overlapping port definition with"
    ambiguous = "dangerously ambiguous port definition with"
    expected = sorted(
        [
            f"containers[0].ports[1]: {overlap} containers[0].ports[0] [{IDS[0]}]",
            f"containers[1].ports[0]: {overlap} containers[0].ports[0] [{IDS[0]}]",
            f"containers[1].ports[0]: {ambiguous} containers[0].ports[1] [{IDS[1]}]",
            f"containers[1].ports[1]: {overlap} containers[0].ports[0] [{IDS[0]}]",
            f"containers[1].ports[1]: {overlap} containers[0].ports[1] [{IDS[0]}]",
            f"containers[1].ports[1]: {overlap} containers[1].ports[0] [{IDS[0]}]",
        ]
    )
    assert _warned(PARSERS[flavour], FOUR_PORTS) == expected


def test_the_pydantic_flavour_warns_alike() -> None:
    assert _warned(_pydantic, FOUR_PORTS) == _warned(
        podspec.PodSpec.from_dict, FOUR_PORTS
    )


@pytest.mark.parametrize(
    ("earlier", "later", "warned"),
    [
        # exact duplicates (unset is Go's zero value) are duplicates only
        ({}, {}, (IDS[2],)),
        ({"hostPort": 80}, {"hostPort": 80}, (IDS[2],)),
        ({"hostPort": 0, "hostIP": ""}, {}, (IDS[2],)),
        # both hostPorts 0: overlapping only when the hostIPs differ
        ({"hostIP": "10.0.0.1"}, {}, (IDS[0],)),
        ({"hostIP": "10.0.0.1"}, {"hostIP": "10.0.0.2"}, (IDS[0],)),
        ({"hostIP": "10.0.0.1"}, {"hostIP": "10.0.0.1"}, (IDS[2],)),
        # different non-zero hostPorts do not conflict at all
        ({"hostPort": 80}, {"hostPort": 81, "hostIP": "10.0.0.1"}, ()),
        # the same hostPort, one hostIP empty: ambiguous, whichever comes first
        ({"hostPort": 80}, {"hostPort": 80, "hostIP": "10.0.0.1"}, (IDS[1],)),
        ({"hostPort": 80, "hostIP": "10.0.0.1"}, {"hostPort": 80}, (IDS[1],)),
        # the same hostPort on two named hostIPs is fine
        ({"hostPort": 80, "hostIP": "10.0.0.1"}, {"hostPort": 80, "hostIP": "::1"}, ()),
        # another protocol is another key
        ({}, {"hostPort": 80, "protocol": "UDP"}, ()),
        # an empty protocol is the server's default, TCP
        ({"protocol": ""}, {"hostPort": 80}, (IDS[0],)),
    ],
)
def test_a_pair_warns_as_warnings_go_does(
    earlier: dict[str, Any], later: dict[str, Any], warned: tuple[str, ...]
) -> None:
    # The earlier port in an init container, the later in a regular one: the pairs
    # span the lists, in the order the server visits them.
    spec = _spec(initContainers=[[earlier]])
    spec["containers"][0]["ports"] = [{"containerPort": 8080, **later}]
    for parse in PARSERS.values():
        found = _warned(parse, spec)
        assert [m.rsplit("[", 1)[1].rstrip("]") for m in found] == list(warned), found
        for message in found:
            assert message.startswith("containers[0].ports[0]: ")
            assert message.split(" [")[0].endswith(" initContainers[0].ports[0]")


@pytest.mark.parametrize("parse", sorted(PARSERS))
def test_a_repeated_port_name_names_the_first_port_of_that_name(parse: str) -> None:
    # warnings.go keeps the first port of each name; every later one names it.
    spec = _spec(initContainers=[[{"name": "web"}]])
    spec["containers"] = [
        {
            "name": f"c{n}",
            "image": "nginx",
            "ports": [{"containerPort": 80 + n, "name": "web"}],
        }
        for n in range(2)
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        PARSERS[parse](spec)
    first = "initContainers[0].ports[0]"
    assert [str(w.message) for w in caught] == [
        f'containers[{n}].ports[0]: duplicate port name "web" with {first}, services '
        f"and probes that select ports by name will use {first} [warn-duplicate-port-name]"
        for n in range(2)
    ]
