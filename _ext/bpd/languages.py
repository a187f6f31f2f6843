"""One site, many languages: language registry, URLs, switcher, hreflang and canonical links.

Every language is a separate Sphinx build of the same sources. This module
gives each page what it needs to know about the others: the URL of the same
page in every language (for the switcher and ``<link rel="alternate">``), the
BCP 47 tag for ``<html lang>``, and the canonical URL.

The registry is ``locales/languages.toml``; its first language is the source
language, published at the site root.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

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
    return list(_load(path)["languages"])


@dataclass(frozen=True)
class Review:
    """A review of a translation by speakers of the language."""

    by: tuple[str, ...]
    date: datetime.date
    note: str = ""


@dataclass(frozen=True)
class Team:
    """Who answers for a translation: its coordinators, and the reviews it has had."""

    coordinators: tuple[str, ...] = ()
    reviews: tuple[Review, ...] = ()

    @property
    def last_review(self) -> Review | None:
        return max(self.reviews, key=lambda review: review.date, default=None)


class RegistryError(ValueError):
    """``locales/languages.toml`` says something it may not, at ``path:line``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def read_teams(srcdir: Path) -> dict[str, Team]:
    """Every registered translation's team, from ``[teams.<code>]`` (empty if none)."""
    path = srcdir / REGISTRY
    if not path.is_file():
        return {}
    data = _load(path)
    text = path.read_text(encoding="utf-8")
    teams = {}
    for code, table in (data.get("teams") or {}).items():
        line = _line_of(text, f"[teams.{code}")
        if code not in data["languages"]:
            raise RegistryError(path, line, f"[teams.{code}] is not a registered language")
        unknown = set(table) - {"coordinators", "reviews"}
        if unknown:
            raise RegistryError(
                path, line,
                f"unknown key(s) {', '.join(sorted(unknown))} (allowed: coordinators, reviews)",
            )  # fmt: skip
        reviews = []
        for review in table.get("reviews", []):
            if not isinstance(review.get("date"), datetime.date) or not review.get("by"):
                raise RegistryError(
                    path, line, "a review needs 'by' (who) and 'date' (YYYY-MM-DD, unquoted)"
                )
            reviews.append(Review(_names(review["by"]), review["date"], review.get("note", "")))
        teams[code] = Team(_names(table.get("coordinators", [])), tuple(reviews))
    return teams


def _names(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(name) for name in value)


def _line_of(text: str, start: str) -> int:
    return next((n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start)), 1)


def _load(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        # tomllib says where, in words: "(at line 7, column 3)".
        found = re.search(r"at line (\d+)", str(error))
        raise RegistryError(path, int(found.group(1)) if found else 1, str(error)) from None


def url_prefix(code: str, source_language: str) -> str:
    """The folder a language is published in: "" for the source, "pt-br/" for pt_BR."""
    return "" if code == source_language else code.replace("_", "-").lower() + "/"


def _normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def configure(app: Sphinx, config: Config) -> None:
    """Fill the language settings from the registry and point canonical URLs at this language."""
    if not config.bpd_languages:
        try:
            config.bpd_languages = read_registry(Path(app.srcdir), config.language or "en")
        except RegistryError as error:
            raise ConfigError(str(error)) from None  # the file and line, no traceback
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


def setup(app: Sphinx) -> None:
    app.add_config_value("bpd_languages", [], "env", types=(list,))
    app.add_config_value("bpd_base_url", "https://blackpythondevs.com/", "html", types=(str,))
    app.add_config_value("bpd_translation_guide_url", "", "html", types=(str,))
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
