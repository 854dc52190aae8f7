"""The README's examples are true: the SDK example prints what its comments say, the
editor section names every schema file and only files that exist, and the validate
section shows what validate prints."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from conftest import PROJECT

from podspec_gen.commands.cli import main
from podspec_gen.model.types import Spec


def _sdk_example() -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using the SDK", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def test_the_sdk_example_is_five_lines_and_prints_what_it_claims() -> None:
    code = _sdk_example()
    lines = code.strip().splitlines()
    assert len(lines) == 5
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    claimed = [line.split("  # ", 1)[1] for line in lines if "print(" in line]
    assert printed[0] == claimed[0]
    assert " / ".join(line.strip() for line in printed[1:]) == claimed[1]


# -- the editor and validate sections ------------------------------------------------------


def _section(title: str) -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


EDITOR = "Editor support (yaml-language-server / VS Code YAML extension)"
SCHEMAS = PROJECT / "generated" / "jsonschema"
# Where the README's examples put this project, relative to the user's workspace.
CHECKOUT = "podspec-gen/generated/jsonschema/"


def test_the_editor_table_lists_every_schema_file_with_its_root() -> None:
    rows = re.findall(
        r"^\| `([\w.-]+\.schema\.json)` \| ([^|]+) \|", _section(EDITOR), re.M
    )
    written = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
    assert sorted(name for name, _ in rows) == written
    for name, root in rows:
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        if "$ref" in schema:
            assert root.strip() == f"`{schema['$ref'].rsplit('/', 1)[1]}`", name
        else:
            assert "apiVersion" in root and "kind" in root, name


def test_every_settings_block_and_modeline_names_a_generated_file() -> None:
    section = _section(EDITOR)
    blocks = re.findall(r"```json\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    named = [key for block in blocks for key in json.loads(block)["yaml.schemas"]]
    named += re.findall(r"\$schema=(\S+)", section)
    assert len(named) >= 8
    for path in named:
        assert CHECKOUT in path, path
        assert (SCHEMAS / path.split(CHECKOUT, 1)[1]).is_file(), path


WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replica: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
---
apiVersion: v1
kind: Pod
metadata: {name: one}
spec:
  containers: [{name: web, image: nginx}]
---
containers: [{name: web, image: nginx}]
"""


def test_the_validate_section_shows_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "web.yaml").write_text(WEB, encoding="utf-8")
    old = "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}\n"
    (tmp_path / "k8s" / "old.yaml").write_text(old, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "k8s/web.yaml", "k8s/old.yaml"]) == 1
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    shown = [
        line.strip()
        for line in _section("Validating manifests in CI").splitlines()
        if line.startswith(("    k8s/old.yaml", "    podspec: "))
    ]
    assert len(shown) == 2
    for line in shown:
        assert line in printed.splitlines(), (line, printed)
    assert (
        "k8s/web.yaml:5:3: spec.replica: unknown field (did you mean 'replicas'?)"
        in printed
    )


def test_the_rules_section_counts_the_spec_s_rules(spec_model: Spec) -> None:
    """The counts a reader sees are the spec's, not last month's."""
    rules = spec_model.rules
    errors = sum(r.level == "error" for r in rules)
    hosts = len({r.host for r in rules})
    said = f"{len(rules)} rules ({errors} errors, {len(rules) - errors} warnings) on"
    text = " ".join((PROJECT / "README.md").read_text(encoding="utf-8").split())
    assert f"{said} {hosts} types" in text
