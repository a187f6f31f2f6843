"""What a page's ``<head>`` says: description and sharing tags, and clean meta tags.

- **Description and OpenGraph tags.** Each page's description comes from its front
  matter (``html_meta``), which is translated like any other message; a page without
  one gets the site default. The card image is one file for the whole site, addressed
  absolutely. X (Twitter) reads the OpenGraph tags: only its card type is its own.
- **Clean meta tags.** One viewport tag (docutils writes one, furo another), and no
  ``translated="True"`` on a translated description.

What a page downloads (stylesheets, scripts, one ``_static``) is ``bpd.assets``.
"""

from __future__ import annotations

import re
from html import unescape

from babel import Locale
from babel.core import get_global
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .languages.links import current_language, site_of
from .translations import _


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
        # For pages without a description of their own (the search page), in the
        # page's language. Looked up here, never when the module is imported: Sphinx's
        # `_` translates at once once a catalog is loaded, and this module is imported
        # before the guard has checked and loaded the interface catalog again.
        description = _("Black Python Devs is a global community of Black Python developers.")
        tags.append(("name", "description", description))
    title = context.get("title") or config.html_title
    full_title = (
        config.html_title if pagename == config.root_doc else f"{title} - {config.html_title}"
    )
    site = site_of(config)
    image = site.base_url + config.bpd_social_image
    language = current_language(config).code
    tags += [
        ("property", "og:type", "website"),
        ("property", "og:site_name", config.html_title),
        ("property", "og:title", _plain(full_title)),
        ("property", "og:description", description),
        ("property", "og:url", context.get("pageurl") or site.base_url),
        ("property", "og:image", image),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"),
        ("property", "og:image:alt", config.html_title),
        ("property", "og:locale", og_locale(language)),
        *(
            ("property", "og:locale:alternate", og_locale(other.code))
            for other in site.languages
            if other.code != language
        ),
        ("name", "twitter:card", "summary_large_image"),
    ]
    context["bpd_social_tags"] = tags


def og_locale(code: str) -> str:
    """A language as Open Graph names it, language_TERRITORY ("fr_FR"): one without a
    territory in its code gets its likeliest (CLDR's likely subtags, for its script if
    it names one: sw_TZ, ha_NG, zh_Hant to zh_TW). A language of no one country
    (Esperanto: "001", the world) is named alone."""
    locale = Locale.parse(code)
    if locale.territory is None:
        likely = get_global("likely_subtags")
        written = f"{locale.language}_{locale.script}" if locale.script else locale.language
        locale = Locale.parse(likely.get(written) or likely.get(locale.language) or code)
    territory = locale.territory or ""
    return f"{locale.language}_{territory}" if territory.isalpha() else locale.language


def _plain(html_title: str) -> str:
    """Page titles reach the context as HTML; metadata wants text."""
    return unescape(re.sub(r"<[^>]+>", "", html_title))


# -- meta tags ------------------------------------------------------------------------


class UnflagTranslatedMeta(SphinxPostTransform):
    """Drop the ``translated`` flag that Sphinx's ``Locale`` transform sets on a
    translated ``meta`` node (the page description).

    docutils writes every attribute of a ``meta`` node into the ``<meta>`` tag,
    so the flag would be published as ``translated="True"``, which is not HTML.
    """

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for meta in self.document.findall(nodes.meta):
            meta.attributes.pop("translated", None)


def setup_head(app: Sphinx) -> None:
    app.add_config_value("bpd_social_image", "_static/social-card.png", "html", types=(str,))
    app.connect("html-page-context", page_context)
    app.add_post_transform(UnflagTranslatedMeta)
