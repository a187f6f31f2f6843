"""``format``: catalogs and templates written again in the one form ``update`` writes
(``bpd.translations.pofile``), or, with ``--check``, named when they are not in it."""

from __future__ import annotations

import sys
from pathlib import Path

from bpd.translations.catalogs import (
    Catalogs,
    OutsideProject,
    Unreadable,
    language_of,
    plural_rule,
)
from bpd.translations.pofile import PoFile, dumps

#: Run on a catalog that is not in the one form (CI's ``format --check`` refuses it).
FORMAT = "python3 -m nox -s translations -- format"
OUT_OF_FORM = "not in the form `translations -- update` writes from this line on"


def format_catalogs(catalogs: Catalogs, files: list[Path], check_only: bool) -> int:
    """Write catalogs in the one form ``update`` writes; with ``check_only``, only say
    which are not in it, and from which line."""
    if not files:
        files = sorted([*catalogs.locales.rglob("*.po"), *catalogs.templates.rglob("*.pot")])
    different = []
    unreadable = 0
    rules: dict[str, str | None] = {}
    for path in files:
        language = None if path.suffix == ".pot" else language_of(path)
        try:
            catalog = catalogs.editable(path)
        except (Unreadable, OutsideProject) as error:
            # Named, and the others written: stopping here left the ones before it
            # rewritten and the ones after it not.
            print(error, file=sys.stderr)
            unreadable += 1
            continue
        if language and catalog.header_value("Plural-Forms") is None:
            # The language's rule, as update gives a new catalog (check refuses another).
            if language not in rules:
                read = {catalogs.domain(p): catalogs.read(p) for p in catalogs.catalogs(language)}
                rules[language] = plural_rule(read)
            if rules[language]:
                catalog.header.append(("Plural-Forms", rules[language]))
                catalog.catalog.mime_headers = catalog.header
        line = out_of_form(catalog, language)
        if line is not None:
            different.append((path, line))
            if not check_only:
                catalogs.write(path, catalog, language)
    for path, line in different:
        said = f":{line}: {OUT_OF_FORM}" if check_only else ": rewritten"
        print(f"{catalogs.shown(path)}{said}")
    if check_only and different:
        print(f"run: {FORMAT}", file=sys.stderr)
    return 1 if (different and check_only) or unreadable else 0


def out_of_form(po: PoFile, language: str | None) -> int | None:
    """The first line where a catalog (a template: ``language`` None), as read from its
    file, is not what the one form writes (an editor rewrapped it, or ended its lines
    otherwise); None where it is in it."""
    written, read = dumps(po, language).split("\n"), po.text.split("\n")
    if written == read:
        return None
    pairs = enumerate(zip(written, read, strict=False), start=1)
    return next((n for n, (a, b) in pairs if a != b), min(len(written), len(read)))
