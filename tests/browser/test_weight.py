"""The readers' data budget: a first visit to any page loads at most 25 KB (gzip, as a
static host serves it) in at most 8 requests from the site, in every language (each
page is measured in the language whose copy is the heaviest), and fetches nothing
elsewhere. (The search page is left out: searching loads the search
index and its scripts, which is what a reader asks of it.)
(Every page's requests to other hosts are checked in ``test_pages.py``.)

And one ``_static`` for every language: a reader who switches language downloads no
CSS or JS again (in one browser, its cache kept, what the second page receives over
the network: Chrome's own count).

Both are measured as ``nox -s weight`` measures them, in Chromium as readers run it
(``reader_browser``, launched once for the two). Sizes, unlike times, do not depend on
how busy the machine is, so the budget is a test; ``nox -s weight`` writes the full
report into BENCHMARKS.md.
"""

from __future__ import annotations

import gzip

import pytest
from browsing import LANGUAGES
from helpers import PAGES

from tools.measure.weight import (
    ABOUT_FIRST_VIEW_BUDGET,
    ABOUT_FIRST_VIEW_REQUESTS,
    Weight,
    after_switch,
    measure,
)

pytestmark = pytest.mark.browser


def heaviest_language(site, page: str):
    """The language whose copy of ``page`` is the largest, gzipped as a host serves it:
    every language's page loads the same stylesheets, scripts and images (one
    ``_static``), so its first visit is the heaviest of the page's."""
    return max(
        LANGUAGES,
        key=lambda lang: len(
            gzip.compress((site / lang.prefix / page / "index.html").read_bytes())
        ),
    )


@pytest.fixture(scope="module")
def weights(reader_browser, base_url, site) -> dict[str, Weight]:
    """Each page's weight, in its heaviest language (the pages loaded side by side)."""
    urls = [heaviest_language(site, page).prefix + page for page in PAGES]
    return dict(zip(PAGES, measure(reader_browser, base_url, *urls), strict=True))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.strip("/") or "home")
def test_first_visit_within_budget(weights, page):
    weight = weights[page]
    base_url = weight.base_url
    assert not weight.failed, weight.failed
    assert not weight.third_party, weight.third_party
    first_view = Weight.total(weight.first_view, "gzip")
    heaviest = sorted(weight.first_view, key=lambda resource: -resource.gzip)[:5]
    assert len(weight.first_view) <= ABOUT_FIRST_VIEW_REQUESTS, [
        resource.url.removeprefix(base_url) for resource in weight.first_view
    ]
    assert 0 < first_view <= ABOUT_FIRST_VIEW_BUDGET, (
        f"/{weight.page} first view is {first_view} bytes gzip; heaviest: "
        + ", ".join(f"{r.url.removeprefix(base_url)} {r.gzip}" for r in heaviest)
    )


# -- a language switch ------------------------------------------------------------------


#: Every language but the source's, which the reader switches from.
OTHERS = [lang for lang in LANGUAGES if lang.prefix]


@pytest.fixture(scope="module")
def switched(reader_browser, base_url) -> dict[str, list]:
    """What each language's /about/ downloads after the English one (side by side)."""
    thens = [lang.prefix + "about/" for lang in OTHERS]
    found = after_switch(reader_browser, base_url, "about/", *thens)
    return dict(zip((lang.code for lang in OTHERS), found, strict=True))


@pytest.mark.parametrize("lang", OTHERS, ids=lambda lang: lang.code)
def test_switching_language_downloads_no_css_or_js_again(switched, base_url, lang):
    downloads = switched[lang.code]
    assert any(d.kind == "Document" and d.received for d in downloads), downloads
    # Every stylesheet and script, the language's own too: a page loads none of those
    # (only the search page does), so one moved under the language's prefix shows here.
    again = [
        (d.url.removeprefix(base_url), d.received)
        for d in downloads
        if d.kind in ("Stylesheet", "Script") and d.received
    ]
    assert not again, f"/{lang.prefix}about/ downloaded again: {again}"
    # The page does use the shared stylesheets: they came from the cache.
    assert any(
        d.kind == "Stylesheet" and d.url.startswith(base_url + "_static/") for d in downloads
    ), downloads
