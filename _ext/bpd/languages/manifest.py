"""What a language's build tells the site's assembly (``tools/publish.py``), so that the
assembly parses none of the HTML it publishes.

When a build has finished, ``bpd-manifest.json`` in its doctree directory says:

- ``language``, ``tag`` and ``prefix``: which language, published where;
- ``base_url``: the site's canonical base (the sitemap, ``robots.txt``, the root 404);
- ``pages``: the path of every page under the prefix ("", "about/"), for the sitemap;
- ``not_found``: the page not found's message as this language shows it (the body of
  its ``404`` page), which the root ``404.html`` gathers from every language.

An incremental build writes only the pages that changed: the message of a page not
found that was not written again is the one the last manifest kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from .links import current_language, site_of

MANIFEST = "bpd-manifest.json"

#: The page whose message the root ``404.html`` gathers (``404.md``).
NOT_FOUND_PAGE = "404"


def read_manifest(doctreedir: Path) -> dict | None:
    """A language's manifest, or None if it has not been built."""
    try:
        return json.loads((doctreedir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def setup_manifest(app: Sphinx) -> None:
    written: dict[str, str] = {}

    def note_not_found(app: Sphinx, pagename: str, templatename, context: dict, doctree):
        if pagename == NOT_FOUND_PAGE and "body" in context:
            written["not_found"] = context["body"]

    def write_manifest(app: Sphinx, exception: Exception | None) -> None:
        if exception is not None or app.builder.format != "html":
            return
        env, doctreedir = app.env, Path(app.doctreedir)
        not_found = None
        if NOT_FOUND_PAGE in env.found_docs:
            kept = read_manifest(doctreedir) or {}
            not_found = written.get("not_found", kept.get("not_found"))
        language = current_language(app.config)
        manifest = {
            "language": language.code,
            "tag": language.tag,
            "prefix": language.prefix,
            "base_url": site_of(app.config).base_url,
            "pages": sorted(app.builder.get_target_uri(page) for page in env.found_docs),
            "not_found": not_found,
        }
        doctreedir.mkdir(parents=True, exist_ok=True)
        (doctreedir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")

    app.connect("html-page-context", note_not_found)
    app.connect("build-finished", write_manifest)
