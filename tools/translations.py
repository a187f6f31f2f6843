"""The translators' workflow: ``python -m tools.translations <command>``.

    update            extract messages (English) and refresh every language's .po files
    stats             translated / fuzzy / untranslated per language and page
    check [FILE ...]  every .po parses, compiles, has the right header and keeps markup
    add LANG          create the catalogs of a new language and register it

``nox -s translations -- <command>`` runs it with the right dependencies.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from bpd import catalog_check
from tools.registry import languages, source_language

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT_DIR = ROOT / "_build" / "gettext"
REGISTRY = LOCALES / "languages.toml"
LINE_WIDTH = 79

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


def extract() -> None:
    """Write the .pot files: pages (Sphinx's gettext builder) and the UI catalog."""
    subprocess.run(
        [
            sys.executable, "-m", "sphinx", "-b", "gettext", "-q",
            "-D", f"language={source_language()}",
            "-d", str(ROOT / "_build" / "doctrees" / "gettext"),
            str(ROOT), str(POT_DIR),
        ],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    ui_pot = POT_DIR / "sphinx.pot"
    with ui_pot.open("rb") as file:
        catalog = read_po(file)
    for path, method in _ui_sources():
        for lineno, message, comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            if not message or (message in UNUSED_THEME_MESSAGES and method.startswith("jinja2")):
                continue
            if path.name == "html5.py" and not message.startswith(WRITER_MESSAGE_PREFIX):
                continue
            location = (_display_path(path), lineno)
            existing = catalog.get(message)
            if existing:
                existing.locations = sorted({*existing.locations, location})
            else:
                catalog.add(message, locations=[location], auto_comments=comments)
    with ui_pot.open("wb") as file:
        write_po(file, catalog, width=LINE_WIDTH, sort_output=True)


def _ui_sources() -> list[tuple[Path, str]]:
    import importlib.util

    sources = [(path, "python") for path in sorted((ROOT / "_ext" / "bpd").glob("*.py"))]
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
    extract()
    for language in selected:
        subprocess.run(
            [
                sys.executable, "-m", "sphinx_intl", "update",
                "-p", str(POT_DIR), "-d", str(LOCALES), "-l", language,
                "-w", str(LINE_WIDTH), "--no-obsolete", "-j", "1",
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _normalise(language)
    print(f"updated {', '.join(selected)} from {POT_DIR.relative_to(ROOT)}")
    return 0


def _normalise(language: str) -> None:
    """Keep diffs small: no creation dates or generator versions that change on every run."""
    for path in (LOCALES / language / "LC_MESSAGES").glob("*.po"):
        text = path.read_text(encoding="utf-8")
        stable = re.sub(r'"POT-Creation-Date: [^"]*\\n"\n', "", text)
        stable = re.sub(r'"Generated-By: [^"]*\\n"\n', "", stable)
        if stable != text:
            path.write_text(stable, encoding="utf-8")


# -- stats ----------------------------------------------------------------------


@dataclass
class Counts:
    language: str
    page: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else round(100 * self.translated / self.total, 1)


def count(path: Path, language: str, locales: Path = LOCALES) -> Counts:
    """Count the messages of one catalog (``locales/<language>/LC_MESSAGES/<page>.po``)."""
    page = path.relative_to(locales / language / "LC_MESSAGES").with_suffix("").as_posix()
    counts = Counts(language, page)
    with path.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            counts.fuzzy += 1
        elif is_translated(message):
            counts.translated += 1
        else:
            counts.untranslated += 1
    return counts


def is_translated(message) -> bool:
    """A message has a translation: every plural form, for plural messages."""
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)


def stats(selected: list[str], as_json: bool, fail_under: float | None) -> int:
    rows = [
        count(path, language, LOCALES)
        for language in selected
        for path in sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po"))
    ]
    totals = {}
    for language in selected:
        mine = [row for row in rows if row.language == language]
        totals[language] = Counts(
            language,
            "(all)",
            sum(r.translated for r in mine),
            sum(r.fuzzy for r in mine),
            sum(r.untranslated for r in mine),
        )
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
    return {**asdict(row), "total": row.total, "percent": row.percent}


# -- check ----------------------------------------------------------------------


def check(files: list[Path]) -> int:
    """Check catalogs as the build does, and with GNU ``msgfmt --check`` where it is installed."""
    if not files:
        files = sorted(
            path
            for language in languages()[1:]
            for path in (LOCALES / language / "LC_MESSAGES").rglob("*.po")
        )
    extensions = site_myst_extensions()
    problems = [
        str(problem)
        for path in files
        for problem in catalog_check.check_catalog(path, myst_extensions=extensions).problems
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
    if result.returncode == 0:
        return []
    lines = [line for line in result.stderr.splitlines() if line.strip()]
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
    registered = languages()
    if code in registered:
        print(f"{code} is already registered")
        return 0
    REGISTRY.write_text(
        re.sub(
            r"^languages = \[.*\]$",
            "languages = [" + ", ".join(f'"{lang}"' for lang in [*registered, code]) + "]",
            REGISTRY.read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        ),
        encoding="utf-8",
    )
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
    add_parser = commands.add_parser("add", help="add a language")
    add_parser.add_argument("language")
    args = parser.parse_args(argv)

    translated = languages()[1:]
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
    return add(args.language)


if __name__ == "__main__":
    sys.exit(main())
