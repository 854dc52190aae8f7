"""`validate()` on objects built in Python with a value of another type in a field:
each refused at its JSON path, the same way in both flavours (and in the compiled build,
which reruns this file)."""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable
from typing import Any

import podspec
import podspec.fast as fast
import pytest
from conftest import corpus_files, load_json
from podspec import ValidationError
from podspec._runtime import COMPILED, sdk_class
from podspec.names import PYTHON_TO_WIRE

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
    "None in a list of objects": (
        lambda m: m.PodSpec(containers=[None]),
        [("containers[0]", "expected a Container, got None")],
    ),
    "an object where a string belongs": (
        lambda m: m.PodSpec(
            containers=[m.Container(name="web", image=m.Volume(name="v"))]
        ),
        [("containers[0].image", "a Volume object cannot be set here")],
    ),
    "an object in a map": (
        lambda m: m.PodSpec(
            containers=[m.Container(name="web", image="nginx")],
            node_selector={"disk": m.Volume(name="v")},
        ),
        [("nodeSelector.disk", "a Volume object cannot be set here")],
    ),
    "a set where a list belongs": (
        lambda m: m.PodSpec(
            containers=[m.Container(name="web", image="nginx", command={"ls"})]
        ),
        [("containers[0].command", "expected a list, got set")],
    ),
    # Its manifest is a valid header: to_dict writes an object by its fields.
    "an object of another type whose fields fit": (
        lambda m: m.PodSpec(
            containers=[
                m.Container(
                    name="web",
                    image="nginx",
                    liveness_probe=m.Probe(
                        http_get=m.HTTPGetAction(
                            port=80, http_headers=[m.EnvVar(name="X-A", value="1")]
                        )
                    ),
                )
            ]
        ),
        [],
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

# The compiled build's to_dict writes an object of another type only if it is of the
# field's class: validate() then says so.
COMPILED_REPORTS = {
    "an object of another type whose fields fit": [
        (
            "containers[0].livenessProbe.httpGet.httpHeaders[0]",
            "expected a HTTPHeader, got an EnvVar",
        )
    ]
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
    if flavour is podspec and COMPILED:
        expected = COMPILED_REPORTS.get(case, expected)
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


def _objects(value: Any, out: list[Any]) -> list[Any]:
    if hasattr(value, "to_dict"):
        out.append(value)
        for name in PYTHON_TO_WIRE[sdk_class(type(value)).__name__]:
            _objects(getattr(value, name), out)
    elif isinstance(value, list):
        for item in value:
            _objects(item, out)
    return out


def _alone(data: Any) -> bool:
    """Whether a pod spec is valid on its own (a StatefulSet's may mount the volumes
    its controller adds)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            podspec.PodSpec.from_dict(data)
        except ValidationError:
            return False
    return True


def _junk(m: Any, pick: int) -> Any:
    return [
        lambda: {"name": "x"},
        lambda: "text",
        lambda: 5,
        lambda: [1, "a"],
        lambda: [{"a": 1}],
        lambda: None,
        lambda: m.Volume(name="v"),
        lambda: [m.EnvVar(name="E")],
        lambda: {"k": m.EnvVar(name="E")},
        lambda: True,
        lambda: ("a",),
        lambda: {"a"},
        lambda: [None],
    ][pick % 13]()


@pytest.mark.parametrize("seed", range(20))
def test_both_flavours_report_random_values_set_in_python_alike(seed: int) -> None:
    """Corpus specs with values of every sort set on random fields: both flavours
    (each with its own to_dict) give validate() the same verdict and report."""
    rng = random.Random(seed)
    specs = [s for s in map(load_json, corpus_files("valid")[::20]) if _alone(s)]
    for _ in range(15):
        data = rng.choice(specs)
        changes = [
            (rng.randrange(999), rng.randrange(999), rng.randrange(99)) for _ in "ab"
        ]
        reports = []
        for flavour in FLAVOURS:
            # Setting a deprecated field warns, as the parse of one does.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spec = flavour.PodSpec.from_dict(data)
                found = _objects(spec, [])
                try:
                    for target, field, pick in changes:
                        obj = found[target % len(found)]
                        names = list(PYTHON_TO_WIRE[sdk_class(type(obj)).__name__])
                        name, value = names[field % len(names)], _junk(flavour, pick)
                        setattr(obj, name, value)
                        if flavour is podspec and COMPILED and type(value) is not str:
                            raise TypeError  # its to_dict may write True as 1
                except TypeError:
                    # The compiled build checks (or converts) a value when it is set,
                    # and its to_dict writes only objects of the field's class.
                    assert flavour is podspec and COMPILED
                    break
                reports.append(_report(spec))
        else:
            assert reports[0] == reports[1], changes
