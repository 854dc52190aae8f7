"""The model of a spec folder, from the per-user cache when it was built before.

Building the model reads and checks 900 KB of YAML: a third of a `generate` whose
outputs come from the caches. The model is fully decided by the spec files, the code
that reads and checks them and the Python running it, so it is kept (pickled, one entry
per spec folder, replaced by the next build) under a digest of all three. A spec with
problems is never kept: every run reports them afresh.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from podspec_gen import cache
from podspec_gen.model.build import read_spec
from podspec_gen.model.types import Spec

KIND = "model"
PACKAGE = Path(__file__).resolve().parent.parent


def read_spec_stored(spec_dir: Path) -> Spec:
    """`read_spec(spec_dir)`, from the cache when nothing that decides it changed."""
    try:
        digest = spec_digest(spec_dir)
    except OSError:
        return read_spec(spec_dir)  # an unreadable folder: read_spec says what is wrong
    slot = cache.key(str(spec_dir.resolve()), os.getcwd())
    kept = cache.read_object(KIND, slot, digest)
    if isinstance(kept, Spec):
        return kept
    spec = read_spec(spec_dir)
    cache.write_object(KIND, slot, digest, spec)
    return spec


def spec_digest(spec_dir: Path) -> str:
    """What decides the model: every YAML file of the folder (the root names no file
    outside it), the code that reads and checks them, the Python."""
    h = hashlib.sha256(_code_version().encode())
    for path in sorted(spec_dir.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def _code_version() -> str:
    h = hashlib.sha256(sys.version.encode())
    for folder in ("spec", "model"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()
