"""A page links Pygments' stylesheet, sphinx-design's stylesheet and its tab script
only if it uses them; sphinx-design's stylesheet holds only the rules the site uses."""

from __future__ import annotations

import pytest
import tinycss2
from bs4 import BeautifulSoup
from helpers import warnings_of

from bpd.assets import used_rules


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
    assert {"furo.css", "furo.js"} <= plain
    assert not plain & {"pygments.css", "design-tabs.js", "sphinx-design.min.css"}
    assert "pygments.css" in code and "design-tabs.js" not in code
    assert {"design-tabs.js", "sphinx-design.min.css"} <= tabs and "pygments.css" not in tabs
    # The files are still published, for the pages that use them.
    assert (app.outdir / "_static" / "pygments.css").is_file()
    # sphinx-design's stylesheet: its tabs (used here), not its buttons (not used).
    design = (app.outdir / "_static" / "sphinx-design.min.css").read_text(encoding="utf-8")
    assert ".sd-tab-set" in design and ".sd-btn" not in design


CSS = """
:root{--sd-color-primary:#0071bc}
.sd-card,.sd-btn{display:flex}
.sd-btn:hover{color:red}
@media (min-width:576px){.sd-col{flex:1}.sd-badge{x:y}}
@media print{.sd-badge{x:y}}
@keyframes sd-spin{to{transform:rotate(1turn)}}
"""


def test_only_the_rules_of_used_classes_are_kept():
    rules = tinycss2.parse_stylesheet(CSS, True, True)
    assert "".join(used_rules(rules, {"sd-card", "sd-col"})) == (
        ":root{--sd-color-primary:#0071bc}"
        ".sd-card{display:flex}"
        "@media (min-width:576px){.sd-col{flex:1}}"
        "@keyframes sd-spin{to{transform:rotate(1turn)}}"
    )
