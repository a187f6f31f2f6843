"""axe-core, with every one of its rules, finds no violation on any page, in any
language, on a phone and a desktop, in light and dark colour schemes.

Every rule: not only the WCAG 2.x A and AA ones, but the best practices that a
reader's accessibility extension runs (unique landmarks, one level-one heading),
and the rules axe leaves off by default: WCAG's AAA (enhanced contrast,
identical links with the same purpose) and WCAG 2.2's target size.
"""

from __future__ import annotations

import pytest
from browsing import LANGUAGES, PAGES, SCHEMES, VIEWPORTS, new_tab

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="session")
def options(axe, tabs) -> dict:
    """axe's options with every rule it has switched on (it leaves some off by default)."""
    page = tabs("desktop").open("")
    page.evaluate(axe.axe_script)
    rules = page.evaluate("axe.getRules().map(rule => rule.ruleId)")
    assert len(rules) > 90, rules  # axe 4.x has about a hundred rules
    return {"rules": {rule: {"enabled": True} for rule in rules}, "resultTypes": ["violations"]}


def violations(axe, page, options) -> list[str]:
    """axe's violations on ``page``, one readable line per rule and element."""
    found = axe.run(page, options=options).response["violations"]
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at {node['target']}"
        f"\n    {node.get('failureSummary', '').replace(chr(10), ' ')}"
        for rule in found
        for node in rule["nodes"]
    ]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.strip("/") or "home")
def test_no_axe_violations(tabs, axe, options, page, lang, viewport, scheme):
    tab = tabs(viewport, scheme)
    opened = tab.open(lang.prefix + page)
    problems = violations(axe, opened, options)
    assert not problems, f"/{lang.prefix}{page} ({viewport}, {scheme}):\n" + "\n".join(problems)
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
