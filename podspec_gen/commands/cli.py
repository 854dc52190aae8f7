"""The `podspec-gen` command line: generate, check (sync: podspec_gen.sync; validate:
podspec_gen.validate)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from podspec_gen.commands.interrupt import Guard, Interrupted, guarded
from podspec_gen.commands.version import VersionAction
from podspec_gen.pipeline import generate_files
from podspec_gen.project import EXIT_DRIFT, EXIT_ERROR, EXIT_OK, add_folder_options
from podspec_gen.render import pydantic as pydantic_flavour
from podspec_gen.render.job import RenderError
from podspec_gen.spec.errors import SpecError
from podspec_gen.write import Drift, WriteError, compare, out_problem, write


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="podspec-gen",
        description="Generate a Python SDK, a JSON Schema and reference docs from the PodSpec spec.",
    )
    parser.add_argument(
        "--version",
        action=VersionAction,
        help="print the version and the Kubernetes release of the spec, and exit",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    gen = commands.add_parser(
        "generate",
        help="render spec + templates into the output folder",
        description="Render the spec through the templates and update the output folder atomically; "
        "unchanged files are left alone, files generate no longer produces are removed.",
    )
    add_folder_options(gen, "spec", "templates", "out")
    check = commands.add_parser(
        "check",
        help="exit 1 if the output folder is not exactly what generate would write",
        description="Render into memory and compare with the output folder; list stale, missing "
        "and extra files. Writes nothing. Exit status 0 when up to date, 1 on drift, 2 on spec errors.",
    )
    add_folder_options(check, "spec", "templates", "out")
    from podspec_gen import sync, validate

    sync.add_parser(commands)
    validate.add_parser(commands)
    return parser


def _folders_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the folders, found before the render spends any time."""
    for name in ("spec", "templates"):
        folder: Path = getattr(args, name)
        if not folder.is_dir():
            return f"{name} folder not found: {folder} (use --{name})"
    problem = out_problem(args.out)
    if problem is not None:
        return f"cannot use --out {args.out}: {problem}"
    return None


def _render(args: argparse.Namespace) -> dict[str, str] | None:
    try:
        return generate_files(args.spec, args.templates)
    except SpecError as exc:
        print(exc.report("; nothing written"), file=sys.stderr)
    except RenderError as exc:
        print(f"podspec-gen: {exc}; nothing written", file=sys.stderr)
    except OSError as exc:
        print(f"podspec-gen: {_describe(exc)}; nothing written", file=sys.stderr)
    return None


def _describe(exc: OSError) -> str:
    if isinstance(exc, WriteError) or exc.filename is None:
        return str(exc)
    return f"{exc.filename}: {exc.strerror or exc}"


def _waiting(out: Path, wait: float) -> None:
    print(
        f"podspec-gen: waiting for another podspec-gen run on {out} (up to {wait:g} s)",
        file=sys.stderr,
        flush=True,
    )


def _report(drift: Drift, out: Path) -> None:
    for label, names in (
        ("stale", drift.stale),
        ("missing", drift.missing),
        ("extra", drift.extra),
    ):
        for name in names:
            print(f"{label}: {out / name}")


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["validate"]:
        from podspec_gen import validate

        return validate.main(given[1:])  # the SDK's own options and checks
    args = build_parser().parse_args(argv)
    if args.command == "sync":
        from podspec_gen import sync

        return sync.run(args)
    with guarded() as guard:
        try:
            try:
                return _generate_or_check(args, guard)
            finally:
                pydantic_flavour.cancel_all()
        except Interrupted as exc:
            print(f"podspec-gen: interrupted by {exc.name}", file=sys.stderr)
            return exc.exit_status


def _generate_or_check(args: argparse.Namespace, guard: Guard) -> int:
    problem = _folders_problem(args)
    if problem is not None:
        print(f"podspec-gen: {problem}", file=sys.stderr)
        return EXIT_ERROR
    files = _render(args)
    if files is None:
        return EXIT_ERROR
    try:
        if args.command == "generate":
            return _generate(args.out, files, guard)
        return _check(args.out, files)
    except OSError as exc:
        print(f"podspec-gen: {_describe(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _generate(out: Path, files: dict[str, str], guard: Guard) -> int:
    drift = write(out, files, on_wait=_waiting, critical=guard.deferred)
    if drift.leftovers:
        print(
            f"podspec-gen: removed {len(drift.leftovers)} temp file(s) an interrupted run left in {out}"
        )
    changed = len(drift.stale) + len(drift.missing) + len(drift.extra)
    print(f"podspec-gen: {len(files)} files, {changed} changed in {out}")
    return EXIT_OK


def _check(out: Path, files: dict[str, str]) -> int:
    drift = compare(out, files, on_wait=_waiting)
    if drift.leftovers:
        # Not drift: generate writes the same tree with or without them.
        print(
            f"podspec-gen: {len(drift.leftovers)} temp file(s) an interrupted run left in {out} "
            "(not counted; `podspec-gen generate` removes them)",
            file=sys.stderr,
        )
    if drift:
        _report(drift, out)
        print(
            f"podspec-gen: {out} is out of date; run `podspec-gen generate`",
            file=sys.stderr,
        )
        return EXIT_DRIFT
    print(f"podspec-gen: {out} is up to date ({len(files)} files)")
    return EXIT_OK
