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
  (``locales/languages.toml``). It counts the messages each page has now, each
  once, its description too (the notice counts the passages shown, so the two may
  differ by one or two), as this build read them (``NoteMessages``, before any
  translation, so the same in every language), each looked up in every
  language's catalog; not what ``locales/templates/`` held at the last
  ``update``. The interface's English is its template (it is no page). Editing any
  ``.po`` file rereads it; a page whose messages changed rewrites it.
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

from ..rebuilds import PageNotes
from ..translations import English, _
from ..translations.catalogs import INTERFACE_DOMAIN, Catalogs, key_of_extracted
from ..translations.counts import Counts
from .links import current_language, is_translation, relative_url, site_of
from .registry import Language, RegistryError, read_teams

logger = logging.getLogger(__name__)

#: Where a page's count of English passages is kept: its metadata, which Sphinx purges on re-read.
METADATA_KEY = "bpd_english"


# -- English runs ----------------------------------------------------------------------------


class MarkEnglish(SphinxTransform):
    """``lang="en"`` on every message a translated page shows in English; the count."""

    default_priority = 26  # after Locale (20), LinkCardTitles and RemoveRawHTML (21)

    def apply(self, **kwargs) -> None:
        if not is_translation(self.config):
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
    )
    context["bpd_english"] = {
        "count": english,
        "total": total,
        "notice": notice % {"count": english, "total": total},
        # Not translated yet (a new language): said in English, and marked so.
        "in_english": isinstance(notice, English),
    }


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


class translation_status(nodes.General, nodes.Element):
    """Where the status page's tables go: drawn when the page is written, once every
    page has been read (``fill_status_pages``)."""


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
        catalogs = Catalogs(srcdir, self.config.locale_dirs[0])
        # Any catalog of any language changes what this page shows; so does the English
        # of the interface (its template: the interface is no page).
        if catalogs.template(INTERFACE_DOMAIN).is_file():  # a missing one: read every time
            self.env.note_dependency(str(catalogs.template(INTERFACE_DOMAIN)))
        for language in site_of(self.config).languages[1:]:
            for path in catalogs.catalogs(language.code):
                self.env.note_dependency(str(path))
        StatusPages.of(self.env)[self.env.docname] = True
        node = translation_status(teams=teams)
        self.set_source_info(node)
        return [node]


# -- what each page says now ---------------------------------------------------------------------


class PageMessages(PageNotes):
    """Each page's messages, as Sphinx looks them up in a catalog: what the status page
    counts, in every language the same (noted before any translation)."""

    attribute = "bpd_page_messages"


class StatusPages(PageNotes):
    """The pages that show the status tables."""

    attribute = "bpd_status_pages"


class NoteMessages(SphinxTransform):
    """Notes the page's messages, as Sphinx's ``Locale`` transform is about to look them up."""

    default_priority = 19  # right before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs) -> None:
        keys = dict.fromkeys(
            key_of_extracted(message)
            for node, message in extract_messages(self.document)
            # As Sphinx's gettext builder extracts: the front matter is taken out of the
            # page once it is read (its metadata), a substitution is never extracted.
            if not _in_front_matter(node) and not _in_substitution(node)
        )
        PageMessages.of(self.env)[self.env.docname] = list(keys)


def _in_substitution(node: nodes.Node) -> bool:
    """Inside a substitution definition: never extracted (Sphinx's gettext builder)."""
    while node is not None:
        if isinstance(node, nodes.substitution_definition):
            return True
        node = node.parent
    return False


def status_pages_to_rewrite(app: Sphinx, env) -> list[str]:
    """``env-get-updated``: a page whose messages changed changes the status tables, which
    are drawn when their page is written: that page is written again too."""
    current = hash(repr(sorted(PageMessages.of(env).items())))
    previous = getattr(env, "bpd_status_messages", None)
    env.bpd_status_messages = current
    if previous is None or previous == current:
        return []
    return sorted(StatusPages.of(env))


def page_english(app: Sphinx) -> dict[str, list]:
    """The English of every page as this build read it, by catalog (domain), and the
    interface's (its template)."""
    english: dict[str, dict] = {}
    for docname, keys in sorted(PageMessages.of(app.env).items()):
        domain = docname_to_domain(docname, app.config.gettext_compact)
        english.setdefault(domain, {}).update(dict.fromkeys(keys))
    catalogs = Catalogs(app.srcdir, app.config.locale_dirs[0])
    english[INTERFACE_DOMAIN] = dict.fromkeys(catalogs.english(INTERFACE_DOMAIN) or ())
    return {domain: list(keys) for domain, keys in english.items()}


def fill_status_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the status tables, counted against what every page says now
    (a page added or edited since the last ``update`` counts as it reads), then each
    page's title linking to it."""
    placeholders = list(doctree.findall(translation_status))
    if placeholders:
        english = page_english(app)
        catalogs = Catalogs(
            app.srcdir, app.config.locale_dirs[0], app.config.myst_enable_extensions
        )
    for placeholder in placeholders:
        if app.builder.format != "html":
            placeholder.replace_self([])
            continue
        result: list[nodes.Node] = []
        for shown in site_of(app.config).languages[1:]:
            rows = catalogs.counts(shown.code, english)
            # The home page first, the page not found and the interface last.
            rows.sort(key=lambda row: (row.page == INTERFACE_DOMAIN, row.page == "404",
                                       row.page != app.config.root_doc, row.page))  # fmt: skip
            result += _language(app.config, shown, rows, placeholder["teams"].get(shown.code))
        for node in result:
            for element in [node, *node.findall(nodes.Element)]:
                element.source, element.line = placeholder.source, placeholder.line
                if isinstance(element, nodes.paragraph):
                    element["translatable"] = False  # written in the page's language already
        placeholder.replace_self(result)
    resolve_status_page_links(app, doctree, docname)


def _language(config, shown: Language, rows: list[Counts], team) -> list[nodes.Node]:
    code, language = shown.code, current_language(config).code
    total = Counts(code, "(all)")
    for row in rows:
        total += row
    heading = nodes.paragraph(classes=["bpd-status-language"])
    heading += nodes.strong(
        "",
        "",
        nodes.inline("", shown.name, classes=[f"language-{shown.tag}"]),
    )
    heading += nodes.Text(" ")
    heading += interface(_("%(percent)s translated"), percent=_percent(total, language))
    team_text = nodes.paragraph(classes=["bpd-status-team"])
    coordinators = ", ".join(f"@{name}" for name in (team.coordinators if team else ()))
    team_text += (
        interface(_("Coordinators: %(names)s."), names=coordinators)
        if coordinators
        else interface(_("No coordinator yet."))
    )
    team_text += nodes.Text(" ")
    review = team.last_review if team else None
    team_text += (
        interface(
            _("Last reviewed by %(names)s on %(date)s."),
            names=", ".join(f"@{name}" for name in review.by),
            date=format_date(review.date, "long", locale=language),
        )
        if review
        else interface(_("Not reviewed yet by a speaker of the language."))
    )
    # In furo's box for tables, which scrolls sideways on a narrow screen (furo wraps the
    # tables of a page's source, before these are made).
    table = nodes.container("", _table(code, rows, language), classes=["table-wrapper"])
    return [heading, team_text, table]


def _table(code: str, rows: list[Counts], language: str) -> nodes.table:
    headers = [_("Page"), _("Translated"), _("Fuzzy"), _("Untranslated"), _("Last translated")]
    table = nodes.table(classes=["bpd-status-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group += [nodes.colspec(colwidth=1) for _header in headers]
    head = nodes.thead()
    head += _row([interface(header) for header in headers])
    body = nodes.tbody()
    for row in rows:
        page = (
            interface(_("Menus, buttons and search"))
            if row.page == INTERFACE_DOMAIN
            else status_page_link(row.page, code)
        )
        bar = status_bar(translated=row.translated, fuzzy=row.fuzzy, untranslated=row.untranslated)
        translated = nodes.paragraph(
            "", "", bar, nodes.Text(f"{row.translated} ({_percent(row, language)})")
        )
        body += _row(
            [
                page,
                translated,
                nodes.Text(str(row.fuzzy)),
                nodes.Text(str(row.untranslated)),
                nodes.Text(format_date(row.revised, "medium", locale=language))
                if row.revised
                else interface(_("never")),
            ]
        )
    group += [head, body]
    return table


def interface(message: str, **values: str) -> nodes.Node:
    """An interface string (``_()``'s) as a node: marked ``lang="en"`` where no catalog
    of the page's language translates it."""
    text = message % values if values else str(message)
    if isinstance(message, English):
        return nodes.inline("", text, classes=["language-en"])
    return nodes.Text(text)


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
    site = site_of(app.config)
    here = current_language(app.config).prefix + app.builder.get_target_uri(docname)
    for link in list(doctree.findall(status_page_link)):
        target = _docname_of(link["domain"], app.env)
        title = app.env.titles.get(target) if target else None
        text = title.astext() if title is not None else link["domain"]
        if target is None:
            link.replace_self(nodes.Text(text))
            continue
        there = site.get(link["language"]).prefix + app.builder.get_target_uri(target)
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
    app.add_node(translation_status)
    app.add_transform(NoteMessages)
    app.add_env_collector(PageMessages)
    app.add_env_collector(StatusPages)
    app.connect("env-get-updated", status_pages_to_rewrite)
    app.connect("doctree-resolved", fill_status_pages)
