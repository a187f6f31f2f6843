"""The ``.po`` and ``.pot`` format: a file read in one pass, strictly, and written in one form.

**Reading.** One pass over the lines gives everything the site and its tools use:
each message (its ``msgctxt``, plural forms, translator and extracted comments,
locations, the flags as the file writes them, the English it was translated from
(``#| msgid``, which babel's reader takes for a translator comment, babel#206) and
the line of its ``msgid``), the header's fields in the file's order with their lines
(babel drops those it does not know), and the comment above the header. The same
pass refuses what GNU gettext would not read: a line that is not a comment, a
keyword or a string (separated by gettext's spaces alone: no no-break space); a
keyword out of order, or a comment between a ``msgid`` and its ``msgstr``; a comment
ending in a backslash (gettext joins the next line to it, so the next ``msgid`` would
vanish); and an escape babel would read as text (``\\a``, octal), which gettext reads.
Obsolete entries (``#~``) are read by the same rules, and never kept.
A file whose lines end in a carriage return alone (classic Mac OS), or that starts
with a byte order mark, is refused, and the warning says how to save it.
Text is read as composed Unicode (NFC), as readers type it and search finds it; a
message written otherwise is noted.

The messages are kept as babel ``Message`` objects in a babel ``Catalog``, which
the build compiles (``babel.messages.mofile.write_mo``) and ``update`` merges.

**Writing** (``dumps``), the one form ``translations -- update`` writes, so that an
English edit changes only the entries it touches, a translator's pull request
shows only their work, and a translation platform (Weblate, which reads and writes
``.po`` files with translate-toolkit) leaves a file it did not translate byte for
byte as it was:

- strings are not wrapped, except after a newline inside them (GNU gettext's
  ``--no-wrap``; Weblate's "Only wrap lines at newlines");
- locations name the page without a line number (a paragraph added above would
  renumber every message below it);
- the header has a fixed order and no creation date or tool version; the fields
  that translators and their tools own (``PO-Revision-Date``, ``Last-Translator``,
  ``Language-Team``, ``X-...``) are kept as they are, and so is the comment above it;
- flags: ``fuzzy``, and ``python-format`` only where the English has a named
  placeholder (babel flags any "%" it sees, "0.01% of" included, and GNU msgfmt
  then checks such prose as a format string);
- a fuzzy entry keeps the English it was translated from (``#| msgid``, as
  ``msgmerge --previous`` writes it and Weblate shows it);
- no obsolete entries; text in NFC.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import escape, unescape

from ..languages import native_name
from ..project_files import LEADS_OUT, NotUTF8, leads_out, utf8_text

#: The escapes babel reads (as Sphinx does): \\ \" \n \t \r. GNU gettext reads a few
#: more (\a, octal...); babel would take those for text, so they are refused as syntax
#: errors rather than shown wrong.
_ESCAPE = r'\\[\\"ntr]'
#: A quoted string, with those escapes.
_STRING = rf'"(?:[^"\\]|{_ESCAPE})*"'
#: What GNU gettext reads as space between words: no more (a no-break space, pasted
#: from a word processor, is refused by msgfmt and by this reader; Python's \s takes it).
_SPACES = " \t\r\f\v"
_S = rf"[{_SPACES}]"
_LINE = re.compile(  # (indented lines too, as `msgcat --indent` writes them)
    rf"^{_S}*(?:(?P<comment>#(?:.*[^\\])?)|(?P<blank>{_S}*)"
    rf"|(?P<keyword>msgctxt|msgid|msgid_plural|msgstr(?:\[(?P<index>\d+)\])?){_S}+"
    rf"(?P<value>{_STRING}){_S}*|(?P<more>{_STRING}){_S}*)$"
)
_PREVIOUS = re.compile(
    rf"^#\|{_S}*(?:(?P<keyword>msgctxt|msgid_plural|msgid){_S}+)?(?P<value>{_STRING}){_S}*$"
)
#: The keywords after which an entry is still open: its msgstr is to come.
_OPEN = ("msgctxt", "msgid", "msgid_plural")
#: Which keyword may follow which, within an entry (None: the start of an entry).
_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgid_plural", "msgstr"},
    "msgid_plural": {"msgstr[]"},
    "msgstr": {"msgctxt", "msgid"},
    "msgstr[]": {"msgstr[]", "msgctxt", "msgid"},
}

#: A message's identity in a catalog: (msgctxt, msgid), the singular for a plural.
Key = tuple[str | None, str]


@dataclass(frozen=True)
class Problem:
    """Something wrong with a catalog, at ``path:line``, in a translator's words."""

    path: Path
    line: int
    #: What is wrong.
    issue: str
    #: The msgid of the entry it refuses (English is shown for it), or None.
    msgid: str | None = None
    #: The entry's msgctxt (a role in its holder's form), if it has one.
    context: str | None = None
    #: The whole catalog cannot be used (it cannot be read, or its header is wrong).
    stops: bool = False
    #: Said by ``check`` only: the build mends it where it reads it (text not in NFC).
    mended: bool = False

    @property
    def message(self) -> str:
        if self.msgid is None:
            return self.issue
        return f"{self.issue} in msgid {shortened(self.msgid)}" + (
            f" (msgctxt {self.context!r})" if self.context else ""
        )

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Written:
    """An entry as the file writes it, where babel's ``Message`` would say otherwise."""

    key: Key
    #: The line of its msgid.
    line: int
    #: Its flags as written (babel adds python-format on its own to any "%").
    flags: frozenset[str]
    #: How many msgstr[n] it has (0: a message without plural forms).
    forms: int
    #: Whether its text was written in composed form (NFC).
    composed: bool


@dataclass
class PoFile:
    """A catalog or template as read; also what ``dumps`` writes."""

    catalog: Catalog
    #: Header fields in the file's order, values as written.
    header: list[tuple[str, str]] = field(default_factory=list)
    #: The comment lines above the header, as written ("# ...").
    comment: list[str] = field(default_factory=list)
    path: Path | None = None
    #: What stops the file being read (a syntax error, bytes that are not UTF-8...).
    problems: list[Problem] = field(default_factory=list)
    #: The line of each header field, by lower-case name.
    header_lines: dict[str, int] = field(default_factory=dict)
    #: Every entry as written, duplicates included, in the file's order.
    entries: list[Written] = field(default_factory=list)
    #: The obsolete entries (``#~``): never used, but GNU gettext refuses one written twice.
    obsolete: list[Written] = field(default_factory=list)
    #: The file's bytes as a digest (None: no such file), to key what is kept about it.
    digest: str | None = None
    #: A link out of the project: refused, never read.
    outside: bool = False
    #: The file's text, as read (None: not read).
    text: str | None = None

    @property
    def readable(self) -> bool:
        return not self.problems

    def header_value(self, name: str) -> str | None:
        return next((value for key, value in self.header if key.lower() == name.lower()), None)

    def header_line(self, name: str) -> int:
        """The line of a header field; the header's own if it has no such field."""
        return self.header_lines.get(name.lower(), self.header_lines.get("", 1))


def read(path: Path) -> PoFile:
    """The file at ``path``, read once: a link out of the project is refused unread."""
    empty = PoFile(Catalog(fuzzy=False), path=path)
    if leads_out(path):
        empty.problems.append(Problem(path, 1, f"cannot read: {LEADS_OUT}", stops=True))
        empty.digest, empty.outside = "outside the project", True
        return empty
    if not path.is_file():
        return empty
    data = path.read_bytes()
    empty.digest = hashlib.sha256(data).hexdigest()
    try:
        text = utf8_text(data)
    except NotUTF8 as error:
        empty.problems.append(Problem(path, error.line, str(error), stops=True))
        return empty
    po = parse(text, path)
    po.digest, po.text = empty.digest, text
    return po


def parse(text: str, path: Path | None = None) -> PoFile:
    """``text`` as a catalog: everything it holds, or the problems that stop reading it."""
    where = path or Path("<catalog>")
    po = PoFile(Catalog(fuzzy=False), path=path)
    issue = None
    if "\r" in text and "\n" not in text:
        # Saved with classic Mac OS line ends: one line, which its first comment would
        # take to its end (GNU gettext reads it so too: "header missing").
        issue = "its lines end in a carriage return alone (CR): save it with LF line ends"
    elif text.startswith("\ufeff"):
        # Saved by an editor that starts UTF-8 with a byte order mark (Windows Notepad
        # did): GNU gettext refuses it too, at its first character.
        issue = "it starts with a byte order mark (BOM, U+FEFF): save it as UTF-8 without one"
    if issue:
        po.problems = [Problem(where, 1, issue, stops=True)]
        return po
    # Lines end at "\n" alone, as GNU gettext counts them (str.splitlines also ends
    # them at a line separator, U+2028, or a form feed, which msgfmt reads otherwise).
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    syntax = [
        Problem(where, number, _syntax_error(line), stops=True)
        for number, line in enumerate(lines, start=1)
        if not _LINE.match(line)
    ]
    if syntax:
        po.problems = syntax
        return po
    reader = _Reader(where)
    for number, line in enumerate(lines, start=1):
        reader.line(number, line)
        if reader.problem:
            po.problems = [reader.problem]
            return po
    reader.end(len(lines))
    if reader.problem:
        po.problems = [reader.problem]
        return po
    po.comment = reader.top_comment
    po.obsolete = [entry.written() for entry in reader.obsolete.entries] if reader.obsolete else []
    entries = reader.entries
    if entries and entries[0].msgid == "" and entries[0].context is None:
        header = entries.pop(0)
        po.header, po.header_lines = _header_fields(header.chunks["msgstr"])
        po.header_lines[""] = header.chunks["msgstr"][0][0]  # the header's msgstr
        po.catalog.fuzzy = "fuzzy" in header.flags
    for entry in entries:
        if entry.msgid == "" and entry.context is None:
            po.problems.append(
                Problem(where, entry.line, 'syntax error: a second header (msgid "")', stops=True)
            )
            return po
    po.problems += _header_date_problems(po, where)
    if po.problems:
        return po
    for name, value in po.header:
        try:
            po.catalog.mime_headers = [(name, value)]
        except Exception as error:  # babel raises plain errors for some values
            if name.lower() == "plural-forms":
                continue  # the check says what is wrong with it, and refuses the catalog
            po.problems.append(
                Problem(
                    where,
                    po.header_line(name),
                    f"the header's {name} {value!r} cannot be read: {error}",
                    stops=True,
                )
            )
    for entry in entries:
        if not entry.msgid:
            continue  # an empty msgid with a msgctxt: never looked up
        po.entries.append(entry.written())
        message = entry.message()
        message.flags = set(entry.flags)  # as written: babel adds python-format on its own
        po.catalog[message.id] = message
    return po


def _syntax_error(line: str) -> str:
    said = f"syntax error: {line.strip(_SPACES)[:60]!r}"
    opened = r'^\s*(?:msg\w*(?:\[\d+\])?\s+)?"'  # a string opened, after its keyword if any
    found = re.match(rf'{opened}(.*)"\s*$', line)
    if found and re.search(r'(?<!\\)(?:\\\\)*"', found.group(1)):
        # A quotation mark inside the text ends the string there.
        return said + ' (a " inside a translation is written \\")'
    if re.match(rf'{opened}(?:{_ESCAPE}|[^"\\])*$', line):
        # An editor that wraps long lines broke the string in two.
        return said + ' (the string is not closed: each line of a string ends with ")'
    escapes = rf"{_ESCAPE}|\\(?:(?P<gettext>\d{{1,3}}|x[0-9A-Fa-f]+|[abfv])|(?P<none>.))"
    for written in re.finditer(escapes, found.group(1) if found else ""):
        if written.group("gettext"):
            # GNU gettext reads \303 or \x41 as a byte; babel, which the site is built
            # with, as the letters themselves.
            shown = written.group()
            return f"{said} (the escape {shown} is not read here: write the character itself)"
        if written.group("none"):
            return f"{said} ({written.group()} is no escape: a backslash is written \\\\)"
    # Outside the quotes and before any comment: a character invisible in the message
    # above and in most editors (a no-break space, a byte order mark, U+200B).
    outside = re.sub(_STRING, '""', line).split("#", 1)[0]
    for odd in outside:
        if odd not in _SPACES and unicodedata.category(odd) in ("Zs", "Zl", "Zp", "Cc", "Cf"):
            name = unicodedata.name(odd, "a control character").lower()
            return f"{said} ({name}, U+{ord(odd):04X}, outside the quotes)"
    return said


class _Entry:
    """An entry being read: its keywords' strings, its comments, its line."""

    def __init__(self, comments: dict[str, list], line: int) -> None:
        self.comments = comments
        self.flags: set[str] = comments.pop("flags")
        self.previous: dict[str, str] = comments.pop("previous")
        self.chunks: dict[str, list[tuple[int, str]]] = {}
        self.line = line

    def text(self, keyword: str) -> str:
        return "".join(value for _line, value in self.chunks.get(keyword, ()))

    @property
    def msgid(self) -> str:
        return self.text("msgid")

    @property
    def context(self) -> str | None:
        return self.text("msgctxt") if "msgctxt" in self.chunks else None

    def forms(self) -> list[str]:
        indexes = sorted(int(k[7:-1]) for k in self.chunks if k.startswith("msgstr["))
        return [self.text(f"msgstr[{index}]") for index in indexes]

    def message(self) -> Message:
        composed = _nfc
        msgid: str | tuple[str, str] = composed(self.msgid)
        string: str | tuple[str, ...] = composed(self.text("msgstr"))
        if "msgid_plural" in self.chunks:
            msgid = (msgid, composed(self.text("msgid_plural")))
            string = tuple(composed(form) for form in self.forms())
        previous = [
            composed(self.previous[k]) for k in ("msgid", "msgid_plural") if k in self.previous
        ]
        return Message(
            msgid, string,
            locations=self.comments["locations"], flags=self.flags,
            auto_comments=self.comments["auto"], user_comments=self.comments["user"],
            previous_id=previous, lineno=self.line,
            context=None if self.context is None else composed(self.context),
        )  # fmt: skip

    def written(self) -> Written:
        texts = [value for chunks in self.chunks.values() for _line, value in chunks]
        texts += self.previous.values()
        key = (None if self.context is None else _nfc(self.context), _nfc(self.msgid))
        return Written(
            key, self.line, frozenset(self.flags),
            sum(1 for keyword in self.chunks if keyword.startswith("msgstr[")),
            all(_nfc(text) == text for text in texts),
        )  # fmt: skip


class _Reader:
    """The line-by-line state of ``parse``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[_Entry] = []
        self.top_comment: list[str] = []
        self.at_top = True
        self.problem: Problem | None = None
        self.keyword: str | None = None  # the last keyword of the entry being read
        self.continues: str | None = None  # the keyword a string line continues
        self.form = -1
        self.comments = self._no_comments()
        self.previous_keyword: str | None = None
        #: The obsolete entries (``#~``), read by the same rules, never used.
        self.obsolete: _Reader | None = None
        self.ended_at: int | None = None  # the line of a comment that ended an entry

    @staticmethod
    def _no_comments() -> dict[str, list]:
        return {"user": [], "auto": [], "locations": [], "flags": set(), "previous": {}}

    def _error(self, number: int, issue: str) -> None:
        self.problem = Problem(self.path, number, f"syntax error: {issue}", stops=True)

    def line(self, number: int, line: str) -> None:
        match = _LINE.match(line)
        line = line.lstrip(_SPACES)
        obsolete = line.startswith("#~")
        if self.obsolete and self.obsolete.keyword in _OPEN and not obsolete and line:
            self._error(number, "an obsolete entry (#~) without its msgstr")
            return
        if match.group("comment") is not None:
            # GNU gettext starts the next entry at a comment: one inside an entry
            # leaves it without its msgstr, and a msgstr[n] after it belongs to none.
            if self.keyword in _OPEN:
                expected = " or ".join(sorted(_NEXT[self.keyword]))
                self._error(number, f"a comment where {expected} should be")
                return
            if self.keyword:  # (a string continues only in an entry)
                self.ended_at = number
            self.keyword = self.continues = None
            if obsolete:
                self._obsolete(number, line)
            else:
                self._comment(number, line)
            return
        self.at_top = False
        if match.group("blank") is not None:
            return  # space, as GNU gettext reads it: an entry or a string goes on after it
        if match.group("more") is not None:
            if self.continues is None:
                said = f"{line.strip(_SPACES)[:60]!r} continues no msgid or msgstr"
                self._error(number, said + self._after_comment())
                return
            self.entries[-1].chunks[self.continues].append((number, unescape(match.group("more"))))
            return
        keyword = match.group("keyword")
        kind = "msgstr[]" if match.group("index") is not None else keyword
        if kind not in _NEXT[self.keyword]:
            expected = " or ".join(sorted(_NEXT[self.keyword]))
            self._error(number, f"{kind} where {expected} should be" + self._after_comment())
            return
        self.ended_at = None
        if kind == "msgstr[]":
            self.form = self.form + 1 if self.keyword == "msgstr[]" else 0
            if int(match.group("index")) != self.form:
                self._error(
                    number, f"msgstr[{match.group('index')}] where msgstr[{self.form}] should be"
                )
                return
        if kind == "msgctxt" or (kind == "msgid" and self.keyword != "msgctxt"):
            self.entries.append(_Entry(self.comments, number))
            self.comments = self._no_comments()
        if kind == "msgid":
            self.entries[-1].line = number
        self.entries[-1].chunks[keyword] = [(number, unescape(match.group("value")))]
        self.keyword, self.continues = kind, keyword

    def _comment(self, number: int, line: str) -> None:
        if self.at_top and not line.startswith(("#,", "#|", "#~")):
            self.top_comment.append(line.rstrip())
            return
        self.at_top = False
        if line.startswith("#,"):
            self.comments["flags"] |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#:"):
            for location in line[2:].split():
                name, _colon, number_text = location.rpartition(":")
                self.comments["locations"].append(
                    (name, int(number_text)) if name and number_text.isdigit() else (location, None)
                )
        elif line.startswith("#."):
            self.comments["auto"].append(line[2:].strip())
        elif line.startswith("#|"):
            found = _PREVIOUS.match(line)
            if found is None:
                self._error(number, f"{line.strip()[:60]!r} is not a previous msgid")
                return
            if found.group("keyword"):
                self.previous_keyword = found.group("keyword")
                self.comments["previous"][self.previous_keyword] = unescape(found.group("value"))
            elif self.previous_keyword in self.comments["previous"]:
                self.comments["previous"][self.previous_keyword] += unescape(found.group("value"))
            else:
                self._error(number, f"{line.strip()[:60]!r} continues no previous msgid")
        else:
            self.comments["user"].append(line[1:].strip())

    def _after_comment(self) -> str:
        if self.ended_at is None:
            return ""
        return f" (the comment at line {self.ended_at} ended the entry: comments go above it)"

    def _obsolete(self, number: int, line: str) -> None:
        """A line of an obsolete entry (``#~ msgid``, ``#~| msgid``): GNU gettext reads
        it as it reads the others, and refuses the file for the same mistakes."""
        self.at_top = False
        body = "#" + line[2:] if line.startswith("#~|") else line[2:]
        if not _LINE.match(body):
            self.problem = Problem(self.path, number, _syntax_error(body), stops=True)
            return
        if self.obsolete is None:
            self.obsolete = _Reader(self.path)
        self.obsolete.line(number, body)
        self.problem = self.obsolete.problem

    def end(self, last: int) -> None:
        if self.keyword in _OPEN or (self.obsolete and self.obsolete.keyword in _OPEN):
            self._error(last or 1, "the last entry has no msgstr")


def _header_fields(chunks: list[tuple[int, str]]) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The header's fields, in order, as the file writes them, and the line of each."""
    fields, lines = [], {}
    value = ""
    starts: list[tuple[int, int]] = []  # (offset in value, line) of each string
    for number, text in chunks:
        starts.append((len(value), number))
        value += text
    offset = 0
    for row in value.split("\n"):
        name, separator, content = row.partition(":")
        if separator and name.strip():
            # A plural rule as written: GNU gettext refuses a "\r" escape at its end,
            # where it reads "Language: fr\r" as fr.
            plural_rule = name.strip().lower() == "plural-forms"
            fields.append((name.strip(), content.strip(" \t" if plural_rule else None)))
            line = next(n for start, n in reversed(starts) if start <= offset)
            lines.setdefault(name.strip().lower(), line)
        offset += len(row) + 1
    return fields, lines


#: A header date as gettext writes it, which is all babel reads ("2026-12-04 10:00+0000").
_HEADER_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?:[+-]\d{4})?|YEAR-MO-DA HO:MI\+ZONE")


def _header_date_problems(po: PoFile, path: Path) -> list[Problem]:
    """A header date babel cannot read stops it reading the whole file (GNU msgfmt
    takes it): said at the field's line, in the form to write it in."""
    return [
        Problem(
            path, po.header_line(name),
            f"the header's {name} {value!r} is not a date as gettext writes it: "
            "YYYY-MM-DD HH:MM+ZZZZ, such as 2026-12-04 10:00+0000",
            stops=True,
        )
        for name, value in po.header
        if name.lower() in ("po-revision-date", "pot-creation-date")
        and not _HEADER_DATE.fullmatch(value)
    ]  # fmt: skip


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def singular(msgid) -> str:
    """A message's id, or its singular for a plural message."""
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def key(message: Message) -> Key:
    return (message.context, singular(message.id))


def shortened(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


# -- writing: the one form ---------------------------------------------------------------------

PROJECT = "Black Python Devs"
#: The header fields this form writes, in this order (then any others, as found).
HEADER_FIELDS = (
    "Project-Id-Version",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
#: Fields that change on every run of a tool, whatever the translation: never written.
DROPPED_FIELDS = {"POT-Creation-Date", "Generated-By", "Report-Msgid-Bugs-To"}
#: A named printf placeholder, the only kind of format string the site's code uses.
NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
#: The first line of the placeholder comment xgettext, babel and Sphinx write.
_PLACEHOLDER_COMMENT = "# SOME DESCRIPTIVE TITLE"


def new(language: str | None) -> PoFile:
    """An empty catalog of ``language`` (None: a template)."""
    return PoFile(Catalog(locale=language, project=PROJECT, fuzzy=False))


def header_comment(language: str | None) -> list[str]:
    """The comment above the header of a new catalog (translators may add to it)."""
    if language is None:
        return [
            f"# The English of the {PROJECT} site, from which every translation starts.",
            "# Written by `nox -s translations -- update`: edit the pages, not this file.",
        ]
    name = Locale.parse(language).get_display_name("en") or language
    return [
        f"# {name} translation of the {PROJECT} site.",
        "# How to translate, and who coordinates this language: TRANSLATING.md.",
    ]


def dumps(po: PoFile, language: str | None) -> str:
    """``po`` in the one form; ``language`` None writes a template (``.pot``)."""
    comment = po.comment
    if not comment or comment[0].startswith(_PLACEHOLDER_COMMENT):
        comment = header_comment(language)
    lines = [*comment, 'msgid ""', *_string("msgstr", _header_text(po, language))]
    for message in po.catalog:
        if message.id:
            lines += ["", *entry_lines(message, po, language)]
    return "\n".join(lines) + "\n"


def entry_lines(message: Message, po: PoFile, language: str | None) -> list[str]:
    """The lines of one entry of ``po``, as ``dumps`` writes them."""
    lines = [f"# {comment}".rstrip() for comment in message.user_comments]
    lines += [f"#. {comment}".rstrip() for comment in message.auto_comments]
    lines += [f"#: {location}" for location in dict.fromkeys(f for f, _ in message.locations)]
    flags = ["fuzzy"] if message.fuzzy and language else []
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    if NAMED_PLACEHOLDER.search(ids[0]) and any(
        not location.endswith((".md", ".yaml", ".js")) for location, _ in message.locations
    ):
        flags.append("python-format")
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = message.previous_id or []
    if flags[:1] == ["fuzzy"] and previous:
        lines += _string("msgid", previous[0], prefix="#| ")
        if len(previous) > 1:
            lines += _string("msgid_plural", previous[1], prefix="#| ")
    if message.context:
        lines += _string("msgctxt", message.context)
    lines += _string("msgid", ids[0])
    if len(ids) > 1:
        lines += _string("msgid_plural", ids[1])
        strings = message.string if isinstance(message.string, (list, tuple)) else ()
        # As many forms as the language has (Plural-Forms); a translator's extra
        # forms are kept for `check` to report, never dropped.
        count = po.catalog.num_plurals if language else 2
        if any(strings[count:]):
            count = len(strings)
        for index in range(count):
            value = strings[index] if index < len(strings) and language else ""
            lines += _string(f"msgstr[{index}]", value)
    else:
        lines += _string("msgstr", (message.string or "") if language else "")
    return lines


def write(path: Path, po: PoFile, language: str | None) -> bool:
    """Write ``po`` to ``path`` in the one form; whether the file changed."""
    # As bytes: text mode reads a Windows editor's CRLF as LF (the file looked written
    # already, and was left so) and, on Windows, writes LF as CRLF.
    data = dumps(po, language).encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _string(keyword: str, value: str, prefix: str = "") -> list[str]:
    """``keyword "value"``, split after each newline inside the value only."""
    chunks = re.findall(r"[^\n]*\n|[^\n]+", value)
    if len(chunks) <= 1:
        return [f"{prefix}{keyword} {escape(value)}"]
    return [f'{prefix}{keyword} ""', *(f"{prefix}{escape(chunk)}" for chunk in chunks)]


def _header_text(po: PoFile, language: str | None) -> str:
    kept = {name.lower(): (name, value) for name, value in po.header}
    fields: list[tuple[str, str]] = [("Project-Id-Version", PROJECT)]
    if language:
        # GNU msgfmt --check warns without these three (translation platforms show it):
        # a new catalog gets what msginit writes for a file nobody has translated yet
        # (the status page shows no date for a catalog with nothing translated), and
        # the language's team by its own name, as the committed catalogs have it.
        kept.setdefault("po-revision-date", ("PO-Revision-Date", _now()))
        kept.setdefault("last-translator", ("Last-Translator", "Automatically generated"))
        kept.setdefault("language-team", ("Language-Team", native_name(language)))
        fields += [kept[name.lower()] for name in HEADER_FIELDS[1:4] if name.lower() in kept]
        fields.append(("Language", language))
    fields += [
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    if language:
        plural_forms = kept.get("plural-forms", (None, None))[1] or _plural_forms(language)
        fields.append(("Plural-Forms", plural_forms))
    known = {name.lower() for name in HEADER_FIELDS} | {name.lower() for name in DROPPED_FIELDS}
    fields += [(name, value) for name, value in po.header if name.lower() not in known]
    return "".join(f"{name}: {value}\n" for name, value in fields)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")


def _plural_forms(language: str) -> str:
    return Catalog(locale=Locale.parse(language)).plural_forms
