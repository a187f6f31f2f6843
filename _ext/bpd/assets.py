"""What a page downloads: readers pay for every byte on mobile data.

- **One ``_static`` for every language.** In the published site (``tools/publish.py``;
  ``tools/site.py`` builds with ``shared_static`` in ``bpd_site``), a translated page
  links the stylesheets, scripts and logo of the site's root ``_static/`` (``/sw/about/`` loads
  ``../../_static/styles/furo.css?v=...``), so a reader who switches language
  downloads none of them again; Sphinx's ``?v=`` checksum keeps them from going
  stale. Only what differs by language (``PER_LANGUAGE_STATIC``) stays under the
  language's prefix. Links are relative, so the site works at any base URL; a
  language built alone (``nox -s serve -- sw``) keeps its own ``_static``.
- **Search scripts after a search only.** Sphinx links its search scripts
  (``SEARCH_SCRIPTS``) into every page, for the highlighting of the searched words
  on the page a result leads to; a page loads them only when the reader comes from
  a search result, and the search page as usual.
- **Only the sphinx-design it uses.** sphinx-design ships one stylesheet for all
  its components (buttons, badges, tabs, dropdowns, icons, colours...); this site
  uses its grid and cards. The stylesheet is cut down to the rules whose
  sphinx-design classes (``sd-*``) the site's pages use (each page's noted as it is
  read), with the field's CSS parser (tinycss2): a rule is kept whole or not at all.
  The cut is made once for every language of a site build, and again only when the
  classes or sphinx-design's file change. A page without any sphinx-design component does not
  link it.
- **Assets a page uses.** Sphinx links Pygments' stylesheet and sphinx-design links
  its tab script into every page. This site's pages have neither code blocks nor
  tabs, and its readers pay for every byte on mobile data: a page gets each one only
  if it has something that uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from html import unescape
from pathlib import Path

import tinycss2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .languages.links import current_language, site_of
from .rebuilds import PageNotes, shared_cache

# -- assets -------------------------------------------------------------------------------


def _has_design_classes(doctree: nodes.document) -> bool:
    return any(_design_classes(doctree))


#: asset file name -> does this page need it?
NEEDED_BY = {
    "sphinx-design.min.css": _has_design_classes,
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
    # In place: the lists are the builder's, which Sphinx restores after each page and
    # to which ``app.add_js_file`` adds a page's own script (``load_search_scripts...``).
    for key in ("css_files", "script_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if not _unused(asset, doctree)]


# -- one _static for every language ---------------------------------------------------


#: What Sphinx writes in ``_static/`` that differs by language: the language's code and
#: search options, its stop words and word stemmer, the search page's translated
#: strings; and the search script, which furo's search page links by a path of its own.
PER_LANGUAGE_STATIC = frozenset(
    {"documentation_options.js", "language_data.js", "translations.js", "searchtools.js"}
)


def per_language(name: str) -> bool:
    """Whether ``_static/<name>`` stays under its language's prefix."""
    return name in PER_LANGUAGE_STATIC or name.endswith("stemmer.js")


def _shared(filename: str) -> bool:
    return (
        filename.startswith("_static/")
        and "://" not in filename
        and not per_language(filename.removeprefix("_static/"))
    )


def share_static(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Point a translated page's shared assets at the site's root ``_static/``."""
    up = "../" * current_language(app.config).prefix.count("/")
    if not (site_of(app.config).shared_static and up):
        return
    pathto = context["pathto"]

    def shared_tag(make_tag, attribute: str):
        def tag(asset) -> str:
            html = make_tag(asset)
            filename = os.fspath(getattr(asset, "filename", asset) or "")
            if _shared(filename):
                uri = pathto(filename, resource=True)
                html = html.replace(f'{attribute}="{uri}', f'{attribute}="{up}{uri}', 1)
            return html

        return tag

    context["css_tag"] = shared_tag(context["css_tag"], "href")
    context["js_tag"] = shared_tag(context["js_tag"], "src")
    for key in ("logo_url", "favicon_url"):
        url = context.get(key) or ""
        if url and "://" not in url and not url.startswith("/"):
            context[key] = up + url


# -- search-only scripts ----------------------------------------------------------------


#: Sphinx's scripts that only searching uses: the search page's own, and the
#: highlighting of the words searched for on the page a result leads to.
SEARCH_SCRIPTS = (
    "documentation_options.js", "doctools.js", "sphinx_highlight.js", "translations.js",
)  # fmt: skip

#: On any other page, they load only when the reader arrives from a search result
#: (Sphinx's search page leaves the words in localStorage, or in ``?highlight=``).
_AFTER_A_SEARCH = """(() => {
  let searched = new URLSearchParams(location.search).has("highlight");
  try { searched ||= localStorage.getItem("sphinx_highlight_terms") !== null; } catch {}
  if (!searched) return;
  for (const src of %s) {
    const script = document.createElement("script");
    script.src = src;
    script.async = false;
    document.head.append(script);
  }
})();"""


def load_search_scripts_after_a_search(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Search scripts on the search page; on the others, only after a search."""
    if pagename == "search" or "script_files" not in context:
        return
    kept, searching = [], []
    for script in context["script_files"]:
        name = posixpath.basename(str(getattr(script, "filename", script) or ""))
        (searching if name in SEARCH_SCRIPTS else kept).append(script)
    if not searching:
        return
    js_tag = context["js_tag"]  # after share_static: the URLs the page would have used
    sources = [re.search(r'src="([^"]+)"', js_tag(script)).group(1) for script in searching]
    context["script_files"][:] = kept
    # Called while a page is rendered, Sphinx adds the script to this page alone.
    app.add_js_file(None, body=_AFTER_A_SEARCH % json.dumps([unescape(s) for s in sources]))


# -- sphinx-design's stylesheet, cut down to what the site uses ---------------------------


#: sphinx-design's stylesheet (``sphinx_design.extension.add_static_assets``).
DESIGN_CSS = "sphinx-design.min.css"
#: Where the cut-down copy is written (and the site's stylesheets without their
#: comments), before the static files are copied: a static path after sphinx-design's
#: own and the site's, so each takes its original's place under the same name.
_DESIGN_DIR = "bpd-design-css"


def _design_classes(doctree: nodes.Node):
    for node in doctree.findall(nodes.Element):
        for name in node.get("classes", ()):
            if name.startswith("sd-"):
                yield name


def add_design_css_path(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    directory = Path(app.doctreedir) / _DESIGN_DIR
    directory.mkdir(parents=True, exist_ok=True)
    app.config.html_static_path.append(str(directory))
    publish_site_css(app, directory)


def publish_site_css(app: Sphinx, directory: Path) -> None:
    """The site's own stylesheets (``html_css_files`` in its ``_static``), published
    without their comments: the comments are for contributors, and cost readers about
    0.7 KB of every first visit (gzip). Written into ``directory``, a static path after
    the site's, so each takes the place of its original under the same name."""
    for name in app.config.html_css_files:
        name = name[0] if isinstance(name, tuple) else name
        for static in app.config.html_static_path[:-1]:
            original = Path(app.confdir, static, name)
            if "://" in name or not original.is_file():
                continue
            tokens = tinycss2.parse_component_value_list(
                original.read_text(encoding="utf-8"), skip_comments=True
            )
            published, target = tinycss2.serialize(tokens).strip() + "\n", directory / name
            if not target.is_file() or target.read_text(encoding="utf-8") != published:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(published, encoding="utf-8")


class DesignClasses(PageNotes):
    """Each page's ``sd-*`` classes, noted as it is read: the cut needs every page's, and
    loading every doctree again on each build cost a rebuild a third of a second."""

    attribute = "bpd_design_classes"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        self.of(app.env)[app.env.docname] = frozenset(_design_classes(doctree))


def cut_design_css(app: Sphinx, env: BuildEnvironment) -> None:
    """Write sphinx-design's stylesheet with only the rules the site's pages use
    (parsed again only when the set of classes, or sphinx-design's file, changed:
    ``_shared_cut``)."""
    if "sphinx_design" not in app.extensions or app.builder.format != "html":
        return
    from sphinx_design.extension import STATIC_DIR

    classes = DesignClasses.of(env)
    used = set().union(*(classes.get(docname, ()) for docname in env.found_docs))
    original = (Path(STATIC_DIR) / DESIGN_CSS).read_text(encoding="utf-8")
    key = hashlib.sha256(original.encode() + repr(sorted(used)).encode()).hexdigest()
    css = _shared_cut(shared_cache(app) / f"{_DESIGN_DIR}.shared", key, original, used)
    target = Path(app.doctreedir) / _DESIGN_DIR / DESIGN_CSS
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")


#: The cuts this process made, by key: a process that builds many projects (the test
#: suite's Sphinx applications, a tenth of the fast tier's time) cuts each set once.
_CUTS: dict[str, str] = {}


def _shared_cut(cache: Path, key: str, original: str, used: set[str]) -> str:
    """The cut stylesheet, parsed once for every language of a site build (their shared
    cache, ``bpd_site``'s ``cache_dir``): each language's pages use the same components
    as the others', so the same ``key``. Written whole, then renamed, as two languages
    may build at once."""
    if cache.is_file():
        kept_key, _, kept = cache.read_text(encoding="utf-8").partition("\n")
        if kept_key == key:
            return kept
    if key not in _CUTS:
        _CUTS[key] = "".join(used_rules(tinycss2.parse_stylesheet(original, True, True), used))
    css = _CUTS[key]
    partial = cache.with_name(f"{cache.name}.{os.getpid()}")
    partial.write_text(f"{key}\n{css}", encoding="utf-8")
    os.replace(partial, cache)
    return css


def used_rules(rules, used: set[str]) -> list[str]:
    """``rules`` (tinycss2's) as CSS text, each style rule kept with the selectors
    whose sphinx-design classes are all in ``used``; at-rules kept, ``@media`` and
    ``@supports`` with what they keep (nothing: left out)."""
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _selectors(rule.prelude)
            chosen = [s for s in selectors if set(re.findall(r"\.(sd-[\w-]+)", s)) <= used]
            if chosen:
                kept.append(",".join(chosen) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule":
            if rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
                inner = used_rules(tinycss2.parse_rule_list(rule.content, True, True), used)
                if inner:
                    prelude = tinycss2.serialize(rule.prelude).strip()
                    kept.append(f"@{rule.at_keyword} {prelude}{{{''.join(inner)}}}")
            else:
                kept.append(rule.serialize())
    return kept


def _selectors(prelude) -> list[str]:
    """A rule's selector list, split at its top-level commas."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return [tinycss2.serialize(tokens).strip() for tokens in selectors]


def setup_assets(app: Sphinx) -> None:
    # After sphinx-design's builder-inited (500), which adds its own static path.
    app.connect("builder-inited", add_design_css_path, priority=600)
    app.add_env_collector(DesignClasses)
    app.connect("env-updated", cut_design_css)
    app.connect("html-page-context", drop_unused_assets)
    app.connect("html-page-context", share_static)
    # After share_static (priority 500): it reads the URLs the page would have used.
    app.connect("html-page-context", load_search_scripts_after_a_search, priority=600)
