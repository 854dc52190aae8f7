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


def test_canonical_json_comes_from_the_cache_only_for_the_same_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from podspec_gen import cache
    from podspec_gen.render import run
    from podspec_gen.render.job import RenderError, canonical_json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first, second = '{"b": [1, 2], "a": "é"}', '{"b": 3}'
    assert run._canonical_json_cached("x.json", first) == canonical_json(first)
    assert len(list(cache.folder(run.JSON_KIND).iterdir())) == 1
    # The entry is what a hit returns: prove it by planting a marker under the digest.
    (entry,) = cache.folder(run.JSON_KIND).iterdir()
    digest = entry.read_text(encoding="utf-8").partition("\n")[0]
    entry.write_text(f"{digest}\nfrom the cache", encoding="utf-8")
    assert run._canonical_json_cached("x.json", first) == "from the cache"
    # Another text for the same output replaces the entry: still one file.
    assert run._canonical_json_cached("x.json", second) == canonical_json(second)
    assert len(list(cache.folder(run.JSON_KIND).iterdir())) == 1
    with pytest.raises(RenderError, match="rendered JSON is invalid"):
        run._canonical_json_cached("x.json", '{"b": }')


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [[], {}]},
        {"x": [1, 2.5, -0.0, 1e100, 10**30, True, None]},
        {"s": '\u00e9 \u2028 " \\ \n \t \u0001', "k\u00e9y": "\U0001f600"},
        {"lone": "\ud800"},
        {"nested": [{"a": [{"b": {}}]}]},
        {"nan": float("nan")},
    ],
)
def test_canonical_json_lays_out_jsons_form_as_its_indenting_encoder_does(
    value: object,
) -> None:
    """The templates write values as json does; msgspec lays the text out in C for
    speed, and the bytes must be `json.dumps(indent=2, ensure_ascii=False)`'s (a lone
    surrogate or a NaN, which msgspec refuses, take json's own path)."""
    import json

    from podspec_gen.render.job import canonical_json

    text = json.dumps(value, ensure_ascii=False)
    expected = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert canonical_json(text) == expected
    assert canonical_json("\n  " + text + "  \n") == expected


def test_a_template_slip_is_named_by_its_line() -> None:
    from podspec_gen.render.job import RenderError, canonical_json

    with pytest.raises(RenderError, match=r"invalid at line 3: .*: \"b\": ,"):
        canonical_json('{\n  "a": 1,\n  "b": ,\n}')


def test_every_committed_json_output_is_in_canonical_form() -> None:
    import json

    from podspec_gen.render.job import canonical_json

    root = Path(__file__).resolve().parent.parent / "generated"
    files = sorted(root.rglob("*.json"))
    assert len(files) >= 13
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert canonical_json(text) == text, path
        assert json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n" == text
