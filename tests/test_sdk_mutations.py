"""A broken part inside a valid document raises the SDK's error, never another.

test_sdk_robustness.py throws hostile values at a pod spec's root and first container;
this test breaks documents deep inside instead: each rule's own examples (hosted on
every type that has rules) and real workloads, with one value somewhere replaced by a
value of another kind or removed. An object whose parse found problems reaches the
rules with fields missing, which the rules and their helpers must read with care (a
Deployment selector with an unknown operator once crashed `selects`).
"""

from __future__ import annotations

import copy
import json
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import podspec
import pydantic
import pytest
from conftest import CORPUS, GENERATED, model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from podspec import ValidationError, fast
from test_sdk_robustness import EXAMPLES

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

SPEC = model()
WORKLOADS = CORPUS / "workloads"
_REMOVE = object()  # the replacement that deletes the key
REPLACEMENTS = [_REMOVE, None, 0, -1, "", "x", "Foo", True, [], {}, [None], {"a": 1}]


def _documents() -> list[tuple[str, Any]]:
    """(class name, document): every rule example, and the corpus's workloads."""
    found = []
    for rule in SPEC.rules:
        for example in (rule.valid, rule.invalid):
            if isinstance(example, dict):
                found.append((rule.host, example))
    if WORKLOADS.is_dir():  # beside the project; a plain clone has only the examples
        for path in sorted(WORKLOADS.glob("*.json"))[::8]:
            document = json.loads(path.read_text(encoding="utf-8"))
            found.append((document["kind"], document))
    return found


DOCUMENTS = _documents()


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value inside `value` (not the root)."""
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, inner in items:
            yield (*path, key)
            yield from _places(inner, (*path, key))


def _broken(document: Any, place: tuple[Any, ...], replacement: Any) -> Any:
    out = copy.deepcopy(document)
    holder = out
    for key in place[:-1]:
        holder = holder[key]
    if replacement is _REMOVE:
        del holder[place[-1]]
    else:
        holder[place[-1]] = copy.deepcopy(replacement)
    return out


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[str, Any]:
    name, document = draw(st.sampled_from(DOCUMENTS))
    places = list(_places(document))
    if not places:
        return name, document
    place = draw(st.sampled_from(places))
    return name, _broken(document, place, draw(st.sampled_from(REPLACEMENTS)))


def _sdk(module: Any) -> Any:
    def load(name: str, document: Any) -> Any:
        return getattr(module, name).from_dict(document).to_dict()

    return load


def _pydantic(name: str, document: Any) -> Any:
    model = getattr(podspec_pydantic, name).model_validate(
        document, by_alias=True, by_name=False
    )
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


FLAVOURS = {
    "dataclasses": (_sdk(podspec), ValidationError),
    "fast": (_sdk(fast), ValidationError),
    "pydantic": (_pydantic, pydantic.ValidationError),
}


@pytest.mark.parametrize("flavour", FLAVOURS)
@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=broken_documents())
def test_a_broken_part_raises_only_the_flavours_error(
    flavour: str, case: tuple[str, Any]
) -> None:
    load, error = FLAVOURS[flavour]
    name, document = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dumped = load(name, document)
        except error:
            return
    json.dumps(dumped, allow_nan=False)


def test_every_type_with_rules_has_examples_to_break() -> None:
    hosts = {name for name, _ in DOCUMENTS}
    assert {rule.host for rule in SPEC.rules} <= hosts
    assert len(DOCUMENTS) > 500
