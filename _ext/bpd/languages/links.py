"""Every page knows its other languages: switcher, hreflang alternates, canonical URL.

Every language is a separate Sphinx build of the same sources. This module gives
each page what it needs to know about the others: the URL of the same page in
every language (for the switcher and ``<link rel="alternate">``), the BCP 47 tag
for ``<html lang>``, and the canonical URL (Sphinx writes it from ``html_baseurl``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .registry import Language, RegistryError, read_registry, url_prefix

#: Where the community publishes the site.
DEFAULT_BASE_URL = "https://blackpythondevs.com/"


def base_url(environment: Mapping[str, str] = os.environ) -> str:
    """The address the site is built for: ``BPD_BASE_URL`` if set (a fork's Pages, a
    local server), else the community's; conf.py sets ``bpd_base_url`` to it. Raises
    ConfigError for an address that is not absolute (``check_base_url``)."""
    url = environment.get("BPD_BASE_URL") or DEFAULT_BASE_URL
    check_base_url(url)
    return _normalise_base_url(url)


def _normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def check_base_url(url: str) -> None:
    """Canonical links, hreflang and the sitemap's ``<loc>`` are read as given, so the
    address must be absolute: "example.org/" would publish links to nowhere."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (urlsplit checks the port only when asked)
        sound = not any(character.isspace() or ord(character) < 32 for character in url)
    except ValueError:  # "http://[::1/", "https://example.org:80a/"
        sound = False
    if (
        not sound
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
    ):
        raise ConfigError(
            f"the site's address (BPD_BASE_URL, or bpd_base_url) is {url!r}: it must be "
            "an absolute http(s) address without spaces, query or fragment, "
            "such as https://example.github.io/bpd-site/"
        )


def configure(app: Sphinx, config: Config) -> None:
    """Fill the language settings from the registry and point canonical URLs at this language."""
    if not config.bpd_languages:
        try:
            config.bpd_languages = read_registry(Path(app.srcdir), config.language or "en")
        except RegistryError as error:
            raise ConfigError(str(error)) from None  # the file and line, no traceback
    check_base_url(config.bpd_base_url)  # a -D or conf.py value; tools.site checks first
    config.bpd_base_url = _normalise_base_url(config.bpd_base_url)
    source = config.bpd_languages[0]
    language = config.language or source
    # Sphinx writes <link rel="canonical"> from html_baseurl.
    config.html_baseurl = config.bpd_base_url + url_prefix(language, source)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the templates the other languages of this page."""
    config = app.config
    codes = config.bpd_languages
    source = codes[0]
    current = config.language or source
    page_uri = app.builder.get_target_uri(pagename)  # "about/" with dirhtml
    here = url_prefix(current, source) + page_uri
    languages = []
    for code in codes:
        there = url_prefix(code, source) + page_uri
        languages.append(
            {
                "code": code,
                "tag": Language(code).tag,
                "name": Language(code).name,
                "href": relative_url(here, there),
                "url": config.bpd_base_url + there,
                "current": code == current,
            }
        )
    context["bpd_languages"] = languages
    context["bpd_current_language"] = next(lang for lang in languages if lang["current"])
    context["bpd_default_url"] = config.bpd_base_url + page_uri
    context["bpd_translation_guide_url"] = config.bpd_translation_guide_url
    # furo writes <html lang="{{ language }}">: BCP 47 wants pt-BR, not pt_BR.
    context["language"] = Language(current).tag


def relative_url(here: str, there: str) -> str:
    """A relative link from the page at ``here`` to ``there`` (both site-relative URLs)."""
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    target = posixpath.relpath("/" + there, "/" + base)
    if there.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" else target


def setup_links(app: Sphinx) -> None:
    app.add_config_value("bpd_languages", [], "env", types=(list,))
    app.add_config_value("bpd_base_url", DEFAULT_BASE_URL, "html", types=(str,))
    app.add_config_value("bpd_translation_guide_url", "", "html", types=(str,))
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
