"""Parse/dump speed, retained memory and import time of the generated SDK against its peers.

    python benchmarks/sdk.py [--rounds N] [--only SPEC] [--compiled | --fast]

Contenders, interleaved round by round on three real pod specs (the smallest, the
median and the largest of ../shared/corpus/valid), all in this one process:
  ours        the dataclass SDK, rules on (PodSpec.from_dict / to_dict); --compiled:
              its mypyc build; --fast: its msgspec flavour (podspec.fast)
  lightkube, kubernetes, and datamodel-codegen's pydantic v2 and msgspec output from
              our schema and from upstream's (dmcg-*, dmcg-*-up): see peers.py
  our-pydantic  our own pydantic flavour (generated/pydantic), for reference
  plain       per-field Python with no validation (plain.py), a baseline, not a peer
With --fast also #19's JSON bytes path: ours-json (from_json(bytes), to_json()) and
lightkube-json (json.loads, from_dict, to_dict, json.dumps). Times are CPU time (a shared
VM: waiting for a core is not counted); speed-ups are medians of
per-round ratios of parse + dump; the last lines judge #19's targets for this build.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "valid"
SDK_SOURCE = ROOT / "generated" / "python"
# PODSPEC_SDK_PATH names another build of the SDK to measure as "ours" (--compiled).
sys.path[:0] = [
    os.environ.get("PODSPEC_SDK_PATH") or str(SDK_SOURCE),
    str(ROOT / "generated" / "pydantic"),
]

import peers  # noqa: E402  (after the SDK's paths: it never imports the SDK)

Parse = peers.Parse


def use_compiled() -> None:
    """Measure the mypyc-compiled SDK as "ours", here and in child processes.

    Builds it on first use (a few minutes), then reuses build/compiled-sdk/.
    """
    from podspec_gen import compiled_sdk

    path = str(compiled_sdk.build(SDK_SOURCE))
    os.environ["PODSPEC_SDK_PATH"] = path
    sys.path.insert(0, path)


def use_fast() -> None:
    """Measure the msgspec flavour (podspec.fast) as "ours", here and in child processes."""
    os.environ["PODSPEC_BENCH_OURS"] = "podspec.fast"


def add_build_options(parser: argparse.ArgumentParser) -> None:
    """--compiled or --fast: which build of the SDK is "ours" (default: interpreted)."""
    build = parser.add_mutually_exclusive_group()
    build.add_argument(
        "--compiled", action="store_true", help="the SDK compiled by mypyc"
    )
    build.add_argument(
        "--fast", action="store_true", help="the msgspec flavour (podspec.fast)"
    )


def choose_build(args: argparse.Namespace) -> None:
    """Apply add_build_options' choice, here and in child processes."""
    if args.compiled:
        use_compiled()
    if args.fast:
        use_fast()


def ours_module() -> str:
    """Where "ours" comes from: the dataclass SDK, or its msgspec flavour (--fast)."""
    return os.environ.get("PODSPEC_BENCH_OURS", "podspec")


def which_build() -> str:
    import podspec._runtime

    if ours_module() != "podspec":
        return f"ours = the msgspec flavour ({ours_module()})"
    if podspec._runtime.COMPILED:
        return "ours = the SDK compiled by mypyc"
    return "ours = the interpreted SDK"


def _ours() -> peers.Contender:
    def make() -> peers.Calls:
        import importlib

        model = importlib.import_module(ours_module()).PodSpec
        return model.from_dict, lambda obj: obj.to_dict()

    return peers.Contender("ours", ours_module(), make)


def _plain() -> peers.Contender:
    def make() -> peers.Calls:
        import plain

        model = plain.classes()["PodSpec"]
        return model.from_dict, lambda obj: obj.to_dict()

    return peers.Contender("plain", "podspec", make)


def contenders() -> tuple[list[peers.Contender], list[str]]:
    """Every contender of the dict path (parse a dict, dump to a dict); generates the
    datamodel-codegen peers first, unless this process or its parent has. Each imports
    its package on first use."""
    import podspec._runtime

    if not peers.add_to_path():
        for name, seconds in peers.generate().items():
            if seconds is not None:
                print(f"generated {name} in {seconds:.1f} s (datamodel-codegen)")
    every = [
        _ours(),
        peers.lightkube(),
        peers.kubernetes(),
        *map(peers.generated, peers.GENERATED),
        peers.our_pydantic(),
    ]
    missing = []
    if podspec._runtime.COMPILED or ours_module() != "podspec":
        # plain.py reads the interpreted classes' annotations, which compiled classes
        # do not keep as written; the interpreted run gives the baseline.
        missing.append("plain: measured in the default run only")
    else:
        every.append(_plain())
    for c in every:
        if not c.installed():
            missing.append(f"{c.name}: not installed (pip install -e '.[bench]')")
    return [c for c in every if c.installed()], missing


def json_contenders() -> list[peers.Contender]:
    """#19's JSON bytes path: podspec.fast's from_json/to_json against what a lightkube
    user writes for the same, json.loads + from_dict and to_dict + json.dumps."""

    def ours() -> peers.Calls:
        from podspec.fast import PodSpec

        return PodSpec.from_json, lambda o: o.to_json()

    def lightkube() -> peers.Calls:
        from lightkube.models.core_v1 import PodSpec

        return (
            lambda raw: PodSpec.from_dict(json.loads(raw)),
            lambda o: json.dumps(o.to_dict()),
        )

    return [
        peers.Contender("ours-json", "", ours, True),
        peers.Contender("lightkube-json", "", lightkube, True),
    ]


def specs() -> dict[str, dict[str, Any]]:
    files = sorted(CORPUS.glob("*.json"), key=lambda p: (p.stat().st_size, p.name))
    if not files:
        raise SystemExit(f"no corpus at {CORPUS}")
    picks = {"small": files[0], "typical": files[len(files) // 2], "large": files[-1]}
    return {k: json.loads(p.read_text(encoding="utf-8")) for k, p in picks.items()}


def _per_call(
    fn: Callable[[], Any],
    budget: float = 0.05,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Seconds per call: run for about `budget` seconds, several times, keep the best."""
    number = 1
    while True:
        start = clock()
        for _ in range(number):
            fn()
        elapsed = clock() - start
        if elapsed >= budget / 5:
            break
        number *= 2
    best = elapsed / number
    for _ in range(4):
        start = clock()
        for _ in range(number):
            fn()
        best = min(best, (clock() - start) / number)
    return best


# This process's CPU time, not the wall clock: on a shared VM whose two cores other
# jobs want too, time spent waiting for a core is not the contender's.
CLOCK = time.process_time


Times = dict[tuple[str, str, str], list[float]]


def measure(found: list[peers.Contender], samples: Samples, rounds: int) -> Times:
    """Per round, per spec, every contender back to back (the order rotating)."""
    times: Times = {}
    for round_index in range(rounds):
        shift = round_index % len(found)
        for label, data in samples.items():
            for c in found[shift:] + found[:shift]:
                arg = _input(c, data)
                parsed = c.parse(arg)
                times.setdefault((c.name, label, "parse"), []).append(
                    _per_call(functools.partial(c.parse, arg), clock=CLOCK)
                )
                times.setdefault((c.name, label, "dump"), []).append(
                    _per_call(functools.partial(c.dump, parsed), clock=CLOCK)
                )
    return times


def _input(c: peers.Contender, data: dict[str, Any]) -> Any:
    # As a client has it: bytes from the wire.
    return json.dumps(data).encode() if c.json_bytes else data


def _lossless(c: peers.Contender, data: dict[str, Any]) -> bool:
    out = c.dump(c.parse(_input(c, data)))
    return bool((json.loads(out) if c.json_bytes else out) == data)


def print_table(found: list[peers.Contender], samples: Samples, times: Times) -> Kib:
    width = max(len(c.name) for c in found) + 1
    print(
        f"{'spec':8} {'contender':{width}} {'parse':>8} {'dump':>8} {'total':>8}"
        f" {'retained KiB':>13} {'lossless':>9}"
    )
    kib: Kib = {}
    for label, data in samples.items():
        for c in found:
            p, d = (
                statistics.median(times[(c.name, label, op)]) * 1e6
                for op in ("parse", "dump")
            )
            kib[(c.name, label)] = peers.retained_bytes(c.parse, _input(c, data)) / 1024
            same = "yes" if _lossless(c, data) else "no"
            print(
                f"{label:8} {c.name:{width}} {p:8.1f} {d:8.1f} {p + d:8.1f}"
                f" {kib[(c.name, label)]:13.1f} {same:>9}"
            )
    return kib


Kib = dict[tuple[str, str], float]
Samples = dict[str, dict[str, Any]]


def ratios(times: Times, peer: str, ours: str, label: str) -> list[float]:
    """Per round: the peer's parse + dump time over ours, both timed back to back in
    that round, so that a slow minute on this VM hits both."""

    def totals(name: str) -> list[float]:
        parse, dump = times[(name, label, "parse")], times[(name, label, "dump")]
        return [a + b for a, b in zip(parse, dump, strict=True)]

    return [a / b for a, b in zip(totals(peer), totals(ours), strict=True)]


def print_speedups(times: Times, names: list[str], labels: list[str]) -> None:
    print(
        "\nspeed-up of ours (peer total / ours total): median of the per-round ratios"
        " (min-max over rounds)"
    )
    for peer in names:
        if peer in ("ours", "ours-json"):
            continue
        ours = "ours-json" if peer.endswith("-json") else "ours"
        shown = []
        for label in labels:
            r = ratios(times, peer, ours, label)
            shown.append(
                f"{label} {statistics.median(r):.2f}x ({min(r):.2f}-{max(r):.2f})"
            )
        print(f"  vs {peer:17} {', '.join(shown)}")


# #19's targets per build: (peer, goal, sizes it must hold on).
SPEED_TARGETS: dict[str, list[tuple[str, float, tuple[str, ...]]]] = {
    "dataclasses": [
        ("kubernetes", 10.0, ("small", "typical", "large")),
        ("dmcg-pydantic", 1.5, ("typical", "large")),
        ("dmcg-pydantic-up", 1.5, ("typical", "large")),
    ],
    "compiled": [
        ("dmcg-pydantic", 2.0, ("typical", "large")),
        ("dmcg-pydantic-up", 2.0, ("typical", "large")),
    ],
    "fast": [
        ("lightkube", 1.0, ("typical", "large")),
        ("lightkube-json", 2.0, ("typical", "large")),
    ],
}
MEMORY_TARGETS = {"dataclasses": 1.1, "fast": 1.0}  # retained ÷ lightkube's, at most


def build_name() -> str:
    import podspec._runtime

    if ours_module() != "podspec":
        return "fast"
    return "compiled" if podspec._runtime.COMPILED else "dataclasses"


def print_targets(times: Times, kib: Kib, imports: dict[str, float]) -> None:
    build = build_name()
    print(f"\ntargets of #19 for this build ({build}); PASS only if met on each size")
    for peer, goal, sizes in SPEED_TARGETS[build]:
        if (peer, sizes[0], "parse") not in times:
            print(f"  vs {peer}: not measured")
            continue
        ours = "ours-json" if peer.endswith("-json") else "ours"
        got = {s: statistics.median(ratios(times, peer, ours, s)) for s in sizes}
        shown = ", ".join(f"{s} {r:.2f}x" for s, r in got.items())
        verdict = "PASS" if min(got.values()) >= goal else "MISS"
        print(f"  {ours} vs {peer:16} {shown}  [>= {goal}x] {verdict}")
    most = MEMORY_TARGETS.get(build)
    if most is not None and ("lightkube", "typical") in kib:
        mem = {
            s: kib[("ours", s)] / kib[("lightkube", s)] for s in ("typical", "large")
        }
        shown = ", ".join(f"{s} {r:.2f}x" for s, r in mem.items())
        verdict = "PASS" if max(mem.values()) <= most else "MISS"
        print(f"  retained memory ours / lightkube {shown}  [<= {most}x] {verdict}")
    if "lightkube" in imports:
        ratio = imports["ours"] / imports["lightkube"]
        verdict = "PASS" if ratio <= 1.0 else "MISS"
        print(f"  import time ours / lightkube {ratio:.2f}  [<= 1.0] {verdict}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--only",
        choices=("small", "typical", "large"),
        action="append",
        help="measure only these specs (repeatable; default: all three)",
    )
    add_build_options(parser)
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    choose_build(args)
    warnings.simplefilter("ignore", DeprecationWarning)
    started = time.perf_counter()
    found, missing = contenders()
    print(f"peers ready in {time.perf_counter() - started:.1f} s (not timed below)")
    if args.fast and any(c.name == "lightkube" for c in found):
        found += json_contenders()
    samples = {k: v for k, v in specs().items() if not args.only or k in args.only}
    # The dataclass SDK must give the manifest back; podspec.fast drops explicit nulls.
    assert args.fast or all(_lossless(found[0], d) for d in samples.values())
    times = measure(found, samples, args.rounds)
    print(
        f"\nPython {sys.version.split()[0]}, {args.rounds} interleaved rounds,"
        f" median µs of CPU per call; {which_build()}\n"
    )
    kib = print_table(found, samples, times)
    print_speedups(times, [c.name for c in found], list(samples))
    modules = {c.name: c.module for c in found if c.module and c.name != "plain"}
    imports = peers.import_times(modules, args.rounds)
    print(
        "\nimport time (ms, median): "
        + ", ".join(f"{n} {s * 1e3:.0f}" for n, s in imports.items())
    )
    if {"typical", "large"} <= set(samples):
        print_targets(times, kib, imports)
    for line in missing:
        print(line)


if __name__ == "__main__":
    main()
