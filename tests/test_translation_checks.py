"""The checks Python's own translation teams run, in `translations -- check`: a glossary,
hunspell spelling with a word list per language, and sphinx-lint. Each kind of finding
is reported at its file.po:line; the real catalogs have none."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, unavailable

from bpd.translations import pofile
from bpd.translations.catalogs import Catalogs
from tools.translations import glossary, spelling
from tools.translations.glossary import Glossary, glossary_problems
from tools.translations.lint import lint_problems
from tools.translations.spelling import spelling_problems

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)


def catalog(tmp_path: Path, body: str, language: str = "fr") -> Path:
    path = tmp_path / "locales" / language / "LC_MESSAGES" / "page.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(language=language) + body, encoding="utf-8")
    return path


def needs_hunspell(language: str) -> None:
    if shutil.which("hunspell") is None or spelling.dictionary_for(language) is None:
        unavailable(f"hunspell with a {language} dictionary ({spelling.how_to_get(language)})")


# -- glossary ----------------------------------------------------------------------


GLOSSARY = Glossary(["GitHub"], {"leadership council": {"fr": ["conseil des leaders"]}})


def test_a_name_dropped_from_a_translation_is_reported_at_its_line(tmp_path):
    path = catalog(
        tmp_path,
        'msgid "Find us on GitHub."\nmsgstr "Retrouvez-nous sur Github."\n\n'
        'msgid "Read GitHub."\nmsgstr "Lisez GitHub."\n',
    )
    assert glossary_problems(Catalogs(tmp_path), [path], GLOSSARY) == [
        f"{path}:9: glossary: 'GitHub' is never translated, and this translation does not have it"
    ]


def test_another_word_for_a_glossary_term_is_reported(tmp_path):
    path = catalog(
        tmp_path,
        'msgid "The Leadership Council meets."\nmsgstr "Le comité de direction se réunit."\n\n'
        'msgid "Our leadership council"\nmsgstr "Notre Conseil des leaders"\n\n'
        '#, fuzzy\nmsgid "The leadership council"\nmsgstr "Le bureau"\n',
    )
    assert glossary_problems(Catalogs(tmp_path), [path], GLOSSARY) == [
        f"{path}:9: glossary: 'leadership council' is 'conseil des leaders' in this language"
    ]


def test_the_glossary_file_is_read_with_every_language_s_words():
    read = glossary.read_glossary(Catalogs(ROOT))
    assert {"Black Python Devs", "GitHub", "Python", "Discord", "PyCon US"} <= set(
        read.untranslated
    )
    for term in ("leadership council", "initiative"):
        assert set(read.terms[term]) == {"pt_BR", "es", "fr", "sw", "ha"}, term


# -- spelling ----------------------------------------------------------------------


def test_a_misspelt_word_is_reported_and_the_word_list_accepts_names(tmp_path):
    needs_hunspell("fr")
    path = catalog(
        tmp_path,
        'msgid "We meet on Tuesdays."\nmsgstr "Nous nous réunissons le mardii."\n\n'
        'msgid "Ask Zanele."\nmsgstr "Demandez à Zanele, sur `Zqxw` ou [ici](https://zqxw.example)."\n',
    )
    (tmp_path / "locales" / "fr" / "wordlist.txt").write_text("# names\nZanele\n")
    problems, notes = spelling_problems(Catalogs(tmp_path), [path])
    assert notes == []
    assert len(problems) == 1 and problems[0].startswith(f"{path}:9: spelling: 'mardii' ")


@pytest.mark.parametrize("locale", ["C", "POSIX", "C.UTF-8"])
def test_the_word_list_is_read_as_utf_8_in_any_locale(tmp_path, monkeypatch, locale):
    """In a C or POSIX locale (``LC_ALL=C``, as in many containers) hunspell read the word
    list in ASCII, and a name with an accent in it was reported though it is listed."""
    needs_hunspell("fr")
    monkeypatch.setenv("LC_ALL", locale)
    path = catalog(tmp_path, 'msgid "Ask Zoé on Tuesday."\nmsgstr "Demandez à Zoélie mardii."\n')
    (tmp_path / "locales" / "fr" / "wordlist.txt").write_text("Zoélie\n", encoding="utf-8")
    problems, _notes = spelling_problems(Catalogs(tmp_path), [path])
    # The listed name is accepted; the misspelt word shows that hunspell read the text.
    assert len(problems) == 1 and "'mardii'" in problems[0], problems


def test_a_message_without_words_does_not_shift_the_findings_after_it(tmp_path):
    """hunspell answers a line with no word with a blank line alone: the misspelt word
    of the message after it is still reported at that message's line."""
    needs_hunspell("fr")
    path = catalog(
        tmp_path,
        'msgid "Contents"\nmsgstr "Somaire"\n\n'
        'msgid "%(role)s, %(region)s"\nmsgstr "%(role)s, %(region)s"\n\n'
        'msgid "Community"\nmsgstr "Comunauté"\n',
    )
    problems, _notes = spelling_problems(Catalogs(tmp_path), [path])
    assert [problem.split(": spelling: ")[0] for problem in problems] == [
        f"{path}:9",
        f"{path}:15",
    ], problems
    assert "'Somaire'" in problems[0] and "'Comunauté'" in problems[1]


def test_each_file_s_findings_are_at_its_own_lines(tmp_path):
    """A language's catalogs go to hunspell in one run: each misspelt word is still
    reported in its own file, at its own message's line, in the files' order."""
    needs_hunspell("fr")
    about = catalog(tmp_path, 'msgid "Contents"\nmsgstr "Somaire"\n')
    home = about.with_name("index.po")
    home.write_text(
        about.read_text(encoding="utf-8").replace('"Somaire"', '"Sommaire"')
        + '\nmsgid "Community"\nmsgstr "Comunauté"\n',
        encoding="utf-8",
    )
    problems, _notes = spelling_problems(Catalogs(tmp_path), [about, home])
    assert [problem.split(": spelling: ")[0] for problem in problems] == [
        f"{about}:9",
        f"{home}:12",
    ], problems
    assert "'Somaire'" in problems[0] and "'Comunauté'" in problems[1]


def test_a_language_without_a_dictionary_is_skipped_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(spelling, "DICTIONARY_DIRS", [str(tmp_path / "none")])
    monkeypatch.setattr(spelling.shutil, "which", lambda name: "/usr/bin/hunspell")
    path = catalog(tmp_path, 'msgid "Hello"\nmsgstr "Sannu"\n', language="ha")
    problems, notes = spelling_problems(Catalogs(tmp_path), [path])
    assert problems == []
    assert notes == ["ha: no hunspell dictionary, spelling not checked (Debian has none)"]
    french = catalog(tmp_path, 'msgid "Hello"\nmsgstr "Bonjour"\n', language="fr")
    _problems, notes = spelling_problems(Catalogs(tmp_path), [french])
    assert notes == [
        "fr: no hunspell dictionary, spelling not checked (apt-get install hunspell-fr)"
    ]
    assert spelling.missing_debian_dictionaries(notes)


# -- sphinx-lint -------------------------------------------------------------------


def test_broken_markup_is_reported_by_sphinx_lint(tmp_path):
    path = catalog(
        tmp_path,
        'msgid "See the docs."\nmsgstr "Voir :ref:`la doc."\n\n'
        'msgid "A fragment, in "\nmsgstr "Un fragment, dans "\n',
    )
    problems = lint_problems([pofile.read(path)])
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:9: sphinx-lint: ")


@pytest.mark.parametrize(
    "translation",
    ['"Voir :ref:`la doc."', '""\n"Un\\n"\n"Deux\\n"\n"Voir :ref:`la doc."'],
    ids=["one line", "its third line"],
)
def test_sphinx_lint_s_finding_is_at_its_msgid_s_line(tmp_path, translation):
    """sphinx-lint counts from an entry's first line (its ``#:`` comment), one more for
    each line of the translation before the one at fault; every other check, and the
    build, name the msgid's line (not the next entry's, for a translation over lines)."""
    path = catalog(
        tmp_path,
        '#: page.md\nmsgid "See the docs."\n'
        f'msgstr {translation}\n\n#: page.md\nmsgid "Hello"\nmsgstr "Bonjour"\n',
    )
    line = path.read_text(encoding="utf-8").split("\n").index('msgid "See the docs."') + 1
    (problem,) = lint_problems([pofile.read(path)])
    assert problem.startswith(f"{path}:{line}: sphinx-lint: "), problem


def test_a_tab_is_said_in_a_translator_s_words(tmp_path):
    path = catalog(tmp_path, 'msgid "One thing"\nmsgstr "Une\\tchose"\n')
    (problem,) = lint_problems([pofile.read(path)])
    assert (
        problem == f"{path}:9: sphinx-lint: a tab in the translation: write a space "
        "(horizontal-tab)"
    ), problem  # sphinx-lint says "OMG TABS!!!1"


def test_a_myst_role_kept_as_the_english_has_it_is_not_reported(tmp_path):
    """MyST writes a role {ref}`text <target>`: sphinx-lint's reST rule that a role's
    backtick follows a space does not hold; its other role checks still do."""
    path = catalog(
        tmp_path,
        'msgid "See {ref}`our initiatives <our-initiatives>`."\n'
        'msgstr "Voir {ref}`nos initiatives <our-initiatives>`."\n\n'
        'msgid "Run it."\nmsgstr "Lancez:ref:`x` ça."\n',
    )
    problems = lint_problems([pofile.read(path)])
    assert len(problems) == 1 and "missing space before role" in problems[0], problems
    assert problems[0].startswith(f"{path}:12: sphinx-lint: ")


# -- all of them, in the command ---------------------------------------------------


def test_the_check_command_reports_each_kind(tmp_path):
    needs_hunspell("fr")
    path = catalog(
        tmp_path,
        'msgid "Find us on GitHub."\nmsgstr "Retrouvez-nous sur Gitub."\n\n'
        'msgid "See the docs."\nmsgstr "Voir :ref:`la doc."\n',
    )
    result = subprocess.run(
        [sys.executable, "-m", "tools.translations", "check", str(path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    for kind in ("glossary:", "spelling: 'Gitub'", "sphinx-lint:"):
        assert "page.po:" in result.stdout and kind in result.stdout, (kind, result.stdout)


@pytest.mark.parametrize(
    ("language", "package"),
    [
        ("pt_BR", "hunspell-pt-br"),
        ("es", "hunspell-es"),
        ("sw", "hunspell-sw"),
        ("fr", "hunspell-fr"),
    ],
)
def test_a_missing_dictionary_is_named_by_its_own_debian_package(language, package, monkeypatch):
    """The tests asked for hunspell-fr whatever the language was (Swahili, Spanish...)."""
    monkeypatch.setattr(spelling, "dictionary_for", lambda code: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        needs_hunspell(language)
    assert str(skipped.value).endswith(f"(apt-get install {package})"), skipped.value


@pytest.mark.parametrize(
    ("msgid", "msgstr", "said"),
    [
        ("Join us on Discord.", "Rejoignez-nous sur Discordu.", "'Discord' is never translated"),
        ("Our initiatives.", "Voir [nos projets](https://example.org/initiatives/).",
         "'initiative' is 'initiative' in this language"),
        ("See {ref}`our initiatives <our-initiatives>`.",
         "Voir {ref}`nos projets <our-initiatives>`.",
         "'initiative' is 'initiative' in this language"),
    ],
    ids=["a longer word", "a link's address", "a role's target"],
)  # fmt: skip
def test_the_glossary_looks_for_whole_words_in_what_a_reader_sees(tmp_path, msgid, msgstr, said):
    """ "Discordu" passed for "Discord", and a term in a link's address or a role's
    target passed for the word the reader should read."""
    glossary = Glossary(["Discord"], {"initiative": {"fr": ["initiative"]}})
    path = catalog(tmp_path, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    problems = glossary_problems(Catalogs(tmp_path), [path], glossary)
    assert len(problems) == 1 and f": glossary: {said}" in problems[0], problems


def test_the_glossary_takes_a_plural_and_ignores_a_name_in_an_address(tmp_path):
    glossary = Glossary(["GitHub"], {"initiative": {"fr": ["initiative"]}})
    path = catalog(
        tmp_path,
        'msgid "Our initiatives."\nmsgstr "Nos initiatives."\n\n'
        'msgid "See [the code](https://github.com/x)."\nmsgstr "Voir [le code](https://github.com/x)."\n',
    )
    assert glossary_problems(Catalogs(tmp_path), [path], glossary) == []
