"""Strategic merge speed: `podspec.patch.strategic_merge` against `kubectl patch --local`.

    python benchmarks/patch.py [--runs N]

On the typical and the large pod spec of ../shared/corpus/valid (picked as
benchmarks/sdk.py picks them: the median and the largest file), each wrapped in a Pod,
the same patch (a sidecar container, an env var merged into the first container by
name, a volume) is applied:
  in process   strategic_merge on the dict, and on the SDK object (which also parses
               the result with Pod.from_dict, so every rule is checked): per call
  kubectl      `kubectl patch --local -f FILE --type strategic -p PATCH -o json`, the
               whole process (kubectl on PATH, and kubectl.1.33 beside it if there)
and the ratios printed. The results of both are compared first: a benchmark of two
programs that disagree would measure nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from podspec import Pod
from podspec.patch import strategic_merge
from sdk import _per_call, specs  # also puts the generated SDK on sys.path


def pod(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "bench"},
        "spec": spec,
    }


def patch_for(spec: dict[str, Any]) -> dict[str, Any]:
    first = spec["containers"][0]["name"]
    return {
        "spec": {
            "containers": [
                {"name": first, "env": [{"name": "INJECTED", "value": "1"}]},
                {"name": "bench-sidecar", "image": "envoy:1.30"},
            ],
            "volumes": [{"name": "bench-cache", "emptyDir": {}}],
        }
    }


def kubectls() -> list[Path]:
    found = shutil.which("kubectl")
    if found is None:
        return []
    real = Path(os.path.realpath(found))
    newer = real.with_name("kubectl.1.33")
    return [real, *([newer] if newer.exists() else [])]


def kubectl_patch(binary: Path, doc: Path, patch: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [
            str(binary),
            "patch",
            "--local",
            "-f",
            str(doc),
            "--type",
            "strategic",
            "-p",
            json.dumps(patch),
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def median_of(runs: int, fn: Callable[[], Any]) -> float:
    """Median seconds of `runs` calls of a whole process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(label: str, spec: dict[str, Any], runs: int, folder: Path) -> None:
    original, patch = pod(spec), patch_for(spec)
    obj = Pod.from_dict(original)
    ours = strategic_merge(original, patch)
    doc = folder / f"{label}.json"
    doc.write_text(json.dumps(original))
    dict_call = _per_call(lambda: strategic_merge(original, patch))
    object_call = _per_call(lambda: strategic_merge(obj, patch))
    size = len(json.dumps(spec))
    print(f"{label} spec ({size} bytes of JSON):")
    print(f"  strategic_merge on the dict    {dict_call * 1e6:10.1f} µs per call")
    print(
        f"  strategic_merge on a Pod       {object_call * 1e6:10.1f} µs per call"
        " (with Pod.from_dict of the result)"
    )
    for binary in kubectls():
        theirs = kubectl_patch(binary, doc, patch)
        if theirs != ours:
            raise SystemExit(f"{binary.name} and strategic_merge disagree on {label}")
        whole = median_of(runs, lambda b=binary: kubectl_patch(b, doc, patch))
        print(
            f"  {binary.name:<30} {whole * 1e3:10.1f} ms per process:"
            f" {whole / dict_call:,.0f}x the dict call, {whole / object_call:,.0f}x the object call"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="kubectl processes per figure"
    )
    args = parser.parse_args()
    if not kubectls():
        print(
            "NOTICE: kubectl is not on PATH: only the in-process figures are measured",
            file=sys.stderr,
        )
    chosen = specs()
    with tempfile.TemporaryDirectory() as folder:
        for label in ("typical", "large"):
            measure(label, chosen[label], args.runs, Path(folder))


if __name__ == "__main__":
    main()
