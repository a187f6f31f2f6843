"""How much of a page is translated: translated, fuzzy and untranslated messages.

One count for everyone who asks: the status page (``bpd.languages.status``), the
build's stamp (``tools/site.py``) and the translators' ``stats`` and ``todo``
commands (``tools/translations/report.py``), through ``Catalogs.count``. A page's
messages are counted against its English, as readers see them: a message the
catalog lacks is untranslated, and so is one the build refuses.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Counts:
    language: str
    page: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    #: PO-Revision-Date: when the catalog was last translated (None: never).
    revised: datetime.date | None = None
    #: Why the build cannot use the page's catalog ("file.po:3: ..."), which then
    #: counts as untranslated; None if it can.
    stopped: str | None = None

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


def tally(
    language: str, page: str, english: Iterable, states: dict, revised: datetime.datetime | None
) -> Counts:
    """``english`` (the page's message keys) counted by ``states`` (key -> "translated",
    "fuzzy" or "untranslated", what the catalog holds); a key it lacks is untranslated."""
    counts = Counts(language, page)
    for key in dict.fromkeys(english):
        state = states.get(key, "untranslated")
        setattr(counts, state, getattr(counts, state) + 1)
    if revised is not None and (counts.translated or counts.fuzzy):
        counts.revised = revised.date() if isinstance(revised, datetime.datetime) else revised
    return counts


def is_translated(message) -> bool:
    """A message has a translation: every plural form, for plural messages."""
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)
