"""Every contributor and CI entry point of the Black Python Devs site.

nox -s build            build the whole site into _build/site (tools/site.py)
nox -s build -- sw      build one language
nox -s serve            the whole site, every language, rebuilt on every save and
                        reloaded in the browser, on http://127.0.0.1:8000 (tools/preview.py)
nox -s serve -- sw      the same, opening Swahili first
nox -s translations -- update | stats | check | todo LANG | format | add LANG
                        the translators' tools (python -m tools.translations --help)
nox -s tests            the whole test suite
nox -s a11y             axe over every page, language, width and scheme (weekly in CI)
nox -s linkcheck        external links (needs the internet)
nox -s bench            build and preview times into BENCHMARKS.md (-- --suite: the
                        tests against a cold build)
nox -s lint             the pre-commit hooks (ruff, YAML, translations)
nox -s lock             re-pin every indirect dependency into constraints.txt
nox -s lighthouse       Lighthouse scores of every page into BENCHMARKS.md (npm)
nox -s weight           page weights into BENCHMARKS.md
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["build", "tests"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


#: Every indirect dependency pinned too (docutils, babel, Jinja...), written by `nox -s lock`.
CONSTRAINTS = "constraints.txt"


def install(session: nox.Session, group: str) -> None:
    """Install one of pyproject.toml's pinned dependency groups, within constraints.txt.

    pip takes a second and a half to find that a reused environment already has every
    pin, on every call (most of what `nox -s build` costs after a one-page edit): what
    was installed is stamped in the environment, and pip runs again only when a pin
    changed (in pyproject.toml or constraints.txt) or the environment is new.
    """
    requirements = nox.project.dependency_groups(PYPROJECT, group)
    pins = Path(CONSTRAINTS).read_bytes() + "\n".join(requirements).encode()
    digest = hashlib.sha256(pins).hexdigest()
    location = getattr(session.virtualenv, "location", None)
    if not location:  # no virtual environment of its own (--no-venv): pip as nox runs it
        session.install("-c", CONSTRAINTS, *requirements)
        return
    stamp = Path(location, "bpd-installed")
    if stamp.is_file() and stamp.read_text() == digest:
        session.log(f"the {group} pins are installed already")
        return
    # run_install: pip runs under --install-only too; under --no-install (-R) in a reused
    # environment it does not, and returns None: nothing installed, nothing stamped.
    if session.run_install("python", "-m", "pip", "install", "-c", CONSTRAINTS, *requirements):
        stamp.write_text(digest)


@nox.session
def build(session: nox.Session) -> None:
    """Build every language (or those named after --) into _build/site, warnings as errors."""
    install(session, "docs")
    session.run("python", "-m", "tools.site", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """The whole site as published, every language, on http://127.0.0.1:8000: each save
    rebuilds what it changed, the language the browser shows first, and the open page
    reloads itself. nox -s serve -- sw opens Swahili first; Ctrl-C stops it."""
    install(session, "serve")
    session.run("python", "-m", "tools.preview", *session.posargs)


@nox.session
def translations(session: nox.Session) -> None:
    """The translators' tools: update | stats [--json] [--fail-under N] | check | todo LANG [PAGE]
    | format [--check] | add LANG (python -m tools.translations --help tells more).

    Its environment has sphinx-intl too: `.nox/translations/bin/sphinx-intl stat -d locales`.
    """
    install(session, "translations")
    session.run("python", "-m", "tools.translations", *(session.posargs or ["stats"]))


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check the external links of the English pages (needs the internet; not part of tests)."""
    install(session, "docs")
    session.run(
        "python", "-m", "sphinx", "-b", "linkcheck", "-q",
        "-d", "_build/doctrees/linkcheck", ".", "_build/linkcheck",
    )  # fmt: skip


@nox.session
def bench(session: nox.Session) -> None:
    """Measure builds, incremental rebuilds, the live preview (beside sphinx-autobuild) and
    scale; rewrite BENCHMARKS.md."""
    install(session, "bench")
    # The Python running nox: the bench times `nox -s build` itself too.
    session.run(
        "python", "-m", "tools.measure.bench", "--nox-python", sys.executable, *session.posargs
    )


@nox.session
def lighthouse(session: nox.Session) -> None:
    """Lighthouse (npm, pinned in package-lock.json) on every page and language; BENCHMARKS.md.

    nox -s lighthouse -- --languages en --pages about/   (fewer; tools/measure/lighthouse.py)
    """
    install(session, "weight")  # the build, and Playwright: it launches the Chromium audited
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("python", "-m", "tools.measure.lighthouse", "--update", *session.posargs)


@nox.session
def weight(session: nox.Session) -> None:
    """What each page downloads, first view and full page, in Chromium; BENCHMARKS.md."""
    install(session, "weight")
    session.run("python", "-m", "tools.site")
    session.run("python", "-m", "tools.measure.weight", "--update", *session.posargs)


@nox.session(reuse_venv=False)
def lock(session: nox.Session) -> None:
    """Re-pin the indirect dependencies: resolve every group afresh into constraints.txt.

    Run it after changing a version in pyproject.toml, and commit both files. Its
    virtual environment is made anew every time, so a dependency removed from
    pyproject.toml leaves no pin behind.
    """
    # Every group pyproject.toml declares, so a new group is pinned without touching this.
    requirements = nox.project.dependency_groups(PYPROJECT, *PYPROJECT["dependency-groups"])
    session.install("--upgrade", "--upgrade-strategy", "eager", *requirements)
    frozen = session.run("python", "-m", "pip", "freeze", "--all", silent=True)
    # pip and setuptools come with the virtual environment, not from our groups.
    pins = sorted(
        (
            line
            for line in frozen.splitlines()
            if "==" in line and line.split("==")[0].lower() not in {"pip", "setuptools", "wheel"}
        ),
        key=str.lower,
    )
    with open(CONSTRAINTS, "w", encoding="utf-8") as file:
        file.write(
            "# Every package the nox sessions install, direct or not, at one resolved version.\n"
            "# Written by `nox -s lock` from pyproject.toml's dependency groups; do not edit.\n"
        )
        file.write("\n".join(pins) + "\n")
    session.log(f"wrote {len(pins)} pins to {CONSTRAINTS}")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (extension, whole site, checkers, browser)."""
    install(session, "test")
    if shutil.which("npm"):
        # The W3C Nu HTML Checker (vnu.jar), pinned in package-lock.json.
        session.run(
            "npm", "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund",
            external=True,
        )  # fmt: skip
    else:
        session.warn("npm not found: the Nu HTML Checker test will be skipped (never in CI)")
    session.run("pytest", *session.posargs)


@nox.session
def a11y(session: nox.Session) -> None:
    """axe with every rule over every page, language, width and colour scheme: the whole
    product, where `nox -s tests` covers every pair of them (tests/browser/test_axe.py).
    Run it after a change to CSS, templates or the theme; the workflow runs it weekly."""
    install(session, "test")
    session.run("pytest", "tests/browser/test_axe.py", *session.posargs, env={"BPD_A11Y": "full"})


@nox.session
def lint(session: nox.Session) -> None:
    """Run every pre-commit hook (ruff, YAML, whitespace, translations) on all files."""
    # pre-commit lists the files with git: from a source archive (git archive, a
    # release tarball, GitHub's "Download ZIP") it would stop with a traceback.
    if not (Path(__file__).parent / ".git").exists():
        session.error(
            "nox -s lint runs the pre-commit hooks, which need a git checkout; this is "
            "a source archive. Lint from a clone, or run `git init && git add -A` here first"
        )
    install(session, "lint")
    # The hooks' own environments install within constraints.txt too.
    session.run(
        "pre-commit", "run", "--all-files", "--show-diff-on-failure", *session.posargs,
        env={"PIP_CONSTRAINT": str(Path(CONSTRAINTS).resolve())},
    )  # fmt: skip
