"""A volume's item paths warn as warnings.go's checkForOverlap warns: when one is an
ancestor of another at a '/' ("a" and "a/b") or equal, in either order, in both
flavours; paths that merely share a prefix ("config" and "config2") pass quietly."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from podspec import PodSpec, PodSpecWarning, fast


def _spec(source: str, paths: list[str]) -> dict[str, Any]:
    if source == "downwardAPI":
        items = [{"path": p, "fieldRef": {"fieldPath": "metadata.name"}} for p in paths]
        volume: dict[str, Any] = {"items": items}
    else:
        items = [{"key": f"k{i}", "path": p} for i, p in enumerate(paths)]
        named = {"secret": "secretName", "configMap": "name"}[source]
        volume = {named: "settings", "items": items}
    return {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [{"name": "conf", source: volume}],
    }


def _warned(parse: Any, spec: dict[str, Any]) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse(spec)
    return [str(w.message) for w in caught if issubclass(w.category, PodSpecWarning)]


SOURCES = ("secret", "configMap", "downwardAPI")
RULES = {"secret": "secret", "configMap": "config-map", "downwardAPI": "downward-api"}
PARSERS = {"dataclasses": PodSpec.from_dict, "fast": fast.PodSpec.from_dict}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("flavour", sorted(PARSERS))
@pytest.mark.parametrize(
    "paths",
    [["a", "a/b"], ["a/b", "a"], ["a/", "a"], ["x", "y", "x"]],
)
def test_a_path_above_another_warns_at_the_later_item(
    source: str, flavour: str, paths: list[str]
) -> None:
    found = _warned(PARSERS[flavour], _spec(source, paths))
    later = len(paths) - 1
    rule = f"warn-{RULES[source]}-items-overlapping-paths"
    assert found == [f"volumes[0].{source}.items[{later}]: overlapping paths [{rule}]"]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("flavour", sorted(PARSERS))
@pytest.mark.parametrize(
    "paths",
    [
        ["conf-a", "conf-b", "b/conf-a"],
        ["a.b", "axb/c"],
        ["a+", "aa"],
        ["config", "config2"],
        ["a/b", "a/bc"],
    ],
)
def test_paths_with_no_common_ancestor_pass_quietly(
    source: str, flavour: str, paths: list[str]
) -> None:
    # A path is compared as written (`.` and `+` are no regex operators here), and a
    # shared prefix is no overlap unless it ends at a '/'.
    assert _warned(PARSERS[flavour], _spec(source, paths)) == []


@pytest.mark.parametrize("flavour", sorted(PARSERS))
def test_a_path_warns_for_each_earlier_path_it_overlaps(flavour: str) -> None:
    # checkForOverlap collects every earlier path; each is a warning of its own.
    found = _warned(PARSERS[flavour], _spec("secret", ["a", "a/b", "a/b/c"]))
    assert [message.split(":")[0] for message in found] == [
        "volumes[0].secret.items[1]",
        "volumes[0].secret.items[2]",
        "volumes[0].secret.items[2]",
    ]


@pytest.mark.parametrize("flavour", sorted(PARSERS))
def test_projected_paths_that_prefix_one_another_warn_across_sources(
    flavour: str,
) -> None:
    sources = [
        {"configMap": {"name": "settings", "items": [{"key": "k", "path": "conf"}]}},
        {"serviceAccountToken": {"path": "conf/token"}},
        {"secret": {"name": "tls", "items": [{"key": "crt", "path": "tls.crt"}]}},
    ]
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [{"name": "all", "projected": {"sources": sources}}],
    }
    found = _warned(PARSERS[flavour], spec)
    assert len(found) == 1
    assert found[0].endswith("overlapping paths [warn-projected-overlapping-paths]")
    del sources[1]
    assert _warned(PARSERS[flavour], spec) == []
