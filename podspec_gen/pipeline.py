"""The whole pipeline as one call: spec folder + templates -> {path: text}.

The rendered files are fully decided by the spec files, the templates, the generator's
code, the Python and the tools it runs, so the last render is kept in the per-user
cache (pickled, one entry, replaced by the next render) under a digest of all of them
and of the folders: a run with nothing changed since the last one (`check` in a
pre-commit hook or CI, `generate` into a new folder) reads the files back instead of
rendering 70 templates again. A spec with problems or a failed render is never kept.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from podspec_gen import cache
from podspec_gen.model.stored import read_spec_stored, spec_digest
from podspec_gen.render.run import render

KIND = "outputs"
# One entry in all, the last render (tens of MB with the schemas): a project's next run
# reads it back, and temporary projects (tests) replace it rather than pile up.
SLOT = "last"
# What the render runs beside its own code: templates, the formatter, the JSON layout,
# the pydantic flavour's generator.
TOOLS = ("jinja2", "ruff", "msgspec", "datamodel-code-generator")


def generate_files(spec_dir: Path, templates: Path) -> dict[str, str]:
    try:
        digest = _digest(spec_dir, templates)
    except OSError:
        digest = None  # an unreadable folder: reading or rendering says what is wrong
    if digest is None:
        return render(read_spec_stored(spec_dir), templates)
    kept = _kept(digest)
    if kept is not None:
        return kept
    early: list[tuple[set[str], bytes]] = []

    def keep_early(files: dict[str, str]) -> None:
        early.append((set(files), _pickled(files)))

    files = render(read_spec_stored(spec_dir), templates, while_waiting=keep_early)
    _keep(digest, files, early)
    return files


def _kept(digest: str) -> dict[str, str] | None:
    """The last render, if it was for `digest`: the order of its files, then the files
    in parts (see `_keep`)."""
    parts = cache.read_objects(KIND, SLOT, digest)
    if not parts:
        return None
    order, *pieces = parts
    found: dict[str, str] = {}
    for piece in pieces:
        if not isinstance(piece, dict):
            return None
        found.update(piece)
    if not isinstance(order, list) or sorted(order) != sorted(found):
        return None
    return {path: found[path] for path in order}


def _keep(
    digest: str, files: dict[str, str], early: list[tuple[set[str], bytes]]
) -> None:
    """Keep `files` as their order, the part the render handed over while it waited
    for its second process (pickled then: most of the time a kept render costs), and
    the rest."""
    done = set().union(*(paths for paths, _ in early))
    rest = {path: text for path, text in files.items() if path not in done}
    pieces = [_pickled(list(files)), *(data for _, data in early), _pickled(rest)]
    cache.write_objects(KIND, SLOT, digest, pieces)


def _pickled(obj: object) -> bytes:
    return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)


def _digest(spec_dir: Path, templates: Path) -> str:
    folders = f"{spec_dir.resolve()}\0{templates.resolve()}\0{os.getcwd()}\0"
    h = hashlib.sha256((folders + spec_digest(spec_dir) + _code_version()).encode())
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        h.update(path.relative_to(templates).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def _code_version() -> str:
    tools = " ".join(f"{t} {_version(t)}" for t in TOOLS)
    return cache.key(tools, cache.code_version())


def _version(tool: str) -> str:
    try:
        return version(tool)
    except PackageNotFoundError:  # the render says what is missing, if it needs it
        return "absent"
