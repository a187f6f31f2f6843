"""Every page knows its other languages: switcher, hreflang alternates, canonical URL.

Every language is a separate Sphinx build of the same sources. This module gives
each page what it needs to know about the others: the URL of the same page in
every language (for the switcher and ``<link rel="alternate">``), the BCP 47 tag
for ``<html lang>``, and the canonical URL (Sphinx writes it from ``html_baseurl``).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .registry import Language, RegistryError, Site, language_of

#: Where the community publishes the site.
DEFAULT_BASE_URL = "https://blackpythondevs.com/"
#: The community's repository, where the translation guide lives.
DEFAULT_REPOSITORY_URL = "https://github.com/BlackPythonDevs/blackpythondevs.com"


def base_url(environment: Mapping[str, str] = os.environ, project: Path | None = None) -> str:
    """The address the site is built for: ``BPD_BASE_URL`` if set (a fork's Pages, a
    local server), else ``https://`` and the custom domain in the project's ``CNAME``
    file (GitHub Pages' own), else the community's; conf.py sets ``bpd_base_url`` to
    it. Raises ConfigError for an address that is not absolute (``check_base_url``)
    or a ``CNAME`` that is not a domain alone."""
    url = environment.get("BPD_BASE_URL")
    if not url and project is not None and (project / "CNAME").is_file():
        url = f"https://{custom_domain(project / 'CNAME')}/"
    url = url or DEFAULT_BASE_URL
    check_base_url(url)
    return _normalise_base_url(url)


#: A host name: dot-separated labels of letters, digits and inner hyphens.
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")


def custom_domain(path: Path) -> str:
    """The domain a ``CNAME`` file holds: one line, the domain alone, as GitHub Pages
    reads it ("blackpythondevs.com"); anything else is a ConfigError at its line."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines() or [""]
    domain = lines[0].strip().lower()
    if not _DOMAIN.fullmatch(domain):
        hint = ""
        if "://" in domain or "/" in domain:
            hint = f" (write {urlsplit(domain if '://' in domain else '//' + domain).hostname!r})"
        raise ConfigError(
            f"{path}:1: CNAME holds {lines[0].strip()!r}: it must hold the site's domain "
            f"alone, with no scheme or path, as GitHub Pages reads it{hint}"
        )
    return domain


def _normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _sound(url: str, schemes: tuple[str, ...]) -> bool:
    """An absolute address of one of ``schemes``, without spaces, query or fragment."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (urlsplit checks the port only when asked)
    except ValueError:  # "http://[::1/", "https://example.org:80a/"
        return False
    return (
        not any(character.isspace() or ord(character) < 32 for character in url)
        and parts.scheme in schemes
        and bool(parts.netloc)
        and not parts.query
        and not parts.fragment
    )


def check_base_url(url: str) -> None:
    """Canonical links, hreflang and the sitemap's ``<loc>`` are read as given, so the
    address must be absolute: "example.org/" would publish links to nowhere."""
    if not _sound(url, ("http", "https")):
        raise ConfigError(
            f"the site's address (BPD_BASE_URL, or bpd_base_url) is {url!r}: it must be "
            "an absolute http(s) address without spaces, query or fragment, "
            "such as https://example.github.io/bpd-site/"
        )


def repository_url(environment: Mapping[str, str] = os.environ) -> str:
    """The repository the incomplete-translation notice sends translators to:
    ``BPD_REPOSITORY_URL``, else the one being built in GitHub Actions (a fork links to
    itself), else the community's. Raises ConfigError unless it is an absolute https
    address: every page with the notice links it ("javascript:..." would run there)."""
    url = environment.get("BPD_REPOSITORY_URL") or (
        f"{environment.get('GITHUB_SERVER_URL', 'https://github.com')}/"
        f"{environment['GITHUB_REPOSITORY']}"
        if environment.get("GITHUB_REPOSITORY")
        else DEFAULT_REPOSITORY_URL
    )
    if not _sound(url, ("https",)):
        raise ConfigError(
            f"the repository's address (BPD_REPOSITORY_URL) is "
            f"{url!r}: it must be an absolute https address without spaces, query or "
            "fragment, such as https://github.com/me/blackpythondevs.com"
        )
    return url.rstrip("/")


def configure(app: Sphinx, config: Config) -> None:
    """The site as ``tools/site.py`` describes it (``bpd_site``), or, for a plain
    ``sphinx-build``, as the registry does; canonical URLs point at this language."""
    value = config.bpd_site
    if isinstance(value, str):  # -D bpd_site=<JSON> (tools/site.py)
        value = json.loads(value)
    if not value:
        try:
            site = Site.read(Path(app.srcdir), config.bpd_base_url, default=config.language)
            value = site.as_config()
        except RegistryError as error:
            raise ConfigError(str(error)) from None  # the file and line, no traceback
    check_base_url(value["base_url"])  # a -D or conf.py value; tools.site checks first
    value["base_url"] = _normalise_base_url(value["base_url"])
    config.bpd_site = value
    # Sphinx writes <link rel="canonical"> from html_baseurl.
    config.html_baseurl = value["base_url"] + current_language(config).prefix


def site_of(config: Config) -> Site:
    """The site this build is part of (after ``config-inited``)."""
    return Site.from_config(config.bpd_site)


def current_language(config: Config) -> Language:
    """The language being built (the one place that decides it): Sphinx's ``language``,
    else the source language."""
    site = site_of(config)
    code = config.language or site.source.code
    known = next((language for language in site.languages if language.code == code), None)
    return known or language_of(code, site.source.code)


def is_translation(config: Config) -> bool:
    """Whether the language being built is a translation (not the pages' own)."""
    return current_language(config) != site_of(config).source


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the templates the other languages of this page."""
    site = site_of(app.config)
    current = current_language(app.config)
    page_uri = app.builder.get_target_uri(pagename)  # "about/" with dirhtml
    here = current.prefix + page_uri
    languages = [
        {
            "code": language.code,
            "tag": language.tag,
            "name": language.name,
            "href": relative_url(here, language.prefix + page_uri),
            "url": site.base_url + language.prefix + page_uri,
            "current": language == current,
        }
        for language in site.languages
    ]
    context["bpd_languages"] = languages
    context["bpd_current_language"] = next(lang for lang in languages if lang["current"])
    context["bpd_default_url"] = site.base_url + page_uri
    context["bpd_translation_guide_url"] = app.config.bpd_translation_guide_url
    # furo writes <html lang="{{ language }}">: BCP 47 wants pt-BR, not pt_BR.
    context["language"] = current.tag


def relative_url(here: str, there: str) -> str:
    """A relative link from the page at ``here`` to ``there`` (both site-relative URLs)."""
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    target = posixpath.relpath("/" + there, "/" + base)
    if there.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" else target


def setup_links(app: Sphinx) -> None:
    # The site: its languages, base URL and caches (registry.Site.as_config). Every page
    # names every language, and the status page lists them: a change re-reads them all.
    app.add_config_value("bpd_site", None, "env", types=(dict, str, type(None)))
    app.add_config_value("bpd_base_url", DEFAULT_BASE_URL, "html", types=(str,))
    app.add_config_value("bpd_translation_guide_url", "", "html", types=(str,))
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
