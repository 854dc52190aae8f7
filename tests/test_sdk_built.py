"""`validate()` on objects built in Python with a value of another type in a field:
each refused at its JSON path, the same way in both flavours (and in the compiled build,
which reruns this file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import podspec
import podspec.fast as fast
import pytest
from podspec import ValidationError
from podspec._runtime import COMPILED

FLAVOURS = [podspec, fast]
DICT_HINT = "got a dict: build it with {0}(...) or {0}.from_dict(...)"

# What a user writes, and the report validate() gives: (path, message) in order.
CASES: dict[str, tuple[Callable[[Any], Any], list[tuple[str, str]]]] = {
    "a dict in a list of objects": (
        lambda m: m.PodSpec(containers=[{"name": "web", "image": "nginx"}]),
        [("containers[0]", "expected a Container, " + DICT_HINT.format("Container"))],
    ),
    "a dict as an object": (
        lambda m: m.PodSpec(
            containers=[
                m.Container(name="web", image="nginx", resources={"limits": {}})
            ]
        ),
        [
            (
                "containers[0].resources",
                "expected a ResourceRequirements, "
                + DICT_HINT.format("ResourceRequirements"),
            )
        ],
    ),
    "a dict deep down": (
        lambda m: m.Deployment(
            metadata=m.ObjectMeta(name="web"),
            spec=m.DeploymentSpec(
                selector=m.LabelSelector(match_labels={"app": "web"}),
                template=m.PodTemplateSpec(
                    metadata=m.ObjectMeta(labels={"app": "web"}),
                    spec=m.PodSpec(
                        containers=[
                            m.Container(
                                name="web", image="nginx", ports=[{"containerPort": 80}]
                            )
                        ]
                    ),
                ),
            ),
        ),
        [
            (
                "spec.template.spec.containers[0].ports[0]",
                "expected a ContainerPort, " + DICT_HINT.format("ContainerPort"),
            )
        ],
    ),
    "an object of another type": (
        lambda m: m.PodSpec(containers=[m.Volume(name="data")]),
        [("containers[0]", "expected a Container, got a Volume")],
    ),
    "a string where a list belongs": (
        lambda m: m.PodSpec(
            containers=[m.Container(name="web", image="nginx", command="ls -l")]
        ),
        [("containers[0].command", "expected a list, got a string")],
    ),
    "a string where an object belongs": (
        lambda m: m.PodSpec(containers=["web"]),
        [("containers[0]", "expected an object, got a string")],
    ),
    "a number where a list belongs": (
        lambda m: m.PodSpec(containers=5),
        [("containers", "expected a list, got an integer")],
    ),
    "the rest of the object's problems beside it": (
        lambda m: m.PodSpec(
            containers=[
                {"name": "web", "image": "nginx"},
                m.Container(
                    name="web", image="nginx", ports=[m.ContainerPort(container_port=0)]
                ),
            ]
        ),
        [
            ("containers[0]", "expected a Container, " + DICT_HINT.format("Container")),
            ("containers[1].ports[0].containerPort", "Required value"),
            ("containers[1].name", 'Duplicate value: "web"'),
        ],
    ),
    "a tuple where a list belongs, written as one": (
        lambda m: m.PodSpec(containers=(m.Container(name="web", image="nginx"),)),
        [],
    ),
    "an object made to hold itself": (
        lambda m: _holding_itself(m),
        [("containers[0].envFrom[0]", "expected an EnvFromSource, got a Container")],
    ),
}


def _holding_itself(m: Any) -> Any:
    container = m.Container(name="web", image="nginx")
    container.env_from = [container]
    return m.PodSpec(containers=[container])


def _report(obj: Any) -> list[tuple[str, str]]:
    try:
        obj.validate()
    except ValidationError as exc:
        return [(p.path, p.message) for p in exc.problems]
    return []


@pytest.mark.parametrize("flavour", FLAVOURS, ids=["podspec", "fast"])
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_value_of_another_type_is_refused_at_its_path(
    flavour: Any, case: str
) -> None:
    build, expected = CASES[case]
    try:
        built = build(flavour)
    except TypeError:
        # The compiled build checks an attribute's type when it is set (README, "The
        # accelerated build"): such an object cannot be made there.
        assert flavour is podspec and COMPILED
        return
    assert _report(built) == expected


@pytest.mark.parametrize("flavour", FLAVOURS, ids=["podspec", "fast"])
def test_an_object_built_right_still_validates(flavour: Any) -> None:
    spec = flavour.PodSpec(
        containers=[flavour.Container(name="web", image="nginx", command=["ls"])],
    )
    assert spec.validate() is spec
    if flavour is podspec and COMPILED:
        return  # a compiled class cannot be subclassed in Python
    # A user's subclass inside an SDK object is an object of its type.
    sub = type("MyContainer", (flavour.Container,), {})
    spec = flavour.PodSpec(containers=[sub(name="web", image="nginx")])
    assert spec.validate() is spec
