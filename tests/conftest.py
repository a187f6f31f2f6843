"""Shared fixtures: Sphinx's testing fixtures pointed at tests/roots, and the
whole site built once per run and shared by the pytest-xdist workers. Helpers live
in ``helpers.py``."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent / "_ext"))  # the extension: `bpd`
sys.path.insert(0, str(TESTS.parent))  # the project: `tools`
sys.path.insert(0, str(TESTS))  # `helpers`

from helpers import ROOT, RUNNING, build_site  # noqa: E402 (needs the paths above)

pytest_plugins = ("sphinx.testing.fixtures", "pytester")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Keep the test being set up (its fixtures included) for ``build_site``'s check."""
    RUNNING["item"] = item


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist's ``load``, except that a test module outside ``tests/browser/``
    goes to one worker whole: its module-scoped fixtures and Sphinx's shared results
    live in one process, and a module split across the two workers built them twice
    (the ten-edit replay, a minute, in some orders). Browser tests share only the
    session's build and go one by one wherever a worker is free.

    xdist hands out the units by their number of tests (``--loadscope-reorder``, its
    default), so the modules mostly go first and the browser tests fill in. A run
    with fewer modules than workers (one file, ``-k``) is split test by test, as
    ``load`` does, or the other workers would idle. (``xdist_group`` would say this
    per module, but it groups nothing with pytest 9.2:
    https://github.com/pytest-dev/pytest-xdist/issues/1386.)"""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for by name
    from xdist.scheduler import LoadScopeScheduling

    class ModulesWholeBrowserTestsApart(LoadScopeScheduling):
        whole_modules = True

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if not self.whole_modules or module.startswith("tests/browser/"):
                return nodeid
            return module

        def schedule(self) -> None:
            if self.collection is None and self.registered_collections:
                collection = next(iter(self.registered_collections.values()))
                self.whole_modules = len(set(map(self._split_scope, collection))) >= len(
                    self.registered_collections
                )
            super().schedule()

        def remove_node(self, node):
            # A worker that crashed (a segfault, the kernel's OOM killer) was running
            # the first unfinished test of its units: that test is reported as the
            # crash, as `load` reports it, and is not handed to the next worker with
            # the rest of its module (it would crash every worker in turn).
            crashed = None
            for unit in self.assigned_work.get(node, {}).values():
                crashed = next((nodeid for nodeid, done in unit.items() if not done), None)
                if crashed is not None:
                    unit[crashed] = True
                    break
            super().remove_node(node)
            return crashed

    return ModulesWholeBrowserTestsApart(config, log)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


def once_per_run(tmp_path_factory, name: str, build) -> Path:
    """What ``build(directory)`` makes, made once for the whole run and shared by every
    pytest-xdist worker (pytest-xdist's documented recipe: a lock in the run's base
    temporary directory, which the workers share). Without xdist, once per session.

    Only for outputs the tests read and never change. ``done`` is written last, so a
    worker that stopped half-way leaves nothing another worker would take as built.
    """
    from filelock import FileLock

    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / name
    done = shared / "done"
    with FileLock(str(shared) + ".lock"):
        if not done.is_file():
            if shared.exists():
                shutil.rmtree(shared)
            shared.mkdir()
            made = build(shared)
            done.write_text(str(made.relative_to(shared)), encoding="utf-8")
    return shared / done.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, every language, built as `nox -s build` builds it; or an already
    built one named by ``BPD_TEST_SITE`` (``BPD_TEST_SITE=_build/site``), to iterate fast."""
    if os.environ.get("BPD_TEST_SITE"):
        return Path(os.environ["BPD_TEST_SITE"]).resolve()

    def build(directory: Path) -> Path:
        result = build_site(ROOT, directory / "build")
        assert result.returncode == 0, result.stdout + result.stderr
        return directory / "build" / "site"

    return once_per_run(tmp_path_factory, "site", build)


@pytest.fixture(scope="session")
def grouped_site(tmp_path_factory) -> Path:
    """A copy of the site with the community's leadership in groups as one more page
    (``/leadership-groups/``, see ``tools.project.add_grouped_page``), every language."""
    from tools.project import add_grouped_page, copy_project

    def build(workspace: Path) -> Path:
        project = copy_project(workspace / "project", exclude=("tests/",))
        add_grouped_page(project)
        result = build_site(project, workspace / "build")
        assert result.returncode == 0, result.stdout + result.stderr
        return workspace / "build" / "site"

    return once_per_run(tmp_path_factory, "grouped", build)
