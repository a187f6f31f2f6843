"""Build the whole site the way `nox -s build` does and check what readers get."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from helpers import BASE_URL, soup

from tools.links import broken_links

PAGES = ["", "about/", "initiatives/"]
pytestmark = pytest.mark.site


def test_about_shows_the_four_leaders(site):
    about = soup(site, "about/")
    people = about.select(".bpd-leadership li")
    assert [p.select_one(".bpd-name").get_text() for p in people] == [
        "Jay Miller", "Velda Kiara", "Oleksis Fraga", "Doreen Nangira",
    ]  # fmt: skip
    assert [p.select_one(".bpd-role").get_text() for p in people] == [
        "Executor", "Events Coordinator", "Technical Manager", "Treasurer",
    ]  # fmt: skip
    doreen = people[3].select_one("img")
    assert doreen["alt"] == "Photo of Doreen Nangira"
    assert doreen["src"].endswith(".webp")
    assert (site / "about" / doreen["src"]).resolve().is_file()
    # Only the resized copy is published, never the original.
    assert not list(site.rglob("doreen.png"))


def test_home_has_themes_and_channels(site):
    home = soup(site, "")
    cards = [card.get_text(" ", strip=True) for card in home.select(".sd-card")]
    for theme in ("Career support", "Diversity by inclusion", "Extending reach", "Open by default"):
        assert any(card.startswith(theme) for card in cards), theme
    hrefs = {a["href"] for a in home.select("article a")}
    assert "https://discord.gg/XUc3tFqCT3" in hrefs
    # docutils cloaks the address as %40 (still a valid mailto: URI).
    emails = [a for a in home.select("article a") if unquote(a["href"]).startswith("mailto:")]
    assert [unquote(a["href"]) for a in emails] == ["mailto:contact@blackpythondevs.com"]
    assert emails[0].get_text() == "email"


@pytest.mark.parametrize("page", PAGES)
def test_footer_has_channels_and_copyright(site, page):
    footer = soup(site, page).select_one("footer")
    hrefs = {a["href"] for a in footer.select("a")}
    assert {
        "https://discord.gg/XUc3tFqCT3",
        "https://github.com/BlackPythonDevs",
        "https://www.linkedin.com/groups/14336241/",
        "https://mastodon.social/@blackpythondevs",
        "https://www.youtube.com/@BlackPythonDevs",
        "https://x.com/blackpythondevs",
        "mailto:contact@blackpythondevs.com",
    } <= hrefs
    assert "Copyright" in footer.get_text() and "Black Python Devs" in footer.get_text()


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
