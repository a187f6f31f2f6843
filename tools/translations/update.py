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
import tomllib
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.extract import extract_from_file

from bpd.languages.registry import REGISTRY, read_registry
from bpd.translations import pofile
from bpd.translations.catalogs import (
    CONTEXT_SEPARATOR,
    INTERFACE_DOMAIN,
    Catalogs,
    Unreadable,
    plural_rule,
)
from bpd.translations.pofile import PoFile, key, singular

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


def extract(catalogs: Catalogs) -> dict[str, PoFile]:
    """The English messages of every page and of the interface, as templates.

    Written to ``locales/templates/<page>.pot`` (the template a translation
    platform starts a new language from); returned by domain ("about/index").
    """
    from sphinx.cmd.build import build_main

    root = catalogs.root
    # Where Sphinx's gettext builder writes its raw templates, before they are put in form.
    pot_dir = root / "_build" / "gettext"
    shutil.rmtree(pot_dir, ignore_errors=True)  # a removed page leaves no template behind
    # In this process, as `sphinx-build` would run it: Sphinx is imported already (the
    # registry needs it), and a second Python importing it all again was a sixth of
    # an update's time.
    status = build_main(
        [
            "-b", "gettext", "-q",
            "-D", f"language={read_registry(root)[0]}",
            "-d", str(root / "_build" / "doctrees" / "gettext"),
            str(root), str(pot_dir),
        ]
    )  # fmt: skip
    if status:
        raise SystemExit(status)
    templates = {}
    for path in sorted(pot_dir.rglob("*.pot")):
        template = catalogs.editable(path)
        for message in template.catalog:
            # Locations name the page from the project root, without a line number.
            message.locations = [
                ((pot_dir / name).resolve().relative_to(root).as_posix(), None)
                for name, _line in message.locations
            ]
        _contexts_out_of_ids(template.catalog)
        templates[path.relative_to(pot_dir).with_suffix("").as_posix()] = template
    interface = templates.setdefault(INTERFACE_DOMAIN, pofile.new(None))
    _add_interface_messages(interface.catalog, root)
    # Interface strings come from many files: in alphabetical order, not by file.
    ordered = pofile.new(None)
    for message in sorted((m for m in interface.catalog if m.id), key=key):
        ordered.catalog[message.id] = message
    templates[INTERFACE_DOMAIN] = ordered
    catalogs.templates.mkdir(parents=True, exist_ok=True)
    wanted = {catalogs.template(domain) for domain in templates}
    for stale in set(catalogs.templates.rglob("*.pot")) - wanted:
        stale.unlink()
    for domain, template in templates.items():
        catalogs.write(catalogs.template(domain), template, None)
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


def _add_interface_messages(catalog, root: Path) -> None:
    """Strings of our templates and extension, furo's templates and Sphinx's search page."""
    for path, method in _ui_sources(root):
        for _lineno, message, comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            if not message or (message in UNUSED_THEME_MESSAGES and method.startswith("jinja2")):
                continue
            if path.name == "html5.py" and not message.startswith(WRITER_MESSAGE_PREFIX):
                continue
            location = (_display_path(path, root), None)
            existing = catalog.get(message)
            if existing:
                existing.locations = sorted({*existing.locations, location})
            else:
                catalog.add(message, locations=[location], auto_comments=comments)


def _ui_sources(root: Path) -> list[tuple[Path, str]]:
    import importlib.util

    # Every module of the extension, in subpackages too.
    sources = [(path, "python") for path in sorted((root / "_ext" / "bpd").rglob("*.py"))]
    for package, relative, method in THEME_SOURCES:
        spec = importlib.util.find_spec(package)
        base = Path(spec.origin).parent
        sources.append(
            (base / relative, "jinja2.ext:babel_extract" if method == "jinja2" else method)
        )
    return sources


def _display_path(path: Path, root: Path) -> str:
    """A source's location as the catalogs show it: ours from the project root,
    a theme's or Sphinx's from its package ("sphinx/writers/html5.py"), wherever
    that is installed (nox puts it under the project's ``.nox``)."""
    parts = path.parts
    if "site-packages" not in parts:
        with contextlib.suppress(ValueError):
            return path.relative_to(root).as_posix()
    index = max(i for i, part in enumerate(parts) if part in ("furo", "sphinx"))
    return "/".join(parts[index:])


def update(catalogs: Catalogs, selected: list[str]) -> int:
    templates = extract(catalogs)
    refused = []
    for language in selected:
        try:
            changed = update_language(catalogs, language, templates)
        except Unreadable as error:
            # Its catalogs are all read before any is written: the language is left as
            # it is, and the others are updated.
            print(error, file=sys.stderr)
            refused.append(language)
            continue
        print(f"{language}: {changed} file(s) changed")
    print(f"templates: {catalogs.shown(catalogs.templates)}")
    if refused:
        print(f"not updated: {', '.join(refused)}", file=sys.stderr)
        return 1
    return 0


def update_language(catalogs: Catalogs, language: str, templates: dict[str, PoFile]) -> int:
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
    current = {
        catalogs.domain(path): catalogs.editable(path) for path in catalogs.catalogs(language)
    }
    left = _messages_leaving(current, templates)
    # Before merging, which changes the catalogs: what leaves each page.
    leaving_page = {
        domain: [m for m in catalog.catalog if m.id and key(m) in left]
        for domain, catalog in current.items()
    }
    merged = {}
    for domain, template in templates.items():
        catalog = current.get(domain) or _new_catalog(language, current)
        catalog.catalog.locale = language  # an added language starts from the template
        merged[domain] = _merge(catalog, template, left)
    _suggest_from_elsewhere(merged, left)
    carried = {key(m) for catalog in merged.values() for m in catalog.catalog if m.id}
    for domain, catalog in merged.items():
        gone = [m for m in leaving_page.get(domain, []) if key(m) not in carried]
        _match_by_words(catalog, gone)
    changed = sum(
        catalogs.write(catalogs.catalog(language, domain), catalog, language)
        for domain, catalog in merged.items()
    )
    for domain in set(current) - set(templates):  # a page that no longer exists
        path = catalogs.catalog(language, domain)
        path.unlink()
        path.with_suffix(".mo").unlink(missing_ok=True)
        changed += 1
    return changed


def _new_catalog(language: str, current: dict[str, PoFile]) -> PoFile:
    """A page's catalog new to ``language``, with the plural rule of its other catalogs."""
    po = pofile.new(language)
    if rule := plural_rule(current):
        po.header = [("Plural-Forms", rule)]
        po.catalog.mime_headers = po.header
    return po


def _messages_leaving(current: dict[str, PoFile], templates: dict[str, PoFile]) -> dict:
    """Translated messages this update takes out of their page: key -> message."""
    leaving = {}
    for domain, catalog in current.items():
        template = templates.get(domain)
        for message in catalog.catalog:
            if not message.id or not message.string:
                continue
            if template is None or template.catalog.get(message.id, message.context) is None:
                leaving[key(message)] = message
    return leaving


def _merge(catalog: PoFile, template: PoFile, left: dict) -> PoFile:
    before = {key(message): message for message in catalog.catalog if message.id}
    wanted = {key(message) for message in template.catalog if message.id}
    # A copy: babel puts the template's own Message objects into the catalog for new
    # messages, so a suggestion written into one language's would reach the next's.
    catalog.catalog.update(copy.deepcopy(template.catalog), update_creation_date=False)
    catalog.catalog.obsolete.clear()
    for message in catalog.catalog:
        if not message.id:
            continue
        old = before.get(key(message))
        if old is not None:
            if message.fuzzy and not message.previous_id:
                # Still fuzzy from an earlier update: keep the English it was translated from.
                message.previous_id = old.previous_id
            continue
        moved = left.get(key(message))
        if moved is not None:
            message.string = moved.string
            message.flags = set(moved.flags)
            message.previous_id = moved.previous_id
        elif message.previous_id:
            _fuzzy_match(message, _matched(message, before), wanted)
    return catalog


def _matched(message, before: dict):
    """The old message babel's fuzzy match took ``message``'s translation from."""
    found = [old for old in before.values() if singular(old.id) == message.previous_id[0]]
    found = [old for old in found if old.string == message.string] or found
    first = found[0] if found else None
    return next((old for old in found if old.context == message.context), first)


def _fuzzy_match(message, matched, wanted: set) -> None:
    """What babel's fuzzy match is: the same message, its English edited (the matched one
    leaves the page), or a suggestion from a similar message (it stays). A role in a new
    form is prefilled from the same role only (``_suggest_from_elsewhere``): another role's
    translation ("Technical Manager" for "Community Manager") is no suggestion for it."""
    if matched is None:
        return
    stays = key(matched) in wanted
    if message.context is not None and (stays or matched.context != message.context):
        message.string = ("",) * len(message.string) if isinstance(message.string, tuple) else ""
        message.flags.discard("fuzzy")
        message.previous_id = []
    elif stays:
        message.previous_id = []  # a suggestion: not the English it was translated from
    else:
        message.previous_id = _translated_from(matched)


def _translated_from(old) -> list[str]:
    """The English ``old``'s translation was made from: its own, or, still fuzzy from an
    earlier edit, the English before that one (the oldest, so a translator's word diff
    shows everything that changed since they translated); none for a suggestion."""
    if old.fuzzy:
        return list(old.previous_id)
    return list(old.id) if isinstance(old.id, (list, tuple)) else [old.id]


#: How alike two sentences must be, word by word, for one to be offered as the other's
#: previous English (difflib's ratio: twice the words in common over all the words).
WORD_MATCH = 0.5


def _match_by_words(catalog: PoFile, gone: list) -> None:
    """Messages still untranslated, matched with English that left the page (a role
    only with the same role's form)."""
    for message in catalog.catalog:
        candidates = [old for old in gone if old.context == message.context]
        if not message.id or message.string or not candidates:
            continue
        words = str(message.id).lower().split()
        score, best = max(
            (difflib.SequenceMatcher(None, str(old.id).lower().split(), words).ratio(), old)
            for old in candidates
        )
        if score >= WORD_MATCH:
            gone.remove(best)
            message.string = best.string
            message.flags.add("fuzzy")
            message.previous_id = _translated_from(best)[:1]


def _suggest_from_elsewhere(merged: dict[str, PoFile], left: dict) -> None:
    """Offer, as fuzzy, what the language already translates in another catalog, or in
    another grammatical form (``msgctxt``) of the same English: a language whose roles
    do not agree with their holder (Swahili, Hausa) writes each role once, and one
    whose roles do starts the other form from the first. The other form may be one
    this update takes out (``left``): a role's only holder who chose a form."""
    translated, any_form = {}, {}
    for domain, catalog in merged.items():
        for message in catalog.catalog:
            if message.id and message.string and not message.fuzzy:
                translated.setdefault(key(message), (domain, message.string))
                any_form.setdefault(key(message)[1], message.string)
    for message in left.values():
        if not message.fuzzy:
            any_form.setdefault(key(message)[1], message.string)
    for domain, catalog in merged.items():
        for message in catalog.catalog:
            if not message.id or message.string:
                continue
            found = translated.get(key(message))
            elsewhere = found[1] if found and found[0] != domain else None
            suggestion = elsewhere or any_form.get(key(message)[1])
            if suggestion:
                message.string = suggestion
                message.flags.add("fuzzy")
                message.previous_id = []


def add(catalogs: Catalogs, language: str) -> int:
    language = language.replace("-", "_")  # pt-BR, as the other commands take it: pt_BR
    try:
        locale = Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        print(f"{language!r} is not a language code babel knows (try e.g. yo, zu, pt_BR)")
        return 2
    code = str(locale)
    registered = read_registry(catalogs.root)
    if code in registered:
        print(f"{code} is already registered")
        return 0
    path = catalogs.root / REGISTRY
    try:
        registry = with_language(path.read_text(encoding="utf-8"), code)
    except ValueError as error:
        print(f"{catalogs.shown(path)}: {error}; add {code!r} to it by hand", file=sys.stderr)
        return 2
    # Its team, to fill in (TRANSLATING.md: "Who answers for a language").
    path.write_text(registry.rstrip("\n") + f"\n\n[teams.{code}]\ncoordinators = []\n", "utf-8")
    update(catalogs, [code])
    print(f"added {code} ({locale.get_display_name(code)}): translate "
          f"{catalogs.shown(catalogs.directory(code))}/*.po")  # fmt: skip
    return 0


def with_language(text: str, code: str) -> str:
    """``languages.toml`` with ``code`` added at the end of its ``languages`` list, every
    other line as it was (a list over several lines, comments): edited where the list
    closes, and read again to be sure."""
    before = tomllib.loads(text)["languages"]
    start = re.search(r"^languages\s*=\s*\[", text, re.MULTILINE)
    close, last_item = _list_end(text, start.end())
    comma = "" if text[:last_item].rstrip().endswith(",") else ","
    if "\n" in text[last_item:close]:
        # The closing bracket on a line of its own: the code on a line of its own above it.
        line = text.rfind("\n", 0, close) + 1
        indent = re.search(r"(?:^|\n)([ \t]*)\S[^\n]*$", text[:last_item]).group(1)
        edited = f'{text[:last_item]}{comma}{text[last_item:line]}{indent}"{code}",\n{text[line:]}'
    else:
        head = text[:last_item].rstrip()
        edited = f'{head}{comma} "{code}"{text[last_item:]}'
    if tomllib.loads(edited)["languages"] != [*before, code]:
        raise ValueError("the languages list could not be edited")
    return edited


def _list_end(text: str, index: int) -> tuple[int, int]:
    """Where the list opened before ``index`` closes, and where its last item ends."""
    last_item, quote = index, None
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote, last_item = None, index + 1
        elif char in "\"'":
            quote = char
        elif char == "#":
            index = text.find("\n", index)
            index = len(text) if index < 0 else index
            continue
        elif char == ",":
            last_item = index + 1
        elif char == "]":
            return index, last_item
        index += 1
    raise ValueError("the languages list does not close")
