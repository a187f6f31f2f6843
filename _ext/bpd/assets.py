"""Leave out of a page the stylesheets and scripts it has no use for.

Sphinx links Pygments' stylesheet and sphinx-design links its tab script into
every page. This site's pages have neither code blocks nor tabs, and its
readers pay for every byte on mobile data: a page gets each one only if it has
something that uses it, so a page that does gain a code block or a tab set is
styled as before.
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.application import Sphinx

#: asset file name -> does this page need it?
NEEDED_BY = {
    "pygments.css": lambda doctree: any(doctree.findall(nodes.literal_block)),
    "design-tabs.js": lambda doctree: any(
        "sd-tab-set" in node["classes"] for node in doctree.findall(nodes.container)
    ),
}


def _unused(asset, doctree: nodes.document | None) -> bool:
    need = NEEDED_BY.get(posixpath.basename(str(getattr(asset, "filename", asset))))
    return need is not None and (doctree is None or not need(doctree))


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _unused(asset, doctree)]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", drop_unused_assets)
