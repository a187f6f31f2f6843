"""The ``leadership-grid`` directive: people as cards with a picture, name, role and links."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.images import get_image_size

from . import avatars, cards, photos
from .directives import GridDirective, Location
from .schema import LEADERSHIP


class LeadershipGridDirective(GridDirective):
    schema = LEADERSHIP
    default_columns = "1 2 2 4"

    def make_card(self, entry: dict[str, str], location: Location) -> nodes.Element:
        name = entry["name"]
        picture = self._picture(entry, location)
        children: list[nodes.Node] = [picture]
        if "alt" in entry and picture.get("bpd_photo_of"):
            # Only a photo has alt text of its own; initials are decorative.
            alt = cards.alt_text(entry["alt"])
            alt.line = _line_of(location)
            children.append(alt)
        if "url" in entry:
            name_node = cards.external_link(entry["url"], name, ["bpd-name", "sd-card-title"])
        else:
            name_node = cards.text(name, ["bpd-name", "sd-card-title"], translatable=False)
        name_node["classes"].append("sd-font-weight-bold")
        children.append(name_node)
        role = cards.text(entry["role"], ["bpd-role", "sd-card-text"], translatable=True)
        role.line = _line_of(location)
        children.append(role)
        if "github" in entry:
            handle = entry["github"]
            children.append(
                cards.external_link(
                    f"https://github.com/{handle}", f"@{handle}", ["bpd-github", "sd-card-text"]
                )
            )
        return cards.card(["bpd-person", "sd-text-center"], children)

    def _picture(self, entry: dict[str, str], location: Location) -> nodes.image:
        size = self.config.bpd_avatar_size
        name = entry["name"]
        if "photo" in entry:
            _relative, absolute = self.env.relfn2path(entry["photo"])
            if Path(absolute).is_file() and get_image_size(absolute):
                uri = photos.register(self.env, self.env.docname, Path(absolute), size)
                photo = cards.image(uri, size, alt=None, classes=["bpd-photo"])
                # Filled in after translation, in the page's language (see transforms).
                photo["bpd_photo_of"] = name
                return photo
            self.warn(
                f"photo {entry['photo']!r} is not a readable image; using an initials avatar",
                location,
            )
        if self.config.bpd_github_avatars and "github" in entry:
            remote = cards.image(
                avatars.github_avatar_url(entry["github"], size),
                size,
                alt=None,
                classes=["bpd-photo"],
            )
            remote["bpd_photo_of"] = name
            return remote
        # The initials repeat the name printed next to them: decorative, so empty alt.
        return cards.image(
            avatars.initials_data_uri(name, size), size, alt="", classes=["bpd-initials"]
        )


def _line_of(location: Location) -> int | None:
    if isinstance(location, tuple):
        return location[1]
    return None
