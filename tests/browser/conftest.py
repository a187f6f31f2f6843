"""The browser tests: the built site in Debian's Chromium, driven by Playwright.

One Chromium for the whole session (and one for the weights, below); one browser
context (and page) per viewport and colour scheme, reused by every test that asks
for it (axe's widths have their own, with axe-core in every page: ``axe_tabs``). The
site is the one ``tests/conftest.py``'s ``site`` fixture builds (every language, as
``nox -s build`` does), served on 127.0.0.1 by ``tools.static_host``, a
static host that behaves like the real one (gzip, 404 page), under the base URL's path.

Pages must never reach another host: Chromium is started with no route out
(``browsing.OFFLINE``), and every request to another host is recorded and fails
the test that made it.

The tests run in Debian's headless shell (``tools.browser.HEADLESS_SHELL``); what a
page downloads is measured in Debian's Chromium as readers run it (``reader_browser``:
``tools.browser.CHROMIUM``), as ``nox -s weight`` measures it. Without them the tests
are skipped, except in CI (``CI`` set), where they fail: CI installs both, so a missing
one is a broken CI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import OFFLINE, Tab, new_tab
from helpers import unavailable

from tools.browser import CHROMIUM, HEADLESS_SHELL, launch
from tools.publish import base_url as published_base_url
from tools.static_host import serve


@pytest.fixture(scope="session")
def chromium() -> str:
    for path, package, variable in (
        (CHROMIUM, "chromium", "BPD_CHROMIUM"),
        (HEADLESS_SHELL, "chromium-headless-shell", "BPD_HEADLESS_SHELL"),
    ):
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            found = shutil.which(package)
            unavailable(
                f"Chromium not found at {path} (apt-get install {package})"
                + (f"; there is one at {found}: set {variable}" if found else "")
            )
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as error:
        unavailable(f"{error.name} is not installed (it is in the `test` dependency group)")
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright(chromium: str):
    """Playwright's sync API, started once: it runs one at a time in a thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="session")
def browser(playwright):
    """The headless shell as every tool of the project launches Chromium
    (``tools.browser``), with no route out (``browsing.OFFLINE``)."""
    launched = launch(playwright, *OFFLINE, executable=HEADLESS_SHELL)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def reader_browser(playwright):
    """Chromium as readers run it (``tools.browser.CHROMIUM``), with no route out: what
    a page downloads is measured in it (the headless shell fetches no favicon, and
    loads lazy images from other distances)."""
    launched = launch(playwright, *OFFLINE)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest, chromium: str) -> Iterator[str]:
    """The built site, served on 127.0.0.1 (Chromium is checked first: no build to skip).

    The session's whole-site build (``site``, or the one ``BPD_TEST_SITE`` names).
    """
    site = request.getfixturevalue("site")
    assert (site / "index.html").is_file(), f"no built site in {site}"
    # Served under the path the site is published at (BPD_BASE_URL may have one).
    with serve(site, base_path=urlsplit(published_base_url(site)).path) as url:
        yield url


@pytest.fixture(scope="session")
def tabs(browser, base_url: str) -> Iterator[Callable[[str, str], Tab]]:
    """``tabs(viewport, scheme)``: the session's shared tab for that pair."""
    yield from _shared_tabs(browser, base_url)


@pytest.fixture(scope="session")
def grouped_tabs(browser, grouped_site: Path) -> Iterator[Callable[[str, str], Tab]]:
    """``tabs`` on the copy of the site with the leadership in groups
    (``/leadership-groups/``, see ``tests/conftest.py``)."""
    with serve(grouped_site, base_path=urlsplit(published_base_url(grouped_site)).path) as url:
        yield from _shared_tabs(browser, url)


@pytest.fixture(scope="session")
def axe_tabs(browser, base_url: str, axe) -> Iterator[Callable[[str, str], Tab]]:
    """``tabs`` of axe's own, with axe-core in every page they load: Playwright sends
    its 0.57 MB to the browser once a tab, where ``violations`` sent it once a page
    (about 25 ms a page)."""
    yield from _shared_tabs(browser, base_url, axe.axe_script)


def _shared_tabs(browser, base_url: str, script: str = "") -> Iterator[Callable[[str, str], Tab]]:
    opened: dict[tuple[str, str], Tab] = {}

    def get(viewport: str, scheme: str = "light") -> Tab:
        if (viewport, scheme) not in opened:
            tab = opened[viewport, scheme] = new_tab(browser, base_url, viewport, scheme)
            if script:
                tab.context.add_init_script(script)
        return opened[viewport, scheme]

    yield get
    for tab in opened.values():
        tab.context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="session")
def options(axe, browser) -> dict:
    """axe's options with every rule it has switched on (it leaves some off by default)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<!doctype html><html lang="en"><title>rules</title></html>')
        page.evaluate(axe.axe_script)
        rules = page.evaluate("axe.getRules().map(rule => rule.ruleId)")
    finally:
        context.close()
    assert len(rules) > 90, rules  # axe 4.x has about a hundred rules
    return {"rules": {rule: {"enabled": True} for rule in rules}, "resultTypes": ["violations"]}
