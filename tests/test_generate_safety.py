"""generate is safe to run twice at once, to interrupt and to point at a bad folder.

Subprocess tests run this checkout's generator (PYTHONPATH) on spec/ and templates/
into temp folders, with TMPDIR pointing at a folder of the test's own, so the
datamodel-codegen temp folders they look for are theirs alone.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import PROJECT, SPEC, TEMPLATES

from podspec_gen import cache
from podspec_gen import write as writer
from podspec_gen.commands.cli import main
from podspec_gen.render import pydantic as pydantic_flavour
from podspec_gen.write import is_temp

FOLDERS = ["--spec", str(SPEC), "--templates", str(TEMPLATES)]
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/cmdline").exists(), reason="needs /proc to find children"
)


def _env(tmpdir: Path) -> dict[str, str]:
    tmpdir.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "PYTHONPATH": str(PROJECT), "TMPDIR": str(tmpdir)}


def _env_without_pydantic_cache(tmpdir: Path) -> dict[str, str]:
    """An environment whose per-user cache has no pydantic flavour, so datamodel-codegen
    must run; the other caches (formatted modules, templates) are the user's, so the run gets to
    that step as fast as usual."""
    env = _env(tmpdir)
    own = cache.folder("x").parent
    root = tmpdir.parent / f"{tmpdir.name}-cache"
    (root / "podspec-gen").mkdir(parents=True, exist_ok=True)
    for kind in ("ruff", "jinja"):
        if (own / kind).is_dir() and not (root / "podspec-gen" / kind).exists():
            (root / "podspec-gen" / kind).symlink_to(own / kind)
    return {**env, "XDG_CACHE_HOME": str(root)}


def _default_sigint() -> None:
    # A shell without job control starts background jobs with SIGINT ignored, and the
    # CLI leaves an ignored signal ignored; the tests that send one need it live.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(command: str, out: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "podspec_gen", command, *FOLDERS, "--out", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )


def _run(
    command: str, out: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    process = _start(command, out, env)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess([], process.returncode, stdout, stderr)


def _tree(out: Path) -> dict[str, bytes]:
    """Every file under `out`, hidden and temp files included."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What one generate writes into an empty folder."""
    base = tmp_path_factory.mktemp("clean")
    result = _run("generate", base / "out", _env(base / "tmp"))
    assert result.returncode == 0, result.stderr
    return base / "out"


@pytest.fixture
def out(clean: Path, tmp_path: Path) -> Path:
    """A copy of the clean tree, to break and repair."""
    return Path(shutil.copytree(clean, tmp_path / "out"))


def _temps(out: Path) -> list[str]:
    return [p.name for p in out.rglob("*") if is_temp(p.name)] if out.exists() else []


# ---- two runs at once -----------------------------------------------------------------


def _perturb(out: Path) -> None:
    """Give a run plenty to write and remove, so that two of them overlap there."""
    shutil.rmtree(out / "docs")
    shutil.rmtree(out / "python" / "podspec")
    (out / "jsonschema" / "podspec.schema.json").write_text("{}\n")
    (out / "jsonschema" / "old.schema.json").write_text("{}\n")


def test_overlapping_generates_take_turns(
    clean: Path, out: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path / "tmp")
    for _ in range(6):
        _perturb(out)
        pair = [_start("generate", out, env) for _ in range(2)]
        results = [process.communicate(timeout=120) for process in pair]
        for process, (stdout, stderr) in zip(pair, results, strict=True):
            assert process.returncode == 0, stderr
            assert "Traceback" not in stderr
            assert stdout.startswith("podspec-gen: ")
            for line in stderr.splitlines():
                assert line.startswith(
                    "podspec-gen: waiting for another podspec-gen run"
                )
        assert _tree(out) == _tree(clean)


def _hold_lock(out: Path) -> int:
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_run_waits_for_the_lock_then_writes(
    clean: Path,
    out: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (out / "docs" / "README.md").unlink()
    fd = _hold_lock(out)
    # The holder lets go a moment after the run first finds the lock taken, however
    # long the run took to render before it asked.
    try_lock = writer._try_lock
    release = threading.Timer(0.3, os.close, args=(fd,))

    def first_try_starts_the_release(descriptor: int, mode: int) -> bool:
        if not release.is_alive() and not release.finished.is_set():
            release.start()
        return try_lock(descriptor, mode)

    monkeypatch.setattr(writer, "_try_lock", first_try_starts_the_release)

    assert main(["generate", *FOLDERS, "--out", str(out)]) == 0

    err = capsys.readouterr().err
    assert err.startswith(f"podspec-gen: waiting for another podspec-gen run on {out}")
    assert _tree(out) == _tree(clean)


@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_run_gives_up_on_a_held_lock_with_one_line(
    command: str,
    out: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (out / "docs" / "README.md").unlink()
    before = _tree(out)
    monkeypatch.setattr(writer, "LOCK_WAIT", 0.3)
    fd = _hold_lock(out)
    try:
        assert main([command, *FOLDERS, "--out", str(out)]) == 2
    finally:
        os.close(fd)

    assert capsys.readouterr().err.splitlines() == [
        f"podspec-gen: waiting for another podspec-gen run on {out} (up to 0.3 s)",
        f"podspec-gen: {out} is in use by another podspec-gen run; gave up after 0.3 s",
    ]
    assert _tree(out) == before


# ---- output folders that cannot be written -------------------------------------------


def _deny(*args: object, **kwargs: object) -> None:
    where = args[0] if args else kwargs.get("dir")
    raise PermissionError(13, "Permission denied", str(where))


@pytest.mark.parametrize(
    "patch",
    [
        (os, "replace"),  # a folder whose entries cannot be renamed
        (writer.tempfile, "mkstemp"),  # a folder nothing can be created in
    ],
    ids=["rename", "create"],
)
def test_unwritable_out_is_one_line_and_nothing_changes(
    patch: tuple[object, str],
    out: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Root writes through permission bits, and there is no read-only mount to use in a
    # test, so the refusal comes from the system call itself.
    shutil.rmtree(out / "docs")
    (out / "python" / "podspec" / "network.py").write_text("# edited\n")
    before = _tree(out)
    monkeypatch.setattr(*patch, _deny)

    assert main(["generate", *FOLDERS, "--out", str(out)]) == 2

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"podspec-gen: cannot write {out}: ")
    assert lines[0].endswith(": Permission denied; nothing changed")
    assert _tree(out) == before
    assert not (out / "docs").exists()  # the folder staging made is gone again


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permission bits")
def test_read_only_out_is_one_line(out: Path, tmp_path: Path) -> None:
    (out / "docs" / "README.md").unlink()
    before = _tree(out)
    folders = [out, *(p for p in out.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        result = _run("generate", out, _env(tmp_path / "tmp"))
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.startswith(f"podspec-gen: cannot write {out}: ")
    assert result.stderr.count("\n") == 1
    assert _tree(out) == before


# ---- interruptions --------------------------------------------------------------------


def _children(tmpdir: Path) -> list[int]:
    """Live processes started with our TMPDIR's files on their command line."""
    marker = str(tmpdir).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _interrupt_in_pydantic_step(
    tmp_path: Path, signum: int
) -> tuple[subprocess.Popen[str], Path, Path]:
    """Start generate into an empty folder (so datamodel-codegen must run) and send
    `signum` once its child is up; the step takes under a second, so retry a few times.
    """
    for attempt in range(5):
        tmpdir, out = tmp_path / f"tmp{attempt}", tmp_path / f"out{attempt}"
        process = _start("generate", out, _env_without_pydantic_cache(tmpdir))
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            if _children(tmpdir):
                process.send_signal(signum)
                return process, tmpdir, out
            time.sleep(0.002)
        process.kill()
        process.communicate()
    pytest.fail("never caught generate inside the pydantic step")


@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_in_pydantic_step_leaves_nothing_behind(
    signum: int, tmp_path: Path
) -> None:
    process, tmpdir, out = _interrupt_in_pydantic_step(tmp_path, signum)
    stdout, stderr = process.communicate(timeout=30)

    name = signal.Signals(signum).name
    assert stdout == ""
    assert (process.returncode, stderr) == (
        128 + signum,
        f"podspec-gen: interrupted by {name}\n",
    )
    assert _children(tmpdir) == []
    assert list(tmpdir.iterdir()) == []
    assert _temps(out) == []


@needs_proc
@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_sigkill_takes_the_child_along_and_the_next_run_sweeps_its_folder(
    tmp_path: Path,
) -> None:
    process, tmpdir, _ = _interrupt_in_pydantic_step(tmp_path, signal.SIGKILL)
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while _children(tmpdir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _children(tmpdir) == []
    # Nothing can clean up after SIGKILL; the folder is left for the next run.
    (left,) = tmpdir.iterdir()
    assert left.name.startswith(pydantic_flavour.FOLDER_PREFIX)
    young = tmpdir / f"{pydantic_flavour.FOLDER_PREFIX}young"
    young.mkdir()
    old = time.time() - 2 * pydantic_flavour.STALE_AFTER
    os.utime(left, (old, old))

    # The next run that starts datamodel-codegen sweeps the folder.
    result = _run("generate", tmp_path / "again", _env_without_pydantic_cache(tmpdir))

    assert result.returncode == 0, result.stderr
    # Old and unowned: swept. Young: possibly a run that has not locked it yet.
    assert list(tmpdir.iterdir()) == [young]


def test_sigterm_while_staging_leaves_the_tree_as_it_was(
    out: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.rmtree(out / "docs")
    before = _tree(out)
    stage = writer._stage
    staged: list[Path] = []

    def stage_then_die(path: Path, data: bytes) -> Path:
        staged.append(stage(path, data))
        if len(staged) == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        return staged[-1]

    monkeypatch.setattr(writer, "_stage", stage_then_die)

    assert main(["generate", *FOLDERS, "--out", str(out)]) == 128 + signal.SIGTERM

    assert capsys.readouterr().err == "podspec-gen: interrupted by SIGTERM\n"
    assert len(staged) == 3
    assert _tree(out) == before


def test_sigterm_while_renaming_finishes_the_renames_first(
    clean: Path,
    out: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.rmtree(out / "docs")
    replace = os.replace

    def replace_once_signalled(src: str, dst: str) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_once_signalled)

    assert main(["generate", *FOLDERS, "--out", str(out)]) == 128 + signal.SIGTERM

    assert capsys.readouterr().err == "podspec-gen: interrupted by SIGTERM\n"
    # Not half old, half new: the whole new tree went in before the run stopped.
    assert _tree(out) == _tree(clean)


# ---- temp files of a killed run -------------------------------------------------------

KILLED_WRITE = """
import os, sys
from pathlib import Path
from podspec_gen.write import existing_files, write
out = Path(sys.argv[1])
files = {rel: (out / rel).read_text(encoding="utf-8") for rel in existing_files(out)}
files["docs/README.md"] += "changed\\n"
files["python/podspec/network.py"] += "# changed\\n"
os.replace = lambda src, dst: os._exit(9)  # killed between staging and renaming
write(out, files)
"""


def test_temp_files_of_a_killed_run_do_not_fool_check_and_generate_removes_them(
    clean: Path, out: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path / "tmp")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WRITE, str(out)], env=env, check=False
    )
    assert killed.returncode == 9
    assert len(_temps(out)) == 2  # the kill left the writer's temp files behind

    check = _run("check", out, env)
    assert check.returncode == 0, check.stdout
    assert "2 temp file(s) an interrupted run left" in check.stderr
    assert "up to date" in check.stdout

    (out / "docs" / "README.md").write_text("edited\n")
    check = _run("check", out, env)
    assert check.returncode == 1
    assert check.stdout == f"stale: {out / 'docs' / 'README.md'}\n"

    generate = _run("generate", out, env)
    assert generate.returncode == 0, generate.stderr
    assert "removed 2 temp file(s) an interrupted run left" in generate.stdout
    assert _temps(out) == []
    assert _tree(out) == _tree(clean)


def test_only_the_writers_temp_names_count_as_temp_files() -> None:
    assert is_temp(".network.py.k2_9xq0a.podspec-gen.tmp")
    for name in ("network.py", ".gitignore", "x.tmp", ".network.py.k2_9xq0a.tmp"):
        assert not is_temp(name)
