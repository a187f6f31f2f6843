"""What a page's ``<head>`` says: description and sharing tags, clean meta tags, and
only the stylesheets and scripts the page uses.

- **Description, OpenGraph and Twitter card tags.** Each page's description comes
  from its front matter (``html_meta``), which is translated like any other
  message; a page without one gets the site default. The card image is one file
  for the whole site, addressed absolutely.
- **Clean meta tags.** One viewport tag (docutils writes one, furo another), and no
  ``translated="True"`` on a translated description.
- **One ``_static`` for every language.** In the published site (``tools/site.py``
  builds with ``bpd_shared_static``), a translated page links the stylesheets,
  scripts and logo of the site's root ``_static/`` (``/sw/about/`` loads
  ``../../_static/styles/furo.css?v=...``), so a reader who switches language
  downloads none of them again; Sphinx's ``?v=`` checksum keeps them from going
  stale. Only what differs by language (``PER_LANGUAGE_STATIC``) stays under the
  language's prefix. Links are relative, so the site works at any base URL; a
  language built alone (``nox -s serve -- sw``) keeps its own ``_static``.
- **Search scripts after a search only.** Sphinx links its search scripts
  (``SEARCH_SCRIPTS``) into every page, for the highlighting of the searched words
  on the page a result leads to; a page loads them only when the reader comes from
  a search result, and the search page as usual.
- **Assets a page uses.** Sphinx links Pygments' stylesheet and sphinx-design links
  its tab script into every page. This site's pages have neither code blocks nor
  tabs, and its readers pay for every byte on mobile data: a page gets each one only
  if it has something that uses it.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from html import unescape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .languages.registry import Language, url_prefix
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


# -- assets -------------------------------------------------------------------------------


#: asset file name -> does this page need it?
NEEDED_BY = {
    "pygments.css": lambda doctree: any(doctree.findall(nodes.literal_block)),
    "design-tabs.js": lambda doctree: any(
        "sd-tab-set" in node["classes"] for node in doctree.findall(nodes.container)
    ),
}


def _unused(asset, doctree: nodes.document | None) -> bool:
    need = NEEDED_BY.get(posixpath.basename(str(getattr(asset, "filename", asset))))
    return need is not None and (doctree is None or not need(doctree))


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _unused(asset, doctree)]


# -- one _static for every language ---------------------------------------------------


#: What Sphinx writes in ``_static/`` that differs by language: the language's code and
#: search options, its stop words and word stemmer, the search page's translated
#: strings; and the search script, which furo's search page links by a path of its own.
PER_LANGUAGE_STATIC = frozenset(
    {"documentation_options.js", "language_data.js", "translations.js", "searchtools.js"}
)


def per_language(name: str) -> bool:
    """Whether ``_static/<name>`` stays under its language's prefix."""
    return name in PER_LANGUAGE_STATIC or name.endswith("stemmer.js")


def _shared(filename: str) -> bool:
    return (
        filename.startswith("_static/")
        and "://" not in filename
        and not per_language(filename.removeprefix("_static/"))
    )


def share_static(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Point a translated page's shared assets at the site's root ``_static/``."""
    config = app.config
    source = config.bpd_languages[0]
    up = "../" * url_prefix(config.language or source, source).count("/")
    if not (config.bpd_shared_static and up):
        return
    pathto = context["pathto"]

    def shared_tag(make_tag, attribute: str):
        def tag(asset) -> str:
            html = make_tag(asset)
            filename = os.fspath(getattr(asset, "filename", asset) or "")
            if _shared(filename):
                uri = pathto(filename, resource=True)
                html = html.replace(f'{attribute}="{uri}', f'{attribute}="{up}{uri}', 1)
            return html

        return tag

    context["css_tag"] = shared_tag(context["css_tag"], "href")
    context["js_tag"] = shared_tag(context["js_tag"], "src")
    for key in ("logo_url", "favicon_url"):
        url = context.get(key) or ""
        if url and "://" not in url and not url.startswith("/"):
            context[key] = up + url


# -- search-only scripts ----------------------------------------------------------------


#: Sphinx's scripts that only searching uses: the search page's own, and the
#: highlighting of the words searched for on the page a result leads to.
SEARCH_SCRIPTS = (
    "documentation_options.js", "doctools.js", "sphinx_highlight.js", "translations.js",
)  # fmt: skip

#: On any other page, they load only when the reader arrives from a search result
#: (Sphinx's search page leaves the words in localStorage, or in ``?highlight=``).
_AFTER_A_SEARCH = """(() => {
  let searched = new URLSearchParams(location.search).has("highlight");
  try { searched ||= localStorage.getItem("sphinx_highlight_terms") !== null; } catch {}
  if (!searched) return;
  for (const src of %s) {
    const script = document.createElement("script");
    script.src = src;
    script.async = false;
    document.head.append(script);
  }
})();"""


def load_search_scripts_after_a_search(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Search scripts on the search page; on the others, only after a search."""
    if pagename == "search" or "script_files" not in context:
        return
    kept, searching = [], []
    for script in context["script_files"]:
        name = posixpath.basename(str(getattr(script, "filename", script) or ""))
        (searching if name in SEARCH_SCRIPTS else kept).append(script)
    if not searching:
        return
    js_tag = context["js_tag"]  # after share_static: the URLs the page would have used
    sources = [re.search(r'src="([^"]+)"', js_tag(script)).group(1) for script in searching]
    from sphinx.builders.html._assets import _JavaScript

    loader = _AFTER_A_SEARCH % json.dumps([unescape(src) for src in sources])
    context["script_files"] = [*kept, _JavaScript("", body=loader)]


def setup_head(app: Sphinx) -> None:
    app.add_config_value("bpd_social_image", "_static/social-card.png", "html", types=(str,))
    # Set by tools/site.py for the published site, where every language's pages sit
    # under one root; off for a language built alone.
    app.add_config_value("bpd_shared_static", False, "html", types=(bool,))
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", drop_unused_assets)
    app.connect("html-page-context", share_static)
    # After share_static (priority 500): it reads the URLs the page would have used.
    app.connect("html-page-context", load_search_scripts_after_a_search, priority=600)
    app.add_post_transform(UnflagTranslatedMeta)
