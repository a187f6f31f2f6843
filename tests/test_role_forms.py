"""A role in its holder's form (msgctxt) through the translators' tools: the counts the
status page and `stats` show, `check`, and `todo`, on a catalog with one role in three
forms (the grouped example, the real update and the build are in test_groups.py and
test_translations.py)."""

from __future__ import annotations

from helpers import copy_project, translations

from bpd.translations import pofile
from bpd.translations.catalogs import Catalogs

FORMS = """
msgid "Treasurer"
msgstr "Tesoureiro(a)"

msgctxt "feminine"
msgid "Treasurer"
msgstr "Tesoureira"

#, fuzzy
msgctxt "masculine"
msgid "Treasurer"
msgstr "Tesoureira"

msgctxt "neutral"
msgid "Treasurer"
msgstr ""
"""

HEADER = (
    "# Brazilian Portuguese translation of the Black Python Devs site.\n"
    'msgid ""\nmsgstr ""\n"Project-Id-Version: Black Python Devs\\n"\n'
    '"PO-Revision-Date: 2026-12-01 00:00+0000\\n"\n"Last-Translator: T <t@example.org>\\n"\n'
    '"Language-Team: Português\\n"\n"Language: pt_BR\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)


def test_each_form_is_counted_and_checked_on_its_own(tmp_path):
    path = tmp_path / "locales" / "pt_BR" / "LC_MESSAGES" / "people.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + FORMS, encoding="utf-8")
    catalogs = Catalogs(tmp_path)
    english = [
        (None, "Treasurer"),
        *((form, "Treasurer") for form in ("feminine", "masculine", "neutral")),
    ]
    counts = catalogs.count("pt_BR", "people", english)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (2, 1, 1)
    assert catalogs.check(path).problems == []


def test_todo_names_the_form_of_each_message(tmp_path):
    project = copy_project(tmp_path / "project", exclude=("tests/",))
    catalogs = Catalogs(project)
    # A page with the role in three forms, as update extracts and merges it.
    template = catalogs.read(catalogs.template("about/index"))
    for form in ("feminine", "masculine", "neutral"):
        template.catalog.add("Treasurer", context=form, locations=[("about/index.md", None)])
    pofile.write(catalogs.template("about/index"), template, None)
    path = catalogs.catalog("pt_BR", "about/index")
    forms = FORMS.split("\n\n", 1)[1]  # the role without a form is on the page already
    path.write_text(path.read_text(encoding="utf-8") + "\n" + forms, encoding="utf-8")
    out = translations(project, "todo", "pt_BR", "about").stdout
    assert "(msgctxt 'masculine': the role of someone who uses this form)" in out, out
    assert "(msgctxt 'neutral': the role of someone who uses this form)" in out, out
    assert "a new form of this role: the suggestion is its translation" in out, out


def test_a_context_that_is_no_form_is_reported_at_its_line_and_refused(tmp_path):
    """ "femenine" is never looked up: the leader's role would be shown in English, and
    the catalog would still count as translated."""
    path = tmp_path / "locales" / "pt_BR" / "LC_MESSAGES" / "people.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + FORMS.replace('"feminine"', '"femenine"'), encoding="utf-8")
    checked = Catalogs(tmp_path).check(path)
    # At its msgid's line, as every message's problem (the line after the msgctxt).
    line = path.read_text(encoding="utf-8").splitlines().index('msgctxt "femenine"') + 2
    assert [(problem.line, problem.message) for problem in checked.problems] == [
        (
            line,
            "msgctxt 'femenine' is not a role's form: feminine, masculine, neutral "
            "in msgid 'Treasurer' (msgctxt 'femenine')",
        )
    ]
    assert checked.usable and checked.refused == {("femenine", "Treasurer")}
