"""``format``: catalogs and templates written again in the one form ``update`` writes
(``bpd.translations.pofile``), or, with ``--check``, named when they are not in it."""

from __future__ import annotations

import sys
from pathlib import Path

from bpd.translations.catalogs import Catalogs, Unreadable, language_of
from bpd.translations.pofile import dumps


def format_catalogs(catalogs: Catalogs, files: list[Path], check_only: bool) -> int:
    """Write catalogs in the one form ``update`` writes; with ``check_only``, only say
    which are not in it."""
    if not files:
        files = sorted([*catalogs.locales.rglob("*.po"), *catalogs.templates.rglob("*.pot")])
    different = []
    unreadable = 0
    for path in files:
        language = None if path.suffix == ".pot" else language_of(path)
        try:
            catalog = catalogs.editable(path)
        except Unreadable as error:
            print(error, file=sys.stderr)
            unreadable += 1
            continue
        if dumps(catalog, language) != catalog.text:
            different.append(path)
            if not check_only:
                catalogs.write(path, catalog, language)
    for path in different:
        verb = "is not in the form `translations -- update` writes" if check_only else "rewritten"
        print(f"{catalogs.shown(path)}: {verb}")
    if check_only and different:
        print("run: python3 -m nox -s translations -- format", file=sys.stderr)
    return 1 if (different and check_only) or unreadable else 0
