"""Spec files read before come back from the per-user cache, exactly as read.

Reading the spec's YAML into located nodes was a fifth of every `generate`; the cache
may only change how long that takes, never what is read or what is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from podspec_gen import cache
from podspec_gen.spec import yaml_source
from podspec_gen.spec.errors import SpecError
from podspec_gen.spec.yaml_source import YMap, load_yaml

SPEC = Path(__file__).resolve().parent.parent / "spec"


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, name: str) -> YMap:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml_source, "parse_yaml", refuse)


def test_a_file_read_before_is_not_parsed_again_and_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = SPEC / "host.yaml"
    first = load_yaml(path, "host.yaml")
    _no_parsing(monkeypatch)
    assert load_yaml(path, "host.yaml") == first


def test_an_edit_or_another_name_is_read_afresh(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_yaml(path, "f.yaml").items[0][1].value == 1  # type: ignore[union-attr]
    path.write_text("a: 2\n", encoding="utf-8")
    assert load_yaml(path, "f.yaml").items[0][1].value == 2  # type: ignore[union-attr]
    # Marks name the file as messages show it: another name is another entry.
    assert load_yaml(path, "g.yaml").mark.file == "g.yaml"


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    first = load_yaml(path, "f.yaml")
    entries = list(cache.folder(yaml_source.YAML_KIND).iterdir())
    assert len(entries) == 1
    entries[0].write_bytes(b"not a pickle")
    assert load_yaml(path, "f.yaml") == first


def test_a_file_with_a_problem_is_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SpecError) as caught:
            load_yaml(path, "f.yaml")
        assert "f.yaml" in str(caught.value)
    assert not cache.folder(yaml_source.YAML_KIND).exists()
