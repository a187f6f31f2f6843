"""The live preview (``nox -s serve``, ``tools/preview.py``), run as a contributor runs it,
on a copy of the project: an edit to a page or a catalog shows up over HTTP and the
open page is told to reload, the language shown first; each language published alone
makes the site a whole assembly makes; a build started ahead that read a file saved
since is not used; a broken page shows its warning and the loop goes on; a change to
the extension starts it again with the new code; Ctrl-C ends it, and the next build
finishes what it left; killed outright, nothing it started outlives it.

Every wait is for something to happen (a page holding an edit, a line printed, a
file, the build directory's lock free), with a generous limit: nothing here depends
on how fast the machine is. The processes are followed by their process group and
POSIX ``ps`` (Linux and macOS), not ``/proc``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import (
    ROOT,
    as_a_terminal_starts_it,
    build_site,
    copy_project,
    group_alive,
    only_languages,
    tree_differences,
    unavailable,
    until,
)

from bpd.languages.registry import published, read_registry
from bpd.project_files import LEADS_OUT
from tools import preview as preview_module
from tools.preview import is_input
from tools.publish import assemble
from tools.site import build_lock, read_when_starting

pytestmark = pytest.mark.site

#: How long anything may take on a busy machine.
PATIENCE = 180
#: The source language and Swahili, the example translation of these tests.
TWO = [read_registry(ROOT)[0], "sw"]


@pytest.fixture(autouse=True)
def _process_groups():
    if not hasattr(os, "killpg"):
        unavailable("needs POSIX process groups (os.killpg)")


class Preview:
    """``python -m tools.preview`` on a project, in a process group of its own (as a
    terminal starts it); its output is read as it comes."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tools.preview", "--port", "0", *args],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True, preexec_fn=as_a_terminal_starts_it,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        found = self.wait_for_line(r"serving the whole site on (\S+)")
        self.url = re.search(r"on (http://\S+?/)", found).group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for_line(self, pattern: str) -> str:
        """The next line of its output that matches ``pattern``."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.output.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"never printed {pattern!r}:\n{''.join(self.output)}")

    def wait_until_published(self) -> None:
        """Until every language of the site is published (or found up to date)."""
        pending = {language.code for language in published(self.project)}
        while pending:
            line = self.wait_for_line(r"^(published|up to date): ")
            pending.discard(line.split(": ", 1)[1].split()[0])

    def idle(self) -> None:
        """Until no build runs (the preview builds under the build directory's lock),
        what it printed until then forgotten."""
        with build_lock(self.project / "_build"):
            pass
        with contextlib.suppress(queue.Empty):
            while True:
                self.output.append(self.lines.get_nowait())

    def page(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()

    def until_page(self, path: str, holds) -> str:
        """The page at ``path`` once ``holds(text)`` is true of it."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                text = self.page(path)
                if holds(text):
                    return text
            time.sleep(0.05)
        raise AssertionError(f"{path} never held what was expected:\n{''.join(self.output)}")

    def stop(self) -> int:
        """Ctrl-C, as a terminal sends it: to the whole process group."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            code = self.process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(queue.Empty):
                while True:
                    self.output.append(self.lines.get(timeout=1))
            raise AssertionError("Ctrl-C did not stop it:\n" + "".join(self.output)) from None
        assert until(lambda: not group_alive(self.process.pid), PATIENCE), "a process of it is left"
        return code


class Events:
    """A page's event stream (``/_preview/events``), read as the browser reads it."""

    def __init__(self, url: str, language: str) -> None:
        host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()
        self.connection = http.client.HTTPConnection(host, int(port), timeout=PATIENCE)
        self.connection.request("GET", f"/_preview/events?language={language}")
        self.response = self.connection.getresponse()
        self.received: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.first = self.next()

    def _read(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in self.response:
                if line.startswith(b"data: "):
                    self.received.put(json.loads(line[len(b"data: ") :]))

    def next(self) -> dict:
        return self.received.get(timeout=PATIENCE)

    def reload_showing(self, preview: Preview, path: str, marker: str) -> None:
        """Until a reload signal after which ``path`` holds ``marker``: the page is
        published before its signal. A signal may come first for a build that an
        earlier test's save started (its page lacks the marker); the signal of the
        edit's own build is the one that must find the page published."""
        while True:
            try:
                reload = self.next()
            except queue.Empty:
                raise AssertionError(f"/{path}: no reload signal found it published") from None
            assert reload["version"] != self.first["version"]
            if marker in preview.page(path):
                return

    def close(self) -> None:
        self.connection.close()


def save(path: Path, text: str) -> None:
    """``text`` saved in ``path`` in one step, as many editors save (written beside it,
    then moved over it): written in place, the file could be seen half written, and a
    test could end while the preview still had the rest of its save to build."""
    written = path.with_name(f"{path.name}~")  # a backup's name: not an input
    written.write_text(text, encoding="utf-8")
    written.replace(path)


@contextlib.contextmanager
def edited(path: Path, change):
    """``path`` as ``change(text)`` makes it, then its text put back (saved again, as an
    editor would: the preview sees both saves)."""
    text = path.read_text(encoding="utf-8")
    save(path, change(text))
    try:
        yield
    finally:
        save(path, text)


def with_marker(text: str, marker: str) -> str:
    """A page's first paragraph line (a line of prose after a blank line) with ``marker``."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if number and not lines[number - 1].strip() and line[:1].isalpha():
            lines[number] = f"{line} {marker}"
            return "\n".join(lines)
    raise AssertionError("no paragraph found")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    # The source language and Swahili: what the preview does to each language.
    project = only_languages(
        copy_project(tmp_path_factory.mktemp("preview"), exclude=("tests/",)), TWO
    )
    running = Preview(project)
    running.wait_until_published()
    yield running
    running.stop()


def test_a_page_edit_is_served_and_the_open_page_reloads(preview):
    events = Events(preview.url, "en")
    marker = f"preview-{time.time_ns()}"
    try:
        with edited(preview.project / "about" / "index.md", lambda t: with_marker(t, marker)):
            events.reload_showing(preview, "about/", marker)
            # Every language: the English of the edited paragraph is shown in its place.
            for prefix in [lang.prefix for lang in published(preview.project) if lang.prefix]:
                preview.until_page(f"{prefix}about/", lambda text: marker in text)
    finally:
        events.close()
    preview.until_page("about/", lambda text: marker not in text)


def test_a_catalog_edit_shows_up_in_its_language(preview):
    catalog = preview.project / "locales" / "sw" / "LC_MESSAGES" / "about" / "index.po"
    marker = f"preview{time.time_ns()}"

    def translate_again(text: str) -> str:
        # The last translation on one line, a word added.
        last = list(re.finditer(r'^msgstr "(.+)"$', text, re.MULTILINE))[-1]
        return text[: last.end() - 1] + f' {marker}"' + text[last.end() :]

    with edited(catalog, translate_again):
        preview.until_page("sw/about/", lambda text: marker in text)
        assert marker not in preview.page("about/")
    preview.until_page("sw/about/", lambda text: marker not in text)


def test_a_page_open_in_a_translation_is_told_to_reload(preview):
    """A page open in Swahili: a page edit every language shows is published in every
    language, and the Swahili page is told to reload. (Which language is built first
    is ``test_the_languages_shown_are_built_first``'s: with two languages and two
    cores, both are built at once.)"""
    languages = [language.code for language in published(preview.project)]
    shown = "sw" if "sw" in languages else languages[-1]
    preview.idle()
    events = Events(preview.url, shown)
    marker = f"first-{time.time_ns()}"
    try:
        with edited(preview.project / "about" / "index.md", lambda t: with_marker(t, marker)):
            prefix = published(preview.project)[languages.index(shown)].prefix
            events.reload_showing(preview, f"{prefix}about/", marker)
            order = [preview.wait_for_line(r"^published: ").split()[1] for _ in languages]
            assert sorted(order) == sorted(languages), order
    finally:
        events.close()
    preview.until_page("about/", lambda text: marker not in text)


def test_the_languages_shown_are_built_first(monkeypatch):
    """The languages of the open pages are built first, the latest opened first; with
    no page open, the one the command line named; else the source language. (Built
    as many at once as there are cores, in this order.)"""
    codes = ["en", "aa", "bb", "cc"]  # a site's languages, the source first
    assert preview_module.Published(None).shown_first(codes) == ["en"]
    assert preview_module.Published("cc").shown_first(codes) == ["cc"]
    shown = preview_module.Published("cc")
    shown.open = ["aa", "bb", "zz"]  # a language per page listening, the latest last
    assert shown.shown_first(codes) == ["bb", "aa"]  # zz: not a language of the site
    shown.open = ["bb", "aa", "bb"]  # two pages in one language
    assert shown.shown_first(codes) == ["bb", "aa"]
    # rebuild builds the site's languages in that order.
    orders = []

    def build_each(order, *args, **options):  # records the order, builds nothing
        orders.append(order)
        return []

    monkeypatch.setattr(preview_module, "build_each", build_each)
    languages = [language.code for language in published(ROOT)]
    shown = preview_module.Published(languages[-1])
    preview_module.rebuild(shown, Path("unused"), ahead=None)
    assert orders == [[languages[-1], *languages[:-1]]]


def test_each_language_published_alone_makes_the_site_a_whole_assembly_makes(preview, tmp_path):
    """Each language is put into the site as soon as it is built, without assembling
    the others again: after an edit, the site is what assembling every language at
    once (``nox -s build``) makes of the same builds."""
    build_dir = preview.project / "_build"
    marker = f"whole-{time.time_ns()}"
    with edited(preview.project / "about" / "index.md", lambda t: with_marker(t, marker)):
        for language in published(preview.project):
            preview.until_page(f"{language.prefix}about/", lambda text: marker in text)
        with build_lock(build_dir):  # the last language published: the batch is over
            copy = tmp_path / "build"
            shutil.copytree(build_dir / "html", copy / "html")
            for manifest in build_dir.glob("doctrees/*/bpd-manifest.json"):
                target = copy / manifest.relative_to(build_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(manifest, target)
            assert tree_differences(build_dir / "site", assemble(copy)) == []
    preview.until_page("about/", lambda text: marker not in text)


def test_an_interface_catalog_edit_reaches_a_language_started_ahead(preview):
    """Each language's next build has started Sphinx before the save, and the guard
    compiled the language's catalogs then: an edit to its interface catalog is not
    built by it, but by a build started afresh, once no other build holds the build
    directory."""
    catalog = preview.project / "locales" / "sw" / "LC_MESSAGES" / "sphinx.po"
    with catalog.open("rb") as file:
        messages = read_po(file)
    preview.idle()  # the page whole, and the build started ahead
    page, text = preview.page("sw/about/"), catalog.read_text(encoding="utf-8")
    # A one-line translation the page shows as an element's whole text.
    shown = next(
        message.string
        for message in messages
        if message.id and isinstance(message.string, str) and message.string
        and not message.fuzzy and f">{message.string}<" in page
        and f'msgstr "{message.string}"' in text
    )  # fmt: skip
    marker = f"ui{time.time_ns()}"
    compiled = catalog.with_suffix(".mo").read_bytes()
    # Saved while another build holds the build directory (`nox -s build` in a second
    # terminal): the language's build started ahead starts again, compiling the
    # catalog, only after it. (Started at once, it had compiled it by the time the
    # preview said it waits; half a second later, the .mo is still the one before.)
    with build_lock(preview.project / "_build"):
        save(catalog, text.replace(f'msgstr "{shown}"', f'msgstr "{shown}{marker}"'))
        preview.wait_for_line(r"^another build of \S+ is running .*: waiting for it$")
        time.sleep(0.5)
        assert catalog.with_suffix(".mo").read_bytes() == compiled
    try:
        preview.until_page("sw/about/", lambda text: marker in text)
    finally:
        save(catalog, text)
    preview.until_page("sw/about/", lambda text: marker not in text)


def test_a_catalog_made_a_link_out_while_previewing_is_refused_unread(preview, tmp_path):
    """Replaced by a link out of the project while the preview runs, a catalog is named
    and never read: not by its language's build, nor by the one started ahead again
    when the catalog changed (starting Sphinx compiles sphinx.po)."""
    catalog = preview.project / "locales" / "sw" / "LC_MESSAGES" / "sphinx.po"
    text = catalog.read_text(encoding="utf-8")
    outside, marker = tmp_path / "outside.po", f"OUTSIDE{time.time_ns()}"
    outside.write_text(re.sub(r'^msgstr "(.+)"$', f'msgstr "{marker}"', text, flags=re.MULTILINE))
    preview.idle()
    compiled = catalog.with_suffix(".mo").read_bytes()
    link = catalog.with_name(f"{catalog.name}~")  # made beside it, moved over it: one save
    link.symlink_to(outside)
    link.replace(catalog)
    try:
        refused = preview.wait_for_line(re.escape(LEADS_OUT))
        assert "locales/sw/LC_MESSAGES/sphinx.po:1:" in refused
        preview.idle()  # every build started ahead has started
        # Nothing compiled again, from the link or otherwise: Swahili was not started.
        assert catalog.with_suffix(".mo").read_bytes() == compiled
    finally:
        save(catalog, text)
    preview.wait_for_line(r"^published: sw")


def test_a_broken_page_shows_its_warning_and_the_loop_goes_on(preview):
    page = preview.project / "index.md"
    broken = "\n```{leadership-grid}\n- name: Someone\n  rolle: A typo\n```\n"
    with edited(page, lambda text: text + broken):
        shown = preview.until_page("", lambda text: "unknown key" in text)
        # In the page the browser shows (the preview's own script), at its file and line.
        assert re.search(r"index\.md:\d+: WARNING: [^\n]*unknown key 'rolle'", shown)
        # In the terminal: each language published with its warnings (after its
        # "FAILED"), then the warning once, with the languages that gave it.
        preview.wait_for_line(r"^published: \S+ in [\d.]+ s, its warnings shown over its pages$")
        printed = preview.wait_for_line(r"unknown key 'rolle'.*\(")
        assert "index.md:" in printed
    preview.until_page("", lambda text: "unknown key" not in text)
    marker = f"fixed-{time.time_ns()}"
    with edited(page, lambda text: with_marker(text, marker)):
        preview.until_page("", lambda text: marker in text)


def test_the_published_site_holds_nothing_of_the_preview(preview):
    served = preview.page("about/")
    assert "/_preview/events" in served
    built = (preview.project / "_build" / "site" / "about" / "index.html").read_text()
    assert "_preview" not in built and "nox -s serve" not in built


def test_a_change_to_the_extension_starts_it_again(preview):
    """The builds are forks of the preview's process: they run the code it imported,
    so a change to the extension starts the process again."""
    head = preview.project / "_ext" / "bpd" / "head.py"
    added = (
        "\n\n_tags = page_context\n\n\n"
        "def page_context(app, pagename, templatename, context, doctree):\n"
        "    _tags(app, pagename, templatename, context, doctree)\n"
        '    context["bpd_social_tags"].append(("name", "bpd-test", "new-code"))\n'
    )
    with edited(head, lambda text: text + added):
        preview.wait_for_line(r"_ext/bpd/head\.py changed: starting again")
        preview.until_page("about/", lambda text: 'content="new-code"' in text)
    preview.wait_for_line(r"starting again")
    preview.until_page("about/", lambda text: 'content="new-code"' not in text)


def test_starting_again_keeps_one_port():
    """The command line a restart runs: each restart added one more ``--port``."""
    assert preview_module.restart_arguments(["sw", "--port", "8011", "--port=8011"], 8011) == [
        "sw", "--port", "8011",
    ]  # fmt: skip
    assert preview_module.restart_arguments([], 8000) == ["--port", "8000"]


def test_a_port_in_use_is_said_with_another_to_try():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tools.preview", "sw", "--port", str(port),
             "--build-dir", "_build/my build"],
            cwd=ROOT, capture_output=True, text=True, timeout=PATIENCE,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (  # (the README's form of the command)
        f"cannot serve on 127.0.0.1:{port}: Address already in use "
        f"(another port: python3 -m nox -s serve -- sw --build-dir '_build/my build' "
        f"--port {port + 1})"
    )


def built_copy(preview: Preview, project: Path) -> Path:
    """A copy of the module's previewed project, built: a preview started on it finds
    every language up to date (the tests that start a preview of their own need not
    build the whole site first)."""
    preview.idle()
    shutil.copytree(preview.project, project, symlinks=True)
    return project


def test_ctrl_c_leaves_what_the_next_build_finishes(preview, tmp_path):
    project = built_copy(preview, tmp_path / "project")
    running = Preview(project)
    running.wait_until_published()
    doctrees = project / "_build" / "doctrees"
    # A long page added: its build is still running when Ctrl-C comes, on any machine.
    long_page = "\n\n".join(f"Paragraph {n} of a long page." for n in range(1500))
    (project / "long.md").write_text(f"---\norphan: true\n---\n\n# Long\n\n{long_page}\n")
    assert until(lambda: any(doctrees.glob("*.building")), PATIENCE), "no build started"
    assert running.stop() == 130
    assert any(doctrees.glob("*.building")), "the build was not interrupted"
    result = build_site(project, project / "_build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "building it from scratch" in result.stdout
    # The page whose build was interrupted, whole: down to its last paragraph.
    last = long_page.rsplit("\n\n", 1)[1]
    assert last in (project / "_build" / "site" / "long" / "index.html").read_text()


def test_ctrl_c_as_it_starts_again_stops_it(preview, tmp_path):
    """Ctrl-C the moment the preview says it starts again (a change to its code) stops
    it, whether the process about to be replaced or the new one receives it: the new
    one gets it as soon as it listens (the preview holds it across the exec)."""
    project = built_copy(preview, tmp_path / "project")
    running = Preview(project)
    running.wait_until_published()
    head = project / "_ext" / "bpd" / "head.py"
    head.write_text(head.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    running.wait_for_line(r"starting again")
    assert running.stop() in (130, -signal.SIGINT)  # handled, or before Python listens


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (POSIX ``ps``)."""
    listed = subprocess.run(["ps", "-A", "-o", "pid=,ppid="], capture_output=True, text=True)
    pairs = [line.split() for line in listed.stdout.splitlines()]
    return [int(child) for child, parent in pairs if int(parent) == pid]


def test_the_builds_started_ahead_end_with_the_preview_even_killed(preview, tmp_path):
    """Each language's next build waits, forked, for a save; killed outright (no
    Ctrl-C: SIGKILL, which nothing can catch), the preview leaves them behind, and
    they end by themselves."""
    project = built_copy(preview, tmp_path / "project")
    running = Preview(project)
    running.wait_until_published()
    count = len(published(project))
    assert until(lambda: len(children_of(running.process.pid)) >= count, PATIENCE), "none ahead"
    running.process.kill()
    running.process.wait(timeout=PATIENCE)
    assert until(lambda: not group_alive(running.process.pid), PATIENCE), "a build outlived it"


def test_a_catalog_that_leads_out_is_refused_unread(tmp_path):
    """``nox -s serve -- sw`` builds as ``nox -s build`` does: a link out of the project
    is named and never read, by Sphinx either (it compiles sphinx.po when it starts)."""
    project = only_languages(copy_project(tmp_path / "project", exclude=("tests/",)), TWO)
    outside = tmp_path / "outside.po"
    catalog = project / "locales" / "sw" / "LC_MESSAGES" / "sphinx.po"
    text = catalog.read_text(encoding="utf-8")
    outside.write_text(re.sub(r'^msgstr "(.+)"$', 'msgstr "OUTSIDE"', text, flags=re.MULTILINE))
    catalog.unlink()
    catalog.symlink_to(outside)
    running = Preview(project, "sw")
    try:
        refused = running.wait_for_line(re.escape(LEADS_OUT))
        assert "locales/sw/LC_MESSAGES/sphinx.po:1:" in refused
    finally:
        running.stop()
    assert not (project / "locales" / "sw" / "LC_MESSAGES" / "sphinx.mo").exists()
    # Refused before Sphinx starts: nothing of the language is built.
    assert not (project / "_build" / "html" / "sw").exists()


@pytest.mark.parametrize(
    ("path", "read"),
    [
        ("about/index.md", True),
        ("locales/sw/LC_MESSAGES/about/index.po", True),
        ("locales/languages.toml", True),
        ("_static/css/bpd.css", True),
        ("_templates/page.html", True),
        ("_ext/bpd/head.py", True),
        ("locales/sw/LC_MESSAGES/about/index.mo", False),  # written by the build
        ("locales/sw/LC_MESSAGES/sphinx.js", False),  # written by the build
        ("_build/site/index.html", False),
        ("tests/test_preview.py", False),
        (".git/index", False),
        ("about/.index.md.swp", False),
        # What editors write as they edit and save: Emacs' autosave, Vim's check that
        # it may write, JetBrains' safe write.
        ("about/#index.md#", False),
        ("about/4913", False),
        ("about/index.md___jb_tmp___", False),
    ],
)
def test_what_the_preview_watches(path, read):
    from helpers import ROOT

    assert is_input(ROOT / path) is read


def test_a_folder_named_with_digits_is_watched(tmp_path, monkeypatch):
    """Moved into the project, a folder is one change: "2024" is not Vim's "4913"."""
    monkeypatch.setattr(preview_module, "ROOT", tmp_path)
    (tmp_path / "events" / "2024").mkdir(parents=True)
    assert is_input(tmp_path / "events" / "2024")
    assert not is_input(tmp_path / "events" / "4913")


@pytest.mark.parametrize(
    ("path", "read"),
    [
        ("locales/sw/LC_MESSAGES/about/index.po", True),  # the guard compiles it
        ("locales/sw/LC_MESSAGES/sphinx.po", True),
        ("locales/languages.toml", True),
        ("locales/glossary.toml", True),
        ("locales/templates/about/index.pot", True),
        ("locales/fr/LC_MESSAGES/about/index.po", False),  # read later, by the status page
        ("about/index.md", False),
        ("_static/css/bpd.css", False),
        ("_templates/page.html", False),
    ],
)
def test_what_a_build_started_ahead_has_read(path, read):
    """A file Sphinx reads when it starts, for Swahili: saved after the Swahili build
    was started ahead, that build is not used."""
    from helpers import ROOT

    languages = [language.code for language in published(ROOT)]
    assert read_when_starting(ROOT / path, "sw", languages) is read


#: A project whose page is saved while Sphinx reads it, once (``saving``, a local
#: extension, saves it when its source is handed to the parser): as a contributor
#: saves while the preview builds.
SAVED_WHILE_READ = {
    "conf.py": """import sys
sys.path[:0] = [{ext!r}, {here!r}]
extensions = ["myst_parser", "bpd", "saving"]
exclude_patterns = ["_build"]
""",
    "saving.py": """from pathlib import Path

def save_while_read(app, docname, source):
    path = Path(app.srcdir, "index.md")
    if docname == "index" and "Saved while read" not in path.read_text():
        path.write_text(path.read_text() + "\\nSaved while read.\\n")

def setup(app):
    app.connect("source-read", save_while_read)
    return {"parallel_read_safe": True}
""",
    "index.md": "# Home\n\nRead first.\n",
}


def test_a_page_saved_while_it_is_read_is_read_again(make_app, tmp_path):
    """Sphinx dates a page's reading when it ends: a save during it counted as read,
    and the page kept the text read before it. The next build reads it again."""
    from helpers import ROOT

    for name, text in SAVED_WHILE_READ.items():
        (tmp_path / name).write_text(text)
    conf = SAVED_WHILE_READ["conf.py"].format(ext=str(ROOT / "_ext"), here=str(tmp_path))
    (tmp_path / "conf.py").write_text(conf)
    make_app("dirhtml", srcdir=tmp_path).build()
    page = tmp_path / "_build" / "dirhtml" / "index.html"
    assert "Saved while read" not in page.read_text()  # read before the save
    make_app("dirhtml", srcdir=tmp_path).build()
    assert "Saved while read" in page.read_text()
