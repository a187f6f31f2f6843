"""The leadership in groups (``tests/roots/test-groups``, added to a copy of the site
as ``/leadership-groups/``) in Chromium: axe with every rule, what a screen reader
announces, the council's names in columns, in every language."""

from __future__ import annotations

import pytest
from browsing import LANGUAGES, SCHEMES, VIEWPORTS, ids, rotated, snapshot, texts, violations

pytestmark = pytest.mark.browser

PAGE = "leadership-groups/"

#: Cards in each group, and names in the council (tests/test_groups.py reads them all).
CARDS = {"executors": 7, "team-leads": 3, "advisors": 6}
COUNCIL = 24
REGIONS = ["Global", "US/Canada", "LATAM", "Africa", "Africa (West)", "Africa (Southern)",
           "Africa (East)"]  # fmt: skip


#: Every language in both schemes, each scheme on both viewports (``browsing.rotated``).
AXE_RUNS = rotated(LANGUAGES, SCHEMES, list(VIEWPORTS))


@pytest.mark.parametrize(("lang", "scheme", "viewports"), AXE_RUNS, ids=ids(AXE_RUNS))
def test_no_axe_violations(grouped_tabs, axe, options, lang, scheme, viewports):
    for viewport in viewports:
        tab = grouped_tabs(viewport, scheme)
        page = tab.open(lang.prefix + PAGE)
        problems = violations(axe, page, options)
        assert not problems, f"/{lang.prefix}{PAGE} ({viewport}, {scheme}):\n" + "\n".join(problems)
        tab.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_each_group_is_a_list_and_the_council_a_list_of_names(grouped_tabs, lang):
    tab = grouped_tabs("desktop")
    page = tab.open(lang.prefix + PAGE)
    for section, count in CARDS.items():
        people = page.locator(f"section#{section}").get_by_role("list")
        assert people.count() == 1
        assert people.get_by_role("listitem").count() == count
    council = page.locator("section#council")
    (tree,) = snapshot(council.get_by_role("list"))
    ((role, items),) = tree.items()
    assert role == "list"
    assert [next(iter(item)) for item in items] == ["listitem"] * COUNCIL, items
    spoken = texts(tree)
    assert "Zainab Bello" in " ".join(spoken) and "Marcus Bellamy" in " ".join(spoken)
    assert council.get_by_role("img").count() == 0 and council.locator("img").count() == 0
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_a_role_is_announced_with_its_region(grouped_tabs, lang):
    tab = grouped_tabs("desktop")
    page = tab.open(lang.prefix + PAGE)
    executors = page.locator("section#executors").get_by_role("list")
    # The whole list read at once: a round trip to the browser per card took a second.
    roles = [role.strip() for role in executors.locator(".bpd-role").all_inner_texts()]
    (tree,) = snapshot(executors)
    ((kind, cards),) = tree.items()
    assert kind == "list" and len(cards) == len(roles) == CARDS["executors"], (roles, cards)
    for index, (shown, card) in enumerate(zip(roles, cards, strict=True)):
        spoken = " ".join(texts(card))
        assert shown in spoken, (shown, spoken)
        if lang.code == "en":
            assert shown == f"Executor, {REGIONS[index]}"
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_no_duplicate_ids_though_people_sit_in_two_groups(grouped_tabs, lang):
    page = grouped_tabs("desktop").open(lang.prefix + PAGE)
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(element => element.id)")
    assert len(ids) == len(set(ids)), sorted(ids)
    names = page.locator(".bpd-name, .bpd-names li").all_inner_texts()
    assert names.count("Fatou Diallo") == 2 and names.count("Wanjiru Kamau") == 2


@pytest.mark.parametrize(("viewport", "columns"), [("phone", 2), ("desktop", 4)])
def test_the_council_reads_in_columns(grouped_tabs, viewport, columns):
    """Two columns of names on a phone, four on a desktop; nothing wider than the screen."""
    tab = grouped_tabs(viewport)
    page = tab.open(PAGE)
    page.locator("section#council").scroll_into_view_if_needed()
    lefts = page.evaluate(
        "[...document.querySelectorAll('section#council li')]"
        ".map(item => Math.round(item.getBoundingClientRect().left))"
    )
    assert len(lefts) == COUNCIL
    assert len(set(lefts)) == columns, lefts
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert VIEWPORTS[viewport]["viewport"]["width"] == page.viewport_size["width"]
    tab.assert_clean()
