"""A build interrupted at any point (Ctrl-C: SIGINT to the whole process group, as a
terminal sends it) leaves nothing behind that the next build cannot finish: the next
ordinary build succeeds and publishes the same site as a clean build. Two builds of
one tree at once: the second waits for the first.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    as_a_terminal_starts_it,
    build_site,
    copy_project,
    group_alive,
    only_languages,
    tree_differences,
    unavailable,
    until,
)

pytestmark = pytest.mark.site


@pytest.fixture(autouse=True)
def _process_groups():
    # Process groups are POSIX: skipped elsewhere on a contributor's machine, never in CI.
    if not hasattr(os, "killpg"):
        unavailable("needs POSIX process groups (os.killpg)")


LANGS = ["en", "sw"]
#: When to interrupt: at once (before Python listens for Ctrl-C), as the languages
#: start (a language's marker of a build running), while they read (a first page's
#: doctree), while they write (a first page). Each is waited for in what the build
#: leaves, not in seconds: whatever the machine's speed, Ctrl-C comes while the build
#: runs (asserted).
POINTS = {
    "at-once": None,
    "start": "doctrees/*.building",
    "read": "doctrees/*/*.doctree",
    "write": "html/*/*.html",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return only_languages(
        copy_project(tmp_path_factory.mktemp("interrupt"), exclude=("tests/",)), LANGS
    )


@pytest.fixture(scope="module")
def reference(project, tmp_path_factory) -> Path:
    """The site as a clean build publishes it."""
    build_dir = tmp_path_factory.mktemp("reference")
    result = build_site(project, build_dir, *LANGS)
    assert result.returncode == 0, result.stdout + result.stderr
    return build_dir / "site"


def start_build(project: Path, build_dir: Path) -> subprocess.Popen:
    """A build in a process group of its own, as a terminal starts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "tools.site", "--build-dir", str(build_dir), *LANGS],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True, preexec_fn=as_a_terminal_starts_it,
    )  # fmt: skip


@pytest.mark.parametrize("point", POINTS)
def test_the_next_build_finishes_an_interrupted_one(project, reference, tmp_path, point):
    build_dir = tmp_path / "build"
    process = start_build(project, build_dir)
    pattern = POINTS[point]
    # Looked for every 5 ms, not with helpers.until (every 0.1 s): the writing lasts
    # about a quarter of a second, and a build that ends before its point fails here.
    deadline = time.monotonic() + 120
    while pattern and not any(build_dir.glob(pattern)):
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"no {pattern} while the build ran:\n{process.communicate()[0]}")
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGINT)
    output = process.communicate(timeout=120)[0]
    # Interrupted: Ctrl-C handled, the build saying so (130); at once, Python is killed
    # before it listens.
    interrupted = (130,) if pattern else (130, -signal.SIGINT)
    assert process.returncode in interrupted, (pattern, process.returncode, output)
    # Every child stopped with the build it belonged to.
    assert until(lambda: not group_alive(process.pid), timeout=10), "a process of it is left"
    result = build_site(project, build_dir, *LANGS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_differences(build_dir / "site", reference, byte_exact=False) == []


def test_two_builds_of_one_tree_at_once(project, reference, tmp_path):
    build_dir = tmp_path / "build"
    first = start_build(project, build_dir)
    # The second starts once the first holds the tree (its process id in the lock file).
    lock = build_dir / ".lock"
    assert until(lambda: lock.is_file() and lock.read_text().strip() == str(first.pid), 60)
    second = start_build(project, build_dir)
    outputs = [first.communicate(timeout=180)[0], second.communicate(timeout=180)[0]]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert "another build of" in outputs[1] and "waiting for it" in outputs[1]
    assert tree_differences(build_dir / "site", reference, byte_exact=False) == []


def test_a_build_without_fork_publishes_the_same_site(project, reference, tmp_path):
    """Where processes cannot fork (Windows), each language is a new Python process."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.site", "--build-dir", str(tmp_path), *LANGS],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "BPD_BUILD_SPAWN": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_differences(tmp_path / "site", reference, byte_exact=False) == []


#: Ctrl-C pressed just as a language's build is forked: it arrives while the parent
#: runs its at-fork handlers, where Python drops a KeyboardInterrupt ("Exception
#: ignored") and the build or the preview ran on. The child (a long build) must not
#: outlive the interruption either: its parent does not know of it yet.
CTRL_C_AS_IT_FORKS = """
import multiprocessing, os, signal, time
from tools.site import start_child

signal.signal(signal.SIGINT, signal.default_int_handler)
os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.SIGINT))
child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
try:
    start_child(child)
except KeyboardInterrupt:
    print("stopped; the child", "runs on" if child.is_alive() else "ended")
else:
    print("went on")
if child.is_alive():
    child.kill()
child.join()
"""


def test_ctrl_c_as_a_build_is_forked_is_not_lost():
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_AS_IT_FORKS], cwd=ROOT, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.stdout.strip() == "stopped; the child ended", result.stdout + result.stderr
