"""The declared shape of grid entries, and the checks that hold them to it.

Each directive has a schema: the keys an entry may have, which are required,
which are translatable, and a format check per key. A key is text unless its field
reads another kind of value (a date, a yes/no, a list: ``Field.parse``). Validation
never raises for bad content; it returns the problems so the directive can report
each one as a located Sphinx warning and drop the entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from posixpath import normpath
from urllib.parse import quote

from ..translations.catalogs import FORMS

#: GitHub's own rule: 1-39 characters, alphanumerics or single hyphens,
#: not starting or ending with a hyphen.
GITHUB_HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
#: Initiative ids become labels and anchors: lowercase words joined by hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The longest text a field may hold; longer values are almost always a paste error.
MAX_TEXT_LENGTH = 500

Check = Callable[[str], "str | None"]
#: Reads a value that is not text: (the clean value, None) or (None, what is wrong).
Parse = Callable[[object], "tuple[object, str | None]"]


def _form(value: str) -> str | None:
    if value in FORMS:
        return None
    return f"{value!r} is not a form: feminine, masculine or neutral"


def github_handle(value: str) -> str | None:
    """What is wrong with ``value`` as a GitHub handle, or None."""
    if GITHUB_HANDLE.match(value):
        return None
    if value.startswith("@") and GITHUB_HANDLE.match(value[1:]):
        # The site writes the '@' itself: "@@kjaymiller" otherwise.
        return f"write the handle without its '@': {value[1:]!r}, not {value!r}"
    return f"{value!r} is not a GitHub handle (letters, digits and single hyphens, at most 39)"


#: Codes CLDR names that are no country: the world and continents are numbers; these
#: are letters (the EU, the eurozone, the UN, "Unknown Region", pseudo-locales).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})


def country(value: str) -> str | None:
    """An ISO 3166-1 alpha-2 code that CLDR names in every language ("GH")."""
    from babel import Locale
    from babel.core import get_global

    code, territories = value.upper(), Locale("en").territories

    def is_country(code: str) -> bool:  # (not a region: "002" is Africa, "EU" a union)
        return len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES \
            and code in territories  # fmt: skip

    if is_country(code):
        if code != value:
            return f"write the country code in capitals: {code!r}, not {value!r}"
        return None
    # CLDR's aliases: "UK", "GHA" (ISO's three letters) and "288" are one country's;
    # and a country written by its English name ("Ghana", "côte d'ivoire").
    alias = get_global("territory_aliases").get(code, [])
    written_as = _folded(value)
    named = [c for c, name in territories.items() if _folded(name) == written_as]
    for written in (alias, named):
        if len(written) == 1 and is_country(written[0]):
            return f"{value!r} is not an ISO 3166-1 country code: write {written[0]!r}"
    return f"{value!r} is not an ISO 3166-1 country code (two letters, such as 'GH' or 'BR')"


def _folded(name: str) -> str:
    """A name as compared: without its accents ("Cote d'Ivoire", "Curacao" are typed so)
    and with one apostrophe (CLDR writes U+2019; a contributor types either)."""
    letters = unicodedata.normalize("NFKD", name.casefold().replace("\u2019", "'"))
    return "".join(char for char in letters if not unicodedata.combining(char))


def _slug(value: str) -> str | None:
    if SLUG.match(value):
        return None
    return f"{value!r} is not a slug (lowercase letters, digits and single hyphens)"


#: What a URL cannot hold as it is (RFC 3986): a space, a control character, these
#: marks, a "%" that starts no escape. Browsers guess at such a link, calendars and
#: search engines may not.
_NOT_IN_URL = re.compile(r'[\s\x00-\x1f\x7f"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})')


def web_url(value: str) -> str | None:
    """Allow http(s), mailto and site-relative URLs; refuse every other scheme.

    ``javascript:``, ``data:``, ``vbscript:`` and protocol-relative ``//host``
    (which borrows the page's scheme to reach another site) are all refused.
    """
    if (found := _NOT_IN_URL.search(value)) is not None:
        what = "a space" if found.group() == " " else repr(found.group())
        return f"{value!r} holds {what}, which a URL cannot: write it {quote(found.group())}"
    # A character no one sees (a zero-width space, pasted with the address).
    if invisible := [c for c in value if unicodedata.category(c) == "Cf"]:
        return f"{value!r} holds an invisible character (U+{ord(invisible[0]):04X}): delete it"
    if re.match(r"^https?://[^/\s\\]+", value, re.IGNORECASE):
        return None
    if re.match(r"^mailto:[^@\s/]+@[^@\s/]+$", value, re.IGNORECASE):
        return None
    if is_site_path(value):
        return None
    return f"{value!r} is not an http(s), mailto or site-relative URL"


def is_site_path(value: str) -> bool:
    """A path of this site ("/initiatives/"): a page, linked in the reader's language."""
    return value.startswith("/") and not value.startswith(("//", "/\\"))


def _local_image(value: str) -> str | None:
    """A photo is a file inside the source tree, written as a site path (``/_static/...``)."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return f"{value!r} is not a path inside the site (write it as /_static/...)"
    if normpath(value).startswith("/..") or "/../" in f"{value}/":
        return f"{value!r} leaves the source tree"
    if not value.lower().endswith((".png", ".jpg", ".jpeg", ".webp", ".gif")):
        return f"{value!r} is not a PNG, JPEG, WebP or GIF image"
    return None


@dataclass(frozen=True)
class Field:
    """One key of an entry."""

    name: str
    required: bool = False
    translatable: bool = False
    check: Check | None = None
    #: For a value that is not text (a date, a yes/no, a list); ``check`` is for text.
    parse: Parse | None = None


@dataclass(frozen=True)
class Schema:
    """The keys an entry of one directive may have."""

    kind: str
    fields: tuple[Field, ...]
    #: An entry may be a plain string, which is this key alone ("a name and nothing else").
    plain: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def validate(
        self, entry: object
    ) -> tuple[dict[str, object] | None, list[tuple[str | None, str]]]:
        """Return the clean entry (or None) and its problems as (key, message) pairs.

        The key is None for problems with the entry as a whole, so the caller
        can point at the entry's line rather than a key's line. A plain string is
        the ``plain`` key alone (``- Amara Okafor``: a name), where the schema allows it.
        """
        name_only = self.plain is not None and isinstance(entry, str)
        if name_only:
            entry = {self.plain: entry}
        elif not isinstance(entry, Mapping):
            alone = f", or a {self.plain} alone" if self.plain else ""
            message = f"each entry must be a mapping of keys ({', '.join(self.names)}){alone}"
            return None, [(None, f"{message}, not {kind_of(entry)}")]
        problems: list[tuple[str | None, str]] = []
        clean: dict[str, object] = {}
        for key in entry:
            if key not in self.names:
                allowed = ", ".join(self.names)
                problems.append((str(key), f"unknown key {key!r} (allowed: {allowed})"))
        for field in self.fields:
            if field.name not in entry or entry[field.name] is None:
                if field.required and not name_only:
                    problems.append((None, f"missing required key {field.name!r}"))
                continue
            if field.parse is not None:
                value, message = field.parse(entry[field.name])
                if message:
                    problems.append((field.name, f"{field.name!r}: {message}"))
                else:
                    clean[field.name] = value
                continue
            text, field_problems = _field_text(field, entry[field.name])
            if text == "" and not field.required:
                continue  # an optional key left empty
            problems += field_problems
            if text:
                clean[field.name] = text
        return (None if problems else clean), problems


def _field_text(field: Field, value: object) -> tuple[str | None, list]:
    """``value`` as the text of ``field``, cleaned ("" if it is empty), and what is wrong."""
    if not isinstance(value, str):
        message = f"{field.name!r} must be text, not {kind_of(value)}"
        if isinstance(value, bool):
            # ``country: NO`` (Norway) is false to YAML, as are yes, no, on and off.
            message += " (YAML reads yes, no, on, off, true and false so: put the value in quotes)"
        return None, [(field.name, message)]
    text = clean_text(value)
    if not text:
        return "", [(field.name, f"{field.name!r} is empty")]
    if len(text) > MAX_TEXT_LENGTH:
        return None, [(field.name, f"{field.name!r} is longer than {MAX_TEXT_LENGTH} characters")]
    if field.check and (message := field.check(text)):
        return None, [(field.name, f"{field.name!r}: {message}")]
    return text, []


def clean_text(value: str) -> str:
    """Fold whitespace and drop control characters (NUL and friends) and bidi overrides.

    Bidirectional overrides can make a name display as something else, so they
    are removed; ordinary right-to-left text is kept.
    """
    kept = "".join(
        char
        for char in value
        if (unicodedata.category(char) != "Cc" and char not in BIDI_CONTROLS) or char in "\t\n"
    )
    return " ".join(kept.split())


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def kind_of(value: object) -> str:
    names = {
        str: "text",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }
    for python_type, name in names.items():
        if isinstance(value, python_type):
            return name
    return "null" if value is None else f"a {type(value).__name__}"


LEADERSHIP = Schema(
    kind="leadership",
    plain="name",
    fields=(
        Field("name", required=True),
        Field("role", required=True, translatable=True),
        Field("region", translatable=True),
        Field("github", check=github_handle),
        Field("url", check=web_url),
        Field("photo", check=_local_image),
        Field("alt", translatable=True),
        # The grammatical form the holder's role takes ("Tesoureira", "Tesoureiro"):
        # the role is extracted with it as its msgctxt (the region is not: a region's
        # name does not agree with a person).
        Field("form", check=_form),
        # Shown in the reader's language, from CLDR: nothing to translate.
        Field("country", check=country),
    ),
)

INITIATIVES = Schema(
    kind="initiatives",
    fields=(
        Field("id", required=True, check=_slug),
        Field("title", required=True, translatable=True),
        Field("summary", required=True, translatable=True),
    ),
)
