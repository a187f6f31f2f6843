"""Incremental builds that equal clean ones, and are quick.

Sphinx rebuilds a page when its source or a noted dependency changes. This site
has three more things a page depends on, and one cost worth saving:

- **The navigation.** furo prints the whole site's navigation, with every page's
  title, on every page. Sphinx only rewrites the pages it re-read (and their
  toctree parents), so after a title changes, in the source or in a translation,
  the other pages would keep the old one. A snapshot of the titles is kept on the
  environment; when it changes, every page is rewritten.
- **The interface catalog.** Every page shows interface strings
  (``locales/<lang>/LC_MESSAGES/sphinx.po``), which is neither a page's source nor
  a noted dependency: each page notes it, so a translator's fix to "Search" reaches
  the pages already built (locally, and in ``nox -s serve``).
- **The extension's code.** ``bpd.setup`` gives Sphinx an ``env_version`` that
  changes with the code of every module of the package (``code_version``), so an
  edit to a directive or a transform rebuilds every page.
- **Compiled templates.** Sphinx compiles furo's and our templates afresh in every
  build, about a tenth of a second each time: Jinja's bytecode cache keeps them next
  to the doctrees (one per language, as each builds in its own process).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def code_version() -> int:
    """A number that changes whenever the extension's code changes (every module of
    the package, in subpackages too)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    return int.from_bytes(digest.digest()[:6], "big") or 1


# -- the navigation -------------------------------------------------------------------------


def _titles(env: BuildEnvironment) -> dict[str, str]:
    return {docname: title.astext() for docname, title in env.titles.items()}


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    current = _titles(env)
    previous = getattr(env, "bpd_nav_titles", None)
    env.bpd_nav_titles = current
    if previous is None or previous == current:
        return []
    return sorted(env.found_docs)


# -- the interface catalog --------------------------------------------------------------------


def ui_catalogs(app: Sphinx) -> list[Path]:
    """The project's UI catalogs of the language being built (none for the source)."""
    paths = (
        Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES", "sphinx.po")
        for locale_dir in app.config.locale_dirs
    )
    return [path for path in paths if path.is_file()]


def depend_on_ui_catalog(app: Sphinx, doctree: nodes.document) -> None:
    """Every page shows interface strings: an edited ``sphinx.po`` rewrites every page."""
    for path in ui_catalogs(app):
        app.env.note_dependency(str(path))


# -- compiled templates ---------------------------------------------------------------------


def use_bytecode_cache(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder without HTML templates (gettext, linkcheck)
        return
    directory = Path(app.doctreedir) / "jinja"
    directory.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(directory))


def setup_rebuilds(app: Sphinx) -> None:
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-read", depend_on_ui_catalog)
    app.connect("builder-inited", use_bytecode_cache)
