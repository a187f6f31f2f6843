"""A page links Pygments' stylesheet and sphinx-design's tab script only if it uses them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from helpers import warnings_of


def linked(app, docname: str) -> set[str]:
    """The file names of the stylesheets and scripts a built page links."""
    path = app.outdir / ("" if docname == "index" else docname) / "index.html"
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    urls = [link["href"] for link in html.select('link[rel="stylesheet"]')]
    urls += [script["src"] for script in html.select("script[src]")]
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in urls}


@pytest.mark.sphinx("dirhtml", testroot="assets", freshenv=True)
def test_pages_link_only_the_assets_they_use(app):
    app.build()
    assert warnings_of(app) == []
    plain, code, tabs = linked(app, "index"), linked(app, "code"), linked(app, "tabs")
    assert {"furo.css", "sphinx-design.min.css", "furo.js"} <= plain
    assert "pygments.css" not in plain and "design-tabs.js" not in plain
    assert "pygments.css" in code and "design-tabs.js" not in code
    assert "design-tabs.js" in tabs and "pygments.css" not in tabs
    # The files are still published, for the pages that use them.
    assert (app.outdir / "_static" / "pygments.css").is_file()
