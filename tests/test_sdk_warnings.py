"""Every warning the SDK issues points at the line of the user's code that called it.

A warning whose location is inside the package cannot be silenced by module, and the
user is shown the SDK's line instead of their own. The manifest loaders warn after a
walk of any depth, and `podspec.fast` reaches them through the shared walks, so each
entry point is called from a lambda of this file and the warning must name that line.
Run against the compiled build too (tests/test_sdk_compiled.py).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from podspec import PodSpec, PodSpecWarning, ValidationError, fast, manifests

# A memory limit in millibytes: valid, but the API server warns about it.
WARNED_SPEC: dict[str, Any] = {
    "containers": [
        {
            "name": "app",
            "image": "nginx",
            "resources": {"limits": {"memory": "1500m"}},
        }
    ]
}
DEPRECATED_SPEC: dict[str, Any] = {
    "containers": [{"name": "app", "image": "nginx"}],
    "serviceAccount": "builder",
}
DEPLOYMENT: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web"},
    "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": WARNED_SPEC},
    },
}
OLD_DEPLOYMENT = {"apiVersion": "example.com/v1", "kind": "Deployment", "spec": {}}
YAML = yaml.safe_dump(DEPLOYMENT)


def _points_at_caller(call: Callable[[], Any], category: type[Warning]) -> None:
    """`call` (a one-line lambda of this file) warns `category` once, at its line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    found = [w for w in caught if issubclass(w.category, category)]
    assert len(found) == 1, [str(w.message) for w in caught]
    assert (found[0].filename, found[0].lineno) == (
        __file__,
        call.__code__.co_firstlineno,
    )


@pytest.mark.parametrize(
    "load", [manifests.load_manifests, fast.load_manifests], ids=["dataclasses", "fast"]
)
def test_the_servers_warning_from_load_manifests(load: Callable[[Any], Any]) -> None:
    _points_at_caller(lambda: load([DEPLOYMENT]), PodSpecWarning)


def test_the_servers_warning_from_load_manifests_of_yaml_text() -> None:
    _points_at_caller(lambda: manifests.load_manifests(YAML), PodSpecWarning)


@pytest.mark.parametrize(
    "load", [manifests.load_manifests, fast.load_manifests], ids=["dataclasses", "fast"]
)
def test_an_unmodelled_api_version_warns_at_the_caller(
    load: Callable[[Any], Any],
) -> None:
    _points_at_caller(lambda: load([OLD_DEPLOYMENT]), manifests.UncheckedWarning)


@pytest.mark.parametrize(
    "find",
    [manifests.pod_specs, manifests.pod_specs_from_yaml, fast.pod_specs_from_yaml],
    ids=["pod_specs", "pod_specs_from_yaml", "fast"],
)
def test_the_servers_warning_from_the_pod_spec_finders(
    find: Callable[[Any], Any],
) -> None:
    source: Any = [DEPLOYMENT] if find is manifests.pod_specs else YAML
    _points_at_caller(lambda: find(source), PodSpecWarning)


@pytest.mark.parametrize("cls", [manifests.KINDS["Deployment"], fast.Deployment])
def test_the_servers_warning_from_a_kinds_from_dict(cls: Any) -> None:
    _points_at_caller(lambda: cls.from_dict(DEPLOYMENT), PodSpecWarning)


@pytest.mark.parametrize(
    "parse",
    [PodSpec.from_dict, fast.PodSpec.from_dict],
    ids=["dataclasses", "fast"],
)
def test_a_deprecated_field_in_from_dict_warns_at_the_caller(
    parse: Callable[[Any], Any],
) -> None:
    _points_at_caller(lambda: parse(DEPRECATED_SPEC), DeprecationWarning)


def test_a_deprecated_field_in_a_manifest_warns_at_the_caller() -> None:
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}
    pod["spec"] = DEPRECATED_SPEC
    _points_at_caller(lambda: manifests.load_manifests(pod), DeprecationWarning)


def test_the_fast_json_path_warns_at_the_caller() -> None:
    text = json.dumps(DEPRECATED_SPEC).encode()
    _points_at_caller(lambda: fast.PodSpec.from_json(text), DeprecationWarning)


def test_a_deprecated_field_in_a_manifest_names_its_path() -> None:
    spec = {
        **DEPRECATED_SPEC,
        "volumes": [{"name": "d", "gitRepo": {"repository": "r"}}],
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        PodSpec.from_dict(spec)
    paths = {getattr(w.message, "path", None) for w in caught}
    assert {"serviceAccount", "volumes[0].gitRepo"} <= paths


def _deprecations(call: Callable[[], Any]) -> list[tuple[str, Any, bool]]:
    """Each DeprecationWarning's text, path, and whether it points at `call`'s line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    line = call.__code__.co_firstlineno
    return [
        (str(w.message), getattr(w.message, "path", None), w.lineno == line)
        for w in caught
        if issubclass(w.category, DeprecationWarning)
    ]


def test_both_flavours_give_the_deprecations_alike_with_their_paths() -> None:
    # podspec.fast's Structs warn from __post_init__, innermost first and with no
    # path; its parsers give the dataclass SDK's warnings instead.
    spec = {
        **DEPRECATED_SPEC,
        "volumes": [{"name": "d", "gitRepo": {"repository": "r"}}],
    }
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}
    text = json.dumps(spec).encode()
    expected = _deprecations(lambda: PodSpec.from_dict(spec))
    assert [(path, here) for _, path, here in expected] == [
        ("serviceAccount", True),
        ("volumes[0].gitRepo", True),
    ]
    assert _deprecations(lambda: fast.PodSpec.from_dict(spec)) == expected
    assert _deprecations(lambda: fast.PodSpec.from_json(text)) == expected
    in_pod = _deprecations(lambda: manifests.load_manifests([pod]))
    assert [path for _, path, _ in in_pod] == [
        "[0].spec.serviceAccount",
        "[0].spec.volumes[0].gitRepo",
    ]
    assert _deprecations(lambda: fast.load_manifests([pod])) == in_pod


def _rejected(parse: Callable[[], Any]) -> Callable[[], Any]:
    def call() -> None:
        with pytest.raises(ValidationError):
            parse()

    return call


@pytest.mark.parametrize(
    "broken",
    [
        {"containers": [{"name": "app"}]},  # a field error: no image
        {"containers": [{"name": "app", "image": "a"}, {"name": "app", "image": "b"}]},
    ],
    ids=["field", "rule"],
)
def test_a_rejected_manifest_gives_its_deprecations_once(
    broken: dict[str, Any],
) -> None:
    # podspec.fast reports a rejected manifest with the dataclass SDK's full report,
    # a second parse that must not warn again.
    spec = {**broken, "serviceAccount": "builder"}
    text = json.dumps(spec).encode()
    expected = _deprecations(_rejected(lambda: PodSpec.from_dict(spec)))
    assert [path for _, path, _ in expected] == ["serviceAccount"]
    assert _deprecations(_rejected(lambda: fast.PodSpec.from_dict(spec))) == expected
    assert _deprecations(_rejected(lambda: fast.PodSpec.from_json(text))) == expected


def test_a_deprecated_field_set_in_python_warns_once_without_a_path() -> None:
    for flavour in (PodSpec, fast.PodSpec):
        (found,) = _deprecations(
            lambda: flavour(containers=[], service_account="builder")  # noqa: B023
        )
        assert found[1] is None
