"""The suite's own spread over pytest-xdist's workers (``tests/conftest.py``'s
scheduler): a test module outside ``tests/browser/`` runs on one worker whole, so a
build its tests share is made once; browser tests go wherever a worker is free."""

from __future__ import annotations

import re
from pathlib import Path

CONFTEST = Path(__file__).parent / "conftest.py"

SHARED = """
import pytest

BUILT = []


@pytest.fixture(scope="module")
def build():
    BUILT.append(1)
    return len(BUILT)


@pytest.mark.parametrize("n", range(6))
def test_reads_the_one_build(build, n):
    assert build == 1
"""

BROWSER = """
import time

import pytest


@pytest.mark.parametrize("n", range(6))
def test_a_page(n):
    time.sleep(0.3)
"""

CRASHING = """
import os


def test_before():
    pass


def test_crashes_its_worker():
    os._exit(1)


def test_after():
    pass
"""


def run(pytester, files: dict[str, str], *args: str):
    """A pytest-xdist run of ``files`` on two workers with the project's scheduler
    (loaded from this suite's conftest under another name); the result, and the
    workers each test file ran on."""
    pytester.makeconftest(
        f"""
import importlib.util

_spec = importlib.util.spec_from_file_location("suite_conftest", {str(CONFTEST)!r})
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
pytest_xdist_make_scheduler = _suite.pytest_xdist_make_scheduler
"""
    )
    for name, text in files.items():
        path = pytester.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = pytester.runpytest_subprocess(
        "-n", "2", "-v", "-p", "no:randomly", "-p", "no:cacheprovider", *args
    )  # fmt: skip
    workers: dict[str, set[str]] = {}
    for line in result.outlines:
        found = re.match(r"\[(gw\d)\] .*PASSED (tests/\S+?)::", line)
        if found:
            workers.setdefault(found[2], set()).add(found[1])
    return result, workers


def test_a_module_runs_on_one_worker_and_browser_tests_on_both(pytester):
    files = {"tests/test_shared.py": SHARED, "tests/browser/test_pages.py": BROWSER}
    result, workers = run(pytester, files, "tests")
    result.assert_outcomes(passed=12)
    assert workers["tests/test_shared.py"] in ({"gw0"}, {"gw1"}), workers
    assert workers["tests/browser/test_pages.py"] == {"gw0", "gw1"}, workers


def test_one_module_alone_is_shared_by_both_workers(pytester):
    """``pytest tests/test_one.py``: a single unit would leave a worker idle."""
    files = {"tests/test_pages.py": BROWSER}
    result, workers = run(pytester, files, "tests/test_pages.py")
    result.assert_outcomes(passed=6)
    assert workers["tests/test_pages.py"] == {"gw0", "gw1"}, workers


def test_a_crashing_test_is_reported_and_the_rest_of_its_module_runs(pytester):
    files = {"tests/test_crashing.py": CRASHING, "tests/test_shared.py": SHARED}
    result, _ = run(pytester, files, "tests")
    # Handed on with its module, the crashing test took down every new worker in turn
    # ("maximum crashed workers reached") and the rest of the run was lost.
    result.assert_outcomes(passed=8, failed=1)
    result.stdout.fnmatch_lines(["*worker*crashed while running*test_crashes_its_worker*"])
