"""The six-language site: lang attributes, switcher, hreflang, anchors, UI strings, site files."""

from __future__ import annotations

import functools
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from content import grid_entries, initiatives, leaders
from helpers import BASE_URL, PAGES, ROOT, soup

from bpd.languages import native_name
from bpd.languages.registry import language_tag, published

pytestmark = pytest.mark.site

LANGUAGES = [language.code for language in published(ROOT)]
PREFIX = {language.code: language.prefix for language in published(ROOT)}
TRANSLATED = LANGUAGES[1:]
BASE = BASE_URL


def page_path(language: str, page: str) -> str:
    return PREFIX[language] + page


def every_page():
    return [(lang, page) for lang in LANGUAGES for page in PAGES]


def test_the_source_language_comes_first():
    assert LANGUAGES[0] == "en"


@pytest.mark.parametrize(("language", "page"), every_page())
def test_html_lang_is_bcp47(site, language, page):
    html = soup(site, page_path(language, page)).html
    assert html["lang"] == language_tag(language)
    if language == "pt_BR":
        assert html["lang"] == "pt-BR"


@pytest.mark.parametrize(("language", "page"), every_page())
def test_switcher_links_to_the_same_page_in_every_language(site, language, page):
    here = page_path(language, page)
    switcher = soup(site, here).select_one("nav.bpd-languages")
    links = switcher.select("a")
    assert [a["hreflang"] for a in links] == [language_tag(lang) for lang in LANGUAGES]
    assert [a.get_text() for a in links] == [native_name(lang) for lang in LANGUAGES]
    for a, lang in zip(links, LANGUAGES, strict=True):
        target = posixpath.normpath(posixpath.join("/" + here, a["href"]))
        assert target.strip("/") == page_path(lang, page).strip("/"), a["href"]
        assert (site / target.lstrip("/") / "index.html").is_file()
        assert (a.get("aria-current") == "page") == (lang == language)


def test_switcher_names_are_in_their_own_language(site):
    """Each language is named as its speakers write it (CLDR), whatever page shows it."""
    links = soup(site, page_path(LANGUAGES[-1], "")).select("nav.bpd-languages a")
    names = dict(zip(LANGUAGES, [a.get_text() for a in links], strict=True))
    known = {
        "en": "English",
        "pt_BR": "Português (Brasil)",
        "es": "Español",
        "fr": "Français",
        "sw": "Kiswahili",
        "ha": "Hausa",
        "yo": "Èdè Yorùbá",
    }
    assert {code: names[code] for code in names if code in known} == {
        code: known[code] for code in names if code in known
    }
    for link in links:
        assert link["lang"] == link["hreflang"]


@pytest.mark.parametrize(("language", "page"), every_page())
def test_hreflang_set_is_complete(site, language, page):
    # Every page names every language's page, itself included: so the set is reciprocal.
    here = soup(site, page_path(language, page))
    alternates = {
        link["hreflang"]: link["href"] for link in here.select('link[rel="alternate"][hreflang]')
    }
    expected = {language_tag(lang): BASE + page_path(lang, page) for lang in LANGUAGES}
    expected["x-default"] = BASE + page
    assert alternates == expected
    canonical = here.select_one('link[rel="canonical"]')["href"]
    assert canonical == BASE + page_path(language, page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_initiative_anchors_are_the_same_in_every_language(site, language):
    """Each initiative card links to its section by the same anchor in every language."""
    for page, written in initiatives(ROOT).items():
        grid = soup(site, page_path(language, page))
        hrefs = [a["href"] for a in grid.select(".bpd-initiatives .sd-card-title a")]
        assert [href.partition("#")[2] for href in hrefs] == [entry["id"] for entry in written]
        for href, entry in zip(hrefs, written, strict=True):
            target = posixpath.normpath(posixpath.join("/" + page_path(language, page), href))
            section = soup(site, target.partition("#")[0].lstrip("/") + "/").find(id=entry["id"])
            assert section is not None and section.name == "section", (language, entry["id"])


@functools.cache
def ui_strings() -> dict[str, dict[str, str]]:
    """English UI string -> {language: its translation}, from the project's UI catalogs."""
    table: dict[str, dict[str, str]] = {}
    for language in TRANSLATED:
        with (ROOT / "locales" / language / "LC_MESSAGES" / "sphinx.po").open("rb") as file:
            for message in read_po(file):
                if message.id and isinstance(message.id, str):
                    table.setdefault(message.id, {})[language] = message.string
    return table


def visible_and_spoken_strings(page) -> set[str]:
    """Text nodes and the attributes a reader sees or hears (aria-label, title, alt, ...)."""
    for hidden in page(["script", "style"]):
        hidden.decompose()
    texts = {text.strip() for text in page.find_all(string=True) if text.strip()}
    for element in page.find_all(True):
        for attribute in ("aria-label", "title", "alt", "placeholder", "value"):
            if element.get(attribute):
                texts.add(element[attribute].strip())
    return texts


@functools.cache
def sphinx_ui_strings() -> frozenset[str]:
    """Every English message Sphinx itself may write into a page (its own catalog
    template), whether or not the project's catalogs know it yet."""
    import sphinx

    with (Path(sphinx.__file__).parent / "locale" / "sphinx.pot").open("rb") as file:
        return frozenset(message.id for message in read_po(file) if isinstance(message.id, str))


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("page", [*PAGES, "search/"])
def test_every_translated_ui_string_is_used(site, language, page):
    """An interface string the language's catalog translates is never shown in English;
    one it does not translate yet is English (a language being translated), but
    Sphinx's own strings all have a place in our catalogs."""
    strings = visible_and_spoken_strings(soup(site, page_path(language, page)))
    ours = ui_strings()
    leaked = sorted(
        english
        for english in (set(ours) | sphinx_ui_strings()) & strings
        if english not in ours
        # A word some languages write the same way ("Hausa") is not a leak.
        or ours[english].get(language) not in ("", None, english)
    )
    assert leaked == []


def test_sitemap_lists_every_page_with_alternates(site):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    locs = sorted(url.find("s:loc", ns).text for url in urls)
    content = [page for page in PAGES if page != "404/"]
    assert locs == sorted(BASE + page_path(lang, page) for lang in LANGUAGES for page in content)
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(alternates) == {*(language_tag(lang) for lang in LANGUAGES), "x-default"}


def test_robots_points_to_the_sitemap(site):
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {BASE}sitemap.xml" in robots


@pytest.mark.parametrize(
    "address",
    ["example.org/site/", "/bpd-site/", "ftp://example.org/", "https:///bpd-site/",
     "https://example.org/?lang=en", "https://example.org/#top",
     "https://example.org/site/ ", "https://example.org/site/\n", "https://example.org/my site/",
     "https://example.org:80a/", "http://[::1/"],
)  # fmt: skip
def test_an_address_that_is_not_absolute_is_refused_before_any_build(
    address, monkeypatch, capsys, tmp_path
):
    """Canonical links, hreflang and the sitemap are published as the address makes
    them: "example.org/" would send search engines nowhere, so no language is built."""
    from sphinx.errors import ConfigError

    from bpd.languages.links import base_url
    from tools.site import main

    with pytest.raises(ConfigError, match=re.escape(repr(address))):
        base_url({"BPD_BASE_URL": address})
    monkeypatch.setenv("BPD_BASE_URL", address)
    with pytest.raises(SystemExit) as exited:
        main(["--build-dir", str(tmp_path / "build"), "en"])
    assert exited.value.code == 2
    message = capsys.readouterr().err
    assert f"BPD_BASE_URL, or bpd_base_url) is {address!r}: it must be an absolute" in message
    assert "Traceback" not in message
    assert not (tmp_path / "build").exists()


def test_a_cname_file_gives_the_address(tmp_path):
    """GitHub Pages' custom domain, as its CNAME file holds it, unless BPD_BASE_URL says."""
    from bpd.languages.links import base_url

    (tmp_path / "CNAME").write_text("Black.Example.org\n", encoding="utf-8")
    assert base_url({}, project=tmp_path) == "https://black.example.org/"
    assert base_url({"BPD_BASE_URL": "http://127.0.0.1/"}, project=tmp_path) == "http://127.0.0.1/"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("https://black.example.org", "black.example.org"),
        ("black.example.org/site", "black.example.org"),
        ("", ""),
        ("not a domain", ""),
    ],
)
def test_a_cname_that_is_not_a_domain_alone_is_refused(written, hint, tmp_path):
    """``https://`` in CNAME once gave https://https://... in every canonical link. (The
    build checks the address before any language, as for BPD_BASE_URL, above.)"""
    from sphinx.errors import ConfigError

    from bpd.languages.links import base_url

    (tmp_path / "CNAME").write_text(written + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        base_url({}, project=tmp_path)
    message = str(refused.value)
    assert message.startswith(f"{tmp_path / 'CNAME'}:1: CNAME holds {written!r}: it must hold")
    assert f"(write {hint!r})" in message if hint else "(write" not in message


def test_an_address_without_its_last_slash_gets_one():
    from bpd.languages.links import base_url

    assert base_url({"BPD_BASE_URL": "http://127.0.0.1:8000"}) == "http://127.0.0.1:8000/"
    assert base_url({}) == "https://blackpythondevs.com/"


def test_root_404_page_works_at_any_depth(site):
    """Static hosts serve /404.html for every missing path: its links work from any
    depth (a <base>), and it gives the message of every language, in that language."""
    page = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("base")["href"] == urlsplit(BASE).path + "404/"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    messages = page.select("[data-bpd-prefix]")
    assert [m["lang"] for m in messages] == [language_tag(lang) for lang in LANGUAGES]
    for language, message in zip(LANGUAGES, messages, strict=True):
        assert message["data-bpd-prefix"] == PREFIX[language]
        # The message is the one that language's own page not found gives.
        own = soup(site, page_path(language, "404/")).select_one("#furo-main-content h1")
        assert message.select_one("h1").get_text() == own.get_text()
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids)), "one page, one of each id"
    # Every relative link resolves (from /404/) to a file of the site.
    for element in page.select("[href], [src]"):
        url = (element.get("href") or element.get("src")).split("?")[0].split("#")[0]
        if not url or ":" in url or url.startswith("/"):
            continue
        path = site / posixpath.normpath(posixpath.join("/404/", url)).lstrip("/")
        assert path.is_file() or (path / "index.html").is_file(), url


def test_favicon(site):
    icon = soup(site, "about/").select_one('link[rel="icon"], link[rel="shortcut icon"]')
    assert (site / "about" / icon["href"]).resolve().is_file()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_reaches_its_page(site, language):
    """Each translated message of a page's catalog (plain text: markup is rendered)
    is on that page, in its text or its attributes; the leaders' names are the
    English page's, never translated."""
    for page in PAGES:
        docname = "index" if page == "" else page.rstrip("/") + ("" if page == "404/" else "/index")
        path = ROOT / "locales" / language / "LC_MESSAGES" / f"{docname}.po"
        if not path.is_file():
            continue
        html = soup(site, page_path(language, page))
        shown = " ".join(
            [html.get_text(" "), *(tag.get(name, "") for tag in html.find_all(True)
                                   for name in ("content", "alt", "aria-label", "title"))]
        )  # fmt: skip
        # Sphinx's smart quotes change quotes and apostrophes: words are compared.
        shown = words(shown)
        with path.open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            text = message.string if isinstance(message.string, str) else ""
            if (
                message.id
                and text
                and not message.fuzzy
                and not re.search(r"[*`_<>{}\[\]\\]", text)
            ):
                assert words(text) in shown, (page, text)
    for page, written in leaders(ROOT).items():
        people = soup(site, page_path(language, page)).select(".bpd-leadership li")
        # A card's name, or a list of names' item.
        names = [
            (person.select_one(".bpd-name") or person).get_text(strip=True) for person in people
        ]
        assert names == [entry["name"] for entry in written]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_event_is_on_its_page_and_in_the_calendar(site, language):
    """Each event of the data files, by its name as publicised, on its page and in the
    language's calendar feed (read back with the icalendar library), in every language."""
    import icalendar

    events = grid_entries(ROOT, "event-grid")
    for page, written in events.items():
        shown = soup(site, page_path(language, page)).select(".bpd-event-name")
        assert sorted(name.get_text(strip=True) for name in shown) == sorted(
            entry["name"] for entry in written
        )
    if events:
        feed = icalendar.Calendar.from_ical((site / PREFIX[language] / "events.ics").read_bytes())
        summaries = [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]
        assert sorted(summaries) == sorted(
            e["name"] for written in events.values() for e in written
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_never_finds_the_page_not_found(site, language):
    """The page not found is not a result of any search, in any language."""
    from helpers import search_terms

    index = search_terms((site / PREFIX[language] / "searchindex.js").read_bytes())
    missing = index["docnames"].index("404")
    for key in ("terms", "titleterms"):
        found = [word for word, docs in index[key].items() if missing in docs]
        assert found == [], (key, found[:10])
    titles = [title for title, places in index["alltitles"].items() if [missing, None] in places]
    assert titles == []


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def test_site_only_holds_what_is_published(site):
    unexpected = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.suffix in {".po", ".mo", ".pot", ".pickle", ".doctree", ".yaml", ".md"}
        or path.name == ".buildinfo"
        or "_sources" in path.parts
    ]
    assert unexpected == []


#: The attributes a <meta> tag may carry in HTML.
META_ATTRIBUTES = {"name", "content", "property", "charset", "http-equiv", "media", "itemprop"}


@pytest.mark.parametrize(("language", "page"), every_page())
def test_meta_tags_carry_only_html_attributes(site, language, page):
    # A translated description once came out as <meta ... translated="True">.
    metas = soup(site, page_path(language, page)).select("meta")
    for meta in metas:
        assert set(meta.attrs) <= META_ATTRIBUTES, meta
    names = [meta["name"] for meta in metas if meta.get("name")]
    assert len(names) == len(set(names)), names  # docutils and furo both wrote a viewport
