"""Build the whole site the way `nox -s build` does and check what readers get."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import helpers
import pytest
from babel import Locale
from content import config, documents, initiatives, leaders, links, path_of
from helpers import BASE_URL, ROOT, soup

from bpd.languages.registry import read_registry
from tools.links import broken_links

pytestmark = pytest.mark.site

#: The pages with content (the page not found is a page too, but has no footer links to check).
PAGES = [page for page in helpers.PAGES if page != "404/"]


@pytest.mark.parametrize("page", list(leaders(ROOT)))
def test_every_leader_is_shown_with_their_role_and_photo(site, page):
    """The leadership grids of a page show each person of its YAML, in order, with
    the role written there, and the photo's resized copy (never the original)."""
    people = soup(site, page).select(".bpd-leadership li")
    written = leaders(ROOT)[page]
    # A card's name, or a list of names' item.
    assert [(p.select_one(".bpd-name") or p).get_text(strip=True) for p in people] == [
        entry["name"] for entry in written
    ]
    for person, entry in zip(people, written, strict=True):
        role = person.select_one(".bpd-role")
        assert (role.get_text() if role else None) == (
            entry.get("role") and ", ".join(filter(None, [entry["role"], entry.get("region")]))
        )
        if "photo" in entry:
            photo = person.select_one("img")
            assert photo["alt"] == entry.get("alt", f"Photo of {entry['name']}")
            assert photo["src"].endswith(".webp")
            assert (site / page / photo["src"]).resolve().is_file()
            assert not list(site.rglob(Path(entry["photo"]).name))


@pytest.mark.parametrize("page", list(initiatives(ROOT)))
def test_every_initiative_card_links_to_its_section(site, page):
    cards = soup(site, page).select(".bpd-initiatives .sd-card")
    written = initiatives(ROOT)[page]
    assert [card.select_one(".sd-card-title").get_text(strip=True) for card in cards] == [
        entry["title"] for entry in written
    ]
    for card, entry in zip(cards, written, strict=True):
        href = card.select_one(".sd-card-title a")["href"]
        target, _, anchor = posixpath.normpath(posixpath.join("/" + page, href)).partition("#")
        assert anchor == entry["id"]
        assert soup(site, target.lstrip("/") + "/").find(id=anchor).name == "section"


@pytest.mark.parametrize("page", helpers.PAGES)
def test_every_link_a_page_writes_reaches_it(site, page):
    """Every address a page's Markdown links to is a link of the built page
    (docutils writes an e-mail address's @ as %40: still the same address)."""
    docname = next(name for name in documents(ROOT) if path_of(name) == page)
    hrefs = {unquote(a["href"]) for a in soup(site, page).select("article a[href]")}
    assert set(links(ROOT, docname)) <= hrefs


@pytest.mark.parametrize("page", PAGES)
def test_footer_has_channels_and_copyright(site, page):
    footer = soup(site, page).select_one("footer")
    hrefs = {a["href"] for a in footer.select("a")}
    channels = {url for _name, url in config(ROOT)["html_context"]["bpd_social_links"]}
    assert channels and channels <= hrefs
    assert any(href.startswith("mailto:") for href in hrefs)
    assert "Copyright" in footer.get_text() and config(ROOT)["author"] in footer.get_text()


@pytest.mark.parametrize(
    ("code", "expected"),
    [("fr", "fr_FR"), ("sw", "sw_TZ"), ("ha", "ha_NG"), ("pt_BR", "pt_BR"),
     ("zh_Hant", "zh_TW"), ("eo", "eo")],
)  # fmt: skip
def test_a_language_is_named_as_open_graph_names_it(code, expected):
    """language_TERRITORY: the code's own territory, else CLDR's likeliest for its script;
    a language of no one country alone. ("fr" and "sw" alone were written.)"""
    from bpd.head import og_locale

    assert og_locale(code) == expected


@pytest.mark.parametrize("page", PAGES)
def test_sharing_metadata(site, page):
    html = soup(site, page)
    description = html.select_one('meta[name="description"]')["content"]
    assert len(description) > 30
    og = {m["property"]: m["content"] for m in html.select("meta[property]")}
    assert og["og:description"] == description
    assert og["og:url"] == html.select_one('link[rel="canonical"]')["href"]
    assert og["og:image"] == f"{BASE_URL}_static/social-card.png"
    assert (site / "_static" / "social-card.png").is_file()
    assert html.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    # X reads the OpenGraph tags: no copies of them under its own names.
    assert [m["name"] for m in html.select('meta[name^="twitter:"]')] == ["twitter:card"]
    # The page's language, then every other, in Open Graph's form: language_TERRITORY
    # ("fr" alone, "sw" alone were written).
    locales = [m["content"] for m in html.select('meta[property^="og:locale"]')]
    assert all(re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", locale) for locale in locales), locales
    languages = [Locale.parse(code).language for code in read_registry(ROOT)]
    assert [locale.split("_")[0] for locale in locales] == languages, locales
    title = html.title.get_text()
    assert title == "Black Python Devs" if page == "" else title.endswith(" - Black Python Devs")


def test_no_broken_internal_links(site):
    assert broken_links(site) == []


def test_link_checker_finds_a_broken_anchor(tmp_path):
    (tmp_path / "index.html").write_text('<a href="other.html#nowhere">x</a><a href="gone/">y</a>')
    (tmp_path / "other.html").write_text('<p id="somewhere">z</p>')
    problems = broken_links(tmp_path)
    assert len(problems) == 2
    assert "no #nowhere in other.html" in problems[0]
    assert "gone/: no such file" in problems[1]


def test_every_sphinx_design_class_the_pages_use_is_still_styled(site):
    """The cut-down sphinx-design stylesheet keeps every rule the published pages need."""
    import sphinx_design.extension

    original = (sphinx_design.extension.STATIC_DIR / "sphinx-design.min.css").read_text()
    published = (site / "_static" / "sphinx-design.min.css").read_text(encoding="utf-8")
    styled, kept = (set(re.findall(r"\.(sd-[\w-]+)", css)) for css in (original, published))
    used = {
        name
        for page in site.rglob("*.html")
        for classes in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8"))
        for name in classes.split()
        if name.startswith("sd-")
    }
    assert {"sd-card", "sd-row", "sd-col"} <= used
    assert (used & styled) - kept == set()
    assert len(published) < len(original) / 2


def test_the_site_stylesheet_is_published_without_its_comments(site):
    """Comments are for contributors: readers download the same rules without them."""
    import tinycss2

    def rules(css: str) -> list[str]:
        """Each rule, its selector and its declarations, spaced alike."""
        parsed = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        return [" ".join(tinycss2.serialize([rule]).split()) for rule in parsed]

    source = (ROOT / "_static" / "css" / "bpd.css").read_text(encoding="utf-8")
    published = (site / "_static" / "css" / "bpd.css").read_text(encoding="utf-8")
    assert "/*" not in published
    assert rules(published) == rules(source)
    assert len(published) <= len(source)
