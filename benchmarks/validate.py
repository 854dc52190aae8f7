"""Benchmark `podspec validate` against kubernetes-validate and check-jsonschema.

Three measurements, each a fresh subprocess timed by wall clock (start-up and imports
included: that is what a CI job pays), its peak RSS read from the kernel's rusage for
that one child:

1. the corpus: every whole workload of ../shared/corpus/workloads (less the three
   the API server rejects), written as YAML files that all three tools read, validated
   in one invocation per tool; the contenders interleaved, the order rotating every
   round, each run required to exit 0; files per second;
2. a 50 MB multi-document file of Pods (the valid corpus specs, repeated): time and
   peak RSS of `podspec validate`, which must exit 0;
3. a 9x9 YAML alias bomb (under 500 bytes, 9^9 strings once expanded): time and peak RSS of
   `podspec validate`, which must refuse it (exit 1 or 2) without a traceback.

Targets: faster than both peers on the corpus; the 50 MB file under 200 MB RSS; the
bomb refused in under 1 s. Exit 0 when all are met. A peer that is not installed is
reported as such, not failed (install them with `pip install -e '.[bench]'`).

Run: python benchmarks/validate.py [--repeat N] [--size-mb N] [--corpus-only]
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
WORKLOADS = SHARED / "workloads"
VALID = SHARED / "valid"
SCHEMA = ROOT / "generated" / "jsonschema" / "kubernetes.schema.json"
SDK = ROOT / "generated" / "python"
# The corpus files the API server rejects, which every run must pass: two with
# `protocol: tcp` and one that mounts an undeclared volume (see tests/test_corpus.py).
REJECTED = {
    "kubernetes-examples__archived_volumes_aws_ebs_aws-ebs-web__0.json",
    "kubernetes-examples__archived_volumes_cinder_cinder-web__0.json",
    "kubernetes-autoscaler__cluster-autoscaler_cloudprovider_bizflycloud_manifest_cluster-autoscaler__0.json",
}
OURS = "podspec validate"
MAX_RSS_MB = 200.0
MAX_BOMB_S = 1.0


@dataclass
class Contender:
    name: str
    command: list[str]
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


@dataclass
class Measured:
    seconds: float
    rss_mb: float
    returncode: int
    output: str


def measure(command: list[str]) -> Measured:
    """Run `command`, timing it and reading its own peak RSS (wait4's rusage)."""
    env = dict(os.environ, NO_COLOR="1")
    # Our SDK as this working tree has it, whether or not it is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SDK), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    return Measured(elapsed, usage.ru_maxrss / 1024, child.returncode, text)


def _dump(document: object) -> str:
    return yaml.safe_dump(document, sort_keys=False)


def write_workloads(folder: Path) -> list[Path]:
    files = []
    for source in sorted(WORKLOADS.glob("*.json")):
        if source.name in REJECTED:
            continue
        target = folder / f"{source.stem}.yaml"
        target.write_text(_dump(json.loads(source.read_text(encoding="utf-8"))))
        files.append(target)
    return files


def _claims_volumes(name: str) -> bool:
    """Whether the spec is a StatefulSet's, which may mount the volumes its claim
    templates add: as a bare Pod it would be refused."""
    workload = WORKLOADS / name
    if not workload.is_file():
        return False
    document = json.loads(workload.read_text(encoding="utf-8"))
    return bool(document.get("kind") == "StatefulSet")


def _pods() -> Iterator[str]:
    """The valid corpus specs as Pod documents, over and over."""
    specs = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(VALID.glob("*.json"))
        if p.name not in REJECTED and not _claims_volumes(p.name)
    ]
    documents = [
        _dump(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": f"pod-{i}"},
                "spec": s,
            }
        )
        for i, s in enumerate(specs)
    ]
    while True:
        yield from documents


def write_large(path: Path, megabytes: int) -> int:
    """A multi-document file of at least `megabytes` MB; returns its document count."""
    wanted, written, count = megabytes * 1024 * 1024, 0, 0
    with path.open("w", encoding="utf-8") as out:
        for document in _pods():
            if written >= wanted:
                break
            chunk = f"---\n{document}"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            count += 1
    return count


def write_bomb(path: Path, levels: int = 9, width: int = 9) -> None:
    """The billion laughs in YAML: each level a list of `width` aliases of the one below."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tool(name: str) -> str | None:
    """A console script installed beside this interpreter, or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def ours(*args: str) -> list[str]:
    return [sys.executable, "-m", "podspec", "validate", *args]


def contenders(files: list[Path]) -> tuple[list[Contender], list[str]]:
    paths = [str(f) for f in files]
    found = [Contender(OURS, ours(*paths))]
    missing = []
    peers = {
        "kubernetes-validate": ["--strict", "--quiet", "--no-warn"],
        "check-jsonschema": ["--schemafile", str(SCHEMA)],
    }
    for name, options in peers.items():
        found_at = tool(name)
        if found_at:
            found.append(Contender(name, [found_at, *options, *paths]))
        else:
            missing.append(name)
    return found, missing


def run_valid(contender: Contender) -> Measured:
    done = measure(contender.command)
    if done.returncode != 0:
        sys.exit(
            f"{contender.name} failed ({done.returncode}) on valid input:\n"
            f"{done.output[-3000:]}"
        )
    return done


def bench_corpus(repeat: int, folder: Path) -> bool:
    files = write_workloads(folder)
    runners, missing = contenders(files)
    run_valid(runners[0])  # warm the file cache and byte-compile, untimed
    for i in range(repeat):
        shift = i % len(runners)
        for contender in runners[shift:] + runners[:shift]:
            done = run_valid(contender)
            contender.times.append(done.seconds)
            contender.rss_mb.append(done.rss_mb)
    print(
        f"validating {len(files)} workload manifests (the corpus, as YAML files), "
        f"{repeat} runs each, wall clock\n"
    )
    print(
        f"{'contender':<22} {'median s':>9} {'min s':>9} {'files/s':>9} {'RSS MB':>8}"
    )
    for c in runners:
        median = statistics.median(c.times)
        print(
            f"{c.name:<22} {median:>9.3f} {min(c.times):>9.3f} "
            f"{len(files) / median:>9.0f} {max(c.rss_mb):>8.1f}"
        )
    for name in missing:
        print(f"{name:<22} {'not installed':>19}")
    mine = statistics.median(runners[0].times)
    met = not missing
    print()
    for c in runners[1:]:
        speed = statistics.median(c.times) / mine
        met = met and speed > 1
        verdict = "faster" if speed > 1 else "NOT faster"
        print(f"{OURS} files/s / {c.name + ' files/s':<30} {speed:>6.2f}x  {verdict}")
    print(f"target: faster than both peers  {'MET' if met else 'MISSED'}")
    return met


def bench_large(megabytes: int, folder: Path) -> bool:
    path = folder / "large.yaml"
    documents = write_large(path, megabytes)
    size = path.stat().st_size / 1024 / 1024
    done = measure(ours(str(path)))
    if done.returncode != 0:
        sys.exit(
            f"{OURS} failed ({done.returncode}) on the large file:\n{done.output[-3000:]}"
        )
    met = done.rss_mb < MAX_RSS_MB
    print(
        f"\nlarge file: {size:.1f} MB, {documents} Pods: {done.seconds:.2f} s, "
        f"peak RSS {done.rss_mb:.1f} MB  "
        f"[< {MAX_RSS_MB:.0f} MB] {'MET' if met else 'MISSED'}"
    )
    return met


def bench_bomb(folder: Path) -> bool:
    path = folder / "bomb.yaml"
    write_bomb(path)
    done = measure(ours(str(path)))
    refused = done.returncode in (1, 2) and "Traceback" not in done.output
    met = refused and done.seconds < MAX_BOMB_S
    said = done.output.strip().splitlines()[:1] or ["(nothing)"]
    print(
        f"\nalias bomb: {path.stat().st_size} bytes, 9 levels of 9: {done.seconds:.2f} s, "
        f"peak RSS {done.rss_mb:.1f} MB, exit {done.returncode}: {said[0][:160]}\n"
        f"  refused without a traceback in under {MAX_BOMB_S:.0f} s: "
        f"{'MET' if met else 'MISSED'}"
    )
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=5, help="corpus runs per contender"
    )
    parser.add_argument(
        "--size-mb", type=int, default=50, help="size of the large file"
    )
    parser.add_argument(
        "--corpus-only", action="store_true", help="skip the large file and the bomb"
    )
    args = parser.parse_args(argv)
    for needed in (WORKLOADS, VALID):
        if not needed.is_dir():
            sys.exit(f"the corpus is absent: {needed}")
    if not SCHEMA.is_file():
        sys.exit(f"the schema is absent (run `podspec-gen generate`): {SCHEMA}")
    with tempfile.TemporaryDirectory(prefix="podspec-bench-") as work:
        folder = Path(work)
        (folder / "corpus").mkdir()
        met = [bench_corpus(args.repeat, folder / "corpus")]
        if not args.corpus_only:
            met += [bench_large(args.size_mb, folder), bench_bomb(folder)]
    print(f"\nall targets {'met' if all(met) else 'NOT met'}")
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
