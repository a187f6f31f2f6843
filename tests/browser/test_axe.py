"""axe-core, with every one of its rules, finds no violation on any page, in any
language, at every width from a small phone to a wide desktop (``WIDTHS``: either
side of each of furo's layouts), in light and dark colour schemes.

Every rule: not only the WCAG 2.x A and AA ones, but the best practices that a
reader's accessibility extension runs (unique landmarks, one level-one heading),
and the rules axe leaves off by default: WCAG's AAA (enhanced contrast,
identical links with the same purpose) and WCAG 2.2's target size.

Width and scheme decide layout and contrast; language decides text length and markup.
Each run covers one page in one language at one width and scheme, and the runs of
every suite cover every pair of them (``browsing.rotated``): every page in every language
in both schemes, every page at every width in both schemes, every language at every
width. ``nox -s a11y`` (``BPD_A11Y=full``) runs the whole product instead: every page,
language, width and scheme (the GitHub workflow, weekly; CONTRIBUTING says when to run it).
"""

from __future__ import annotations

import itertools
import os

import pytest
from browsing import (
    LANGUAGES,
    PAGES,
    SCHEMES,
    WIDTHS,
    each_once,
    ids,
    new_tab,
    rotated,
    settle,
    violations,
)

pytestmark = pytest.mark.browser


def full_product(pages: list, languages: list, widths: list) -> list[tuple]:
    """Every page in every language at every width (``nox -s a11y``)."""
    return [
        (page, language, list(widths)) for page, language in itertools.product(pages, languages)
    ]


RUNS = (full_product if os.environ.get("BPD_A11Y") == "full" else rotated)(
    PAGES, LANGUAGES, list(WIDTHS)
)


@pytest.mark.parametrize(
    ("page", "lang", "widths"),
    RUNS,
    ids=[
        f"{page.strip('/') or 'home'}-{lang.code}-{'-'.join(widths)}" for page, lang, widths in RUNS
    ],
)
def test_no_axe_violations(axe_tabs, axe, options, page, lang, widths):
    """The page is loaded at its first width, in light; every other width and the dark
    scheme are then what a reader does to an open page (turns the tablet, widens the
    window, switches the system's theme): the browser lays out and colours the page
    again, and axe looks once the page has settled (a colour the theme animates is read
    at its end). A touch width and a desktop width need their own kind of tab."""
    problems = []
    for _touch, same_kind in itertools.groupby(widths, lambda w: bool(WIDTHS[w].get("is_mobile"))):
        same_kind = list(same_kind)
        tab = axe_tabs(same_kind[0], "light")
        opened = tab.open(lang.prefix + page)
        try:
            for scheme in SCHEMES:
                opened.emulate_media(color_scheme=scheme)
                for width in same_kind:
                    opened.set_viewport_size(WIDTHS[width]["viewport"])
                    assert opened.evaluate("innerWidth") == int(width)
                    settle(opened)
                    found = violations(axe, opened, options)
                    problems += [f"({width} px, {scheme}) {problem}" for problem in found]
        finally:
            # The tab is shared: leave it as made.
            opened.emulate_media(color_scheme="light")
            opened.set_viewport_size(WIDTHS[same_kind[0]]["viewport"])
        tab.assert_clean()
    assert not problems, f"/{lang.prefix}{page}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("pages", "languages"), [(7, 6), (5, 6), (7, 3), (1, 1), (2, 9)])
def test_the_runs_cover_every_pair(pages, languages):
    """Whatever the numbers of pages and languages, no pair is left out."""
    widths = list(WIDTHS)
    runs = rotated(list(range(pages)), list(range(languages)), widths)
    pairs = {(page, language) for page, language, _widths in runs}
    page_widths = {(page, width) for page, _language, ws in runs for width in ws}
    language_widths = {(language, width) for _page, language, ws in runs for width in ws}
    assert pairs == set(itertools.product(range(pages), range(languages)))
    assert page_widths == set(itertools.product(range(pages), widths))
    assert language_widths == set(itertools.product(range(languages), widths))
    # And far fewer runs than the product, when there are enough pages and languages.
    if pages >= len(widths) and languages >= len(widths):
        assert sum(len(ws) for _p, _l, ws in runs) == pages * languages


@pytest.mark.parametrize(
    ("chosen", "system"),
    [("dark", "light"), ("light", "dark")],
    ids=["dark-on-light", "light-on-dark"],
)
def test_theme_chosen_with_the_toggle(browser, base_url, axe, options, chosen, system):
    """furo's toggle stores a theme that overrides the system's colour scheme."""
    viewport = "phone"
    tab = new_tab(browser, base_url, viewport, system)
    try:
        tab.context.add_init_script(f"localStorage.setItem('theme', '{chosen}')")
        # Each page under one of the two (both schemes are checked on every page above).
        for page in PAGES[["dark", "light"].index(chosen) :: 2]:
            opened = tab.open(page)
            assert opened.evaluate("document.body.dataset.theme") == chosen
            problems = violations(axe, opened, options)
            assert not problems, f"/{page} ({viewport}, {chosen} theme):\n" + "\n".join(problems)
            tab.assert_clean()
    finally:
        tab.context.close()


#: Every language once, and both schemes (one page: the root 404.html).
MISSING_RUNS = each_once(LANGUAGES, SCHEMES)


@pytest.mark.parametrize(("lang", "scheme"), MISSING_RUNS, ids=ids(MISSING_RUNS))
def test_no_axe_violations_on_a_missing_page(tabs, axe, options, lang, scheme):
    """The root 404.html, as a static host serves it for a missing path in a language."""
    tab = tabs("phone", scheme)
    missing = tab.base_url + lang.prefix + "no/such/page/"
    tab.problems.clear()
    response = tab.page.goto(missing)
    assert response.status == 404
    problems = violations(axe, tab.page, options)
    assert not problems, f"/{lang.prefix}no/such/page/ ({scheme}):\n" + "\n".join(problems)
    # The page's own 404 is expected; nothing else may go wrong, and nothing is left
    # for the next test in this shared tab.
    assert not [problem for problem in tab.problems if missing not in problem], tab.problems
    tab.problems.clear()
    tab.assert_clean()
