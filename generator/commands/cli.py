"""The `podspec-gen` command line: generate, check (sync: generator.sync; validate:
generator.validate)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.pipeline import generate_files
from generator.project import EXIT_DRIFT, EXIT_ERROR, EXIT_OK, add_folder_options
from generator.render import RenderError
from generator.spec.errors import SpecError
from generator.write import Drift, compare, write


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="podspec-gen",
        description="Generate a Python SDK, a JSON Schema and reference docs from the PodSpec spec.",
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
    from generator import sync, validate

    sync.add_parser(commands)
    validate.add_parser(commands)
    return parser


def _render(args: argparse.Namespace) -> dict[str, str] | None:
    for name in ("spec", "templates"):
        folder: Path = getattr(args, name)
        if not folder.is_dir():
            print(
                f"podspec-gen: {name} folder not found: {folder} (use --{name})",
                file=sys.stderr,
            )
            return None
    try:
        return generate_files(args.spec, args.templates, args.out)
    except SpecError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(
            f"podspec-gen: {count} problem{'s' if count != 1 else ''} in the spec; nothing written",
            file=sys.stderr,
        )
    except RenderError as exc:
        print(f"podspec-gen: {exc}; nothing written", file=sys.stderr)
    return None


def _report(drift: Drift, out: Path) -> None:
    for label, names in (
        ("stale", drift.stale),
        ("missing", drift.missing),
        ("extra", drift.extra),
    ):
        for name in names:
            print(f"{label}: {out / name}")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "sync":
        from generator import sync

        return sync.run(args)
    if args.command == "validate":
        from generator import validate

        return validate.run(args)
    files = _render(args)
    if files is None:
        return EXIT_ERROR
    if args.command == "generate":
        drift = write(args.out, files)
        changed = len(drift.stale) + len(drift.missing) + len(drift.extra)
        print(f"podspec-gen: {len(files)} files, {changed} changed in {args.out}")
        return EXIT_OK
    drift = compare(args.out, files)
    if drift:
        _report(drift, args.out)
        print(
            f"podspec-gen: {args.out} is out of date; run `podspec-gen generate`",
            file=sys.stderr,
        )
        return EXIT_DRIFT
    print(f"podspec-gen: {args.out} is up to date ({len(files)} files)")
    return EXIT_OK
