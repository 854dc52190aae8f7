"""Where the project is: the folders every command reads and writes by default.

A command run inside a checkout works on that checkout, found by walking up from the
current directory to the folder that holds `spec/podspec.yaml`; a flag overrides each
folder. Outside any checkout the defaults fall back to the checkout the tool was
installed from (an editable install), so `podspec-gen check` never checks the wrong tree
silently when run inside one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_DRIFT, EXIT_ERROR = 0, 1, 2

MARKER = Path("spec") / "podspec.yaml"
INSTALLED = Path(__file__).resolve().parent.parent

# Folder options shared by the commands: (default under the project, what it is).
FOLDERS = {
    "spec": ("spec", "spec folder"),
    "templates": ("templates", "templates folder"),
    "out": ("generated", "output folder"),
}


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the current directory) holding
    the spec, else the checkout the tool was installed from."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return INSTALLED


def folder_default(root: Path, name: str) -> Path:
    """`root`'s folder `name`; a project that keeps only a spec uses the templates the
    tool was installed with."""
    folder = root / FOLDERS[name][0]
    if name == "templates" and not folder.is_dir():
        return INSTALLED / FOLDERS[name][0]
    return folder


def add_folder_options(
    parser: argparse.ArgumentParser, *names: str, root: Path | None = None
) -> None:
    base = root if root is not None else find_root()
    for name in names:
        what = FOLDERS[name][1]
        parser.add_argument(
            f"--{name}",
            type=Path,
            default=folder_default(base, name),
            help=f"{what} (default: %(default)s)",
        )
