"""The benchmark scripts run, and measure the peers #19 names as a user installs them.

A smoke test, not a measurement: one round of `benchmarks/sdk.py` on the smallest spec
(the datamodel-codegen peers come from build/bench-peers/, generated on the first run),
and the facts the figures rest on: datamodel-codegen runs with its default options, and
upstream's closure holds the types our spec covers.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT

BENCHMARKS = PROJECT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
peers: Any = importlib.import_module("peers")  # a script's neighbour, not a package

pytest.importorskip("lightkube", reason="the bench extra: pip install -e '.[bench]'")
pytest.importorskip("kubernetes", reason="the bench extra: pip install -e '.[bench]'")


def test_sdk_benchmark_runs_a_round_against_every_peer() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "sdk.py"),
            "--rounds",
            "1",
            "--only",
            "small",
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split() for line in result.stdout.splitlines()]
    measured = {row[1] for row in rows if len(row) == 7 and row[0] == "small"}
    expected = {"ours", "lightkube", "kubernetes", "our-pydantic", "plain"}
    assert measured == expected | {g.name for g in peers.GENERATED}
    assert "import time (ms, median): ours" in result.stdout


def test_datamodel_codegen_runs_with_its_defaults() -> None:
    command = peers.codegen(Path("in.json"), "msgspec.Struct", Path("out"))
    options = [arg for arg in command if arg.startswith("--")]
    assert options == [
        "--input",
        "--input-file-type",
        "--output-model-type",
        "--output",
    ]


def test_upstreams_closure_is_the_types_the_spec_covers() -> None:
    defs = peers.upstream_schema()["$defs"]
    for name in ("core.v1.PodSpec", "apps.v1.Deployment", "batch.v1.CronJob"):
        assert f"io.k8s.api.{name}" in defs
    # A status is kept but not entered: what only it reaches is not the spec's.
    assert "io.k8s.api.core.v1.PodStatus" in defs
    assert "io.k8s.api.core.v1.ContainerStatus" not in defs


def test_our_schema_goes_to_the_peer_without_the_rules_forms_only() -> None:
    text = repr(peers.our_schema())
    assert "'allOf'" not in text
    assert "'x-kubernetes-validations'" in text  # everything else is kept


# The per-user cache of canonical JSON (podspec_gen.render.run), which took `check` and
# `generate` from 3.3 to 1.5 s of CPU here: a hit must be exactly what a fresh run makes.
