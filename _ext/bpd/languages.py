"""One site, many languages: language registry, URLs, switcher, hreflang and canonical links.

Every language is a separate Sphinx build of the same sources. This module
gives each page what it needs to know about the others: the URL of the same
page in every language (for the switcher and ``<link rel="alternate">``), the
BCP 47 tag for ``<html lang>``, and the canonical URL.

The registry is ``locales/languages.toml``; its first language is the source
language, published at the site root.
"""

from __future__ import annotations

import posixpath
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from sphinx.application import Sphinx
from sphinx.config import Config

from .translation_status import CountUntranslated, untranslated

REGISTRY = Path("locales") / "languages.toml"


@dataclass(frozen=True)
class Language:
    code: str  # as Sphinx and gettext spell it: pt_BR

    @property
    def tag(self) -> str:
        """BCP 47, for ``lang`` and ``hreflang``: pt-BR."""
        return self.code.replace("_", "-")

    @property
    def name(self) -> str:
        """The language's name in itself, as babel (CLDR) writes it, capitalised."""
        name = Locale.parse(self.code).get_display_name(self.code) or self.code
        return name[:1].upper() + name[1:]


def read_registry(srcdir: Path, default: str = "en") -> list[str]:
    """The registered languages; a project without a registry has only ``default``."""
    path = srcdir / REGISTRY
    if not path.is_file():
        return [default]
    with path.open("rb") as file:
        return list(tomllib.load(file)["languages"])


def url_prefix(code: str, source_language: str) -> str:
    """The folder a language is published in: "" for the source, "pt-br/" for pt_BR."""
    return "" if code == source_language else code.replace("_", "-").lower() + "/"


def _normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def configure(app: Sphinx, config: Config) -> None:
    """Fill the language settings from the registry and point canonical URLs at this language."""
    if not config.bpd_languages:
        config.bpd_languages = read_registry(Path(app.srcdir), config.language or "en")
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
                "href": _relative(here, there),
                "url": config.bpd_base_url + there,
                "current": code == current,
            }
        )
    context["bpd_languages"] = languages
    context["bpd_current_language"] = next(lang for lang in languages if lang["current"])
    context["bpd_default_url"] = config.bpd_base_url + page_uri
    context["bpd_incomplete"] = untranslated(app.env, pagename) > 0
    context["bpd_translation_guide_url"] = config.bpd_translation_guide_url
    # furo writes <html lang="{{ language }}">: BCP 47 wants pt-BR, not pt_BR.
    context["language"] = Language(current).tag


def _relative(here: str, there: str) -> str:
    """A relative link from the page at ``here`` to ``there`` (both site-relative URLs)."""
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    target = posixpath.relpath("/" + there, "/" + base)
    if there.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" else target


def setup(app: Sphinx) -> None:
    app.add_config_value("bpd_languages", [], "env", types=(list,))
    app.add_config_value("bpd_base_url", "https://blackpythondevs.com/", "html", types=(str,))
    app.add_config_value("bpd_translation_guide_url", "", "html", types=(str,))
    app.add_transform(CountUntranslated)
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
