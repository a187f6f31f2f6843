"""A contributor who changes the site as CONTRIBUTING.md and TRANSLATING.md say keeps a
green suite: the tests hold behaviour, not today's content.

A copy of the project (in fewer languages: ``kept``) gets every documented change
(``documented_changes``: a sentence reworded, a leader, an initiative, an event and a
page added, ``translations -- update``, then ``translations -- add yo`` with a
coordinator and a review), and the suite's checks of the built site run on the copy,
as the contributor would run them.
The new messages are untranslated: an incomplete translation is what the status page
and ``stats --fail-under`` report, never a failing test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from documented_changes import NEW_LANGUAGE, make_every_change
from helpers import ROOT, copy_project, most_translated, only_languages

from bpd.languages.registry import read_registry

pytestmark = pytest.mark.site


def kept(root: Path) -> list[str]:
    """The languages the copy keeps: the source and one translation, the one the site
    checks edit a catalog of (``helpers.most_translated``). A content change gives every
    translation the same new, untranslated messages: the other languages would repeat
    what this one shows, at twice the time of the copy's run. (What is particular to a
    language, such as Brazilian Portuguese's tag, no content change touches; the suite
    checks it on the site itself.)"""
    return [read_registry(root)[0], most_translated(root)]


#: The tests that read the whole built site and what it shows (in a browser too).
SITE_CHECKS = [
    "tests/test_site.py",
    "tests/test_multilingual.py",
    "tests/test_translation_status.py",
    "tests/test_sphinx_intl.py",
    "tests/browser/test_semantics.py",
]


def test_the_site_checks_pass_after_every_documented_change(tmp_path):
    project = only_languages(copy_project(tmp_path / "project"), kept(ROOT))
    make_every_change(project)
    if (ROOT / "node_modules").is_dir():  # the Nu HTML Checker, installed by `nox -s tests`
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    # The copy's own run: none of this run's workers, temporary folders or prebuilt site.
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "BPD_TEST_SITE"))
    }
    report = tmp_path / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *SITE_CHECKS, "-n", "0", "-p", "no:randomly",
         "-p", "no:cacheprovider", "-q", "--basetemp", str(tmp_path / "run"),
         f"--junitxml={report}"],
        cwd=project, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # The new language is in the copy's checks: its pages were built and tested.
    ran = [
        case.get("name")
        for case in ElementTree.parse(report).iter("testcase")
        if case.find("skipped") is None  # (a skipped test is listed too)
    ]
    assert any(f"[{NEW_LANGUAGE}]" in name for name in ran), ran
