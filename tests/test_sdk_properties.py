"""Property-based: whatever JSON-like value from_dict gets, only ValidationError escapes."""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import podspec
import pytest
from conftest import model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from podspec import ValidationError

MODEL = model()
CLASSES = [getattr(podspec, t.name) for t in MODEL.types if t.is_object]
WIRE_NAMES = sorted({f.wire_name for t in MODEL.types for f in t.fields})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["TCP", "Always", "500m", "1Gi", "", "IfNotPresent", "None"]),
)


def json_like(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(keys, inner, max_size=5),
        ),
        max_leaves=25,
    )


# Keys drawn mostly from real wire names, so the values reach deep into the parsers.
keys = st.one_of(st.sampled_from(WIRE_NAMES), st.text(max_size=6))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_like(keys))
def test_from_dict_raises_only_validation_error(cls: Any, data: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            obj = cls.from_dict(data)
        except ValidationError as exc:
            assert exc.problems, "a ValidationError always names at least one problem"
            return
    # Whatever was accepted dumps back to exactly what was given.
    assert dataclasses.is_dataclass(obj)
    assert obj.to_dict() == data


@settings(max_examples=200, deadline=None)
@given(data=json_like(keys), lenient=st.booleans())
def test_podspec_from_arbitrary_documents(data: Any, lenient: bool) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            pod = podspec.PodSpec.from_dict(data, lenient=lenient)
        except ValidationError:
            return
    assert pod.to_dict() == data
