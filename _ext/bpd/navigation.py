"""Rewrite every page when the navigation changes, so incremental builds stay correct.

furo prints the whole site's navigation, with every page's title, on every
page. Sphinx only rewrites the pages it re-read (and their toctree parents),
so after a title changes, in the source or in a translation, the other pages
would keep showing the old one. This keeps a snapshot of the titles on the
environment and, when it changes, asks Sphinx to rewrite every page.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def _titles(env: BuildEnvironment) -> dict[str, str]:
    return {docname: title.astext() for docname, title in env.titles.items()}


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    current = _titles(env)
    previous = getattr(env, "bpd_nav_titles", None)
    env.bpd_nav_titles = current
    if previous is None or previous == current:
        return []
    return sorted(env.found_docs)


def setup(app: Sphinx) -> None:
    app.connect("env-get-updated", pages_to_rewrite)
