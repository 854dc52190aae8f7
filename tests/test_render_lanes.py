"""The render's second lane: part of the outputs rendered in a forked child gives the
same files, in the same order, and the same errors as one process; the child never
outlives the render, however the render ends."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import PROJECT, TEMPLATES, model

from podspec_gen.render import process
from podspec_gen.render.job import RenderError
from podspec_gen.render.run import render

pytestmark = pytest.mark.skipif(
    not process.can_fork(),
    reason="no second lane here: not Linux, one core, or threads running",
)


def _gone(pid: int, within: float = 10.0) -> bool:
    """Whether `pid` has ended (a zombie nobody has reaped yet has ended too)."""
    deadline = time.monotonic() + within
    while True:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return True
        if stat.rpartition(")")[2].split()[0] in ("Z", "X"):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def test_two_processes_render_the_files_one_does_in_its_order() -> None:
    spec = model()
    serial = render(spec, TEMPLATES, pydantic=False, parallel=False)
    forked = render(spec, TEMPLATES, pydantic=False, parallel=True)

    assert list(forked) == list(serial)
    assert forked == serial


def test_a_template_error_in_the_second_lane_is_the_one_process_error(
    tmp_path: Path,
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "markdown" / "group.md.j2"
    page.write_text(page.read_text() + "{{ no_such_value }}\n")

    raised = []
    for parallel in (False, True):
        with pytest.raises(RenderError) as caught:
            render(model(), templates, pydantic=False, parallel=parallel)
        raised.append(str(caught.value))

    assert raised[0] == raised[1]
    assert "no_such_value" in raised[0]


def test_an_exception_in_the_child_comes_back_with_its_traceback() -> None:
    def work() -> int:
        return int("not a number")

    lane = process.Lane(work)
    with pytest.raises(ValueError, match="not a number") as caught:
        lane.result()

    (note,) = caught.value.__notes__
    assert note.startswith("in the render's second process:")
    assert 'int("not a number")' in note
    assert _gone(lane.pid)


def test_closing_a_lane_stops_its_child_at_once() -> None:
    lane = process.Lane(lambda: time.sleep(60))
    started = time.monotonic()
    lane.close()
    lane.close()  # idempotent

    assert time.monotonic() - started < 5
    assert _gone(lane.pid, within=0)


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_the_child_dies_with_a_parent_killed_outright(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import sys, time
        from podspec_gen.render import process
        lane = process.Lane(lambda: time.sleep(60))
        print(lane.pid, flush=True)
        time.sleep(60)
        """)
    parent = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert not _gone(child, within=0.2)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)

        assert _gone(child)
    finally:
        parent.kill()
        parent.wait()
