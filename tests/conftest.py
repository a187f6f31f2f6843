"""Shared fixtures: Sphinx's testing fixtures pointed at tests/roots, and the
whole site built once per session. Helpers live in ``helpers.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent / "_ext"))  # the extension: `bpd`
sys.path.insert(0, str(TESTS.parent))  # the project: `tools`
sys.path.insert(0, str(TESTS))  # `helpers`

from helpers import ROOT, build_site  # noqa: E402 (needs the paths above)

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, every language, built as `nox -s build` builds it."""
    build_dir = tmp_path_factory.mktemp("build")
    result = build_site(ROOT, build_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return build_dir / "site"


@pytest.fixture(scope="session")
def grouped_site(tmp_path_factory) -> Path:
    """A copy of the site with the community's leadership in groups as one more page
    (``/leadership-groups/``, see ``tools.project.add_grouped_page``), every language."""
    from tools.project import add_grouped_page, copy_project

    workspace = tmp_path_factory.mktemp("grouped")
    project = copy_project(workspace / "project", exclude=("tests/",))
    add_grouped_page(project)
    result = build_site(project, workspace / "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return workspace / "build" / "site"
