"""Measure the test suite against a cold build: ``nox -s bench -- --suite``
(``python -m tools.measure.bench --suite``) rewrites the "suite" section of BENCHMARKS.md.

As a contributor meets them on a fresh clone, one after the other in one run:
``nox -s build`` (its environment made, the whole site built from nothing),
``nox -s tests`` (its environment made, the whole suite), and the fast tier that
CONTRIBUTING.md names (``-m "not site and not browser"``, its environment reused). The goal
is a ratio (issue 19: the suite at most about 11 times the cold build), taken within
one run so that a busy machine slows both sides alike; no test asserts a time.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tools.measure.benchmarks import machine
from tools.project import copy_project

#: The fast tier, as CONTRIBUTING.md names it.
FAST_TIER = "not site and not browser"
#: The suite at most this many times a cold build (issue 19).
TARGET = 11
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

        def nox(session: str, *posargs: str) -> list[str]:
            command = [nox_python, "-m", "nox", "--envdir", str(Path(workspace) / "envs")]
            return [*command, "-s", session, *(["--", *posargs] if posargs else [])]

        figures["build"] = timed(nox("build"), project, env)
        figures["tests"] = timed(nox("tests"), project, env)
        figures["fast"] = timed(nox("tests", "-m", FAST_TIER), project, env)
    return figures


def report(figures: dict[str, tuple[float, str]]) -> str:
    build, tests, fast = (figures[name][0] for name in ("build", "tests", "fast"))
    ratio = tests / build
    summary = re.sub(r"^=+ | =+$", "", figures["tests"][1])
    fast_summary = re.sub(r"^=+ | =+$", "", figures["fast"][1])
    verdict = "met" if ratio <= TARGET else "**missed**"
    return "\n".join([
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `nox -s bench -- --suite` "
        f"(`python -m tools.measure.bench --suite`), one run, on a copy of the project with "
        f"`CI=true`, in new nox environments (the fast tier reuses the tests' one).",
        "",
        f"- Machine: {machine()}",
        "",
        "| what | time | ratio |",
        "| --- | ---: | ---: |",
        f"| `nox -s build`, cold (environment made, whole site built) | {build:.0f} s | 1 |",
        f"| `nox -s tests` (environment made; {summary}) | {tests:.0f} s | "
        f"{ratio:.1f}x (target at most {TARGET}x, {verdict}) |",
        f'| fast tier, `nox -s tests -- -m "{FAST_TIER}"` ({fast_summary}) | {fast:.0f} s | '
        f"{fast / build:.1f}x |",
    ])  # fmt: skip
