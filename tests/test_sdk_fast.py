"""The msgspec flavour (`podspec.fast`) agrees with the dataclass SDK it accelerates.

Differential: every corpus spec, every invalid variant and arbitrary JSON-like input to
every class get the same verdict from both; what both reject raises the same
ValidationError (the flavour hands rejected input to the dataclass SDK for the full
report); what both accept dumps to the same dict. The one difference, by design: an
explicit null reads as unset and is not written back (`_forget_nulls`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import msgspec
import podspec
import pytest
import yaml
from conftest import SDK_IMPORT, SPEC, TEMPLATES, corpus_files, load_json
from hypothesis import HealthCheck, given, settings
from podspec import ValidationError, fast
from test_sdk_properties import json_like, keys
from variants import INVALID_VARIANTS

from podspec_gen.model.build import read_spec
from podspec_gen.render import fast as render_fast
from podspec_gen.render import python as render_python
from podspec_gen.render.run import render

MODEL = read_spec(SPEC)
OBJECT_TYPES = [t for t in MODEL.types if t.is_object]


def _forget_nulls(obj: Any) -> None:
    """Drop the explicit nulls a dataclass SDK object remembers, to dump as fast does."""
    if dataclasses.is_dataclass(obj):
        obj._raw = None  # type: ignore[union-attr]
        for f in dataclasses.fields(obj):
            if f.init:
                _forget_nulls(getattr(obj, f.name))
    elif isinstance(obj, list):
        for item in obj:
            _forget_nulls(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            _forget_nulls(item)


def _parse(module: Any, name: str, data: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return getattr(module, name).from_dict(data)
        except ValidationError as exc:
            return exc


def assert_agree(name: str, data: Any) -> Any:
    """Both flavours give the same verdict, report and dump; returns the fast object."""
    ours, theirs = _parse(podspec, name, data), _parse(fast, name, data)
    if isinstance(ours, ValidationError):
        assert isinstance(theirs, ValidationError), "fast accepted what podspec rejects"
        assert theirs.problems == ours.problems
        return None
    assert not isinstance(
        theirs, ValidationError
    ), f"fast rejected valid input: {theirs}"
    _forget_nulls(ours)
    assert theirs.to_dict() == ours.to_dict()
    return theirs


ALL_CORPUS = (
    corpus_files("valid") + corpus_files("invalid") + corpus_files("upstream_rejects")
)


@pytest.mark.parametrize(
    "path", ALL_CORPUS, ids=lambda p: f"{p.parent.name}/{p.name[:50]}"
)
def test_corpus_verdicts_reports_and_dumps_agree(path: Path) -> None:
    data = load_json(path)
    pod = assert_agree("PodSpec", data)
    if pod is not None and "null" not in path.read_text(encoding="utf-8"):
        assert pod.to_dict() == data  # lossless wherever no explicit null is given


@pytest.mark.parametrize("name", sorted(INVALID_VARIANTS))
def test_invalid_variants_are_rejected_with_the_same_report(name: str) -> None:
    assert assert_agree("PodSpec", INVALID_VARIANTS[name]) is None


@pytest.mark.parametrize("t", OBJECT_TYPES, ids=lambda t: t.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_like(keys))
def test_every_class_agrees_on_arbitrary_input(t: Any, data: Any) -> None:
    assert_agree(t.name, data)


@settings(max_examples=200, deadline=None)
@given(data=json_like(keys))
def test_podspec_agrees_on_arbitrary_documents(data: Any) -> None:
    assert_agree("PodSpec", data)


@pytest.mark.parametrize("t", OBJECT_TYPES, ids=lambda t: t.name)
def test_classes_mirror_the_dataclass_sdk(t: Any) -> None:
    cls = getattr(fast, t.name)
    fields = msgspec.structs.fields(cls)
    assert [f.name for f in fields] == [f.python_name for f in t.fields]
    assert [f.encode_name for f in fields] == [f.wire_name for f in t.fields]
    assert {f.name for f in fields if f.required} == {
        f.python_name for f in t.fields if f.must_be_set and not f.const
    }
    for f in t.fields:
        if f.const:  # as in the dataclass SDK; from_dict refuses a document without it
            assert next(x for x in fields if x.name == f.python_name).default == f.const


def test_a_report_lists_every_problem_with_its_path() -> None:
    data = {
        "containers": [{"name": "web", "image": "nginx", "imagePullPolice": "Always"}],
        "hostNetwork": "yes",
    }
    with pytest.raises(ValidationError) as caught:
        fast.PodSpec.from_dict(data)
    assert [str(p) for p in caught.value.problems] == [
        "containers[0].imagePullPolice: unknown field (did you mean 'imagePullPolicy'?)",
        "hostNetwork: expected a boolean, got a string",
    ]


def test_rules_msgspec_cannot_state_are_checked_at_every_depth() -> None:
    volume = {"name": "v", "emptyDir": {}, "hostPath": {"path": "/"}}
    one_type = "hostPath: Forbidden: may not specify more than 1 volume type"
    with pytest.raises(ValidationError, match=f"volumes\\[0\\].{one_type}"):
        fast.PodSpec.from_dict({"containers": [{"name": "a"}], "volumes": [volume]})
    with pytest.raises(ValidationError, match=one_type):
        fast.Volume.from_dict(volume)
    label = 'name: Invalid value: "Web": a lowercase RFC 1123 label'
    with pytest.raises(ValidationError, match=label):
        fast.Container.from_dict({"name": "Web"})
    # ECMA-262's `$`, as the schema means it: not before a final newline.
    with pytest.raises(ValidationError, match="a lowercase RFC 1123 label"):
        fast.Container.from_dict({"name": "web\n"})


def test_construction_is_unchecked_as_in_the_dataclass_sdk() -> None:
    odd = fast.Container(name="Not A Label", image="x")
    assert odd.to_dict() == podspec.Container(name="Not A Label", image="x").to_dict()
    with pytest.raises(ValidationError, match="a lowercase RFC 1123 label"):
        fast.Container.from_dict(odd.to_dict())


def test_deprecated_fields_warn_as_in_the_dataclass_sdk() -> None:
    volume = {"name": "repo", "gitRepo": {"repository": "https://example.com/r.git"}}
    with pytest.warns(DeprecationWarning) as theirs:
        fast.Volume.from_dict(volume)
    with pytest.warns(DeprecationWarning) as ours:
        podspec.Volume.from_dict(volume)
    assert [str(w.message) for w in theirs] == [str(w.message) for w in ours]
    with pytest.warns(DeprecationWarning, match="serviceAccountName"):
        fast.PodSpec(containers=[], service_account="old")
    handler = {"tcpSocket": {"port": 80}}
    with pytest.warns(DeprecationWarning, match="TCPSocket is not supported"):
        fast.LifecycleHandler.from_dict(handler)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast.Probe.from_dict(handler)  # the same type in a field that is not deprecated


def test_an_explicit_null_reads_as_unset_and_is_not_written_back() -> None:
    data = {"containers": [{"name": "a", "image": "b"}], "hostname": None}
    pod = fast.PodSpec.from_dict(data)
    assert pod.hostname is None
    assert pod.to_dict() == {"containers": [{"name": "a", "image": "b"}]}
    assert podspec.PodSpec.from_dict(data).to_dict() == data  # kept by the other


def test_yaml_helpers_match_the_dataclass_sdk() -> None:
    text = "containers:\n- name: web\n  image: nginx\n  ports:\n  - containerPort: 80\n"
    assert (
        fast.PodSpec.from_yaml(text).to_yaml()
        == podspec.PodSpec.from_yaml(text).to_yaml()
    )
    with pytest.raises(ValidationError, match="expected one YAML document, got 2"):
        fast.PodSpec.from_yaml(text + "---\n" + text)


def test_a_disagreement_still_raises_with_the_first_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Accepting:
        class PodSpec:
            @staticmethod
            def from_dict(data: Any) -> None:
                return None

            @staticmethod
            def _parse(data: Any, path: str, errors: list[Any], lenient: bool) -> Any:
                # Reads the input as it is: nothing for this flavour to build instead.
                return types.SimpleNamespace(to_dict=lambda: data)

    monkeypatch.setattr(fast, "_checked", Accepting)
    with pytest.raises(ValidationError) as caught:
        fast.PodSpec.from_dict({"containers": [{"name": "a", "imagePullPolicy": "No"}]})
    (problem,) = caught.value.problems
    assert problem.path == "containers[0].imagePullPolicy"


def test_without_msgspec_the_import_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['msgspec'] = None; import podspec\n"
        "try:\n    import podspec.fast\nexcept ImportError as exc:\n    print(exc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(SDK_IMPORT)},
    )
    assert "pip install 'podspec-sdk[fast]'" in result.stdout


def test_a_tuple_for_a_list_is_a_known_difference() -> None:
    # Not JSON, so no manifest holds one: msgspec takes any array-like for a list,
    # the dataclass SDK only a list.
    data = {"containers": ({"name": "a", "image": "b"},)}
    with pytest.raises(ValidationError, match="expected a list, got tuple"):
        podspec.PodSpec.from_dict(data)
    pod = fast.PodSpec.from_dict(data)
    assert pod.to_dict() == {"containers": [{"name": "a", "image": "b"}]}


def test_the_manifest_loader_finds_the_same_pod_specs() -> None:
    from podspec import manifests
    from test_sdk_features import MANIFEST

    def seen(found: list[Any]) -> list[tuple[Any, ...]]:
        return [(f.document, f.kind, f.name, f.path, f.spec.to_dict()) for f in found]

    found = fast.pod_specs_from_yaml(MANIFEST)
    assert all(isinstance(f.spec, fast.PodSpec) for f in found)
    assert seen(found) == seen(manifests.pod_specs_from_yaml(MANIFEST))
    broken = MANIFEST.replace("image: nginx", "image: nginx, imagePullPolicy: No")
    broken = broken.replace("name: app, image: app", "name: app")
    with pytest.raises(ValidationError) as theirs:
        fast.pod_specs_from_yaml(broken)
    with pytest.raises(ValidationError) as ours:
        manifests.pod_specs_from_yaml(broken)
    assert theirs.value.problems == ours.value.problems
    assert len(ours.value.problems) == 2


# Rules the real spec gives no field yet, added to a copy of it: a bounded number (with
# fractional bounds, which msgspec takes on its float alternative only), an optional
# string with a pattern, and objects with rules of their own in a list of lists.
EXTRA_FIELDS = {
    "testRatio": {
        "type": "number",
        "description": "A ratio.",
        "minimum": 0.5,
        "maximum": 2.5,
    },
    "testTag": {"type": "string", "description": "A tag.", "pattern": "^t"},
    "testGrid": {"type": "list[list[Volume]]", "description": "Volumes in rows."},
}
EXTRA_VALUES: list[tuple[str, object]] = [
    *(("testRatio", v) for v in (0, 1, 2, 3, 0.4, 2.5)),
    *(("testTag", v) for v in ("tx", "x")),
    (
        "testGrid",
        [[{"name": "a"}], [{"name": "b", "nfs": {"server": "s", "path": "/"}}]],
    ),
    ("testGrid", [[{"name": "a"}, {"name": "B"}]]),
    ("testGrid", [[{"name": "a", "emptyDir": {}, "secret": {}}]]),
]
VERDICTS = """
import json, sys
import podspec
from podspec import fast

def verdict(module, data):
    try:
        return module.Container.from_dict(data).to_dict()
    except podspec.ValidationError as exc:
        return [[p.path, p.message] for p in exc.problems]

inputs = json.loads(sys.argv[1])
print(json.dumps([[verdict(podspec, d), verdict(fast, d)] for d in inputs]))
"""


def test_rules_the_spec_does_not_use_yet_agree_too(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    source = spec / "container.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["types"]["Container"]["fields"].update(EXTRA_FIELDS)
    source.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    files = render(
        read_spec(spec),
        TEMPLATES,
        outputs=(render_python, render_fast),
        pydantic=False,
    )
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    inputs = [{"name": "a", "image": "b", key: v} for key, v in EXTRA_VALUES]
    result = subprocess.run(
        [sys.executable, "-c", VERDICTS, json.dumps(inputs)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "python")},
    )
    verdicts = json.loads(result.stdout)
    for (key, value), (ours, theirs) in zip(EXTRA_VALUES, verdicts, strict=True):
        assert theirs == ours, (key, value)
    accepted = [
        value
        for (_, value), (ours, _) in zip(EXTRA_VALUES, verdicts, strict=True)
        if isinstance(ours, dict)
    ]
    assert accepted == [1, 2, 2.5, "tx", EXTRA_VALUES[-3][1]]


def test_parsed_structs_cost_the_collector_nothing() -> None:
    """A manifest is a tree, so the Structs skip the collector's header and passes:
    part of why the flavour keeps less memory per pod than lightkube."""
    import gc

    spec = fast.PodSpec.from_dict(
        {"containers": [{"name": "a", "image": "a", "ports": [{"containerPort": 80}]}]}
    )
    assert not gc.is_tracked(spec)
    assert not gc.is_tracked(spec.containers[0].ports[0])  # type: ignore[index]
