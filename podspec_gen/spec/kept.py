"""Each spec file's records, from the per-user cache when the file was read before.

A file's records depend only on its bytes, how the root names and lists it, and the
code that reads it, so they are kept per file (one entry per file name, replaced when
the file changes): a generate after an edit of one file reads the others back (0.04 s
for all of them) instead of reading their YAML into records again (0.25 s). Only a
file that reads without a problem is kept, so every problem is found afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import yaml

from podspec_gen import cache
from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawFile

KIND = "spec-file"

# Reads one file afresh: (path, name, kind, display, problems) -> its records.
Reader = Callable[[Path, str, str, str, list[Problem]], RawFile | None]


def read_kept(
    path: Path,
    name: str,
    kind: str,
    display: str,
    problems: list[Problem],
    read: Reader,
) -> RawFile | None:
    """`read(path, name, kind, display, problems)`, from the cache when it was kept."""
    try:
        data = path.read_bytes()
    except OSError:
        return read(path, name, kind, display, problems)  # it says what is wrong
    slot = cache.key(name, display)
    made_by = (cache.code_version("spec"), yaml.__version__, name, kind, display)
    digest = cache.key(*made_by, hashlib.sha256(data).hexdigest())
    kept = cache.read_object(KIND, slot, digest)
    if isinstance(kept, RawFile):
        return kept
    before = len(problems)
    raw = read(path, name, kind, display, problems)
    if raw is not None and len(problems) == before:
        cache.write_object(KIND, slot, digest, raw)
    return raw
