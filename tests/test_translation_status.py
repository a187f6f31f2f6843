"""Honest partial pages: English runs marked lang="en", the notice's count, the status
page, and who answers for each language (locales/languages.toml)."""

from __future__ import annotations

import datetime

import pytest
from babel.dates import format_date
from helpers import COMPLETE, ROOT, build_site, copy_project, soup

from bpd.languages.registry import Language, RegistryError, published, read_registry, read_teams
from bpd.translations import pofile
from bpd.translations.catalogs import Catalogs

pytestmark = pytest.mark.site

TRANSLATED = read_registry(ROOT)[1:]
PREFIX = {language.code: language.prefix for language in published(ROOT)}


def url_prefix(code: str) -> str:
    return PREFIX[code]


@pytest.mark.parametrize("language", read_registry(ROOT))
def test_the_status_page_counts_every_catalog(site, language):
    page = soup(site, url_prefix(language) + "translations/")
    names = page.select(".bpd-status-language strong span[lang]")
    assert [(name["lang"], name.get_text()) for name in names] == [
        (Language(code).tag, Language(code).name) for code in TRANSLATED
    ]
    tables = page.select("table.bpd-status-table")
    assert len(tables) == len(TRANSLATED)
    for code, table in zip(TRANSLATED, tables, strict=True):
        expected = {counts.page: counts for counts in Catalogs(ROOT).counts(code)}
        rows = table.select("tbody tr")
        assert len(rows) == len(expected)
        shown = sorted(
            (
                int(cells[1].get_text().split()[0]),
                int(cells[2].get_text()),
                int(cells[3].get_text()),
                cells[4].get_text(),
            )
            for row in rows
            if (cells := row.select("td"))
        )
        assert shown == sorted(
            (
                c.translated,
                c.fuzzy,
                c.untranslated,
                format_date(c.revised, "medium", locale=language),
            )
            for c in expected.values()
        )
        # Each page's row links to that page in the row's language.
        for link in table.select("a"):
            target = (site / url_prefix(language) / "translations" / link["href"]).resolve()
            assert (target / "index.html").is_file(), link["href"]
            assert (
                target.relative_to(site.resolve())
                .as_posix()
                .startswith(url_prefix(code).rstrip("/"))
            )


def test_no_page_claims_a_review_that_did_not_happen(site):
    """All five translations were written by the project's contributors: none reviewed."""
    assert all(team.reviews == () for team in read_teams(ROOT).values())
    page = soup(site, "translations/")
    teams = [p.get_text() for p in page.select(".bpd-status-team")]
    assert teams and all(
        "No coordinator yet." in text and "Not reviewed yet by a speaker of the language." in text
        for text in teams
    )
    for path in site.rglob("*.html"):
        assert "Last reviewed by" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("language", read_registry(ROOT))
def test_every_page_links_to_the_status_page(site, language):
    for page in ["", "about/", "initiatives/", "404/", "search/"]:
        link = soup(site, url_prefix(language) + page).select_one(".bpd-footer-translations a")
        target = posixpath_join(url_prefix(language) + page, link["href"])
        assert target == url_prefix(language) + "translations/"


def posixpath_join(page: str, href: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join("/" + page, href)).lstrip("/") + "/"


@pytest.mark.parametrize("language", ["en", *COMPLETE])
def test_a_complete_page_has_no_english_run_and_no_notice(site, language):
    for page in ["", "about/", "initiatives/", "translations/", "404/"]:
        html = soup(site, url_prefix(language) + page)
        main = html.select_one("#furo-main-content")
        assert [element.get_text()[:40] for element in main.select('[lang="en"]')] == []
        assert html.select_one(".bpd-translation-notice") is None


# -- a partly translated page ----------------------------------------------------------------


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    """A copy whose Swahili About page lost two translations and has one fuzzy."""
    project = copy_project(tmp_path_factory.mktemp("partial"))
    path = project / "locales" / "sw" / "LC_MESSAGES" / "about" / "index.po"
    catalog = pofile.read(path)
    english = {
        "Our goal": "untranslated",  # a heading
        "Treasurer": "untranslated",  # a role in the leadership grid
        "We help local leaders take part in global Python events.": "fuzzy",  # a card
    }
    for message in catalog.catalog:
        if message.id in english:
            if english[message.id] == "fuzzy":
                message.flags.add("fuzzy")
            else:
                message.string = ""
    pofile.write(path, catalog, "sw")
    result = build_site(project, project / "_build", "sw")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "_build" / "html" / "sw", english


def test_english_runs_are_marked(partial):
    _project, built, english = partial
    page = soup(built, "about/")
    marked = {
        " ".join(e.get_text().split()): e for e in page.select('#furo-main-content [lang="en"]')
    }
    assert set(marked) == set(english)
    heading = marked["Our goal"]
    assert heading.name == "span" and heading.parent.name == "h2"  # inside the heading
    assert marked["Treasurer"].name == "p" and "bpd-role" in marked["Treasurer"]["class"]
    # The heading is English in the page's contents too.
    toc = page.select_one(".toc-tree")
    assert toc.select_one('[lang="en"]').get_text() == "Our goal"


def test_the_notice_counts_what_is_in_english(partial):
    project, built, _english = partial
    notice = soup(built, "about/").select_one(".bpd-translation-notice").get_text(" ")
    catalog = Catalogs(project).count("sw", "about/index")
    total = catalog.total - 1  # the page's description is a message, but not shown
    assert f"kati ya {total}" in notice and "vifungu 3 " in notice, notice
    assert soup(built, "initiatives/").select_one(".bpd-translation-notice") is None


def test_the_status_page_shows_the_partial_page(partial):
    _project, built, _english = partial
    page = soup(built, "translations/")
    swahili = page.select("table.bpd-status-table")[TRANSLATED.index("sw")]
    row = next(r for r in swahili.select("tbody tr") if r.select_one("a")
               and r.select_one("a")["href"].endswith("about/"))  # fmt: skip
    cells = [cell.get_text() for cell in row.select("td")]
    assert (cells[2], cells[3]) == ("1", "2")
    bar = row.select_one(".bpd-bar")
    assert bar["aria-hidden"] == "true"
    assert [span["class"][0] for span in bar.select("span")] == [
        "bpd-bar-translated", "bpd-bar-fuzzy", "bpd-bar-untranslated",
    ]  # fmt: skip


def test_a_catalog_is_counted_again_once_its_bytes_change(tmp_path):
    # Counts are kept per process (every language's status page counts every catalog):
    # an edit of the same size, within the file system's time resolution, still counts.
    catalogs = Catalogs(tmp_path)
    path = catalogs.catalog("sw", "page")
    path.parent.mkdir(parents=True)
    entry = 'msgid "Hello"\nmsgstr "{}"\n'
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

    def count():
        return catalogs.count("sw", "page", [(None, "Hello")])

    path.write_text(header + "#, fuzzy\n" + entry.format("Habari"), encoding="utf-8")
    assert (count().translated, count().fuzzy) == (0, 1)
    path.write_text(header + "#. fuzzy\n" + entry.format("Habari"), encoding="utf-8")
    assert (count().translated, count().fuzzy) == (1, 0)
    counted = count()
    counted.translated += 5  # a caller's change stays its own
    assert count().translated == 1


# -- languages.toml ---------------------------------------------------------------------------


def test_a_recorded_review_and_coordinators_are_shown(tmp_path):
    project = copy_project(tmp_path / "project", exclude=("tests/",))
    registry = project / "locales" / "languages.toml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "[teams.sw]\ncoordinators = []",
            '[teams.sw]\ncoordinators = ["amani-example"]\n\n[[teams.sw.reviews]]\n'
            'by = ["zawadi-example"]\ndate = 2027-01-15\nnote = "every page"',
        ),
        encoding="utf-8",
    )
    result = build_site(project, project / "_build", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    teams = soup(project / "_build" / "html" / "en", "translations/").select(".bpd-status-team")
    swahili = teams[TRANSLATED.index("sw")].get_text()
    assert swahili == (
        "Coordinators: @amani-example. Last reviewed by @zawadi-example on January 15, 2027."
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("[teams.xx]\ncoordinators = []\n", "languages.toml:{line}: [teams.xx] is not a"),
        ('[teams.sw]\ncoordinator = ["a"]\n', "languages.toml:{line}: unknown key(s) coordinator"),
        ('[teams.sw]\n[[teams.sw.reviews]]\nby = ["a"]\ndate = "soon"\n',
         "languages.toml:{line}: a review needs 'by' (who) and 'date'"),
        ('[teams.sw\n', "languages.toml:{line}: Expected ']' at the end of a table declaration"),
        ('[teams.sw]\n[teams.sw.reviews]\nby = ["a"]\ndate = 2027-01-15\n',
         "languages.toml:{line}: reviews are tables, each under its own [[teams.sw.reviews]]"),
    ],
)  # fmt: skip
def test_a_mistake_in_languages_toml_names_the_file_and_line(tmp_path, table, expected):
    registry = tmp_path / "locales" / "languages.toml"
    registry.parent.mkdir()
    text = 'languages = ["en", "sw"]\n\n'
    registry.write_text(text + table, encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        read_teams(tmp_path)
    assert expected.format(line=3) in str(raised.value)
    assert str(raised.value).startswith(str(registry))


@pytest.mark.parametrize(
    ("registry", "line", "expected"),
    [
        ('# the site\nlanguages = ["en", "sw",\n  "xx"]\n', 3,
         "'xx' is not a language code babel knows"),
        ('languages = ["en", "pt-BR"]\n', 1,
         "'pt-BR' is not a language code babel knows (write it as gettext does: pt_BR)"),
        ('languages = ["en", "sw"]\n# again\nlanguages2 = 1\n', None, None),
        ('languages = [\n  "en",\n  "sw",\n  "sw",\n]\n', 4, "'sw' is listed twice"),
        ('language = ["en", "sw"]\n', 1,
         'needs languages = ["en", ...]: the codes of the languages the site is published in'),
        (b'# caf\xe9\nlanguages = ["en"]\n', 1, "not valid UTF-8 (byte 0xe9): save it as UTF-8"),
    ],
)  # fmt: skip
def test_the_language_list_is_checked_where_it_is_read(tmp_path, registry, line, expected):
    """Every reader of the registry (the build, the tools, conf.py) gets one located
    sentence, not babel's or tomllib's traceback from deep inside a build."""
    path = tmp_path / "locales" / "languages.toml"
    path.parent.mkdir()
    if isinstance(registry, bytes):
        path.write_bytes(registry)
    else:
        path.write_text(registry, encoding="utf-8")
    if expected is None:
        assert read_registry(tmp_path) == ["en", "sw"]
        return
    with pytest.raises(RegistryError) as raised:
        read_registry(tmp_path)
    assert str(raised.value) == f"{path}:{line}: {expected}"


def test_a_translation_put_first_is_refused(tmp_path):
    """The first language is the pages' own: a translation moved first (to top the
    switcher) would be published at the root from the English pages."""
    path = tmp_path / "locales" / "languages.toml"
    (tmp_path / "locales" / "pt_BR" / "LC_MESSAGES").mkdir(parents=True)
    path.write_text('languages = ["pt_BR", "en"]\n', encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        read_registry(tmp_path)
    assert str(raised.value) == (
        f"{path}:1: 'pt_BR' comes first, but the first language is the one the pages are "
        "written in, and pt_BR has translations (locales/pt_BR/): put the pages' language first"
    )


def test_a_review_dated_with_a_time_counts_by_its_day(tmp_path):
    """TOML takes a date and a date with a time alike; comparing the two was a crash."""
    registry = tmp_path / "locales" / "languages.toml"
    registry.parent.mkdir()
    registry.write_text(
        'languages = ["en", "sw"]\n\n[teams.sw]\n'
        '[[teams.sw.reviews]]\nby = ["a"]\ndate = 2027-01-15\n'
        '[[teams.sw.reviews]]\nby = ["b"]\ndate = 2027-02-15 10:00:00\n',
        encoding="utf-8",
    )
    team = read_teams(tmp_path)["sw"]
    assert team.last_review.by == ("b",)
    assert team.last_review.date == datetime.date(2027, 2, 15)


# -- a new language, its interface not translated yet -----------------------------------------


@pytest.fixture(scope="module")
def untranslated(tmp_path_factory):
    """A copy with a language added as TRANSLATING says (one plural form: Yoruba), built."""
    import subprocess
    import sys

    project = copy_project(tmp_path_factory.mktemp("yo"), exclude=("tests/",))
    subprocess.run(
        [sys.executable, "-m", "tools.translations", "add", "yo"],
        cwd=project, capture_output=True, text=True, check=True,
    )  # fmt: skip
    result = build_site(project, project / "_build", "yo")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "_build" / "html" / "yo"


def test_an_untranslated_plural_falls_back_to_english_s_rule(untranslated):
    """With one plural form and no translation, the notice said "29 of its 29 passages
    is still in English": babel wrote the English singular as the language's one form."""
    _project, built = untranslated
    notice = soup(built, "").select_one(".bpd-translation-notice p").get_text()
    count = int(notice.split(": ")[1].split()[0])
    assert count > 1 and f"{count} of its {count} passages are still in English." in notice


def test_every_english_run_of_the_interface_is_marked(untranslated):
    """On a lang="yo" page, the notice, its links and the interface's text (Skip to
    content, Back to top, the footer...) were English read as Yoruba."""
    project, built = untranslated
    english = {
        message.id
        for message in pofile.read(Catalogs(project).template("sphinx")).catalog
        if message.id and isinstance(message.id, str)
    }
    for page in ["", "about/", "search/", "translations/"]:
        html = soup(built, page)
        for sprite in html.select('svg[style*="display: none"]'):
            sprite.decompose()  # icons never shown, their titles never read
        for text in html.body.find_all(string=True):
            if text.strip() in english and text.parent.name not in ("script", "style"):
                marked = text.find_parent(attrs={"lang": True})
                assert marked is not None and marked["lang"] == "en", (page, text.strip())
    notice = soup(built, "").select_one(".bpd-translation-notice")
    assert notice.select_one("p")["lang"] == "en"
    # The notice's two links: each an item of its own, not one run-on sentence.
    assert [len(item.select("a")) for item in notice.select("li")] == [1, 1]


def test_a_translated_interface_is_not_marked_english(site):
    """The complete translations: no interface text of theirs is marked English."""
    for language in COMPLETE:
        page = soup(site, url_prefix(language))
        marked = [
            element.get_text()
            for element in page.select('[lang="en"]')
            # The page's own text is the notice's; a language's name is in its language.
            if not element.find_parent(id="furo-main-content") and not element.get("hreflang")
        ]
        assert marked == [], (language, marked)
