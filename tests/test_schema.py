"""Unit tests of the entry schema and the YAML reader (no Sphinx build needed)."""

from __future__ import annotations

import pytest

from bpd.grids.data import YamlProblem, read_entries
from bpd.grids.schema import INITIATIVES, LEADERSHIP
from bpd.photos import initials


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "http://example.org/a?b=c",
        "HTTPS://EXAMPLE.ORG",
        "/about/",
        "/initiatives/#x",
        "mailto:contact@blackpythondevs.com",
    ],
)
def test_accepted_urls(url):
    clean, problems = LEADERSHIP.validate({"name": "A", "role": "B", "url": url})
    assert problems == [] and clean["url"] == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>",
        "vbscript:msgbox",
        "//evil.example/",
        "ftp://example.org",
        "https://",
        "relative/path",
        "/\\evil.example",
        "mailto:javascript:alert(1)",
        "jav\tascript:alert(1)",
        "java\u0000script:alert(1)",
        "\u202ejavascript:alert(1)",
        "https://example.org/pycon 2027",
        "https://example.org/a\u00a0b",
        "http://<script>",
        "/about/ page",
        "https://example.org/x\u200by",
        "https://example.org/100%off",
    ],
)
def test_refused_urls(url):
    clean, problems = LEADERSHIP.validate({"name": "A", "role": "B", "url": url})
    assert clean is None
    assert problems and problems[0][0] == "url"


def test_a_space_in_a_url_is_named_with_its_escape():
    """The page's link, the schema.org data and the calendar's URL carried it as written."""
    problems = LEADERSHIP.validate({"name": "A", "role": "B", "url": "https://a.org/b c"})[1]
    assert problems == [("url", "'url': 'https://a.org/b c' holds a space, which a URL "
                                "cannot: write it %20")]  # fmt: skip


@pytest.mark.parametrize("handle", ["a", "kjaymiller", "Velda-Kiara", "x" * 39])
def test_good_handles(handle):
    assert LEADERSHIP.validate({"name": "A", "role": "B", "github": handle})[1] == []


@pytest.mark.parametrize("handle", ["-a", "a-", "a--b", "a/b", "x" * 40, "a b", "@a"])
def test_bad_handles(handle):
    assert LEADERSHIP.validate({"name": "A", "role": "B", "github": handle})[0] is None


@pytest.mark.parametrize(
    "photo", ["../secret.png", "/../../etc/passwd.png", "/_static/../../x.png", "//host/x.png",
              "_static/x.png", "/_static/x.svg", "C:\\x.png"],
)  # fmt: skip
def test_photo_paths_that_leave_the_tree_or_are_not_images(photo):
    assert LEADERSHIP.validate({"name": "A", "role": "B", "photo": photo})[0] is None


def test_text_is_cleaned_of_controls_and_bidi_overrides():
    clean, _ = LEADERSHIP.validate({"name": "Ada\x00 \u202eLovelace\n", "role": "  Chair  "})
    assert clean == {"name": "Ada Lovelace", "role": "Chair"}


def test_initiative_needs_every_key():
    clean, problems = INITIATIVES.validate({"id": "a"})
    assert clean is None
    assert {message for _, message in problems} == {
        "missing required key 'title'",
        "missing required key 'summary'",
    }


def test_entries_remember_their_lines():
    entries = read_entries("# comment\n- name: A\n  role: B\n\n- name: C\n  role: D\n")
    assert [entry.line for entry in entries] == [1, 4]
    assert entries[1].line_of("role") == 5
    assert entries[1].line_of(None) == 4


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 0, "empty"),
        ("name: A\nrole: B\n", 0, "expected a YAML list"),
        ("- name: A\n  name: B\n", 1, "duplicate key 'name'"),
        # Left open to the end of the text: the line where it was opened.
        ("- name: [oops\n", 0, "invalid YAML"),
        ('- name: A\n  role: "B\n- name: C\n', 1, "invalid YAML"),
        ("- name: A\n  role: B: C\n", 1, "mapping values are not allowed here"),
        ("just text", 0, "expected a YAML list"),
        ("- name: \x07bell\n", 0, "invalid YAML"),
        # A contributor's slips, with how to mend them (PyYAML's words alone before).
        ("- name: A\n  role: B  # x\n    github: c\n", 2, "(check the indentation: each "
         "entry starts with '- ', and each of its keys in the same column as the first)"),
        # PyYAML's "expected <block end>, but found '?'": a '?' no file holds.
        ("- name: A\n  role: B\nname: C\n  role: D\n", 2, "invalid YAML: this line is out of "
         "step with the lines above it (check the indentation"),
        ("- name: A\n\trole: B\n", 1, "(indent with spaces: YAML refuses a tab)"),
        # ...and not for a quote: PyYAML's "but found '<scalar>'" after it.
        ("- name: A\n  role: B\n C\n", 2, "invalid YAML: this line is out of step"),
        ('- name: "Ada" Lovelace\n', 0, "invalid YAML: text after a closing quote"),
        ("- name: A\n  role: [a, b] c\n", 1, "invalid YAML: this line is out of step"),
        ("- name: A\n  role: 'Ghana's lead'\n", 1, "invalid YAML: text after a closing quote "
         "(put the whole value in the other quote mark (\"O'Brien\"), or write an apostrophe "
         "in '...' twice ('O''Brien'))"),
        ("- name: A\n  role: B\n\n## Our aims\n\nWe meet.\n", 5, "could not find expected ':' "
         "(a line above is no 'key: value'; if this line is the page's text, close the "
         "directive with its ``` line)"),
        ("- name: A\n  role: B\n  name: C\n", 2, "duplicate key 'name' (each key once in an "
         "entry; a new entry starts with '- ')"),
    ],
)  # fmt: skip
def test_yaml_problems_have_lines(text, line, message):
    with pytest.raises(YamlProblem) as caught:
        read_entries(text)
    assert caught.value.line == line
    assert message in caught.value.message


GROUPS = "# people\ncouncil:\n  - Ada\n  - name: Bo\n    role: Chair\nchair: Ada\nempty: []\n"


def test_a_group_is_read_with_its_lines():
    entries = read_entries(GROUPS, "council")
    assert [(entry.value, entry.line) for entry in entries] == [
        ("Ada", 2),
        ({"name": "Bo", "role": "Chair"}, 3),
    ]
    assert entries[1].line_of("role") == 4


@pytest.mark.parametrize(
    ("text", "group", "line", "message"),
    [
        (GROUPS, None, None, "the YAML holds groups (council, chair, empty): choose one"),
        (GROUPS, "councl", None, "no group 'councl'; the groups are: council, chair, empty"),
        (GROUPS, "chair", 5, "group 'chair' is not a list"),
        (GROUPS, "empty", 6, "group 'empty' is empty"),
        ("- Ada\n", "council", None, ":group: 'council' was given, but the YAML is one list"),
        ("a: [x]\na: [y]\n", "a", 1, "duplicate group 'a'"),
        ("? [a, b]\n: [x]\n", "a", 0, "a group's id must be plain text"),
        # A mapping of plain values is one entry without its dash, not groups.
        ("name: A\nrole: B\n", None, 0, "expected a YAML list"),
    ],
)
def test_group_problems(text, group, line, message):
    with pytest.raises(YamlProblem) as caught:
        read_entries(text, group)
    assert caught.value.line == line
    assert message in caught.value.message


def test_a_plain_string_is_a_name_alone():
    assert LEADERSHIP.validate("  Ada\u202e Lovelace ") == ({"name": "Ada Lovelace"}, [])
    clean, problems = INITIATIVES.validate("Build Local Black Community")
    assert clean is None
    assert problems == [
        (None, "each entry must be a mapping of keys (id, title, summary), not text")
    ]
    clean, problems = LEADERSHIP.validate(42)
    assert clean is None and "or a name alone, not a number" in problems[0][1]
    assert LEADERSHIP.validate("   ") == (None, [("name", "'name' is empty")])


@pytest.mark.parametrize("form", ["feminine", "masculine", "neutral"])
def test_a_role_may_say_the_form_its_holder_uses(form):
    entry = {"name": "Ada", "role": "Treasurer", "form": form}
    assert LEADERSHIP.validate(entry) == (entry, [])


@pytest.mark.parametrize("form", ["female", "Feminine", "f"])
def test_a_form_is_one_of_three_words(form):
    clean, problems = LEADERSHIP.validate({"name": "Ada", "role": "Treasurer", "form": form})
    assert clean is None
    assert problems == [("form", f"'form': {form!r} is not a form: feminine, masculine or neutral")]


def test_region_is_optional_and_translatable():
    entry = {"name": "Ada", "role": "Executor", "region": "Africa (West)"}
    assert LEADERSHIP.validate(entry) == (entry, [])
    assert LEADERSHIP.validate({"name": "Ada", "role": "Executor", "region": ""})[0] == {
        "name": "Ada", "role": "Executor",
    }  # fmt: skip
    assert {field.name for field in LEADERSHIP.fields if field.translatable} == {
        "role", "region", "alt",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jay Miller", "JM"), ("Doreen", "D"), ("oleksis fraga", "OF"), ("Émile Zola", "ÉZ"),
     ("", "?"), ("-- --", "?"), ("Maria de la Cruz", "MC")],
)  # fmt: skip
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("written", "meant"),
    [("UK", "GB"), ("GHA", "GH"), ("nga", "NG"), ("288", "GH"), ("Ghana", "GH"),
     ("c\u00f4te d\u2019ivoire", "CI"), ("côte d'ivoire", "CI"), ("Cote d'Ivoire", "CI"),
     ("Curacao", "CW"),
     ("Brazil", "BR")],
)  # fmt: skip
def test_a_country_written_another_way_is_told_its_code(written, meant):
    """CLDR's aliases of a country (its old or three-letter codes) and its English name:
    the warning says the code to write, where it said only what a code looks like."""
    from bpd.grids.schema import country

    assert country(written) == f"{written!r} is not an ISO 3166-1 country code: write {meant!r}"


@pytest.mark.parametrize("written", ["XY", "SU", "EU", "Africa", "World", "European Union"])
def test_a_code_of_no_one_country_is_refused_without_a_guess(written):
    from bpd.grids.schema import country

    assert country(written).endswith("(two letters, such as 'GH' or 'BR')")
