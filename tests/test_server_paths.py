"""A broken rule is reported at the path the API server names, in its form: a map key
as `requests[cpu]` (field.Path's Key), and where the server passes another path than
the field's (a rule's `serverPath`), that path: `volumeMounts.subPath` without the
item's index, `resizePolicy` for an item's field, `downwardAPI.fieldRef` without the
items, `nodeSelector` for a label's key or value. Each flavour and `validate` agree."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Any

import podspec
import podspec.fast
import pytest
from conftest import CORPUS, corpus_files, load_json
from podspec import _runtime as rt
from podspec.validator import check_text

SEMANTIC = corpus_files("semantic")


def _server_path(name: str) -> str:
    """The path of the server's message in the corpus INDEX, without `spec.`."""
    with (CORPUS / "semantic" / "INDEX.tsv").open(encoding="utf-8") as index:
        row = next(
            r for r in csv.DictReader(index, delimiter="\t") if r["file"] == name
        )
    return row["server_message"].strip('"').split(": ", 1)[0].removeprefix("spec.")


def _paths(flavour: Any, document: Any) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(document)
    return [p.path for p in raised.value.problems]


@pytest.mark.parametrize(
    "flavour", [podspec, podspec.fast], ids=["dataclasses", "fast"]
)
@pytest.mark.parametrize("path", SEMANTIC, ids=lambda p: p.name)
def test_every_semantic_sample_is_reported_at_the_servers_path(
    path: Path, flavour: Any, corpus: Path
) -> None:
    assert _server_path(path.name) in _paths(flavour, load_json(path))


@pytest.mark.parametrize("path", SEMANTIC, ids=lambda p: p.name)
def test_validate_reports_the_servers_path_too(path: Path, corpus: Path) -> None:
    result = check_text(path.name, path.read_text(encoding="utf-8"))
    assert _server_path(path.name) in [f.path for f in result.findings], result.findings


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        # a map key, as field.Path's Key writes it, dots and slashes included
        (
            {"resources": {"limits": {"example.com/gpu": "1.5"}}},
            "containers[0].resources.limits[example.com/gpu]",
        ),
        # serverPath: noIndex (validateLocalDescendingPath gets the list's path)
        (
            {
                "volumeMounts": [
                    {"name": "v", "mountPath": "/a"},
                    {"name": "v", "mountPath": "/b", "subPathExpr": "/abs"},
                ]
            },
            "containers[0].volumeMounts.subPathExpr",
        ),
        # serverPath: list (validateResizePolicy's Invalid(fldPath, ...))
        (
            {
                "resizePolicy": [
                    {"resourceName": "cpu", "restartPolicy": "RestartContainer"}
                ]
            },
            "containers[0].resizePolicy",
        ),
        # serverPath: parent (ValidateLabels reports at the map)
        (
            {"_nodeSelector": {"zone": "us east"}},
            "nodeSelector",
        ),
        # serverPath: host (validateProjectionSources reports at the projected volume)
        (
            {
                "_volumes": [
                    {"name": "v", "emptyDir": {}},
                    {
                        "name": "p",
                        "projected": {
                            "sources": [
                                {
                                    "secret": {
                                        "name": "a",
                                        "items": [{"key": "k", "path": "x"}],
                                    }
                                },
                                {
                                    "configMap": {
                                        "name": "b",
                                        "items": [{"key": "k", "path": "x"}],
                                    }
                                },
                            ]
                        },
                    },
                ]
            },
            "volumes[1].projected",
        ),
    ],
    ids=["map-key", "noIndex", "list", "parent", "host"],
)
def test_each_server_path_form(document: dict[str, Any], expected: str) -> None:
    spec: dict[str, Any] = {
        "restartPolicy": "Never",
        "volumes": [{"name": "v", "emptyDir": {}}],
        "containers": [{"name": "app", "image": "nginx"}],
    }
    for key, value in document.items():
        if key.startswith("_"):
            spec[key[1:]] = value
        else:
            spec["containers"][0][key] = value
    assert expected in _paths(podspec, spec)
    assert expected in _paths(podspec.fast, spec)


def test_the_server_path_forms_cut_where_they_say() -> None:
    path = (((((("", "volumes"), 0), "downwardAPI"), "items"), 2), "fieldRef")
    assert (
        rt.render(rt.server_path(path, "noIndex"))
        == "volumes[0].downwardAPI.items.fieldRef"
    )
    assert (
        rt.render(rt.server_path(path, "noList")) == "volumes[0].downwardAPI.fieldRef"
    )
    assert rt.render(rt.server_path(path, "list")) == "volumes[0].downwardAPI.items"
    assert (
        rt.render(rt.server_path(path, "parent")) == "volumes[0].downwardAPI.items[2]"
    )
    # no index to cut: the path stays as it is
    assert rt.render(rt.server_path(("", "hostPID"), "noIndex")) == "hostPID"
