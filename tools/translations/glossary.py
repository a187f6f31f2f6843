"""The glossary: names no translation changes, and each language's chosen words.

``locales/glossary.toml`` lists the names that stay as they are in every language
("Black Python Devs", "GitHub") and, for recurring English terms ("leadership
council", "initiative"), the words each language chose for them. A translation is
reported, at its ``file.po:line``, when its English holds a name it does not, or a
term whose chosen word it does not use: one community, one vocabulary, whoever
translates the page. Both are looked for in the words a reader sees (not in a
link's address or a role's target), a name as a whole word, a chosen word at the
start of one (a plural: "iniciativas").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bpd.project_files import LEADS_OUT, leads_out
from bpd.translations.catalogs import Catalogs, OutsideProject, language_of
from bpd.translations.markup import visible_text
from bpd.translations.pofile import PoFile, singular

#: Where the glossary is, in the project's ``locales/``.
GLOSSARY = "glossary.toml"


@dataclass
class Glossary:
    untranslated: list[str] = field(default_factory=list)
    #: English term -> language -> accepted forms (lower case)
    terms: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def read_glossary(catalogs: Catalogs) -> Glossary:
    path = catalogs.locales / GLOSSARY
    if not path.is_file():
        return Glossary()
    if leads_out(path, catalogs.root):
        raise OutsideProject(
            f"{catalogs.shown(path)}:1: {LEADS_OUT}"
        )  # the commands name it and exit 2
    with path.open("rb") as file:
        data = tomllib.load(file)
    terms = {
        term.lower(): {
            language: [word.lower() for word in ([forms] if isinstance(forms, str) else forms)]
            for language, forms in languages.items()
        }
        for term, languages in data.get("terms", {}).items()
    }
    return Glossary(list(data.get("untranslated", [])), terms)


def glossary_problems(
    catalogs: Catalogs, files: Iterable[Path | PoFile], glossary: Glossary | None = None
) -> list[str]:
    """Every translation that drops a name or uses another word than the glossary's."""
    glossary = glossary or read_glossary(catalogs)
    problems = []
    for source in files:
        path = source.path if isinstance(source, PoFile) else source
        language = language_of(path)
        for message, translated in catalogs.finished(source):
            # What a reader sees: a name in a link's address or a role's target is none.
            english = visible_text(singular(message.id), catalogs.myst_extensions)
            translation = visible_text(translated, catalogs.myst_extensions)
            for name in glossary.untranslated:
                if _word(name, english) and not _word(name, translation):
                    problems.append(
                        f"{path}:{message.lineno}: glossary: {name!r} is never translated, "
                        f"and this translation does not have it"
                    )
            for term, chosen in glossary.terms.items():
                forms = chosen.get(language or "")
                if not forms or not _word(term, english, start=True, case=False):
                    continue
                if not any(_word(word, translation, start=True, case=False) for word in forms):
                    problems.append(
                        f"{path}:{message.lineno}: glossary: {term!r} is "
                        f"{' or '.join(repr(word) for word in forms)} in this language"
                    )
    return problems


def _word(word: str, text: str, *, start: bool = False, case: bool = True) -> bool:
    """``word`` in ``text`` as a whole word ("Discordu" is not "Discord"), or with
    ``start`` as the start of one ("iniciativa" in "iniciativas")."""
    end = "" if start else r"(?!\w)"
    flags = 0 if case else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(word)}{end}", text, flags) is not None
