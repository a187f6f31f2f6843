"""The one gate every translation passes before anything reads it, escaping where it
lands, and no raw HTML in any page.

A translated build starts here (``config-inited``, before the builder exists and
before any page is read). Every catalog of the language is read once and checked
by ``catalogs.Catalogs``: the page catalogs, the interface catalog (``sphinx.po``) and
the search page's strings taken from it. Each problem becomes a warning at its
``file.po:line``; the refused messages are left out of what is compiled, so the
English is shown for them; a catalog that cannot be read is not used at all.
Then:

- this guard writes the ``.mo`` files itself (Sphinx's own compiling is switched
  off), so no unchecked catalog is ever compiled;
- it writes the search page's catalog (``sphinx.js``) from the same checked
  messages;
- it loads the interface catalog again: Sphinx loaded it when it started, before
  any extension could look at it, and templates would otherwise print what the
  guard refused.

A catalog unchanged since the language's last build (the same bytes, the same
extension code, and its ``.mo`` and ``sphinx.js`` exactly as the guard wrote them)
is not checked again:
its warnings, kept with the build's doctrees, are given again, so a strict build
fails on it every time, not once.

What a translation may contain still reaches pages as text, escaped where the
site prints it: templates print interface strings through escaping gettext
functions, and the HTML writer escapes the permalink titles ("Link to this
heading") that Sphinx puts into a ``title="..."`` attribute as they are.

Pages and translations are text and markup, never HTML. MyST passes inline and
block HTML through as ``raw`` nodes, and a translation is parsed like the page it
translates: ``RemoveRawHTML`` removes every raw node from the content, after
translation, with a located warning (the site's own HTML lives in its templates).
"""

from __future__ import annotations

import gettext
import hashlib
import html
import io
import json
import os
import pickle
from pathlib import Path

from babel.messages.mofile import write_mo
from docutils import nodes
from markupsafe import Markup, escape
from sphinx import locale, package_dir
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import traverse_parent
from sphinx.writers.html5 import HTML5Translator

from ..languages.links import is_translation
from . import English, EnglishFallback
from .catalogs import INTERFACE_DOMAIN, Catalogs, CheckedCatalog, Problem

logger = logging.getLogger(__name__)


def guard_catalogs(app: Sphinx, config: Config) -> None:
    """Check and compile every catalog of the language being built."""
    if not is_translation(config):
        return
    language = config.language
    # The guard compiles the catalogs: Sphinx must not compile the unchecked .po files.
    config.gettext_auto_build = False
    use_fuzzy = config.gettext_allow_fuzzy_translations
    memo_path = Path(app.doctreedir) / MEMO
    memo, kept = _read_memo(memo_path), {}
    for catalogs in project_catalogs(app):
        interface = catalogs.catalog(language, INTERFACE_DOMAIN)
        for po_path in catalogs.catalogs(language):
            po = catalogs.read(po_path)  # read once: its digest and, if new, its check
            search = po_path.with_suffix(".js") if po_path == interface else None
            outputs = [po_path.with_suffix(".mo"), *([search] if search else [])]
            key = (str(po_path), po.digest, language, catalogs.myst_extensions, use_fuzzy)
            known = memo.get(key)
            # Only what the guard itself wrote will do: Sphinx compiles sphinx.mo when
            # it starts, before the guard, from the unchecked .po, whenever the .mo is
            # missing or older than the .po (babel then prints its own complaints about
            # a broken one, with no file named, which tools.site keeps out of the
            # build's output; the guard's warning names the line).
            if known is not None and known[2] == [_digest(path) for path in outputs]:
                usable, problems, written = known
            else:
                checked = catalogs.check(po, language)
                compile_catalog(checked, use_fuzzy=use_fuzzy)
                if search:
                    write_search_catalog(checked, search)
                usable, problems = checked.usable, checked.problems
                written = [_digest(path) for path in outputs]
            report(problems, catalogs, usable=usable)
            kept[key] = (usable, problems, written)
    _write_memo(memo_path, kept)
    reload_interface_catalog(app, language)


def warn_unread_catalogs(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs``, when the pages are known: a catalog no page reads
    (``about.po`` beside ``about/index.po``) is named at its path, on every build."""
    if not is_translation(app.config):
        return
    language = app.config.language
    pages = {docname_to_domain(docname, app.config.gettext_compact) for docname in env.found_docs}
    pages.add(INTERFACE_DOMAIN)
    for catalogs in project_catalogs(app):
        for path in catalogs.unread(language, pages):
            logger.warning(
                catalogs.unread_problem(path, pages).message,
                type="bpd",
                subtype="translation",
                location=f"{catalogs.shown(path)}:1",
            )


def project_catalogs(app: Sphinx) -> list[Catalogs]:
    """The project's catalogs, in each of its ``locale_dirs``."""
    extensions = app.config.myst_enable_extensions if "myst_enable_extensions" in app.config else ()
    return [Catalogs(app.srcdir, locale_dir, extensions) for locale_dir in app.config.locale_dirs]


#: The guard's findings per catalog, with the doctrees of the language's build.
MEMO = "bpd-guarded-catalogs.pickle"


def _read_memo(path: Path) -> dict:
    from ..rebuilds import code_version

    try:
        version, memo = pickle.loads(path.read_bytes())
    except Exception:  # none yet, or unreadable: check everything
        return {}
    # New checks in the extension's code are new findings: check everything again.
    return memo if version == code_version() else {}


def _write_memo(path: Path, memo: dict) -> None:
    from ..rebuilds import code_version

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((code_version(), memo)))


def _digest(path: Path) -> str | None:
    """What the guard wrote (a ``.mo``, ``sphinx.js``), as a digest; None: nothing."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def report(problems: list[Problem], catalogs: Catalogs, *, usable: bool) -> None:
    """Each problem of a catalog as a warning at its ``file.po:line`` (from the project's
    root, as ``translations -- check`` prints it), saying what follows."""
    for problem in problems:
        if problem.mended:
            continue  # mended where it is read; `translations -- check` says so
        if problem.msgid is not None:
            consequence = "; the English text is shown instead"
        elif not usable:
            consequence = "; this catalog is not used, the English text is shown instead"
        else:
            consequence = ""
        logger.warning(
            problem.message + consequence,
            type="bpd",
            subtype="translation",
            location=f"{catalogs.shown(problem.path)}:{problem.line}",
        )


def compile_catalog(checked: CheckedCatalog, *, use_fuzzy: bool) -> None:
    """Write the ``.mo`` of ``checked`` without its refused messages (none if unusable)."""
    mo_path = checked.path.with_suffix(".mo")
    if not checked.usable:
        mo_path.unlink(missing_ok=True)
        return
    catalog = checked.catalog
    for context, msgid in checked.refused:
        catalog.delete(msgid, context)
    for message in list(catalog):
        # A plural with a form left empty: left out, so the English is shown, with
        # English's plural rule (babel would write the English singular for every form
        # of a language with one, "29 of its 29 passages is still in English").
        if isinstance(message.id, (list, tuple)) and not all(message.string):
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=use_fuzzy)
    _write_if_changed(mo_path, buffer.getvalue(), newer_than=checked.path)


def write_search_catalog(checked: CheckedCatalog, js_path: Path) -> None:
    """The search page's strings (``Documentation.addTranslations``), as Sphinx ships
    them for the languages it translates itself, from the checked interface catalog."""
    messages = {}
    for message in checked.messages() if checked.usable else ():
        from_js = any(location.endswith(".js") for location, _line in message.locations)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy or not from_js or not all(strings):
            continue
        if isinstance(message.id, (list, tuple)):  # plural: Sphinx keys it by the singular
            messages[message.id[0]] = list(message.string)
        else:
            messages[message.id] = message.string
    catalog = checked.catalog if checked.usable else None
    # The page evaluates plural_expr as code (``new Function``): only an expression the
    # check has read as a C plural expression (digits, n, operators) is written, else
    # Sphinx's own rule. Number(): "(n != 1)" is a boolean in JavaScript, and Sphinx's
    # ngettext indexes the plural forms with it (translated[true] is undefined).
    expression = catalog.plural_expr if catalog else "n == 1 ? 0 : 1"
    payload = json.dumps(
        {
            "messages": messages,
            "plural_expr": f"Number({expression})",
            "locale": str(catalog.locale) if catalog else js_path.parent.parent.name,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    _write_if_changed(js_path, f"Documentation.addTranslations({payload});\n".encode())


def _write_if_changed(path: Path, data: bytes, newer_than: Path | None = None) -> None:
    # Sphinx re-reads every page whose catalog is newer than its last read, and a
    # live preview rebuilds on every write: touch nothing that did not change.
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    elif newer_than is not None and path.stat().st_mtime < newer_than.stat().st_mtime:
        stat = newer_than.stat()
        # An edit that changed nothing compiled (a comment) still dates the .mo.
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def reload_interface_catalog(app: Sphinx, language: str) -> None:
    """Load the interface catalogs again, now that the guard has compiled ours.

    The same chain Sphinx builds in ``Sphinx._init_i18n``: the project's catalogs
    first, then the system's, then Sphinx's own; last, ``EnglishFallback``, which says
    what is shown in English. Read from disk, not from ``gettext``'s cache, which
    would return what was read before the guard.
    """
    directories = [
        *(Path(app.srcdir, locale_dir) for locale_dir in app.config.locale_dirs),
        None,
        Path(package_dir, "locale"),
    ]
    translator: gettext.NullTranslations | None = None
    for directory in directories:
        found = gettext.find(INTERFACE_DOMAIN, directory and str(directory), [language])
        if not found:
            continue
        with open(found, "rb") as file:
            loaded = gettext.GNUTranslations(file)
        if translator is None:
            translator = loaded
        else:
            translator.add_fallback(loaded)
    translator = translator or gettext.NullTranslations()
    translator.add_fallback(EnglishFallback())
    locale.translators["general", INTERFACE_DOMAIN] = translator
    app.translator = translator


def escape_template_translations(app: Sphinx) -> None:
    """Templates print ``{{ _("...") }}`` as it is (Sphinx's Jinja does not escape):
    give them gettext functions whose result is escaped text, and the filter
    ``bpd_english`` that marks such a text ``lang="en"`` where it is shown in English
    (``{{ _("Back to top")|bpd_english }}``; not in an attribute)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or not hasattr(environment, "install_gettext_callables"):
        return
    translator = app.translator
    environment.install_gettext_callables(
        lambda message: InterfaceText.of(translator.gettext(message)),
        lambda singular, plural, n: InterfaceText.of(translator.ngettext(singular, plural, n)),
        newstyle=False,
    )
    environment.filters["bpd_english"] = InterfaceText.marked


class InterfaceText(Markup):
    """An escaped interface string, knowing whether it is shown in English."""

    english = False

    @classmethod
    def of(cls, text: str) -> InterfaceText:
        escaped = cls(escape(text))
        escaped.english = isinstance(text, English)
        return escaped

    @staticmethod
    def marked(text) -> Markup:
        if getattr(text, "english", False):
            return Markup('<span lang="en">{}</span>').format(text)
        return text


class EscapingHTMLTranslator(HTML5Translator):
    """Sphinx's HTML writer, escaping the translated permalink titles it writes
    into ``title="..."`` ("Link to this heading", "Link to this table", ...)."""

    def add_permalink_ref(self, node, title: str) -> None:
        super().add_permalink_ref(node, html.escape(str(title)))

    def depart_title(self, node) -> None:
        # A title that is itself a link gets its permalink written inline, not
        # through add_permalink_ref: escape that one where it was written.
        written = len(self.body)
        super().depart_title(node)
        title = str(locale._("Link to this heading"))
        for index in range(written, len(self.body)):
            self.body[index] = self.body[index].replace(
                f'title="{title}"', f'title="{html.escape(title)}"'
            )


# -- no raw HTML ---------------------------------------------------------------------------


class RemoveRawHTML(SphinxTransform):
    default_priority = 21  # right after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            translated = any(node.get("translated") for node in traverse_parent(raw))
            where = "in the translation of this text" if translated else "in this page"
            logger.warning(
                f"raw HTML is not allowed {where}; it was removed: {raw.astext()[:60]!r}",
                type="bpd",
                subtype="raw_html",
                location=raw,
            )
            raw.parent.remove(raw)
