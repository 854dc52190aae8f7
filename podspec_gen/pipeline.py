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
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from podspec_gen import cache
from podspec_gen.model.stored import read_spec_stored, spec_digest
from podspec_gen.render.run import kept_json, render

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
    json_digests: dict[str, str] = {}
    files = render(read_spec_stored(spec_dir), templates, json_digests=json_digests)
    _keep(digest, files, json_digests)
    return files


def _keep(digest: str, files: dict[str, str], json_digests: dict[str, str]) -> None:
    """Keep `files` in order, each JSON file the JSON cache keeps as a reference to
    it: the schemas are most of a render's 50 MB, and writing them a second time
    took a tenth of a second of every generate."""
    kept: list[tuple[str, str, bool]] = []
    for path, text in files.items():
        if path in json_digests:
            kept.append((path, json_digests[path], True))
        else:
            kept.append((path, text, False))
    cache.write_object(KIND, SLOT, digest, kept)


def _kept(digest: str) -> dict[str, str] | None:
    """The last render, if it was for `digest` and the JSON cache still keeps every
    file it refers to."""
    kept = cache.read_object(KIND, SLOT, digest)
    if not isinstance(kept, list):
        return None
    files: dict[str, str] = {}
    for item in kept:
        if not (isinstance(item, tuple) and len(item) == 3):
            return None
        path, value, by_reference = item
        if not isinstance(path, str) or not isinstance(value, str):
            return None
        text = kept_json(path, value) if by_reference is True else value
        if text is None:
            return None
        files[path] = text
    return files


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
