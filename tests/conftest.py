"""Shared fixtures: Sphinx's testing fixtures pointed at tests/roots, and the
whole site built once per run and shared by the pytest-xdist workers. Helpers live
in ``helpers.py``."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent / "_ext"))  # the extension: `bpd`
sys.path.insert(0, str(TESTS.parent))  # the project: `tools`
sys.path.insert(0, str(TESTS))  # `helpers`

from helpers import ROOT, RUNNING, build_site, has_built  # noqa: E402 (needs the paths above)

# A test process holds up to 400,000 long-lived objects (Sphinx, Playwright,
# hypothesis, the collected tests), which the garbage collector's default thresholds
# (700, 10, 10) walk again and again. At these, the two workers' collections took
# 3.2 s of CPU in a run of the suite, against 5.6-6.2 s (timed with gc.callbacks; the
# run takes about 225 s of CPU on two cores), and a worker's peak memory went from
# 177-180 to 180-195 MB. Nothing in the tests relies on a cycle being collected at once.
gc.set_threshold(50_000, 20, 10)

pytest_plugins = ("sphinx.testing.fixtures",)


def pytest_configure(config: pytest.Config) -> None:
    """One "today" for every build of the run (the events page sorts by it): a run that
    crosses midnight built the shared site one day and a test's copy the next, and two
    builds of one commit differed (the calendar's DTSTAMP). Set before the pytest-xdist
    workers start, which inherit it; a SOURCE_DATE_EPOCH already set is kept."""
    if not hasattr(config, "workerinput"):
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))


#: The test files that take longest (``pytest --durations=0``), handed to the
#: pytest-xdist workers first: a worker takes a whole file (``--dist loadfile``) and
#: files go out in collection order (``--no-loadscope-reorder``, pyproject.toml), so
#: a long file handed out last ran alone while the other worker idled (a 30 s tail
#: of a 240 s run). Longest first, down to about 3.5 s a file: the files left after
#: them take at most 3 s each, so the workers end a few seconds apart at most. A file
#: not named keeps its place after these; a name here changes only the order.
SLOWEST_FIRST = (
    "browser/test_axe.py",
    "test_integrity.py",
    "test_preview.py",
    "test_interrupt.py",
    "browser/test_leadership_groups.py",
    "browser/test_keyboard.py",
    "test_documented_changes.py",
    "browser/test_pages.py",
    "browser/test_weight.py",
    "test_replay.py",
    "test_translations.py",
    "test_translation_status.py",
    "test_properties.py",
    "test_catalogs.py",
    "test_multilingual.py",
    "test_hostile_translations.py",
)


@pytest.hookimpl(trylast=True)  # after pytest-randomly's shuffle, which it keeps within
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.relative_to(TESTS).as_posix()
        return SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Keep the test being set up (its fixtures included) for ``build_site``'s check."""
    RUNNING["item"] = item


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


#: The application of each ``shared_result`` (``helpers.shared_build``), per process.
_shared_apps: dict[str, object] = {}


@pytest.fixture
def app(request: pytest.FixtureRequest, test_params: dict):
    """Sphinx's ``app`` (``sphinx.testing.fixtures``, requested by its name from here),
    except that the tests marked with one ``shared_result`` get one application: the
    first test's, which builds (``helpers.built``); the others read its output, its
    warnings and its environment, which stay when Sphinx cleans up after the first
    test. Sphinx's made a new one for each of them, to read the same output: in the
    fast tier, 177 applications and 3.6 s of CPU became 60 and 1.5 s.

    A cleaned-up application cannot build again (its directives are unregistered):
    one that wrote nothing, its first test having failed before the build, is not
    handed on, and the next test gets a new one."""
    name = test_params["shared_result"]
    if not name:
        return request.getfixturevalue("app")
    shared = _shared_apps.get(name)
    if shared is None or not has_built(shared):
        shared = _shared_apps[name] = request.getfixturevalue("app")
    return shared


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
