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

import datetime
import os

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


def build_date() -> datetime.date:
    """The build's "today": the day (UTC) of ``SOURCE_DATE_EPOCH`` if it is set,
    else today's. Here, not in ``events``, for ``tools.site``'s up-to-date check,
    which would otherwise import babel's dates and the grids (a third of a second)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (OverflowError, OSError, ValueError):
            pass  # beyond the calendar: not a date a build runs on
    return datetime.datetime.now(datetime.UTC).date()
