"""`podspec-gen sync`: compare the spec with upstream Kubernetes definitions."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    sync = commands.add_parser(
        "sync",
        help="report drift between the spec and an upstream definitions file",
        description="Compare spec/ with a Kubernetes definitions file (swagger.json or "
        "kubernetes-validate's _definitions.json). Exit status 1 when they differ.",
    )
    from pathlib import Path

    from generator.cli import PROJECT

    sync.add_argument(
        "--upstream", type=Path, required=True, help="definitions file to compare with"
    )
    sync.add_argument(
        "--spec",
        type=Path,
        default=PROJECT / "spec",
        help="spec folder (default: %(default)s)",
    )
    sync.add_argument(
        "--write", action="store_true", help="add missing types and fields to spec/"
    )


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
