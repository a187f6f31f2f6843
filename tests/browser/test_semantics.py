"""What a screen reader announces for the grids, read from Chromium's accessibility
tree (Playwright's ARIA snapshot and role queries), not from the HTML."""

from __future__ import annotations

import pytest
from browsing import LANGUAGES, snapshot, texts
from content import grids
from helpers import ROOT

pytestmark = pytest.mark.browser

#: The first leadership grid and the first initiative grid of the site, with the
#: page each is on, as their YAML gives them.
LEADERSHIP_PAGE, LEADERSHIP = grids(ROOT, "leadership-grid")[0]
INITIATIVES_PAGE, INITIATIVES = grids(ROOT, "initiative-grid")[0]


def images(node) -> list[str]:
    """The image entries (``img "name"``) of a snapshot subtree."""
    return [text for text in texts(node) if text.startswith("img")]


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_leadership_is_a_list_of_people_with_name_and_role(tabs, lang):
    tab = tabs("desktop")
    page = tab.open(lang.prefix + LEADERSHIP_PAGE)
    grid = page.locator(".bpd-leadership").first
    lists = grid.get_by_role("list")
    assert lists.count() == 1
    people = lists.get_by_role("listitem")
    assert people.count() == len(LEADERSHIP)
    (tree,) = snapshot(lists)
    ((role, items),) = tree.items()
    assert role == "list"
    assert [next(iter(item)) for item in items] == ["listitem"] * len(LEADERSHIP), items
    for index, entry in enumerate(LEADERSHIP):
        name, english_role = entry["name"], entry.get("role")
        person = people.nth(index)
        spoken = texts(snapshot(person))
        shown_role = person.locator(".bpd-role").inner_text().strip()
        assert any(name in text for text in spoken), (name, spoken)
        assert shown_role and any(shown_role in text for text in spoken), (shown_role, spoken)
        if lang.code == "en":  # with its region, if it has one
            assert shown_role.startswith(english_role)
        # The photo is announced with its alt text; an initials avatar is not announced.
        spoken_images = images(snapshot(person))
        if "photo" in entry:
            assert len(spoken_images) == 1, spoken_images
            if "alt" not in entry:  # "Photo of <name>", in the page's language
                assert name in spoken_images[0], spoken_images
            assert person.get_by_role("img").get_attribute("alt").strip()
        else:
            assert spoken_images == [], spoken_images
            avatar = person.locator("img")
            assert avatar.count() == 1 and avatar.get_attribute("alt") == ""
            assert person.get_by_role("img").count() == 0
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_initiatives_are_a_list_of_links(tabs, lang):
    tab = tabs("phone")
    page = tab.open(lang.prefix + INITIATIVES_PAGE)
    grid = page.locator(".bpd-initiatives").first
    items = grid.get_by_role("list").get_by_role("listitem")
    assert items.count() == len(INITIATIVES)
    for index in range(len(INITIATIVES)):
        link = items.nth(index).get_by_role("link")
        assert link.count() == 1
        assert link.inner_text().strip()
        assert "/initiatives/#" in link.get_attribute("href")
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_landmarks_are_named(tabs, lang):
    """One main landmark; every navigation landmark has a name a reader can tell apart."""
    tab = tabs("desktop")
    page = tab.open(lang.prefix + "about/")
    assert page.get_by_role("main").count() == 1
    navigation = page.get_by_role("navigation")
    names = [navigation.nth(i).get_attribute("aria-label") for i in range(navigation.count())]
    assert names and all(names), names
    assert len(set(names)) == len(names), names
    switcher = page.get_by_role("navigation", name=names[0])
    assert switcher.count() == 1
