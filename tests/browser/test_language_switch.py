"""One ``_static`` for every language: a reader who switches language downloads no
CSS or JS again. Measured as ``nox -s weight`` measures it: in one browser, its cache
kept, what the second page receives over the network (Chrome's own count)."""

from __future__ import annotations

import pytest
from browsing import LANGUAGES

from tools.measure.weight import after_switch

pytestmark = pytest.mark.browser


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
