"""black for the SDK's modules, one top-level block at a time.

A module is cut before each top-level `def` and `class` (with its decorators and the
comments right above it); each block goes through `format_python` on its own, and the
blocks are joined by the two blank lines black itself puts before a top-level
definition, so the result is what black makes of the whole module (PEP 8's spacing is
the one rule of black's this relies on).

Blocks are what make black affordable here. The SDK is 700 KB of Python, which black
formats at under 200 KB/s: by block, an edit of one field's description re-formats the
one class it is in rather than its 270 KB module, and on a cold cache the blocks of a
large module are formatted on every core at once. The result is cached as a whole too,
so an unchanged module costs one cache read.
"""

from __future__ import annotations

import ast
import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from itertools import pairwise, repeat

from podspec_gen.render.format import cached, format_python, store
from podspec_gen.render.job import RenderError

# Below this much Python to format, starting workers costs more than it saves.
PARALLEL_FROM = 16 * 1024


def format_module(text: str, name: str = "<generated>") -> str:
    """`text` as black prints it, formatted by blocks (see the module docstring)."""
    whole = cached(text)
    if whole is not None:
        return whole
    blocks = top_level_blocks(text, name)
    known = {block: cached(block) for block in blocks}
    missing = [block for block, done in known.items() if done is None]
    made = dict(zip(missing, _format_all(missing, name), strict=True))
    result = "\n\n".join(known[block] or made[block] for block in blocks)
    store(text, result)
    return result


def top_level_blocks(text: str, name: str) -> list[str]:
    """`text` cut before each top-level definition; each block ends with one newline."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise RenderError(f"{name}: rendered Python does not parse: {exc}") from None
    lines = text.split("\n")  # as `ast` counts lines (not splitlines: U+2028 is prose)
    starts = {0}
    end_of_previous = 0
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            # Comments right above a definition belong to it, as black keeps them.
            while first > end_of_previous and lines[first - 1].startswith("#"):
                first -= 1
            starts.add(first)
        end_of_previous = node.end_lineno or node.lineno
    bounds = [*sorted(starts), len(lines)]
    blocks = ("\n".join(lines[a:b]).strip("\n") for a, b in pairwise(bounds))
    return [block + "\n" for block in blocks if block]


def _format_all(blocks: list[str], name: str) -> list[str]:
    workers = min(os.cpu_count() or 1, len(blocks))
    if workers < 2 or sum(map(len, blocks)) < PARALLEL_FROM:
        return [format_python(block, name) for block in blocks]
    # A pool per module: a few milliseconds to start, and no worker outlives the call.
    # black is imported first, so that forked workers start with it loaded.
    import black  # noqa: F401

    pool = ProcessPoolExecutor(
        workers,
        mp_context=_CONTEXT,
        initializer=_worker_setup,
        initargs=(os.getpid(),),
    )
    try:
        chunk = max(1, len(blocks) // (8 * workers))
        return list(pool.map(format_python, blocks, repeat(name), chunksize=chunk))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# Forked on Linux, so a worker starts with black already imported (elsewhere forking
# a process that has loaded system frameworks is unsafe, and workers are spawned).
_CONTEXT = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
_STOP = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP")
    if hasattr(signal, name)
)
PR_SET_PDEATHSIG = 1


def _worker_setup(parent: int) -> None:
    """A worker leaves stopping to its parent, which cancels the blocks not yet
    started (a Ctrl-C reaches the whole process group), and on Linux dies with it even
    when the parent is SIGKILLed, instead of waiting for work forever."""
    for signum in _STOP:
        signal.signal(signum, signal.SIG_IGN)
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before that took effect
            os._exit(1)
