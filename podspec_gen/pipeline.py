"""The whole pipeline as one call: spec folder + templates -> {path: text}."""

from __future__ import annotations

from pathlib import Path

from podspec_gen.model.stored import read_spec_stored
from podspec_gen.render.run import render


def generate_files(spec_dir: Path, templates: Path) -> dict[str, str]:
    return render(read_spec_stored(spec_dir), templates)
