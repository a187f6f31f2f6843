"""A catalog, or the language registry, that is a link out of the project is refused unread.

A pull request can replace ``locales/sw/LC_MESSAGES/index.po`` with a symbolic link
to ``/proc/self/environ``: whatever read it would print its first line in a warning,
in a public CI log. Every reader of catalogs (the build's guard, the site build, the
translators' commands) names the path and never what it leads to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_project, translations, unavailable, warnings_of, write_po

from bpd.languages.registry import RegistryError, read_registry
from bpd.project_files import LEADS_OUT, leads_out
from bpd.translations.catalogs import Catalogs

#: What the target holds: never to be seen in any output.
SECRET = "BPD_SECRET_TOKEN=hunter2"
#: A catalog that would be read as one, with the secret in its first line.
SECRET_CATALOG = f'# {SECRET}\nmsgid ""\nmsgstr "{SECRET}"\n'


def link_out(link: Path, outside: Path) -> Path:
    """Make ``link`` a symbolic link to a secret file in ``outside``."""
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "secret.po"
    target.write_text(SECRET_CATALOG, encoding="utf-8")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    return link


def test_leads_out_sees_a_link_out_and_not_one_inside(tmp_path):
    project = tmp_path / "project"
    catalog = project / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    link_out(catalog, tmp_path / "outside")
    inside = project / "locales" / "sw" / "LC_MESSAGES" / "about.po"
    inside.symlink_to(project / "locales" / "sw" / "LC_MESSAGES" / "shared.po")
    assert leads_out(catalog)
    assert not leads_out(inside)
    assert not leads_out(project / "locales" / "sw" / "LC_MESSAGES" / "plain.po")


def test_the_check_refuses_it_at_its_path_unread(tmp_path):
    catalog = link_out(tmp_path / "p" / "locales" / "sw" / "LC_MESSAGES" / "x.po", tmp_path / "o")
    checked = Catalogs.holding(catalog).check(catalog)
    assert not checked.usable
    assert [str(problem) for problem in checked.problems] == [
        f"{catalog}:1: cannot read: {LEADS_OUT}"
    ]


def test_a_registry_that_leads_out_is_refused(tmp_path):
    registry = tmp_path / "p" / "locales" / "languages.toml"
    registry.parent.mkdir(parents=True)
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "languages.toml").write_text(f'languages = ["en"]\n# {SECRET}\n')
    registry.symlink_to(tmp_path / "o" / "languages.toml")
    with pytest.raises(RegistryError) as raised:
        read_registry(tmp_path / "p")
    assert str(raised.value) == f"{registry}:1: cannot read: {LEADS_OUT}"


def test_the_guard_refuses_it_and_the_page_builds_in_english(tmp_path, make_app):
    src = tmp_path / "src"
    (src / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "bpd"]\nlocale_dirs = ["locales/"]\n'
        "gettext_compact = False\n",
        encoding="utf-8",
    )
    (src / "locales" / "languages.toml").write_text('languages = ["en", "fr"]\n')
    (src / "index.md").write_text("# Welcome\n\nHello, readers.\n", encoding="utf-8")
    catalog = link_out(src / "locales" / "fr" / "LC_MESSAGES" / "index.po", tmp_path / "outside")
    app = make_app("html", srcdir=src, confoverrides={"language": "fr"})
    app.build()
    warnings = warnings_of(app)
    # Named from the project's root, as `translations -- check` names it.
    shown = "locales/fr/LC_MESSAGES/index.po"
    assert any(
        line.startswith(f"{shown}:1: WARNING: cannot read: {LEADS_OUT}") for line in warnings
    ), warnings
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Hello, readers." in html
    for output in (app.warning.getvalue(), app.status.getvalue(), html):
        assert "hunter2" not in output
    assert not catalog.with_suffix(".mo").exists()


@pytest.mark.site
def test_the_commands_and_the_site_build_name_it_and_never_read_it(tmp_path):
    project = copy_project(tmp_path / "project", exclude=("tests/",))
    link_out(project / "locales" / "sw" / "LC_MESSAGES" / "sphinx.po", tmp_path / "outside")
    shown = f"locales/sw/LC_MESSAGES/sphinx.po:1: {LEADS_OUT}"

    def run(*args: str) -> subprocess.CompletedProcess:
        result = translations(project, *args, code=None)
        assert "hunter2" not in result.stdout + result.stderr, args
        return result

    check = run("check")
    assert check.returncode == 1 and f"sphinx.po:1: cannot read: {LEADS_OUT}" in check.stdout
    for command in (("todo", "sw"), ("update", "sw")):
        result = run(*command)
        assert result.returncode == 2 and shown in result.stderr, (command, result.stderr)
    formatted = run("format", "--check")  # named, and the other catalogs checked
    assert formatted.returncode == 1 and shown in formatted.stderr, formatted.stderr
    stats = run("stats", "sw")
    assert stats.returncode == 0  # the catalog counts as untranslated
    # The site build: Sphinx would read sphinx.po as it starts, so the language stops
    # before Sphinx does; English still builds.
    build = subprocess.run(
        [sys.executable, "-m", "tools.site", "--build-dir", str(tmp_path / "build"), "en", "sw"],
        cwd=project, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
    )  # fmt: skip
    assert "hunter2" not in build.stdout + build.stderr
    assert build.returncode == 1 and shown in build.stderr
    assert "ok: en" in build.stdout and "up to date: sw" not in build.stdout
    assert (tmp_path / "build" / "html" / "en" / "about" / "index.html").is_file()
    assert not (tmp_path / "build" / "html" / "sw").exists()


def test_a_word_list_that_leads_out_is_named_and_never_read(tmp_path):
    """``locales/<lang>/wordlist.txt`` is read by the spelling check: a link out is
    reported at its path, and the language is not spelled with what it leads to."""
    from tools.translations import spelling

    if shutil.which("hunspell") is None:
        unavailable("hunspell is not installed (apt-get install hunspell)")
    locales = tmp_path / "p" / "locales"
    catalog = locales / "sw" / "LC_MESSAGES" / "index.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr "Habari"\n')
    link_out(locales / "sw" / "wordlist.txt", tmp_path / "outside")
    problems, _notes = spelling.spelling_problems(Catalogs(tmp_path / "p"), [catalog])
    assert problems == [f"locales/sw/wordlist.txt:1: {LEADS_OUT}; spelling not checked"]
    assert SECRET not in repr(problems)


def test_a_glossary_that_leads_out_is_named_and_never_read(tmp_path):
    """``locales/glossary.toml`` is refused as a catalog is: the commands catch
    ``OutsideProject``, print its path and exit 2 (no traceback quoting the target)."""
    from bpd.translations.catalogs import OutsideProject
    from tools.translations.glossary import read_glossary

    glossary = tmp_path / "p" / "locales" / "glossary.toml"
    link_out(glossary, tmp_path / "outside")
    with pytest.raises(OutsideProject) as raised:
        read_glossary(Catalogs(tmp_path / "p"))
    assert str(raised.value).endswith(f"glossary.toml:1: {LEADS_OUT}")
    assert SECRET not in str(raised.value)


def test_format_names_it_and_still_writes_the_catalogs_after_it(tmp_path, capsys):
    """``format`` stopped at a catalog that leads out (exit 2), the catalogs before it
    rewritten and those after it not: one run left the language half in form. It
    names the link, as it names a catalog it cannot read, and writes the others."""
    from bpd.translations import pofile
    from tools.translations.form import format_catalogs

    project = tmp_path / "p"
    paths = [write_po(project, 'msgid "Hello"\nmsgstr "Habari"\n', "sw", name)
             for name in ("a.po", "b.po", "c.po")]  # fmt: skip
    catalogs = Catalogs(project)
    form = pofile.dumps(catalogs.editable(paths[0]), "sw")
    for path in paths:  # out of form: as an editor that ends lines otherwise saves it
        path.write_bytes(form.replace("\n", "\r\n").encode("utf-8"))
    link_out(paths[1], tmp_path / "outside")
    assert format_catalogs(catalogs, paths, check_only=False) == 1
    out, err = capsys.readouterr()
    assert f"locales/sw/LC_MESSAGES/b.po:1: {LEADS_OUT}" in err
    assert SECRET not in out + err
    for path in (paths[0], paths[2]):
        assert path.read_text(encoding="utf-8") == form, path.name
    assert paths[1].is_symlink() and SECRET in paths[1].read_text(encoding="utf-8")
