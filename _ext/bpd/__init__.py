"""The Black Python Devs site's Sphinx extension.

It adds two directives that render grids from YAML (written in the directive
body or in a ``:file:``):

- ``leadership-grid``: people, each with a picture, name, role and links;
- ``initiative-grid``: initiatives, each linking to its section by label.

See README.md for the syntax and ``schema.py`` for the keys each entry takes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import (
    assets,
    catalog_guard,
    i18n,
    languages,
    navigation,
    photos,
    social,
    template_cache,
    translation_status,
)
from .initiatives import InitiativeGridDirective
from .leadership import LeadershipGridDirective
from .raw_guard import RemoveRawHTML
from .transforms import LinkCardTitles, PhotoAltText, UnflagTranslatedMeta

__version__ = "1.0"


def _code_version() -> int:
    """A number that changes whenever this package's code changes.

    Given to Sphinx as ``env_version``: Sphinx does not look at an extension's
    code when it decides what to rebuild, so without this an edit to a directive
    or a transform would leave every already built page as it was. A changed
    version makes Sphinx start from a fresh environment and rebuild every page.
    """
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return int.from_bytes(digest.digest()[:6], "big") or 1


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_design")
    # Off by default: GitHub avatars make readers' browsers contact github.com.
    app.add_config_value("bpd_github_avatars", False, "env", types=(bool,))
    app.add_config_value("bpd_avatar_size", 96, "env", types=(int,))
    app.add_directive("leadership-grid", LeadershipGridDirective)
    app.add_directive("initiative-grid", InitiativeGridDirective)
    app.add_transform(LinkCardTitles)
    app.add_transform(RemoveRawHTML)
    app.add_post_transform(PhotoAltText)
    app.add_post_transform(UnflagTranslatedMeta)
    assets.setup(app)
    i18n.setup(app)
    languages.setup(app)
    photos.setup(app)
    social.setup(app)
    catalog_guard.setup(app)
    navigation.setup(app)
    template_cache.setup(app)
    translation_status.setup(app)
    return {
        "version": __version__,
        # Changes with the code, so editing the extension rebuilds every page.
        "env_version": _code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
