"""The extension's user-interface strings.

The site keeps every UI string (templates, theme overrides and this extension)
in one catalog per language, ``locales/<lang>/LC_MESSAGES/sphinx.po``. Sphinx
compiles that catalog before it loads translations and searches it before its
own, so these strings are translated even for languages Sphinx ships nothing for.
"""

from sphinx.locale import get_translation

_ = get_translation("sphinx")
