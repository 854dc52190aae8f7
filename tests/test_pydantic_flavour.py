"""The pydantic flavour (datamodel-code-generator on our schema) agrees with the dataclass SDK.

Differential: every corpus spec and every invalid variant is accepted or rejected by both,
and what both accept they dump to the same dict. Where the flavour cannot express a rule,
the difference is named in KNOWN_DIFFERENCES and asserted to be exactly that.
"""

from __future__ import annotations

import json
import sys
import typing
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import pytest
from conftest import GENERATED, corpus_files, load_json, nulled
from podspec import PodSpec, PodSpecWarning, ValidationError

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic
from podspec_pydantic import rules
from variants import INVALID_VARIANTS

# Rules datamodel-code-generator cannot express from our schema, by variant name. None
# today: the one-source rules it drops from the schema are checked by the flavour's rules
# module, as every rule is.
KNOWN_DIFFERENCES: dict[str, str] = {}


def _dataclass(data: Any) -> dict[str, Any] | None:
    try:
        return PodSpec.from_dict(data).to_dict()
    except ValidationError:
        return None


def _pydantic(data: Any) -> dict[str, Any] | None:
    try:
        # by_name=False: documents use wire names only, as the API does. (The models
        # also accept snake_case names from Python code: populate_by_name.)
        model = podspec_pydantic.PodSpec.model_validate(
            data, by_alias=True, by_name=False
        )
    except pydantic.ValidationError:
        return None
    dumped: dict[str, Any] = model.model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    return dumped


Verdict = tuple[dict[str, Any] | None, list[tuple[str, Any]]]


def _warned(
    parse: Callable[[Any], dict[str, Any] | None], data: Any, category: type[Warning]
) -> Verdict:
    """The dump (None when rejected), and the warnings issued on the way: the rules'
    (`category`) and the deprecated fields', each with its path."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dumped = parse(data)
    return dumped, [
        (str(w.message), getattr(w.message, "path", None))
        for w in caught
        if issubclass(w.category, (category, DeprecationWarning))
    ]


def _verdicts(data: Any) -> tuple[Verdict, Verdict]:
    return (
        _warned(_dataclass, data, PodSpecWarning),
        _warned(_pydantic, data, rules.PodSpecWarning),
    )


ALL_CORPUS = (
    corpus_files("valid") + corpus_files("invalid") + corpus_files("upstream_rejects")
)


@pytest.mark.parametrize(
    "path", ALL_CORPUS, ids=lambda p: f"{p.parent.name}/{p.name[:50]}"
)
def test_corpus_verdicts_and_dumps_agree(path: Path) -> None:
    data = load_json(path)
    (ours, ours_warned), (theirs, theirs_warned) = _verdicts(data)
    assert (ours is None) == (theirs is None)
    assert ours == theirs
    assert ours_warned == theirs_warned
    if path.parent.name == "valid" and ours is not None:
        assert ours == data


# The median-sized valid corpus specs: every null put in them, each a case of its own.
NULLED = sorted(corpus_files("valid"), key=lambda p: (p.stat().st_size, p.name))[
    100:130
]


@pytest.mark.parametrize("path", NULLED, ids=lambda p: p.name[:50])
def test_a_null_anywhere_gets_the_dataclass_sdk_s_verdict_and_dump(path: Path) -> None:
    variants = nulled(load_json(path))
    assert variants
    for data in variants:
        (ours, ours_warned), (theirs, theirs_warned) = _verdicts(data)
        assert ours == theirs, data
        assert ours_warned == theirs_warned, data
        assert _from_json_or_none(json.dumps(data)) == theirs, data


def _from_json_or_none(text: str) -> dict[str, Any] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _from_json(text)
        except pydantic.ValidationError:
            return None


@pytest.mark.filterwarnings("ignore:.*invalid empty name")  # the null pull secret's
def test_a_null_item_or_map_value_is_its_zero_value() -> None:
    """The pydantic models refused these; the server and the SDK read the zeros."""
    pod = {
        "containers": [
            {
                "name": "app",
                "image": "nginx",
                "args": [None],
                "resources": {"limits": {"cpu": None}},
            }
        ],
        "nodeSelector": {"role": None},
        "imagePullSecrets": [None],
    }
    zeros = {
        "containers": [
            {
                "name": "app",
                "image": "nginx",
                "args": [""],
                "resources": {"limits": {"cpu": "0"}},
            }
        ],
        "nodeSelector": {"role": ""},
        "imagePullSecrets": [{}],
    }
    assert _pydantic(pod) == _dataclass(pod) == zeros
    assert _from_json(json.dumps(pod)) == zeros
    # A null that reads as a zero value the server refuses is refused, by its rule.
    with pytest.raises(pydantic.ValidationError) as refused:
        podspec_pydantic.PodSpec.model_validate({**pod, "tolerations": [None]})
    (error,) = refused.value.errors()
    assert error["ctx"]["rule"] == "toleration-empty-key-requires-exists"
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"tier": None}},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod},
        },
    }
    model = podspec_pydantic.Deployment.model_validate(deployment)
    assert model.metadata is not None and model.metadata.labels == {"tier": ""}


DEPRECATED_FIELDS: dict[str, Any] = {
    "containers": [
        {
            "name": "app",
            "image": "nginx",
            "lifecycle": {"preStop": {"tcpSocket": {"port": 80}}},
        }
    ],
    "serviceAccount": "builder",
    "volumes": [
        {"name": "repo", "gitRepo": {"repository": "r"}},
        {"name": "f", "flocker": {"datasetName": "d"}},
    ],
}


def test_deprecated_fields_warn_as_in_the_dataclass_sdk_with_their_paths() -> None:
    (ours, ours_warned), (theirs, theirs_warned) = _verdicts(DEPRECATED_FIELDS)
    assert ours is not None and ours == theirs
    deprecations = [path for _, path in ours_warned if path is not None]
    assert deprecations == [
        "containers[0].lifecycle.preStop.tcpSocket",
        "serviceAccount",
        "volumes[0].gitRepo",
        "volumes[1].flocker",
        "volumes[1].flocker.datasetName",
    ]
    assert theirs_warned == ours_warned
    # From JSON, and in a document the rules refuse: warned all the same, once.
    text = json.dumps(DEPRECATED_FIELDS)
    assert _warned(_from_json, text, rules.PodSpecWarning)[1] == theirs_warned
    refused = {**DEPRECATED_FIELDS, "hostNetwork": True, "hostUsers": False}
    deprecated = [warned for warned in ours_warned if warned[1] is not None]
    assert _warned(_dataclass, refused, PodSpecWarning) == (None, deprecated)
    assert _warned(_pydantic, refused, rules.PodSpecWarning) == (None, deprecated)


def test_json_the_sdk_reads_is_read_by_model_validate_json_too() -> None:
    # pydantic's parser refuses an escaped lone surrogate, which json.dumps writes.
    spec = {"containers": [{"name": "a", "image": "b", "args": ["\ud800"]}]}
    text = json.dumps(spec)
    assert _from_json(text) == _pydantic(spec) == _dataclass(spec) == spec
    for broken in ('{"containers": [', text.replace('"b"', "NaN")):
        with pytest.raises(pydantic.ValidationError) as refused:
            podspec_pydantic.PodSpec.model_validate_json(broken)
        assert refused.value.errors()[0]["type"] == "json_invalid"


def _from_json(text: str) -> dict[str, Any] | None:
    model = podspec_pydantic.PodSpec.model_validate_json(text)
    dumped: dict[str, Any] = model.model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    return dumped


@pytest.mark.parametrize("name", sorted(INVALID_VARIANTS))
def test_invalid_variants_are_rejected_by_both(name: str) -> None:
    (ours, _), (theirs, _) = _verdicts(INVALID_VARIANTS[name])
    assert ours is None
    if name in KNOWN_DIFFERENCES:
        assert (
            theirs is not None
        ), f"{name}: now rejected; drop it from KNOWN_DIFFERENCES"
    else:
        assert theirs is None


@pytest.mark.parametrize("text", ["1Gi\n", "500m\n"])
def test_a_pattern_does_not_end_before_a_last_newline(text: str) -> None:
    # Python's `$` matches before a final "\n"; the server refuses such a quantity.
    spec = {
        "containers": [
            {"name": "app", "image": "nginx", "resources": {"limits": {"cpu": text}}}
        ]
    }
    with pytest.raises(ValidationError):
        PodSpec.from_dict(spec)
    with pytest.raises(pydantic.ValidationError, match="pattern"):
        podspec_pydantic.PodSpec.model_validate(spec)
    spec["containers"][0]["resources"]["limits"]["cpu"] = text.strip()
    podspec_pydantic.PodSpec.model_validate(spec)


def test_aliases_are_wire_names_and_enums_survive() -> None:
    fields = podspec_pydantic.Container.model_fields
    assert fields["image_pull_policy"].alias == "imagePullPolicy"
    assert podspec_pydantic.PodSpec.model_fields["host_ipc"].alias == "hostIPC"
    literal, none = typing.get_args(fields["image_pull_policy"].annotation)
    assert none is type(None)
    assert set(typing.get_args(literal)) == {"", "Always", "IfNotPresent", "Never"}


def test_a_document_s_keys_are_wire_names_and_python_code_s_are_python_names() -> None:
    """A manifest with `volume_mounts` has an unknown field to the API server."""
    snake = {"name": "app", "image": "nginx", "image_pull_policy": "Always"}
    for validate in (
        podspec_pydantic.Container.model_validate,
        lambda d: podspec_pydantic.Container.model_validate_json(json.dumps(d)),
    ):
        with pytest.raises(pydantic.ValidationError, match="image_pull_policy"):
            validate(snake)
        wire = {"name": "app", "image": "nginx", "imagePullPolicy": "Always"}
        assert validate(wire).image_pull_policy == "Always"
    with pytest.raises(pydantic.ValidationError, match="image_pull_policy"):
        podspec_pydantic.PodSpec.model_validate({"containers": [snake]})
    assert podspec_pydantic.Container(**snake).image_pull_policy == "Always"


def test_flavour_has_no_timestamp_and_records_its_inputs() -> None:
    text = (GENERATED / "pydantic" / "podspec_pydantic" / "__init__.py").read_text()
    assert text.startswith("# podspec-gen: structure sha256=")
    header = text.split("from __future__", 1)[0]
    assert "timestamp" not in header.lower() and "2026" not in header


def test_unchanged_structure_reuses_the_flavour_without_running_codegen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from podspec_gen import cache
    from podspec_gen.render import pydantic as pydantic_flavour

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    schema = (GENERATED / pydantic_flavour.SCHEMA).read_text(encoding="utf-8")
    committed = (GENERATED / pydantic_flavour.OUTPUT).read_text(encoding="utf-8")
    calls: list[str] = []

    class FakeCodegen:
        def __init__(self, text: str, options: tuple[str, ...]) -> None:
            assert options[: len(pydantic_flavour.OPTIONS)] == pydantic_flavour.OPTIONS
            calls.append(text)

        def wait(self) -> str:
            return committed.partition("\n")[2]

        def cancel(self) -> None:
            raise AssertionError("nothing to cancel")

    monkeypatch.setattr(pydantic_flavour, "launch", FakeCodegen)

    # A cold cache runs codegen once; the result carries the key in its header.
    assert pydantic_flavour.render(schema)[pydantic_flavour.OUTPUT] == committed
    assert len(calls) == 1

    # A description edit does not change the structure: reused, no codegen run.
    edited = schema.replace('"description": "', '"description": "Edited. ', 1)
    assert pydantic_flavour.render(edited)[pydantic_flavour.OUTPUT] == committed
    assert len(calls) == 1

    # A damaged cache entry is noticed through its body hash: regenerated.
    (entry,) = cache.folder(pydantic_flavour.CACHE).iterdir()
    entry.write_text(committed + "x = 1\n", encoding="utf-8")
    assert pydantic_flavour.render(schema)[pydantic_flavour.OUTPUT] == committed
    assert len(calls) == 2

    # A structural change (a new enum value) is regenerated too.
    widened = schema.replace('"IfNotPresent"', '"IfNotPresent", "Sometimes"', 1)
    pydantic_flavour.render(widened)
    assert len(calls) == 3 and '"Sometimes"' in calls[2]


def test_codegen_pin_matches_pyproject() -> None:
    import tomllib

    from conftest import PROJECT

    from podspec_gen.render import pydantic as pydantic_flavour

    deps = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"][
        "dependencies"
    ]
    assert f"datamodel-code-generator=={pydantic_flavour.CODEGEN_VERSION}" in deps


def test_a_missing_or_wrong_codegen_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from podspec_gen.render.pydantic import codegen

    monkeypatch.setattr(codegen, "_installed_version", lambda: None)
    with pytest.raises(codegen.PydanticError, match="it is not installed"):
        codegen.launch("{}", ())
    monkeypatch.setattr(codegen, "_installed_version", lambda: "0.1.0")
    with pytest.raises(codegen.PydanticError, match=r"==0\.89\.0 \(found 0\.1\.0\)"):
        codegen.launch("{}", ())


@pytest.mark.parametrize(
    "path", corpus_files("valid")[::10], ids=lambda p: p.stem.split("__")[-1]
)
def test_repr_shows_what_is_set_as_the_sdk_does_and_evaluates_back(path: Path) -> None:
    data = load_json(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = podspec_pydantic.PodSpec.model_validate(data)
        except pydantic.ValidationError:
            # The corpus's two `protocol: tcp` specs, which the server refuses.
            assert _dataclass(data) is None
            return
        shown = repr(model)
        assert shown == repr(PodSpec.from_dict(data))
        assert "=None" not in shown
        assert eval(shown, vars(podspec_pydantic)) == model
