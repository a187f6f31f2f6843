"""One site, many languages.

- ``registry``: the languages and their teams (``locales/languages.toml``);
- ``links``: every page's switcher, hreflang alternates and canonical URL;
- ``status``: how far each translation has come, told honestly (English runs
  marked ``lang="en"``, the notice's count, the translation status page);
- ``manifest``: what a language's build tells the site's assembly (``tools/publish.py``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_languages(app: Sphinx) -> None:
    from .links import setup_links
    from .manifest import setup_manifest
    from .status import setup_status

    setup_links(app)
    setup_status(app)
    setup_manifest(app)


@functools.cache
def native_name(code: str) -> str:
    """The language's name in itself (babel reads its locale data: 10 to 15 ms each).
    Here, not in ``registry``: the catalogs' reader names a new catalog's team with it,
    and ``registry`` reads the catalogs (an import circle)."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):  # a code only Sphinx was given (-D language=)
        return code
    return name[:1].upper() + name[1:]
