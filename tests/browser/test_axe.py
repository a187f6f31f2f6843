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
from browsing import LANGUAGES, PAGES, SCHEMES, WIDTHS, new_tab, violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.strip("/") or "home")
def test_no_axe_violations(tabs, axe, options, page, lang, width, scheme):
    tab = tabs(width, scheme)
    opened = tab.open(lang.prefix + page)
    problems = violations(axe, opened, options)
    assert not problems, f"/{lang.prefix}{page} ({width} px, {scheme}):\n" + "\n".join(problems)
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
    response = tab.page.goto(tab.base_url + lang.prefix + "no/such/page/")
    assert response.status == 404
    problems = violations(axe, tab.page, options)
    assert not problems, f"/{lang.prefix}no/such/page/ ({scheme}):\n" + "\n".join(problems)
