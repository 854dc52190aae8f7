"""Benchmark `podspec-gen validate` against kubernetes-validate and check-jsonschema.

The whole valid corpus (../shared/corpus/valid, less the two mislabelled specs), each
spec wrapped in a Pod manifest so that all three tools read the very same files, is
validated in one invocation per tool. Every run is a fresh subprocess timed by wall
clock (start-up and imports included: that is what a CI job pays), the contenders are
interleaved with the order rotating every round, and each run must exit 0. A contender
that is not installed is reported as such, not failed. Target: faster than both.

Run: python benchmarks/validate.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "valid"
SCHEMA = ROOT / "generated" / "jsonschema" / "pod.schema.json"
# The two corpus specs the API server rejects (`protocol: tcp`): see tests/test_corpus.py.
MISLABELLED = {
    "kubernetes-examples__archived_volumes_aws_ebs_aws-ebs-web__0.json",
    "kubernetes-examples__archived_volumes_cinder_cinder-web__0.json",
}
OURS = "podspec-gen validate"


@dataclass
class Contender:
    name: str
    command: list[str]
    times: list[float] = field(default_factory=list)


def write_manifests(folder: Path) -> list[Path]:
    files = []
    for i, source in enumerate(sorted(CORPUS.glob("*.json"))):
        if source.name in MISLABELLED:
            continue
        manifest = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": f"pod-{i}"},
            "spec": json.loads(source.read_text(encoding="utf-8")),
        }
        target = folder / f"{source.stem}.yaml"
        target.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
        files.append(target)
    return files


def tool(name: str) -> str | None:
    """A console script installed beside this interpreter, or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def contenders(files: list[Path]) -> tuple[list[Contender], list[str]]:
    paths = [str(f) for f in files]
    found = [
        Contender(
            OURS,
            [sys.executable, "-m", "podspec_gen", "validate", "--no-warnings", *paths],
        )
    ]
    missing = []
    kubernetes_validate = tool("kubernetes-validate")
    if kubernetes_validate:
        found.append(
            Contender(
                "kubernetes-validate",
                [kubernetes_validate, "--strict", "--quiet", "--no-warn", *paths],
            )
        )
    else:
        missing.append("kubernetes-validate")
    check_jsonschema = tool("check-jsonschema")
    if check_jsonschema:
        found.append(
            Contender(
                "check-jsonschema",
                [check_jsonschema, "--schemafile", str(SCHEMA), *paths],
            )
        )
    else:
        missing.append("check-jsonschema")
    return found, missing


def run(contender: Contender) -> float:
    start = time.perf_counter()
    done = subprocess.run(contender.command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"{contender.name} failed ({done.returncode}) on the valid corpus:\n"
            f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per contender")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        sys.exit(f"the corpus is absent: {CORPUS}")
    if not SCHEMA.is_file():
        sys.exit(f"the schema is absent (run `podspec-gen generate`): {SCHEMA}")
    with tempfile.TemporaryDirectory(prefix="podspec-bench-") as work:
        files = write_manifests(Path(work))
        runners, missing = contenders(files)
        run(runners[0])  # warm the file cache and byte-compile, untimed
        for i in range(args.repeat):
            shift = i % len(runners)
            for contender in runners[shift:] + runners[:shift]:
                contender.times.append(run(contender))
    print(
        f"validating {len(files)} Pod manifests (the valid corpus), "
        f"{args.repeat} runs each, wall clock\n"
    )
    print(f"{'contender':<22} {'median s':>9} {'min s':>9}")
    for c in runners:
        print(f"{c.name:<22} {statistics.median(c.times):>9.3f} {min(c.times):>9.3f}")
    for name in missing:
        print(f"{name:<22} {'not installed':>19}")
    ours = statistics.median(runners[0].times)
    beaten = True
    print()
    for c in runners[1:]:
        ratio = ours / statistics.median(c.times)
        verdict = "faster" if ratio < 1 else "NOT faster"
        beaten = beaten and ratio < 1
        print(f"{OURS} / {c.name:<22} {ratio:>5.2f}x  {verdict}")
    return 0 if beaten else 1


if __name__ == "__main__":
    sys.exit(main())
