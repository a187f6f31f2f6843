"""Incremental builds that equal clean ones, and are quick.

Sphinx rebuilds a page when its source or a noted dependency changes. This site
has more things a page depends on, one save Sphinx can miss, and some costs worth
saving:

- **The navigation.** furo prints the whole site's navigation, with every page's
  title, on every page. Sphinx only rewrites the pages it re-read (and their
  toctree parents), so after a title changes, in the source or in a translation,
  the other pages would keep the old one. A snapshot of the titles is kept on the
  environment; when it changes, every page is rewritten.
- **A save while a page is read.** Sphinx dates a page's reading when the reading
  ends, and reads it again only if its source or a dependency is newer than that: a
  save during the reading (the live preview builds while you type) would count as
  read, and the page keep what it had. The time the reading began is kept too;
  a page whose source or dependency is newer than it is read again.
- **The interface catalog.** Every page shows interface strings
  (``locales/<lang>/LC_MESSAGES/sphinx.po``), which is neither a page's source nor
  a noted dependency: each page notes it, so a translator's fix to "Search" reaches
  the pages already built (locally, and in ``nox -s serve``).
- **The extension's code.** ``bpd.setup`` gives Sphinx an ``env_version`` that
  changes with the code of every module of the package (``code_version``), so an
  edit to a directive or a transform rebuilds every page.
- **Compiled templates.** Sphinx compiles furo's and our templates afresh in every
  build, about a tenth of a second each time: Jinja's bytecode cache keeps them in the
  cache every language of the site shares (``shared_cache``; compiled code does not
  depend on the language: ``_()`` is looked up when a page is rendered), so a cold
  build compiles them once, not once per language.
- **Static files.** Every page links its stylesheets and scripts with a checksum of
  their content (``?v=``), so a reader's browser fetches a changed file instead of its
  cached copy; Sphinx rewrites no page when only a static file changed, so every page
  is rewritten then. And Sphinx copies every static file again in every build (the theme's,
  ``_static``, the logo, the translations script), comparing each byte and rendering
  its templates: a twelfth of a one-page rebuild, six times over. What the copy
  reads (every source file's size and time, the templates' context, Sphinx's
  version) is kept beside the doctrees; when it is the same and the copies are
  still there, the copy is not made again (``copy_static_files_when_changed``).
- **Upstream costs per parse.** Every translated message is parsed on its own: MyST-Parser
  builds a docutils settings object for each parse that it then throws away
  (``share_myst_default_settings``; a fifth of a translated build) and a new
  markdown-it parser (``reuse_myst_parsers``), and Sphinx writes the XML of every node
  it skips for a debug message nobody sees (``defer_debug_xml``). Each is a small
  workaround, with a link to the upstream code, to remove once upstream changes; no
  upstream issue is filed yet. ``tests/test_upstream.py`` fails, naming it, when an
  upgrade changes the call it relies on.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import DependencyList, new_document
from jinja2 import FileSystemBytecodeCache
from sphinx import package_dir
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector


def code_version() -> int:
    """A number that changes whenever the extension's code changes (every module of
    the package, in subpackages too)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    return int.from_bytes(digest.digest()[:6], "big") or 1


# -- what the extension notes about each page ----------------------------------------------


class PageNotes(EnvironmentCollector):
    """What a feature notes about each page, on the environment (``attribute``: a dict
    by page name), kept as Sphinx keeps its own notes (its collector protocol): forgotten
    when the page is read again, merged from parallel readers (``-j``). A feature
    subclasses it with its attribute (and ``process_doc``, to note at ``doctree-read``)
    and registers it with ``app.add_env_collector``."""

    attribute: str

    @classmethod
    def of(cls, env: BuildEnvironment) -> dict:
        if not hasattr(env, cls.attribute):
            setattr(env, cls.attribute, {})
        return getattr(env, cls.attribute)

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.of(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        theirs = self.of(other)
        self.of(env).update((docname, theirs[docname]) for docname in docnames if docname in theirs)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Noted while the page is parsed, by default (nothing to do once it is read)."""


# -- the navigation -------------------------------------------------------------------------


def _titles(env: BuildEnvironment) -> dict[str, str]:
    return {docname: title.astext() for docname, title in env.titles.items()}


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    current = _titles(env)
    previous = getattr(env, "bpd_nav_titles", None)
    env.bpd_nav_titles = current
    if previous is None or previous == current:
        return []
    return sorted(env.found_docs)


# -- a save while a page is read ---------------------------------------------------------------


#: Before the reading began: a file's time may be a clock tick (up to 10 ms) older
#: than its save.
_TICK_US = 10_000


class ReadsBegun(PageNotes):
    """When each page's last reading began (microseconds, as Sphinx's ``all_docs``)."""

    attribute = "bpd_reads_begun"


def note_reading_begins(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # Before any page of this build is read (each one's collector notes are cleared
    # when it is read: the time is noted for them at source-read).
    env.bpd_reading_begins = time.time_ns() // 1_000 - _TICK_US


def note_page_read(app: Sphinx, docname: str, source: list[str]) -> None:
    env = app.env
    ReadsBegun.of(env)[docname] = getattr(env, "bpd_reading_begins", 0)


def pages_saved_while_read(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages whose source or a dependency was saved after their reading began."""
    again = []
    for docname, began in ReadsBegun.of(env).items():
        if docname in changed or docname not in env.found_docs:
            continue
        paths = [env.doc2path(docname), *env.dependencies.get(docname, ())]
        for path in paths:
            with contextlib.suppress(OSError):  # gone: Sphinx sees it itself
                if os.stat(path).st_mtime_ns // 1_000 > began:
                    again.append(docname)
                    break
    return again


# -- the interface catalog --------------------------------------------------------------------


def ui_catalogs(app: Sphinx) -> list[Path]:
    """The project's UI catalogs of the language being built (none for the source)."""
    from .translations.catalogs import INTERFACE_DOMAIN, Catalogs

    paths = (
        Catalogs(app.srcdir, locale_dir).catalog(app.config.language, INTERFACE_DOMAIN)
        for locale_dir in app.config.locale_dirs
    )
    return [path for path in paths if path.is_file()]


def depend_on_ui_catalog(app: Sphinx, doctree: nodes.document) -> None:
    """Every page shows interface strings: an edited ``sphinx.po`` rewrites every page."""
    for path in ui_catalogs(app):
        app.env.note_dependency(str(path))


# -- compiled templates ---------------------------------------------------------------------


def shared_cache(app: Sphinx) -> Path:
    """Where the caches every language of the site shares live (``bpd_site``'s
    ``cache_dir``, relative to the doctrees): with Sphinx's own doctrees for a plain
    ``sphinx-build``, never in its output."""
    from .languages.links import site_of

    return Path(app.doctreedir, site_of(app.config).cache_dir).resolve()


def use_bytecode_cache(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder without HTML templates (gettext, linkcheck)
        return
    # One cache for every language (Jinja writes each entry to a temporary file and
    # renames it, so languages built at once share it safely).
    directory = shared_cache(app) / "jinja"
    directory.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(directory))


# -- static files ----------------------------------------------------------------------------


class _Unstable(Exception):
    """A value of the templates' context that cannot be compared between builds."""


def _comparable(value: object) -> object:
    """``value`` as plain data that is equal in two builds when ``value`` is the same."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, dict):
        return sorted((str(key), _comparable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_comparable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_comparable(item)) for item in value)
    if hasattr(value, "filename") and hasattr(value, "attributes"):  # Sphinx's CSS and JS
        return [value.filename, _comparable(dict(value.attributes))]
    text = repr(value)
    if " at 0x" in text:  # an object's identity: a new one in every build
        raise _Unstable(text)
    return text


def _files(path: Path) -> list[tuple[str, int, int]]:
    """Every file at or under ``path``: its name there, size and modification time (not
    where ``path`` is: a build directory copied elsewhere keeps its static files)."""
    if path.is_file():
        stat = path.stat()
        return [(path.name, stat.st_size, stat.st_mtime_ns)]
    found = []
    for directory, _, names in sorted(os.walk(path)):
        for name in sorted(names):
            stat = os.stat(os.path.join(directory, name))
            relative = os.path.relpath(os.path.join(directory, name), path)
            found.append((relative, stat.st_size, stat.st_mtime_ns))
    return found


def _translations_script(builder) -> Path | None:
    """The search page's translated strings Sphinx copies (``sphinx.js``), found where
    Sphinx looks for it: the project's locale directories, then Sphinx's own."""
    from .translations.catalogs import MESSAGES_DIR

    language = builder.config.language
    places = [
        *(Path(builder.srcdir, directory) for directory in builder.config.locale_dirs),
        Path(package_dir, "locale"),
    ]
    scripts = [place / language / MESSAGES_DIR / "sphinx.js" for place in places]
    scripts.append(Path(sys.prefix, "share", "sphinx", "locale", language, "sphinx.js"))
    return next((script for script in scripts if script.is_file()), None)


def _static_files(builder) -> list[tuple[str, int, int]] | None:
    """Every file Sphinx's copy of the static files reads (the theme's, ``_static``, the
    logo and favicon, the translations and stemmer scripts), or None for a builder whose
    copy is not known here."""
    if not isinstance(builder, StandaloneHTMLBuilder):
        return None
    config, sources = builder.config, []
    if builder.theme:
        sources += [Path(entry, "static") for entry in builder.theme.get_theme_dirs()]
    sources += [builder.confdir / entry for entry in config.html_static_path]
    for asset in (config.html_logo, config.html_favicon):
        if asset and "://" not in asset:
            sources.append(builder.confdir / asset)
    if script := _translations_script(builder):
        sources.append(script)
    # Sphinx's search indexer (made when writing starts) names its stemmer's script.
    indexer = getattr(builder, "indexer", None)
    if stemmer := getattr(indexer, "get_js_stemmer_rawcode", lambda: None)():
        sources.append(Path(stemmer))
    return [found for source in sources if source.exists() for found in _files(source)]


def _static_inputs(builder) -> str | None:
    """A digest of everything Sphinx's ``copy_static_files`` reads, or None when one
    input cannot be compared (the copy is then always made)."""
    import sphinx

    files = _static_files(builder)
    if files is None:
        return None
    context = builder.globalcontext.copy()
    if builder.indexer is not None:
        context.update(builder.indexer.context_for_searchtool())
    try:
        key = [
            sphinx.__version__,
            files,
            # Pygments' stylesheets are written from the highlighters' styles.
            [
                _comparable(getattr(highlighter, "formatter_args", None))
                for highlighter in (builder.highlighter, builder.dark_highlighter)
            ],
            _comparable(context),
        ]
    except _Unstable:
        return None
    return hashlib.sha256(repr(key).encode()).hexdigest()


def pages_linking_changed_static(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when a static file changed: each links its stylesheets and scripts
    with a checksum of their content (``?v=``), which is what makes a reader's browser
    fetch the new file instead of its cached copy. Sphinx rewrites no page for it."""
    files = _static_files(app.builder)
    if files is None:
        return []
    previous = getattr(env, "bpd_static_files", None)
    env.bpd_static_files = files
    if previous is None or previous == files:
        return []
    return sorted(env.found_docs)


def copy_static_files_when_changed(app: Sphinx) -> None:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return  # not an HTML builder
    copy_all = builder.copy_static_files
    record = Path(app.doctreedir) / "bpd-static-copied.json"

    @functools.wraps(copy_all)
    def copy_when_changed() -> None:
        key = _static_inputs(builder)
        static = Path(builder.outdir, "_static")
        with contextlib.suppress(OSError, ValueError, KeyError):
            kept = json.loads(record.read_text(encoding="utf-8"))
            if (
                key
                and kept["key"] == key
                and all((static / name).is_file() for name in kept["files"])
            ):
                return
        record.unlink(missing_ok=True)
        copy_all()
        if key:
            files = sorted(path.relative_to(static).as_posix()
                           for path in static.rglob("*") if path.is_file())  # fmt: skip
            record.write_text(json.dumps({"key": key, "files": files}), encoding="utf-8")

    builder.copy_static_files = copy_when_changed


# -- MyST's settings per parse ------------------------------------------------------


@functools.cache
def _default_settings(parser_cls: type) -> object:
    return get_default_settings(parser_cls)


def _make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    """MyST-Parser's ``make_document``, with the default settings built once. Each
    document has its own list of the files it depends on (an ``include`` adds to it),
    as one made afresh has: a copy of the settings would share one list."""
    settings = copy.copy(_default_settings(parser_cls))
    settings.record_dependencies = DependencyList()
    return new_document(source_path, settings=settings)


def share_myst_default_settings() -> None:
    """Build docutils' default settings once per process, not once per parse.

    MyST-Parser's renderer sets itself up with ``options.get("document",
    make_document())``, which calls ``make_document`` (a docutils ``OptionParser``
    and every component's settings, about 3 ms) even when Sphinx passes the document,
    and throws the result away: once per page, and once per translated message,
    since Sphinx parses every message on its own. Upstream (myst-parser 5.2.0):
    https://github.com/executablebooks/MyST-Parser/blob/v5.2.0/myst_parser/mdit_to_docutils/base.py#L170
    The settings ``make_document`` gives are the same every time; here they are
    built once and copied. Remove this when upstream makes the default lazy.
    """
    from myst_parser.mdit_to_docutils import base

    base.make_document = _make_document


#: Idle MyST parsers, by configuration: {id(config): (config, [parser, ...])} (the config
#: is held, so that its id is never another's).
_IDLE_PARSERS: dict[tuple[int, type], tuple[object, list]] = {}


def reuse_myst_parsers() -> None:
    """One markdown-it parser per configuration, reused, not one per parse.

    MyST-Parser's Sphinx parser builds a new markdown-it parser and renderer for
    every parse (``create_md_parser``: every rule set up again, the renderer's
    methods listed with ``inspect``), about 1 ms each: once per translated message.
    A parser renders one text at a time and sets its renderer up again for each, so
    an idle one is handed out again; one still rendering (a parse inside a parse)
    is never shared. Upstream (myst-parser 5.2.0):
    https://github.com/executablebooks/MyST-Parser/blob/v5.2.0/myst_parser/parsers/sphinx_.py#L87
    """
    from myst_parser.parsers import sphinx_

    create = getattr(sphinx_.create_md_parser, "__wrapped__", sphinx_.create_md_parser)

    @functools.wraps(create)
    def reused(config, renderer):
        _config, idle = _IDLE_PARSERS.setdefault((id(config), renderer), (config, []))
        if idle:
            return idle.pop()
        parser = create(config, renderer)
        render = parser.render

        def render_then_release(*args, **kwargs):
            try:
                return render(*args, **kwargs)
            finally:
                idle.append(parser)

        parser.render = render_then_release
        return parser

    sphinx_.create_md_parser = reused


# -- Sphinx's debug messages on translatable nodes -----------------------------------


class _DomXML:
    """``repr_domxml(node)``, written only if the debug message it is for is."""

    __slots__ = ("length", "node", "write")

    def __init__(self, write, node: nodes.Node, length: int) -> None:
        self.write, self.node, self.length = write, node, length

    def __str__(self) -> str:
        return self.write(self.node, self.length)

    __repr__ = __str__


def defer_debug_xml() -> None:
    """Write a node's XML for Sphinx's debug messages only when one is shown.

    Sphinx's ``is_translatable`` logs every text node it skips with the node's XML,
    ``repr_domxml(node)``, which it computes before the logger drops the message
    (shown only with ``-vv``): about 600 nodes a translated build, one in twenty of
    its reading time. Upstream (sphinx 9.0.4):
    https://github.com/sphinx-doc/sphinx/blob/v9.0.4/sphinx/util/nodes.py#L232
    Every caller of ``repr_domxml`` is such a debug message; here it returns an
    object that writes the XML when the message is written.
    """
    from sphinx.util import nodes as sphinx_nodes

    if hasattr(sphinx_nodes.repr_domxml, "__wrapped__"):
        return
    original = sphinx_nodes.repr_domxml

    @functools.wraps(original)
    def deferred(node: nodes.Node, length: int = 80) -> _DomXML:
        return _DomXML(original, node, length)

    sphinx_nodes.repr_domxml = deferred


def setup_rebuilds(app: Sphinx) -> None:
    share_myst_default_settings()
    reuse_myst_parsers()
    defer_debug_xml()
    app.add_env_collector(ReadsBegun)
    app.connect("env-before-read-docs", note_reading_begins)
    app.connect("source-read", note_page_read)
    app.connect("env-get-outdated", pages_saved_while_read)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-read", depend_on_ui_catalog)
    app.connect("builder-inited", use_bytecode_cache)
    app.connect("builder-inited", copy_static_files_when_changed)
    # After the cut of sphinx-design's stylesheet (bpd.assets, at env-updated), a static file.
    app.connect("env-updated", pages_linking_changed_static, priority=900)
