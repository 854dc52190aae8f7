"""A render comes back from the per-user cache only while nothing that decides it has
changed: the same spec files, the same templates, the same code and tools, the same
folders. `check` on an unchanged project then reads the files instead of rendering."""

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

    def counted(spec: Any, templates: Path) -> dict[str, str]:
        rendered.append(templates)
        return real(spec, templates)

    monkeypatch.setattr(pipeline, "render", counted)
    return rendered


def test_an_unchanged_project_is_rendered_once_and_reads_the_same(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = _counting(monkeypatch)
    first = pipeline.generate_files(*project)
    again = pipeline.generate_files(*project)
    assert len(rendered) == 1
    assert again == first


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


def test_a_spec_with_problems_is_reported_on_every_run(
    project: tuple[Path, Path],
) -> None:
    host = project[0] / "host.yaml"
    host.write_text(host.read_text(encoding="utf-8") + "\n  : :\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SpecError):
            pipeline.generate_files(*project)
    assert not any(cache.folder(pipeline.KIND).glob("*"))
