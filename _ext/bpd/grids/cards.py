"""Build the docutils nodes of the grids; once the page is translated, link the
initiative cards to their sections and join each role to its region; when it is
written, link a site path ("/initiatives/") to its page in the reader's language.

The structure is sphinx-design's grid and card components (plain ``container``
nodes carrying ``sd-*`` classes, made with ``create_component``), so the theme
styles them and escaping is by construction. The one change: the grid row is a
bullet list and each column a list item, so assistive technology announces
"list, 4 items" instead of a pile of anonymous boxes. A grid of names alone is
no grid: it is a bullet list of the names, in columns (``bpd.css``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import create_component

from ..translations import _
from ..translations.catalogs import CONTEXT_SEPARATOR

#: Alignment of cards in their column, the same classes sphinx-design's grid items use.
_COLUMN_CLASSES = ["sd-col", "sd-d-flex-row"]
_CARD_CLASSES = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "bpd-card"]


def grid(kind: str, columns: list[str], cards: Iterable[nodes.Element]) -> nodes.container:
    """A sphinx-design grid whose row is a list and whose items are the cards."""
    container = create_component(
        "grid-container",
        ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "bpd-grid", f"bpd-{kind}"],
    )
    row = nodes.bullet_list(
        classes=["sd-row", *columns, "sd-g-3", "bpd-grid-list"], design_component="grid-row"
    )
    for card in cards:
        item = nodes.list_item(classes=_COLUMN_CLASSES, design_component="grid-item")
        item += card
        row += item
    container += row
    return container


def names(kind: str, people: Iterable[str]) -> nodes.bullet_list:
    """A list of names and nothing else: no pictures, no cards (a council of twenty-four)."""
    listing = nodes.bullet_list(classes=["bpd-names", f"bpd-{kind}"])
    for name in people:
        item = nodes.list_item()
        item += text(name, [], translatable=False)
        listing += item
    return listing


def card(classes: Iterable[str], children: Iterable[nodes.Node]) -> nodes.container:
    body = create_component("card-body", ["sd-card-body"], children=list(children))
    return create_component("card", [*_CARD_CLASSES, *classes], children=[body])


def text(value: str, classes: Iterable[str], *, translatable: bool) -> nodes.paragraph:
    """A paragraph holding ``value`` as plain text.

    Translatable fields keep their text as ``rawsource`` (that is the msgid
    gettext extracts); names and handles are marked untranslatable so they
    never reach a catalog.
    """
    paragraph = nodes.paragraph(value, "", nodes.Text(value), classes=list(classes))
    if not translatable:
        paragraph["translatable"] = False
    return paragraph


def linked_title(value: str, target: str) -> nodes.paragraph:
    """A card title that will link to the label ``target``.

    The paragraph is an ordinary translatable message (msgid: the title).
    The cross-reference around its text is added by ``LinkCardTitles``
    after translation, so a translated title keeps its link.
    """
    paragraph = text(value, ["sd-card-title", "sd-font-weight-bold"], translatable=True)
    paragraph["bpd_link_target"] = target
    return paragraph


def alt_text(value: str) -> nodes.paragraph:
    """The alt text of the photo just before it, as a message of its own.

    gettext extracts text nodes, never attributes: as a paragraph the alt text
    is extracted and translated like a role. ``photos.PhotoAltText`` moves
    its (translated) text into the photo's ``alt`` at write time and drops it.
    """
    paragraph = text(value, ["bpd-alt"], translatable=True)
    paragraph["bpd_alt_text"] = True
    return paragraph


def in_form(paragraph: nodes.paragraph, form: str | None) -> nodes.paragraph:
    """``paragraph``'s message, extracted and translated in the grammatical ``form``.

    Sphinx's gettext builder and its ``Locale`` transform know no ``msgctxt``, but
    both use the paragraph's ``rawsource`` as the message: written as gettext keys a
    message with a context (``feminine\x04Executor``), it is extracted so (and
    ``translations -- update`` writes it as ``msgctxt "feminine"``) and looked up so
    in the compiled catalog, while the page shows the text itself ("Executor") until
    a translation replaces it.
    """
    if form:
        paragraph.rawsource = f"{form}{CONTEXT_SEPARATOR}{paragraph.rawsource}"
    return paragraph


def region(value: str) -> nodes.paragraph:
    """The region of the role just before it, as a message of its own.

    Translated apart from the role ("Africa (West)" is the same words for every
    executor there), then joined to it by ``JoinRoleAndRegion``.
    """
    paragraph = text(value, ["bpd-region"], translatable=True)
    paragraph["bpd_region"] = True
    return paragraph


def external_link(url: str, label: str, classes: Iterable[str]) -> nodes.paragraph:
    reference = nodes.reference(label, "", nodes.Text(label), refuri=url)
    paragraph = nodes.paragraph("", "", reference, classes=list(classes))
    paragraph["translatable"] = False
    return paragraph


def page_link(page: str, fragment: str, label: str, classes: Iterable[str]) -> nodes.paragraph:
    """``label`` linking to the site's ``page`` (and ``#fragment`` in it), in the language
    and under the address the page is published at: ``link_pages`` writes its URI."""
    paragraph = external_link(f"/{page}{fragment}", label, classes)
    reference = paragraph[0]
    reference["internal"] = True
    reference["bpd_page"], reference["bpd_fragment"] = page, fragment
    return paragraph


def image(uri: str, size: int, *, alt: str | None, classes: Iterable[str]) -> nodes.image:
    """An image with explicit dimensions (no layout shift) that loads lazily.

    ``no-scaled-link`` stops Sphinx from wrapping it in a link to the image file.
    """
    node = nodes.image(
        uri=uri,
        width=str(size),
        height=str(size),
        loading="lazy",
        classes=["bpd-avatar", "no-scaled-link", *classes],
    )
    if alt is not None:
        node["alt"] = alt
    return node


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


def link_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A link to a page of the site, written relative to the page it is on (as Sphinx
    writes its own ``:doc:`` links), when the page is written: the same language, at
    any base URL. A leader's ``url: /initiatives/`` led every translated page to the
    English page, and out of a site published under a sub-path."""
    if app.builder.format != "html":
        return
    for reference in doctree.findall(nodes.reference):
        page = reference.get("bpd_page")
        if page is not None:
            uri = app.builder.get_relative_uri(docname, page)
            reference["refuri"] = (uri or "./") + reference["bpd_fragment"]


class JoinRoleAndRegion(SphinxPostTransform):
    """Write a role and its region as one line, "Executor, Africa (West)", in the
    reader's language.

    They are two messages until here, so that each is translated once however
    many people share it; the way they join is an interface string
    (``%(role)s, %(region)s``) that a language may write otherwise. It runs at
    write time, for HTML only, so the gettext builder still sees the region as a
    message of its own, and after ``status.MarkEnglish``: a part still in English
    keeps its ``lang="en"`` on its own span.
    """

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for region in list(self.document.findall(nodes.paragraph)):
            if not region.get("bpd_region"):
                continue
            position = region.parent.index(region)
            role = region.parent[position - 1] if position else None
            if not isinstance(role, nodes.paragraph):
                continue
            parts = {"role": _content(role), "region": _content(region)}
            role.children = []
            # Translators: a person's role and the region they serve, as a leadership
            # card shows them: "Executor, Africa (West)". Keep both placeholders.
            pattern = _("%(role)s, %(region)s")
            role.extend(_joined(str(pattern), parts))
            region.parent.remove(region)


_PLACEHOLDER = re.compile(r"%\((role|region)\)s")


def _content(paragraph: nodes.paragraph) -> list[nodes.Node]:
    """The paragraph's children; in a span that keeps its language if it has one."""
    languages = [name for name in paragraph["classes"] if name.startswith("language-")]
    if not languages:
        return list(paragraph.children)
    paragraph["classes"] = [name for name in paragraph["classes"] if name not in languages]
    return [nodes.inline("", "", *paragraph.children, classes=languages)]


def _joined(pattern: str, parts: dict[str, list[nodes.Node]]) -> list[nodes.Node]:
    """``pattern`` with its placeholders replaced by the nodes of ``parts``.

    The guard refuses a translation that drops or adds a placeholder; the English
    pattern stands in if one got through anyway, so nothing is ever lost.
    """
    if sorted(_PLACEHOLDER.findall(pattern)) != sorted(parts):
        pattern = "%(role)s, %(region)s"
    joined: list[nodes.Node] = []
    for index, piece in enumerate(_PLACEHOLDER.split(pattern)):
        if index % 2:
            joined.extend(parts[piece])
        elif piece:
            joined.append(nodes.Text(piece.replace("%%", "%")))
    return joined
