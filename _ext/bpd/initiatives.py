"""The ``initiative-grid`` directive: initiatives as cards linking to their sections."""

from __future__ import annotations

from docutils import nodes

from . import cards
from .directives import GridDirective, Location
from .schema import INITIATIVES


class InitiativeGridDirective(GridDirective):
    schema = INITIATIVES
    default_columns = "1 1 3 3"

    def make_card(self, entry: dict[str, str], location: Location) -> nodes.Element:
        line = location[1] if isinstance(location, tuple) else None
        title = cards.linked_title(entry["title"], entry["id"])
        summary = cards.text(entry["summary"], ["sd-card-text", "bpd-summary"], translatable=True)
        for node in (title, summary):
            for element in node.findall(nodes.Element):
                element.line = line
        return cards.card(["bpd-initiative"], [title, summary])
