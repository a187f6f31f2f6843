"""One site, many languages.

- ``registry``: the languages and their teams (``locales/languages.toml``);
- ``links``: every page's switcher, hreflang alternates and canonical URL;
- ``status``: how far each translation has come, told honestly (English runs
  marked ``lang="en"``, the notice's count, the translation status page);
- ``manifest``: what a language's build tells the site's assembly (``tools/publish.py``).
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_languages(app: Sphinx) -> None:
    from .links import setup_links
    from .manifest import setup_manifest
    from .status import setup_status

    setup_links(app)
    setup_status(app)
    setup_manifest(app)
