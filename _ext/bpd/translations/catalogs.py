"""Read one translation catalog as untrusted input, and say everything that is wrong with it.

A ``.po`` file comes from a volunteer, through a pull request or a translation
platform. Before anything uses it, it is read here: the bytes must be UTF-8, the
syntax gettext's, each message present once, the header right for its language,
and every translation must pass ``markup``'s rules for its kind
(page, interface, search page). Each problem names the file and line of the
entry (``file.po:12: ...``), so a translator can jump to it.

The result is the catalog with every refused message taken out: what the build
compiles (``guard``) and what ``nox -s translations -- check`` reports on.
This covers what GNU ``msgfmt --check`` refuses, so a catalog that passes here
passes there (``check`` runs msgfmt as well, where it is installed).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, unescape

from ..project_files import LEADS_OUT, NotUTF8, leads_out, utf8_text
from . import markup

#: A quoted string, with the escapes babel reads (as Sphinx does): \\ \" \n \t \r. GNU
#: gettext reads a few more (\a, octal...); babel would take those for text, so they
#: are refused as syntax errors rather than shown wrong.
_STRING = r'"(?:[^"\\]|\\[\\"ntr])*"'
#: A line of a catalog. A comment may not end in a backslash: GNU gettext joins the
#: next line to it (so the next msgid would vanish into the comment).
_PO_LINE = re.compile(
    rf"^(?:#(?:.*[^\\])?|\s*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*"
    rf"|{_STRING}\s*)$"
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
    #: The entry's msgctxt (a role in its holder's form), if it has one.
    context: str | None = None

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
    def refused(self) -> set[tuple[str | None, str]]:
        """The refused entries, as (msgctxt, msgid): one form of a role may be refused
        and the others used."""
        return {
            (problem.context, problem.msgid)
            for problem in self.problems
            if problem.msgid is not None
        }

    def messages(self) -> Iterable[Message]:
        """The catalog's messages that may reach readers: not the header, not refused."""
        refused = self.refused
        for message in self.catalog or ():
            if message.id and (message.context, singular(message.id)) not in refused:
                yield message


#: gettext's separator of a message's context and its id: how a compiled catalog (and
#: Python's ``pgettext``) keys a message that has a ``msgctxt``.
CONTEXT_SEPARATOR = "\x04"

#: The grammatical forms a role may take, as its holder chose (never guessed): a
#: leader's ``form:`` in the grids, and the only contexts (``msgctxt``) a page's
#: catalog has (TRANSLATING.md, "A role in its holder's form").
FORMS = ("feminine", "masculine", "neutral")

#: File problems that stop the whole catalog from being used.
_FATAL = (
    "not valid UTF-8", "syntax error", "cannot read", "does not compile", "charset",
    "the header",
)  # fmt: skip


def check_catalog(
    path: Path,
    language: str | None = None,
    *,
    myst_extensions: Iterable[str] = markup.DEFAULT_MYST_EXTENSIONS,
    messages: bool = True,
) -> CheckedCatalog:
    """Read the catalog at ``path`` (of ``language``, by default its folder's) and check it.

    ``messages=False`` checks the file but not each translation's markup: enough to
    read it safely, to count what it holds.
    """
    language = language or language_of(path)
    if leads_out(path):
        return CheckedCatalog(path, None, [Problem(path, 1, f"cannot read: {LEADS_OUT}")])
    try:
        text = utf8_text(path.read_bytes())
    except NotUTF8 as error:
        return CheckedCatalog(path, None, [Problem(path, error.line, str(error))])
    syntax = [
        Problem(path, number, f"syntax error: {line.strip()[:60]!r}")
        for number, line in enumerate(text.splitlines(), start=1)
        if not _PO_LINE.match(line)
    ] or _order_problems(path, text)
    if syntax:
        return CheckedCatalog(path, None, syntax)
    dates = _date_problems(path, text)
    if dates:
        return CheckedCatalog(path, None, dates)
    try:
        # From the decoded text: a header naming another charset must not make babel
        # decode the messages after it with that charset (the charset is reported).
        catalog = read_po(io.StringIO(text), abort_invalid=True, charset="utf-8")
    except PoFileError as error:
        return CheckedCatalog(
            path, None, [Problem(path, error.lineno + 1, f"syntax error: {error}")]
        )
    except Exception as error:  # babel raises plain errors for some broken headers
        return CheckedCatalog(path, None, [Problem(path, 1, f"cannot read: {error}")])
    checked = CheckedCatalog(path, catalog)
    checked.problems += _header_problems(path, catalog, language, header_fields(text))
    entries = _entries(text)
    checked.problems += _duplicates(path, entries)
    written = {(entry.context, entry.msgid): entry for entry in entries}
    # A header that already stops the catalog (its charset) would fail the compile too:
    # said once.
    if checked.usable:
        try:
            write_mo(io.BytesIO(), catalog)
        except Exception as error:
            checked.problems.append(Problem(path, 1, f"does not compile: {error}"))
    interface = path.stem == INTERFACE_DOMAIN and path.parent.name == "LC_MESSAGES"
    extensions = tuple(myst_extensions)
    for message in catalog if messages else ():
        if not message.id:
            continue
        entry = written.get((message.context, singular(message.id))) or _Entry(
            None, "", 0, frozenset()
        )
        for issue in _message_problems(message, catalog, entry, interface, extensions):
            msgid = singular(message.id)
            checked.problems.append(
                Problem(
                    path,
                    message.lineno or 1,
                    f"{issue} in msgid {shortened(msgid)}"
                    + (f" (msgctxt {message.context!r})" if message.context else ""),
                    msgid,
                    message.context,
                )
            )
    return checked


def _message_problems(
    message: Message,
    catalog: Catalog,
    entry: _Entry,
    interface: bool,
    extensions: tuple[str, ...],
) -> list[str]:
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    flags = entry.flags
    problems = []
    if message.context is not None and not interface and message.context not in FORMS:
        # "femenine": never looked up, so the role would be shown in English.
        problems.append(f"msgctxt {message.context!r} is not a role's form: {', '.join(FORMS)}")
    forms = entry.forms or len(strings)
    if len(ids) > 1 and forms != catalog.num_plurals:
        problems.append(
            f"{forms} plural forms, but the header's Plural-Forms says {catalog.num_plurals}"
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


#: Which keyword may follow which, within an entry (None: the start of an entry).
_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgid_plural", "msgstr"},
    "msgid_plural": {"msgstr[]"},
    "msgstr": {"msgctxt", "msgid"},
    "msgstr[]": {"msgstr[]", "msgctxt", "msgid"},
}


def _order_problems(path: Path, text: str) -> list[Problem]:
    """Keywords out of order (a msgstr with no msgid before it...), which babel lets pass."""
    previous, form = None, -1
    for number, line in enumerate(text.splitlines(), start=1):
        keyword = line.split(None, 1)[0] if line.strip() and line[0].isalpha() else None
        if keyword is None:
            if not line.strip() and previous in ("msgstr", "msgstr[]"):
                previous = None  # a blank line ends the entry
            continue
        index = re.search(r"\[(\d+)\]$", keyword)
        keyword = re.sub(r"\[\d+\]$", "[]", keyword)
        if keyword not in _NEXT[previous]:
            expected = " or ".join(sorted(_NEXT[previous]))
            return [Problem(path, number, f"syntax error: {keyword} where {expected} should be")]
        if keyword == "msgstr[]":
            form = form + 1 if previous == "msgstr[]" else 0
            if int(index.group(1)) != form:
                return [Problem(path, number, f"syntax error: msgstr[{index.group(1)}] where "
                                              f"msgstr[{form}] should be")]  # fmt: skip
        previous = keyword
    if previous in ("msgctxt", "msgid", "msgid_plural"):
        return [Problem(path, text.count("\n") or 1, "syntax error: the last entry has no msgstr")]
    return []


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


#: A header date as gettext writes it, which is all babel reads ("2026-12-04 10:00+0000").
_HEADER_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?:[+-]\d{4})?|YEAR-MO-DA HO:MI\+ZONE")


def _date_problems(path: Path, text: str) -> list[Problem]:
    """A header date babel cannot read stops it reading the whole file (GNU msgfmt
    takes it): said at the field's line, in the form to write it in."""
    problems = []
    for name, value in header_fields(text):
        if name.lower() in ("po-revision-date", "pot-creation-date") and not (
            _HEADER_DATE.fullmatch(value)
        ):
            line = next(
                (n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f'"{name}:')),
                1,
            )
            problems.append(
                Problem(
                    path, line,
                    f"the header's {name} {value!r} is not a date as gettext writes it: "
                    "YYYY-MM-DD HH:MM+ZZZZ, such as 2026-12-04 10:00+0000",
                )
            )  # fmt: skip
    return problems


def _header_problems(
    path: Path, catalog: Catalog, language: str | None, fields: list[tuple[str, str]]
) -> list[Problem]:
    problems = []
    line = next((n for n, text in enumerate(_lines(path), 1) if text.startswith("msgstr")), 1)
    plural_forms = dict((name.lower(), value) for name, value in fields).get("plural-forms")
    has_plurals = any(isinstance(message.id, (list, tuple)) for message in catalog)
    if plural_forms is not None or has_plurals:
        problem = _plural_forms_problem(plural_forms)
        if problem:
            problems.append(Problem(path, line, f"{problem}; the catalog cannot be used"))
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


def _plural_forms_problem(plural_forms: str | None) -> str | None:
    """What is wrong with a Plural-Forms header (GNU msgfmt refuses the same)."""
    if plural_forms is None:
        return "the header has no Plural-Forms, and some messages have plural forms"
    found = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", plural_forms)
    if not found:
        return f"the header's Plural-Forms {plural_forms!r} is not 'nplurals=N; plural=EXPRESSION;'"
    count = int(found.group(1))
    try:
        rule = gettext.c2py(found.group(2))
        forms = {rule(number) for number in range(1000)}
    except (ValueError, SyntaxError, TypeError, ZeroDivisionError, RecursionError):
        return f"the header's plural expression {found.group(2)!r} is not valid"
    if count < 1 or max(forms) >= count:
        return f"the header's plural expression gives a form beyond nplurals={count}"
    return None


def header_fields(text: str) -> list[tuple[str, str]]:
    """The header's fields, in order, as the file writes them (babel drops those it
    does not know)."""
    text = text.replace("\r\n", "\n")  # saved on Windows: GNU gettext reads it as well
    match = re.search(r'^msgid ""\nmsgstr ((?:".*"\n?)+)', text, re.MULTILINE)
    if not match:
        return []
    value = "".join(unescape(line) for line in match.group(1).split("\n") if line.strip())
    fields = []
    for line in value.split("\n"):
        name, separator, content = line.partition(":")
        if separator and name.strip():
            fields.append((name.strip(), content.strip()))
    return fields


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


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
                    f"keep one of them (msgid {shortened(entry.msgid)})",
                    entry.msgid,
                    entry.context,
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
    #: How many msgstr[n] the entry has (babel fills in missing plural forms when reading).
    forms: int = 0


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
        elif keyword == "msgstr[]" and entries:
            entries[-1] = replace(entries[-1], forms=entries[-1].forms + 1)

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
        if line.startswith("msgstr["):
            keyword = "msgstr[]"
    close()
    return entries


def singular(msgid) -> str:
    """A message's id, or its singular for a plural message."""
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def file_digest(path: Path) -> str | None:
    """A file's bytes as a digest (None: no such file), to key what is kept about it.

    Its content, not its time: a time may be coarse, an edit may keep the size.
    """
    if leads_out(path):
        return "outside the project"  # never read
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def language_of(path: Path) -> str | None:
    parts = Path(os.path.abspath(path)).parts  # the folder it is in, not a link's target
    return parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts else None


def shortened(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
