"""The Black Python Devs site's Sphinx extension.

It adds two directives that render grids from YAML (written in the directive
body or in a ``:file:``):

- ``leadership-grid``: people, each with a picture, name, role and links;
- ``initiative-grid``: initiatives, each linking to its section by label.

See README.md for the syntax and ``schema.py`` for the keys each entry takes.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import catalog_guard, languages, navigation, photos, social
from .initiatives import InitiativeGridDirective
from .leadership import LeadershipGridDirective
from .raw_guard import RemoveRawHTML
from .transforms import LinkCardTitles, PhotoAltText

__version__ = "1.0"


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
    languages.setup(app)
    photos.setup(app)
    social.setup(app)
    catalog_guard.setup(app)
    navigation.setup(app)
    return {
        "version": __version__,
        # Bumped whenever what the extension keeps on the environment changes shape.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
