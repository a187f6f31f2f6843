"""What the browser tests share: the pages, languages, viewports, and a tab that
records everything that goes wrong in it (console errors, failed requests,
requests to other hosts)."""

from __future__ import annotations

from dataclasses import dataclass, field

import helpers
import yaml

from bpd.languages.registry import published
from tools import ROOT
from tools.browser import PHONE

#: The pages every test goes through, in every language ("" is the home page): the
#: project's own pages (``helpers.PAGES``), and Sphinx's search page.
PAGES = [*helpers.PAGES, "search/"]

VIEWPORTS = {
    "phone": PHONE,
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
SCHEMES = ["light", "dark"]

#: Every width the axe checks run at: a small phone, a tablet, and the laptops and
#: desktops on either side of furo's two breakpoints (about 1008 and 1312 pixels:
#: between them, the table of contents is a button in the content, not a sidebar).
#: The first two are touch devices with a mobile viewport, the others desktops.
WIDTHS = {
    "320": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
    "768": {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True},
    "1024": {"viewport": {"width": 1024, "height": 768}},
    "1280": {"viewport": {"width": 1280, "height": 800}},
    "1366": VIEWPORTS["desktop"],
    "1920": {"viewport": {"width": 1920, "height": 1080}},
}


#: Every language, with the prefix it is published at.
LANGUAGES = published(ROOT)


def rotated(rows: list, columns: list, values: list, *, by_row: bool = True) -> list[tuple]:
    """(row, column, [values]) for every row and column, the values rotated (shifted by
    one a row) so that every column, and every row (``by_row``), also meets every
    value, with far fewer runs than the whole product: a pair the rotation leaves out
    (fewer rows or columns than values) is added to a run. What varies independently
    (a page, a language, a width, a colour scheme) is covered pair by pair."""
    runs = {
        (row, column): [values[(i + j) % len(values)]]
        for i, row in enumerate(rows)
        for j, column in enumerate(columns)
    }
    for i, row in enumerate(rows if by_row else ()):
        for value in values:
            if not any(value in runs[row, column] for column in columns):
                runs[row, columns[i % len(columns)]].append(value)
    for j, column in enumerate(columns):
        for value in values:
            if not any(value in runs[row, column] for row in rows):
                runs[rows[j % len(rows)], column].append(value)
    return [(row, column, found) for (row, column), found in runs.items()]


def each_once(first: list, second: list) -> list[tuple]:
    """Pairs in which every item of ``first`` and every item of ``second`` appears."""
    return [
        (first[i % len(first)], second[i % len(second)])
        for i in range(max(map(len, (first, second))))
    ]


def ids(runs: list[tuple]) -> list[str]:
    """Readable test ids for ``rotated``'s runs."""

    def name(value) -> str:
        if isinstance(value, list):
            return "-".join(map(name, value))
        code = getattr(value, "code", None)
        return code or (str(value).strip("/") or "home")

    return ["-".join(name(part) for part in run) for run in runs]


@dataclass
class Tab:
    """One browser context and its page, with everything that went wrong in it."""

    base_url: str
    context: object
    page: object
    offsite: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def open(self, path: str):
        """Go to a site-relative ``path`` ("pt-br/about/") with a clean record."""
        self.offsite.clear()
        self.problems.clear()
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.ok, f"/{path}: {response and response.status}"
        return self.page

    def assert_clean(self) -> None:
        assert not self.offsite, f"requests to other hosts: {self.offsite}"
        assert not self.problems, "\n".join(self.problems)


#: Chromium's flags for the tests: no route out. Every request to a host other
#: than 127.0.0.1 goes to a proxy on a closed port and fails (this costs nothing,
#: where intercepting every request through Playwright doubles a page's load time),
#: and each tab records such requests to fail the test.
OFFLINE = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"]


def new_tab(browser, base_url: str, viewport: str, scheme: str, **options) -> Tab:
    context = browser.new_context(
        base_url=base_url, color_scheme=scheme, **{**VIEWPORTS, **WIDTHS}[viewport], **options
    )
    tab = Tab(base_url, context, None)
    page = context.new_page()
    page.set_default_timeout(10_000)

    def console(message) -> None:
        if message.type == "error":
            tab.problems.append(f"console error: {message.text} ({message.location['url']})")

    def request(request) -> None:
        # The browser cannot reach another host (see OFFLINE); trying is a failure too.
        if not request.url.startswith((base_url, "data:", "blob:")):
            tab.offsite.append(request.url)

    def failed(request) -> None:
        # ERR_ABORTED: the page was left while it loaded (the next test's navigation).
        if request.url.startswith(base_url) and request.failure != "net::ERR_ABORTED":
            tab.problems.append(f"request failed: {request.url} ({request.failure})")

    def response(response) -> None:
        if response.status >= 400:
            tab.problems.append(f"HTTP {response.status}: {response.url}")

    page.on("request", request)
    page.on("console", console)
    page.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    page.on("requestfailed", failed)
    page.on("response", response)
    tab.page = page
    return tab


def violations(axe, page, options) -> list[str]:
    """axe's violations on ``page``, one readable line per rule and element.

    axe is injected once per loaded document, unless the tab has it in every page
    (``axe_tabs``); a second run on the same document, after a resize, reuses it. Only
    the violations come back to Python: the whole result, with every rule's passes,
    costs a fifth of a run to send (measured: 0.67 against 0.55 s a page).
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    found = page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)", options
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at {node['target']}"
        f"\n    {node.get('failureSummary', '').replace(chr(10), ' ')}"
        for rule in found
        for node in rule["nodes"]
    ]


def settle(page) -> None:
    """Wait for the page's transitions and animations to end (those that end): after
    a change of colour scheme or size, the theme's transitions pass through colours
    no reader stops at."""
    page.evaluate(
        """Promise.all(document.getAnimations()
            .filter(animation => animation.effect.getComputedTiming().endTime !== Infinity)
            .map(animation => animation.finished))"""
    )


def snapshot(locator) -> list:
    """The ARIA snapshot as data: lists of {role "name": children} and strings."""
    return yaml.safe_load(locator.aria_snapshot())


def texts(node) -> list[str]:
    """Every name and text in a snapshot subtree, in reading order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for child in node for text in texts(child)]
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            found.append(key)
            if value is not None:
                found += texts(value)
        return found
    return [str(node)]
