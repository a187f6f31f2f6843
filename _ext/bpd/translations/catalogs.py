"""The project's translation catalogs, one model for the build and the translators' tools.

``Catalogs(root)`` knows where a project keeps its catalogs (sphinx-intl's layout:
``locales/<lang>/LC_MESSAGES/<page>.po``, the interface in ``sphinx.po``, the English
in ``locales/templates/<page>.pot``), reads each file once (``pofile``), checks it,
counts it and writes it in the one form. The build's guard, the status page, the
site build and every ``tools/translations`` command use it, each given the project's
root, so a test builds a small project of its own.

A ``.po`` file comes from a volunteer, through a pull request or a translation
platform. Before anything uses it, it is checked here: the bytes must be UTF-8, the
syntax gettext's, each message present once, the header right for its language,
and every translation must pass ``markup``'s rules for its kind (page, interface,
search page). Each problem names the file and line of the entry (``file.po:12:
...``), so a translator can jump to it. The result is the catalog with every
refused message taken out: what the build compiles (``guard``) and what ``nox -s
translations -- check`` reports on. This covers what GNU ``msgfmt --check``
refuses, so a catalog that passes here passes there (``check`` runs msgfmt as
well, where it is installed).
"""

from __future__ import annotations

import ast
import gettext
import io
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

from ..project_files import LEADS_OUT
from . import counts, markup, pofile
from .pofile import Key, PoFile, Problem, Written, key, singular

#: The folder of a language's catalogs (sphinx-intl's, gettext's), and of the English.
MESSAGES_DIR = "LC_MESSAGES"
TEMPLATES_DIR = "templates"
#: The catalog whose messages are the interface (templates, HTML writer, search page).
INTERFACE_DOMAIN = "sphinx"
#: gettext's separator of a message's context and its id: how a compiled catalog (and
#: Python's ``pgettext``) keys a message that has a ``msgctxt``.
CONTEXT_SEPARATOR = "\x04"
#: The grammatical forms a role may take, as its holder chose (never guessed): a
#: leader's ``form:`` in the grids, and the only contexts (``msgctxt``) a page's
#: catalog has (TRANSLATING.md, "A role in its holder's form").
FORMS = ("feminine", "masculine", "neutral")


class OutsideProject(Exception):
    """A file that is a link out of the project: refused before it is read."""


class Unreadable(Exception):
    """A catalog the build would not use (a syntax error, a merge conflict left in it,
    bytes that are not UTF-8): written again from what could be read of it, it would
    lose the rest (one side of a conflict), silently."""


@dataclass
class CheckedCatalog:
    """A catalog as read, its problems, and what of it may be used."""

    po: PoFile
    problems: list[Problem] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.po.path

    @property
    def catalog(self) -> Catalog:
        return self.po.catalog

    @property
    def usable(self) -> bool:
        """Whether any of it may be used (a wrong header Language alone does not stop it)."""
        return not any(problem.stops for problem in self.problems)

    @property
    def refused(self) -> set[Key]:
        """The refused entries, as (msgctxt, msgid): one form of a role may be refused
        and the others used."""
        return {
            (problem.context, problem.msgid)
            for problem in self.problems
            if problem.msgid is not None and not problem.mended
        }

    def messages(self) -> Iterable[Message]:
        """The catalog's messages that may reach readers: not the header, not refused."""
        refused = self.refused if self.usable else None
        for message in self.catalog if refused is not None else ():
            if message.id and key(message) not in refused:
                yield message


class Catalogs:
    """The catalogs of the project at ``root``: where they are, read, checked, counted."""

    def __init__(
        self, root: Path, locale_dir: str = "locales", myst_extensions: Iterable[str] | None = None
    ) -> None:
        self.root = Path(os.path.abspath(root))
        self.locales = self.root / locale_dir
        self.templates = self.locales / TEMPLATES_DIR
        self._myst_extensions = None if myst_extensions is None else tuple(myst_extensions)

    @classmethod
    def holding(cls, path: Path, myst_extensions: Iterable[str] | None = None) -> Catalogs:
        """The project whose ``locales/`` holds ``path`` (a catalog or a template)."""
        parts = Path(os.path.abspath(path)).parts
        if MESSAGES_DIR in parts[:-1]:
            locales = Path(*parts[: parts.index(MESSAGES_DIR) - 1])
        elif TEMPLATES_DIR in parts[:-1]:
            locales = Path(*parts[: parts.index(TEMPLATES_DIR)])
        else:
            locales = Path(*parts[:-1])
        return cls(locales.parent, locales.name, myst_extensions)

    # -- where they are --------------------------------------------------------------------

    def directory(self, language: str) -> Path:
        """Where ``language``'s catalogs are."""
        return self.locales / language / MESSAGES_DIR

    def catalogs(self, language: str) -> list[Path]:
        return sorted(self.directory(language).rglob("*.po"))

    def catalog(self, language: str, domain: str) -> Path:
        """The catalog of a page ("about/index") or of the interface ("sphinx")."""
        return self.directory(language) / f"{domain}.po"

    def template(self, domain: str) -> Path:
        return self.templates / f"{domain}.pot"

    def domains(self) -> list[str]:
        """Every page's (and the interface's) English, as the last ``update`` wrote it."""
        return sorted(self.domain(path) for path in self.templates.rglob("*.pot"))

    def domain(self, path: Path) -> str:
        """The page a catalog or template is of ("about/index"), or "sphinx"."""
        absolute = Path(os.path.abspath(path))
        language = language_of(absolute)
        base = self.templates if language is None else self.directory(language)
        return absolute.relative_to(base).with_suffix("").as_posix()

    def shown(self, path: Path) -> str:
        """``path`` as a translator finds it: from the project root (a link's own path,
        never where it leads)."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @property
    def myst_extensions(self) -> tuple[str, ...]:
        """The MyST extensions the pages are parsed with (translations are parsed as the
        pages are): ``conf.py``'s ``myst_enable_extensions``, read, never run."""
        if self._myst_extensions is None:
            self._myst_extensions = _conf_value(
                self.root / "conf.py", "myst_enable_extensions", markup.DEFAULT_MYST_EXTENSIONS
            )
        return self._myst_extensions

    # -- read, check, write ----------------------------------------------------------------

    def read(self, path: Path) -> PoFile:
        return pofile.read(path)

    def check(
        self, source: Path | PoFile, language: str | None = None, *, messages: bool = True
    ) -> CheckedCatalog:
        """Everything wrong with a catalog (of ``language``, by default its folder's).

        ``messages=False`` checks the file but not each translation's markup: enough to
        read it safely, to write it again.
        """
        po = source if isinstance(source, PoFile) else self.read(source)
        path = po.path
        language = language or language_of(path)
        checked = CheckedCatalog(po, list(po.problems))
        if not po.readable:
            return checked
        checked.problems += _header_problems(po, language)
        checked.problems += _duplicates(po)
        if checked.usable:
            try:
                write_mo(io.BytesIO(), po.catalog)
            except Exception as error:
                checked.problems.append(Problem(path, 1, f"does not compile: {error}", stops=True))
        interface = path.stem == INTERFACE_DOMAIN and path.parent.name == MESSAGES_DIR
        written = {entry.key: entry for entry in po.entries}
        for message in po.catalog if messages else ():
            if not message.id:
                continue
            entry = written[key(message)]
            for issue in _message_problems(
                message, po.catalog, entry, interface, self.myst_extensions
            ):
                checked.problems.append(
                    Problem(path, message.lineno, issue, singular(message.id), message.context)
                )
        checked.problems += [
            Problem(
                path, entry.line,
                "written in decomposed Unicode (a letter and its accents apart): readers "
                "who type the word do not find it; `translations -- format` writes it composed",
                entry.key[1], entry.key[0], mended=True,
            )
            for entry in po.entries
            if not entry.composed
        ]  # fmt: skip
        return checked

    def editable(self, source: Path | PoFile) -> PoFile:
        """A catalog or template to write again: one the build could not use, or with a
        message written twice, is refused with what is wrong with it (``Unreadable``),
        never rewritten."""
        po = source if isinstance(source, PoFile) else self.read(source)
        path = po.path
        if po.outside:
            raise OutsideProject(f"{self.shown(path)}:1: {LEADS_OUT}")
        found = self.check(po, messages=False).problems if path.suffix == ".po" else po.problems
        # A message written twice too: written again, it would keep one in silence
        # (babel's catalog holds one per msgid), perhaps not the one meant.
        twice = _duplicates(po)
        stops = [problem for problem in found if problem.stops or problem in twice]
        if stops:
            said = [f"{self.shown(p.path)}:{p.line}: {p.message}" for p in stops]
            raise Unreadable(
                "\n".join([*said, f"{self.shown(path)}: left as it is: fix it, then run again"])
            )
        return po

    def write(self, path: Path, po: PoFile, language: str | None) -> bool:
        return pofile.write(path, po, language)

    def finished(self, source: Path | PoFile) -> list[tuple[Message, str]]:
        """A catalog's finished translations (not fuzzy, not empty), each with its text
        (a plural's forms joined): what the translation teams' checks read."""
        found = []
        po = source if isinstance(source, PoFile) else self.read(source)
        for message in po.catalog:
            if message.id and message.string and not message.fuzzy:
                strings = message.string
                text = " ".join(strings) if isinstance(strings, (list, tuple)) else strings
                found.append((message, text))
        return found

    # -- count -----------------------------------------------------------------------------

    def english(self, domain: str) -> list[Key] | None:
        """The messages of a page as the last ``update`` extracted them (None: no template)."""
        template = self.read(self.template(domain))
        if template.digest is None or not template.readable:
            return None
        return [key(message) for message in template.catalog if message.id]

    def count(
        self,
        language: str,
        domain: str,
        english: Iterable[Key] | None = None,
        po: PoFile | None = None,
    ) -> counts.Counts:
        """How much of a page's English (``english``, by default its template's) the
        language's catalog (``po``, if it was read already) translates, as readers see
        it: a refused translation is untranslated, and so is a message the catalog lacks."""
        english = (self.english(domain) or []) if english is None else english
        po = self.read(self.catalog(language, domain)) if po is None else po
        memo = (str(po.path), po.digest, language, self.myst_extensions)
        if memo not in _STATES:
            # Every language's status page counts every catalog: counted once per process
            # while its bytes are the same, so the languages forked from the build's
            # parent share what it counted.
            _STATES[memo] = self._states(po, language)
        states, revised, stopped = _STATES[memo]
        counted = counts.tally(language, domain, english, states, revised)
        counted.stopped = stopped
        return counted

    def counts(
        self, language: str, english: dict[str, Iterable[Key]] | None = None
    ) -> list[counts.Counts]:
        """A row per page of the English (``english``: page -> its messages, by default
        the templates'): what each page of ``language`` shows in it."""
        if english is None:
            english = {domain: self.english(domain) or [] for domain in self.domains()}
        return [self.count(language, domain, keys) for domain, keys in english.items()]

    def unread(self, language: str, domains: Iterable[str] | None = None) -> list[Path]:
        """Catalogs no page reads (``about.po`` beside ``about/index.po``): ``domains`` are
        the pages, by default those of the templates (none known: none said)."""
        known = set(self.domains() if domains is None else domains)
        if not known:
            return []
        return [path for path in self.catalogs(language) if self.domain(path) not in known]

    def unread_problem(self, path: Path, domains: Iterable[str] | None = None) -> Problem:
        known = set(self.domains() if domains is None else domains)
        domain = self.domain(path)
        near = next(
            (d for d in (f"{domain}/index", domain.removesuffix("/index")) if d in known), None
        )
        return Problem(
            path, 1,
            "no page reads this catalog, so its translations are never shown"
            + (f": the page's catalog is {near}.po" if near else "")
            + "; move what it holds there, or delete it",
        )  # fmt: skip

    def _states(self, po: PoFile, language: str):
        checked = self.check(po, language)
        if po.digest is None:  # no catalog yet
            return {}, None, None
        if not checked.usable:
            stop = next(problem for problem in checked.problems if problem.stops)
            return {}, None, f"{self.shown(stop.path)}:{stop.line}: {stop.message}"
        refused = checked.refused
        states = {}
        for message in checked.catalog:
            if not message.id:
                continue
            if message.fuzzy:
                states[key(message)] = "fuzzy"
            elif counts.is_translated(message) and key(message) not in refused:
                states[key(message)] = "translated"
            else:
                states[key(message)] = "untranslated"
        # A new catalog has the date it was made (msgfmt wants one): not a translation's.
        written = po.header_value("PO-Revision-Date") or ""
        revised = checked.catalog.revision_date if written[:1].isdigit() else None
        return states, revised, None


#: What each catalog holds, by (path, digest, language, MyST extensions).
_STATES: dict[tuple, tuple[dict[Key, str], object, str | None]] = {}


def language_of(path: Path | None) -> str | None:
    """The language a catalog is of: the folder above its ``LC_MESSAGES`` (a link's own
    folder, not its target's)."""
    if path is None:
        return None
    parts = Path(os.path.abspath(path)).parts
    return parts[parts.index(MESSAGES_DIR) - 1] if MESSAGES_DIR in parts else None


def key_of_extracted(msgid: str) -> Key:
    """A message as Sphinx extracts and looks it up ("feminine\\x04Treasurer"): its key."""
    context, separator, text = msgid.rpartition(CONTEXT_SEPARATOR)
    return (context if separator else None, text)


def _conf_value(conf: Path, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return default
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            try:
                return tuple(ast.literal_eval(node.value))
            except (ValueError, TypeError, SyntaxError):
                return default
    return default


# -- the checks --------------------------------------------------------------------------------


def _message_problems(
    message: Message,
    catalog: Catalog,
    entry: Written,
    interface: bool,
    extensions: tuple[str, ...],
) -> list[str]:
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
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
        if "python-format" in entry.flags and not interface:
            problems += markup.format_problems(source, translated)
    return list(dict.fromkeys(problems))


def plural_rule(read: dict[str, PoFile]) -> str | None:
    """A language's plural rule, as its catalogs (page -> file read) write it, the
    interface's first: what ``update`` gives a new catalog and ``format`` one that has
    none. babel's, from a newer CLDR, may count other forms (French, Spanish and
    Portuguese: three, where a language's first catalogs had two)."""
    pages = sorted(read, key=lambda page: page != INTERFACE_DOMAIN)
    return next(filter(None, (read[page].header_value("Plural-Forms") for page in pages)), None)


def plural_forms_of(expression: str) -> tuple[int, ...]:
    """The form a plural expression gives each number from 0 to 999, as gettext
    evaluates it (Python's ``gettext.c2py``); ValueError where it cannot be."""
    try:
        rule = gettext.c2py(expression)
        return tuple(rule(number) for number in range(1000))
    except (ValueError, SyntaxError, TypeError, ZeroDivisionError, RecursionError) as error:
        raise ValueError(f"not a plural expression gettext reads: {expression!r}") from error


def _single_number_forms(catalog: Catalog) -> set[int]:
    """The plural forms that the catalog's Plural-Forms rule uses for one number only."""
    try:
        numbers = Counter(plural_forms_of(catalog.plural_expr))
    except ValueError:
        return set()
    return {form for form, count in numbers.items() if count == 1}


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


def _header_problems(po: PoFile, language: str | None) -> list[Problem]:
    """The header's Plural-Forms, Language and charset, each at its own line."""
    path, problems = po.path, []
    plural_forms = po.header_value("Plural-Forms")
    has_plurals = any(isinstance(message.id, (list, tuple)) for message in po.catalog)
    if plural_forms is not None or has_plurals:
        problem = _plural_forms_problem(plural_forms)
        if problem:
            problems.append(
                Problem(
                    path,
                    po.header_line("Plural-Forms"),
                    f"{problem}; the catalog cannot be used",
                    stops=True,
                )
            )
    written = po.header_value("Language")
    header_language = written.replace("-", "_") if written else None
    if language and header_language != language:
        problems.append(
            Problem(
                path,
                po.header_line("Language"),
                f"header Language is {header_language!r}, expected {language!r}",
            )
        )
    charset = po.catalog.charset
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        problems.append(
            Problem(
                path, po.header_line("Content-Type"),
                f"charset {charset} in the header: catalogs are UTF-8", stops=True,
            )
        )  # fmt: skip
    return problems


def _plural_forms_problem(plural_forms: str | None) -> str | None:
    """What is wrong with a Plural-Forms header (GNU msgfmt refuses the same)."""
    if plural_forms is None:
        return "the header has no Plural-Forms, and some messages have plural forms"
    # GNU gettext looks for "nplurals=" and "plural=" as written (no space before "="),
    # reads the expression up to ";" and skips only spaces and tabs in it: a carriage
    # return or a newline there is refused (Python's reader skips them).
    found = re.fullmatch(
        r"[ \t]*nplurals=[ \t]*(\d+)[ \t]*;[ \t]*plural=[ \t]*([^;]+?)[ \t]*(?:;.*)?",
        plural_forms,
        re.DOTALL,
    )
    if not found:
        return f"the header's Plural-Forms {plural_forms!r} is not 'nplurals=N; plural=EXPRESSION;'"
    count, expression = int(found.group(1)), found.group(2)
    invalid = f"the header's plural expression {expression!r} is not valid"
    if re.search(r"[^\S \t]", expression):
        return invalid
    try:
        forms = set(plural_forms_of(expression))
    except ValueError:
        return invalid
    if count < 1 or max(forms) >= count:
        return f"the header's plural expression gives a form beyond nplurals={count}"
    return None


def _duplicates(po: PoFile) -> list[Problem]:
    """Messages written twice (babel keeps one in silence; GNU gettext refuses the file)."""
    seen: dict[Key, int] = {}
    problems = []
    for entry in sorted([*po.entries, *po.obsolete], key=lambda entry: entry.line):
        if entry.key in seen:
            problems.append(
                Problem(
                    po.path, entry.line,
                    f"duplicate message (the same msgid is at line {seen[entry.key]}; "
                    "keep one of them)",
                    entry.key[1], entry.key[0],
                )
            )  # fmt: skip
        seen.setdefault(entry.key, entry.line)
    return problems
