"""Write rendered files atomically, or compare them with what is on disk.

Only files whose content changed are replaced, so an unchanged tree is not touched at
all. A write happens in two steps: every new content goes to a temp file beside its
target first, and only when all of them are on disk are they renamed into place (and
files generate no longer produces removed). A folder that cannot be written, a full disk
or an interruption before the renames therefore leaves the tree exactly as it was.

Two runs on one output folder take turns: `write` holds an exclusive `flock` on the
folder itself and `compare` a shared one. Locking the folder rather than a lock file
means there is nothing to clean up after a crash, nothing that could count as drift and
nothing for git to see.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

# Things tools create inside generated/ that are not ours to manage.
IGNORED_PARTS = frozenset(
    {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build"}
)

# Compiled extension modules: an in-place build of the accelerated SDK
# (HATCH_BUILD_HOOK_ENABLE_MYPYC=1 pip install generated/python) leaves one in the
# package folder. generate never writes one, so it is a build artefact, not drift.
EXTENSION_SUFFIXES = frozenset({".so", ".pyd"})

# Our temp files: `.<name>.<mkstemp's 8 random characters>.podspec-gen.tmp`. Only a
# killed run leaves one; the next write removes it and compare does not count it.
TEMP_SUFFIX = ".podspec-gen.tmp"
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))

# How long a run waits for another one on the same output folder before giving up.
LOCK_WAIT = 60.0
_POLL = 0.05


class WriteError(OSError):
    """The output folder cannot be written or locked; the message is one line."""


@dataclass(frozen=True)
class Drift:
    stale: tuple[str, ...]  # on disk, but with other content
    missing: tuple[str, ...]  # would be written, not on disk
    extra: tuple[str, ...]  # on disk, not produced by generate
    # Temp files a killed run left: never drift; write removes them.
    leftovers: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.extra)


def is_temp(name: str) -> bool:
    return _TEMP_NAME.fullmatch(name) is not None


def _ignored(rel: Path) -> bool:
    return rel.suffix in EXTENSION_SUFFIXES or any(
        part in IGNORED_PARTS or part.endswith(".egg-info") for part in rel.parts
    )


def _walk(out: Path) -> tuple[set[str], set[str]]:
    """(our files, our leftover temp files) under `out`."""
    found: set[str] = set()
    temps: set[str] = set()
    if not out.is_dir():
        return found, temps
    for path in out.rglob("*"):
        rel = path.relative_to(out)
        if _ignored(rel) or not path.is_file():
            continue
        (temps if is_temp(path.name) else found).add(rel.as_posix())
    return found, temps


def existing_files(out: Path) -> set[str]:
    return _walk(out)[0]


def out_problem(out: Path) -> str | None:
    """Why `out` can never be an output folder (a file is in the way), else None."""
    if out.exists() and not out.is_dir():
        return "not a folder"
    for parent in out.parents:
        if parent.exists():
            return None if parent.is_dir() else f"{parent} is not a folder"
    return None


OnWait = Callable[[Path, float], None]


def compare(
    out: Path,
    files: dict[str, str],
    *,
    wait: float | None = None,
    on_wait: OnWait | None = None,
) -> Drift:
    """What `write` would change in `out`; reads only, after any write in progress."""
    if not out.is_dir():
        return _compare(out, files)
    with _locked(out, exclusive=False, wait=wait, on_wait=on_wait):
        return _compare(out, files)


def _compare(out: Path, files: dict[str, str]) -> Drift:
    on_disk, temps = _walk(out)
    stale, missing = [], []
    for rel, text in sorted(files.items()):
        if rel not in on_disk:
            missing.append(rel)
        elif (out / rel).read_bytes() != text.encode("utf-8"):
            stale.append(rel)
    extra = sorted(on_disk - files.keys())
    return Drift(tuple(stale), tuple(missing), tuple(extra), tuple(sorted(temps)))


def write(
    out: Path,
    files: dict[str, str],
    *,
    wait: float | None = None,
    on_wait: OnWait | None = None,
    critical: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext,
) -> Drift:
    """Make `out` hold exactly `files`; return what had to change.

    `critical` wraps the renames (the caller's way to hold off signals there, so that an
    interruption never leaves a tree that is half old, half new). Raises WriteError.
    """
    problem = out_problem(out)
    if problem is not None:
        raise WriteError(f"cannot write {out}: {problem}")
    try:
        with _locked(out, exclusive=True, wait=wait, on_wait=on_wait):
            drift = _compare(out, files)
            for rel in drift.leftovers:
                (out / rel).unlink(missing_ok=True)
            _apply(out, files, drift, critical)
            return drift
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(f"cannot write {out}: {_describe(exc, out)}") from None


def replace(folder: Path, files: dict[str, str]) -> None:
    """Replace some files of `folder` (others stay), all or none: each is staged beside
    its target first, then all are renamed into place. Raises WriteError."""
    try:
        _apply(folder, files, Drift(tuple(files), (), ()), contextlib.nullcontext)
    except OSError as exc:
        raise WriteError(f"cannot write {folder}: {_describe(exc, folder)}") from None


def _apply(
    out: Path,
    files: dict[str, str],
    drift: Drift,
    critical: Callable[[], AbstractContextManager[object]],
) -> None:
    staged: dict[Path, Path] = {}
    renamed = 0
    done = False
    try:
        for rel in (*drift.missing, *drift.stale):
            staged[out / rel] = _stage(out / rel, files[rel].encode("utf-8"))
        with critical():
            for target, temp in staged.items():
                os.replace(temp, target)
                renamed += 1
            for rel in drift.extra:
                (out / rel).unlink(missing_ok=True)
                _prune_empty(out, (out / rel).parent)
        done = True
    except OSError as exc:
        changed = (
            f"{renamed} of {len(staged)} files already replaced"
            if renamed
            else "nothing changed"
        )
        raise WriteError(
            f"cannot write {out}: {_describe(exc, out)}; {changed}"
        ) from None
    finally:
        if not done:
            _discard(out, [out / rel for rel in (*drift.missing, *drift.stale)])


def _discard(out: Path, targets: list[Path]) -> None:
    """Remove what a failed or interrupted write staged, and the folders it made for it.
    We hold the lock, so every temp file of ours under `out` is from this run (including
    one created a moment before an interruption, not yet recorded)."""
    # Best effort: the error that brought us here is the one to report.
    with contextlib.suppress(OSError):
        for rel in _walk(out)[1]:
            (out / rel).unlink(missing_ok=True)
        for target in targets:
            _prune_empty(out, target.parent)


def _stage(path: Path, data: bytes) -> Path:
    """`data` in a new temp file beside `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX
    )
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _prune_empty(out: Path, folder: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _describe(exc: OSError, out: Path) -> str:
    reason = exc.strerror or str(exc)
    if exc.filename is None or Path(exc.filename) == out:
        return reason
    return f"{exc.filename}: {reason}"


@contextlib.contextmanager
def _locked(
    out: Path, *, exclusive: bool, wait: float | None, on_wait: OnWait | None
) -> Iterator[None]:
    if exclusive:
        out.mkdir(parents=True, exist_ok=True)
    fd = _acquire(out, exclusive, LOCK_WAIT if wait is None else wait, on_wait)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing the folder releases its lock


if sys.platform == "win32":

    def _acquire(
        out: Path, exclusive: bool, wait: float, on_wait: OnWait | None
    ) -> int | None:
        return None  # no flock: runs on one folder are not kept apart

else:
    import fcntl

    def _acquire(
        out: Path, exclusive: bool, wait: float, on_wait: OnWait | None
    ) -> int | None:
        """An open descriptor of `out` holding its lock (None: `out` is gone, for a
        reader). Raises WriteError when another run holds it for longer than `wait`."""
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
            except FileNotFoundError:
                if not exclusive:
                    return None
                out.mkdir(parents=True, exist_ok=True)
                continue
            if _try_lock(fd, mode) and _still_there(fd, out):
                return fd
            os.close(fd)
            if time.monotonic() >= deadline:
                raise WriteError(
                    f"{out} is in use by another podspec-gen run; gave up after {wait:g} s"
                )
            if not told and on_wait is not None:
                on_wait(out, wait)
                told = True
            time.sleep(_POLL)

    def _try_lock(fd: int, mode: int) -> bool:
        try:
            fcntl.flock(fd, mode)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                return False
            # A file system that cannot lock folders (some NFS setups): go on unlocked,
            # as every run did before the lock existed.
        return True

    def _still_there(fd: int, out: Path) -> bool:
        """False when `out` was removed or replaced while we waited for its lock."""
        try:
            now = out.stat()
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)
