"""The warm build process (``tools/warm_build.py``, what ``nox -s build`` runs).

A build it serves publishes what a build of its own publishes. It ends when the
project's code changes, on ``--stop`` and after its idle time. Ctrl-C stops its
build as it stops ``python -m tools.site``. It is never started under CI unless
asked for.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import (
    build_site,
    copy_of,
    copy_project,
    edited,
    processes_of,
    tree_differences,
    unavailable,
    until,
)

from tools.warm_build import serving

pytestmark = pytest.mark.site

#: Where a build's output is compared, with a translation; elsewhere English alone.
LANGS = ["en", "sw"]


@pytest.fixture(autouse=True)
def _unix_sockets():
    # Unix sockets and fork are POSIX: skipped elsewhere on a contributor's machine.
    if not hasattr(socket, "AF_UNIX") or not hasattr(os, "fork"):
        unavailable("needs Unix sockets and fork")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project; a test that edits it puts back what it edited (``edited``)."""
    return copy_project(tmp_path_factory.mktemp("warm"), exclude=("tests/",))


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> Path:
    """One build of ``project`` (``LANGS``), in a process of its own, that each test copies."""
    build_dir = tmp_path_factory.mktemp("built") / "build"
    result = build_site(project, build_dir, *LANGS)
    assert result.returncode == 0, result.stdout + result.stderr
    return build_dir


def _end_warm(directory: Path) -> None:
    for pid in processes_of(directory):
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)


@pytest.fixture
def build_dir(built, tmp_path) -> Path:
    """A copy of ``built``, up to date; whatever warm process serves it is ended after."""
    directory = copy_of(built, tmp_path / "build")
    yield directory
    _end_warm(directory)


def warm_build_command(build_dir: Path, *args: str, **environment: str) -> dict:
    """``nox -s build``'s command on ``build_dir``, with the warm process asked for
    (under CI too), as keyword arguments of ``subprocess``."""
    return {
        "args": [sys.executable, "-m", "tools.warm_build", "--build-dir", str(build_dir), *args],
        "env": {**os.environ, "BPD_WARM": "1", "BPD_WARM_IDLE": "120", **environment},
    }


def warm_build(project: Path, build_dir: Path, *args: str, **environment: str):
    return subprocess.run(
        **warm_build_command(build_dir, *args, **environment),
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip


def ended(build_dir: Path, timeout: float = 15) -> bool:
    return until(lambda: not processes_of(build_dir), timeout)


def assert_published_as_alone(project: Path, build_dir: Path, alone: Path) -> None:
    """The site in ``build_dir`` is what a build in a process of its own publishes."""
    result = build_site(project, alone, *LANGS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_differences(build_dir / "site", alone / "site", byte_exact=False) == []


def started_warm(project: Path, build_dir: Path) -> None:
    """The first ``nox -s build`` after ``built``: up to date, and a warm process started."""
    first = warm_build(project, build_dir, *LANGS)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "a warm process is kept for the next build" in first.stdout
    assert serving(build_dir), (build_dir / "warm.log").read_text()


def test_a_build_in_the_warm_process_publishes_what_a_build_of_its_own_does(
    project, build_dir, tmp_path
):
    started_warm(project, build_dir)
    page = project / "initiatives" / "index.md"
    with edited(page, "Each one answers", "Each one, warm, answers"):
        second = warm_build(project, build_dir, *LANGS)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "building in the warm process" in second.stdout
        assert "ok: en" in second.stdout and "ok: sw" in second.stdout
        built_page = (build_dir / "site/initiatives/index.html").read_text()
        assert "Each one, warm, answers" in built_page
        assert_published_as_alone(project, build_dir, tmp_path / "alone")


def test_its_exit_code_and_messages_are_the_builds(project, build_dir):
    started_warm(project, build_dir)
    result = warm_build(project, build_dir, "xx")
    assert result.returncode == 2
    assert "building in the warm process" in result.stdout
    assert "unknown language(s) xx" in result.stderr


def test_an_edit_to_the_build_code_ends_it_and_the_build_runs_alone(project, build_dir):
    started_warm(project, build_dir)
    [first] = processes_of(build_dir)
    with edited(project / "tools" / "sitemap.py", '"""', '"""Edited. '):
        result = warm_build(project, build_dir, *LANGS)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "the project's code or the installed packages changed" in result.stdout
        assert "building in the warm process" not in result.stdout
        assert serving(build_dir)
        assert processes_of(build_dir) != [first]  # a new one, for the code as it is now


def test_another_projects_build_runs_alone(project, build_dir, tmp_path):
    """A warm process builds the project it was started for, never another one that
    uses the same build directory."""
    started_warm(project, build_dir)
    other = copy_project(tmp_path / "other", exclude=("tests/",))
    page = other / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe other project.\n", encoding="utf-8")
    result = warm_build(other, build_dir, "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"the warm process serving this build directory builds {project}" in result.stdout
    assert "The other project." in (build_dir / "site" / "index.html").read_text()


def test_ctrl_c_stops_the_build_it_serves(project, build_dir, tmp_path):
    started_warm(project, build_dir)
    for kept in ("doctrees", "html", "site"):  # a build from scratch: long enough to stop
        shutil.rmtree(build_dir / kept)
    client = subprocess.Popen(
        **warm_build_command(build_dir, *LANGS),
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    announced = client.stdout.readline()
    worker = re.search(r"building in the warm process \((\d+);", announced)
    assert worker, announced
    time.sleep(0.5)
    os.killpg(client.pid, signal.SIGINT)  # as a terminal sends it: to the client's group
    output = client.communicate(timeout=60)[0]
    assert client.returncode == 130, output
    assert "interrupted" in output
    # The build forked from the warm process stopped, with its languages; the warm
    # process itself goes on serving.
    assert until(lambda: not Path(f"/proc/{worker[1]}").exists(), timeout=10)
    assert len(processes_of(build_dir)) == 1
    again = warm_build(project, build_dir, *LANGS)
    assert again.returncode == 0, again.stdout + again.stderr
    assert_published_as_alone(project, build_dir, tmp_path / "alone")


def test_stop_ends_it_even_while_it_starts(project, build_dir):
    first = warm_build(project, build_dir, *LANGS)
    assert "a warm process is kept for the next build" in first.stdout
    # At once: the warm process is still importing what it keeps, not serving yet.
    result = warm_build(project, build_dir, "--stop")
    assert result.returncode == 0
    assert "has ended" in result.stdout
    assert ended(build_dir)
    assert not (build_dir / "warm.sock").exists()
    # Once more: nothing to stop is no failure.
    again = warm_build(project, build_dir, "--stop")
    assert (again.returncode, again.stdout.strip()) == (
        0, f"no warm process serves {build_dir}: nothing to stop"
    ), again  # fmt: skip


def test_it_ends_after_its_idle_time_or_when_its_build_directory_is_removed(
    project, built, tmp_path
):
    idle, removed = copy_of(built, tmp_path / "idle"), copy_of(built, tmp_path / "removed")
    try:
        first = warm_build(project, idle, *LANGS, BPD_WARM_IDLE="1")
        assert "a warm process is kept for the next build" in first.stdout
        assert ended(idle, timeout=20)
        started_warm(project, removed)
        shutil.rmtree(removed)
        assert ended(removed, timeout=20)
    finally:
        _end_warm(idle)
        _end_warm(removed)


@pytest.mark.parametrize("environment", [{"CI": "true", "BPD_WARM": ""}, {"BPD_WARM": "0"}])
def test_none_is_started_under_ci_or_when_turned_off(project, build_dir, environment):
    result = warm_build(project, build_dir, "en", **environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warm" not in result.stdout
    assert not (build_dir / "warm.sock").exists()
    assert processes_of(build_dir) == []
