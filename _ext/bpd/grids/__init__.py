"""The leadership, initiative and event grids, written as YAML in a directive or a data file.

- ``data``: read the YAML (a list, or groups of lists in one data file),
  remembering the line of every entry and key;
- ``schema``: the keys an entry may have, and the checks that hold it to them;
- ``directives``: ``leadership-grid`` and ``initiative-grid``, and what they report;
- ``cards``: the docutils nodes, sphinx-design's grid and cards;
- ``events``: ``event-grid``, laid out by the build's date, with its calendar feed
  (``events.ics``) and schema.org data.

The pictures of people (photos, initials and GitHub avatars, alt text) are
``bpd.photos``. See README.md for the syntax.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_grids(app: Sphinx) -> None:
    from .cards import JoinRoleAndRegion, LinkCardTitles, link_pages
    from .directives import InitiativeGridDirective, LeadershipGridDirective
    from .events import setup_events

    app.setup_extension("sphinx_design")
    app.add_directive("leadership-grid", LeadershipGridDirective)
    app.add_directive("initiative-grid", InitiativeGridDirective)
    app.add_transform(LinkCardTitles)
    app.add_post_transform(JoinRoleAndRegion)
    app.connect("doctree-resolved", link_pages)
    setup_events(app)
