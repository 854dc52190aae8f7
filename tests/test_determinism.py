"""The same spec gives byte-identical output across runs and hash seeds, from empty
caches."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT

from podspec_gen.write import existing_files


def _generate(out: Path, seed: str) -> dict[str, bytes]:
    # Each run with caches of its own, empty: a render read back from the cache of the
    # other run would prove nothing.
    caches = out.parent / f"{out.name}-cache"
    env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(caches)}
    subprocess.run(
        [sys.executable, "-m", "podspec_gen", "generate", "--out", str(out)],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
    )
    return {rel: (out / rel).read_bytes() for rel in sorted(existing_files(out))}


def test_output_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a", "0")
    second = _generate(tmp_path / "b", "4242")
    assert first.keys() == second.keys()
    differing = [rel for rel in first if first[rel] != second[rel]]
    assert not differing


def test_generated_files_carry_no_timestamp_or_absolute_path() -> None:
    from conftest import GENERATED

    for rel in existing_files(GENERATED):
        text = (GENERATED / rel).read_text(encoding="utf-8")
        assert str(PROJECT) not in text, rel
        assert "2026-" not in text and "2025-" not in text, rel
