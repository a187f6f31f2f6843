"""Measure the test suite against a cold build: ``nox -s bench -- --suite``
(``python -m tools.measure.bench --suite``) rewrites the "suite" section of BENCHMARKS.md.

In one run, on a copy of the project with ``CI=true``, its test environment made first
(``nox -s tests -- --collect-only``: pip and ``npm ci``, not timed): a cold build of
the six languages (``python -m tools.site`` with no ``_build``), the fast tier
CONTRIBUTING.md names (``-m "not site and not browser"``), a cold build again, the
whole suite (``pytest``), and a last cold build. The targets are ratios (issue 28: the
suite at most 60 times a cold build, the fast tier at most 10 times), taken within one
run so that a busy machine slows both sides alike; no test asserts a time. A cold
build takes about 2 s, and one of them alone moved by a fifth from one run to the
next: the ratios take the median of the three, spread over the run as the suite is.

Each pytest run has a temporary folder of its own in the workspace (``--basetemp``), as
on a CI machine's first run. In pytest's own folder (``/tmp/pytest-of-USER``) a run
ends by deleting the fourth newest run's folder: on a machine that ran the suite
before, that is about 29,000 files, 2-3 s of the timed run that belong to no test.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tools.measure.benchmarks import machine
from tools.project import copy_project

#: The fast tier, as CONTRIBUTING.md names it.
FAST_TIER = "not site and not browser"
#: At most this many times a cold build (issue 28): the suite, the fast tier.
TARGETS = {"tests": 60, "fast": 10}
#: Its section of BENCHMARKS.md: (name, heading).
SECTION = ("suite", "Tests: the suite against a cold build")


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Seconds ``command`` took, and its last line (pytest's summary)."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-5000:]}{result.stderr}")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return elapsed, lines[-1] if lines else ""


def run(nox_python: str) -> dict[str, tuple[float, str]]:
    figures = {}
    with tempfile.TemporaryDirectory() as workspace:
        project = copy_project(Path(workspace) / "project")
        env = {**os.environ, "CI": "true"}
        envdir = Path(workspace) / "envs"
        subprocess.run(
            [nox_python, "-m", "nox", "--envdir", str(envdir), "-s", "tests", "--",
             "--collect-only", "-q"],
            cwd=project, env=env, check=True, capture_output=True,
        )  # fmt: skip
        python = str(envdir / "tests" / "bin" / "python")
        builds = []

        def cold_build() -> None:
            shutil.rmtree(project / "_build", ignore_errors=True)
            if hasattr(os, "sync"):  # POSIX: what a pytest run just wrote is not being
                os.sync()  # written out to the disk while the build is timed
            builds.append(timed([python, "-m", "tools.site"], project, env)[0])

        pytest = [python, "-m", "pytest"]
        cold_build()
        # The fast tier before the whole suite: run after it, it took a fifth longer
        # than alone on the same machine (three runs of this bench, at 20 s).
        figures["fast"] = timed([*pytest, f"--basetemp={workspace}/fast", "-m", FAST_TIER],
                                project, env)  # fmt: skip
        cold_build()
        figures["tests"] = timed([*pytest, f"--basetemp={workspace}/tests"], project, env)
        cold_build()
        figures["build"] = (statistics.median(builds), ", ".join(f"{b:.2f}" for b in builds))
    return figures


def report(figures: dict[str, tuple[float, str]]) -> str:
    build, each = figures["build"]
    rows = []
    for name, what in (
        ("tests", "the whole suite, `pytest`"),
        ("fast", f'the fast tier, `pytest -m "{FAST_TIER}"`'),
    ):
        seconds, summary = figures[name]
        ratio, target = seconds / build, TARGETS[name]
        verdict = "met" if ratio <= target else "**missed**"
        summary = re.sub(r"^=+ | =+$", "", summary)
        rows.append(
            f"| {what} ({summary}) | {seconds:.0f} s | {ratio:.1f}x "
            f"(target at most {target}x, {verdict}) |"
        )
    return "\n".join([
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `nox -s bench -- --suite`, one "
        "run, on a copy of the project with `CI=true`, its test environment made first "
        "(not timed).",
        "",
        f"- Machine: {machine()}",
        "",
        "| what | time | ratio |",
        "| --- | ---: | ---: |",
        "| a cold build of every language (`python -m tools.site`), the median of three "
        f"(before the fast tier, before the suite, after it: {each} s) | {build:.2f} s | 1 |",
        *rows,
    ])  # fmt: skip
