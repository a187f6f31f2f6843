"""The translators' workflow: ``python -m tools.translations <command>``.

    update [LANG ...]     extract the English and bring every language's .po files in step
    stats [LANG ...]      translated / fuzzy / untranslated per language and page
    check [FILE ...]      every .po is valid, keeps the English markup, passes GNU msgfmt
    todo LANG [PAGE ...]  what is left: fuzzy messages with what changed in their English, refused
                          and untranslated ones, each at its file.po:line
    format [--check] [FILE ...]  write (or check) the .po/.pot files in the one form update writes
    add LANG              create the catalogs of a new language and register it

``nox -s translations -- <command>`` runs it with the right dependencies.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.extract import extract_from_file

from bpd.languages.registry import read_registry
from bpd.languages.status import Counts, count, is_translated
from bpd.translations import catalogs
from tools import ROOT, po

LOCALES = ROOT / "locales"
#: Where Sphinx's gettext builder writes its raw templates, before they are put in form.
POT_DIR = ROOT / "_build" / "gettext"
#: The English of every page and of the interface, as translation platforms read it.
TEMPLATES = LOCALES / "templates"
REGISTRY = LOCALES / "languages.toml"
#: The interface catalog: templates, the HTML writer, the search page, the extension.
INTERFACE = "sphinx"

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


# -- update ---------------------------------------------------------------------


def extract() -> dict[str, po.PoFile]:
    """The English messages of every page and of the interface, as templates.

    Written to ``locales/templates/<page>.pot`` (the template a translation
    platform starts a new language from); returned by domain ("about/index").
    """
    shutil.rmtree(POT_DIR, ignore_errors=True)  # a removed page leaves no template behind
    subprocess.run(
        [
            sys.executable, "-m", "sphinx", "-b", "gettext", "-q",
            "-D", f"language={read_registry(ROOT)[0]}",
            "-d", str(ROOT / "_build" / "doctrees" / "gettext"),
            str(ROOT), str(POT_DIR),
        ],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    templates = {}
    for path in sorted(POT_DIR.rglob("*.pot")):
        template = po.read(path)
        for message in template.catalog:
            # Locations name the page from the project root, without a line number.
            message.locations = [
                ((POT_DIR / name).resolve().relative_to(ROOT).as_posix(), None)
                for name, _line in message.locations
            ]
        templates[path.relative_to(POT_DIR).with_suffix("").as_posix()] = template
    interface = templates.setdefault(INTERFACE, po.new(None))
    _add_interface_messages(interface.catalog)
    # Interface strings come from many files: in alphabetical order, not by file.
    ordered = po.new(None)
    for message in sorted((m for m in interface.catalog if m.id), key=_key):
        ordered.catalog[message.id] = message
    templates[INTERFACE] = ordered
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    for stale in set(TEMPLATES.rglob("*.pot")) - {TEMPLATES / f"{d}.pot" for d in templates}:
        stale.unlink()
    for domain, template in templates.items():
        po.write(TEMPLATES / f"{domain}.pot", template, None)
    return templates


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
    for language in selected:
        changed = update_language(language, templates)
        print(f"{language}: {changed} file(s) changed")
    print(f"templates: {TEMPLATES.relative_to(ROOT)}")
    return 0


def update_language(language: str, templates: dict[str, po.PoFile]) -> int:
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
        path.relative_to(directory).with_suffix("").as_posix(): po.read(path)
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
        catalog = current.get(domain) or po.new(language)
        catalog.catalog.locale = language  # an added language starts from the template
        merged[domain] = _merge(catalog, template, left)
    _suggest_from_elsewhere(merged)
    carried = {_key(m) for catalog in merged.values() for m in catalog.catalog if m.id}
    for domain, catalog in merged.items():
        gone = [m for m in leaving_page.get(domain, []) if _key(m) not in carried]
        _match_by_words(catalog, gone)
    changed = sum(
        po.write(directory / f"{domain}.po", catalog, language)
        for domain, catalog in merged.items()
    )
    for domain in set(current) - set(templates):  # a page that no longer exists
        (directory / f"{domain}.po").unlink()
        (directory / f"{domain}.mo").unlink(missing_ok=True)
        changed += 1
    return changed


def _messages_leaving(current: dict[str, po.PoFile], templates: dict[str, po.PoFile]) -> dict:
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


def _merge(catalog: po.PoFile, template: po.PoFile, left: dict) -> po.PoFile:
    before = {_key(message): message for message in catalog.catalog if message.id}
    catalog.catalog.update(template.catalog, update_creation_date=False)
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


def _match_by_words(catalog: po.PoFile, gone: list) -> None:
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


def _suggest_from_elsewhere(merged: dict[str, po.PoFile]) -> None:
    """Offer, as fuzzy, what the language already translates in another catalog."""
    translated = {}
    for domain, catalog in merged.items():
        for message in catalog.catalog:
            if message.id and message.string and not message.fuzzy:
                translated.setdefault(_key(message), (domain, message.string))
    for domain, catalog in merged.items():
        for message in catalog.catalog:
            if not message.id or message.string:
                continue
            found = translated.get(_key(message))
            if found and found[0] != domain:
                message.string = found[1]
                message.flags.add("fuzzy")
                message.previous_id = []


def _key(message) -> tuple:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return (message.context, msgid)


# -- todo -----------------------------------------------------------------------


def todo(language: str, pages: list[str]) -> int:
    """What is left to translate in ``language``: per page, the fuzzy messages with
    what changed in their English, the refused ones, then the untranslated ones."""
    directory = LOCALES / language / "LC_MESSAGES"
    wanted = {page.strip("/").removesuffix(".po").removesuffix("/index") for page in pages}
    paths = [
        path
        for path in sorted(directory.rglob("*.po"))
        if not wanted or _page_of(path, directory) in wanted
    ]
    if wanted and not paths:
        print(f"no catalog of {language} for {', '.join(sorted(wanted))}", file=sys.stderr)
        return 2
    translated_in = _translations_by_catalog(directory)
    totals = Counts(language, "(all)")
    lines = []
    for path in paths:
        catalog = po.read(path).catalog
        checked = catalogs.check_catalog(path, language)
        reasons = {}
        for problem in checked.problems:
            if problem.msgid is not None:
                reasons.setdefault(problem.msgid, problem.message.split(" in msgid ")[0])
        fuzzy, refused, untranslated = [], [], []
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            if message.fuzzy:
                fuzzy.append(message)
            elif msgid in reasons and is_translated(message):
                refused.append(message)
            elif not is_translated(message):
                untranslated.append(message)
        counts = count(path, language, LOCALES)
        totals.translated += counts.translated
        totals.fuzzy += counts.fuzzy
        totals.untranslated += counts.untranslated
        if not (fuzzy or refused or untranslated):
            continue
        shown = _shown(path)
        lines.append(f"\n{shown}")
        if fuzzy:
            lines.append(
                "  fuzzy: the English changed; fix the translation, then delete '#, fuzzy'"
            )
            for message in fuzzy:
                lines += _fuzzy_lines(shown, message, translated_in, path, directory)
        if refused:
            lines.append("  refused: the page shows the English until this is fixed")
            for message in refused:
                msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                lines += [
                    f"    {shown}:{message.lineno}: {reasons[msgid]}",
                    f"      English:     {_one_line(msgid)}",
                    f"      translation: {_one_line(_first(message.string))}",
                ]
        if untranslated:
            lines.append("  untranslated")
            for message in untranslated:
                msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                lines += [f"    {shown}:{message.lineno}", f"      English:     {_one_line(msgid)}"]
    print(
        f"{language}: {totals.fuzzy} fuzzy, {totals.untranslated} untranslated, "
        f"{totals.translated} translated of {totals.total} messages"
        + ("" if lines else ": nothing to do")
    )
    print("\n".join(lines))
    return 0


def _fuzzy_lines(
    shown: str, message, translated_in: dict, path: Path, directory: Path
) -> list[str]:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    previous = (getattr(message, "previous_id", None) or [None])[0]
    lines = [f"    {shown}:{message.lineno}"]
    if previous:
        lines.append(f"      English:     {_one_line(word_diff(previous, msgid))}")
    else:
        lines.append(f"      English:     {_one_line(msgid)}")
        elsewhere = [other for other in translated_in.get(msgid, []) if other != path]
        if elsewhere:
            where = elsewhere[0].relative_to(directory).as_posix()
            lines.append(
                f"      (a suggestion: the same English is translated in {where}; "
                "check that it fits here)"
            )
    lines.append(f"      translation: {_one_line(_first(message.string))}")
    return lines


def _translations_by_catalog(directory: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in sorted(directory.rglob("*.po")):
        for message in po.read(path).catalog:
            if message.id and message.string and not message.fuzzy:
                msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                found.setdefault(msgid, []).append(path)
    return found


def word_diff(old: str, new: str) -> str:
    """``old`` changed into ``new``, word by word: ``[-removed-]{+added+}`` (git's style)."""
    before, after = re.findall(r"\s+|\S+", old), re.findall(r"\s+|\S+", new)
    parts = []
    for operation, a, b, c, d in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if operation == "equal":
            parts.append("".join(before[a:b]))
            continue
        if b > a:
            parts.append("[-" + "".join(before[a:b]) + "-]")
        if d > c:
            parts.append("{+" + "".join(after[c:d]) + "+}")
    return "".join(parts)


def _page_of(path: Path, directory: Path) -> str:
    return path.relative_to(directory).with_suffix("").as_posix().removesuffix("/index")


def _first(string) -> str:
    return string[0] if isinstance(string, (list, tuple)) else string or ""


def _one_line(text: str) -> str:
    return text.replace("\n", "\\n")


# -- format ---------------------------------------------------------------------


def format_catalogs(files: list[Path], check_only: bool) -> int:
    """Write catalogs in the one form ``update`` writes; with ``check_only``, only say
    which are not in it."""
    if not files:
        files = sorted([*LOCALES.rglob("*.po"), *TEMPLATES.rglob("*.pot")])
    different = []
    for path in files:
        language = None if path.suffix == ".pot" else catalogs.language_of(path)
        catalog = po.read(path)
        if po.dumps(catalog, language) != path.read_text(encoding="utf-8"):
            different.append(path)
            if not check_only:
                po.write(path, catalog, language)
    for path in different:
        verb = "is not in the form `translations -- update` writes" if check_only else "rewritten"
        print(f"{_shown(path)}: {verb}")
    if check_only and different:
        print("run: python3 -m nox -s translations -- format", file=sys.stderr)
    return 1 if different and check_only else 0


def _shown(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.resolve().relative_to(ROOT).as_posix()
    return str(path)


# -- stats ----------------------------------------------------------------------


def stats(selected: list[str], as_json: bool, fail_under: float | None) -> int:
    rows = [
        count(path, language, LOCALES)
        for language in selected
        for path in sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po"))
    ]
    totals = {}
    for language in selected:
        totals[language] = Counts(language, "(all)")
        for row in rows:
            if row.language == language:
                totals[language] += row
    if as_json:
        payload = {
            language: {
                **_as_dict(totals[language]),
                "pages": [_as_dict(row) for row in rows if row.language == language],
            }
            for language in selected
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        header = (
            f"{'language':<9} {'page':<22} {'translated':>10} {'fuzzy':>6} "
            f"{'untranslated':>12} {'%':>6}"
        )
        print(header)
        print("-" * len(header))
        for language in selected:
            for row in [*[r for r in rows if r.language == language], totals[language]]:
                print(
                    f"{row.language:<9} {row.page:<22} {row.translated:>10} {row.fuzzy:>6} "
                    f"{row.untranslated:>12} {row.percent:>6.1f}"
                )
    if fail_under is not None:
        low = [t for t in totals.values() if t.percent < fail_under]
        for row in low:
            print(
                f"{row.language} is {row.percent}% translated, under {fail_under}%", file=sys.stderr
            )
        return 1 if low else 0
    return 0


def _as_dict(row: Counts) -> dict:
    revised = row.revised.isoformat() if row.revised else None
    return {**asdict(row), "revised": revised, "total": row.total, "percent": row.percent}


# -- check ----------------------------------------------------------------------


def check(files: list[Path]) -> int:
    """Check catalogs as the build does, and with GNU ``msgfmt --check`` where it is installed."""
    if not files:
        files = sorted(
            path
            for language in read_registry(ROOT)[1:]
            for path in (LOCALES / language / "LC_MESSAGES").rglob("*.po")
        )
    extensions = site_myst_extensions()
    problems = [
        str(problem)
        for path in files
        for problem in catalogs.check_catalog(path, myst_extensions=extensions).problems
    ]
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        problems += [problem for path in files for problem in _msgfmt_problems(msgfmt, path)]
    for problem in problems:
        print(problem.replace(str(ROOT) + "/", "", 1))
    print(f"checked {len(files)} file(s): {len(problems)} problem(s)")
    if not msgfmt:
        print(
            "GNU msgfmt was not found, so its own checks did not run "
            "(apt-get install gettext, brew install gettext)",
            file=sys.stderr,
        )
        if os.environ.get("CI"):
            return 1  # CI installs gettext: a missing msgfmt there is a broken CI
    return 1 if problems else 0


def _msgfmt_problems(msgfmt: str, path: Path) -> list[str]:
    """``msgfmt --check``'s complaints about ``path``, as ``file:line: msgfmt: ...``."""
    result = subprocess.run(
        [msgfmt, "--check", "--output-file", os.devnull, str(path)],
        capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
    )  # fmt: skip
    # Its warnings too (a header field missing): platforms show them to translators.
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode == 0 and not lines:
        return []
    located = [
        f"{path}:{match.group(1)}: msgfmt: {match.group(2).strip()}"
        for line in lines
        if (match := re.match(rf"^{re.escape(str(path))}:(\d+):(.*)$", line))
    ]
    return located or [f"{path}:1: msgfmt: {' '.join(lines)}"]


def site_myst_extensions() -> list[str]:
    """The MyST extensions conf.py enables: translations are parsed as the pages are."""
    return list(runpy.run_path(str(ROOT / "conf.py")).get("myst_enable_extensions", []))


# -- add ------------------------------------------------------------------------


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


# -- command line ---------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="translations",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    update_parser = commands.add_parser("update", help="extract and refresh the .po files")
    update_parser.add_argument("languages", nargs="*")
    stats_parser = commands.add_parser("stats", help="how much is translated")
    stats_parser.add_argument("languages", nargs="*")
    stats_parser.add_argument("--json", action="store_true", help="machine-readable output")
    stats_parser.add_argument(
        "--fail-under", type=float, metavar="N", help="exit 1 if a language is under N percent"
    )
    check_parser = commands.add_parser("check", help="validate .po files")
    check_parser.add_argument("files", nargs="*", type=Path)
    todo_parser = commands.add_parser("todo", help="what is left to translate, and what changed")
    todo_parser.add_argument("language")
    todo_parser.add_argument("pages", nargs="*", help="pages (about, about/index); default: all")
    format_parser = commands.add_parser("format", help="write catalogs in their one form")
    format_parser.add_argument("files", nargs="*", type=Path)
    format_parser.add_argument("--check", action="store_true", help="only report, exit 1")
    add_parser = commands.add_parser("add", help="add a language")
    add_parser.add_argument("language")
    args = parser.parse_args(argv)

    translated = read_registry(ROOT)[1:]
    if args.command in ("update", "stats"):
        unknown = [lang for lang in args.languages if lang not in translated]
        if unknown:
            parser.error(f"unknown language(s): {', '.join(unknown)}")
    if args.command == "update":
        return update(args.languages or translated)
    if args.command == "stats":
        return stats(args.languages or translated, args.json, args.fail_under)
    if args.command == "check":
        return check(args.files)
    if args.command == "format":
        return format_catalogs(args.files, args.check)
    if args.command == "todo":
        if args.language not in translated:
            parser.error(f"unknown language: {args.language}")
        return todo(args.language, args.pages)
    return add(args.language)


if __name__ == "__main__":
    sys.exit(main())
