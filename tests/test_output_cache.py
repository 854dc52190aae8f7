"""A render, and the rules' walkers, come back from the per-user cache only while
nothing that decides them has changed: the same spec files (for the walkers: the same
rules and fields, whatever the prose), the same templates, the same code and tools, the
same folders. `check` on an unchanged project then reads the files instead of rendering.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SPEC, TEMPLATES

from podspec_gen import cache, pipeline
from podspec_gen.spec.errors import SpecError


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(SPEC, tmp_path / "spec")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path / "spec", tmp_path / "templates"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    rendered: list[Path] = []
    real = pipeline.render

    def counted(spec: Any, templates: Path, **options: Any) -> dict[str, str]:
        rendered.append(templates)
        return real(spec, templates, **options)

    monkeypatch.setattr(pipeline, "render", counted)
    return rendered


def test_an_unchanged_project_is_rendered_once_and_reads_the_same(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = _counting(monkeypatch)
    first = pipeline.generate_files(*project)
    again = pipeline.generate_files(*project)
    assert len(rendered) == 1
    assert list(again.items()) == list(first.items())


@pytest.mark.parametrize("edited", ["spec/host.yaml", "templates/markdown/group.md.j2"])
def test_an_edit_of_the_spec_or_a_template_renders_afresh(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, edited: str
) -> None:
    rendered = _counting(monkeypatch)
    before = pipeline.generate_files(*project)
    path = project[0].parent / edited
    text = path.read_text(encoding="utf-8")
    marker = "By default" if edited.endswith(".yaml") else "\n"
    path.write_text(text.replace(marker, f"Edited. {marker}", 1), encoding="utf-8")
    after = pipeline.generate_files(*project)
    assert len(rendered) == 2
    assert after != before


def test_a_damaged_entry_is_a_miss(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = _counting(monkeypatch)
    first = pipeline.generate_files(*project)
    for entry in cache.folder(pipeline.KIND).iterdir():
        digest, _, body = entry.read_bytes().partition(b"\n")
        entry.write_bytes(digest + b"\n" + body[: len(body) // 2])
    assert pipeline.generate_files(*project) == first
    assert len(rendered) == 2


def test_the_schemas_are_kept_by_reference_to_the_json_cache(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = _counting(monkeypatch)
    first = pipeline.generate_files(*project)
    (entry,) = cache.folder(pipeline.KIND).iterdir()
    assert entry.stat().st_size < sum(len(text) for text in first.values()) / 4

    # Another project's render of the same path replaced the schema referred to.
    schema = max(first, key=lambda path: len(first[path]))
    slots = [p for p in cache.folder("json").iterdir() if not p.name.startswith(".")]
    (slot,) = [p for p in slots if p.read_bytes().endswith(first[schema].encode())]
    other = first[schema].replace('"description"', '"Description"', 1)
    slot.write_bytes(cache.key(other).encode() + b"\n" + other.encode())

    again = pipeline.generate_files(*project)
    assert len(rendered) == 2
    assert list(again.items()) == list(first.items())


def test_a_spec_with_problems_is_reported_on_every_run(
    project: tuple[Path, Path],
) -> None:
    host = project[0] / "host.yaml"
    host.write_text(host.read_text(encoding="utf-8") + "\n  : :\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SpecError):
            pipeline.generate_files(*project)
    assert not any(cache.folder(pipeline.KIND).glob("*"))


def test_the_walkers_are_written_again_only_when_a_rule_or_a_field_changes(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from podspec_gen.model.build import read_spec
    from podspec_gen.render.python import rules_walkers

    made: list[bool] = []
    real = rules_walkers._walkers

    def counted(spec: Any, raw_slots: bool) -> Any:
        made.append(raw_slots)
        return real(spec, raw_slots)

    monkeypatch.setattr(rules_walkers, "_walkers", counted)
    spec_dir = project[0]
    first = rules_walkers.walkers(read_spec(spec_dir), raw_slots=True)
    container = spec_dir / "container.yaml"
    text = container.read_text(encoding="utf-8")
    anchor = "controllers like Deployments and StatefulSets."
    container.write_text(text.replace(anchor, f"{anchor} Edited."), encoding="utf-8")
    assert rules_walkers.walkers(read_spec(spec_dir), raw_slots=True) == first
    assert made == [True]
    network = spec_dir / "network.yaml"
    text = network.read_text(encoding="utf-8")
    network.write_text(text.replace("detail: must not be empty", "detail: must be set"))
    again = rules_walkers.walkers(read_spec(spec_dir), raw_slots=True)
    assert made == [True, True]
    assert "must be set" in "".join(w.code for w in again.walkers)


def test_a_types_rule_keywords_come_back_as_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conftest import model

    from podspec_gen.render.schema import rules as schema_rules

    made: list[int] = []
    real = schema_rules._keywords

    def counted(rules: Any, null_items: frozenset[str]) -> Any:
        made.append(len(rules))
        return real(rules, null_items)

    monkeypatch.setattr(schema_rules, "_keywords", counted)
    spec = model()
    rules, null_items = spec.rules_of("Container"), spec.null_items
    first = schema_rules.rule_keywords(rules, null_items)
    assert schema_rules.rule_keywords(rules, null_items) == first
    assert first == real(rules, null_items)
    assert made == [len(rules)]
    for entry in cache.folder(schema_rules.KIND).iterdir():
        entry.write_text("{not json", encoding="utf-8")
    assert schema_rules.rule_keywords(rules, null_items) == first
    assert len(made) == 2
    # What the null items read as is part of the key: other types, another entry.
    schema_rules.rule_keywords(rules, frozenset())
    assert len(made) == 3
