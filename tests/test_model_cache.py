"""The model of a spec folder comes back from the per-user cache only while nothing
that decides it has changed: the same files, the same code, the same folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SPEC

from podspec_gen import cache
from podspec_gen.model import stored
from podspec_gen.model.types import Spec
from podspec_gen.spec import load
from podspec_gen.spec.errors import SpecError
from podspec_gen.spec.records import RawFile


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "spec"
    shutil.copytree(SPEC, folder)
    return folder


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    built: list[Path] = []
    real = stored.read_spec

    def counted(spec_dir: Path) -> Spec:
        built.append(spec_dir)
        return real(spec_dir)

    monkeypatch.setattr(stored, "read_spec", counted)
    return built


def test_an_unchanged_folder_is_built_once_and_reads_the_same(
    spec_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _counting(monkeypatch)
    first = stored.read_spec_stored(spec_copy)
    again = stored.read_spec_stored(spec_copy)
    assert len(built) == 1
    assert again == first


def test_an_edit_is_built_afresh(
    spec_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _counting(monkeypatch)
    before = stored.read_spec_stored(spec_copy)
    host = spec_copy / "host.yaml"
    text = host.read_text(encoding="utf-8")
    host.write_text(
        text.replace("By default", "Edited. By default", 1), encoding="utf-8"
    )
    after = stored.read_spec_stored(spec_copy)
    assert len(built) == 2
    assert after != before


def test_a_damaged_entry_is_a_miss(
    spec_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = stored.read_spec_stored(spec_copy)
    (entry,) = cache.folder(stored.KIND).iterdir()
    digest = entry.read_bytes().partition(b"\n")[0]
    entry.write_bytes(digest + b"\nnot a pickle")
    built = _counting(monkeypatch)
    assert stored.read_spec_stored(spec_copy) == first
    assert len(built) == 1


def test_a_spec_with_problems_is_never_kept(spec_copy: Path) -> None:
    (spec_copy / "host.yaml").write_text("types: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SpecError):
            stored.read_spec_stored(spec_copy)
    assert not cache.folder(stored.KIND).exists()


def _reading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The spec files read afresh (not from the cache), by name."""
    read: list[str] = []
    real = load._read_file_afresh

    def counted(path: Path, *args: Any) -> RawFile | None:
        read.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(load, "_read_file_afresh", counted)
    return read


def test_after_an_edit_only_the_edited_file_is_read_afresh(
    spec_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _reading(monkeypatch)
    stored.read_spec_stored(spec_copy)
    assert "host.yaml" in read and "storage.yaml" in read
    host = spec_copy / "host.yaml"
    text = host.read_text(encoding="utf-8")
    host.write_text(
        text.replace("By default", "Edited. By default", 1), encoding="utf-8"
    )
    read.clear()
    edited = stored.read_spec_stored(spec_copy)

    assert read == ["host.yaml"]
    monkeypatch.setenv("XDG_CACHE_HOME", str(spec_copy.parent / "empty-cache"))
    assert edited == stored.read_spec_stored(spec_copy)  # as if all were read afresh


def test_a_file_with_a_problem_is_read_afresh_every_time(
    spec_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = spec_copy / "host.yaml"
    host.write_text(
        host.read_text(encoding="utf-8") + "\nnoSuchKey: 1\n", encoding="utf-8"
    )
    read = _reading(monkeypatch)
    for _ in range(2):
        with pytest.raises(SpecError, match="noSuchKey"):
            stored.read_spec_stored(spec_copy)
    assert read.count("host.yaml") == 2
    assert read.count("storage.yaml") == 1
