"""Child processes of a render: a forked lane that renders part of the outputs on the
second core, and what every child of ours does so that it never outlives us.

A render is pure Python (Jinja, then formatting and JSON layout), so one process keeps
one core busy however many the machine has. Forking after the model is built hands the
child the model, the templates and the caches for free (copy-on-write), where a spawned
worker would have to rebuild or unpickle them; only the rendered text comes back.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

PR_SET_PDEATHSIG = 1

# Set to "1" to render in one process (a debugger, a profile of the whole render).
SERIAL_ENV = "PODSPEC_GEN_SERIAL"


def die_with_parent() -> Callable[[], None]:
    """What a child of ours runs first: on Linux, have the kernel SIGKILL it when we
    die, however we die (a SIGKILL gives us no chance to clean up after it). Strictly:
    when the thread that started it ends, which is the one that waits for it. Made in
    the parent, so that the child (a `preexec_fn` among them) loads no library."""
    parent = os.getpid()
    if sys.platform != "linux":
        return lambda: None
    import ctypes

    prctl = ctypes.CDLL(None).prctl

    def setup() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # we died before that took effect
            os._exit(1)

    return setup


def can_fork() -> bool:
    """Whether a forked lane would help and is safe: Linux (fork is the platform's
    own way there; macOS frameworks are not fork-safe), two cores for us, and no
    other thread, whose locks a child would inherit held."""
    if os.environ.get(SERIAL_ENV) == "1" or not sys.platform.startswith("linux"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2 and threading.active_count() == 1


class Lane(Generic[T]):
    """`work()` running in a forked child; `result()` is its return value, or raises
    what it raised. `close()` (idempotent) kills the child if it still runs."""

    def __init__(self, work: Callable[[], T]) -> None:
        setup = die_with_parent()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_end)
            _child(setup, write_end, work)
        os.close(write_end)
        self.pid = pid
        self._running = True
        self._reader = os.fdopen(read_end, "rb")

    def result(self) -> T:
        try:
            payload = self._reader.read()
            if self._running:
                self._running = False
                os.waitpid(self.pid, 0)
        finally:
            self.close()
        if not payload:
            raise RuntimeError("the render's second process died without an answer")
        status, value = pickle.loads(payload)
        if status == "ok":
            answer: T = value
            return answer
        raise value

    def close(self) -> None:
        if self._running:
            self._running = False
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        self._reader.close()


def _child(
    setup: Callable[[], None], write_end: int, work: Callable[[], object]
) -> None:  # pragma: no cover - runs in the child
    """Run `work`, send back its answer or its exception, and leave at once: no
    atexit handler, no `finally` of the parent's stack, no buffered output of the
    parent's is flushed a second time."""
    code = 0
    try:
        setup()
        try:
            payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # sent to the parent, which raises it
            payload = pickle.dumps(("error", _portable(exc)))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        code = 1  # the parent is gone (a broken pipe) or stops us: nobody to tell
    finally:
        os._exit(code)


def _portable(exc: BaseException) -> BaseException:
    """`exc` with the child's traceback as a note, as an exception that pickles."""
    text = "".join(traceback.format_exception(exc)).rstrip()
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    exc.add_note(f"in the render's second process:\n{text}")
    return exc
