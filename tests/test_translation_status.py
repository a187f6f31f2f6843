"""Honest partial pages: English runs marked lang="en", the notice's count, the status
page, and who answers for each language (locales/languages.toml)."""

from __future__ import annotations

import datetime
import re

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from content import initiatives, leaders
from helpers import (
    PAGES,
    ROOT,
    build_site,
    copy_project,
    most_translated,
    soup,
    translations,
    without_team,
)

from bpd.languages import native_name
from bpd.languages.registry import (
    RegistryError,
    language_tag,
    published,
    read_registry,
    read_teams,
)
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
        (language_tag(code), native_name(code)) for code in TRANSLATED
    ]
    tables = page.select("table.bpd-status-table")
    assert len(tables) == len(TRANSLATED)
    # A page of which nothing is translated yet was never translated: no date.
    never = interface_translation(language, "never")
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
                format_date(c.revised, "medium", locale=language) if c.revised else never,
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


def interface_translation(language: str, english: str) -> str:
    """``english`` as the language's interface catalog translates it (or English)."""
    path = ROOT / "locales" / language / "LC_MESSAGES" / "sphinx.po"
    if not path.is_file():
        return english
    with path.open("rb") as file:
        message = read_po(file).get(english)
    return message.string if message and message.string and not message.fuzzy else english


def test_the_status_page_shows_each_team_as_recorded(site):
    """Who coordinates each language, and its last review, as languages.toml records
    them; a language with none says so, and no page claims a review not recorded."""
    teams = read_teams(ROOT)
    shown = [p.get_text() for p in soup(site, "translations/").select(".bpd-status-team")]
    assert len(shown) == len(TRANSLATED)
    for code, text in zip(TRANSLATED, shown, strict=True):
        team = teams.get(code)
        coordinators = team.coordinators if team else ()
        review = team.last_review if team else None
        expected = (
            f"Coordinators: {', '.join('@' + name for name in coordinators)}."
            if coordinators
            else "No coordinator yet."
        ) + (
            f" Last reviewed by {', '.join('@' + name for name in review.by)} on "
            f"{format_date(review.date, 'long', locale='en')}."
            if review
            else " Not reviewed yet by a speaker of the language."
        )
        assert text == expected, code
    # A review is claimed once per reviewed language, on the status page alone.
    reviewed = sum(1 for team in teams.values() if team.reviews)
    prefixes = tuple(prefix for prefix in PREFIX.values() if prefix)
    for path in site.rglob("*.html"):
        page = path.relative_to(site).as_posix()
        if not page.startswith(prefixes):  # the English pages
            claims = path.read_text(encoding="utf-8").count("Last reviewed by")
            assert claims == (reviewed if page == "translations/index.html" else 0), page


@pytest.mark.parametrize("language", read_registry(ROOT))
def test_every_page_links_to_the_status_page(site, language):
    for page in ["", "about/", "initiatives/", "404/", "search/"]:
        link = soup(site, url_prefix(language) + page).select_one(".bpd-footer-translations a")
        target = posixpath_join(url_prefix(language) + page, link["href"])
        assert target == url_prefix(language) + "translations/"


def posixpath_join(page: str, href: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join("/" + page, href)).lstrip("/") + "/"


@pytest.mark.parametrize("language", read_registry(ROOT))
def test_the_notice_shows_when_and_only_when_a_page_has_english(site, language):
    """A translated page with English in it (a message not translated yet) says so; a
    page wholly in its language, and every English page, has no English run and no notice."""
    for page in PAGES:
        notice, english = notice_and_english(soup(site, url_prefix(language) + page))
        if language == read_registry(ROOT)[0]:
            assert not english and not notice, page
        else:
            assert notice == english, (page, notice, english)


def notice_and_english(html) -> tuple[bool, bool]:
    """Whether a page has the notice, and whether it has English in its text (the
    notice is taken out of ``html`` first: its own links are English where the
    language lacks them)."""
    notice = html.select_one(".bpd-translation-notice")
    if notice is not None:
        notice.decompose()
    runs = html.select_one("#furo-main-content").select('[lang="en"]')
    return notice is not None, bool(runs)


# -- a partly translated page ----------------------------------------------------------------


@pytest.fixture(scope="module")
def partial_language() -> str:
    """The translation the partial page is made in (``helpers.most_translated``)."""
    return most_translated(ROOT)


@pytest.fixture(scope="module")
def partial(site, partial_language, tmp_path_factory):
    """A copy whose About page in ``partial_language`` lost two translations (its first
    heading and a leader's role) and has one turned fuzzy (an initiative's summary),
    built; with what each of the three was before, to compare with the site as it is
    (a message that was not translated before is counted as English already)."""
    project = copy_project(tmp_path_factory.mktemp("partial"))
    path = Catalogs(project).catalog(partial_language, "about/index")
    heading = re.search(r"^#{2,} (.+)$", (ROOT / "about" / "index.md").read_text(), re.M)
    role = next(e["role"] for e in leaders(ROOT)["about/"] if "role" in e and "form" not in e)
    english = {
        heading.group(1): "untranslated",
        role: "untranslated",
        initiatives(ROOT)["about/"][0]["summary"]: "fuzzy",
    }
    catalog = pofile.read(path)
    before = {}
    for message in catalog.catalog:
        if message.id in english and message.context is None:
            before[message.id] = state(message)
            if english[message.id] == "fuzzy":
                message.flags.add("fuzzy")
            else:
                message.string = ""
    assert set(before) == set(english)
    pofile.write(path, catalog, partial_language)
    result = build_site(project, project / "_build", partial_language)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "_build" / "html" / partial_language, english, before


def state(message) -> str:
    if message.fuzzy:
        return "fuzzy"
    return "translated" if message.string else "untranslated"


def english_runs(page) -> dict:
    """The page's English runs, by their text."""
    runs = page.select('#furo-main-content [lang="en"]')
    return {" ".join(run.get_text().split()): run for run in runs}


def numbers(notice) -> list[int]:
    """The notice's figures (how many passages are in English, of how many), or none."""
    return [int(n) for n in re.findall(r"\d+", notice.get_text())] if notice else []


def test_english_runs_are_marked(site, partial, partial_language):
    _project, built, english, _before = partial
    published = site / PREFIX[partial_language]
    page = soup(built, "about/")
    marked = english_runs(page)
    # The three, and whatever was English on the page already.
    assert set(marked) == set(english) | set(english_runs(soup(published, "about/")))
    heading, role, _summary = english
    assert marked[heading].name == "span" and marked[heading].parent.name == "h2"
    assert marked[role].name == "p" and "bpd-role" in marked[role]["class"]
    # The heading is English in the page's contents too.
    toc = page.select_one(".toc-tree")
    assert heading in [run.get_text() for run in toc.select('[lang="en"]')]


def test_the_notice_shows_where_a_page_has_english(partial):
    """The rule of the site's pages, on the partial copy, which has English: the partial
    page has its notice (every translation of the site may be complete)."""
    _project, built, _english, _before = partial
    shown = {page: notice_and_english(soup(built, page)) for page in PAGES}
    assert shown["about/"] == (True, True)
    assert all(notice == english for notice, english in shown.values()), shown


def test_the_notice_counts_what_is_in_english(site, partial, partial_language):
    project, built, english, before = partial
    published = site / PREFIX[partial_language]
    notice = soup(built, "about/").select_one(".bpd-translation-notice")
    was = numbers(soup(published, "about/").select_one(".bpd-translation-notice"))
    newly_english = sum(1 for message in english if before[message] == "translated")
    catalog = Catalogs(project).count(partial_language, "about/index")
    total = catalog.total - 1  # the page's description is a message, but not shown
    assert numbers(notice) == [(was[0] if was else 0) + newly_english, was[1] if was else total]
    # The other pages are as they were.
    for page in ("", "initiatives/"):
        notice = soup(built, page).select_one(".bpd-translation-notice")
        assert numbers(notice) == numbers(
            soup(published, page).select_one(".bpd-translation-notice")
        )


def test_the_status_page_shows_the_partial_page(site, partial, partial_language):
    _project, built, english, before = partial

    def row(page):
        table = page.select("table.bpd-status-table")[TRANSLATED.index(partial_language)]
        return next(r for r in table.select("tbody tr") if r.select_one("a")
                    and r.select_one("a")["href"].endswith("about/"))  # fmt: skip

    def fuzzy_and_untranslated(page):
        cells = row(page).select("td")
        return int(cells[2].get_text()), int(cells[3].get_text())

    published = site / PREFIX[partial_language]
    fuzzy, untranslated = fuzzy_and_untranslated(soup(published, "translations/"))
    for message, now in english.items():
        fuzzy += (now == "fuzzy") - (before[message] == "fuzzy")
        untranslated += (now == "untranslated") - (before[message] == "untranslated")
    assert fuzzy_and_untranslated(soup(built, "translations/")) == (fuzzy, untranslated)
    bar = row(soup(built, "translations/")).select_one(".bpd-bar")
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
    # The first translation's team, whatever it was, replaced by this one.
    code, source = TRANSLATED[0], read_registry(ROOT)[0]
    without = without_team(registry.read_text(encoding="utf-8"), code)
    registry.write_text(
        without + f'\n[teams.{code}]\ncoordinators = ["amani-example"]\n\n'
        f'[[teams.{code}.reviews]]\nby = ["zawadi-example"]\ndate = 2027-01-15\n'
        'note = "every page"\n',
        encoding="utf-8",
    )
    result = build_site(project, project / "_build", source)
    assert result.returncode == 0, result.stdout + result.stderr
    teams = soup(project / "_build" / "html" / source, "translations/").select(".bpd-status-team")
    team = teams[TRANSLATED.index(code)].get_text()
    assert team == (
        "Coordinators: @amani-example. Last reviewed by @zawadi-example on January 15, 2027."
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("[teams.xx]\ncoordinators = []\n", "languages.toml:{line}: [teams.xx] is not a"),
        ('[teams.sw]\ncoordinator = ["a"]\n', "languages.toml:{line}: unknown key(s) coordinator"),
        # A quoted date is text: said at its own line.
        ('[teams.sw]\n[[teams.sw.reviews]]\nby = ["a"]\ndate = "2027-01-15"\n',
         "languages.toml:{line+3}: a review needs 'by' (who) and 'date'"),
        ('[teams.sw]\n[[teams.sw.reviews]]\ndate = 2027-01-15\nby = []\n',
         "languages.toml:{line+3}: a review needs 'by' (who) and 'date'"),
        ('[teams.sw\n', "languages.toml:{line}: Expected ']' at the end of a table declaration"),
        ('[teams.sw]\n[teams.sw.reviews]\nby = ["a"]\ndate = 2027-01-15\n',
         "languages.toml:{line}: reviews are tables, each under its own [[teams.sw.reviews]]"),
        # The status page writes the '@' (it showed "@@amani") and links the handle.
        ('[teams.sw]\ncoordinators = [\n  "zawadi",\n  "@amani",\n]\n',
         "languages.toml:{line+3}: write the handle without its '@': 'amani', not '@amani'"),
        ('[teams.sw]\n[[teams.sw.reviews]]\nby = ["Amani Juma"]\ndate = 2027-01-15\n',
         "languages.toml:{line+2}: 'Amani Juma' is not a GitHub handle"),
    ],
)  # fmt: skip
def test_a_mistake_in_languages_toml_names_the_file_and_line(tmp_path, table, expected):
    registry = tmp_path / "locales" / "languages.toml"
    registry.parent.mkdir()
    text = 'languages = ["en", "sw"]\n\n'
    registry.write_text(text + table, encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        read_teams(tmp_path)
    lines = {"{line}": "3", "{line+2}": "5", "{line+3}": "6"}
    for placeholder, line in lines.items():
        expected = expected.replace(placeholder, line)
    assert expected in str(raised.value)
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
    project = copy_project(tmp_path_factory.mktemp("yo"), exclude=("tests/",))
    translations(project, "add", "yo")
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
    """No interface text that the language translates is marked English."""
    catalogs = Catalogs(ROOT)
    for language in TRANSLATED:
        translated = {
            message.id for message, _text in catalogs.finished(catalogs.catalog(language, "sphinx"))
        }
        page = soup(site, url_prefix(language))
        marked = [
            element.get_text().strip()
            for element in page.select('[lang="en"]')
            # The page's own text is the notice's; a language's name is in its language.
            if not element.find_parent(id="furo-main-content") and not element.get("hreflang")
        ]
        assert [text for text in marked if text in translated] == [], language
