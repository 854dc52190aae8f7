"""`podspec-gen validate ...`: the generated SDK's `podspec validate`, run on the
project's SDK (`generated/python`, or `--sdk DIR`; without a project, the installed
`podspec`). One engine: the verdicts, messages, options and exit status are the SDK's
(`podspec.cli`, `podspec.validator`); this only finds the SDK.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from podspec_gen.project import EXIT_ERROR, find_root
from podspec_gen.validate.sdk import SdkError, installed_cli, load_cli

SDK_FOLDER = Path("generated") / "python"
SPEC_FILE = Path("spec") / "podspec.yaml"


def add_parser(commands: Any) -> None:
    """Listed in `podspec-gen --help`; main() hands the arguments to the SDK before
    this parser sees them."""
    commands.add_parser(
        "validate",
        help="check manifests with the generated SDK (podspec validate)",
        description="Run the generated SDK's `podspec validate` (see podspec "
        "validate --help); --sdk DIR picks the folder holding the podspec package.",
    )


def main(argv: list[str]) -> int:
    """`argv` are the arguments after `validate`."""
    folder, rest = _take_sdk(argv)
    try:
        cli = _cli(folder)
    except SdkError as exc:
        print(
            f"podspec-gen: cannot load the podspec SDK: {exc} "
            "(run `podspec-gen generate`, or pass --sdk DIR)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    status: int = cli.main(["validate", *rest])
    return status


def _take_sdk(argv: list[str]) -> tuple[Path | None, list[str]]:
    """`--sdk DIR` (or `--sdk=DIR`) out of the arguments, and the rest."""
    parser = argparse.ArgumentParser(prog="podspec-gen validate", add_help=False)
    parser.add_argument("--sdk", type=Path)
    known, rest = parser.parse_known_args(argv)
    sdk: Path | None = known.sdk
    return sdk, rest


def _cli(folder: Path | None) -> ModuleType:
    if folder is not None:
        return load_cli(folder)
    root = find_root()
    if (root / SPEC_FILE).is_file() and (root / SDK_FOLDER).is_dir():
        return load_cli(root / SDK_FOLDER)
    return installed_cli()
