"""SIGINT, SIGTERM and SIGHUP as an exception, so that a stopped run cleans up.

Python's default SIGTERM and SIGHUP end the process on the spot: no `finally` runs, so
temp files, a temp folder and the datamodel-codegen child would outlive the run. Raised
as `Interrupted` instead, the signal unwinds the stack through every cleanup on its way.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP")
    if hasattr(signal, name)
)


class Interrupted(BaseException):
    """A signal asked the run to stop. A BaseException, like KeyboardInterrupt, so that
    no `except Exception` on the way up can swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        # What a shell reports for a process a signal ended.
        return 128 + self.signum


class Guard:
    """Turns the first signal into `Interrupted`; later ones are ignored, so that they
    cannot cut short the cleanup the first one set off."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.active = True
        self._deferring = False
        self._pending: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        # Once the run is over (`active` off while the handlers are put back) there is
        # nothing left to stop: raising then would only print a traceback.
        if self.received is not None or not self.active:
            return
        if self._deferring:
            self._pending = signum
            return
        self.received = signum
        raise Interrupted(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold signals off for a short step that must not stop halfway (renaming the
        staged files into place); one that arrived meanwhile is raised at its end."""
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
            pending, self._pending = self._pending, None
            if pending is not None:
                self.received = pending
        if pending is not None:
            raise Interrupted(pending)


@contextlib.contextmanager
def guarded() -> Iterator[Guard]:
    """Install the handlers for the duration (main thread only: elsewhere Python does
    not deliver signals, and the caller's handlers stay)."""
    guard = Guard()
    if threading.current_thread() is not threading.main_thread():
        yield guard
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    # A signal ignored on purpose (nohup, a background job's SIGINT) stays ignored.
    taken = [s for s, handler in previous.items() if handler is not signal.SIG_IGN]
    for signum in taken:
        signal.signal(signum, guard.handle)
    try:
        yield guard
    finally:
        guard.active = False
        for signum in taken:
            signal.signal(signum, previous[signum] or signal.SIG_DFL)
