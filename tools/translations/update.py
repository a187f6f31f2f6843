"""``update`` and ``add``: the English extracted, and every catalog brought in step with it.

``update`` runs Sphinx's gettext builder in the source language, writes the
templates (``locales/templates/``) and merges them into each language's catalogs
as ``msgmerge --previous`` would, in the one form of ``form``; ``add`` registers a
language and writes its first catalogs.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import re
import shutil
import sys
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.extract import extract_from_file

from bpd.languages.registry import read_registry
from bpd.translations.catalogs import CONTEXT_SEPARATOR, singular
from tools import BUILD, ROOT
from tools.translations import INTERFACE, LOCALES, POT_DIR, REGISTRY, TEMPLATES, form

#: UI strings that our pages show but our own templates do not contain: they come
#: from furo's and Sphinx's templates and Sphinx's search JavaScript. Extracted
#: from the installed packages so the list follows their versions.
THEME_SOURCES = [
    ("furo", "theme/furo/base.html", "jinja2"),
    ("furo", "theme/furo/search.html", "jinja2"),
    ("furo", "theme/furo/sidebar/search.html", "jinja2"),
    ("sphinx", "themes/basic/static/searchtools.js", "javascript"),
    ("sphinx", "themes/basic/static/sphinx_highlight.js", "javascript"),
    ("sphinx", "writers/html5.py", "python"),
]
#: Of Sphinx's HTML writer, only the permalink titles ("Link to this heading") reach
#: readers (a tooltip, and what a screen reader says); its other messages are warnings.
WRITER_MESSAGE_PREFIX = "Link to this "
#: Theme strings that never reach a page of this site (its index is switched off).
UNUSED_THEME_MESSAGES = {"About these documents", "Index", "Copyright"}
#: Gettext functions in Python, Jinja and Sphinx's JavaScript (``Documentation.ngettext``).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> dict[str, form.PoFile]:
    """The English messages of every page and of the interface, as templates.

    Written to ``locales/templates/<page>.pot`` (the template a translation
    platform starts a new language from); returned by domain ("about/index").
    """
    from sphinx.cmd.build import build_main

    shutil.rmtree(POT_DIR, ignore_errors=True)  # a removed page leaves no template behind
    # In this process, as `sphinx-build` would run it: Sphinx is imported already (the
    # registry needs it), and a second Python importing it all again was a sixth of
    # an update's time.
    status = build_main(
        [
            "-b", "gettext", "-q",
            "-D", f"language={read_registry(ROOT)[0]}",
            "-d", str(BUILD / "doctrees" / "gettext"),
            str(ROOT), str(POT_DIR),
        ]
    )  # fmt: skip
    if status:
        raise SystemExit(status)
    templates = {}
    for path in sorted(POT_DIR.rglob("*.pot")):
        template = form.read(path)
        for message in template.catalog:
            # Locations name the page from the project root, without a line number.
            message.locations = [
                ((POT_DIR / name).resolve().relative_to(ROOT).as_posix(), None)
                for name, _line in message.locations
            ]
        _contexts_out_of_ids(template.catalog)
        templates[path.relative_to(POT_DIR).with_suffix("").as_posix()] = template
    interface = templates.setdefault(INTERFACE, form.new(None))
    _add_interface_messages(interface.catalog)
    # Interface strings come from many files: in alphabetical order, not by file.
    ordered = form.new(None)
    for message in sorted((m for m in interface.catalog if m.id), key=_key):
        ordered.catalog[message.id] = message
    templates[INTERFACE] = ordered
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    for stale in set(TEMPLATES.rglob("*.pot")) - {TEMPLATES / f"{d}.pot" for d in templates}:
        stale.unlink()
    for domain, template in templates.items():
        form.write(TEMPLATES / f"{domain}.pot", template, None)
    return templates


def _contexts_out_of_ids(catalog) -> None:
    """Messages Sphinx extracted as ``form\x04English`` (a role in its holder's form,
    ``bpd.grids.cards.in_form``) become what they are: ``msgctxt "form"``, ``msgid``."""
    for message in [m for m in catalog if m.id and CONTEXT_SEPARATOR in str(m.id)]:
        context, msgid = str(message.id).split(CONTEXT_SEPARATOR, 1)
        catalog.delete(message.id, message.context)
        catalog.add(
            msgid, "", locations=message.locations, auto_comments=message.auto_comments,
            user_comments=message.user_comments, flags=message.flags, context=context,
        )  # fmt: skip


def _add_interface_messages(catalog) -> None:
    """Strings of our templates and extension, furo's templates and Sphinx's search page."""
    for path, method in _ui_sources():
        for _lineno, message, comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            if not message or (message in UNUSED_THEME_MESSAGES and method.startswith("jinja2")):
                continue
            if path.name == "html5.py" and not message.startswith(WRITER_MESSAGE_PREFIX):
                continue
            location = (_display_path(path), None)
            existing = catalog.get(message)
            if existing:
                existing.locations = sorted({*existing.locations, location})
            else:
                catalog.add(message, locations=[location], auto_comments=comments)


def _ui_sources() -> list[tuple[Path, str]]:
    import importlib.util

    # Every module of the extension, in subpackages too.
    sources = [(path, "python") for path in sorted((ROOT / "_ext" / "bpd").rglob("*.py"))]
    for package, relative, method in THEME_SOURCES:
        spec = importlib.util.find_spec(package)
        base = Path(spec.origin).parent
        sources.append(
            (base / relative, "jinja2.ext:babel_extract" if method == "jinja2" else method)
        )
    return sources


def _display_path(path: Path) -> str:
    """A source's location as the catalogs show it: ours from the project root,
    a theme's or Sphinx's from its package ("sphinx/writers/html5.py"), wherever
    that is installed (nox puts it under the project's ``.nox``)."""
    parts = path.parts
    if "site-packages" not in parts:
        with contextlib.suppress(ValueError):
            return path.relative_to(ROOT).as_posix()
    index = max(i for i, part in enumerate(parts) if part in ("furo", "sphinx"))
    return "/".join(parts[index:])


def update(selected: list[str]) -> int:
    templates = extract()
    refused = []
    for language in selected:
        try:
            changed = update_language(language, templates)
        except form.Unreadable as error:
            # Its catalogs are all read before any is written: the language is left as
            # it is, and the others are updated.
            print(error, file=sys.stderr)
            refused.append(language)
            continue
        print(f"{language}: {changed} file(s) changed")
    print(f"templates: {TEMPLATES.relative_to(ROOT)}")
    if refused:
        print(f"not updated: {', '.join(refused)}", file=sys.stderr)
        return 1
    return 0


def update_language(language: str, templates: dict[str, form.PoFile]) -> int:
    """Bring every catalog of ``language`` in step with the templates; files changed.

    A message whose English changed a little is kept fuzzy with its old
    translation and its previous English (babel's ``Catalog.update``, as
    ``msgmerge --previous`` does). A message moved from one page to another in
    the same update keeps its translation. A new message that this language
    already translates elsewhere gets that translation as a fuzzy suggestion,
    never as a finished one. Last, a message still new is matched, word by word,
    with what left its page in this update ("Our aims" renamed "Our aims and
    values", which babel's character match misses): fuzzy, with that English.
    """
    directory = LOCALES / language / "LC_MESSAGES"
    current = {
        path.relative_to(directory).with_suffix("").as_posix(): form.read(path)
        for path in sorted(directory.rglob("*.po"))
    }
    left = _messages_leaving(current, templates)
    # Before merging, which changes the catalogs: what leaves each page.
    leaving_page = {
        domain: [m for m in catalog.catalog if m.id and _key(m) in left]
        for domain, catalog in current.items()
    }
    merged = {}
    for domain, template in templates.items():
        catalog = current.get(domain) or form.new(language)
        catalog.catalog.locale = language  # an added language starts from the template
        merged[domain] = _merge(catalog, template, left)
    _suggest_from_elsewhere(merged)
    carried = {_key(m) for catalog in merged.values() for m in catalog.catalog if m.id}
    for domain, catalog in merged.items():
        gone = [m for m in leaving_page.get(domain, []) if _key(m) not in carried]
        _match_by_words(catalog, gone)
    changed = sum(
        form.write(directory / f"{domain}.po", catalog, language)
        for domain, catalog in merged.items()
    )
    for domain in set(current) - set(templates):  # a page that no longer exists
        (directory / f"{domain}.po").unlink()
        (directory / f"{domain}.mo").unlink(missing_ok=True)
        changed += 1
    return changed


def _messages_leaving(current: dict[str, form.PoFile], templates: dict[str, form.PoFile]) -> dict:
    """Translated messages this update takes out of their page: key -> message."""
    leaving = {}
    for domain, catalog in current.items():
        template = templates.get(domain)
        for message in catalog.catalog:
            if not message.id or not message.string:
                continue
            if template is None or template.catalog.get(message.id, message.context) is None:
                leaving[_key(message)] = message
    return leaving


def _merge(catalog: form.PoFile, template: form.PoFile, left: dict) -> form.PoFile:
    before = {_key(message): message for message in catalog.catalog if message.id}
    # A copy: babel puts the template's own Message objects into the catalog for new
    # messages, so a suggestion written into one language's would reach the next's.
    catalog.catalog.update(copy.deepcopy(template.catalog), update_creation_date=False)
    catalog.catalog.obsolete.clear()
    for message in catalog.catalog:
        if not message.id:
            continue
        old = before.get(_key(message))
        if old is not None:
            if message.fuzzy and not message.previous_id:
                # Still fuzzy from an earlier update: keep the English it was translated from.
                message.previous_id = getattr(old, "previous_id", None) or []
            continue
        moved = left.get(_key(message))
        if moved is not None:
            message.string = moved.string
            message.flags = set(moved.flags)
            message.previous_id = getattr(moved, "previous_id", None) or []
    return catalog


#: How alike two sentences must be, word by word, for one to be offered as the other's
#: previous English (difflib's ratio: twice the words in common over all the words).
WORD_MATCH = 0.5


def _match_by_words(catalog: form.PoFile, gone: list) -> None:
    """Messages still untranslated, matched with English that left the page."""
    for message in catalog.catalog:
        if not message.id or message.string or not gone:
            continue
        words = str(message.id).lower().split()
        score, best = max(
            (difflib.SequenceMatcher(None, str(old.id).lower().split(), words).ratio(), old)
            for old in gone
        )
        if score >= WORD_MATCH:
            gone.remove(best)
            message.string = best.string
            message.flags.add("fuzzy")
            message.previous_id = [best.id if isinstance(best.id, str) else best.id[0]]


def _suggest_from_elsewhere(merged: dict[str, form.PoFile]) -> None:
    """Offer, as fuzzy, what the language already translates in another catalog, or in
    another grammatical form (``msgctxt``) of the same English: a language whose roles
    do not agree with their holder (Swahili, Hausa) writes each role once, and one
    whose roles do starts the other form from the first."""
    translated, any_form = {}, {}
    for domain, catalog in merged.items():
        for message in catalog.catalog:
            if message.id and message.string and not message.fuzzy:
                translated.setdefault(_key(message), (domain, message.string))
                any_form.setdefault(_key(message)[1], message.string)
    for domain, catalog in merged.items():
        for message in catalog.catalog:
            if not message.id or message.string:
                continue
            found = translated.get(_key(message))
            if found and found[0] != domain:
                suggestion = found[1]
            else:
                suggestion = any_form.get(_key(message)[1])
            if suggestion:
                message.string = suggestion
                message.flags.add("fuzzy")
                message.previous_id = []


def _key(message) -> tuple:
    msgid = singular(message.id)
    return (message.context, msgid)


def add(language: str) -> int:
    try:
        locale = Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        print(f"{language!r} is not a language code babel knows (try e.g. yo, zu, pt_BR)")
        return 2
    code = str(locale)
    registered = read_registry(ROOT)
    if code in registered:
        print(f"{code} is already registered")
        return 0
    registry = re.sub(
        r"^languages = \[.*\]$",
        "languages = [" + ", ".join(f'"{lang}"' for lang in [*registered, code]) + "]",
        REGISTRY.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    # Its team, to fill in (TRANSLATING.md: "Who answers for a language").
    REGISTRY.write_text(registry.rstrip("\n") + f"\n\n[teams.{code}]\ncoordinators = []\n", "utf-8")
    update([code])
    print(
        f"added {code} ({locale.get_display_name(code)}): translate locales/{code}/LC_MESSAGES/*.po"
    )
    return 0
