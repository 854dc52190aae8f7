"""Benchmark podspec-gen against datamodel-codegen, on our JSON Schema and on upstream's.

Every contender is a fresh subprocess run with this interpreter, timed by wall
clock, so interpreter start-up and imports are included: that is what a user
pays. The contenders are interleaved (the order rotates every round) so that
machine noise hits all of them alike. podspec-gen's caches (compiled templates,
the formatted modules, canonical JSON) live under XDG_CACHE_HOME: `check` and the
cold-output `generate` share one that their own runs keep warm, the one-edit `generate`
keeps its own (the targets' cold `generate` is a generate into an empty folder, as it
always was here), and the
cold-caches `generate` starts every run from an empty one: what the first run on a new
machine pays. The peer makes dataclasses with its default options twice: from our JSON
Schema, and from upstream's v1.37 definitions reduced to the types our spec covers
(PodSpec and the workload kinds, as `podspec-gen sync` computes the closure; see
peers.py), which is what a user without podspec-gen would start from.
Run: python benchmarks/generate.py
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import peers

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path("jsonschema/podspec.schema.json")

# The one-description edit: a word appended to the description of
# Container.image in container.yaml, alternating between two words so that
# every timed run sees a real change.
EDIT_FILE = "container.yaml"
EDIT_ANCHOR = "controllers like Deployments and StatefulSets."
EDIT_WORDS = ("Benchmarked.", "Remeasured.")

CHECK = "check (unchanged)"
EDIT = "generate (one edit)"
COLD = "generate (cold output)"
COLD_CACHES = "generate (cold caches)"
PEER = "datamodel-codegen"
PEER_UP = "datamodel-codegen (upstream)"
PEERS = (PEER, PEER_UP)

# (numerator, peer, target ratio to the peer, strict '<' if True else '<='); #19 holds
# cold generate to the upstream closure's run as well as to our schema's.
TARGETS: tuple[tuple[str, str, float, bool], ...] = (
    (CHECK, PEER, 0.5, True),
    (EDIT, PEER, 0.5, True),
    (COLD, PEER, 1.0, False),
    (COLD, PEER_UP, 1.0, False),
    (COLD_CACHES, PEER, 1.0, False),
    (COLD_CACHES, PEER_UP, 1.0, False),
)


@dataclass
class Contender:
    name: str
    prepare: Callable[[int], list[str]]  # untimed; returns the command to time
    verify: Callable[[str], None]
    cwd: Path
    cache: Callable[[int], Path | None] = lambda i: None  # XDG_CACHE_HOME, if set
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the run's CPU, all its processes


def run(
    command: Sequence[str], cwd: Path, cache: Path | None = None
) -> tuple[float, float, str]:
    """Wall-clock seconds, CPU seconds (the process and the children it waited for) and
    the output of one run."""
    env = None if cache is None else {**os.environ, "XDG_CACHE_HOME": str(cache)}
    before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"failed ({done.returncode}): {' '.join(command)}\n"
            f"{done.stdout}{done.stderr}"
        )
    return elapsed, _children_cpu() - before, done.stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def podspec_gen(*args: str | Path) -> list[str]:
    """Run from a project folder, `python -m podspec_gen` imports that folder's copy."""
    return [sys.executable, "-m", "podspec_gen", *map(str, args)]


def contenders(work: Path) -> list[Contender]:
    """Set up the temp trees; return the contenders, each with its own check."""
    # Snapshot the code, spec and templates: the working tree (generated/
    # included) may be edited or regenerated while the benchmark runs. Every
    # podspec-gen run uses the snapshot's defaults for --spec and --templates.
    project = work / "project"
    for part in ("podspec_gen", "spec", "templates"):
        shutil.copytree(
            ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__")
        )
    # Kept warm by the contenders' own runs: one for the project's spec (check and
    # the cold-output generate), one for the edited spec, as one person editing one
    # spec has it. Shared, the edit would evict the project's canonical JSON (one
    # entry per output) before every cold-output run, which no user sees.
    warm = work / "warm-cache"
    warm_edit = work / "warm-cache-edit"
    out = work / "out"  # the up-to-date tree that `check` compares with
    run(podspec_gen("generate", "--out", out), project, warm)
    peer_dir = work / "peer"
    peer_dir.mkdir()
    shutil.copy(out / SCHEMA, peer_dir / SCHEMA.name)

    edit_spec, edit_out = work / "edit-spec", work / "edit-out"
    shutil.copytree(project / "spec", edit_spec)
    run(
        podspec_gen("generate", "--spec", edit_spec, "--out", edit_out),
        project,
        warm_edit,
    )
    edited = edit_spec / EDIT_FILE
    original = edited.read_text(encoding="utf-8")
    if original.count(EDIT_ANCHOR) != 1:
        sys.exit(f"edit anchor not found exactly once in {edited}: {EDIT_ANCHOR!r}")

    def cold(i: int) -> list[str]:
        target = work / f"cold-{i}"
        shutil.rmtree(target, ignore_errors=True)
        return podspec_gen("generate", "--out", target)

    def cold_caches(i: int) -> list[str]:
        target = work / f"cold-caches-{i}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.rmtree(cold_cache(i), ignore_errors=True)
        return podspec_gen("generate", "--out", target)

    def cold_cache(i: int) -> Path:
        return work / f"cold-cache-{i}"  # removed before the run: empty

    def edit(i: int) -> list[str]:
        word = EDIT_WORDS[i % len(EDIT_WORDS)]
        edited.write_text(
            original.replace(EDIT_ANCHOR, f"{EDIT_ANCHOR} {word}"), encoding="utf-8"
        )
        return podspec_gen("generate", "--spec", edit_spec, "--out", edit_out)

    def edit_changed(stdout: str) -> None:
        found = re.search(r", (\d+) changed", stdout)
        if found is None or found.group(1) == "0":
            sys.exit(f"the edit changed no generated file: {stdout.strip()}")

    def up_to_date(stdout: str) -> None:
        if "up to date" not in stdout:
            sys.exit(f"check did not report an up-to-date tree: {stdout.strip()}")

    models = peer_dir / "models.py"
    peer = [
        sys.executable,
        "-m",
        "datamodel_code_generator",
        "--input",
        str(peer_dir / SCHEMA.name),
        "--input-file-type",
        "jsonschema",
        "--output-model-type",
        "dataclasses.dataclass",
        "--output",
        str(models),
    ]

    def peer_prepare(i: int) -> list[str]:
        models.unlink(missing_ok=True)
        return peer

    def peer_wrote(stdout: str) -> None:
        if "class Container:" not in models.read_text(encoding="utf-8"):
            sys.exit(f"datamodel-codegen wrote no Container dataclass to {models}")

    up_dir = work / "peer-upstream"
    up_dir.mkdir()
    up_schema = up_dir / "upstream.schema.json"
    up_schema.write_text(
        json.dumps(peers.upstream_schema(), indent=2), encoding="utf-8"
    )
    # Upstream's dotted names (io.k8s.api.core.v1.PodSpec) make it write packages.
    up_models = up_dir / "models"
    up_core = up_models / "io" / "k8s" / "api" / "core" / "v1.py"
    up_peer = peers.codegen(up_schema, "dataclasses.dataclass", up_models)

    def up_prepare(i: int) -> list[str]:
        shutil.rmtree(up_models, ignore_errors=True)
        return up_peer

    def up_wrote(stdout: str) -> None:
        if "class PodSpec:" not in up_core.read_text(encoding="utf-8"):
            sys.exit(f"datamodel-codegen wrote no PodSpec dataclass to {up_core}")

    return [
        Contender(
            CHECK,
            lambda i: podspec_gen("check", "--out", out),
            up_to_date,
            project,
            lambda i: warm,
        ),
        Contender(EDIT, edit, edit_changed, project, lambda i: warm_edit),
        Contender(COLD, cold, lambda stdout: None, project, lambda i: warm),
        Contender(COLD_CACHES, cold_caches, lambda stdout: None, project, cold_cache),
        # The peer runs in its own folder so that no project config applies.
        Contender(PEER, peer_prepare, peer_wrote, peer_dir),
        Contender(PEER_UP, up_prepare, up_wrote, up_dir),
    ]


def measure(runners: list[Contender], repeat: int) -> None:
    for rnd in range(repeat + 1):  # round 0 is an untimed warm-up
        shift = rnd % len(runners)
        for contender in runners[shift:] + runners[:shift]:
            command = contender.prepare(rnd)
            elapsed, cpu, stdout = run(command, contender.cwd, contender.cache(rnd))
            contender.verify(stdout)
            if rnd:
                contender.times.append(elapsed)
                contender.cpu.append(cpu)


def report(runners: list[Contender], repeat: int) -> None:
    print(f"podspec-gen vs datamodel-codegen, {repeat} runs each (wall clock)\n")
    print(f"{'contender':<30} {'median s':>9} {'min s':>9} {'CPU s':>9}")
    for c in runners:
        wall, cpu = statistics.median(c.times), statistics.median(c.cpu)
        print(f"{c.name:<30} {wall:>9.3f} {min(c.times):>9.3f} {cpu:>9.3f}")
    medians = {c.name: statistics.median(c.times) for c in runners}
    print(f"\n{'ratio of medians':<56} {'ratio':>6} {'target':>8}")
    for name, peer, target, strict in TARGETS:
        ratio = medians[name] / medians[peer]
        ok = ratio < target if strict else ratio <= target
        goal = f"{'<' if strict else '<='} {target:.1f}x"
        verdict = "PASS" if ok else "MISS"
        print(f"{name + ' / ' + peer:<56} {ratio:>5.2f}x {goal:>8}  {verdict}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark podspec-gen against datamodel-codegen."
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs per contender (default: 5)"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="podspec-bench-") as tmp:
        runners = contenders(Path(tmp))
        measure(runners, args.repeat)
    report(runners, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
