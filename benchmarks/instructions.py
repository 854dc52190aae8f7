"""Machine instructions per parse and per dump, counted by valgrind, for the SDK and its peers.

    python benchmarks/instructions.py [--spec typical] [--calls 1000] [--compiled | --fast]

Wall-clock figures on a shared VM move by up to 2x between minutes; instruction counts
do not: `valgrind --tool=callgrind` counts the same total for the same program and input
whatever else the machine is doing (with the hash seed fixed, within 1% between runs of
1000 calls). Each figure is the difference between a child
interpreter that sets up the contender and then calls the operation `--calls` times, and
one that sets up the same and calls it zero times, divided by `--calls`: imports and
warm-up cancel out. Before the counted calls, every object the set-up made is moved out
of the garbage collector's reach (`gc.freeze()`): otherwise an occasional full
collection, whose cost grows with the peers' imported modules rather than with the
operation, lands in some runs and not others. Same contenders and corpus specs as
`sdk.py`.

Instructions are not seconds (a Rust or C core retires them faster than the interpreter
does), so read these ratios beside sdk.py's, not instead of them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import sys, warnings
sys.path.insert(0, {here!r})
warnings.simplefilter("ignore", DeprecationWarning)
import sdk
found = {{c.name: c for c in sdk.contenders()[0]}}
contender = found[{name!r}]
data = sdk.specs()[{spec!r}]
parsed = contender.parse(data)
op = contender.parse if {op!r} == "parse" else contender.dump
arg = data if {op!r} == "parse" else parsed
for _ in range(50):  # warm-up: specialise the interpreter's bytecode first
    op(arg)
import gc
gc.collect()
gc.freeze()  # a full collection's cost grows with every peer imported, not with op
def run(n):
    for _ in range(n):
        op(arg)
run({calls})
"""


def collected(name: str, spec: str, op: str, calls: int) -> int:
    code = CHILD.format(here=str(HERE), name=name, spec=spec, op=op, calls=calls)
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        check=True,
        # A fixed hash seed makes the set-up identical from run to run: with a random
        # one, the peers' imports vary by millions of instructions between the child
        # that calls and the one that does not, which swamps the per-call figure.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    match = re.search(r"Collected : (\d+)", out.stderr)
    if match is None:
        raise SystemExit(f"valgrind printed no total:\n{out.stderr[-2000:]}")
    return int(match.group(1))


def per_call(name: str, spec: str, op: str, calls: int) -> float:
    return (collected(name, spec, op, calls) - collected(name, spec, op, 0)) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--spec", choices=("small", "typical", "large"), default="typical"
    )
    parser.add_argument("--calls", type=int, default=1000)
    sys.path.insert(0, str(HERE))
    import sdk

    sdk.add_build_options(parser)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    sdk.choose_build(args)  # the children see it through the environment
    found, missing = sdk.contenders()
    print(
        f"{args.spec} spec, {args.calls} calls, thousands of instructions per call;"
        f" {sdk.which_build()}\n"
    )
    print(f"{'contender':11} {'parse':>9} {'dump':>9} {'total':>9}")
    totals: dict[str, float] = {}
    for c in found:
        parse = per_call(c.name, args.spec, "parse", args.calls) / 1e3
        dump = per_call(c.name, args.spec, "dump", args.calls) / 1e3
        totals[c.name] = parse + dump
        print(f"{c.name:11} {parse:9.1f} {dump:9.1f} {parse + dump:9.1f}")
    for line in missing:
        print(line)
    print("\ninstructions of peer / instructions of ours")
    for name, total in totals.items():
        if name != "ours":
            print(f"  {name:11} {total / totals['ours']:.2f}x")


if __name__ == "__main__":
    main()
