"""Know which pages are not fully translated, so they can say so to the reader.

Sphinx falls back to English message by message. This transform runs just
before Sphinx's ``Locale`` transform and counts the page's messages that have
no translation in the compiled catalog (fuzzy entries are not compiled, so
they count as missing). The page template shows a short notice when the count
is not zero.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

#: Where the count is kept: the page's metadata, which Sphinx purges on re-read.
METADATA_KEY = "bpd_untranslated"


class CountUntranslated(SphinxTransform):
    default_priority = 19  # sphinx.transforms.i18n.Locale is 20

    def apply(self, **kwargs) -> None:
        language = self.config.language
        if not language or language == self.config.bpd_languages[0]:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        catalog = _catalog(self.env.srcdir, self.config.locale_dirs, language, domain)
        missing = sum(
            1
            for node, message in extract_messages(self.document)
            # Front matter (orphan: true, ...) is metadata, never extracted by gettext.
            if not catalog.get(message) and not _in_front_matter(node)
        )
        self.env.metadata[self.env.docname][METADATA_KEY] = missing


def _in_front_matter(node: nodes.Node) -> bool:
    """Inside the field list or docinfo at the top of the page (docutils' DocInfo
    transform has not run yet at this point)."""
    return any(
        isinstance(parent, (nodes.docinfo, nodes.field_list))
        and isinstance(parent.parent, nodes.document)
        for parent in _ancestors(node)
    )


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def _catalog(srcdir: Path, locale_dirs: list[str], language: str, domain: str) -> dict:
    messages: dict = {}
    for directory in reversed(locale_dirs):
        found = gettext.find(domain, str(Path(srcdir, directory)), [language])
        if found:
            with open(found, "rb") as file:
                messages |= gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    return messages


def untranslated(env, docname: str) -> int:
    return env.metadata.get(docname, {}).get(METADATA_KEY, 0)
