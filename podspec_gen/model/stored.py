"""The model of a spec folder, from the per-user cache when it was built before.

Building the model reads and checks 900 KB of YAML: a third of a `generate` whose
outputs come from the caches. The model is fully decided by the spec files, the code
that reads and checks them and the Python running it, so it is kept (pickled, one entry
per spec folder, replaced by the next build) under a digest of all three. A spec with
problems is never kept: every run reports them afresh.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from podspec_gen import cache
from podspec_gen.model.build import read_spec
from podspec_gen.model.types import Spec

KIND = "model"


def read_spec_stored(spec_dir: Path) -> Spec:
    """`read_spec(spec_dir)`, from the cache when nothing that decides it changed."""
    try:
        digest = spec_digest(spec_dir)
    except OSError:
        return read_spec(spec_dir)  # an unreadable folder: read_spec says what is wrong
    slot = cache.key(str(spec_dir.resolve()), os.getcwd())
    return cache.remember(KIND, slot, digest, Spec, lambda: read_spec(spec_dir))


def spec_digest(spec_dir: Path) -> str:
    """What decides the model: every YAML file of the folder (the root names no file
    outside it), the code that reads and checks them, the Python."""
    h = hashlib.sha256(cache.code_version("spec", "model").encode())
    for path in sorted(spec_dir.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
