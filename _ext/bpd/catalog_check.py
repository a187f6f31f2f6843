"""Read one translation catalog as untrusted input, and say everything that is wrong with it.

A ``.po`` file comes from a volunteer, through a pull request or a translation
platform. Before anything uses it, it is read here: the bytes must be UTF-8, the
syntax gettext's, each message present once, the header right for its language,
and every translation must pass ``translation_markup``'s rules for its kind
(page, interface, search page). Each problem names the file and line of the
entry (``file.po:12: ...``), so a translator can jump to it.

The result is the catalog with every refused message taken out: what the build
compiles (``catalog_guard``) and what ``nox -s translations -- check`` reports on.
This covers what GNU ``msgfmt --check`` refuses, so a catalog that passes here
passes there (``check`` runs msgfmt as well, where it is installed).
"""

from __future__ import annotations

import gettext
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, unescape

from . import translation_markup as markup

_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#.*|\s*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*|{_STRING}\s*)$"
)
#: The catalog whose messages are the interface (templates, HTML writer, search page).
INTERFACE_DOMAIN = "sphinx"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    #: The msgid of the refused entry, or None for a problem with the whole file.
    msgid: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class CheckedCatalog:
    """A catalog as read, its problems, and what of it may be used."""

    path: Path
    #: The parsed catalog, or None when the file cannot be read at all.
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Whether any of it may be used (a wrong header alone does not stop it)."""
        return self.catalog is not None and not any(
            problem.msgid is None and problem.message.startswith(_FATAL)
            for problem in self.problems
        )

    @property
    def refused(self) -> set[str]:
        return {problem.msgid for problem in self.problems if problem.msgid is not None}

    def messages(self) -> Iterable[Message]:
        """The catalog's messages that may reach readers: not the header, not refused."""
        refused = self.refused
        for message in self.catalog or ():
            if message.id and _singular(message.id) not in refused:
                yield message


#: File problems that stop the whole catalog from being used.
_FATAL = ("not valid UTF-8", "syntax error", "cannot read", "does not compile", "charset")


def check_catalog(
    path: Path,
    language: str | None = None,
    *,
    myst_extensions: Iterable[str] = markup.DEFAULT_MYST_EXTENSIONS,
) -> CheckedCatalog:
    """Read the catalog at ``path`` (of ``language``, by default its folder's) and check it."""
    language = language or _language_of(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return CheckedCatalog(
            path, None, [Problem(path, line, f"not valid UTF-8 (byte 0x{byte}): save it as UTF-8")]
        )
    syntax = [
        Problem(path, number, f"syntax error: {line.strip()[:60]!r}")
        for number, line in enumerate(text.splitlines(), start=1)
        if not _PO_LINE.match(line)
    ]
    if syntax:
        return CheckedCatalog(path, None, syntax)
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True, charset="utf-8")
    except PoFileError as error:
        return CheckedCatalog(
            path, None, [Problem(path, error.lineno + 1, f"syntax error: {error}")]
        )
    except Exception as error:  # babel raises plain errors for some broken headers
        return CheckedCatalog(path, None, [Problem(path, 1, f"cannot read: {error}")])
    checked = CheckedCatalog(path, catalog)
    checked.problems += _header_problems(path, catalog, language)
    entries = _entries(text)
    checked.problems += _duplicates(path, entries)
    written_flags = {entry.msgid: entry.flags for entry in entries}
    try:
        write_mo(io.BytesIO(), catalog)
    except Exception as error:
        checked.problems.append(Problem(path, 1, f"does not compile: {error}"))
    interface = path.stem == INTERFACE_DOMAIN and path.parent.name == "LC_MESSAGES"
    extensions = tuple(myst_extensions)
    for message in catalog:
        if not message.id:
            continue
        flags = written_flags.get(_singular(message.id), frozenset())
        for issue in _message_problems(message, catalog, flags, interface, extensions):
            msgid = _singular(message.id)
            checked.problems.append(
                Problem(path, message.lineno or 1, f"{issue} in msgid {_short(msgid)}", msgid)
            )
    return checked


def _message_problems(
    message: Message,
    catalog: Catalog,
    flags: frozenset[str],
    interface: bool,
    extensions: tuple[str, ...],
) -> list[str]:
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    problems = []
    if len(ids) > 1 and len(strings) != catalog.num_plurals:
        problems.append(
            f"{len(strings)} plural forms, but the header's Plural-Forms says {catalog.num_plurals}"
        )
    if message.fuzzy:
        return problems  # never compiled, never shown: checked once the fuzzy flag goes
    javascript = any(location.endswith(".js") for location, _line in message.locations)
    single = _single_number_forms(catalog) if len(ids) > 1 else set()
    for index, translated in enumerate(strings):
        if not translated:
            continue
        # Every plural form follows the plural msgid; a form that stands for one
        # number only ("one page") may leave out its placeholders, as msgfmt allows.
        source = ids[-1]
        problems += markup.text_problems(translated)
        problems += _newline_problems(ids[0], translated)
        if interface:
            problems += markup.interface_problems(
                source, translated, javascript=javascript, may_omit=index in single
            )
        else:
            problems += markup.page_problems(source, translated, extensions)
        # A python-format flag in the file (which babel writes for any "%" it sees, and
        # some editors keep) makes GNU msgfmt hold the translation to the rules of a
        # format string: so do we. Interface strings are checked as format strings anyway.
        if "python-format" in flags and not interface:
            problems += markup.format_problems(source, translated)
    return list(dict.fromkeys(problems))


def _single_number_forms(catalog: Catalog) -> set[int]:
    """The plural forms that the catalog's Plural-Forms rule uses for one number only."""
    try:
        rule = gettext.c2py(catalog.plural_expr)
        counts = Counter(rule(number) for number in range(1000))
    except (ValueError, SyntaxError, TypeError, ZeroDivisionError):
        return set()
    return {form for form, count in counts.items() if count == 1}


def _newline_problems(msgid: str, msgstr: str) -> list[str]:
    """GNU msgfmt's rule: a translation begins and ends with a newline as its English does."""
    problems = []
    if msgid.startswith("\n") != msgstr.startswith("\n"):
        problems.append(
            "the English and the translation must both begin with a newline, or neither"
        )
    if msgid.endswith("\n") != msgstr.endswith("\n"):
        problems.append("the English and the translation must both end with a newline, or neither")
    return problems


def _header_problems(path: Path, catalog: Catalog, language: str | None) -> list[Problem]:
    problems = []
    header_language = str(catalog.locale) if catalog.locale else None
    if language and header_language != language:
        problems.append(
            Problem(path, 1, f"header Language is {header_language!r}, expected {language!r}")
        )
    content_type = dict(catalog.mime_headers).get("Content-Type", "")
    charset = re.search(r"charset=([\w.-]+)", content_type)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        problems.append(
            Problem(path, 1, f"charset {charset.group(1)} in the header: catalogs are UTF-8")
        )
    return problems


def _duplicates(path: Path, entries: list[_Entry]) -> list[Problem]:
    """Messages written twice (babel keeps the last in silence; GNU gettext refuses the file)."""
    seen: dict[tuple[str | None, str], int] = {}
    problems = []
    for entry in entries:
        key = (entry.context, entry.msgid)
        if entry.msgid and key in seen:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"duplicate message: the same msgid is at line {seen[key]}; "
                    f"keep one of them (msgid {_short(entry.msgid)})",
                    entry.msgid,
                )
            )
        seen.setdefault(key, entry.line)
    return problems


@dataclass(frozen=True)
class _Entry:
    context: str | None
    msgid: str
    line: int
    #: The flags as the file writes them (babel adds python-format on its own when reading).
    flags: frozenset[str]


def _entries(text: str) -> list[_Entry]:
    """Every entry that is not obsolete, as the file writes it."""
    entries: list[_Entry] = []
    context: str | None = None
    flags: set[str] = set()
    keyword, parts, start = None, [], 0

    def close() -> None:
        nonlocal context, flags
        if keyword == "msgctxt":
            context = "".join(parts)
        elif keyword == "msgid":
            entries.append(_Entry(context, "".join(parts), start, frozenset(flags)))
            context, flags = None, set()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith('"'):
            if keyword:
                parts.append(unescape(line))
            continue
        close()
        keyword, parts = None, []
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        for name in ("msgctxt", "msgid"):
            if line.startswith(name + " "):
                keyword, parts, start = name, [unescape(line[len(name) :].strip())], number
    close()
    return entries


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def _language_of(path: Path) -> str | None:
    parts = path.resolve().parts
    return parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts else None


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
