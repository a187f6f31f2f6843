"""The one form of the project's ``.po`` and ``.pot`` files: what ``translations -- update`` writes.

One form, so that an English edit changes only the entries it touches, a
translator's pull request shows only their work, and a translation platform
(Weblate, which reads and writes ``.po`` files with translate-toolkit) leaves a
file it did not translate byte for byte as it was:

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
- no obsolete entries.

babel reads the messages (as Sphinx does). It cannot read ``#|`` lines (it takes
them for translator comments) and drops header fields it does not know, so
those two are read here, and the file is written here too.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import escape, read_po, unescape

from bpd.languages.registry import native_name
from bpd.project_files import LEADS_OUT, leads_out
from bpd.translations import catalogs
from bpd.translations.catalogs import header_fields
from tools.translations import LOCALES, TEMPLATES, shown

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


@dataclass
class PoFile:
    """A catalog with what babel does not keep: the header as written, and its comment."""

    catalog: Catalog
    #: Header fields in the file's order, values as written.
    header: list[tuple[str, str]] = field(default_factory=list)
    #: The comment lines above the header, as written ("# ...").
    comment: list[str] = field(default_factory=list)

    def header_value(self, name: str) -> str | None:
        return next((value for key, value in self.header if key.lower() == name.lower()), None)


class OutsideProject(Exception):
    """A catalog that is a link out of the project: refused before it is read."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{shown(path)}:1: {LEADS_OUT}")


class Unreadable(Exception):
    """A catalog the build would not use (a syntax error, a merge conflict left in it,
    bytes that are not UTF-8): written again from what babel makes of it, it would
    lose what babel skips, one side of a conflict, silently."""

    def __init__(self, path: Path, problems: list[catalogs.Problem]) -> None:
        said = [f"{shown(problem.path)}:{problem.line}: {problem.message}" for problem in problems]
        super().__init__(
            "\n".join([*said, f"{shown(path)}: left as it is: fix it, then run again"])
        )


def read(path: Path) -> PoFile:
    if leads_out(path):
        raise OutsideProject(path)
    if path.suffix == ".po":  # the templates are update's own
        checked = catalogs.check_catalog(path, messages=False)
        if not checked.usable:
            raise Unreadable(path, [problem for problem in checked.problems if not problem.msgid])
    data = path.read_bytes()
    catalog = read_po(io.BytesIO(data), charset="utf-8")
    text = data.decode("utf-8")
    for message in catalog:
        _take_previous(message)
    return PoFile(catalog, header_fields(text), _header_comment(text))


def translated(path: Path) -> list[tuple[Message, str]]:
    """A catalog's finished translations (not fuzzy, not empty), each with its text
    (a plural's forms joined): what the translation teams' checks read."""
    found = []
    for message in read(path).catalog:
        if message.id and message.string and not message.fuzzy:
            strings = message.string
            text = " ".join(strings) if isinstance(strings, (list, tuple)) else strings
            found.append((message, text))
    return found


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


#: The first line of the placeholder comment xgettext, babel and Sphinx write.
_PLACEHOLDER_COMMENT = "# SOME DESCRIPTIVE TITLE"


def dumps(po: PoFile, language: str | None) -> str:
    """``po`` in the canonical form; ``language`` None writes a template (``.pot``)."""
    comment = po.comment
    if not comment or comment[0].startswith(_PLACEHOLDER_COMMENT):
        comment = header_comment(language)
    lines = [*comment, 'msgid ""', *_string("msgstr", _header_text(po, language))]
    for message in po.catalog:
        if not message.id:
            continue
        lines.append("")
        lines += [f"# {comment}".rstrip() for comment in message.user_comments]
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
        previous = getattr(message, "previous_id", None) or []
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
    return "\n".join(lines) + "\n"


def write(path: Path, po: PoFile, language: str | None) -> bool:
    """Write ``po`` to ``path`` in the canonical form; whether the file changed."""
    text = dumps(po, language)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
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
    catalog = Catalog(locale=Locale.parse(language))
    return catalog.plural_forms


def _header_comment(text: str) -> list[str]:
    comment = []
    for line in text.splitlines():
        if not line.startswith("#") or line.startswith(("#,", "#|", "#~")):
            break
        comment.append(line.rstrip())
    return comment


def _take_previous(message: Message) -> None:
    """Move babel's misreading of ``#| msgid "..."`` out of the translator comments."""
    previous: dict[str, list[str]] = {}
    keyword = None
    kept = []
    for comment in message.user_comments:
        if not comment.startswith("|"):
            kept.append(comment)
            continue
        line = comment[1:].strip()
        found = re.match(r"^(msgctxt|msgid_plural|msgid)\s+(\".*\")$", line)
        if found:
            keyword = found.group(1)
            previous[keyword] = [unescape(found.group(2))]
        elif keyword and line.startswith('"'):
            previous[keyword].append(unescape(line))
    if previous:
        message.user_comments = kept
        message.previous_id = ["".join(previous.get("msgid", []))]
        if "msgid_plural" in previous:
            message.previous_id.append("".join(previous["msgid_plural"]))


# -- format: the one form, applied to files as they are ------------------------


def format_catalogs(files: list[Path], check_only: bool) -> int:
    """Write catalogs in the one form ``update`` writes; with ``check_only``, only say
    which are not in it."""
    if not files:
        files = sorted([*LOCALES.rglob("*.po"), *TEMPLATES.rglob("*.pot")])
    different = []
    unreadable = 0
    for path in files:
        language = None if path.suffix == ".pot" else catalogs.language_of(path)
        try:
            catalog = read(path)
        except Unreadable as error:
            print(error, file=sys.stderr)
            unreadable += 1
            continue
        if dumps(catalog, language) != path.read_text(encoding="utf-8"):
            different.append(path)
            if not check_only:
                write(path, catalog, language)
    for path in different:
        verb = "is not in the form `translations -- update` writes" if check_only else "rewritten"
        print(f"{shown(path)}: {verb}")
    if check_only and different:
        print("run: python3 -m nox -s translations -- format", file=sys.stderr)
    return 1 if (different and check_only) or unreadable else 0
