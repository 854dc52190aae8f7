"""The published locations (`publish:` in spec/podspec.yaml) are data: a fork that
changes them changes every `$id`, catalog URL and Reference link, and a bad one is a
located spec error."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SPEC, TEMPLATES

from podspec_gen.model.build import read_spec
from podspec_gen.render import schema as render_schema
from podspec_gen.render.run import render
from podspec_gen.spec.errors import SpecError

SCHEMAS = "https://podspec-gen.dev/schemas/{version}/"
DOCS = "https://github.com/podspec-gen/podspec-gen/blob/main/generated/docs"
FORK_SCHEMAS = "https://fork.example/k8s/{version}/schemas/"
FORK_DOCS = "https://fork.example/k8s/docs"


def _spec_copy(tmp_path: Path, publish: str | None) -> Path:
    """The real spec with its `publish:` block replaced (or removed, for None)."""
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    root = spec / "podspec.yaml"
    text = root.read_text(encoding="utf-8")
    block = f"publish:\n  schemas: {SCHEMAS}\n  docs: {DOCS}\n"
    assert text.count(block) == 1, "spec/podspec.yaml's publish block moved"
    root.write_text(text.replace(block, publish or ""), encoding="utf-8")
    return spec


def _schemas(spec: Path) -> dict[str, Any]:
    files = render(read_spec(spec), TEMPLATES, outputs=(render_schema,), pydantic=False)
    return {
        name.removeprefix("jsonschema/"): json.loads(text)
        for name, text in files.items()
        if name.startswith("jsonschema/")
    }


def _links(schema: dict[str, Any]) -> list[str]:
    return re.findall(r"\[Reference\]\(([^)]*)\)", json.dumps(schema))


def test_another_base_url_changes_every_id_catalog_url_and_link(
    tmp_path: Path,
) -> None:
    fork = f"publish:\n  schemas: {FORK_SCHEMAS}\n  docs: {FORK_DOCS}/\n"
    schemas = _schemas(_spec_copy(tmp_path, fork))
    version = read_spec(SPEC).kubernetes
    base = FORK_SCHEMAS.format(version=version)
    catalog = schemas.pop("catalog.json")
    assert {e["url"] for e in catalog["schemas"]} == {base + f for f in schemas}
    for file, schema in schemas.items():
        assert schema["$id"] == base + file
        links = _links(schema)
        assert len(links) > 100, file
        assert all(link.startswith(FORK_DOCS + "/") for link in links), file
        assert "//" not in links[0].removeprefix("https://")
        assert "podspec-gen.dev" not in json.dumps(schema)
        assert "github.com/podspec-gen" not in json.dumps(schema)


def test_the_spec_values_give_the_published_schemas(tmp_path: Path) -> None:
    schemas = _schemas(
        _spec_copy(tmp_path, f"publish:\n  schemas: {SCHEMAS}\n  docs: {DOCS}\n")
    )
    pod = schemas["podspec.schema.json"]
    assert pod["$id"] == "https://podspec-gen.dev/schemas/v1.37.0/podspec.schema.json"
    assert all(link.startswith(DOCS + "/") for link in _links(pod))


def test_without_publish_the_outputs_refer_to_each_other_by_path(
    tmp_path: Path,
) -> None:
    schemas = _schemas(_spec_copy(tmp_path, None))
    catalog = schemas.pop("catalog.json")
    assert {e["url"] for e in catalog["schemas"]} == set(schemas)
    for file, schema in schemas.items():
        assert schema["$id"] == file
        assert all(link.startswith("../docs/") for link in _links(schema)), file


@pytest.mark.parametrize(
    ("publish", "line", "message"),
    [
        (
            "publish:\n  schemas: podspec-gen.dev/{version}/\n  docs: https://x.example\n",
            "schemas",
            "publish.schemas: 'podspec-gen.dev/{version}/' is not an absolute URL",
        ),
        (
            "publish:\n  schemas: https://x.example/{release}/\n  docs: https://x.example\n",
            "schemas",
            "names {release}: the only placeholder is {version}",
        ),
        (
            "publish:\n  schemas: https://x.example/s\n  docs: https://x.example\n",
            "schemas",
            "must end with '/'",
        ),
        (
            "publish:\n  schemas: https://x.example/\n  docs: https://x.example/{\n",
            "docs",
            "has a stray brace",
        ),
        (
            "publish:\n  schemas: https://x.example/\n",
            "publish",
            "missing required key 'docs'",
        ),
        (
            "publish: https://x.example/\n",
            "publish",
            "expected a mapping",
        ),
    ],
)
def test_a_bad_publish_value_is_a_located_error(
    tmp_path: Path, publish: str, line: str, message: str
) -> None:
    spec = _spec_copy(tmp_path, publish)
    with pytest.raises(SpecError) as raised:
        read_spec(spec)
    text = str(raised.value)
    assert message in text, text
    where = next(
        i
        for i, row in enumerate((spec / "podspec.yaml").read_text().splitlines(), 1)
        if row.lstrip().startswith(line + ":")
    )
    assert (
        f"podspec.yaml:{where}:" in text or f"podspec.yaml:{where + 1}:" in text
    ), text
