"""Edge cases the v1.37 API server accepts (../shared/corpus/edge_valid): an empty string
where the server fills in a default, probe thresholds of 0, `hostPort: 0`, HugePages
media, native sidecars, warnings that are not errors... Every flavour and the schema must
accept each one, and the SDKs must give it back unchanged: refusing a valid spec is the
worst mistake a validator can make."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import jsonschema
import podspec.fast as fast
import pytest
from conftest import GENERATED, PROJECT, corpus_files, load_json
from podspec import PodSpec

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

EDGE = corpus_files("edge_valid")


def test_the_edge_corpus_is_present(corpus: Path) -> None:
    assert len(EDGE) >= 45


@pytest.mark.parametrize("path", EDGE, ids=lambda p: p.stem)
def test_edge_spec_is_accepted_everywhere(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    spec = load_json(path)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(spec)]
    assert not errors
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated fields warn; they are not errors
        assert PodSpec.from_dict(spec).to_dict() == spec
        fast.PodSpec.from_dict(spec)
        podspec_pydantic.PodSpec.model_validate(spec)


def test_validate_accepts_the_edge_corpus(corpus: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "edge.yaml"
    manifest.write_text(
        "\n---\n".join(json.dumps(load_json(p)) for p in EDGE), encoding="utf-8"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "podspec_gen",
            "validate",
            "--no-warnings",
            str(manifest),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
