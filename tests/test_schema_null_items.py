"""A null item of a list of objects is its type's zero value to the API server (Go's
JSON decoder leaves `{}`), which validation then checks like any other item. Helm
writes one for an empty `- ` line. The schema takes a null item exactly where the SDK
takes the zero value: `imagePullSecrets: [null]` is valid (with a warning),
`tolerations: [null]` is not (an empty key needs `operator: Exists`)."""

from __future__ import annotations

import warnings
from typing import Any

import jsonschema
import podspec
import pytest
from conftest import GENERATED, load_json
from podspec import PodSpec, ValidationError, fast

from podspec_gen.model.types import Spec
from podspec_gen.model.zero_items import zero_valid

SCHEMA = load_json(GENERATED / "jsonschema" / "kubernetes.schema.json")
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _item_types(spec: Spec) -> list[str]:
    """The object types some list field holds."""
    names = {
        f.type.item.name
        for t in spec.types
        for f in t.fields
        if f.type.kind == "list"
        and f.type.item is not None
        and f.type.item.kind == "ref"
    }
    return sorted(n for n in names if spec.type(n).is_object)


def _zero_accepted(name: str) -> bool:
    cls: Any = getattr(podspec, name, None) or getattr(podspec.workloads, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cls.from_dict({})
    except ValidationError:
        return False
    return True


def test_the_model_finds_where_the_sdk_takes_the_zero_value(spec_model: Spec) -> None:
    ok = zero_valid(spec_model)
    items = _item_types(spec_model)
    assert {n for n in items if n in ok} == {n for n in items if _zero_accepted(n)}
    # both directions are exercised by the project's own spec
    assert "LocalObjectReference" in ok and "Toleration" not in ok


def test_every_list_of_such_items_is_marked(spec_model: Spec) -> None:
    ok = zero_valid(spec_model)
    for t in spec_model.types:
        for f in t.fields:
            item = f.type.item
            holds = f.type.kind == "list" and item is not None and item.name in ok
            assert f.null_items == (holds and item is not None and item.kind == "ref")


def _pod(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "app", "image": "nginx"}], **spec},
    }


ACCEPTED = {
    "image-pull-secret": {"imagePullSecrets": [None]},
    "node-selector-term": {
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [None]
                }
            }
        }
    },
}
REFUSED = {
    "toleration": {"tolerations": [None]},
    "host-alias": {"hostAliases": [None]},
    "volume": {"volumes": [None]},
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_null_item_whose_zero_value_is_valid_passes_every_output(name: str) -> None:
    doc = _pod(**ACCEPTED[name])
    assert [e.message for e in VALIDATOR.iter_errors(doc)] == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        PodSpec.from_dict(doc["spec"])
        fast.PodSpec.from_dict(doc["spec"])


@pytest.mark.parametrize("name", REFUSED)
def test_a_null_item_whose_zero_value_is_invalid_fails_every_output(name: str) -> None:
    doc = _pod(**REFUSED[name])
    assert list(VALIDATOR.iter_errors(doc))
    with pytest.raises(ValidationError):
        PodSpec.from_dict(doc["spec"])
    with pytest.raises(ValidationError):
        fast.PodSpec.from_dict(doc["spec"])
