"""The translators' tools: stats, check, update and add, and the incomplete-page notice."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import (
    LANGUAGES,
    PO_HEADER,
    ROOT,
    build_site,
    copy_project,
    soup,
    translations,
    write_po,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from bpd.languages.registry import read_registry
from bpd.translations import pofile
from bpd.translations.catalogs import Catalogs, language_of
from tools.project import GROUPED_PAGE, add_grouped_page
from tools.translations import report


def check_catalog(path: Path, language: str | None = None):
    """``path`` checked as the build and ``check`` do, in its own project."""
    return Catalogs.holding(path).check(path, language)


def gnu_msgfmt() -> str:
    """GNU msgfmt, the judge a catalog is held to: without it the test cannot run (it is
    skipped on a contributor's machine, and fails in CI, which installs it)."""
    from helpers import unavailable

    found = shutil.which("msgfmt")
    if found is None:
        unavailable("GNU msgfmt is not installed (apt-get install gettext)")
    return found


def msgfmt_refuses(path: Path) -> bool:
    """Whether GNU ``msgfmt --check`` refuses the catalog at ``path``: the judge the
    check is held to."""
    command = [gnu_msgfmt(), "--check", "-o", os.devnull, str(path)]
    return subprocess.run(command, capture_output=True).returncode != 0


def count(path: Path):
    """A catalog counted against its English, in its own project."""
    catalogs = Catalogs.holding(path)
    return catalogs.count(language_of(path), catalogs.domain(path))


# -- stats -----------------------------------------------------------------------


def test_stats_counts_match_the_catalog(tmp_path):
    path = write_po(
        tmp_path,
        'msgid "One"\nmsgstr "Un"\n\nmsgid "Two"\nmsgstr "Deux"\n\n'
        '#, fuzzy\nmsgid "Three"\nmsgstr "Trois?"\n\nmsgid "Four"\nmsgstr ""\n\n'
        'msgid "Five"\nmsgstr ""\n\nmsgid "Six"\nmsgstr "Six"\n',
    )
    counts = count(path)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (3, 1, 2)
    assert counts.total == 6 and counts.percent == 50.0
    assert counts.page == "page"


def test_stats_json_and_fail_under(tmp_path, capsys):
    write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n\nmsgid "Two"\nmsgstr ""\n')
    catalogs = Catalogs(tmp_path)
    assert report.stats(catalogs, ["fr"], as_json=True, fail_under=None) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["fr"]["percent"] == 50.0
    assert printed["fr"]["pages"][0] == {
        "language": "fr", "page": "page", "translated": 1, "fuzzy": 0,
        "untranslated": 1, "total": 2, "percent": 50.0, "revised": None, "stopped": None,
    }  # fmt: skip
    assert report.stats(catalogs, ["fr"], as_json=False, fail_under=50) == 0
    assert report.stats(catalogs, ["fr"], as_json=False, fail_under=51) == 1


def test_stats_says_why_a_catalog_the_build_cannot_use_counts_as_untranslated(tmp_path, capsys):
    """It showed the page at 0% and no more: ``todo`` and ``check`` named the line."""
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n')  # and its English
    path.write_text(path.read_text(encoding="utf-8").replace('msgid "One"\n',
                    'msgid "One"\n# a note\n'), encoding="utf-8")  # fmt: skip
    line = path.read_text(encoding="utf-8").split("\n").index("# a note") + 1
    catalogs = Catalogs(tmp_path)
    assert report.stats(catalogs, ["fr"], as_json=False, fail_under=None) == 0
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and said[0].startswith(f"locales/fr/LC_MESSAGES/page.po:{line}: ")
    assert said[0].endswith("(counted as untranslated)")


def test_a_refused_translation_counts_as_untranslated(tmp_path, capsys):
    """The build shows the English for it: stats, --fail-under and the status page say so."""
    write_po(
        tmp_path,
        'msgid "Write to [us](mailto:a@example.org)."\n'
        'msgstr "Écrivez-[nous](mailto:a@example.org.evil)."\n\n'
        'msgid "Two"\nmsgstr "Deux"\n',
    )
    catalogs = Catalogs(tmp_path)
    assert report.stats(catalogs, ["fr"], as_json=True, fail_under=None) == 0
    page = json.loads(capsys.readouterr().out)["fr"]["pages"][0]
    assert (page["translated"], page["untranslated"]) == (1, 1)
    assert report.stats(catalogs, ["fr"], as_json=False, fail_under=100) == 1


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check", "nonexist.po"], "no such file: nonexist.po"),
        # A language named as its address writes it (/pt-br/), or as a locale of another
        # language: the known ones are said.
        (["todo", "pt-PT"], "unknown language: pt-PT (the translations are: "),
        (["stats", "xx"], "unknown language: xx (the translations are: "),
        (["check", "locales/templates/index.pot"], "not a .po file: locales/templates/index.pot"),
        (["format", "--check", "locales"], "not a .po or .pot file: locales"),
        (["format", "README.md"], "not a .po or .pot file: README.md"),
        (["stats", "--fail-under", "200"], "200 is not a percentage from 0 to 100"),
        (["stats", "--fail-under", "-5"], "-5 is not a percentage from 0 to 100"),
    ],
)
def test_a_wrong_argument_is_said_in_one_line(argv, said, capsys):
    """A typo in a file's name, a folder, a percentage that no language can reach:
    argparse's usage error (exit 2), not a traceback or a threshold never met."""
    from tools.translations.__main__ import main

    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert said in error and "Traceback" not in error, error


def test_a_language_is_named_as_its_address_names_it(tmp_path, capsys):
    """``todo pt-br`` (the address's prefix, which the build and the preview take) was an
    unknown language."""
    from tools.translations.__main__ import main

    write_po(tmp_path, 'msgid "One"\nmsgstr "Um"\n', language="pt_BR")
    (tmp_path / "locales" / "languages.toml").write_text('languages = ["en", "pt_BR"]\n')
    for name in ("pt-br", "pt-BR"):
        assert main(["--root", str(tmp_path), "todo", name]) == 0
        assert capsys.readouterr().out.startswith("pt_BR: 0 fuzzy")
        assert main(["--root", str(tmp_path), "add", name]) == 0
        assert capsys.readouterr().out == "pt_BR is already registered\n"
    # Named twice, two ways: counted once.
    assert main(["--root", str(tmp_path), "stats", "pt-br", "pt-BR"]) == 0
    assert capsys.readouterr().out.count("(all)") == 1


# -- check -----------------------------------------------------------------------


def test_check_accepts_a_good_catalog(tmp_path):
    path = write_po(
        tmp_path,
        'msgid "See {ref}`our goal <our-goal>` and [Discord](https://discord.gg/x)."\n'
        'msgstr "Voir {ref}`notre but <our-goal>` et [Discord](https://discord.gg/x)."\n\n'
        'msgid "**Bold** and `code` for %(name)s"\nmsgstr "**Gras** et `code` pour %(name)s"\n',
    )
    assert check_catalog(path).problems == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("See {ref}`our goal <our-goal>`.", "Voir notre but.", "role changed"),
        ("See {ref}`our goal <our-goal>`.", "Voir {ref}`but <goal>`.", "role changed"),
        ("[Discord](https://discord.gg/x)", "[Discord](https://evil.example/)", "link target"),
        ("Photo of %(name)s", "Photo de %(nom)s", "placeholder changed"),
        ("**Bold** text", "Texte gras", "emphasis markers"),
        # A marker that lost its pair, or bold turned italic: the same number of markers.
        ("**Career support**", "**Msaada wa kitaaluma*", "emphasis markers"),
        ("**Career support**", "*Msaada wa kitaaluma*", "emphasis markers"),
        ("**Grow** the reach", "**Kupanua** wigo**", "emphasis markers"),
        ("Run `nox`", "Lancez nox", "inline code changed"),
        ("Since {{ year }}", "Depuis cette année", "substitution changed"),
        ("Found ${count} pages", "Pages trouvées", "placeholder changed"),
        ("Write <mailto:contact@example.org>", "Écrivez-nous", "autolink changed"),
        ("Hello", "Bonjour <script>alert(1)</script>", "HTML added (script)"),
        ("Hello", "Bonjour <img src=x onerror=alert(1)>", "HTML added (img)"),
    ],
)
def test_check_reports_lost_or_added_markup_with_line(tmp_path, msgid, msgstr, expected):
    path = write_po(
        tmp_path, f'msgid "Fine"\nmsgstr "Bien"\n\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    )
    problems = check_catalog(path).problems
    assert len(problems) == 1
    assert expected in problems[0].message
    # The msgid line of the faulty entry (the header takes 8 lines, "Fine" 3).
    assert problems[0].line == 12
    assert str(problems[0]).startswith(f"{path}:12: ")


@pytest.mark.parametrize(
    ("msgstr", "expected"),
    [
        # Sphinx drops a translation whose structure differs, without a word: we say why.
        (
            "# Karibu\\n\\nKwenye Discord.",
            "structure changed: the English is a paragraph, "
            "the translation is a heading and a paragraph",
        ),
        ("Karibu\\n\\n```{raw} html\\n<b>x</b>\\n```", "a paragraph and a directive ({raw})"),
        ("Karibu\\n\\n:::{note}\\nx\\n:::", "a paragraph and a directive ({note})"),
        ("- Karibu", "the translation is a list"),
        (
            "Karibu ![x](https://evil.example/t.png)",
            "image changed (added ![](https://evil.example/t.png))",
        ),
        ("Karibu [x]{.hidden}", "attribute block changed"),
        ("Karibu `x`{onclick=alert(1)}", "inline code changed"),
        ("Karibu {raw}`html <b>x</b>`", "role changed"),
        ("Karibu <https://evil.example>", "autolink changed"),
        ("Karibu[^1]", "footnote reference changed"),
        ("Karibu\u0007", "control character U+0007"),
    ],
)
def test_check_refuses_a_changed_structure(tmp_path, msgstr, expected):
    path = write_po(tmp_path, f'msgid "Welcome to Discord."\nmsgstr "{msgstr}"\n', language="sw")
    problems = check_catalog(path).problems
    assert [problem.line for problem in problems] == [9], problems
    assert expected in problems[0].message


def test_check_reports_a_duplicate_message_at_its_second_line(tmp_path):
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n\nmsgid "Two"\nmsgstr "Deux"\n\n'
                    'msgid "One"\nmsgstr "Une"\n')  # fmt: skip
    checked = check_catalog(path)
    assert [(problem.line, problem.msgid) for problem in checked.problems] == [(15, "One")]
    assert "duplicate message (the same msgid is at line 9" in checked.problems[0].message
    # The message is refused (English is shown), the rest of the catalog is used.
    assert checked.usable and checked.refused == {(None, "One")}
    # `format` and `update` leave the file as it is: written again, it kept the first of
    # the two in silence (a merge's newer translation may be the second).
    text = path.read_text(encoding="utf-8")
    formatted = translations(tmp_path, "format", str(path), code=1)
    assert f"{path.name}:15: duplicate message" in formatted.stderr, formatted.stderr
    assert "left as it is" in formatted.stderr and path.read_text(encoding="utf-8") == text


def test_check_reports_bytes_that_are_not_utf8_at_their_line(tmp_path):
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n\nmsgid "Two"\nmsgstr "Deux"\n')
    path.write_bytes(path.read_bytes().replace(b"Deux", b"D\xe9ux"))
    checked = check_catalog(path)
    assert [problem.line for problem in checked.problems] == [13]
    assert "not valid UTF-8 (byte 0xe9)" in checked.problems[0].message
    assert not checked.usable


@pytest.mark.parametrize(
    ("msgstr", "expected"),
    [
        ("Picha ya %(jina)s", "placeholder changed (missing %(name)s; added %(jina)s)"),
        ("Picha 100% ya %(name)s", "not a valid format string: '% y' is not a directive"),
        ("Picha <script>alert(1)</script>", "HTML added (script)"),
        ("Picha ya %(name)s\u202e", "control character U+202E"),
    ],
)
def test_check_interface_strings(tmp_path, msgstr, expected):
    path = write_po(
        tmp_path, f'#, python-format\nmsgid "Photo of %(name)s"\nmsgstr "{msgstr}"\n',
        language="sw", name="sphinx.po",
    )  # fmt: skip
    problems = check_catalog(path).problems
    assert len(problems) >= 1 and all(problem.line == 10 for problem in problems), problems
    assert any(expected in problem.message for problem in problems), problems


def test_check_search_page_strings_refuse_markup(tmp_path):
    path = write_po(
        tmp_path,
        '#: sphinx/themes/basic/static/sphinx_highlight.js:112\n'
        'msgid "Hide Search Matches"\nmsgstr "Ficha <b>matokeo</b> & zaidi"\n',
        language="sw", name="sphinx.po",
    )  # fmt: skip
    problems = check_catalog(path).problems
    assert any("search page string" in problem.message for problem in problems), problems


def test_a_format_flag_on_prose_holds_the_translation_to_format_rules(tmp_path):
    """What GNU msgfmt --check refused in ha and sw about/index.po: "0.01% of" looks like
    a format string to babel, which flagged it python-format."""
    flagged = '#, python-format\nmsgid "Fewer than 0.01% of attendees."\nmsgstr "{}"\n'
    bad = write_po(tmp_path / "bad", flagged.format("Ƙasa da 0.01% na mahalarta."), language="ha")
    assert "not a valid format string" in check_catalog(bad).problems[0].message
    # Without the flag (as the project's own catalogs are written) it is prose.
    plain = write_po(tmp_path / "plain", flagged.replace("#, python-format\n", "").format(
        "Ƙasa da 0.01% na mahalarta."), language="ha")  # fmt: skip
    assert check_catalog(plain).problems == []


def test_check_reports_a_syntax_error_at_its_line(tmp_path):
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un\n\nmsgid "Two"\nmsgstr "Deux"\n')
    problems = check_catalog(path).problems
    assert [problem.line for problem in problems] == [10]
    assert "syntax error" in problems[0].message


#: Catalogs as GNU gettext reads them: (its text below the header, which ends at line 8;
#: the line of the one problem, and what it says; or None: msgfmt and the check accept it).
READ_AS_GETTEXT = {
    # A comment starts the next entry: one inside an entry leaves it without its msgstr
    # (babel would join them). Found by the random breaks below: two lines dropped left
    # msgid "Executor", a location, and the next entry's msgstr.
    "location inside": ('msgid "One"\n#: page.md\nmsgstr "Un"\n', 10, "a comment where"),
    "comment after msgctxt": ('msgctxt "f"\n# said by\nmsgid "One"\nmsgstr "Une"\n', 10,
                              "a comment where"),
    "flag before the forms": ('msgid "One"\nmsgid_plural "Ones"\n#, fuzzy\nmsgstr[0] "Un"\n'
                              'msgstr[1] "Uns"\n', 11, "a comment where"),
    "comment between forms": ('msgid "One"\nmsgid_plural "Ones"\nmsgstr[0] "Un"\n# a note\n'
                              'msgstr[1] "Uns"\n', 13, "msgstr[] where"),
    "obsolete line inside": ('msgid "One"\n#~ msgid "Old"\nmsgstr "Un"\n', 10, "a comment where"),
    # Obsolete entries (#~, as msgmerge and Weblate keep them) are never used, but read
    # by the rules of the others (they were skipped unread).
    "obsolete and live": ('msgid "One"\nmsgstr "Un"\n\n#~ msgid "One"\n#~ msgstr "Une"\n', 12,
                          "duplicate message"),
    "obsolete without msgstr": ('#~ msgid "Old"\nmsgstr "Vieux"\n', 10,
                                "an obsolete entry (#~) without its msgstr"),
    "obsolete cut by a comment": ('#~ msgid "Old"\n# a note\n#~ msgstr "Vieux"\n', 10,
                                  "an obsolete entry (#~) without its msgstr"),
    "obsolete last": ('msgid "One"\nmsgstr "Un"\n\n#~ msgid "Old"\n', 12,
                      "the last entry has no msgstr"),
    "obsolete no keyword": ("#~ hello there\n", 9, "syntax error: 'hello there'"),
    "obsolete fuzzy": ('#, fuzzy\n#~| msgid "Older"\n#~ msgid "Old"\n#~ msgstr "Vieux"\n', None,
                       None),
    "obsolete continued": ('#~ msgctxt "f"\n#~ msgid "Old"\n#~ msgstr ""\n#~ "Vieille"\n', None,
                           None),
    # Space, tab, carriage return, form feed, vertical tab and blank lines separate the
    # words, and no more: a no-break space pasted outside the quotes is refused and named
    # (Python's \s and str.splitlines took it, and more, for a space or a line's end).
    "no-break space": ('msgid\u00a0"One"\nmsgstr "Un"\n', 9, "no-break space, U+00A0"),
    "no-break space line": ('msgid "One"\nmsgstr "Un"\n\u00a0\n', 11, "no-break space, U+00A0"),
    "line separator": ('msgid "One"\u2028\nmsgstr "Un"\n', 9, "line separator, U+2028"),
    "control character": ('msgid "One"\nmsgstr\x1c"Un"\n', 10, "a control character, U+001C"),
    "before a comment": ('\u00a0# a note\nmsgid "One"\nmsgstr "Un"\n', 9, "no-break space"),
    "zero width space": ('msgid\u200b "One"\nmsgstr "Un"\n', 9, "zero width space, U+200B"),
    "gettext's spaces": ('msgid\t"One"\nmsgstr\f"Un"\v\n\r\n', None, None),
    "blank lines inside": ('msgid "One"\n\n"!"\nmsgid_plural "Ones"\nmsgstr[0] "Un"\n\n'
                           'msgstr[1] ""\n\n"Uns"\n', None, None),
    "spaces inside the quotes": ('msgid "One!"\nmsgstr "Un\u00a0!\u2028"\n', None, None),
}  # fmt: skip


@pytest.mark.parametrize(("body", "line", "said"), READ_AS_GETTEXT.values(), ids=READ_AS_GETTEXT)
def test_a_catalog_is_read_as_gettext_reads_it(tmp_path, body, line, said):
    path = write_po(tmp_path, body)
    problems = check_catalog(path).problems
    if said:
        assert [problem.line for problem in problems] == [line], problems
        assert said in problems[0].message, problems
    else:
        assert problems == [], problems
    assert msgfmt_refuses(path) == bool(said)


def test_a_comment_that_ended_an_entry_is_named_where_the_entry_goes_on(tmp_path):
    path = write_po(tmp_path, 'msgid "One"\nmsgid_plural "Ones"\nmsgstr[0] "Un"\n# a note\n'
                              'msgstr[1] "Uns"\n')  # fmt: skip
    assert [(problem.line, problem.message) for problem in check_catalog(path).problems] == [
        (13, "syntax error: msgstr[] where msgctxt or msgid should be (the comment at line 12 "
             "ended the entry: comments go above it)")
    ]  # fmt: skip


def test_a_header_with_another_charset_is_said_once_and_the_catalog_not_used(tmp_path):
    """Saved by a tool set to Latin-1, the header says so: the catalog is not used, and
    that is the one problem (its UTF-8 text is not read again as Latin-1 and reported
    as control characters message by message, nor reported again as not compiling)."""
    path = write_po(tmp_path, 'msgid "Land"\nmsgstr "Ƙasa"\n\nmsgid "Home"\nmsgstr "Gida ɗaya"\n',
                    language="ha")  # fmt: skip
    path.write_text(path.read_text("utf-8").replace("charset=UTF-8", "charset=ISO-8859-1"), "utf-8")
    checked = check_catalog(path)
    assert [(problem.line, problem.message) for problem in checked.problems] == [
        (5, "charset iso-8859-1 in the header: catalogs are UTF-8")  # its Content-Type line
    ]
    assert not checked.usable


@pytest.mark.parametrize(
    ("date", "problem"),
    [
        ("2026-12-04 10:00+0000", None),
        ("2026-12-04 10:00", None),
        ("2026-12-04", "'2026-12-04'"),
        ("2026-12-04 10:00:00+0100", "'2026-12-04 10:00:00+0100'"),
        ("2026-12-04T10:00+0000", "'2026-12-04T10:00+0000'"),
    ],
)
def test_a_revision_date_babel_cannot_read_is_said_at_its_line(tmp_path, date, problem):
    """The guide asks translators to set PO-Revision-Date; a date alone stopped babel
    reading the file, reported as a syntax error at a line after the header."""
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n')
    path.write_text(
        path.read_text("utf-8").replace(
            '"Language: fr\\n"\n', f'"Language: fr\\n"\n"PO-Revision-Date: {date}\\n"\n'
        ),
        "utf-8",
    )
    checked = check_catalog(path)
    if problem is None:
        assert checked.problems == [] and checked.usable
        return
    assert [(p.line, p.message) for p in checked.problems] == [
        (
            4,
            f"the header's PO-Revision-Date {problem} is not a date as gettext writes it: "
            "YYYY-MM-DD HH:MM+ZZZZ, such as 2026-12-04 10:00+0000",
        )
    ]
    assert not checked.usable


def test_check_reports_what_a_catalog_and_its_english_do_not_share(tmp_path, monkeypatch):
    """A form changed by hand (feminine to masculine), a message deleted: the build
    shows English and every count said 100%. check names both, and update's fix."""
    from tools.translations import check

    locales = tmp_path / "locales"
    (locales / "templates").mkdir(parents=True)
    (locales / "templates" / "page.pot").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Join us"\nmsgstr ""\n\n'
        'msgctxt "feminine"\nmsgid "Treasurer"\nmsgstr ""\n',
        encoding="utf-8",
    )
    path = write_po(
        tmp_path, 'msgctxt "masculine"\nmsgid "Treasurer"\nmsgstr "Trésorier"\n', english=False
    )
    catalogs = Catalogs(tmp_path)
    problems = [str(problem) for problem in check.against_english(catalogs, check_catalog(path))]
    # Named as a translator types it, relative to where they are: the same findings.
    monkeypatch.chdir(tmp_path)
    relative = path.relative_to(tmp_path)
    assert len(check.against_english(catalogs, check_catalog(relative))) == 3
    update = "run `translations -- update` to bring it in step"
    template = "locales/templates/page.pot"
    assert problems == [
        f"{path}:1: msgid 'Join us' is in the English ({template}) but not in this "
        f"catalog: {update}",
        f"{path}:1: msgid 'Treasurer' (msgctxt 'feminine') is in the English "
        f"({template}) but not in this catalog: {update}",
        f"{path}:10: msgid 'Treasurer' (msgctxt 'masculine') is not in the English "
        f"({template}), so it is never shown: {update}",
    ]


def test_a_catalog_saved_with_windows_line_endings_is_read(tmp_path):
    """Its header's Plural-Forms was not found (read as missing), and the catalog refused."""
    path = write_po(
        tmp_path,
        'msgid "One page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] "Une page"\n'
        'msgstr[1] "%(n)s pages"\n',
    )
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    checked = check_catalog(path)
    assert not [p for p in checked.problems if "Plural-Forms" in p.message], checked.problems
    assert checked.usable


@pytest.mark.parametrize(
    ("rule", "refused"),
    [
        ("nplurals=2; plural=(n != 1)\\r;", True),
        ("nplurals=2; plural=\\r(n != 1);", True),
        ("nplurals=2; plural=(n\\n != 1);", True),
        # GNU gettext looks for "nplurals=" and "plural=" as written.
        ("nplurals = 2; plural = (n != 1);", True),
        ("nplurals=2; plural=(n != 1)\\t;", False),
        ("nplurals=2; plural= (n != 1) ;", False),
        ("nplurals=2; plural=(n != 1);\\r", False),
    ],
)
def test_a_plural_rule_is_read_as_gettext_reads_it(tmp_path, rule, refused):
    """GNU gettext skips spaces and tabs in a plural expression, and refuses a carriage
    return or a newline there, where Python's reader (``gettext.c2py``) skips them: found
    by breaking catalogs at random and asking msgfmt (a "\\r" escape typed into the rule).
    At the end of another header field, a "\\r" is the value's end (``Language: fr\\r``)."""
    path = write_po(tmp_path, 'msgid "One page"\nmsgid_plural "Pages"\nmsgstr[0] "Une page"\n'
                              'msgstr[1] "Pages"\n')  # fmt: skip
    text = path.read_text("utf-8")
    assert "nplurals=2; plural=(n != 1);" in text and '"Language: fr\\n"' in text
    text = text.replace("nplurals=2; plural=(n != 1);", rule)
    path.write_text(text.replace('"Language: fr\\n"', '"Language: fr\\r\\n"'), "utf-8")
    problems = [problem.message for problem in check_catalog(path).problems]
    if refused:
        assert len(problems) == 1, problems
        assert re.search("the header's (Plural-Forms|plural expression)", problems[0]), problems
    else:
        assert problems == [], problems
    assert msgfmt_refuses(path) == refused


def test_check_reports_a_wrong_header_language(tmp_path):
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n', language="es")
    target = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "page.po"
    target.parent.mkdir(parents=True)
    path.rename(target)
    problems = check_catalog(target).problems
    assert len(problems) == 1 and "header Language is 'es', expected 'fr'" in problems[0].message


def check_command(*paths: Path) -> subprocess.CompletedProcess:
    """``translations -- check`` as a translator runs it. (On the real catalogs it is
    the lint hook's: what today's translations say is not a test's to judge.)"""
    return translations(ROOT, "check", *map(str, paths), code=None)


def test_check_command_exits_non_zero_and_names_the_file(tmp_path):
    path = write_po(tmp_path, 'msgid "Run `nox`"\nmsgstr "Lancez nox"\n')
    result = check_command(path)
    assert result.returncode == 1
    assert f"{path}:9: inline code changed" in result.stdout


def test_check_command_reports_what_msgfmt_warns_at_its_line(tmp_path):
    """msgfmt --check accepts a header without Last-Translator and Language-Team, with
    warnings that translation platforms show: check reports them, located."""
    gnu_msgfmt()
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n')
    result = check_command(path)
    assert result.returncode == 1
    for field in ("Last-Translator", "Language-Team"):
        assert re.search(
            rf"^{re.escape(str(path))}:\d+: msgfmt: warning: header field '{field}' missing",
            result.stdout, re.MULTILINE,
        ), result.stdout  # fmt: skip


def test_check_command_reports_msgfmt_s_header_complaints_at_their_field_s_line(tmp_path):
    """msgfmt names the header's first line for what is wrong in one of its fields: the
    field's own line is said, as the check's own header problems are."""
    gnu_msgfmt()
    path = write_po(
        tmp_path, 'msgid "One page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] "Une page"\n'
        'msgstr[1] "%(n)s pages"\n', english=False,
    )  # fmt: skip
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=CHARSET")
    text = text.replace("nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n > 1 ? 2 : n);")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line = {field: next(n for n, written in enumerate(lines, 1) if written.startswith(f'"{field}:'))
            for field in ("Content-Type", "Plural-Forms")}  # fmt: skip
    stdout = check_command(path).stdout
    assert (f"{path}:{line['Content-Type']}: msgfmt: warning: header field 'Content-Type' "
            "still has the initial default value") in stdout, stdout  # fmt: skip
    assert f"{path}:{line['Plural-Forms']}: msgfmt: nplurals = 3" in stdout, stdout
    # Any complaint about the rule, at its line.
    path.write_text(text.replace("nplurals=3; plural=(n > 1 ? 2 : n);",
                                 "nplurals=2; plural=(n-5);"), encoding="utf-8")  # fmt: skip
    stdout = check_command(path).stdout
    assert (
        f"{path}:{line['Plural-Forms']}: msgfmt: plural expression can produce negative values"
    ) in stdout, stdout


def test_check_command_reports_msgfmt_s_syntax_error_at_its_line_without_its_column(tmp_path):
    """msgfmt writes "page.po:10:1: syntax error": the 1 is a column, which was shown as
    "page.po:10: msgfmt: 1: syntax error", as if it were another line."""
    gnu_msgfmt()
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un" x\n', english=False)
    line = path.read_text(encoding="utf-8").splitlines().index('msgstr "Un" x') + 1
    stdout = check_command(path).stdout
    assert f"{path}:{line}: msgfmt: syntax error\n" in stdout, stdout


def test_check_names_a_plural_rule_that_is_not_the_language_s(tmp_path):
    """French counts its forms as its interface catalog does, (n > 1); a page's catalog
    with another rule, valid for msgfmt (n != 1), counts "0 page" otherwise."""
    english, french = "nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n > 1);"
    interface = write_po(tmp_path, 'msgid "Search"\nmsgstr "Rechercher"\n', name="sphinx.po")
    interface.write_text(interface.read_text("utf-8").replace(english, french))
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n')  # (n != 1), as PO_HEADER has it
    line = path.read_text(encoding="utf-8").split("\n").index(f'"Plural-Forms: {english}\\n"')
    said = translations(tmp_path, "check", str(path), code=1).stdout
    assert (
        f"page.po:{line + 1}: the plural rule is not the one of "
        f"locales/fr/LC_MESSAGES/sphinx.po, {french!r}: a language counts its forms one way "
        "in every file"
    ) in said, said
    # The same rule, written otherwise: the same count.
    path.write_text(path.read_text("utf-8").replace(english, "nplurals=2; plural=n>1;"))
    assert "plural rule" not in translations(tmp_path, "check", str(path), code=None).stdout


def test_the_plural_rule_of_a_sphinx_po_that_leads_out_is_never_read(tmp_path):
    """The language's sphinx.po is a link to a file outside the project: what it holds
    is never read, so never printed (its rule would have been, in the warning)."""
    outside = tmp_path / "elsewhere.po"
    outside.write_text(PO_HEADER.format(language="fr").replace("plural=(n != 1)", "plural=0")
                       .replace("nplurals=2", "nplurals=1"), encoding="utf-8")  # fmt: skip
    path = write_po(tmp_path / "project", 'msgid "One"\nmsgstr "Un"\n')
    path.with_name("sphinx.po").symlink_to(outside)
    said = translations(tmp_path / "project", "check", str(path), code=None).stdout
    assert "nplurals=1" not in said and "plural rule" not in said, said


def test_a_new_catalog_passes_msgfmt_without_a_word(tmp_path):
    """What update and add write for a new page or language: no error, no warning."""
    msgfmt = gnu_msgfmt()
    for language, team in [
        ("sw", "Kiswahili"),
        ("pt_BR", "Português (Brasil)"),
        ("yo", "Èdè Yorùbá"),
    ]:
        fresh = pofile.new(language)
        fresh.catalog.add("One")
        path = tmp_path / "locales" / language / "LC_MESSAGES" / "page.po"
        path.parent.mkdir(parents=True)
        path.write_text(pofile.dumps(fresh, language), encoding="utf-8")
        result = subprocess.run(
            [msgfmt, "--check", "-o", os.devnull, str(path)],
            capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
        )  # fmt: skip
        assert (result.returncode, result.stderr) == (0, ""), result.stderr
        text = path.read_text(encoding="utf-8")
        assert '"Last-Translator: Automatically generated\\n"' in text
        assert f'"Language-Team: {team}\\n"' in text
        assert re.search(r'^"PO-Revision-Date: \d{4}-\d\d-\d\d \d\d:\d\d\+0000\\n"$', text, re.M)
        # The date the file was made is not a translation's: the status page says "never".
        assert Catalogs(tmp_path).count(language, "page", [(None, "One")]).revised is None


# -- update, add and the notice, in copies of the project -----------------------


def _a_translated_sentence() -> str:
    """A sentence of the home page that Swahili translates (words only, one line)."""
    catalog = pofile.read(ROOT / "locales" / "sw" / "LC_MESSAGES" / "index.po").catalog
    return next(
        message.id
        for message in catalog
        if isinstance(message.id, str) and message.string and not message.fuzzy
        and re.fullmatch(r"[A-Z][a-z]*( [\w,']+){3,}[.]", message.id)
    )  # fmt: skip


#: The English edit: a sentence of the home page with its first word replaced.
OLD = _a_translated_sentence()
FIRST_WORD, REST = OLD.split(" ", 1)
NEW = f"Truly {REST}"


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    """A copy of the project after an English edit of the home page and an update."""
    project = copy_project(tmp_path_factory.mktemp("edited"))
    with (project / "locales" / "sw" / "LC_MESSAGES" / "index.po").open("rb") as file:
        assert read_po(file).get(OLD).string
    index = project / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    translations(project, "update", "sw")
    return project


@pytest.mark.site
def test_update_marks_changed_messages_fuzzy_and_drops_obsolete(edited):
    po_path = edited / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    text = po_path.read_text(encoding="utf-8")
    assert "#~" not in text
    changed = pofile.read(po_path).catalog.get(NEW)
    assert changed.fuzzy and changed.string  # the old translation, kept as a hint
    # ...with the English it translated, as msgmerge --previous and Weblate show it.
    assert changed.previous_id == [OLD]
    assert f'#| msgid "{OLD}"\n' in text
    assert "POT-Creation-Date" not in text  # no churn on every run


@pytest.mark.site
def test_incomplete_page_shows_notice_and_falls_back_to_english(
    edited, site, tmp_path, monkeypatch
):
    monkeypatch.setenv("BPD_REPOSITORY_URL", "https://example.org/fork")
    result = build_site(edited, tmp_path, "sw")
    assert result.returncode == 0, result.stdout + result.stderr
    built_site = tmp_path / "site"
    home = soup(built_site, "sw/")
    notice = home.select_one(".bpd-translation-notice")
    assert notice is not None
    guide = notice.select("a")[-1]
    assert guide["href"] == "https://example.org/fork/blob/HEAD/TRANSLATING.md"
    assert "This page is not fully translated yet" not in notice.get_text()  # in Swahili
    assert NEW in home.get_text()
    # The other pages are as they were before the edit: their notices say the same.
    for page in ("sw/about/", "sw/initiatives/"):
        edited_notice, notice = (
            soup(built, page).select_one(".bpd-translation-notice") for built in (built_site, site)
        )
        assert (edited_notice and edited_notice.get_text()) == (notice and notice.get_text())


@pytest.mark.site
def test_todo_shows_what_changed_in_the_english(edited):
    result = translations(edited, "todo", "sw", "index")
    path = "locales/sw/LC_MESSAGES/index.po"
    line = next(
        number
        for number, text in enumerate((edited / path).read_text().splitlines(), 1)
        if text == f'msgid "{NEW}"'
    )
    assert f"    {path}:{line}\n" in result.stdout
    assert f"English:     [-{FIRST_WORD}-]{{+Truly+}} {REST}" in result.stdout


@pytest.mark.site
def test_add_registers_a_language_and_creates_its_catalogs(tmp_path):
    project = copy_project(tmp_path / "project")
    registered = read_registry(project)
    # A language the site does not have yet (the guide's own example, Yoruba, may be).
    new = next(code for code in ("yo", "ig", "zu", "am", "ln", "wo") if code not in registered)
    translations(project, "add", new)
    assert read_registry(project) == [*registered, new]
    registry = (project / "locales" / "languages.toml").read_text(encoding="utf-8")
    assert f"[teams.{new}]\ncoordinators = []\n" in registry
    catalogs = Catalogs(project)
    for domain in catalogs.domains():
        assert catalogs.catalog(new, domain).is_file(), domain
    result = translations(project, "stats", new, "--json")
    assert json.loads(result.stdout)[new]["translated"] == 0


def test_add_refuses_an_unknown_code():
    result = translations(ROOT, "add", "xx_NOPE", code=2)
    assert "not a language code" in result.stdout


#: Catalogs GNU msgfmt --check refuses (each checked by hand against msgfmt 0.21).
MSGFMT_REFUSES = {
    "format string": '#, python-format\nmsgid "0.01% of us"\nmsgstr "asilimia 0.01 yetu"\n',
    "stray percent": '#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Habari %(name)s 100%"\n',
    "renamed placeholder": '#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Habari %(jina)s"\n',
    "duplicate": 'msgid "One"\nmsgstr "Moja"\n\nmsgid "One"\nmsgstr "Mmoja"\n',
    "plural forms": 'msgid "a page"\nmsgid_plural "pages"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    'msgstr[2] "z"\n',
    "leading newline": 'msgid "One"\nmsgstr "\\nMoja"\n',
    "trailing newline": 'msgid "One\\n"\nmsgstr "Moja"\n',
    "unterminated string": 'msgid "One"\nmsgstr "Moja\n',
    "msgstr without msgid": 'msgstr "Moja"\n',
    "unknown keyword": 'msgid "One"\nmsgtsr "Moja"\n',
}


@pytest.mark.parametrize("body", MSGFMT_REFUSES.values(), ids=MSGFMT_REFUSES.keys())
def test_check_refuses_what_msgfmt_refuses(tmp_path, body):
    """Whatever GNU msgfmt --check (what every translation platform runs) refuses, the
    site's own check refuses too: the build never compiles what msgfmt would not."""
    msgfmt = gnu_msgfmt()
    path = write_po(tmp_path, body, language="sw")
    refused = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert refused.returncode != 0, "msgfmt accepts this catalog: the case is wrong"
    assert check_catalog(path).problems, refused.stderr


@pytest.mark.parametrize("catalog", ["sphinx.po", "about/index.po"])
def test_any_catalog_msgfmt_refuses_is_refused(tmp_path_factory, catalog):
    """Broken at random (lines dropped, doubled, cut or spliced with gettext's special
    characters), a real catalog that msgfmt refuses is never one the check accepts;
    and some of the random breaks are refused by msgfmt (or this would check nothing)."""
    msgfmt = gnu_msgfmt()
    source = ROOT / "locales" / "sw" / "LC_MESSAGES" / catalog
    refused_by_msgfmt = []

    @settings(max_examples=80, deadline=None, derandomize=bool(os.environ.get("CI")))
    @given(data=st.data())
    def broken_at_random(data):
        lines = source.read_text(encoding="utf-8").splitlines()
        for _ in range(data.draw(st.integers(1, 3))):
            index = data.draw(st.integers(0, len(lines) - 1))
            edit = data.draw(st.sampled_from(["drop", "double", "cut", "splice"]))
            if edit == "drop":
                del lines[index]
            elif edit == "double":
                lines.insert(index, lines[index])
            elif edit == "cut":
                lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
            else:
                at = data.draw(st.integers(0, len(lines[index])))
                extra = data.draw(
                    st.sampled_from(
                        ["%", '"', "\\", "\\n", "\\r", "%(x)s", "#, python-format", "\u00a0"]
                    )
                )
                lines[index] = lines[index][:at] + extra + lines[index][at:]
        path = tmp_path_factory.mktemp("random") / "locales" / "sw" / "LC_MESSAGES" / catalog
        path.parent.mkdir(parents=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        refused = subprocess.run(
            [msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        if refused.returncode != 0:
            refused_by_msgfmt.append(path)
            assert check_catalog(path).problems, refused.stderr

    broken_at_random()
    assert refused_by_msgfmt, "msgfmt refused none of the random breaks: nothing was checked"


# -- one form: what update writes, what a translation platform keeps -------------------------


@pytest.mark.site
def test_update_extracts_a_grouped_data_file_into_its_page_catalogs(tmp_path):
    """Roles, regions and alt text of the leadership in groups reach the catalogs of
    the page that shows them, in every language; names never do."""
    project = copy_project(tmp_path / "project")
    add_grouped_page(project)
    # The About page has an Executor, translated in Swahili (whoever leads the site today).
    about_page = project / "about" / "index.md"
    text = about_page.read_text(encoding="utf-8")
    grid = text.index("```{leadership-grid}\n") + len("```{leadership-grid}\n")
    entry = "- name: Test Person\n  role: Executor\n"
    about_page.write_text(text[:grid] + entry + text[grid:], encoding="utf-8")
    about_po = project / "locales" / "sw" / "LC_MESSAGES" / "about" / "index.po"
    if 'msgid "Executor"\n' not in about_po.read_text(encoding="utf-8"):
        with about_po.open("a", encoding="utf-8") as file:
            file.write('\n#: about/index.md\nmsgid "Executor"\nmsgstr "Mtendaji"\n')
    translations(project, "update")
    template = pofile.read(project / "locales" / "templates" / f"{GROUPED_PAGE}.pot").catalog
    messages = {message.id for message in template if message.id}
    assert {"Executor", "Africa (West)", "Africa (Southern)", "Advisor", "Welcoming Lead",
            "Luiza Nascimento at a meetup in Salvador"} <= messages  # fmt: skip
    assert not {"Kofi Asante", "Zainab Bello", "Fatou Diallo"} & messages
    for language in LANGUAGES[1:]:
        path = project / "locales" / language.code / "LC_MESSAGES" / f"{GROUPED_PAGE}.po"
        catalog = pofile.read(path).catalog
        assert {message.id for message in catalog if message.id} == messages, language.code
    # The interface string that joins a role to its region, in every interface catalog.
    for language in LANGUAGES[1:]:
        path = project / "locales" / language.code / "LC_MESSAGES" / "sphinx.po"
        assert pofile.read(path).catalog.get("%(role)s, %(region)s") is not None, language.code
    # A role in its holder's form: a msgctxt of its own, beside the role without one.
    keys = {(message.context, message.id) for message in template if message.id}
    assert {(None, "Executor"), ("feminine", "Executor"), ("masculine", "Executor"),
            ("neutral", "Executor")} <= keys  # fmt: skip
    assert not any("\x04" in str(message.id) for message in template)
    # Every form starts, fuzzy, from the role the language already translates (the
    # About page's "Executor"): Swahili writes it once, French agrees it.
    about = pofile.read(project / "locales" / "sw" / "LC_MESSAGES" / "about" / "index.po")
    executor = about.catalog.get("Executor").string
    grouped = project / "locales" / "sw" / "LC_MESSAGES" / f"{GROUPED_PAGE}.po"
    for context in ("feminine", "masculine", "neutral"):
        message = pofile.read(grouped).catalog.get("Executor", context)
        assert message.fuzzy and message.string == executor, context
    text = grouped.read_text(encoding="utf-8")
    assert '#, fuzzy\nmsgctxt "feminine"\nmsgid "Executor"\nmsgstr "' in text
    # The files with msgctxt: GNU msgfmt --check accepts them, translate-toolkit (Weblate)
    # reads and writes them byte for byte, and they are in the one form.
    from translate.storage import pypo

    for path in [grouped, project / "locales" / "templates" / f"{GROUPED_PAGE}.pot"]:
        if shutil.which("msgfmt"):
            subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True)
        store = pypo.pofile()
        store.wrapper.width = 65535
        store.parse(path.read_bytes())
        assert bytes(store) == path.read_bytes(), path
    translations(project, "format", "--check")


def catalog_files(root: Path) -> list[Path]:
    return sorted([*(root / "locales").rglob("*.po"), *(root / "locales").rglob("*.pot")])


@pytest.mark.site
def test_the_committed_catalogs_are_what_update_writes(tmp_path):
    """Running update on the project as committed changes no byte of any catalog."""
    project = copy_project(tmp_path / "project")
    before = {path.relative_to(project): path.read_bytes() for path in catalog_files(project)}
    translations(project, "update")
    after = {path.relative_to(project): path.read_bytes() for path in catalog_files(project)}
    assert sorted(after) == sorted(before)
    assert [str(path) for path in before if before[path] != after[path]] == []


@pytest.mark.site
def test_a_merge_conflict_is_never_resolved_by_update_or_format(tmp_path):
    """A conflict left in a catalog (a pull request against Weblate's): babel skips
    the lines it cannot read, so writing the file again would keep one side and lose
    the other. update leaves that language as it is and updates the others; format
    leaves the file; both name its lines and exit 1."""
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    text = path.read_text(encoding="utf-8")
    ours = 'msgstr "Jiunge nasi"\n'
    assert ours in text
    conflicted = text.replace(
        ours, f'<<<<<<< HEAD\n{ours}=======\nmsgstr "Jiunge pamoja nasi"\n>>>>>>> weblate\n'
    )
    path.write_text(conflicted, encoding="utf-8")
    line = conflicted.splitlines().index("<<<<<<< HEAD") + 1
    index = project / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    update = translations(project, "update", "sw", "fr", code=1)
    assert f"locales/sw/LC_MESSAGES/index.po:{line}: syntax error: '<<<<<<< HEAD'" in update.stderr
    assert "not updated: sw" in update.stderr
    assert path.read_text(encoding="utf-8") == conflicted
    french = project / "locales" / "fr" / "LC_MESSAGES" / "index.po"
    assert NEW.split(".")[0] in french.read_text(encoding="utf-8")  # the others are updated
    formatted = translations(project, "format", str(path), code=1)
    assert "index.po: left as it is" in formatted.stderr
    assert path.read_text(encoding="utf-8") == conflicted


def test_format_check_finds_a_catalog_out_of_form(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "sw" / "LC_MESSAGES" / "index.po"
    text = path.read_text(encoding="utf-8")
    # As a tool that wraps at 79 columns and numbers locations would write it.
    path.write_text(text.replace("#: index.md\n", "#: index.md:12\n", 1), encoding="utf-8")
    line = path.read_text(encoding="utf-8").split("\n").index("#: index.md:12") + 1
    check = translations(project, "format", "--check", code=1)
    assert f"locales/sw/LC_MESSAGES/index.po:{line}: not in the form" in check.stdout
    # `check`, which translators run before a pull request, says it too, at its line
    # (it passed the file, which msgfmt takes, and CI then refused it).
    said = translations(project, "check", str(path), code=1).stdout
    assert (
        f"locales/sw/LC_MESSAGES/index.po:{line}: not in the form `translations -- update` "
        "writes from this line on: run python3 -m nox -s translations -- format"
    ) in said, said
    translations(project, "format")
    assert path.read_text(encoding="utf-8") == text
    assert "not in the form" not in translations(project, "check", str(path), code=None).stdout


@pytest.mark.parametrize(
    ("saved", "first"),
    [
        (lambda text: text + "\n", lambda lines: lines + 1),  # the blank line added
        (lambda text: text + "\n\n", lambda lines: lines + 1),
        (lambda text: text.removesuffix("\n"), lambda lines: lines),  # its last line
        (lambda text: text.replace("\n", "\r\n"), lambda lines: 1),
    ],
    ids=["a blank line more", "two blank lines more", "no last line end", "CRLF"],
)  # fmt: skip
def test_a_catalog_out_of_form_is_named_from_its_first_line_that_differs(tmp_path, saved, first):
    """Where ``check`` and ``format --check`` say a catalog leaves the one form (of a
    catalog of ``lines`` lines): a blank line added at its end was one line after it."""
    from tools.translations.form import out_of_form

    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n')
    text = pofile.dumps(Catalogs(tmp_path).editable(path), "fr")
    path.write_text(saved(text), encoding="utf-8")
    assert out_of_form(Catalogs(tmp_path).read(path), "fr") == first(text.count("\n"))


def test_format_gives_a_catalog_without_a_plural_rule_its_language_s(tmp_path):
    """It wrote babel's (French: three forms, from a newer CLDR), which ``check`` then
    refused as not the rule of the language's other catalogs."""
    from tools.translations.check import another_plural_rule
    from tools.translations.form import format_catalogs

    rule = "nplurals=2; plural=(n > 1);"
    interface = write_po(tmp_path, 'msgid "Search"\nmsgstr "Rechercher"\n', name="sphinx.po")
    interface.write_text(interface.read_text(encoding="utf-8").replace(
        "nplurals=2; plural=(n != 1);", rule), encoding="utf-8")  # fmt: skip
    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n')
    path.write_text("".join(line for line in path.read_text(encoding="utf-8")
                            .splitlines(keepends=True) if "Plural-Forms" not in line),
                    encoding="utf-8")  # fmt: skip
    catalogs = Catalogs(tmp_path)
    assert format_catalogs(catalogs, [path], check_only=False) == 0
    po = catalogs.read(path)
    assert po.header_value("Plural-Forms") == rule
    assert another_plural_rule(catalogs, catalogs.check(po), {}) == []


def test_format_writes_a_catalog_saved_with_windows_line_endings_with_lf(tmp_path, capsys):
    """``check`` named it out of form, and ``format`` said "rewritten" and left it as it
    was: it compared the file read in text mode, where CRLF reads as LF."""
    from tools.translations.form import format_catalogs

    path = write_po(tmp_path, 'msgid "One"\nmsgstr "Un"\n')
    catalogs = Catalogs(tmp_path)
    form = pofile.dumps(catalogs.editable(path), "fr").encode("utf-8")
    path.write_bytes(form.replace(b"\n", b"\r\n"))
    assert format_catalogs(catalogs, [path], check_only=True) == 1
    assert format_catalogs(catalogs, [path], check_only=False) == 0
    assert path.read_bytes() == form
    assert format_catalogs(catalogs, [path], check_only=True) == 0
    assert capsys.readouterr().out.count(": rewritten") == 1


@pytest.mark.parametrize("edit", ["as read", "every string written again"])
def test_weblate_leaves_every_catalog_as_it_is(edit):
    """translate-toolkit (Weblate's .po library), with Weblate's "Only wrap lines at
    newlines" (po_line_wrap 65535): reading and writing a catalog changes no byte,
    even when every string is written again, as a Weblate edit does."""
    from translate.storage import pypo

    for path in catalog_files(ROOT):
        data = path.read_bytes()
        store = pypo.pofile()
        store.wrapper.width = 65535  # what Weblate's setting sets
        store.parse(data)
        if edit != "as read":
            for unit in store.units:
                if unit.msgctxt:
                    unit.setcontext(unit.getcontext())
                unit.source = unit.source
                if unit.prev_msgid:
                    unit.prev_source = unit.prev_source
                unit.target = unit.target
        assert bytes(store) == data, path


@pytest.mark.site
def test_update_offers_what_the_language_translates_elsewhere(tmp_path):
    """A message new to a page, already translated on another page: a fuzzy suggestion,
    never a finished translation. A paragraph moved from one page to another keeps its
    translation as it was."""
    project = copy_project(tmp_path / "project")
    about = project / "about" / "index.md"
    initiatives = project / "initiatives" / "index.md"
    moved = (
        "The Advisory Council is made up of strategic allies who guide Black Python Devs\n"
        "as a non-profit organisation."
    )
    copied = "We help local leaders take part in global Python events."
    about.write_text(about.read_text(encoding="utf-8").replace(moved, ""), encoding="utf-8")
    initiatives.write_text(
        initiatives.read_text(encoding="utf-8") + f"\n{moved}\n\n{copied}\n", encoding="utf-8"
    )
    translations(project, "update", "sw")
    sw = project / "locales" / "sw" / "LC_MESSAGES"
    about_po = pofile.read(sw / "about" / "index.po").catalog
    page = pofile.read(sw / "initiatives" / "index.po").catalog
    moved_id = " ".join(moved.split())
    assert about_po.get(moved_id) is None
    assert page.get(moved_id).string and not page.get(moved_id).fuzzy  # moved: kept as it was
    suggestion = page.get(copied)
    assert suggestion.fuzzy and suggestion.string == about_po.get(copied).string
    assert about_po.get(copied).fuzzy is False  # the original is untouched
    todo = translations(project, "todo", "sw", "initiatives").stdout
    assert "(a suggestion: the same English is translated in about/index.po" in todo


def test_word_diff():
    assert report.word_diff("a b c", "a x c") == "a [-b-]{+x+} c"
    assert report.word_diff("Our aims", "Our aims and values") == "Our aims{+ and values+}"
