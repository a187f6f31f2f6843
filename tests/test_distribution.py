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


def test_a_module_runs_on_one_worker_and_browser_tests_on_both(pytester):
    # The project's scheduler, loaded from this suite's conftest under another name.
    pytester.makeconftest(
        f"""
import importlib.util

_spec = importlib.util.spec_from_file_location("suite_conftest", {str(CONFTEST)!r})
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
pytest_xdist_make_scheduler = _suite.pytest_xdist_make_scheduler
"""
    )
    (pytester.path / "tests" / "browser").mkdir(parents=True)
    (pytester.path / "tests" / "test_shared.py").write_text(SHARED)
    (pytester.path / "tests" / "browser" / "test_pages.py").write_text(BROWSER)
    result = pytester.runpytest_subprocess(
        "-n", "2", "-v", "-p", "no:randomly", "-p", "no:cacheprovider", "tests"
    )  # fmt: skip
    result.assert_outcomes(passed=12)
    workers: dict[str, set[str]] = {}
    for line in result.outlines:
        found = re.match(r"\[(gw\d)\] .*PASSED (tests/\S+?)::", line)
        if found:
            workers.setdefault(found[2], set()).add(found[1])
    assert workers["tests/test_shared.py"] in ({"gw0"}, {"gw1"}), workers
    assert workers["tests/browser/test_pages.py"] == {"gw0", "gw1"}, workers
