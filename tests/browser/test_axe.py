"""axe-core finds no WCAG 2.2 A/AA violation on any page, in any language, on a phone
and a desktop, in light and dark colour schemes."""

from __future__ import annotations

import pytest
from browsing import LANGUAGES, PAGES, SCHEMES, VIEWPORTS, new_tab

pytestmark = pytest.mark.browser

#: axe's rule tags for WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations(axe, page) -> list[str]:
    """axe's violations on ``page``, one readable line per rule and element."""
    found = axe.run(page, options=OPTIONS).response["violations"]
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
def test_no_axe_violations(tabs, axe, page, lang, viewport, scheme):
    tab = tabs(viewport, scheme)
    opened = tab.open(lang.prefix + page)
    problems = violations(axe, opened)
    assert not problems, f"/{lang.prefix}{page} ({viewport}, {scheme}):\n" + "\n".join(problems)
    tab.assert_clean()


@pytest.mark.parametrize(
    ("chosen", "system"),
    [("dark", "light"), ("light", "dark")],
    ids=["dark-on-light", "light-on-dark"],
)
def test_theme_chosen_with_the_toggle(browser, base_url, axe, chosen, system):
    """furo's toggle stores a theme that overrides the system's colour scheme."""
    viewport = "phone"
    tab = new_tab(browser, base_url, viewport, system)
    try:
        tab.context.add_init_script(f"localStorage.setItem('theme', '{chosen}')")
        for page in PAGES:
            opened = tab.open(page)
            assert opened.evaluate("document.body.dataset.theme") == chosen
            problems = violations(axe, opened)
            assert not problems, f"/{page} ({viewport}, {chosen} theme):\n" + "\n".join(problems)
            tab.assert_clean()
    finally:
        tab.context.close()
