"""Build integrity: reproducible, parallel-safe, incremental builds equal clean ones,
and broken or hostile translations never reach readers."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    another_hash_seed,
    build_site,
    copy_of,
    copy_project,
    edited,
    only_languages,
    soup,
    tree_differences,
    unavailable,
)

from bpd.languages.registry import published
from tools.project import GROUPED_PAGE, add_grouped_page, grid_to_data_file
from tools.site import can_fork

pytestmark = pytest.mark.site

#: Two languages are enough to prove these properties and keep the suite fast.
LANGS = ["en", "sw"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project the tests edit; each puts back what it edited, its
    modification time included, so the copy stays as ``built`` saw it."""
    return only_languages(copy_project(tmp_path_factory.mktemp("integrity")), LANGS)


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> Path:
    """One clean build of ``project`` (``LANGS``): a test that edits after a clean
    build starts from a copy of it (``copy_of``), not from a build of its own."""
    build_dir = tmp_path_factory.mktemp("clean")
    clean_build(project, build_dir, *LANGS)
    return build_dir


def test_a_copied_build_is_up_to_date(project, built, tmp_path):
    result = build_site(project, copy_of(built, tmp_path / "copy"), *LANGS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [f"up to date: {language}" for language in LANGS] == result.stdout.split("\n")[-3:-1]


def test_a_copied_build_is_built_again_the_next_day(project, built, tmp_path, monkeypatch):
    """What is upcoming and what is past depends on the day (``bpd.grids.events``): the
    next day, the build of an up-to-date tree runs again, and the calendars are that
    day's. It said "up to date", and the events stayed as they were the day before."""
    import icalendar

    next_day = int(os.environ["SOURCE_DATE_EPOCH"]) + 86400
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(next_day))
    copy = copy_of(built, tmp_path / "copy")
    result = build_site(project, copy, *LANGS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" not in result.stdout, result.stdout
    day = datetime.datetime.fromtimestamp(next_day, datetime.UTC).date()
    for language in published(project):
        feed = icalendar.Calendar.from_ical((copy / "site" / language.prefix / "events.ics")
                                            .read_bytes())  # fmt: skip
        assert {entry["DTSTAMP"].dt.date() for entry in feed.walk("VEVENT")} == {day}


def clean_build(project: Path, build_dir: Path, *args: str) -> Path:
    result = build_site(project, build_dir, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return build_dir / "site"


#: ``python -m tools.site ARGS...`` (``python -c RECORDING RECORD ARGS...``), with each
#: module a process forked from it imports written to RECORD as "pid module". (Python's
#: audit event "import" is raised for a module not yet imported, loaded or not found.)
RECORDING = """
import os, runpy, sys

parent, record = os.getpid(), sys.argv.pop(1)

def hook(event, args):
    if event == "import" and os.getpid() != parent:
        with open(record, "a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {args[0]}\\n")

sys.addaudithook(hook)
runpy.run_module("tools.site", run_name="__main__", alter_sys=True)
"""


@pytest.fixture(scope="module")
def again(tmp_path_factory) -> Path:
    """A second clean build of the whole site, by ``python -m tools.site`` in a Python of
    its own with another hash seed (``helpers.another_hash_seed``); what each language's
    process imported is in its ``imports`` file."""
    again = tmp_path_factory.mktemp("again")
    command = [sys.executable, "-c", RECORDING, str(again / "imports"), "--build-dir", str(again)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env=another_hash_seed())  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return again


def test_two_clean_builds_are_byte_identical(site, again):
    """The second build is the first byte for byte. Every language: a set of two
    languages hides an order more often than six."""
    assert tree_differences(site, again / "site") == []


def test_no_language_imports_a_library_every_language_needs(again):
    """Each language is built in a process forked from one that imported, once, what
    every build needs (``tools.site.warm_up``). A library that every language imported
    for itself (the calendar's icalendar, imported only as a calendar is written) was
    imported six times: 6% of a cold build's CPU. (Python's own modules are left
    out: a codec or a platform's module looked for is an import event too.)"""
    if not can_fork():  # Windows: each language is a new Python, which imports it all
        unavailable("languages are built in processes forked from one (os.fork)")
    by_process: dict[str, set[str]] = {}
    for line in (again / "imports").read_text(encoding="utf-8").splitlines():
        process, module = line.split(" ", 1)
        if module.partition(".")[0] not in sys.stdlib_module_names:
            by_process.setdefault(process, set()).add(module)
    languages = len(published(ROOT))
    assert languages > 1
    # A process that imported nothing of its own is not listed: all of them, or fewer.
    everyone = set.intersection(*by_process.values()) if len(by_process) == languages else set()
    assert everyone == set(), sorted(everyone)


def test_parallel_build_equals_serial_build(project, built, tmp_path):
    serial = built / "site"
    parallel_dir = tmp_path / "parallel"
    result = build_site(project, parallel_dir, *LANGS, "--sphinx-jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert tree_differences(serial, parallel_dir / "site") == []


def test_tree_differences_sees_a_change(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.html").write_text("one")
    (tmp_path / "b" / "x.html").write_text("two")
    (tmp_path / "b" / "y.html").write_text("new")
    assert tree_differences(tmp_path / "a", tmp_path / "b") == [
        "only in one: y.html",
        "differs: x.html",
    ]


def first_paragraph_line(page: str) -> tuple[str, str, str]:
    """An edit of ``page``: its first line of prose, reworded."""
    text = (ROOT / page).read_text(encoding="utf-8")
    line = re.search(r"^[A-Z][^\n]*$", text.split("\n---\n", 1)[-1], re.MULTILINE).group(0)
    return page, line, line + " Today."


def first_role(page: str) -> tuple[str, str, str]:
    """An edit of ``page``'s leadership grid: its first role renamed."""
    role = re.search(r"^  role: .*$", (ROOT / page).read_text(encoding="utf-8"), re.MULTILINE)
    return page, role.group(0), role.group(0) + " Lead"


EDITS = {
    "page": first_paragraph_line("initiatives/index.md"),
    "yaml": first_role("about/index.md"),
    "po": ("locales/sw/LC_MESSAGES/initiatives/index.po", None, None),
    # The interface catalog: "Search" is on every page, which no page's source names.
    "ui-po": ("locales/sw/LC_MESSAGES/sphinx.po", 'msgid "Search"\nmsgstr "Tafuta"',
              'msgid "Search"\nmsgstr "Tafuta sasa"'),
    # Sphinx does not watch an extension's code: the extension's env_version does.
    "extension": ("_ext/bpd/head.py", '("property", "og:type", "website")',
                  '("property", "og:type", "article")'),
    # ...in a subpackage too: every module of the extension counts.
    "extension subpackage": ("_ext/bpd/grids/cards.py", '"sd-shadow-sm", "bpd-card"]',
                             '"sd-shadow-sm", "bpd-card", "bpd-edited"]'),
    # A static file: Sphinx's copy of the static files is made again only when what it
    # reads changed (bpd.rebuilds); the pages' ?v= checksums follow.
    "stylesheet": ("_static/css/bpd.css", "  border-radius: 50%;", "  border-radius: 40%;"),
    # How photos are made: a new quality is a new file, never the old one kept.
    "photo quality": ("_ext/bpd/photos.py", "QUALITY = 80", "QUALITY = 60"),
}  # fmt: skip


@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_build_equals_clean_build(project, built, tmp_path_factory, edit):
    build_dir = copy_of(built, tmp_path_factory.mktemp(f"incremental-{edit}") / "build")
    path, old, new = EDITS[edit]
    target = project / path
    if edit == "po":
        # Change the first real translation of the Swahili catalog.
        text = target.read_text(encoding="utf-8")
        first = re.search(r'\nmsgid "(?:[^"\\]|\\.)+"\nmsgstr "((?:[^"\\]|\\.)+)"', text)
        old, new = first.group(0), first.group(0)[:-1] + ' (2)"'
    with edited(target, old, new):
        incremental = clean_build(project, build_dir, *LANGS)
        fresh = clean_build(project, tmp_path_factory.mktemp(f"fresh-{edit}"), *LANGS)
        assert tree_differences(incremental, fresh, byte_exact=False) == []
    # The edit is in the site: the builds read the copy as edited (its extension too).
    assert tree_differences(built / "site", fresh) != []


def test_incremental_build_after_a_data_file_edit_equals_clean_build(tmp_path):
    """The About page's leadership grid read from a ``:file:``; the file is edited."""
    project = copy_project(tmp_path / "project")
    data = grid_to_data_file(project)
    build_dir = tmp_path / "incremental"
    before = clean_build(project, build_dir, *LANGS)
    role = re.search(r"^  role: (.*)$", data.read_text(encoding="utf-8"), re.MULTILINE)
    assert role.group(1) in soup(before, "about/").get_text()
    time.sleep(0.01)  # a newer mtime, as an editor would leave
    data.write_text(data.read_text().replace(role.group(0), role.group(0) + " Lead", 1), "utf-8")
    incremental = clean_build(project, build_dir, *LANGS)
    assert role.group(1) + " Lead" in soup(incremental, "about/").get_text()
    fresh = clean_build(project, tmp_path / "fresh", *LANGS)
    assert tree_differences(incremental, fresh, byte_exact=False) == []


def test_a_grouped_data_file_edit_rewrites_only_its_page_in_every_language(tmp_path):
    """The leadership in groups, one data file for four directives: a region renamed
    is rewritten where it is shown, in every language, and nowhere else."""
    project = only_languages(copy_project(tmp_path / "project"), LANGS)
    data = add_grouped_page(project)
    build_dir = tmp_path / "incremental"
    clean_build(project, build_dir)
    html = build_dir / "html"
    written = {path: path.stat().st_mtime_ns for path in html.rglob("*.html")}
    time.sleep(0.01)
    data.write_text(data.read_text("utf-8").replace("Africa (West)", "West Africa"), "utf-8")
    after = clean_build(project, build_dir)
    for language in published(project):
        page = soup(after, f"{language.prefix}{GROUPED_PAGE}/")
        assert "West Africa" in page.select_one("section#executors").get_text()
        rewritten = sorted(
            path.relative_to(html / language.code).as_posix()
            for path, mtime in written.items()
            if path.is_relative_to(html / language.code) and path.stat().st_mtime_ns != mtime
        )
        # (Sphinx writes its search page whenever it writes any page. The status page
        # counts what every page says now: a region renamed is a message of its own.)
        expected = [f"{GROUPED_PAGE}/index.html", "search/index.html", "translations/index.html"]
        assert rewritten == expected, (language.code, rewritten)
    fresh = clean_build(project, tmp_path / "fresh")
    assert tree_differences(build_dir / "site", fresh, byte_exact=False) == []


# -- broken and hostile translations -----------------------------------------------


@pytest.fixture(scope="module")
def hostile_translation(tmp_path_factory):
    """A copy whose Swahili catalog drops a link target and injects a script."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    po_path = project / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    text = po_path.read_text(encoding="utf-8")
    # A message with a link, and one of plain words, each on one line of the catalog.
    link = re.search(r'(msgid "[^"\n]*\]\((?:https?|mailto):[^"\n]*"\nmsgstr )"[^"\n]+"', text)
    plain = re.search(r'(msgid "([A-Z][\w ,.]+)"\nmsgstr )"[^"\n]+"', text)
    assert link and plain, "the home page has a link and a sentence"
    text = text.replace(link.group(0), link.group(1) + '"Tuandikie [hapa](https://evil.example/)."')
    text = text.replace(plain.group(0), plain.group(1) + '"Karibu <script>alert(1)</script> sasa."')
    po_path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line_of = {
        "email": next(i for i, line in enumerate(lines, 1) if "evil.example" in line) - 1,
        "script": next(i for i, line in enumerate(lines, 1) if "<script>" in line) - 1,
    }
    # And a plural form more than the language has, in the interface catalog, which
    # Sphinx compiles itself as it starts, before the guard.
    interface = project / "locales" / "sw" / "LC_MESSAGES" / "sphinx.po"
    text = interface.read_text(encoding="utf-8")
    plural = re.search(r'^msgstr\[1\] "[^"\n]*"\n', text, re.MULTILINE)
    interface.write_text(text[: plural.end()] + 'msgstr[2] "tatu"\n' + text[plural.end() :],
                         encoding="utf-8")  # fmt: skip
    result = build_site(project, project / "_build", "sw")
    return project, po_path, line_of, result, plain.group(2)


def test_hostile_translation_fails_the_strict_build_with_located_warnings(hostile_translation):
    project, po_path, line_of, result, _english = hostile_translation
    output = result.stdout + result.stderr
    assert result.returncode == 1
    shown = po_path.relative_to(project).as_posix()  # from the project, as check names it
    assert f"{shown}:{line_of['email']}: WARNING: link target changed" in output
    assert f"{shown}:{line_of['script']}: WARNING: HTML added (script)" in output
    assert "the English text is shown instead [bpd.translation]" in output
    assert "Traceback" not in output
    # Every warning is located: babel's own, printed as Sphinx compiled sphinx.po
    # ("WARNING: Problem on line 280: ''"), named no file.
    assert "sphinx.po:" in output and "3 plural forms" in output, output
    assert not [line for line in output.splitlines() if line.startswith("WARNING")], output


def test_hostile_translation_never_reaches_the_page(hostile_translation):
    project, *_, english = hostile_translation
    html_path = project / "_build" / "html" / "sw" / "index.html"
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "evil.example" not in html
    page = soup(project / "_build" / "html" / "sw", "")
    # Both messages fall back to English; the page says it is not fully translated.
    text = page.get_text()
    assert english in text
    assert page.select_one(".bpd-translation-notice") is not None


def test_a_build_that_warned_fails_again_until_the_page_is_fixed(project, built, tmp_path):
    """Sphinx reads again only what changed, and repeats no warning of a page it does not
    read: without care, a second build of a broken page, unfixed, would pass."""
    build_dir = copy_of(built, tmp_path / "build")
    page = project / "about" / "index.md"
    written = re.search(r"^- id: .*$", page.read_text(encoding="utf-8"), re.MULTILINE).group(0)
    broken = written + "-misspelt"  # a card that links to no section
    with edited(page, written, broken):
        line = page.read_text(encoding="utf-8").splitlines().index(broken) + 1
        for attempt in ("first", "second"):
            result = build_site(project, build_dir, "en")
            output = result.stdout + result.stderr
            assert result.returncode == 1, (attempt, output)
            assert f"{page}:{line}: WARNING: undefined label" in output, (attempt, output)
    fixed = build_site(project, build_dir, "en")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_broken_po_file_falls_back_to_english_with_its_line(tmp_path):
    project = copy_project(tmp_path / "broken")
    po_path = project / "locales" / "sw" / "LC_MESSAGES" / "initiatives" / "index.po"
    lines = po_path.read_text(encoding="utf-8").splitlines()
    broken_at = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and i > 20)
    lines[broken_at] = lines[broken_at].rstrip('"')  # an unterminated string
    po_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_site(project, project / "_build", "sw")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    shown = po_path.relative_to(project).as_posix()
    assert f"{shown}:{broken_at + 1}: WARNING: syntax error" in output
    assert "this catalog is not used" in output
    page = soup(project / "_build" / "html" / "sw", "initiatives/")
    english = re.findall(r'^msgid "(.+)"$', "\n".join(lines[:broken_at]), re.MULTILINE)[-1]
    # The page's English, not a broken translation.
    assert english in " ".join(page.get_text().split())
    assert page.select_one(".bpd-translation-notice") is not None
    # The other pages of the language are untouched: their translations are used.
    home_po = project / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    translated = re.search(r'^msgid "[A-Z][\w ]+"\nmsgstr "([\w ]+)"$', home_po.read_text(), re.M)
    assert translated.group(1) in soup(project / "_build" / "html" / "sw", "").get_text()


def test_raw_html_in_a_page_is_removed_and_reported(tmp_path):
    project = copy_project(tmp_path / "raw")
    page = project / "initiatives" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nHello <img src=x onerror=alert(1)> there.\n", encoding="utf-8")
    result = build_site(project, project / "_build", "en")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    line = len(text.splitlines()) + 2
    assert f"initiatives/index.md:{line}: WARNING: raw HTML is not allowed in this page" in output
    html = (project / "_build" / "html" / "en" / "initiatives" / "index.html").read_text()
    assert "onerror" not in html


def test_a_page_edit_copies_no_static_file_again(project, built, tmp_path):
    """Sphinx copies every static file in every build; here only when one changed
    (bpd.rebuilds): a template it renders (documentation_options.js) is left as it was."""
    build_dir = copy_of(built, tmp_path / "build")
    static = build_dir / "html" / "sw" / "_static"
    before = {path: path.stat().st_mtime_ns for path in static.rglob("*") if path.is_file()}
    page = EDITS["page"]
    with edited(project / page[0], page[1], page[2]):
        result = build_site(project, build_dir, *LANGS)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "ok: sw" in result.stdout
    assert static / "documentation_options.js" in before
    changed = [path.name for path, mtime in before.items() if path.stat().st_mtime_ns != mtime]
    # furo writes its Pygments stylesheet at the end of every build, whatever the copy did.
    assert changed == ["pygments.css"], changed


def test_a_po_edit_starts_only_its_language(project, built, tmp_path):
    """A translation corrected: only its language is built again."""
    build_dir = copy_of(built, tmp_path / "build")
    po_path = project / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    translation = first_translation(po_path)
    with edited(po_path, translation, translation[:-1] + '!"'):
        result = build_site(project, build_dir, *LANGS)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "up to date: en" in result.stdout
        assert "ok: sw" in result.stdout
        assert translation[8:-1] + "!" in (build_dir / "site" / "sw" / "index.html").read_text()


def first_translation(po_path: Path) -> str:
    """The ``msgstr "..."`` line of the first translation of words alone in a catalog."""
    text = po_path.read_text(encoding="utf-8")
    return re.search(r'^msgid "[A-Z][\w ]+"\n(msgstr "[\w ]+")$', text, re.MULTILINE).group(1)


def test_a_po_edit_that_changes_the_status_updates_it_in_every_language(project, built, tmp_path):
    """A message left untranslated changes what every language's status page shows:
    the other languages rewrite that page, and no other content page."""
    build_dir = copy_of(built, tmp_path / "build")
    po_path = project / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    english = build_dir / "html" / "en"
    before = {path: path.stat().st_mtime_ns for path in english.rglob("*.html")}
    with edited(po_path, first_translation(po_path), 'msgstr ""'):
        result = build_site(project, build_dir, *LANGS)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "ok: en" in result.stdout and "ok: sw" in result.stdout
        rewritten = sorted(
            path.relative_to(english).as_posix()
            for path, mtime in before.items()
            if path.stat().st_mtime_ns != mtime
        )
        # (Sphinx writes its search page whenever it writes any page.)
        assert rewritten == ["search/index.html", "translations/index.html"]
        fresh = clean_build(project, tmp_path / "fresh", *LANGS)
        assert tree_differences(build_dir / "site", fresh, byte_exact=False) == []
