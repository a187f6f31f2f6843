"""The Black Python Devs site's Sphinx extension, feature by feature.

Its modules (``grids``, ``photos``, ``translations``, ``languages``, ``head``,
``assets``, ``project_files``, ``rebuilds``), and what a contributor comes to change in
each, are in CONTRIBUTING.md ("Where to make a change").

Each feature module (or subpackage) owns a ``setup_<feature>(app)`` that declares its config
values, directives, nodes, transforms and event handlers (as sphinx-design's
``setup_grids`` does); ``setup`` below imports them by name and calls them, when
Sphinx loads the extension and not before (so a tool that reads a catalog imports
``bpd.translations`` alone, without sphinx-design or Pillow). ``project_files`` is
also a helper the others use.

What runs, in the order Sphinx runs it:

0. At setup, ``setup_rebuilds`` patches MyST-Parser and Sphinx where they repeat work
   (``rebuilds.share_myst_default_settings``, ``reuse_myst_parsers``, ``defer_debug_xml``;
   each says why, with a link to the upstream code).
1. ``config-inited``: ``languages.links.configure`` (priority 500: the languages,
   the base URL, the canonical URL), then ``translations.guard.guard_catalogs``
   (800: every catalog of the language checked and compiled, the search page's
   strings written, the interface catalog loaded again).
2. ``builder-inited``: ``translations.guard.escape_template_translations``,
   ``rebuilds.use_bytecode_cache``, ``rebuilds.copy_static_files_when_changed``, then
   (600, after sphinx-design's)
   ``assets.add_design_css_path``. The HTML writer is
   ``translations.guard.EscapingHTMLTranslator`` (html and dirhtml).
3. ``env-before-read-docs``: ``translations.guard.warn_unread_catalogs`` (a catalog
   no page reads), ``project_files.warn_undecodable_pages`` (pages are read
   with a bad byte shown as U+FFFD); ``env-purge-doc``: the collectors
   ``grids.events.EventNotes``, ``photos.Photos``, ``assets.DesignClasses``,
   ``languages.status.PageMessages`` and ``StatusPages`` (``rebuilds.PageNotes``)
   forget the page.
4. Reading a page: the directives ``leadership-grid``, ``initiative-grid``
   (``grids.directives``), ``event-grid`` (``grids.events``) and
   ``translation-status`` (``languages.status``), then the transforms:
   ``languages.status.NoteMessages`` (19: the page's messages, for the status page),
   Sphinx's ``Locale`` (20), ``grids.cards.LinkCardTitles`` (21),
   ``translations.guard.RemoveRawHTML`` (21), ``languages.status.MarkEnglish`` (26);
   then ``doctree-read``: ``grids.events.EventNotes``, ``assets.DesignClasses``,
   ``rebuilds.depend_on_ui_catalog``.
5. ``env-merge-info`` (parallel reading): the collectors of 3.
6. ``env-get-updated``: ``grids.events.pages_to_rewrite_another_day``,
   ``rebuilds.pages_to_rewrite``, ``languages.status.status_pages_to_rewrite``;
   ``env-updated``: ``assets.cut_design_css`` (sphinx-design's stylesheet, cut down
   to the site's use), then (900) ``rebuilds.pages_linking_changed_static`` (every
   page again when a static file it links with a checksum changed).
7. Writing a page: the post-transforms ``grids.events.EventLayout`` (390), then
   ``photos.PhotoAltText``, ``grids.cards.JoinRoleAndRegion``,
   ``grids.events.EventTexts`` and ``head.UnflagTranslatedMeta`` (400, HTML
   only); ``doctree-resolved``: ``grids.cards.link_pages``,
   ``grids.events.link_calendar_and_describe_events``, ``photos.resolve_photo_uris``,
   ``languages.status.fill_status_pages`` (the status tables, and their links);
   ``html-page-context``: ``languages.links.page_context``,
   ``languages.status.notice_context``, ``head.page_context``,
   ``assets.drop_unused_assets``, ``assets.share_static``, then (600)
   ``assets.load_search_scripts_after_a_search``.
8. ``html-collect-pages``: ``photos.collect_pages`` (writes the WebP photos);
   ``build-finished``: ``grids.events.write_calendar`` (each language's ``events.ics``).

See GRIDS.md for the grids' syntax and CONTRIBUTING.md for the layout.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    # In this order: handlers of one event, at one priority, run in the order added.
    from .assets import setup_assets
    from .grids import setup_grids
    from .head import setup_head
    from .languages import setup_languages
    from .photos import setup_photos
    from .project_files import setup_project_files
    from .rebuilds import code_version, setup_rebuilds
    from .translations import setup_translations

    setup_grids(app)
    setup_photos(app)
    setup_translations(app)
    setup_languages(app)
    setup_head(app)
    setup_assets(app)
    setup_rebuilds(app)
    setup_project_files(app)
    return {
        "version": __version__,
        # Changes with the code, so editing the extension rebuilds every page.
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
