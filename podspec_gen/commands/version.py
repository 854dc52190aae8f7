"""`podspec-gen --version`: the tool's version and the Kubernetes release of the spec
the commands would read by default."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

import podspec_gen
from podspec_gen.project import MARKER, find_root


def tool_version() -> str:
    try:
        return metadata.version("podspec-gen")
    except metadata.PackageNotFoundError:
        # Run from a checkout that was never installed (python -m podspec_gen).
        return podspec_gen.__version__


def kubernetes_release(root_spec: Path) -> str | None:
    """The `kubernetes:` release of a spec's root file; None when it cannot be read."""
    try:
        data = yaml.safe_load(root_spec.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    release = data.get("kubernetes") if isinstance(data, dict) else None
    return release if isinstance(release, str) and release else None


def version_line(start: Path | None = None) -> str:
    root_spec = find_root(start) / MARKER
    release = kubernetes_release(root_spec)
    line = f"podspec-gen {tool_version()}"
    if release is None:
        return line
    return f"{line} (Kubernetes {release}, spec {root_spec.parent})"


class VersionAction(argparse.Action):
    """Like argparse's "version" action, but the line is worked out only when asked
    for: it reads the spec."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str = argparse.SUPPRESS,
        default: Any = argparse.SUPPRESS,
        help: str | None = None,
    ) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        print(version_line())
        parser.exit()
