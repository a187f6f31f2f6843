"""axe-core, with every one of its rules, finds no violation on any page, in any
language, at every width from a small phone to a wide desktop (``WIDTHS``: either
side of each of furo's layouts), in light and dark colour schemes.

Every rule: not only the WCAG 2.x A and AA ones, but the best practices that a
reader's accessibility extension runs (unique landmarks, one level-one heading),
and the rules axe leaves off by default: WCAG's AAA (enhanced contrast,
identical links with the same purpose) and WCAG 2.2's target size.
"""

from __future__ import annotations

import pytest
from browsing import LANGUAGES, PAGES, SCHEMES, WIDTHS, new_tab, settle, violations

pytestmark = pytest.mark.browser


#: The widths by the kind of device that shows them: a browser context (touch and a
#: mobile viewport, or neither) is made once per kind.
DEVICES = {
    "touch": [width for width, device in WIDTHS.items() if device.get("is_mobile")],
    "desktop": [width for width, device in WIDTHS.items() if not device.get("is_mobile")],
}


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.strip("/") or "home")
def test_no_axe_violations(tabs, axe, options, page, lang, device):
    """Each page is loaded once per kind of device, at its narrowest width; every
    other width and the dark scheme are then what a reader does to an open page
    (turns the tablet, widens the window, switches the system's theme), and the
    browser lays out and colours the page again, and axe looks once the page has
    settled (a colour the theme animates is read at its end). A load per width and
    scheme cost twice as long for the same checks."""
    widths = DEVICES[device]
    tab = tabs(widths[0], "light")
    opened = tab.open(lang.prefix + page)
    problems = []
    try:
        for scheme in SCHEMES:
            opened.emulate_media(color_scheme=scheme)
            for width in widths:
                opened.set_viewport_size(WIDTHS[width]["viewport"])
                assert opened.evaluate("innerWidth") == int(width)
                settle(opened)
                found = violations(axe, opened, options)
                problems += [f"({width} px, {scheme}) {problem}" for problem in found]
    finally:
        # The tab is shared: leave it as made.
        opened.emulate_media(color_scheme="light")
        opened.set_viewport_size(WIDTHS[widths[0]]["viewport"])
    assert not problems, f"/{lang.prefix}{page}:\n" + "\n".join(problems)
    tab.assert_clean()


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
        for page in PAGES:
            opened = tab.open(page)
            assert opened.evaluate("document.body.dataset.theme") == chosen
            problems = violations(axe, opened, options)
            assert not problems, f"/{page} ({viewport}, {chosen} theme):\n" + "\n".join(problems)
            tab.assert_clean()
    finally:
        tab.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
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
