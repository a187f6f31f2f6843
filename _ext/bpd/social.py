"""Sharing and search metadata: description, OpenGraph and Twitter card tags.

Each page's description comes from its front matter (``html_meta``), which is
translated like any other message; a page without one gets the site default.
The card image is one file for the whole site, addressed absolutely.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from .i18n import _
from .languages import Language

#: For pages without a description of their own (the search page), in the page's language.
DEFAULT_DESCRIPTION = _("Black Python Devs is a global community of Black Python developers.")


def _page_description(doctree: nodes.document | None) -> str | None:
    if doctree is None:
        return None
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description":
            return meta.get("content")
    return None


#: docutils' HTML writer adds a viewport tag to the head's metadata; furo's
#: base.html writes its own, so every page had two.
_DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    config = app.config
    if context.get("metatags"):
        context["metatags"] = _DOCUTILS_VIEWPORT.sub("", context["metatags"])
    description = _page_description(doctree)
    tags: list[tuple[str, str, str]] = []  # (attribute, key, content)
    if description is None:
        description = str(DEFAULT_DESCRIPTION)
        tags.append(("name", "description", description))
    title = context.get("title") or config.html_title
    full_title = (
        config.html_title if pagename == config.root_doc else f"{title} - {config.html_title}"
    )
    image = config.bpd_base_url + config.bpd_social_image
    language = config.language or config.bpd_languages[0]
    tags += [
        ("property", "og:type", "website"),
        ("property", "og:site_name", config.html_title),
        ("property", "og:title", _plain(full_title)),
        ("property", "og:description", description),
        ("property", "og:url", context.get("pageurl") or config.bpd_base_url),
        ("property", "og:image", image),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"),
        ("property", "og:image:alt", config.html_title),
        ("property", "og:locale", Language(language).code),
        *(
            ("property", "og:locale:alternate", code)
            for code in config.bpd_languages
            if code != language
        ),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", _plain(full_title)),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image),
    ]
    context["bpd_social_tags"] = tags


def _plain(html_title: str) -> str:
    """Page titles reach the context as HTML; metadata wants text."""
    from html import unescape
    from re import sub

    return unescape(sub(r"<[^>]+>", "", html_title))


def setup(app: Sphinx) -> None:
    app.add_config_value("bpd_social_image", "_static/social-card.png", "html", types=(str,))
    app.connect("html-page-context", page_context)
