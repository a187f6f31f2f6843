"""What the tests share besides fixtures: building test roots and copies of the
project, reading warnings and built pages.

A module of its own, not ``conftest.py``: ``tests/browser/`` has a ``conftest.py``
too, and importing helpers "from conftest" would pick whichever was loaded last.
"""

from __future__ import annotations

import contextlib
import filecmp
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import pytest
from content import pages

from bpd.languages.links import base_url
from bpd.languages.registry import published, read_registry
from bpd.translations import pofile
from bpd.translations.catalogs import Catalogs
from tools import ROOT
from tools.project import copy_project

__all__ = [
    "ANSI",
    "BASE_URL",
    "LANGUAGES",
    "PAGES",
    "ROOT",
    "another_hash_seed",
    "as_a_terminal_starts_it",
    "build_site",
    "built",
    "copy_of",
    "copy_project",
    "edited",
    "grids_snapshot",
    "group_alive",
    "most_translated",
    "only_languages",
    "shared_build",
    "soup",
    "translations",
    "tree_differences",
    "unavailable",
    "until",
    "warnings_of",
]

#: Every published language, with the prefix it is published at (the source first).
LANGUAGES = published(ROOT)

#: The address the site is built for, as conf.py reads it (the suite passes with
#: BPD_BASE_URL exported, as the workflow exports it when it publishes).
BASE_URL = base_url(project=ROOT)

#: Every page's published path ("" for the home page, "about/"), read from the
#: project's own pages (``content.pages``); the search page is Sphinx's, not a page.
PAGES = pages(ROOT)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app) -> list[str]:
    """The warning lines of a build, without colour codes."""
    return [line for line in ANSI.sub("", app.warning.getvalue()).splitlines() if line.strip()]


def shared_build(testroot: str, builder: str = "dirhtml", **options):
    """Mark a test to read the one build of ``tests/roots/test-<testroot>`` that every
    test so marked shares (Sphinx's ``shared_result``); its ``app`` goes to ``built``
    first, and is only read: the tests so marked share the application itself.
    ``options`` go to Sphinx's marker (``confoverrides={"language": "fr"}``)."""
    name = "-".join([testroot, builder, *(f"{key}{value}" for key, value in options.items())])

    def mark(test):
        shared = pytest.mark.test_params(shared_result=name)(test)
        return pytest.mark.sphinx(builder, testroot=testroot, **options)(shared)

    return mark


def built(app):
    """``app``, built once for every test that shares its result: they all get the
    same application (``app`` in ``tests/conftest.py``), the first builds it, and the
    others read its output and its warnings."""
    if not has_built(app):
        app.build()
    return app


def has_built(app) -> bool:
    """Whether ``app`` has written its output (``built``)."""
    return any(app.outdir.iterdir())


def grids_snapshot(app, docname: str = "index") -> str:
    """The grids of a page's doctree (and its lists of names), as a readable snapshot."""
    from docutils import nodes

    made = [
        node.pformat()
        for node in app.env.get_doctree(docname).findall(nodes.Element)
        if node.get("design_component") == "grid-container" or "bpd-names" in node["classes"]
    ]
    text = "\n".join(made)
    # The initials avatars are long data URIs: keep the snapshot readable.
    text = re.sub(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "data:image/svg+xml;...", text)
    # A photo's name ends in a digest of the photo and of how it is made (its own test).
    text = re.sub(r"-[0-9a-f]{10}\.webp", "-<digest>.webp", text)
    return text.replace(str(app.srcdir), "<srcdir>")


def soup(site: Path, page: str):
    """The parsed HTML of a page of the built site ("about/", "sw/about/")."""
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


#: The test being set up or run (``tests/conftest.py`` keeps it): ``build_site``
#: checks its markers.
RUNNING: dict[str, pytest.Item] = {}

#: The markers of the tests that may build the whole site: the fast tier
#: (``-m "not site and not browser"``, CONTRIBUTING.md) runs none of them.
BUILDS_THE_SITE = ("site", "browser")


def build_site(project: Path, build_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the site build of ``project`` (a copy or the real one) into ``build_dir``:
    ``python -m tools.site`` there, forked from a warm Python (``build_server.py``).

    A test that gets here without the ``site`` (or ``browser``) marker fails: the
    fast tier must not build the site behind its back.
    """
    item = RUNNING.get("item")
    if item is not None and not any(map(item.get_closest_marker, BUILDS_THE_SITE)):
        pytest.fail(
            f"{item.nodeid} builds the whole site: mark it `site` "
            "(pytestmark = pytest.mark.site), so the fast tier leaves it out",
            pytrace=False,
        )
    command = [sys.executable, "-m", "tools.site", "--build-dir", str(build_dir), *args]
    if not hasattr(os, "fork"):  # Windows: a new Python each time
        return subprocess.run(command, cwd=project, capture_output=True, text=True)
    server = _BUILD_SERVER.get("process")
    if server is None or server.poll() is not None:
        server = _BUILD_SERVER["process"] = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("build_server.py"))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        stdout, stderr = Path(folder, "stdout"), Path(folder, "stderr")
        request = {"cwd": str(project), "env": dict(os.environ), "args": command[3:],
                   "stdout": str(stdout), "stderr": str(stderr)}  # fmt: skip
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        answer = server.stdout.readline()
        assert answer, "the build server (tests/build_server.py) ended"
        return subprocess.CompletedProcess(
            command, int(answer), stdout.read_text("utf-8"), stderr.read_text("utf-8")
        )


#: The warm Python ``build_site`` forks each build from (``tests/build_server.py``):
#: one per test process, started by its first build, ended with it (its input closes).
_BUILD_SERVER: dict[str, subprocess.Popen] = {}


def another_hash_seed() -> dict[str, str]:
    """The environment with a ``PYTHONHASHSEED`` other than the one this run's Pythons
    get: a Python started with it iterates a set of strings in another order. (The
    builds of ``build_site`` are forked from one warm Python and share its seed, as do
    two builds in one test process: compared, they would agree on a set's order that
    the next run changes.)"""
    seed = os.environ.get("PYTHONHASHSEED", "")
    other = str((int(seed) + 1) % 2**32) if seed.isdigit() else "0"  # 0: not random
    return {**os.environ, "PYTHONHASHSEED": other}


def translations(root: Path, *args: str, code: int | None = 0) -> subprocess.CompletedProcess:
    """``translations -- ARGS`` on the project at ``root``, which must exit with ``code``
    (None: any). Run in this process (``tools.translations.__main__.main --root``), not a
    new Python: each of those imported Sphinx again, a second a call, most of what the
    fast tier took. Its messages and msgfmt's in English (``LC_ALL=C``). The command
    line as a process of its own is tested where it matters (a reader that stops early,
    ``test_stats_piped_into_a_reader_that_stops_ends_quietly``; ``documented_changes``)."""
    from tools.translations.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with (
            mock.patch.dict(os.environ, LC_ALL="C"),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            returncode = main(["--root", str(root), *args])
    except SystemExit as exit:  # argparse: a usage error (2), or --help (0)
        returncode = exit.code if isinstance(exit.code, int) else 1
    result = subprocess.CompletedProcess(args, returncode, out.getvalue(), err.getvalue())
    assert code is None or result.returncode == code, result.stdout + result.stderr
    return result


def only_languages(project: Path, codes: list[str]) -> Path:
    """A copy of the project made to publish only ``codes`` (the source language first):
    the registry's list, and the teams of the others taken out. A build of a copy that
    tests one language's behaviour need not build six."""
    registry = project / "locales" / "languages.toml"
    text = registry.read_text(encoding="utf-8")
    others = [code for code in read_registry(project) if code not in codes]
    for code in others:
        text = without_team(text, code)
    registry.write_text(text, encoding="utf-8")
    for code in others:
        shutil.rmtree(project / "locales" / code)
    text = registry.read_text(encoding="utf-8")
    listed = ", ".join(f'"{code}"' for code in codes)
    text = re.sub(r"^languages\s*=\s*\[.*?\]", f"languages = [{listed}]", text, count=1,
                  flags=re.MULTILINE | re.DOTALL)  # fmt: skip
    registry.write_text(text, encoding="utf-8")
    assert read_registry(project) == codes
    return project


def without_team(registry: str, code: str) -> str:
    """The text of a ``languages.toml`` without ``code``'s team: its ``[teams.xx]`` and
    ``[[teams.xx.reviews]]`` tables, each to the next table."""
    return re.sub(
        rf"^\[+teams\.{code}[].].*?(?=^\[(?!\[?teams\.{code}[].])|\Z)", "", registry,
        flags=re.MULTILINE | re.DOTALL,
    )  # fmt: skip


def most_translated(root: Path) -> str:
    """The translation of the project at ``root`` with the most messages translated.
    The site checks that take translations away or edit a catalog take it, not a
    language by name, so they run on whatever languages a project publishes (the copy
    ``test_documented_changes`` checks keeps only this one)."""
    from bpd.translations.catalogs import Catalogs

    catalogs = Catalogs(root)
    return max(
        read_registry(root)[1:],
        key=lambda code: sum(counts.translated for counts in catalogs.counts(code)),
    )


def as_a_terminal_starts_it() -> None:
    """``preexec_fn`` of a process the tests stop with Ctrl-C: a terminal starts it with
    SIGINT's default action, but a process started in the background by a script
    (``pytest &``) inherits SIGINT ignored, and Python keeps it ignored: the test
    would wait for an end that never comes."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def group_alive(group: int) -> bool:
    """Whether a process of the process group ``group`` (a build started with
    ``start_new_session=True``, and every child it forked) still runs: POSIX, as on
    Linux and macOS, where /proc is not."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # one of them is another user's now: still a process
        return True
    return True


def until(condition, timeout: float) -> bool:
    """Wait until ``condition()`` holds, at most ``timeout`` seconds; whether it does."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def copy_of(built: Path, build_dir: Path) -> Path:
    """``built`` copied to ``build_dir`` with its modification times, as if it had been
    built there: the next build finds it up to date
    (``test_integrity.test_a_copied_build_is_up_to_date``)."""
    shutil.copytree(built, build_dir, symlinks=True)
    return build_dir


@contextlib.contextmanager
def edited(path: Path, old: str, new: str):
    """``path`` with ``old`` replaced by ``new``, newer as an editor leaves it; then its
    text and its modification time put back."""
    text, before = path.read_text(encoding="utf-8"), path.stat()
    assert old in text
    time.sleep(0.01)  # a newer mtime, as an editor would leave
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def unavailable(reason: str) -> None:
    """A tool a test needs is missing: skip on a contributor's machine, fail in CI
    (``CI`` set), which installs every tool the tests use."""
    if os.environ.get("CI"):
        pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def search_terms(searchindex: bytes) -> dict:
    """The search index's meaning, not its spelling.

    An incremental Sphinx build leaves empty entries for words a page no longer
    has, and one-element lists where a clean build writes a bare number; both
    match the same pages.
    """
    data = json.loads(searchindex.decode()[len("Search.setIndex(") : -1])
    for key in ("terms", "titleterms"):
        normalised = {}
        for word, docs in data[key].items():
            docs = sorted(docs) if isinstance(docs, list) else [docs]
            if docs:
                normalised[word] = docs
        data[key] = normalised
    return data


def tree_differences(left: Path, right: Path, *, byte_exact: bool = True) -> list[str]:
    """Files that differ, or exist on one side only, between two built sites."""
    differences = []

    def walk(compared: filecmp.dircmp, prefix: str = "") -> None:
        differences.extend(f"only in one: {prefix}{name}" for name in compared.left_only)
        differences.extend(f"only in one: {prefix}{name}" for name in compared.right_only)
        for name in compared.common_files:
            left_bytes = (Path(compared.left) / name).read_bytes()
            right_bytes = (Path(compared.right) / name).read_bytes()
            if name == "searchindex.js" and not byte_exact:
                left_bytes, right_bytes = search_terms(left_bytes), search_terms(right_bytes)
            if left_bytes != right_bytes:
                differences.append(f"differs: {prefix}{name}")
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right))
    return differences


#: The header of the catalogs ``write_po`` writes.
PO_HEADER = """msgid ""
msgstr ""
"Language: {language}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def write_po(
    tmp_path: Path, body: str, language: str = "fr", name: str = "page.po", english: bool = True
) -> Path:
    """A catalog of a small project in ``tmp_path`` and, with ``english``, its English: a
    template with the same messages (``locales/templates/``)."""
    path = Catalogs(tmp_path).directory(language) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PO_HEADER.format(language=language) + body, encoding="utf-8")
    if english and (template := pofile.parse(path.read_text(encoding="utf-8"))).readable:
        pofile.write(Catalogs(tmp_path).template(Path(name).stem), template, None)
    return path
