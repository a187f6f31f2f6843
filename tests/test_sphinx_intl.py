"""sphinx-intl, named in the project's design, keeps working on our catalogs.

`translations -- update` writes the form sphinx-intl cannot (previous msgids, no
wrapping: sphinx-intl#121), so the project does not call ``sphinx-intl update``; but
translators who know Sphinx's documented workflow run ``sphinx-intl stat`` and
``sphinx-intl build``, and those read our catalogs as ``translations -- stats`` does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from helpers import ROOT, most_translated

from bpd.languages.registry import read_registry
from bpd.translations.catalogs import Catalogs

SPHINX_INTL = [sys.executable, "-c", "from sphinx_intl.commands import main; main()"]


def sphinx_intl_stat(locales: Path, *languages: str) -> dict[str, dict[str, tuple[int, int, int]]]:
    """``sphinx-intl stat``'s counts, one run for ``languages``: language -> page ->
    (translated, fuzzy, untranslated)."""
    options = [option for language in languages for option in ("-l", language)]
    result = subprocess.run(
        [*SPHINX_INTL, "stat", "-d", "locales", *options],
        cwd=locales.parent, capture_output=True, text=True,
    )  # fmt: skip
    # It exits 1 when anything is fuzzy or untranslated (a check for CI scripts).
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, dict[str, tuple[int, int, int]]] = {language: {} for language in languages}
    for line in result.stdout.splitlines():
        match = re.match(
            r"locales/(\w+)/LC_MESSAGES/(.+)\.po: (\d+) translated, (\d+) fuzzy, "
            r"(\d+) untranslated",
            line,
        )
        if match:
            counts = tuple(int(number) for number in match.groups()[2:])
            found[match.group(1)][match.group(2)] = counts
    return found


def ours(locales: Path, language: str) -> dict[str, tuple[int, int, int]]:
    """Our counts, as sphinx-intl words them: its "translated" is every entry with a
    translation, fuzzy ones included (``sphinx_intl.catalog.translated_entries``), where
    ours counts a fuzzy entry as fuzzy only (it is not shown to readers). A fuzzy entry
    always carries its old translation in our catalogs, so theirs is ours plus fuzzy.
    A plural message counts as translated for it even when its forms are empty
    (polib's ``translated``: a new language's ``sphinx.po``), as TRANSLATING.md says."""
    found = {}
    catalogs = Catalogs(locales.parent)
    for c in catalogs.counts(language):
        po = catalogs.read(catalogs.catalog(language, c.page))
        empty_plurals = sum(
            1
            for message in po.catalog
            if message.pluralizable and not message.fuzzy and not all(message.string)
        )
        found[c.page] = (
            c.translated + c.fuzzy + empty_plurals,
            c.fuzzy,
            c.untranslated - empty_plurals,
        )
    return found


def test_sphinx_intl_stat_agrees_with_ours_on_every_catalog():
    languages = read_registry(ROOT)[1:]
    theirs = sphinx_intl_stat(ROOT / "locales", *languages)
    for language in languages:
        assert theirs[language], language
        assert theirs[language] == ours(ROOT / "locales", language), language


def test_they_agree_on_fuzzy_and_untranslated_messages_too(tmp_path):
    language = most_translated(ROOT)
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    catalog = Catalogs(tmp_path).catalog(language, "index")
    was = ours(locales, language)["index"]
    entries = catalog.read_text(encoding="utf-8").split("\n\n")
    # Two translated entries (not fuzzy, a translation on the msgstr line itself; the
    # header is entries[0]): one made fuzzy, one emptied.
    fuzzy, emptied = [
        index
        for index, entry in enumerate(entries[1:], 1)
        if re.search(r'^msgstr "[^"\n]', entry, re.MULTILINE) and "#, fuzzy" not in entry
    ][:2]
    entries[fuzzy] = entries[fuzzy].replace("\nmsgid ", "\n#, fuzzy\nmsgid ", 1)
    entries[emptied] = re.sub(r'msgstr ".*"$', 'msgstr ""', entries[emptied], flags=re.DOTALL)
    catalog.write_text("\n\n".join(entries), encoding="utf-8")
    theirs, mine = sphinx_intl_stat(locales, language)[language], ours(locales, language)
    # (Its "translated" counts fuzzy entries too: only the emptied one leaves it.)
    assert theirs["index"] == (was[0] - 1, was[1] + 1, was[2] + 1)
    assert theirs == mine


def test_sphinx_intl_build_compiles_our_catalogs(tmp_path):
    """Every catalog of a language compiled, with its finished translations and no other.
    (The copy leaves the checkout's ``.mo`` files out: sphinx-intl skips a catalog whose
    ``.mo`` is newer, and compiled nothing.)"""
    language = most_translated(ROOT)
    ignore = shutil.ignore_patterns("*.mo")
    shutil.copytree(ROOT / "locales", tmp_path / "locales", ignore=ignore)
    subprocess.run(
        [*SPHINX_INTL, "build", "-d", "locales", "-l", language],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    catalogs = Catalogs(tmp_path)
    for po in catalogs.catalogs(language):
        with po.with_suffix(".mo").open("rb") as mo:
            compiled = messages(m for m in read_mo(mo) if m.id)
        assert compiled == messages(m for m, _text in catalogs.finished(po)), po


def messages(found) -> dict:
    """Each message's translation by its context and id (a plural's, as tuples)."""

    def plain(text):
        return tuple(text) if isinstance(text, (list, tuple)) else text

    return {(m.context, plain(m.id)): plain(m.string) for m in found}
