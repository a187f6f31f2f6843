"""How far each translation has come, told honestly: in the page, in its notice, on the status page.

- **English runs say so.** Sphinx falls back to English message by message. After
  its ``Locale`` transform, every message still in English in a translated page
  (untranslated, fuzzy, or refused by the guard) gets ``lang="en"`` (docutils
  writes a ``language-en`` class as that attribute), so a screen reader reads it
  with English pronunciation (WCAG 2.2, 3.1.2 Language of Parts). A title gets an
  inner ``<span lang="en">``, which the navigation and the page's contents copy.
- **The notice counts.** The page template shows a notice with the number of
  passages still in English, kept on the page's metadata.
- **The status page.** The ``translation-status`` directive draws, for every
  language, each page's translated / fuzzy / untranslated messages as bars (HTML
  and CSS, no JavaScript), the date each catalog was last translated
  (``PO-Revision-Date``), and who coordinates and who last reviewed the language
  (``locales/languages.toml``). It reads every language's catalogs, so editing
  any ``.po`` file rebuilds it in every language.
"""

from __future__ import annotations

from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_percent
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translator
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from ..translations import _
from ..translations.catalogs import Catalogs
from ..translations.counts import Counts
from .links import relative_url
from .registry import Language, RegistryError, read_teams, url_prefix

logger = logging.getLogger(__name__)

#: Where a page's count of English passages is kept: its metadata, which Sphinx purges on re-read.
METADATA_KEY = "bpd_english"


# -- English runs ----------------------------------------------------------------------------


class MarkEnglish(SphinxTransform):
    """``lang="en"`` on every message a translated page shows in English; the count."""

    default_priority = 26  # after Locale (20), LinkCardTitles and RemoveRawHTML (21)

    def apply(self, **kwargs) -> None:
        language = self.config.language
        if not language or language == self.config.bpd_languages[0]:
            return
        english = total = 0
        # Every message of the page (Locale marks each one, but not at all when the
        # language has no catalog for the page: then every message is English).
        for node, _message in list(extract_messages(self.document)):
            if isinstance(node, nodes.meta) or _in_front_matter(node):
                continue  # not shown on the page
            total += 1
            if not node.get("translated"):
                english += 1
                mark_english(node)
        self.env.metadata[self.env.docname][METADATA_KEY] = (english, total)


def mark_english(node: nodes.Element) -> None:
    if isinstance(node, nodes.title):
        # Inside the heading, so that the navigation and the page's contents, which
        # copy a title's children, say it too.
        node.children = [nodes.inline("", "", *node.children, classes=["language-en"])]
        node.children[0].parent = node
    else:
        node["classes"].append("language-en")


def _in_front_matter(node: nodes.Node) -> bool:
    """Inside the field list or docinfo at the top of the page."""
    while node is not None:
        if isinstance(node, (nodes.docinfo, nodes.field_list)) and isinstance(
            node.parent, nodes.document
        ):
            return True
        node = node.parent
    return False


def notice_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """What the page's notice says: how many of its passages are still in English."""
    english, total = app.env.metadata.get(pagename, {}).get(METADATA_KEY, (0, 0))
    notice = ngettext(
        "This page is not fully translated yet: %(count)d of its %(total)d passages is "
        "still in English.",
        "This page is not fully translated yet: %(count)d of its %(total)d passages are "
        "still in English.",
        english,
    ) % {"count": english, "total": total}
    context["bpd_english"] = {"count": english, "total": total, "notice": notice}


def ngettext(singular: str, plural: str, number: int) -> str:
    """The interface catalog's plural forms (Sphinx's own ``_`` has none).

    Here, not in the template: Sphinx's gettext builder cannot extract a template's
    plural message (it fails on ``{% pluralize %}`` and ``ngettext()`` alike).
    """
    return get_translator("sphinx").ngettext(singular, plural, number)


# -- the status page --------------------------------------------------------------------------


class status_bar(nodes.Inline, nodes.Element):
    """Translated / fuzzy / untranslated as a bar; its numbers are in the next cells."""


def visit_status_bar(translator, node: status_bar) -> None:
    total = node["translated"] + node["fuzzy"] + node["untranslated"] or 1
    parts = "".join(
        f'<span class="bpd-bar-{kind}" style="width: {100 * node[kind] / total:.2f}%"></span>'
        for kind in ("translated", "fuzzy", "untranslated")
        if node[kind]
    )
    # The bar shows what the cells beside it say: screen readers read the cells.
    translator.body.append(f'<span class="bpd-bar" aria-hidden="true">{parts}</span>')
    raise nodes.SkipNode


def skip(translator, node) -> None:
    raise nodes.SkipNode


class TranslationStatusDirective(SphinxDirective):
    """``translation-status``: every translation's progress, page by page, and its team."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.env.srcdir)
        registry = srcdir / "locales" / "languages.toml"
        self.env.note_dependency(str(registry))
        try:
            teams = read_teams(srcdir)
        except RegistryError as error:
            logger.warning(
                error.message,
                type="bpd",
                subtype="languages",
                location=f"{error.path}:{error.line}",
            )
            teams = {}
        catalogs = Catalogs(srcdir, self.config.locale_dirs[0], self.config.myst_enable_extensions)
        translations = self.config.bpd_languages[1:]
        result: list[nodes.Node] = []
        for template in catalogs.templates.rglob("*.pot"):
            self.env.note_dependency(str(template))
        for code in translations:
            for path in catalogs.catalogs(code):
                # Any catalog of any language changes what this page shows.
                self.env.note_dependency(str(path))
            rows = catalogs.counts(code)
            # The home page first, the page not found and the interface last.
            rows.sort(key=lambda row: (row.page == "sphinx", row.page == "404",
                                       row.page != self.config.root_doc, row.page))  # fmt: skip
            result += self._language(code, rows, teams.get(code))
        for node in result:
            for element in [node, *node.findall(nodes.Element)]:
                element.source, element.line = self.get_source_info()
                if isinstance(element, nodes.paragraph):
                    element["translatable"] = False  # written in the page's language already
        return result

    def _language(self, code: str, rows: list[Counts], team) -> list[nodes.Node]:
        language = self.config.language or self.config.bpd_languages[0]
        total = Counts(code, "(all)")
        for row in rows:
            total += row
        heading = nodes.paragraph(classes=["bpd-status-language"])
        heading += nodes.strong(
            "",
            "",
            nodes.inline("", Language(code).name, classes=[f"language-{Language(code).tag}"]),
        )
        heading += nodes.Text(
            " " + _("%(percent)s translated") % {"percent": _percent(total, language)}
        )
        team_text = nodes.paragraph(classes=["bpd-status-team"])
        coordinators = ", ".join(f"@{name}" for name in (team.coordinators if team else ()))
        team_text += nodes.Text(
            _("Coordinators: %(names)s.") % {"names": coordinators}
            if coordinators
            else _("No coordinator yet.")
        )
        team_text += nodes.Text(" ")
        review = team.last_review if team else None
        team_text += nodes.Text(
            _("Last reviewed by %(names)s on %(date)s.")
            % {
                "names": ", ".join(f"@{name}" for name in review.by),
                "date": format_date(review.date, "long", locale=language),
            }
            if review
            else _("Not reviewed yet by a speaker of the language.")
        )
        return [heading, team_text, self._table(code, rows, language)]

    def _table(self, code: str, rows: list[Counts], language: str) -> nodes.table:
        headers = [_("Page"), _("Translated"), _("Fuzzy"), _("Untranslated"), _("Last translated")]
        table = nodes.table(classes=["bpd-status-table"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group += [nodes.colspec(colwidth=1) for _header in headers]
        head = nodes.thead()
        head += _row([nodes.Text(header) for header in headers])
        body = nodes.tbody()
        for row in rows:
            page = (
                nodes.Text(_("Menus, buttons and search"))
                if row.page == "sphinx"
                else status_page_link(row.page, code)
            )
            bar = status_bar(
                translated=row.translated, fuzzy=row.fuzzy, untranslated=row.untranslated
            )
            translated = nodes.paragraph(
                "", "", bar, nodes.Text(f"{row.translated} ({_percent(row, language)})")
            )
            body += _row(
                [
                    page,
                    translated,
                    nodes.Text(str(row.fuzzy)),
                    nodes.Text(str(row.untranslated)),
                    nodes.Text(
                        format_date(row.revised, "medium", locale=language)
                        if row.revised
                        else _("never")
                    ),
                ]
            )
        group += [head, body]
        return table


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += (
            content if isinstance(content, nodes.paragraph) else nodes.paragraph("", "", content)
        )
        row += entry
    return row


def _percent(counts: Counts, language: str) -> str:
    return format_percent(counts.percent / 100, "#,##0%", locale=language)


class status_page_link(nodes.Inline, nodes.TextElement):
    """The title of a page, linking to it in the row's language; filled in at write
    time, when every page's title is known."""

    def __init__(self, domain: str, language: str) -> None:
        super().__init__("", "", domain=domain, language=language)


def resolve_status_page_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At write time, when every page's title is known: each page's title, linking to
    that page in the row's language."""
    source = app.config.bpd_languages[0]
    here = url_prefix(app.config.language or source, source) + app.builder.get_target_uri(docname)
    for link in list(doctree.findall(status_page_link)):
        target = _docname_of(link["domain"], app.env)
        title = app.env.titles.get(target) if target else None
        text = title.astext() if title is not None else link["domain"]
        if target is None:
            link.replace_self(nodes.Text(text))
            continue
        there = url_prefix(link["language"], source) + app.builder.get_target_uri(target)
        link.replace_self(nodes.reference("", text, refuri=relative_url(here, there)))


def _docname_of(domain: str, env) -> str | None:
    for docname in env.found_docs:
        if docname_to_domain(docname, env.config.gettext_compact) == domain:
            return docname
    return None


def setup_status(app: Sphinx) -> None:
    app.add_transform(MarkEnglish)
    app.connect("html-page-context", notice_context)
    app.add_directive("translation-status", TranslationStatusDirective)
    app.add_node(
        status_bar,
        html=(visit_status_bar, None),
        text=(skip, None),
        latex=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_node(status_page_link)
    app.connect("doctree-resolved", resolve_status_page_links)
