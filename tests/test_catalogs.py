"""The one catalog model (``bpd.translations.catalogs.Catalogs``): each file read once
with everything in it and written in one form, every command given the project, and
what is counted: the messages of the English, not the files that happen to exist.

Each test builds the small project it needs, as sphinx-intl's commands are given
their ``locale_dir``: nothing here changes a module's constants.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest
from helpers import ROOT, translations, warnings_of

from bpd.translations import pofile
from bpd.translations.catalogs import Catalogs, language_of
from tools.translations.update import with_language

HEADER = (
    "# A translation of a small site.\n"
    'msgid ""\nmsgstr ""\n"Project-Id-Version: Black Python Devs\\n"\n'
    '"Language: {language}\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def project(root: Path, english: dict[str, list[str]], catalogs: dict[str, str], language="fr"):
    """A small project: ``english`` (page -> its messages) as templates, ``catalogs``
    (file under ``locales/<language>/LC_MESSAGES`` -> entries) as the translation."""
    (root / "locales").mkdir(parents=True, exist_ok=True)
    (root / "locales" / "languages.toml").write_text(f'languages = ["en", "{language}"]\n')
    made = Catalogs(root)
    for page, messages in english.items():
        template = pofile.new(None)
        for message in messages:
            template.catalog.add(message, locations=[(f"{page}.md", None)])
        pofile.write(made.template(page), template, None)
    for name, entries in catalogs.items():
        path = made.directory(language) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER.format(language=language) + entries, encoding="utf-8")
    return made


# -- one parse ------------------------------------------------------------------------------


def test_every_committed_catalog_is_read_and_written_back_byte_for_byte():
    """One parse keeps all the one form writes: previous msgids, flags, comments, the
    header's fields in their order and the comment above it."""
    catalogs = Catalogs(ROOT)
    paths = [*catalogs.templates.rglob("*.pot"), *catalogs.locales.glob("*/LC_MESSAGES/**/*.po")]
    assert paths
    for path in paths:
        po = catalogs.read(path)
        assert po.readable, po.problems
        language = None if path.suffix == ".pot" else language_of(path)
        assert pofile.dumps(po, language) == path.read_text(encoding="utf-8"), path


def test_one_parse_keeps_what_babel_drops():
    text = (
        "# The site in French.\n# Second line.\n"
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"X-Team-Note: keep me\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        "# a translator's note\n#. from the page\n#: index.md\n#, fuzzy\n"
        '#| msgid "The old English"\nmsgid "The new English"\nmsgstr "Le vieux français"\n\n'
        '#, python-format\nmsgid "%(count)d page"\nmsgid_plural "%(count)d pages"\n'
        'msgstr[0] "%(count)d page"\nmsgstr[1] "%(count)d pages"\n'
    )
    po = pofile.parse(text)
    assert po.readable
    assert po.comment == ["# The site in French.", "# Second line."]
    assert po.header == [
        ("Language", "fr"),
        ("X-Team-Note", "keep me"),
        ("Plural-Forms", "nplurals=2; plural=(n > 1);"),
    ]
    assert (po.header_line("Language"), po.header_line("Plural-Forms")) == (5, 7)
    fuzzy = po.catalog.get("The new English")
    assert fuzzy.fuzzy and fuzzy.previous_id == ["The old English"]
    assert (fuzzy.user_comments, fuzzy.auto_comments) == (
        ["a translator's note"],
        ["from the page"],
    )
    assert fuzzy.lineno == 14  # its msgid's line
    plural = po.catalog.get("%(count)d page")
    assert plural.string == ("%(count)d page", "%(count)d pages") and plural.lineno == 18
    # The flags as the file writes them: babel flags python-format on its own.
    assert [entry.flags for entry in po.entries] == [
        frozenset({"fuzzy"}),
        frozenset({"python-format"}),
    ]


# -- every command is given the project --------------------------------------------------------


def test_the_commands_work_on_the_project_they_are_given(tmp_path):
    project(
        tmp_path,
        {"index": ["Hello", "Welcome"]},
        {"index.po": '\nmsgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "Welcome"\nmsgstr ""\n'},
    )
    stats = json.loads(translations(tmp_path, "stats", "--json").stdout)
    assert (stats["fr"]["translated"], stats["fr"]["untranslated"]) == (1, 1)
    todo = translations(tmp_path, "todo", "fr").stdout
    assert "locales/fr/LC_MESSAGES/index.po:" in todo and "English:     Welcome" in todo


def test_the_myst_extensions_are_read_from_conf_py_never_run(tmp_path):
    """check parses translations with the pages' MyST extensions: conf.py's own value,
    read as data (running it would run whatever a pull request put there)."""
    (tmp_path / "conf.py").write_text(
        'open("conf-py-ran", "w")\nmyst_enable_extensions = ["attrs_inline"]\n', encoding="utf-8"
    )
    assert Catalogs(tmp_path).myst_extensions == ("attrs_inline",)
    assert not (tmp_path / "conf-py-ran").exists()
    assert not Path("conf-py-ran").exists()


# -- languages.toml, edited by add ------------------------------------------------------------


@pytest.mark.parametrize(
    "registry",
    [
        'languages = ["en", "sw"]\n',
        'languages = ["en", "sw",]\n',
        '# the site\nlanguages = [\n  "en",\n  "sw",\n]\n\n[teams.sw]\ncoordinators = []\n',
        'languages = [\n    "en",  # the pages\n    "sw"  # Swahili, "Kiswahili" ]\n]\n',
        'languages = ["en",\n             "sw"]\n',
    ],
    ids=["one line", "trailing comma", "one a line", "comments", "continued"],
)
def test_add_puts_the_language_at_the_end_of_the_list_however_it_is_written(registry):
    """The list was rewritten with a one-line pattern: a list over several lines was
    left as it was, and the new language never registered."""
    edited = with_language(registry, "yo")
    assert tomllib.loads(edited)["languages"] == ["en", "sw", "yo"]
    # A list written one code a line gets the new code on a line of its own.
    if registry.rstrip().endswith("\n]"):
        assert any(line.strip().startswith('"yo"') for line in edited.splitlines()), edited
    # Every line but the list's end is as it was.
    assert [line for line in registry.splitlines() if "sw" not in line and "]" not in line] == [
        line for line in edited.splitlines() if "sw" not in line and "yo" not in line
        and "]" not in line
    ]  # fmt: skip


# -- what is counted: the English ----------------------------------------------------------------


def site(root: Path, pages: dict[str, str], catalogs: dict[str, str]) -> Path:
    """A small Sphinx project built with the site's extension, in French."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "bpd"]\nlocale_dirs = ["locales/"]\n'
        'gettext_compact = False\nhtml_theme = "basic"\nhtml_static_path = []\n',
        encoding="utf-8",
    )
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    project(root, {}, catalogs)
    return root


def test_a_catalog_no_page_reads_is_named_and_not_counted(tmp_path, make_app):
    """``about.po`` beside ``about/index.po``: check said "0 problems", the build was
    silent, and stats counted it as a page of its own."""
    entries = '\nmsgid "Our story"\nmsgstr "Notre histoire"\n'
    catalogs = {"about/index.po": entries, "about.po": entries}
    project(tmp_path, {"about/index": ["Our story"]}, catalogs)
    said = "locales/fr/LC_MESSAGES/about.po:1: no page reads this catalog"
    check = translations(tmp_path, "check", code=1).stdout
    assert said in check and "the page's catalog is about/index.po" in check, check
    stats = json.loads(translations(tmp_path, "stats", "--json").stdout)["fr"]
    assert [page["page"] for page in stats["pages"]] == ["about/index"]
    assert stats["total"] == 1
    assert said in translations(tmp_path, "todo", "fr").stdout
    # The build names it too, at its path.
    src = site(
        tmp_path / "src", {"index.md": "# Home\n", "about/index.md": "# Our story\n"}, catalogs
    )
    app = make_app("html", srcdir=src, confoverrides={"language": "fr"})
    app.build()
    assert [line for line in warnings_of(app) if "about.po" in line] == [
        "locales/fr/LC_MESSAGES/about.po:1: WARNING: no page reads this catalog, so its "
        "translations are never shown: the page's catalog is about/index.po; move what it "
        "holds there, or delete it [bpd.translation]"
    ]


def test_a_message_missing_from_a_catalog_counts_as_untranslated(tmp_path):
    """A role form deleted from a catalog: check named it, but stats, todo and
    --fail-under said 100%, while the page showed it in English."""
    project(
        tmp_path,
        {"index": ["Hello", "Treasurer"]},
        {"index.po": '\nmsgid "Hello"\nmsgstr "Bonjour"\n'},
    )
    stats = json.loads(translations(tmp_path, "stats", "--json").stdout)["fr"]
    assert (stats["translated"], stats["untranslated"], stats["percent"]) == (1, 1, 50.0)
    translations(tmp_path, "stats", "--fail-under", "100", code=1)
    todo = translations(tmp_path, "todo", "fr").stdout
    assert "fr: 0 fuzzy, 1 untranslated, 1 translated of 2 messages" in todo, todo
    assert "index.po:1: not in this catalog yet" in todo and "English:     Treasurer" in todo


# -- the status page counts what the pages say now ---------------------------------------------


def status_rows(app, page: str = "status") -> dict[str, tuple[int, int, int]]:
    """The French table of the status page: page title -> (translated, fuzzy, untranslated)."""
    from bs4 import BeautifulSoup

    html = BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    rows = {}
    for row in html.select("table.bpd-status-table tbody tr"):
        cells = [cell.get_text() for cell in row.select("td")]
        rows[cells[0]] = (int(cells[1].split()[0]), int(cells[2]), int(cells[3]))
    return rows


def test_the_status_page_counts_what_the_pages_say_now(tmp_path, make_app):
    """A page added and a sentence added since the last update: the status page said
    100% (it counted the templates), while the pages showed English with the notice."""
    pages = {
        "index.md": "# Home\n\nHello.\n",
        "new.md": "---\norphan: true\n---\n# New page\n\nA new sentence.\n",
        "status.md": "---\norphan: true\n---\n# Status\n\n```{translation-status}\n```\n",
    }
    catalogs = {
        "index.po": '\nmsgid "Home"\nmsgstr "Accueil"\n\nmsgid "Hello."\nmsgstr "Bonjour."\n'
    }
    src = site(tmp_path / "src", pages, catalogs)
    project(src, {"index": ["Home", "Hello."]}, catalogs)  # as the last update left it

    def french() -> dict:
        app = make_app("html", srcdir=src, confoverrides={"language": "fr"})
        app.build()
        return status_rows(app)

    rows = french()
    assert rows["Accueil"] == (2, 0, 0)
    assert rows["New page"] == (0, 0, 2)
    assert rows["Status"] == (0, 0, 1)
    # An English edit: the status page is written again, though its own page is unchanged.
    (src / "index.md").write_text("# Home\n\nHello.\n\nGoodbye.\n", encoding="utf-8")
    assert french()["Accueil"] == (2, 0, 1)


# -- update: what it offers, and how todo says it ------------------------------------------------


def english(*keys) -> pofile.PoFile:
    """A template of the page "people" with these messages (msgid, or (msgctxt, msgid))."""
    template = pofile.new(None)
    for entry in keys:
        context, msgid = entry if isinstance(entry, tuple) else (None, entry)
        template.catalog.add(msgid, context=context, locations=[("people.md", None)])
    return template


def updated(root: Path, template: pofile.PoFile, language: str = "sw") -> pofile.PoFile:
    """The page's catalog after update, with ``template`` as its English (on disk too, as
    update writes it)."""
    from tools.translations.update import update_language

    catalogs = Catalogs(root)
    pofile.write(catalogs.template("people"), template, None)
    update_language(catalogs, language, {"people": template})
    return catalogs.read(catalogs.catalog(language, "people"))


def test_todo_names_the_plural_forms_still_to_write(tmp_path):
    """A plural message with one form written is shown in English: which form is left
    was for the translator to find."""
    plural = '\nmsgid "One page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] "Ukurasa mmoja"\n'
    project(tmp_path, {"people": ["One page"]}, {"people.po": plural + 'msgstr[1] ""\n'},
            language="sw")  # fmt: skip
    path = Catalogs(tmp_path).directory("sw") / "people.po"
    line = path.read_text(encoding="utf-8").split("\n").index('msgid "One page"') + 1
    said = todo(tmp_path)
    assert f"people.po:{line} (msgstr[1] still empty)\n      English:     One page" in said, said


def test_a_new_page_s_catalog_has_its_language_s_plural_rule(tmp_path):
    """French's catalogs count two forms (gettext's rule); a page added later got babel's,
    three (CLDR's "many", for a million), so one language had two rules."""
    rule = "nplurals=2; plural=(n > 1);"
    project(tmp_path, {}, {"sphinx.po": ""}, language="fr")
    sphinx = Catalogs(tmp_path).catalog("fr", "sphinx")
    sphinx.write_text(sphinx.read_text("utf-8").replace("nplurals=2; plural=(n != 1);", rule))
    # (Babel's rule for French, which a new page got, is another: else this proves nothing.)
    assert pofile.new("fr").catalog.plural_forms != rule
    new = updated(tmp_path, english("Our events"), language="fr")
    assert (new.header_value("Plural-Forms"), new.catalog.num_plurals) == (rule, 2)


def todo(root: Path, language: str = "sw") -> str:
    from contextlib import redirect_stdout
    from io import StringIO

    from tools.translations import report

    printed = StringIO()
    with redirect_stdout(printed):
        report.todo(Catalogs(root), language, [])
    return printed.getvalue()


def test_a_new_role_form_is_prefilled_from_the_same_role_only(tmp_path):
    """A new form of "Community Manager" got "Meneja wa Ufundi", the translation of
    Technical Manager (babel's closest match), marked as if the English had changed."""
    project(
        tmp_path,
        {},
        {"people.po": '\nmsgid "Technical Manager"\nmsgstr "Meneja wa Ufundi"\n'},
        language="sw",
    )
    catalog = updated(
        tmp_path,
        english(
            "Technical Manager", ("feminine", "Technical Manager"),
            "Community Manager", ("feminine", "Community Manager"),
        ),
    ).catalog  # fmt: skip
    # The same role in another form: offered, fuzzy, with no English it was made from.
    form = catalog.get("Technical Manager", "feminine")
    assert (form.string, form.fuzzy, form.previous_id) == ("Meneja wa Ufundi", True, [])
    # Another role's translation: never offered for a role's form.
    assert catalog.get("Community Manager", "feminine").string == ""
    # ...and offered for a message without a form only as what it is: a suggestion from
    # a similar message, not "the English changed" (Technical Manager is still there).
    similar = catalog.get("Community Manager")
    assert similar.fuzzy and similar.previous_id == []
    said = todo(tmp_path)
    assert "the English changed" not in said, said
    assert (
        "(a new form of this role: the suggestion is its translation without a form; make it "
        "the feminine form, or keep it if your language has one form)" in said
    ), said
    assert (
        "(a suggestion from a similar message, 'Technical Manager' (people.po): check that it "
        "fits here)" in said
    ), said


@pytest.mark.parametrize("before", [None, "femenine"], ids=["without a form", "a misspelt form"])
def test_a_role_s_only_holder_choosing_a_form_keeps_its_translation(tmp_path, before):
    """The one Treasurer says ``form: feminine``: the role without a form leaves the page in
    the same update. Its translation was dropped, and the page showed the role in English."""
    context = f'msgctxt "{before}"\n' if before else ""
    project(tmp_path, {}, {"people.po": f'\n{context}msgid "Treasurer"\nmsgstr "Trésorière"\n'},
            language="fr")  # fmt: skip
    catalog = updated(tmp_path, english(("feminine", "Treasurer")), language="fr").catalog
    form = catalog.get("Treasurer", "feminine")
    assert (form.string, form.fuzzy, form.previous_id) == ("Trésorière", True, [])
    said = todo(tmp_path, "fr")
    assert (
        "a new form of this role: the suggestion is its translation in the form its holder "
        "had before; make it the feminine form" in said
    ), said


def test_after_two_english_edits_a_fuzzy_entry_keeps_the_english_it_was_translated_from(
    tmp_path,
):
    """The second edit's update wrote the first edit's English as #| msgid: the word diff
    then hid what the first edit changed."""
    project(
        tmp_path,
        {},
        {"people.po": '\nmsgid "We meet every week."\nmsgstr "Tunakutana kila wiki."\n'},
        language="sw",
    )
    updated(tmp_path, english("We meet every week on Discord."))
    message = updated(tmp_path, english("We meet every week on Discord and Zoom.")).catalog.get(
        "We meet every week on Discord and Zoom."
    )
    assert message.fuzzy and message.previous_id == ["We meet every week."]
    assert message.string == "Tunakutana kila wiki."
    assert "[-week.-]{+week on Discord and Zoom.+}" in todo(tmp_path)


# -- what a translator is told ---------------------------------------------------------------


def problems_of(tmp_path: Path, entries: str, language: str = "sw", name: str = "page.po"):
    """The problems ``check`` finds in a catalog holding ``entries``."""
    catalogs = project(tmp_path, {}, {name: entries}, language=language)
    return [
        (problem.line, problem.message)
        for problem in catalogs.check(catalogs.directory(language) / name).problems
    ]


def test_a_role_that_lost_a_backtick_is_said_as_such(tmp_path):
    """Its target was read as an HTML tag: "HTML added (our-goal)", for a backtick."""
    found = problems_of(
        tmp_path,
        '\nmsgid "See {ref}`our goal <our-goal>`."\nmsgstr "Tazama {ref}`lengo letu <our-goal>."\n',
    )
    assert [message for _line, message in found] == [
        "role {ref} lost a backtick: write it {ref}`text <our-goal>` as the English does in "
        "msgid 'See {ref}`our goal <our-goal>`.'"
    ]


def test_a_string_broken_over_two_lines_is_said_not_closed(tmp_path):
    """An editor that wraps at 79 columns, inside the quotes: the first line's string
    is not closed, and the second is no line of a catalog."""
    found = problems_of(tmp_path, '\nmsgid "Say hello"\nmsgstr "Sema\nhabari"\n')
    assert found == [
        (12, "syntax error: 'msgstr \"Sema' (the string is not closed: each line of a "
             'string ends with ")'),
        (13, "syntax error: 'habari\"'"),
    ]  # fmt: skip


def test_a_quotation_mark_that_ends_a_string_gets_the_way_to_write_it(tmp_path):
    found = problems_of(tmp_path, '\nmsgid "Say hello"\nmsgstr "Sema "habari" kwao"\n')
    assert found == [(12, "syntax error: 'msgstr \"Sema \"habari\" kwao\"' (a \" inside a "
                          'translation is written \\")')]  # fmt: skip


@pytest.mark.parametrize(
    ("saved", "said"),
    [
        (lambda data: data.replace(b"\n", b"\r"),
         "its lines end in a carriage return alone (CR): save it with LF line ends"),
        (lambda data: b"\xef\xbb\xbf" + data,
         "it starts with a byte order mark (BOM, U+FEFF): save it as UTF-8 without one"),
    ],
    ids=["CR line ends", "byte order mark"],
)  # fmt: skip
def test_a_file_saved_in_a_form_gettext_refuses_gets_the_way_to_save_it(tmp_path, saved, said):
    """A catalog saved with classic Mac OS line ends (CR alone) is one line, a comment
    to its end, as GNU gettext reads it too (it was said to have no Language in its
    header); one saved with a byte order mark, as Windows Notepad did, was a syntax
    error that named U+FEFF. Each is said as what it is, and how to save it."""
    found = problems_of(tmp_path, '\nmsgid "Say hello"\nmsgstr "Sema habari"\n')
    assert found == []
    path = Catalogs(tmp_path).directory("sw") / "page.po"
    path.write_bytes(saved(path.read_bytes()))
    (problem,) = Catalogs(tmp_path).check(path).problems
    assert (problem.line, problem.stops, problem.message) == (1, True, said), problem


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Caf\\303\\251", "the escape \\303 is not read here: write the character itself"),
        ("C:\\quest", "\\q is no escape: a backslash is written \\\\"),
    ],
)
def test_an_escape_babel_would_misread_gets_the_way_to_write_it(tmp_path, written, said):
    """``msgcat --escape`` writes "é" as \\303\\251, which GNU gettext reads as two
    bytes and babel (the site's reader) as seven characters: refused, and said how; a
    backslash before a letter that makes no escape, as what it is."""
    found = problems_of(tmp_path, f'\nmsgid "Caf\u00e9"\nmsgstr "{written}"\n')
    line = f'msgstr "{written}"'
    assert found == [(12, f"syntax error: {line!r} ({said})")]


@pytest.mark.parametrize("style", [["--indent"], ["--width=20"]])
def test_a_catalog_rewritten_by_gettext_s_own_tools_reads_the_same(tmp_path, style):
    """GNU msgcat's styles, which msgfmt reads as the same catalog: indented lines (the
    check refused them as syntax errors) and strings wrapped short."""
    import shutil

    from helpers import most_translated, unavailable

    if shutil.which("msgcat") is None:
        unavailable("GNU msgcat is not installed (apt-get install gettext)")
    catalogs = Catalogs(tmp_path)
    source = Catalogs(ROOT).catalog(most_translated(ROOT), "about/index")
    path = catalogs.catalog(language_of(source), "about/index")
    path.parent.mkdir(parents=True)
    subprocess.run(["msgcat", *style, "-o", str(path), str(source)], check=True)
    assert path.read_bytes() != source.read_bytes()
    assert catalogs.check(path).problems == []

    def messages(po: Path) -> dict:
        read = pofile.read(po).catalog
        return {(m.context, m.id): (m.string, m.fuzzy) for m in read if m.id}

    assert messages(path) == messages(source)


def test_a_placeholder_without_its_type_is_said_as_one_not_as_a_spelling(tmp_path):
    """ "%(name)" for "%(name)s": check asked to add "name" to the word list."""
    from tools.translations.spelling import spelling_problems

    entries = '\n#, python-format\nmsgid "Photo of %(name)s"\nmsgstr "Picha ya %(name) leo"\n'
    for name in ("page.po", "sphinx.po"):
        found = problems_of(tmp_path / name, entries, name=name)
        assert [message.split(" in msgid ")[0] for _line, message in found] == [
            "placeholder %(name) lost its type: write %(name)s as the English does"
        ], found
    catalogs = Catalogs(tmp_path / "page.po")
    spelt, _notes = spelling_problems(catalogs, [catalogs.catalog("sw", "page")])
    assert not [problem for problem in spelt if "'name'" in problem], spelt


def test_the_header_s_language_charset_and_plural_forms_are_said_at_their_lines(tmp_path):
    text = HEADER.format(language="es").replace("charset=UTF-8", "charset=latin-1")
    text = text.replace("nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n != 1 ? 2 : 0);")
    catalogs = project(tmp_path, {}, {})
    path = catalogs.catalog("fr", "page")
    path.parent.mkdir(parents=True)
    path.write_text(text + '\nmsgid "a page"\nmsgid_plural "pages"\nmsgstr[0] "x"\nmsgstr[1] "y"\n')
    lines = {row.split(":")[0].strip('"'): n for n, row in enumerate(text.splitlines(), 1)}
    found = {problem.issue.split()[1]: problem.line for problem in catalogs.check(path).problems}
    assert found == {
        "Language": lines["Language"],
        "latin-1": lines["Content-Type"],
        "header's": lines["Plural-Forms"],
    }, found


# -- composed text (NFC) ---------------------------------------------------------------------

#: A Yoruba word as some keyboards write it: letters, then their tone marks apart (NFD).
COMPOSED = "Àfojúsùn wa"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_a_translation_in_decomposed_form_is_read_composed_named_and_mended(tmp_path):
    """Published as written, it was not found by a reader who typed the word."""
    catalogs = project(tmp_path, {"index": ["Our goal"]}, {}, language="yo")
    written = pofile.new("yo")
    written.catalog.add("Our goal", COMPOSED, locations=[("index.md", None)])
    path = catalogs.catalog("yo", "index")
    path.parent.mkdir(parents=True)
    path.write_text(pofile.dumps(written, "yo").replace(COMPOSED, DECOMPOSED), encoding="utf-8")
    checked = catalogs.check(path)
    assert checked.catalog.get("Our goal").string == COMPOSED  # what the build compiles
    assert [problem.issue.split(" (")[0] for problem in checked.problems] == [
        "written in decomposed Unicode"
    ]
    assert checked.usable and not checked.refused  # mended where it is read, not refused
    said = translations(tmp_path, "check", str(path), code=1).stdout
    assert f"index.po:{checked.problems[0].line}: written in decomposed Unicode" in said
    translations(tmp_path, "format", "--check", code=1)
    translations(tmp_path, "format")
    assert COMPOSED in path.read_text(encoding="utf-8")
    assert catalogs.check(path).problems == []


def test_pages_grid_data_and_translations_are_published_composed(tmp_path, make_app):
    people = f"- name: {DECOMPOSED} Ọlá\n  role: {DECOMPOSED}\n"
    pages = {
        "index.md": f"# Home\n\n{DECOMPOSED} on the page.\n\n```{{leadership-grid}}\n"
        ":file: people.yaml\n```\n",
        "people.yaml": people,
    }
    entries = f'\nmsgid "Home"\nmsgstr "{DECOMPOSED} ilé"\n'
    src = site(tmp_path / "src", pages, {"index.po": entries})
    app = make_app("html", srcdir=src, confoverrides={"language": "fr"})
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert DECOMPOSED not in html
    assert f"{COMPOSED} ilé" in html  # the translation
    assert f"{COMPOSED} on the page." in html  # the page
    assert unicodedata.normalize("NFC", f"{DECOMPOSED} Ọlá") in html  # the grid's data file
    assert not [line for line in warnings_of(app) if "[bpd" in line], warnings_of(app)


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068",
                                     "\u2069", "\u202d", "\u202e"])  # fmt: skip
def test_every_bidi_control_is_refused_in_a_translation_and_dropped_from_grid_data(
    tmp_path, control
):
    """Embeddings and isolates passed check and the build and were published; only the
    overrides were refused."""
    from bpd.grids.schema import LEADERSHIP

    found = problems_of(tmp_path, f'\nmsgid "Treasurer"\nmsgstr "Mweka {control}hazina"\n')
    assert [message.split(" in msgid")[0] for _line, message in found] == [
        f"control character U+{ord(control):04X} (not text a page can show)"
    ]
    clean, _problems = LEADERSHIP.validate({"name": "Amani", "role": f"Mweka {control}hazina"})
    assert clean["role"] == "Mweka hazina"


def test_stats_piped_into_a_reader_that_stops_ends_quietly():
    """``stats --json | head`` ended in a BrokenPipeError traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.translations", "stats", "--json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    process.stdout.close()  # the reader is gone before a line is written
    _out, error = process.communicate(timeout=120)
    assert b"Traceback" not in error and b"BrokenPipeError" not in error, error.decode()
