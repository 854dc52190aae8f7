"""Small golden cases, one per kind: a tiny spec whose one type has fields of that kind,
rendered through every output and compared with the expected files under
tests/kinds/expected/<case>/.

A template change that alters how a kind renders shows up here as a small, readable
diff, before it shows up as a large one in generated/. After an intended change,
regenerate the expected files with `PODSPEC_UPDATE_GOLDEN=1 python -m pytest
tests/test_kind_golden.py` and review them like any other diff.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import TEMPLATES
from test_golden import first_diffs

from podspec_gen.model.build import read_spec
from podspec_gen.render import python as render_python
from podspec_gen.render.run import render

CASES = Path(__file__).resolve().parent / "kinds"
EXPECTED = CASES / "expected"
UPDATE = os.environ.get("PODSPEC_UPDATE_GOLDEN") == "1"

ROOT = """\
kubernetes: v1.99.0
root: PodSpec
groups: [alpha]
shared: shared
publish:
  schemas: https://podspec-gen.dev/schemas/{version}/
  docs: https://github.com/podspec-gen/podspec-gen/blob/main/generated/docs
title: PodSpec
summary: A tiny pod.
description: One field, of the type under test.
types:
  PodSpec:
    upstream: io.k8s.api.core.v1.PodSpec
    description: The root.
    fields:
      sample:
        type: Sample
        description: The sample.
      meta:
        type: ObjectMeta
        description: The Pod schema's metadata refers to ObjectMeta, so every spec has it.
"""

# Types a case may name, and the file that owns each (spec/README.md's rule: API
# machinery in shared, a type one group reaches in that group).
DECLARED = {
    "Quantity": ("shared", {"description": "A quantity.", "scalar": "quantity"}),
    "IntOrString": (
        "shared",
        {"description": "An int or a string.", "scalar": "int-or-string"},
    ),
    "Time": (
        "shared",
        {"description": "A time.", "scalar": "string", "format": "date-time"},
    ),
    "FieldsV1": ("shared", {"description": "Free-form.", "scalar": "object"}),
    "ObjectMeta": (
        "shared",
        {
            "description": "Metadata.",
            "fields": {
                "name": {"type": "string", "description": "The name."},
                "labels": {"type": "map[string]", "description": "Labels."},
            },
        },
    ),
    "Policy": (
        "alpha",
        {"description": "A policy.", "enum": {"Keep": "Keep it.", "Drop": "Drop it."}},
    ),
    "Inner": (
        "alpha",
        {
            "description": "An inner object.",
            "fields": {
                "name": {"type": "string", "required": True, "description": "Key."},
                "value": {"type": "int32", "description": "A value."},
            },
        },
    ),
}
UPSTREAM = {
    "Quantity": "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "IntOrString": "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "Time": "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
    "FieldsV1": "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
    "ObjectMeta": "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
}

# The files of the output that show the kind; the rest of a render is the same for
# every case.
SHOWN = (
    "python/podspec/alpha.py",
    "python/podspec/fast.py",
    "jsonschema/podspec.schema.json",
    "docs/alpha.md",
)


def write_spec(folder: Path, fields_text: str) -> None:
    fields = yaml.safe_load(fields_text)
    used = {name for name in DECLARED if name in fields_text} | {"ObjectMeta"}
    files: dict[str, dict[str, object]] = {"alpha": {}, "shared": {}}
    for name in sorted(used):
        owner, body = DECLARED[name]
        entry = dict(body)
        if name in UPSTREAM:
            entry["upstream"] = UPSTREAM[name]
        files[owner][name] = entry
    files["alpha"] = {
        "Sample": {"description": "The type under test.", "fields": fields},
        **files["alpha"],
    }
    folder.mkdir(parents=True)
    (folder / "podspec.yaml").write_text(ROOT, encoding="utf-8")
    alpha = {
        "title": "Alpha",
        "summary": "The group under test.",
        "description": "Owns the sample.",
        "podSpecFields": ["sample", "meta"],
        "types": files["alpha"],
    }
    shared = {
        "title": "Shared",
        "summary": "Shared types.",
        "description": "API machinery.",
    }
    if files["shared"]:
        shared["types"] = files["shared"]
    for name, data in (("alpha", alpha), ("shared", shared)):
        text = yaml.safe_dump(data, sort_keys=False, width=88)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


FAST = "python/podspec/fast.py"


def kind_part_of_fast(text: str) -> str:
    """The msgspec module without its fixed prelude (runtime helpers every spec gets
    alike): its imports from the SDK's modules, and everything from the first class the
    spec declares on."""
    lines = text.splitlines(keepends=True)
    imports = [line for line in lines if line.startswith("from .")]
    start = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("class ") and not line.startswith("class _")
    )
    return "".join([*imports, "...\n", *lines[start:]])


def shown(files: dict[str, str]) -> dict[str, str]:
    """The files that show the kind; from the msgspec module only its spec-dependent
    part, from the schema only the tiny spec's own $defs entries, so that the expected
    files stay small and differ by kind only."""
    out = {path: files[path] for path in SHOWN if path not in (SCHEMA_PATH, FAST)}
    out[FAST] = kind_part_of_fast(files[FAST])
    schema = json.loads(files[SCHEMA_PATH])
    defs = {k: v for k, v in schema["$defs"].items() if k not in ("Pod",)}
    out["jsonschema/defs.json"] = json.dumps(defs, indent=2, sort_keys=True) + "\n"
    return out


SCHEMA_PATH = "jsonschema/podspec.schema.json"


@pytest.mark.parametrize(
    "case", sorted(p.stem for p in CASES.glob("*.yaml")), ids=lambda c: c
)
def test_kind_renders_as_expected(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_spec(Path("spec"), (CASES / f"{case}.yaml").read_text(encoding="utf-8"))
    files = shown(render(read_spec(Path("spec")), TEMPLATES, pydantic=False))
    expected = EXPECTED / case
    if UPDATE:
        for rel, text in files.items():
            (expected / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected / rel).write_text(text, encoding="utf-8")
    got = tmp_path / "got"
    for rel, text in files.items():
        (got / rel).parent.mkdir(parents=True, exist_ok=True)
        (got / rel).write_text(text, encoding="utf-8")
    differing = [
        rel
        for rel, text in sorted(files.items())
        if not (expected / rel).is_file()
        or (expected / rel).read_text(encoding="utf-8") != text
    ]
    missing = [rel for rel in differing if not (expected / rel).is_file()]
    assert (
        not missing
    ), f"no expected file for {missing}: run with PODSPEC_UPDATE_GOLDEN=1"
    assert not differing, first_diffs(expected, got, differing)


def test_every_kind_has_a_case() -> None:
    from podspec_gen.model import kinds

    macros = {
        cls.MACRO
        for cls in vars(kinds).values()
        if isinstance(cls, type) and issubclass(cls, kinds.Kind) and cls.MACRO
    }
    cases = {p.stem for p in CASES.glob("*.yaml")}
    assert macros <= cases, f"kinds with no golden case: {sorted(macros - cases)}"


# A value of each case's Sample that the SDK must take and write back unchanged, and
# one it must refuse, with the path of the problem.
ROUND_TRIPS: dict[str, tuple[dict[str, object], dict[str, object], str]] = {
    "list": (
        {"args": ["a"], "nested": [[1, 2], [3]]},
        {"args": ["a"], "nested": [[1, "x"]]},
        "sample.nested[0][1]",
    ),
    "map": ({"labels": {"a": "b"}}, {"labels": {"a": 1}}, "sample.labels.a"),
    "enum": (
        {"mode": "Safe", "policies": ["Keep", "Drop"]},
        {"policies": ["Keep", "Maybe"]},
        "sample.policies[1]",
    ),
    "integer": ({"port": 80, "count": 2**40}, {"port": 0}, "sample.port"),
    "quantity": (
        {"size": "1Gi", "limits": {"cpu": "500m"}},
        {"limits": {"cpu": "lots"}},
        "sample.limits.cpu",
    ),
    "object": (
        {"items": [{"name": "a", "value": 1}], "byName": {"x": {"name": "x"}}},
        {"byName": {"x": {"value": 1}}},
        "sample.byName.x.name",
    ),
}

CHECK = """\
import json, sys
from podspec import PodSpec, ValidationError
good, bad = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert PodSpec.from_dict({"sample": good}).to_dict() == {"sample": good}
try:
    PodSpec.from_dict({"sample": bad})
except ValidationError as err:
    print(json.dumps([p.path for p in err.problems]))
else:
    print("[]")
"""


@pytest.mark.parametrize("case", sorted(ROUND_TRIPS))
def test_kind_round_trips_and_refuses_in_the_generated_sdk(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_spec(Path("spec"), (CASES / f"{case}.yaml").read_text(encoding="utf-8"))
    files = render(
        read_spec(Path("spec")), TEMPLATES, outputs=(render_python,), pydantic=False
    )
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    good, bad, path = ROUND_TRIPS[case]
    result = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(good), json.dumps(bad)],
        env={**os.environ, "PYTHONPATH": str(tmp_path / "python")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [path]
