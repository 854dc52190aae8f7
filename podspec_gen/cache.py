"""A per-user cache of what is slow to make and fully determined by its input: the
formatter's output for a module, datamodel-codegen's for a schema structure, the canonical
form of a rendered JSON file, a spec file's parsed YAML and its records, the spec's
model, the rules' walkers, the last render.

Entries live under `$XDG_CACHE_HOME/podspec-gen/<kind>/` (`~/.cache` by default), named
by a hash of everything that decides them, so a hit is byte-for-byte what a fresh run
would make. Never part of the output: a missing or unwritable cache only makes a slower
run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")

PACKAGE = Path(__file__).resolve().parent


def folder(kind: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "podspec-gen" / kind


def key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def code_version(*folders: str) -> str:
    """A digest of the generator's code in `folders` (subpackages; none: all of it)
    and the Python running it, for entries that code decides."""
    h = hashlib.sha256(sys.version.encode())
    roots = [PACKAGE / folder for folder in folders] or [PACKAGE]
    for path in sorted(p for root in roots for p in root.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def read(kind: str, name: str) -> str | None:
    data = read_bytes(kind, name)
    try:
        return None if data is None else data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_bytes(kind: str, name: str) -> bytes | None:
    try:
        return (folder(kind) / name).read_bytes()
    except OSError:
        return None


def write(kind: str, name: str, text: str) -> None:
    write_bytes(kind, name, text.encode("utf-8"))


def write_bytes(kind: str, name: str, data: bytes) -> None:
    _write_chunks(kind, name, (data,))


def _write_chunks(kind: str, name: str, chunks: Iterable[bytes]) -> None:
    """Atomically, so a reader never sees half an entry; in pieces, so a large entry
    is never copied into one buffer first."""
    where = folder(kind)
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(tmp, where / name)
    except OSError:
        return


def read_slot(kind: str, slot: str, digest: str) -> str | None:
    """What `write_slot` stored under `slot`, if it stored it for `digest`.

    A slot holds one entry, replaced by the next: for outputs too large to keep one
    entry per input (a JSON schema is megabytes, and every spec edit changes it).
    """
    body = _read_slot(kind, slot, digest)
    try:
        return None if body is None else body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_slot(kind: str, slot: str, digest: str, text: str) -> None:
    _write_slot(kind, slot, digest, text.encode("utf-8"))


def read_object(kind: str, slot: str, digest: str) -> object:
    """The object `write_object` stored under `slot` for `digest`, or None: a missing,
    stale or damaged entry is a miss, never an error."""
    try:
        with _open_slot(kind, slot, digest) as handle:
            return None if handle is None else pickle.load(handle)
    except Exception:  # any damage to an entry is a miss
        return None


def write_object(kind: str, slot: str, digest: str, obj: object) -> None:
    body = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    _write_chunks(kind, slot, (digest.encode() + b"\n", body))


def remember(
    kind: str,
    slot: str,
    digest: str,
    of: type | tuple[type, ...],
    make: Callable[[], T],
) -> T:
    """What `make()` gave for `digest`, kept under `slot`; else `make()`, then kept. An
    entry that is not an `of` is a miss. `make` raising keeps nothing, so a problem
    (a spec mistake, a failed render) is found afresh on every run."""
    kept = read_object(kind, slot, digest)
    if isinstance(kept, of):
        return cast(T, kept)  # written from make()'s result for this digest
    made = make()
    write_object(kind, slot, digest, made)
    return made


def _read_slot(kind: str, slot: str, digest: str) -> bytes | None:
    try:
        with _open_slot(kind, slot, digest) as handle:
            return None if handle is None else handle.read()
    except OSError:
        return None


@contextlib.contextmanager
def _open_slot(kind: str, slot: str, digest: str) -> Iterator[io.BufferedReader | None]:
    """The entry under `slot`, open past its digest line if that line is `digest`;
    else None. Only the first line is read for a stale entry (the last render's is
    megabytes)."""
    try:
        handle = open(folder(kind) / slot, "rb")  # noqa: SIM115 - closed below
    except OSError:
        yield None
        return
    with handle:
        head = handle.readline(len(digest) + 2)
        yield handle if head == digest.encode() + b"\n" else None


def _write_slot(kind: str, slot: str, digest: str, body: bytes) -> None:
    _write_chunks(kind, slot, (digest.encode() + b"\n", body))
