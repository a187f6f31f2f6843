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
from dataclasses import asdict, dataclass
from pathlib import Path

from babel import localedata

from ..project_files import LEADS_OUT, NotUTF8, leads_out, utf8_text
from . import native_name

REGISTRY = Path("locales") / "languages.toml"


@dataclass(frozen=True)
class Language:
    """A published language, as every page names it and links it."""

    code: str  #: as Sphinx and gettext spell it: pt_BR
    prefix: str  #: the folder it is published in: "" for the source language, "pt-br/"
    tag: str  #: BCP 47, for ``lang`` and ``hreflang``: pt-BR
    name: str  #: its name in itself, as babel (CLDR) writes it, capitalised


def language_tag(code: str) -> str:
    """BCP 47, for ``lang`` and ``hreflang``: pt_BR is pt-BR."""
    return code.replace("_", "-")


def registered(names: list[str], known: list[str]) -> list[str]:
    """``names`` as the registry writes them: a language may be named as its address
    names it ("pt-br") or by its tag ("pt-BR"); a name that is neither is left as it is."""
    codes = {language_tag(code).lower(): code for code in known}  # "pt-br": the address's
    return [codes.get(language_tag(name).lower(), name) for name in names]


def language_of(code: str, source: str) -> Language:
    """``code`` as a site whose pages are in ``source`` publishes it."""
    return Language(code, url_prefix(code, source), language_tag(code), native_name(code))


def read_registry(srcdir: Path, default: str = "en") -> list[str]:
    """The registered languages' codes; a project without a registry has only ``default``."""
    path = srcdir / REGISTRY
    if not path.is_file():
        return [default]
    return list(_load(path)["languages"])


def published(srcdir: Path, default: str = "en") -> list[Language]:
    """Every registered language, the source first, each with the prefix it is published
    at; a project without a registry has only ``default``."""
    codes = read_registry(srcdir, default)
    return [language_of(code, codes[0]) for code in codes]


@dataclass(frozen=True)
class Site:
    """What a build of one language is told about the whole site: the one value
    ``tools/site.py`` reads once per build and hands to every language's Sphinx as the
    config value ``bpd_site`` (a plain ``sphinx-build`` reads it from the registry).

    ``cache_dir`` is where the caches every language shares live (compiled templates,
    the cut stylesheet), relative to the build's doctree directory, so a build directory
    copied elsewhere keeps it: "." (a plain build) keeps them with Sphinx's own doctrees,
    never in the output. ``shared_static``: the pages link the site's one ``_static``
    (``bpd.assets``); only an assembled site has one.
    """

    languages: tuple[Language, ...]
    base_url: str
    cache_dir: str = "."
    shared_static: bool = False

    @classmethod
    def read(cls, srcdir: Path, base_url: str, default: str = "en", **options) -> Site:
        """The registry of ``srcdir`` (read once), every language named."""
        return cls(tuple(published(srcdir, default)), base_url, **options)

    @classmethod
    def from_config(cls, value: dict) -> Site:
        languages = tuple(Language(**language) for language in value["languages"])
        return cls(**{**value, "languages": languages})

    def as_config(self) -> dict:
        """Plain data (JSON, and what Sphinx pickles and compares between builds)."""
        return {**asdict(self), "languages": [asdict(language) for language in self.languages]}

    @property
    def source(self) -> Language:
        """The language the pages are written in, published at the root."""
        return self.languages[0]

    def get(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)


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
        for number, review in enumerate(written):
            missing = "by" if not review.get("by") else None
            if not isinstance(review.get("date"), datetime.date):
                missing = "date"
            if missing:
                raise RegistryError(
                    path, _review_line(text, code, number, missing),
                    "a review needs 'by' (who) and 'date' (YYYY-MM-DD, unquoted)",
                )  # fmt: skip
            date = review["date"]
            if isinstance(date, datetime.datetime):  # a time given too: the day is what is shown
                date = date.date()
            by = _handles(path, text, line, review["by"])
            reviews.append(Review(by, date, review.get("note", "")))
        coordinators = _handles(path, text, line, table.get("coordinators", []))
        teams[code] = Team(coordinators, tuple(reviews))
    return teams


def _handles(path: Path, text: str, table_line: int, value) -> tuple[str, ...]:
    """GitHub handles, each checked: the status page writes them with an '@' and links
    them, so "@amani" showed as "@@amani" and a name with a space was published as is."""
    from ..grids.schema import github_handle

    names = (value,) if isinstance(value, str) else tuple(str(name) for name in value)
    for name in names:
        if problem := github_handle(name):
            lines = text.splitlines()[table_line - 1 :]
            offset = next((n for n, row in enumerate(lines) if f'"{name}"' in row), 0)
            raise RegistryError(path, table_line + offset, problem)
    return names


def _review_line(text: str, code: str, number: int, key: str) -> int:
    """The line of ``key`` in the ``number``-th ``[[teams.<code>.reviews]]`` table (a
    quoted date, "2027-01-15", is text, not a date), or of the table if it has none."""
    rows = text.splitlines()
    headers = [n for n, row in enumerate(rows) if row.strip() == f"[[teams.{code}.reviews]]"]
    if number >= len(headers):
        return _line_of(text, f"[teams.{code}")
    start = headers[number]
    for n in range(start + 1, len(rows)):
        if rows[n].lstrip().startswith("["):
            break
        if rows[n].split("=", 1)[0].strip() == key:
            return n + 1
    return start + 1


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
