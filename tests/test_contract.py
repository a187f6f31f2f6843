"""The contract between the site's build (``tools/site.py``) and the extension: one value
in (``bpd_site``: the registry read once, the base URL, where the shared caches live),
one manifest out (``bpd-manifest.json``: what the assembly needs, so it parses no
HTML); and a plain ``sphinx-build``, which has neither, leaves nothing but the site in
its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BASE_URL, LANGUAGES, ROOT

from bpd.languages.manifest import read_manifest
from bpd.languages.registry import registered
from tools.project import add_languages
from tools.publish import sitemap
from tools.site import said_once

#: What Sphinx itself writes at the top of an HTML build's output.
SPHINX_OUTPUT = {".buildinfo", ".doctrees", "_static", "_images", "_sources", "objects.inv",
                 "searchindex.js"}  # fmt: skip


def not_the_site(out: Path) -> list[str]:
    """What ``out`` holds besides the site: Sphinx's output, a page (``.html``), a calendar
    feed (``.ics``), a folder of pages."""
    found = []
    for entry in out.iterdir():
        if entry.name in SPHINX_OUTPUT or entry.suffix in (".html", ".ics"):
            continue
        if not (entry.is_dir() and any(entry.rglob("*.html"))):
            found.append(entry.name)
    return found


@pytest.mark.site
@pytest.mark.parametrize(
    "arguments",
    [[], ["-D", "language=pt_BR", "-d", "{doctrees}"]],
    ids=["without -d", "pt_BR with -d"],
)
def test_a_plain_sphinx_build_leaves_only_the_site_in_its_output(tmp_path, arguments):
    out = tmp_path / "out"
    arguments = [argument.format(doctrees=tmp_path / "doctrees") for argument in arguments]
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", *arguments, str(ROOT), str(out)],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "index.html").is_file()
    assert not_the_site(out) == []


@pytest.mark.site
def test_each_language_tells_the_assembly_what_it_needs(site):
    """The manifests match what was built: the base, every page, and the message of the
    page not found that each language's own 404 page shows."""
    for language in LANGUAGES:
        manifest = read_manifest(site.parent / "doctrees" / language.code)
        assert manifest is not None, language.code
        assert (manifest["language"], manifest["prefix"], manifest["tag"]) == (
            language.code, language.prefix, language.tag
        )  # fmt: skip
        assert manifest["base_url"] == BASE_URL
        built = site.parent / "html" / language.code
        pages = {
            "" if page.parent == built else page.parent.relative_to(built).as_posix() + "/"
            for page in built.rglob("index.html")
        } - {"search/"}
        assert set(manifest["pages"]) == pages
        not_found = (built / "404" / "index.html").read_text(encoding="utf-8")
        assert manifest["not_found"] and manifest["not_found"] in not_found


def test_an_unsafe_repository_address_is_refused_before_any_build(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tools.site", "--build-dir", str(tmp_path / "build")],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "BPD_REPOSITORY_URL": "javascript:alert(1)"},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr  # one sentence, no traceback
    assert "BPD_REPOSITORY_URL" in result.stderr and "'javascript:alert(1)'" in result.stderr
    assert not (tmp_path / "build").exists()


@pytest.mark.site
@pytest.mark.parametrize(
    ("mistake", "said"),
    [
        ("this is = broken(", ["Configuration error: There is a syntax error in your "
         "configuration file: invalid syntax (conf.py, line {line})"]),
        # What conf.py prints is kept; the mistake is said at the innermost line of the
        # project's code it ran.
        ("print('from conf.py')\nx = undefined_name", ["from conf.py",
         "Configuration error: conf.py:{next}: NameError: name 'undefined_name' is not "
         "defined"]),
        ("import helper_in_ext\nhelper_in_ext.run()", ["Configuration error: "
         "_ext/helper_in_ext.py:2: NameError: name 'undefined_name' is not defined"]),
        ("extensions.append('no_such_ext')", ["Extension error: Could not import extension "
         "no_such_ext (exception: No module named 'no_such_ext')"]),
    ],
    ids=["syntax", "name", "name in a helper", "extension"],
)  # fmt: skip
def test_a_mistake_in_conf_py_is_said_once_at_its_line(tmp_path, mistake, said):
    """Each language's build said Sphinx's report of a bug in itself (its versions, a
    traceback, "please report this"), every line followed by the languages' names,
    and the next build started every language afresh, calling the failed one
    interrupted, though Sphinx had written nothing."""
    from tools.project import copy_project

    project = copy_project(tmp_path / "project", exclude=("tests/",))
    (project / "_ext" / "helper_in_ext.py").write_text("def run():\n    return undefined_name\n")
    conf = project / "conf.py"
    line = conf.read_text(encoding="utf-8").count("\n") + 1
    with conf.open("a", encoding="utf-8") as written:
        written.write(mistake + "\n")
    command = [sys.executable, "-m", "tools.site", "--build-dir", str(tmp_path / "build"),
               "en", "sw"]  # fmt: skip
    for _run in range(2):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True)
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if line.strip()] == [
            *(text.format(line=line, next=line + 1) + " (en, sw)" for text in said),
            "build failed for: en, sw",
        ], result.stderr
        assert "did not finish" not in result.stdout, result.stdout


@pytest.mark.site
def test_a_bug_in_an_extension_as_sphinx_starts_keeps_its_report(tmp_path):
    """Not the project's configuration: the report Sphinx gives a bug, with the file its
    traceback is saved in, not one line without a place."""
    from tools.project import copy_project

    project = copy_project(tmp_path / "project", exclude=("tests/",))
    with (project / "conf.py").open("a", encoding="utf-8") as written:
        written.write("\ndef setup(app):\n    app.connect('builder-inited', lambda app: 1 / 0)\n")
    result = subprocess.run(
        [sys.executable, "-m", "tools.site", "--build-dir", str(tmp_path / "build"), "en"],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "division by zero" in result.stderr and "full traceback" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "github.com/me/fork", "http://github.com/me/fork",
     "https://github.com/me/fork\n", "https://github.com/me fork", "https://x.org/?a=1"],
)  # fmt: skip
def test_a_repository_address_must_be_absolute_https(address):
    from sphinx.errors import ConfigError

    from bpd.languages.links import repository_url

    with pytest.raises(ConfigError, match="BPD_REPOSITORY_URL"):
        repository_url({"BPD_REPOSITORY_URL": address})


def test_the_repository_address_is_given_or_github_s_or_the_community_s():
    from bpd.languages.links import DEFAULT_REPOSITORY_URL, repository_url

    assert repository_url({"BPD_REPOSITORY_URL": "https://example.org/fork/"}) == (
        "https://example.org/fork"
    )
    assert repository_url({"GITHUB_REPOSITORY": "me/fork"}) == "https://github.com/me/fork"
    assert repository_url({}) == DEFAULT_REPOSITORY_URL


def test_the_sitemap_escapes_its_addresses():
    manifest = {"language": "en", "tag": "en", "prefix": "", "pages": ["", "a&b/"]}
    written = sitemap("https://example.org/x&y/", [manifest])
    assert "<loc>https://example.org/x&amp;y/a&amp;b/</loc>" in written
    assert "&y" not in written.replace("&amp;", "")


def test_a_warning_every_language_gave_is_said_once_naming_them():
    same = "about/index.md:12: WARNING: leadership-grid: unknown key 'rolle' [bpd.leadership]"
    own = "locales/sw/LC_MESSAGES/about/index.po:7: WARNING: a problem [bpd.catalog]"
    built = {"en": (1, same), "sw": (1, f"{same}\n{own}\n  its second line"), "fr": (0, "")}
    assert said_once(built) == [f"{same} (en, sw)", f"{own} (sw)\n  its second line"]
    assert said_once({"sw": (1, own)}) == [own]
    # A warning a build gave several times (a toctree entry without a title, once for
    # each page that lists it): its languages were listed as often.
    built = {"en": (1, f"{same}\n{same}"), "sw": (1, f"{same}\n{same}\n{same}")}
    assert said_once(built) == [f"{same} (en, sw)"]


def test_a_language_is_named_as_the_registry_or_its_address_names_it():
    """``nox -s build -- pt-br`` (the address's prefix) was refused: only pt_BR was known."""
    known = ["en", "pt_BR", "sw"]
    assert registered(["pt-br", "pt-BR", "PT_BR", "sw", "xx"], known) == [
        "pt_BR", "pt_BR", "pt_BR", "sw", "xx",  # an unknown name is left for the refusal
    ]  # fmt: skip


def test_languages_are_added_to_a_list_written_over_several_lines(tmp_path):
    registry = tmp_path / "languages.toml"
    registry.write_text(
        '# The languages [in order]\nlanguages = [\n  "en",  # the source [pages]\n  "sw",\n]\n'
        '\n[teams.sw]\ncoordinators = ["someone"]\n',
        encoding="utf-8",
    )
    add_languages(registry, ["yo", "zu"])
    import tomllib

    loaded = tomllib.loads(registry.read_text(encoding="utf-8"))
    assert loaded["languages"] == ["en", "sw", "yo", "zu"]
    assert loaded["teams"] == {"sw": {"coordinators": ["someone"]}}
    assert registry.read_text(encoding="utf-8").startswith("# The languages [in order]\n")


def test_the_value_handed_to_every_language_is_plain_data():
    """Sphinx pickles the configuration and compares it between builds: the value is
    JSON, the same after a round trip."""
    from bpd.languages.registry import Site

    site = Site.read(ROOT, BASE_URL, cache_dir="..", shared_static=True)
    value = site.as_config()
    assert json.loads(json.dumps(value)) == value
    assert Site.from_config(value) == site
    assert [language.code for language in site.languages] == [lang.code for lang in LANGUAGES]
