"""The extension's user-interface strings.

The site keeps every UI string (templates, theme overrides and this extension)
in one catalog per language, ``locales/<lang>/LC_MESSAGES/sphinx.po``. Sphinx
compiles that catalog before it loads translations and searches it before its
own, so these strings are translated even for languages Sphinx ships nothing for.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

_ = get_translation("sphinx")


def ui_catalogs(app: Sphinx) -> list[Path]:
    """The project's UI catalogs of the language being built (none for the source)."""
    paths = (
        Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES", "sphinx.po")
        for locale_dir in app.config.locale_dirs
    )
    return [path for path in paths if path.is_file()]


def depend_on_ui_catalog(app: Sphinx, doctree: nodes.document) -> None:
    """Every page shows UI strings: an edited ``sphinx.po`` must rewrite every page.

    Sphinx only rereads a page when its source or a noted dependency changes; the
    UI catalog is neither, so without this a translator's fix to "Search" would
    not reach the pages already built (locally, or in ``nox -s serve``).
    """
    for path in ui_catalogs(app):
        app.env.note_dependency(str(path))


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", depend_on_ui_catalog)
