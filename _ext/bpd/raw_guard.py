"""No raw HTML in content: pages and translations are text and markup, never HTML.

MyST passes inline and block HTML through as ``raw`` nodes, and a translation
is parsed like the page it translates, so ``<script>`` in a ``.po`` file would
otherwise reach readers. The site's own HTML lives in its templates; this
transform removes every raw node from the content, after translation, and
reports it as a located warning (a failing build under ``-W``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)


class RemoveRawHTML(SphinxTransform):
    default_priority = 21  # right after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            translated = any(parent.get("translated") for parent in _ancestors(raw))
            where = "in the translation of this text" if translated else "in this page"
            logger.warning(
                f"raw HTML is not allowed {where}; it was removed: {raw.astext()[:60]!r}",
                type="bpd",
                subtype="raw_html",
                location=raw,
            )
            raw.parent.remove(raw)


def _ancestors(node: nodes.Node):
    while node is not None and not isinstance(node, nodes.document):
        yield node
        node = node.parent
