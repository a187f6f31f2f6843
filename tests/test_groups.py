"""Leadership in groups, at the community's shape (``tests/roots/test-groups``): one
data file of groups, a directive showing one; a name alone; regions joined to roles
in the reader's language; people in two groups."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from helpers import ANSI, built, grids_snapshot, shared_build, warnings_of

from bpd.grids.cards import _joined

ENGLISH = shared_build("groups")
PORTUGUESE = shared_build("groups", confoverrides={"language": "pt_BR"})
FRENCH = shared_build("groups", confoverrides={"language": "fr"})
EXTRACTED = shared_build("groups", "gettext")

#: What the page shows, group by group, as read in tests/roots/test-groups/_data.
EXECUTORS = [
    ("Amara Okafor", "Executor, Global"),
    ("Marcus Bellamy", "Executor, US/Canada"),
    ("Luiza Nascimento", "Executor, LATAM"),
    ("Kwame Mensah-Boateng", "Executor, Africa"),
    ("Ifeoma Adeyemi", "Executor, Africa (West)"),
    ("Thandiwe Mokoena", "Executor, Africa (Southern)"),
    ("Wanjiru Kamau", "Executor, Africa (East)"),
]
TEAM_LEADS = [
    ("Sipho Ndlovu", "Documentation Lead"),
    ("Fatou Diallo", "Code of Conduct Lead"),
    ("Rafael Conceição", "Welcoming Lead"),
]
ADVISORS = [
    ("Adaeze Nwosu", "Advisor"),
    ("Jerome Whitfield", "Advisor"),
    ("Nia Okonkwo-Bright", "Advisor"),
    ("Fatou Diallo", "Advisor"),
    ("Kofi Asante", None),  # a name alone, in a list of cards: no role line
    ("Beatriz Moura", "Advisor"),
]
COUNCIL = [
    "Zainab Bello", "Chidi Eze", "Ama Serwaa", "Tendai Moyo", "Baraka Otieno",
    "Halima Yusuf", "Joaquim Santos", "Makena Njeri", "Olumide Bakare", "Nandi Zulu",
    "Abena Owusu", "Thiago Oliveira", "Esi Quansah", "Musa Abdullahi", "Precious Banda",
    "Yaw Darko", "Aisha Mohammed", "Kalinda Phiri", "Dayo Ogunleye", "Imani Wright",
    "Jabari Coleman", "Lerato Khumalo", "Wanjiru Kamau", "Marcus Bellamy",
]  # fmt: skip


@pytest.fixture
def page(app) -> BeautifulSoup:
    html = (built(app).outdir / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def section(page: BeautifulSoup, section_id: str):
    return page.find("section", id=section_id)


def cards_of(part) -> list[tuple[str, str | None]]:
    """(name, role line) of each card, None where the card has no role line."""
    found = []
    for item in part.select("ul.bpd-grid-list > li"):
        role = item.select_one(".bpd-role")
        found.append((item.select_one(".bpd-name").get_text(), role and role.get_text()))
    return found


def test_the_example_is_the_community_shape():
    """Forty places: seven regional executors, three team leads, six advisors and a
    council of twenty-four; three people in two groups."""
    assert [len(g) for g in (EXECUTORS, TEAM_LEADS, ADVISORS, COUNCIL)] == [7, 3, 6, 24]
    everyone = [name for name, _ in EXECUTORS + TEAM_LEADS + ADVISORS] + COUNCIL
    assert len(everyone) == 40 and len(set(everyone)) == 37


@ENGLISH
def test_builds_without_warnings(app):
    assert warnings_of(built(app)) == []


@ENGLISH
def test_doctree_snapshot(app, file_regression):
    """The grids and the list of names, as the directive makes them (before the
    region is joined to its role at write time); checked by eye."""
    file_regression.check(grids_snapshot(built(app)), extension=".xml")


@ENGLISH
def test_each_directive_shows_its_group(page):
    assert cards_of(section(page, "executors")) == EXECUTORS
    assert cards_of(section(page, "team-leads")) == TEAM_LEADS
    assert cards_of(section(page, "advisors")) == ADVISORS


@ENGLISH
def test_a_name_alone_is_a_card_without_role_line(page):
    kofi = section(page, "advisors").select("ul.bpd-grid-list > li")[4]
    assert kofi.select_one(".bpd-name").get_text() == "Kofi Asante"
    assert kofi.select(".sd-card-body > p") == [kofi.select_one(".bpd-name")]
    assert kofi.select_one("img.bpd-initials")["alt"] == ""


@ENGLISH
def test_names_alone_are_a_list_in_columns(page):
    council = section(page, "council")
    (names,) = council.select("ul")
    assert names["class"] == ["bpd-names", "bpd-leadership", "simple"]
    assert [li.get_text() for li in names.find_all("li", recursive=False)] == COUNCIL
    # No pictures, no cards, no grid.
    assert council.select("img, .sd-card, .bpd-grid, .sd-row") == []


@ENGLISH
def test_the_same_person_in_two_groups_gives_no_duplicate_id(page):
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids)), ids
    names = [element.get_text() for element in page.select(".bpd-name, .bpd-names li")]
    assert names.count("Fatou Diallo") == 2 and names.count("Wanjiru Kamau") == 2


@ENGLISH
def test_photos_for_a_few_initials_for_the_others(page):
    photos = page.select("img.bpd-photo")
    assert [img["alt"] for img in photos] == [
        "Photo of Amara Okafor",
        "Luiza Nascimento at a meetup in Salvador",
        "Photo of Thandiwe Mokoena",
    ]
    assert all(img["src"].endswith(".webp") for img in photos)
    assert len(page.select("img.bpd-initials")) == 16 - 3


@FRENCH
def test_french_build_has_no_warnings(app):
    assert warnings_of(built(app)) == []


@FRENCH
def test_role_and_region_in_the_readers_language_as_the_translation_joins_them(page):
    roles = [p.get_text() for p in section(page, "executors").select(".bpd-role")]
    # Each in the form its holder chose (feminine, masculine, neutral; Kwame
    # Mensah-Boateng gave none): one role, three forms and the plain one, on one page.
    assert roles == [
        "Directrice exécutive — Monde",
        "Directeur exécutif — États-Unis et Canada",
        "Directrice exécutive — Amérique latine",
        "Membre exécutif — Afrique",
        "Directrice exécutive — Afrique occidentale",
        "Directrice exécutive — Afrique australe",
        "Membre de l\u2019exécutif — Africa (East)",  # the region not translated
    ]


@PORTUGUESE
def test_a_role_agrees_with_its_holder_in_portuguese_too(page):
    roles = [p.get_text() for p in section(page, "executors").select(".bpd-role")]
    assert [role.split(",")[0] for role in roles] == [
        "Executiva", "Executivo", "Executiva", "Integrante da executiva", "Executiva",
        "Executiva",
        "Executor",  # the neutral form is not translated: English, marked so
    ]  # fmt: skip
    neutral = section(page, "executors").select(".bpd-role")[6]
    assert neutral.select_one('[lang="en"]').get_text() == "Executor"
    assert "neutral" not in page.get_text()


@EXTRACTED
def test_a_role_with_a_form_is_extracted_with_it_as_its_context(app):
    catalog = (built(app).outdir / "index.pot").read_text(encoding="utf-8")
    for form in ("feminine", "masculine", "neutral"):
        assert catalog.count(f'msgid "{form}\x04Executor"\n') == 1, form


@FRENCH
def test_an_untranslated_region_is_marked_english_on_its_own(page):
    east = section(page, "executors").select(".bpd-role")[6]
    assert east.get("lang") is None
    assert [(span.get_text(), span["lang"]) for span in east.select("[lang]")] == [
        ("Africa (East)", "en")
    ]
    assert page.select("[lang=en]") == [east.span]


@FRENCH
def test_names_are_never_translated(page):
    # The French catalog "translates" Kofi Asante and Zainab Bello: never used.
    assert cards_of(section(page, "advisors"))[4] == ("Kofi Asante", None)
    names = [li.get_text() for li in section(page, "council").select("li")]
    assert names == COUNCIL


@pytest.mark.parametrize(
    "message",
    ["Executor", "Global", "US/Canada", "LATAM", "Africa", "Africa (West)", "Africa (Southern)",
     "Africa (East)", "Documentation Lead", "Code of Conduct Lead", "Welcoming Lead", "Advisor",
     "Luiza Nascimento at a meetup in Salvador"],
)  # fmt: skip
@EXTRACTED
def test_roles_and_regions_are_extracted(app, message):
    catalog = (built(app).outdir / "index.pot").read_text(encoding="utf-8")
    assert catalog.count(f'msgid "{message}"\n') == 1


@pytest.mark.parametrize("name", ["Kofi Asante", "Zainab Bello", "Amara Okafor", "Fatou Diallo"])
@EXTRACTED
def test_names_are_not_extracted(app, name):
    assert name not in (built(app).outdir / "index.pot").read_text(encoding="utf-8")


@pytest.mark.sphinx("dirhtml", testroot="groups", srcdir="groups-edit", freshenv=True)
def test_editing_the_data_file_rebuilds_the_page_that_uses_it(app, make_app):
    app.build()
    grouped = app.outdir / "index.html"
    other = app.outdir / "other" / "index.html"
    other_mtime = other.stat().st_mtime_ns
    time.sleep(0.01)
    data = app.srcdir / "_data" / "leadership.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("  - Yaw Darko\n", ""), "utf-8")
    again = make_app("dirhtml", srcdir=app.srcdir)
    again.build()
    assert "Yaw Darko" not in grouped.read_text(encoding="utf-8")
    status = ANSI.sub("", again.status.getvalue())
    assert "reading sources... [100%] index" in status, status
    assert "other" not in status.split("reading sources")[-1].split("writing output")[0]
    assert other.stat().st_mtime_ns == other_mtime


@pytest.mark.sphinx("dirhtml", testroot="groups", srcdir="groups-bad-join")
def test_a_join_without_its_placeholders_is_refused(app, make_app):
    """The translation of the join drops the region: the guard says so, at its line,
    and the card keeps the region, joined the English way."""
    catalog = app.srcdir / "locales" / "fr" / "LC_MESSAGES" / "sphinx.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "%(role)s — %(region)s"', 'msgstr "%(role)s"'))
    # A new application: the guard reads the catalogs when one starts.
    french = make_app("dirhtml", srcdir=app.srcdir, confoverrides={"language": "fr"})
    french.build()
    warnings = "\n".join(warnings_of(french))
    assert "sphinx.po:10: WARNING: placeholder changed (missing %(region)s)" in warnings, warnings
    page = BeautifulSoup((french.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert section(page, "executors").select_one(".bpd-role").get_text() == (
        "Directrice exécutive, Monde"
    )


@pytest.mark.parametrize(
    ("pattern", "joined"),
    [
        ("%(role)s, %(region)s", "Executor, Africa"),
        ("%(region)s : %(role)s", "Africa : Executor"),
        ("%(role)s (100%%), %(region)s", "Executor (100%), Africa"),
        # Whatever got past the guard, nothing is lost: the English pattern stands in.
        ("%(role)s", "Executor, Africa"),
        ("%(role)s %(role)s %(region)s", "Executor, Africa"),
        ("%(name)s", "Executor, Africa"),
    ],
)
def test_joined(pattern, joined):
    parts = {"role": [nodes.Text("Executor")], "region": [nodes.Text("Africa")]}
    assert "".join(node.astext() for node in _joined(pattern, parts)) == joined


@pytest.mark.sphinx("dirhtml", testroot="groups", srcdir="groups-bad-form", freshenv=True)
def test_a_refused_form_is_shown_in_english_and_the_other_forms_still_translated(app, make_app):
    """The guard refuses one form of a role (its translation holds HTML): only that
    form falls back to English, at a warning naming its msgctxt; the others stay."""
    catalog = app.srcdir / "locales" / "fr" / "LC_MESSAGES" / "index.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('"Directrice exécutive"', '"<b>Directrice</b>"'), "utf-8")
    french = make_app("dirhtml", srcdir=app.srcdir, confoverrides={"language": "fr"})
    french.build()
    warnings = "\n".join(warnings_of(french))
    assert "(msgctxt 'feminine'); the English text is shown instead" in warnings, warnings
    page = BeautifulSoup((french.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    roles = [p.get_text() for p in section(page, "executors").select(".bpd-role")]
    assert roles[:2] == ["Executor — Monde", "Directeur exécutif — États-Unis et Canada"]
    assert "<b>" not in str(page) and "Directrice" not in page.get_text()
