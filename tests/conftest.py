"""Shared fixtures: project paths, the generated SDK on sys.path, the shared corpus."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from podspec_gen.model.build import read_spec
from podspec_gen.model.types import Spec

PROJECT = Path(__file__).resolve().parent.parent
SPEC = PROJECT / "spec"
TEMPLATES = PROJECT / "templates"
GENERATED = PROJECT / "generated"
SDK = GENERATED / "python"
SCHEMA = GENERATED / "jsonschema" / "podspec.schema.json"
CORPUS = PROJECT.parent / "shared" / "corpus"

# The SDK under test: the generated source, or another build of it named by
# PODSPEC_SDK_PATH (the compiled one, see test_sdk_compiled.py).
SDK_IMPORT = Path(os.environ.get("PODSPEC_SDK_PATH") or SDK)
if str(SDK_IMPORT) not in sys.path:
    sys.path.insert(0, str(SDK_IMPORT))


# Outside tools the suite could not find, announced again after the summary: a skipped
# tool means a whole product went unchecked, which must not pass unnoticed.
MISSING_TOOLS: dict[str, str] = {}


def tool_required(name: str, available: bool, hint: str) -> pytest.MarkDecorator:
    """A skip mark for tests that need an outside tool (Node.js, Chromium, kubectl):
    they skip, loudly, when it is absent, and never error."""
    if not available:
        MISSING_TOOLS[name] = hint
    return pytest.mark.skipif(
        not available, reason=f"{name.upper()} IS NOT AVAILABLE: {hint}"
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for name, hint in sorted(MISSING_TOOLS.items()):
        terminalreporter.write_line(
            f"*** {name} is not available: its tests were SKIPPED ({hint}) ***",
            yellow=True,
            bold=True,
        )


@functools.cache
def model() -> Spec:
    """The model of the project's spec, built once per session for every test module
    (also at collection time, where tests parametrize over its types)."""
    return read_spec(SPEC)


@pytest.fixture(scope="session")
def spec_model() -> Spec:
    return model()


def corpus_files(kind: str) -> list[Path]:
    folder = CORPUS / kind
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(
            "../shared/corpus is absent (it ships beside the project, not in it)"
        )
    return CORPUS


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = load_json(SCHEMA)
    return data


@pytest.fixture(scope="session")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """The generated schema, as any JSON Schema validator reads it."""
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def no_warnings() -> Iterator[None]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def nulled(data: Any) -> list[Any]:
    """`data` with each of its list items and object or map values set to null in
    turn: to the API server a null item or map value is its type's zero value (Go's
    JSON decoder leaves `nodeSelector: {role: null}` the label value ""), a null
    field unset."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        for key in range(len(node)) if isinstance(node, list) else node:
            if node[key] is not None:
                paths.append((*path, key))
            if isinstance(node[key], list | dict):
                walk(node[key], (*path, key))

    if isinstance(data, list | dict):
        walk(data, ())
    variants = []
    for path in paths:
        copied = json.loads(json.dumps(data))
        holder = copied
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = None
        variants.append(copied)
    return variants


def deployment_of(pod_spec: dict[str, Any]) -> dict[str, Any]:
    """The least Deployment the server takes around `pod_spec`: its selector matches
    its template's labels."""
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod_spec},
        },
    }


# The same Deployment as YAML, flow style: a manifest file's least workload.
DEPLOYMENT_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
"""
