"""One ``_static`` for every language: a reader who switches language downloads no
CSS or JS again. Measured as ``nox -s weight`` measures it: in one browser, its cache
kept, what the second page receives over the network (Chrome's own count)."""

from __future__ import annotations

import pytest
from browsing import LANGUAGES

from tools.measure.weight import after_switch, downloaded_again

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "lang", [lang for lang in LANGUAGES if lang.prefix], ids=lambda lang: lang.code
)
def test_switching_language_downloads_no_css_or_js_again(reader_browser, base_url, lang):
    downloads = after_switch(reader_browser, base_url, "about/", lang.prefix + "about/")
    assert any(d.kind == "Document" and d.received for d in downloads), downloads
    again = [
        (d.url.removeprefix(base_url), d.received) for d in downloaded_again(downloads, lang.prefix)
    ]
    assert not again, f"/{lang.prefix}about/ downloaded again: {again}"
    # The page does use the shared stylesheets: they came from the cache.
    assert any(
        d.kind == "Stylesheet" and d.url.startswith(base_url + "_static/") for d in downloads
    ), downloads
