"""The translators' workflow: ``python -m tools.translations <command>``.

    update [LANG ...]     extract the English and bring every language's .po files in step
    stats [LANG ...]      translated / fuzzy / untranslated per language and page
    check [FILE ...]      every .po is valid, keeps the English markup, passes GNU msgfmt,
                          sphinx-lint, hunspell and the glossary
    todo LANG [PAGE ...]  what is left: fuzzy messages with what changed in their English, refused
                          and untranslated ones, each at its file.po:line
    format [--check] [FILE ...]  write (or check) the .po/.pot files in the one form update writes
    add LANG              create the catalogs of a new language and register it

``nox -s translations -- <command>`` runs it with the right dependencies.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bpd.languages.registry import RegistryError, read_registry, registered
from bpd.translations.catalogs import Catalogs, OutsideProject, Unreadable
from tools import ROOT
from tools.translations import check, form, report, update


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="translations",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the project (default: this repository)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    update_parser = commands.add_parser("update", help="extract and refresh the .po files")
    update_parser.add_argument("languages", nargs="*")
    stats_parser = commands.add_parser("stats", help="how much is translated")
    stats_parser.add_argument("languages", nargs="*")
    stats_parser.add_argument("--json", action="store_true", help="machine-readable output")
    stats_parser.add_argument(
        "--fail-under", type=percent, metavar="N", help="exit 1 if a language is under N percent"
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

    try:
        return _run(parser, args)
    except (OutsideProject, Unreadable, RegistryError) as error:
        # A catalog or the registry that leads out of the project: named, never read;
        # a catalog babel would misread: named, never rewritten.
        print(error, file=sys.stderr)
        return 2


def percent(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage from 0 to 100")
    return value


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    catalogs = Catalogs(args.root)
    translated = read_registry(catalogs.root)[1:]
    # A language named as its address or its tag names it (pt-br, pt-BR) is pt_BR.
    named: list[str] = []
    if args.command == "todo":
        (args.language,) = named = registered([args.language], translated)
    elif args.command in ("update", "stats"):  # each once, however it was named
        args.languages = named = list(dict.fromkeys(registered(args.languages, translated)))
    if unknown := [language for language in named if language not in translated]:
        parser.error(
            f"unknown language: {', '.join(unknown)} (the translations are: "
            f"{', '.join(translated)})"
        )
    if args.command == "update":
        return update.update(catalogs, args.languages or translated)
    if args.command == "stats":
        return report.stats(catalogs, args.languages or translated, args.json, args.fail_under)
    if args.command in ("check", "format"):
        # Named on the command line and not a catalog (a typo, a folder, the word list):
        # said, not a traceback, and never rewritten. The templates are format's only.
        kinds = (".po",) if args.command == "check" else (".po", ".pot")
        if missing := [str(path) for path in args.files if not path.exists()]:
            parser.error(f"no such file: {', '.join(missing)}")
        wrong = [str(path) for path in args.files if not path.is_file() or path.suffix not in kinds]
        if wrong:
            parser.error(
                f"not a {' or '.join(kinds)} file: {', '.join(wrong)} (or name none, for all)"
            )
    if args.command == "check":
        return check.check(catalogs, args.files)
    if args.command == "format":
        return form.format_catalogs(catalogs, args.files, args.check)
    if args.command == "todo":
        return report.todo(catalogs, args.language, args.pages)
    return update.add(catalogs, args.language)


def run() -> int:
    """``main``, its output piped into a reader that may stop early (``stats --json |
    head``): the rest is dropped quietly, as other command-line tools do."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's advice (the signal module's documentation): point stdout at devnull, so
        # that flushing it at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    sys.exit(run())
