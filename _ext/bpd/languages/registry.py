"""The site's languages and who answers for them: ``locales/languages.toml``.

Its ``languages`` list is every language the site is published in, in the order
the switcher lists them; the first is the source language, published at the site
root, every other one under its own prefix (``pt_BR`` at ``/pt-br/``). Its
``[teams.<code>]`` tables say who coordinates each translation and which reviews
it has had (shown on the translation status page). The extension, the tools and
the tests all read the languages here, as ``Language`` values.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, localedata

from ..project_files import LEADS_OUT, NotUTF8, leads_out, utf8_text

REGISTRY = Path("locales") / "languages.toml"


@dataclass(frozen=True)
class Language:
    code: str  # as Sphinx and gettext spell it: pt_BR
    #: The folder it is published in: "" for the source language, "pt-br/" for pt_BR.
    prefix: str = ""

    @property
    def tag(self) -> str:
        """BCP 47, for ``lang`` and ``hreflang``: pt-BR."""
        return self.code.replace("_", "-")

    @property
    def name(self) -> str:
        """The language's name in itself, as babel (CLDR) writes it, capitalised."""
        return _native_name(self.code)


#: Each language's name in itself, by code: asked of babel once each (its locale data,
#: 10 to 15 ms a language), or given all at once (tools.site keeps them with a build).
NATIVE_NAMES: dict[str, str] = {}


def _native_name(code: str) -> str:
    # Every page names every language (the switcher).
    if code not in NATIVE_NAMES:
        name = Locale.parse(code).get_display_name(code) or code
        NATIVE_NAMES[code] = name[:1].upper() + name[1:]
    return NATIVE_NAMES[code]


def read_registry(srcdir: Path, default: str = "en") -> list[str]:
    """The registered languages' codes; a project without a registry has only ``default``."""
    path = srcdir / REGISTRY
    if not path.is_file():
        return [default]
    return list(_load(path)["languages"])


def published(srcdir: Path) -> list[Language]:
    """Every registered language, the source first, each with the prefix it is published at."""
    codes = read_registry(srcdir)
    return [Language(code, url_prefix(code, codes[0])) for code in codes]


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
    data = _load(path)  # refuses a link out of the project before anything reads it
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
        written = table.get("reviews", [])
        if not isinstance(written, list) or not all(isinstance(r, dict) for r in written):
            raise RegistryError(
                path, line,
                f"reviews are tables, each under its own [[teams.{code}.reviews]] (two brackets)",
            )  # fmt: skip
        for review in written:
            if not isinstance(review.get("date"), datetime.date) or not review.get("by"):
                raise RegistryError(
                    path, line, "a review needs 'by' (who) and 'date' (YYYY-MM-DD, unquoted)"
                )
            date = review["date"]
            if isinstance(date, datetime.datetime):  # a time given too: the day is what is shown
                date = date.date()
            reviews.append(Review(_names(review["by"]), date, review.get("note", "")))
        teams[code] = Team(_names(table.get("coordinators", [])), tuple(reviews))
    return teams


def _names(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(name) for name in value)


def _line_of(text: str, start: str) -> int:
    return next((n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start)), 1)


def _load(path: Path) -> dict:
    if leads_out(path):
        raise RegistryError(path, 1, f"cannot read: {LEADS_OUT}")
    try:
        text = utf8_text(path.read_bytes())
    except NotUTF8 as error:
        raise RegistryError(path, error.line, str(error)) from None
    try:
        loaded = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib says where, in words: "(at line 7, column 3)".
        found = re.search(r"at line (\d+)", str(error))
        raise RegistryError(path, int(found.group(1)) if found else 1, str(error)) from None
    _check_languages(path, text, loaded.get("languages"))
    return loaded


def _check_languages(path: Path, text: str, codes) -> None:
    """The list every reader of the registry relies on: codes babel knows, each once."""
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise RegistryError(
            path, _line_of(text, "languages"),
            'needs languages = ["en", ...]: the codes of the languages the site is published in',
        )  # fmt: skip
    from ..translations.catalogs import Catalogs

    source = codes[0]
    if Catalogs(path.parent.parent, path.parent.name).directory(source).is_dir():
        # The pages are the source: a language with catalogs of its own is a translation.
        raise RegistryError(
            path, _line_of(text, "languages"),
            f"{source!r} comes first, but the first language is the one the pages are "
            f"written in, and {source} has translations (locales/{source}/): put the "
            "pages' language first",
        )  # fmt: skip
    seen: list[str] = []
    for code in codes:
        # The line of this occurrence of the code (its second, when listed twice).
        lines = [
            n for n, row in enumerate(text.splitlines(), 1) if f'"{code}"' in row.split("#")[0]
        ]
        occurrence = seen.count(code)
        line = lines[occurrence] if occurrence < len(lines) else _line_of(text, "languages")
        if code in seen:
            raise RegistryError(path, line, f"{code!r} is listed twice")
        seen.append(code)
        # babel's own data files: what names the language (and its plural forms) later.
        if not localedata.exists(code):
            hint = f" (write it as gettext does: {code.replace('-', '_')})" if "-" in code else ""
            raise RegistryError(path, line, f"{code!r} is not a language code babel knows{hint}")


def url_prefix(code: str, source_language: str) -> str:
    """The folder a language is published in: "" for the source, "pt-br/" for pt_BR."""
    return "" if code == source_language else code.replace("_", "-").lower() + "/"
