"""What the tests share besides fixtures: building test roots and copies of the
project, reading warnings and built pages.

A module of its own, not ``conftest.py``: ``tests/browser/`` has a ``conftest.py``
too, and importing helpers "from conftest" would pick whichever was loaded last.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bpd.languages.registry import published
from tools import ROOT
from tools.project import copy_project

__all__ = [
    "ANSI",
    "BASE_URL",
    "COMPLETE",
    "LANGUAGES",
    "ROOT",
    "build_copy",
    "build_site",
    "copy_project",
    "soup",
    "unavailable",
    "warnings_of",
]

#: Every published language, with the prefix it is published at (the source first).
LANGUAGES = published(ROOT)

#: The address the site is built for, as conf.py reads it (the suite passes with
#: BPD_BASE_URL exported, as the workflow exports it when it publishes).
BASE_URL = (os.environ.get("BPD_BASE_URL") or "https://blackpythondevs.com/").rstrip("/") + "/"

#: The translations published complete: every message of every page and of the
#: interface. A language added with `translations -- add` starts empty (English
#: with a notice on every page) and joins this list once it is complete.
COMPLETE = ["pt_BR", "es", "fr", "sw", "ha"]

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app) -> list[str]:
    """The warning lines of a build, without colour codes."""
    return [line for line in ANSI.sub("", app.warning.getvalue()).splitlines() if line.strip()]


def build_copy(root: str, destination: Path, builder: str = "dirhtml", **kwargs):
    """Copy ``tests/roots/test-<root>`` to ``destination`` and build it once.

    For fixtures wider than one test (Sphinx's ``make_app`` is per test).
    """
    import shutil

    from sphinx.testing.util import SphinxTestApp

    if not destination.exists():
        shutil.copytree(Path(__file__).parent / "roots" / f"test-{root}", destination)
    app = SphinxTestApp(builder, srcdir=destination, **kwargs)
    app.build()
    app.cleanup()
    return app


def soup(site: Path, page: str):
    """The parsed HTML of a page of the built site ("about/", "sw/about/")."""
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def build_site(project: Path, build_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the site build of ``project`` (a copy or the real one) into ``build_dir``."""
    return subprocess.run(
        [sys.executable, "-m", "tools.site", "--build-dir", str(build_dir), *args],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip


def unavailable(reason: str) -> None:
    """A tool a test needs is missing: skip on a contributor's machine, fail in CI
    (``CI`` set), which installs every tool the tests use."""
    if os.environ.get("CI"):
        pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)
