"""The translations' safety: every catalog is untrusted input.

- ``pofile``: the ``.po`` format, a file read in one pass and written in one form;
- ``catalogs``: the project's catalogs (``Catalogs(root)``), each file read through
  ``pofile`` and checked, everything wrong said at ``file.po:line`` (what ``nox -s
  translations -- check`` prints);
- ``markup``: what a translation may change of its English, and what it may not;
- ``counts``: how much of a catalog is translated (the status page, the build's
  stamp and the translators' ``stats`` and ``todo`` share it);
- ``guard``: the build's gate (before anything reads a catalog), the escaping of
  interface strings where templates and the HTML writer print them, and the
  removal of raw HTML from pages.

``_`` is the extension's own interface strings' gettext: they live with the
templates' in ``locales/<lang>/LC_MESSAGES/sphinx.po``, which Sphinx compiles and
searches before its own, so they are translated even for languages Sphinx ships
nothing for. In a translated build, what no catalog translates comes back as
``English`` (the last of the interface catalogs' chain, ``EnglishFallback``), so
templates and the extension can mark it ``lang="en"``.
"""

from __future__ import annotations

import gettext

from sphinx.application import Sphinx
from sphinx.locale import get_translation

_ = get_translation("sphinx")


class English(str):
    """An interface string that no catalog of the page's language translates."""


class EnglishFallback(gettext.NullTranslations):
    """The end of a translated build's interface catalogs: what none of them translates
    is shown in English, with English's own plural rule, and says so."""

    def gettext(self, message: str) -> str:
        return English(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return English(singular if n == 1 else plural)


def setup_translations(app: Sphinx) -> None:
    from . import guard

    # After languages.links.configure (priority 500), which fills bpd_site.
    app.connect("config-inited", guard.guard_catalogs, priority=800)
    app.connect("env-before-read-docs", guard.warn_unread_catalogs)
    app.connect("builder-inited", guard.escape_template_translations)
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, guard.EscapingHTMLTranslator, override=True)
    app.add_transform(guard.RemoveRawHTML)
