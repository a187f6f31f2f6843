"""How much of a catalog is translated: translated, fuzzy and untranslated messages.

One count for everyone who asks: the status page (``bpd.languages.status``), the
build's stamp (``tools/site.py``) and the translators' ``stats`` and ``todo``
commands (``tools/translations/report.py``). A catalog is read through the guard's
check (``catalogs.check_catalog``), so a message the build refuses counts as
untranslated, as the reader sees it.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .catalogs import check_catalog, file_digest, singular
from .markup import DEFAULT_MYST_EXTENSIONS


@dataclass
class Counts:
    language: str
    page: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    #: PO-Revision-Date: when the catalog was last translated (None: never).
    revised: datetime.date | None = None

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else round(100 * self.translated / self.total, 1)

    def __add__(self, other: Counts) -> Counts:
        dates = [date for date in (self.revised, other.revised) if date]
        return Counts(
            self.language,
            "(all)",
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            max(dates, default=None),
        )


def count(
    path: Path,
    language: str,
    locales: Path,
    myst_extensions: Iterable[str] = DEFAULT_MYST_EXTENSIONS,
) -> Counts:
    """Count the messages of ``locales/<language>/LC_MESSAGES/<page>.po``.

    Read through the guard's check, as every catalog is, with the MyST extensions the
    pages are parsed with: a refused translation counts as untranslated, and a file
    that cannot be used counts every message of its template (``locales/templates/``)
    as untranslated.
    """
    page = path.relative_to(locales / language / "LC_MESSAGES").with_suffix("").as_posix()
    template = locales / "templates" / f"{page}.pot"
    # Every language's status page counts every catalog: counted once per process
    # while their bytes are the same, so the languages forked from the build's
    # parent, which counted them for its stamp, share its counts.
    counts = _count(
        path, language, page, template, tuple(myst_extensions),
        file_digest(path), file_digest(template),
    )  # fmt: skip
    return replace(counts)


@functools.lru_cache(maxsize=1024)
def _count(
    path: Path,
    language: str,
    page: str,
    template: Path,
    myst_extensions: tuple[str, ...],
    digest: str | None,
    template_digest: str | None,
) -> Counts:
    # The two digests are read only by the cache: they are what makes a call new.
    counts = Counts(language, page)
    # Every message checked, as the guard does (its markup, placeholders, form): what
    # the build refuses is shown in English. Counted only when a catalog changed.
    checked = check_catalog(path, language, myst_extensions=myst_extensions)
    if not checked.usable:
        if template.is_file():
            counts.untranslated = len(
                [m for m in check_catalog(template, None, messages=False).messages()]
            )
        return counts
    refused = checked.refused  # shown in English: not translated
    for message in checked.catalog:
        if not message.id:
            continue
        if message.fuzzy:
            counts.fuzzy += 1
        elif is_translated(message) and (message.context, singular(message.id)) not in refused:
            counts.translated += 1
        else:
            counts.untranslated += 1
    revised = re.match(r"\d{4}-\d{2}-\d{2}", str(checked.catalog.revision_date or ""))
    # A new catalog has the date it was made (msgfmt wants one): not a translation's.
    if (
        (counts.translated or counts.fuzzy)
        and revised
        and "PO-Revision-Date" in path.read_text(encoding="utf-8")
    ):
        counts.revised = datetime.date.fromisoformat(revised.group(0))
    return counts


def is_translated(message) -> bool:
    """A message has a translation: every plural form, for plural messages."""
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)
