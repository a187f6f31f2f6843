"""Transforms that finish the grids: title links after translation, photo alt text."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .i18n import _


class LinkCardTitles(SphinxTransform):
    """Wrap the text of initiative card titles in a cross-reference to their label.

    It runs right after Sphinx's ``Locale`` transform (priority 20), so the
    text it wraps is already translated, while gettext still extracts the
    title paragraph as a plain message. The reference is Sphinx's own
    ``std:ref``: right in every language, at any base URL, and an unknown
    label is reported like any other broken reference.
    """

    default_priority = 21

    def apply(self, **kwargs) -> None:
        for paragraph in self.document.findall(nodes.paragraph):
            target = paragraph.get("bpd_link_target")
            if not target:
                continue
            # The text goes in an inline: an unresolved reference is replaced by
            # its first child, which must be an element to keep the class.
            label = nodes.inline("", "", *paragraph.children, classes=["bpd-card-link"])
            xref = addnodes.pending_xref(
                "",
                label,
                refdomain="std",
                reftype="ref",
                reftarget=target,
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            xref.source, xref.line = paragraph.source, paragraph.line
            paragraph.children = []
            paragraph += xref


class PhotoAltText(SphinxPostTransform):
    """Give every photo its alt text, in the page's language.

    An entry's own ``alt`` arrives as the paragraph after the photo (see
    ``cards.alt_text``), already translated: its text moves into the image and
    the paragraph goes. A photo without one gets "Photo of <name>" from the UI
    catalog. It runs at write time, for HTML only, so the gettext builder still
    sees the paragraph and "Photo of" is never extracted into a page's catalog.
    """

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if paragraph.get("bpd_alt_text"):
                photo = paragraph.previous_sibling()
                if isinstance(photo, nodes.image):
                    photo["alt"] = paragraph.astext()
                paragraph.parent.remove(paragraph)
        for image in self.document.findall(nodes.image):
            name = image.get("bpd_photo_of")
            if name and not image.get("alt"):
                image["alt"] = _("Photo of %(name)s") % {"name": name}


class UnflagTranslatedMeta(SphinxPostTransform):
    """Drop the ``translated`` flag that Sphinx's ``Locale`` transform sets on a
    translated ``meta`` node (the page description).

    docutils writes every attribute of a ``meta`` node into the ``<meta>`` tag,
    so the flag would be published as ``translated="True"``, which is not HTML.
    """

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for meta in self.document.findall(nodes.meta):
            meta.attributes.pop("translated", None)
