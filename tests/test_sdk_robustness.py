"""No input makes any flavour raise anything but its own validation error (issue 19).

Three flavours: the dataclass SDK (`podspec`), the msgspec one (`podspec.fast`, by
`from_dict` and by `from_json`) and the pydantic one (`podspec_pydantic`). Hostile
input: lone surrogates, NaN and the infinities, numbers beyond int64 and beyond a
float, nesting past the recursion limit, keys that are not strings. What a flavour
accepts dumps to valid JSON. Then the regression cases, one per finding, and the
warnings' stack level, `repr`, and the JSON bytes path.

The property tests run a few hundred examples per flavour; `PODSPEC_FUZZ=nightly`
runs 20,000 each.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

import podspec
import pydantic
import pytest
from conftest import GENERATED
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from podspec import ValidationError, fast
from test_sdk_properties import WIRE_NAMES

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

EXAMPLES = 20_000 if os.environ.get("PODSPEC_FUZZ") == "nightly" else 200

SURROGATE = "\ud800"
NON_FINITE = [float("nan"), float("inf"), float("-inf")]

hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**400]),
    st.floats(),  # NaN and the infinities included
    st.sampled_from([1e308, -1e308, 5e-324, *NON_FINITE]),
    st.text(max_size=6),
    st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=2),
    st.sampled_from(["Always", "TCP", "500m", "1Gi", "NaN", "Inf", "1e400"]),
)
hostile_keys = st.one_of(
    st.sampled_from(WIRE_NAMES),
    st.sampled_from(WIRE_NAMES).map(lambda k: k + SURROGATE),
    st.text(max_size=4),
    st.integers(-2, 2),
    st.none(),
)


def _nested(depth: int) -> dict[str, Any]:
    inner: dict[str, Any] = {}
    for _ in range(depth):
        inner = {"a": inner}
    return inner


hostile = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(hostile_keys, inner, max_size=4)
    ),
    max_leaves=12,
)
# A valid pod spec with hostile fields beside its valid ones, at its root and in its
# container, so that the values reach the enums, quantities and maps inside.
documents = st.builds(
    lambda root, container: {
        **root,
        "containers": [{"name": "app", "image": "nginx", **container}],
    },
    st.dictionaries(hostile_keys, hostile, max_size=3),
    st.dictionaries(hostile_keys, hostile, max_size=3),
)
# Where a value nested past the recursion limit goes: a wire name, at the root or in
# the container (drawn as the name, as hypothesis cannot print such a value).
deep_places = st.none() | st.tuples(st.booleans(), st.sampled_from(WIRE_NAMES))

Parse = Callable[[Any], Any]  # a document -> its dump, or raises its flavour's error


def _dataclasses(data: Any) -> Any:
    return podspec.PodSpec.from_dict(data).to_dict()


def _fast(data: Any) -> Any:
    return fast.PodSpec.from_dict(data).to_dict()


def _fast_json(data: Any) -> Any:
    # json.dumps writes NaN, surrogates and big numbers: from_json must refuse or read
    # them as json.loads does, and to_json must write valid JSON.
    try:
        text = json.dumps(data, skipkeys=True)
    except RecursionError:  # too deep for json.dumps, let alone the document
        text = "[" * 100_000
    return json.loads(fast.PodSpec.from_json(text.encode()).to_json())


def _pydantic(data: Any) -> Any:
    model = podspec_pydantic.PodSpec.model_validate(data, by_alias=True, by_name=False)
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


FLAVOURS: dict[str, tuple[Parse, type[Exception]]] = {
    "dataclasses": (_dataclasses, ValidationError),
    "fast": (_fast, ValidationError),
    "fast-json": (_fast_json, ValidationError),
    "pydantic": (_pydantic, pydantic.ValidationError),
}


def _outcome(flavour: str, data: Any) -> Any:
    """The flavour's dump of `data`, or None when it raised its own error; anything
    else it raises fails the test."""
    parse, error = FLAVOURS[flavour]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dumped = parse(data)
        except error:
            return None
    json.dumps(dumped, allow_nan=False)  # valid JSON, or this raises
    return dumped


@pytest.mark.parametrize("flavour", FLAVOURS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=documents, deep=deep_places)
# A map whose keys cannot be sorted together (null and strings), shown in a
# NotSupported message: Go's JSON of it sorts keys, json.dumps raised TypeError.
@example(
    data={
        "containers": [{"name": "app", "image": "nginx"}],
        "dnsPolicy": {None: None, "accessModes": None, 1: 2},
    },
    deep=None,
)
def test_hostile_input_raises_only_the_flavours_error(
    flavour: str, data: Any, deep: tuple[bool, str] | None
) -> None:
    if deep is not None:
        in_container, key = deep
        (data["containers"][0] if in_container else data)[key] = _nested(5000)
    _outcome(flavour, data)


def _container(**fields: Any) -> dict[str, Any]:
    return {"containers": [{"name": "app", "image": "nginx", **fields}]}


def _pod(**metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web", **metadata},
        "spec": _container(),
    }


def _with(key: Any, value: Any) -> dict[Any, Any]:
    """A valid pod spec with one more key, which may not be a string."""
    data: dict[Any, Any] = _container()
    data[key] = value
    return data


REFUSED = {
    "surrogate-enum": _container(imagePullPolicy=SURROGATE),
    "surrogate-field-key": _container(**{SURROGATE: "x"}),
    "nan-quantity": _container(resources={"limits": {"cpu": float("nan")}}),
    "inf-quantity": _container(resources={"requests": {"memory": float("inf")}}),
    "minus-inf-overhead": {**_container(), "overhead": {"cpu": float("-inf")}},
    "int64-overflow": {**_container(), "activeDeadlineSeconds": 2**63},
    "int64-underflow": {**_container(), "terminationGracePeriodSeconds": -(2**63) - 1},
    "huge-float": {**_container(), "activeDeadlineSeconds": 1e308},
    "deep-map": {**_container(), "nodeSelector": _nested(100_000)},
    "deep-object": {**_container(), "affinity": _nested(100_000)},
    "int-map-key": {**_container(), "nodeSelector": {1: "x"}},
    "int-field-key": _with(1, "x"),
    "none-field-key": _with(None, "x"),
}


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("case", REFUSED)
def test_refused_by_every_flavour(flavour: str, case: str) -> None:
    if flavour == "fast-json" and case.endswith(("-key", "deep-map", "deep-object")):
        pytest.skip("json.dumps cannot write it")
    assert _outcome(flavour, REFUSED[case]) is None


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize("parse", [podspec.PodSpec.from_dict, fast.PodSpec.from_dict])
def test_a_quantity_is_finite(parse: Callable[[Any], Any], value: float) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(_container(resources={"limits": {"cpu": value}}))
    (problem,) = caught.value.problems
    assert problem.path == "containers[0].resources.limits.cpu"
    assert "quantities must be finite" in problem.message


def test_parse_quantity_refuses_what_is_not_finite() -> None:
    from podspec.quantity import parse_quantity

    for value in NON_FINITE:
        with pytest.raises(ValueError, match="finite"):
            parse_quantity(value)


@pytest.mark.parametrize("parse", [podspec.PodSpec.from_dict, fast.PodSpec.from_dict])
def test_a_huge_exponent_is_quick(parse: Callable[[Any], Any]) -> None:
    """A quantity of 10**99999999 is one the rules compare, not one they compute."""
    resources = {"limits": {"cpu": "1e-99999999"}, "requests": {"cpu": "2e99999999"}}
    with pytest.raises(ValidationError) as caught:
        parse(_container(resources=resources))
    assert caught.value.problems[0].rule == "resources-requests-within-limits"


def test_parse_quantity_takes_huge_exponents_as_the_server_does() -> None:
    from podspec.quantity import parse_quantity

    assert parse_quantity("1e99999999") == 2**63 - 1 == -parse_quantity("-5e2000")
    assert parse_quantity("1e-99999999") == parse_quantity("1n")
    assert parse_quantity("0e99999999") == 0
    assert parse_quantity("3e1000") == 3 * 10**1000


FREE_FORM = {
    "deep": _nested(100_000),
    "int-key": {"f:spec": {1: {}}},
    "nan": {"f:spec": [float("nan")]},
    "a-set": {"f:spec": {1, 2}},
}


@pytest.mark.parametrize("case", FREE_FORM)
@pytest.mark.parametrize("cls", [podspec.Pod, fast.Pod], ids=["dataclasses", "fast"])
def test_free_form_values_are_json(cls: Any, case: str) -> None:
    """FieldsV1 takes any JSON object: nothing that is not one, or that json.dumps
    could not write back."""
    data = _pod(managedFields=[{"manager": "kubectl", "fieldsV1": FREE_FORM[case]}])
    with pytest.raises(ValidationError) as caught:
        cls.from_dict(data)
    assert caught.value.problems[0].path == "metadata.managedFields[0].fieldsV1"


def test_free_form_keeps_json_as_given() -> None:
    fields = {"f:spec": {"f:containers": {'k:{"name":"app"}': {".": {}}}}, "n": [1.5]}
    data = _pod(managedFields=[{"manager": "kubectl", "fieldsV1": fields}])
    for cls in (podspec.Pod, fast.Pod):
        assert cls.from_dict(data).to_dict() == data


def test_surrogates_in_strings_dump_to_valid_json() -> None:
    data = _container(image=f"nginx{SURROGATE}")
    assert json.loads(json.dumps(podspec.PodSpec.from_dict(data).to_dict())) == data
    assert json.loads(fast.PodSpec.from_dict(data).to_json()) == data


# Deprecation warnings and the server's warnings point at the caller's line.


def _points_at_caller(call: Callable[[], Any], category: type[Warning]) -> None:
    """`call` (a one-line lambda of this file) warns once, at its own line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    (warning,) = [w for w in caught if issubclass(w.category, category)]
    assert (warning.filename, warning.lineno) == (
        __file__,
        call.__code__.co_firstlineno,
    )


DEPRECATED = {**_container(), "serviceAccount": "builder"}
FRACTIONAL = _container(resources={"limits": {"memory": "1500m"}})


@pytest.mark.parametrize("parse", [podspec.PodSpec.from_dict, fast.PodSpec.from_dict])
def test_deprecation_warning_points_at_the_caller(parse: Callable[[Any], Any]) -> None:
    _points_at_caller(lambda: parse(DEPRECATED), DeprecationWarning)


def test_deprecation_warning_points_at_the_caller_of_from_json() -> None:
    text = json.dumps(DEPRECATED)
    _points_at_caller(lambda: fast.PodSpec.from_json(text), DeprecationWarning)


@pytest.mark.parametrize("module", [podspec, fast], ids=["dataclasses", "fast"])
def test_deprecation_warning_of_a_constructor(module: Any) -> None:
    _points_at_caller(
        lambda: module.PodSpec(containers=[], service_account="x"), DeprecationWarning
    )


def test_deprecation_warning_of_setting_an_attribute() -> None:
    pod = podspec.PodSpec(containers=[])
    _points_at_caller(lambda: setattr(pod, "service_account", "x"), DeprecationWarning)


@pytest.mark.parametrize(
    ("parse", "category"),
    [
        (podspec.PodSpec.from_dict, podspec.PodSpecWarning),
        (fast.PodSpec.from_dict, podspec.PodSpecWarning),
        (fast.PodSpec.from_json, podspec.PodSpecWarning),
        (
            podspec_pydantic.PodSpec.model_validate,
            podspec_pydantic.rules.PodSpecWarning,
        ),
    ],
    ids=["dataclasses", "fast", "fast-json", "pydantic"],
)
def test_the_servers_warnings_point_at_the_caller(
    parse: Callable[[Any], Any], category: type[Warning]
) -> None:
    data: Any = (
        json.dumps(FRACTIONAL) if parse == fast.PodSpec.from_json else FRACTIONAL
    )
    _points_at_caller(lambda: parse(data), category)


# repr: the fields that are set, in spec order, and eval(repr(x)) == x.

SIMPLE = {
    "containers": [
        {
            "image": "nginx",  # not first: the repr follows the spec's order
            "name": "web",
            "ports": [{"containerPort": 80}],
            "resources": {"limits": {"cpu": "500m"}},
        }
    ],
    "nodeSelector": {"disk": "ssd"},
}


def test_repr_shows_the_fields_set_in_spec_order() -> None:
    container = podspec.Container(image="nginx", name="web")
    assert repr(container) == "Container(name='web', image='nginx')"
    assert repr(podspec.PodSpec(containers=[])) == "PodSpec(containers=[])"


def test_an_object_a_failed_parse_left_half_built_has_a_repr() -> None:
    # A debugger, or a traceback that shows locals, shows it: a parse builds an object
    # bare (as _parse does) and sets the fields the manifest gives, not the required
    # ones it lacks.
    container = podspec._runtime.new(podspec.Container)
    container.name = "web"
    assert repr(container) == "Container(name='web')"


@pytest.mark.parametrize("module", [podspec, fast], ids=["dataclasses", "fast"])
def test_eval_repr_is_the_object(module: Any) -> None:
    for obj in (
        module.PodSpec.from_dict(SIMPLE),
        module.Pod.from_dict(_pod(labels={"app": "web"})),
        module.Container(name="web", image="nginx", command=["sh", "-c", "true"]),
    ):
        assert eval(repr(obj), vars(module)) == obj


def test_the_flavours_repr_alike() -> None:
    assert repr(podspec.PodSpec.from_dict(SIMPLE)) == repr(
        fast.PodSpec.from_dict(SIMPLE)
    )


def test_repr_omits_a_kinds_fixed_fields() -> None:
    assert repr(podspec.Pod.from_dict(_pod())).startswith("Pod(metadata=")
    copy = json.loads(json.dumps(DEPLOYMENT))  # strings that are not the defaults
    shown = repr(podspec.Deployment.from_dict(copy))
    assert shown.startswith("Deployment(metadata=")
    assert repr(fast.Deployment.from_dict(copy)) == shown
    assert repr(fast.Deployment.from_json(json.dumps(DEPLOYMENT))) == shown


# The JSON bytes path of podspec.fast.

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web"},
    "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": SIMPLE,
        },
    },
}


@pytest.mark.parametrize(
    ("cls", "data"),
    [(fast.PodSpec, SIMPLE), (fast.Deployment, DEPLOYMENT), (fast.Pod, _pod())],
    ids=["PodSpec", "Deployment", "Pod"],
)
def test_from_json_is_from_dict(cls: Any, data: dict[str, Any]) -> None:
    text = json.dumps(data)
    for given_ in (text, text.encode()):
        obj = cls.from_json(given_)
        assert obj == cls.from_dict(data)
        assert isinstance(obj.to_json(), bytes)
        assert json.loads(obj.to_json()) == data == obj.to_dict()


INVALID = [
    {"containers": [{"name": "web", "image": "nginx", "imagePullPolice": "Always"}]},
    {"containers": [{"name": "Web_1", "image": "nginx", "ports": [{}]}]},
    {"containers": [{"name": "a", "image": "b"}], "initContainers": [{"name": "a"}]},
    {"containers": 5},
    {**_container(), "nodeSelector": {"k": 1}},
    [1, 2],
]


@pytest.mark.parametrize("data", INVALID)
def test_from_json_reports_as_from_dict(data: Any) -> None:
    with pytest.raises(ValidationError) as by_dict:
        fast.PodSpec.from_dict(data)
    with pytest.raises(ValidationError) as by_json:
        fast.PodSpec.from_json(json.dumps(data).encode())
    assert by_json.value.problems == by_dict.value.problems
    assert by_json.value.problems[0].path or len(by_json.value.problems) >= 1


@pytest.mark.parametrize(
    "text",
    [b"", b"{", b'{"containers": NaN}', b"[" * 100_000, b"\xff", b'{"a": 1} x'],
)
def test_from_json_refuses_what_is_not_json(text: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        fast.PodSpec.from_json(text)
    (problem,) = caught.value.problems
    assert problem.message.startswith("invalid JSON: ")


def test_from_json_reads_what_msgspec_does_not_as_json_loads_does() -> None:
    inf = b'{"containers":[{"name":"a","image":"b","resources":{"limits":{"cpu":1e400}}}]}'
    with pytest.raises(ValidationError) as caught:
        fast.PodSpec.from_json(inf)
    assert caught.value.problems[0].path == "containers[0].resources.limits.cpu"
    surrogate = b'{"containers":[{"name":"a","image":"b\\ud800"}]}'
    assert fast.PodSpec.from_json(surrogate).containers[0].image == "b" + SURROGATE


def test_a_kind_from_json_must_say_its_kind() -> None:
    data = {key: value for key, value in DEPLOYMENT.items() if key != "kind"}
    with pytest.raises(ValidationError) as caught:
        fast.Deployment.from_json(json.dumps(data))
    assert [p.path for p in caught.value.problems] == ["kind"]
