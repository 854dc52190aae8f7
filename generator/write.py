"""Write rendered files atomically, or compare them with what is on disk.

Only files whose content changed are replaced (temp file in the same folder, then
`os.replace`), so an interrupted run never leaves a half-written file and an unchanged
tree is not touched at all.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Things tools create inside generated/ that are not ours to manage.
IGNORED_PARTS = frozenset(
    {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build"}
)


@dataclass(frozen=True)
class Drift:
    stale: tuple[str, ...]  # on disk, but with other content
    missing: tuple[str, ...]  # would be written, not on disk
    extra: tuple[str, ...]  # on disk, not produced by generate

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.extra)


# Compiled extension modules: an in-place build of the accelerated SDK
# (HATCH_BUILD_HOOK_ENABLE_MYPYC=1 pip install generated/python) leaves one in the
# package folder. generate never writes one, so it is a build artefact, not drift.
EXTENSION_SUFFIXES = frozenset({".so", ".pyd"})


def _ignored(rel: Path) -> bool:
    return rel.suffix in EXTENSION_SUFFIXES or any(
        part in IGNORED_PARTS or part.endswith(".egg-info") for part in rel.parts
    )


def existing_files(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    found = set()
    for path in out.rglob("*"):
        rel = path.relative_to(out)
        if path.is_file() and not _ignored(rel):
            found.add(rel.as_posix())
    return found


def compare(out: Path, files: dict[str, str]) -> Drift:
    on_disk = existing_files(out)
    stale, missing = [], []
    for rel, text in sorted(files.items()):
        if rel not in on_disk:
            missing.append(rel)
        elif (out / rel).read_bytes() != text.encode("utf-8"):
            stale.append(rel)
    extra = sorted(on_disk - files.keys())
    return Drift(tuple(stale), tuple(missing), tuple(extra))


def write(out: Path, files: dict[str, str]) -> Drift:
    """Make `out` hold exactly `files`; return what had to change."""
    drift = compare(out, files)
    for rel in (*drift.missing, *drift.stale):
        _atomic_write(out / rel, files[rel].encode("utf-8"))
    for rel in drift.extra:
        (out / rel).unlink()
        _prune_empty(out, (out / rel).parent)
    return drift


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune_empty(out: Path, folder: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
