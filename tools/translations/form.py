"""``format``: catalogs and templates written again in the one form ``update`` writes
(``bpd.translations.pofile``), or, with ``--check``, named when they are not in it."""

from __future__ import annotations

import sys
from pathlib import Path

from bpd.translations.catalogs import Catalogs, Problem, Unreadable, language_of
from bpd.translations.pofile import PoFile, dumps

#: Run on a catalog that is not in the one form (CI's ``format --check`` refuses it).
FORMAT = "python3 -m nox -s translations -- format"


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
        print(f"run: {FORMAT}", file=sys.stderr)
    return 1 if (different and check_only) or unreadable else 0


def out_of_form(po: PoFile) -> Problem | None:
    """Where a catalog read from its file first differs from the one form (an editor
    rewrapped, reordered or re-ended its lines), or None: ``check`` says it, as CI would."""
    written, read = dumps(po, language_of(po.path)).split("\n"), po.text.split("\n")
    if written == read:
        return None
    pairs = enumerate(zip(written, read, strict=False), start=1)
    line = next((n for n, (a, b) in pairs if a != b), min(len(written) + 1, len(read)))
    return Problem(
        po.path, line,
        f"not in the form `translations -- update` writes from this line on: run {FORMAT}",
    )  # fmt: skip
