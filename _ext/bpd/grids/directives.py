"""The ``leadership-grid`` and ``initiative-grid`` directives: read the YAML, validate,
report, render.

``GridDirective`` is their common machinery; each directive names its schema and
default columns and turns one clean entry into a card. Everything that can go
wrong with content becomes a Sphinx warning with a type (``bpd``), a subtype (the
schema's kind) and the file and line of the offending entry; the entry is dropped
and the rest of the grid still renders.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.images import get_image_size
from sphinx_design.grids import row_columns_option

from .. import photos
from ..project_files import NotUTF8, leads_out, utf8_text
from . import cards
from .data import Entry, YamlProblem, read_entries
from .schema import INITIATIVES, LEADERSHIP, Schema

logger = logging.getLogger(__name__)

#: Where a problem is: a (docname, line) pair or "path:line", as Sphinx's logger takes them.
Location = tuple[str, int] | str
Locator = Callable[[int], Location]


class GridDirective(SphinxDirective):
    """Base of ``leadership-grid`` and ``initiative-grid``."""

    schema: Schema
    default_columns: str
    has_content = True
    option_spec = {  # noqa: RUF012 (docutils reads it as a class attribute)
        "columns": directives.unchanged_required,
        "file": directives.path,
        "group": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        columns = self._columns()
        source = self._read_source()
        if source is None:
            return []
        text, locate = source
        here = (self.env.docname, self.lineno)
        try:
            entries = read_entries(text, self.options.get("group"))
        except YamlProblem as problem:
            if problem.line is None:  # the directive's mistake: say which file it read
                self.warn(problem.message + self._in_file(), here)
            else:
                self.warn(problem.message, locate(problem.line))
            return []
        clean = [
            (entry, values)
            for entry in entries
            if (values := self._validated(entry, locate)) is not None
        ]
        clean = self._without_repeated_ids(clean, locate)
        if not clean:
            self.warn("no valid entries", here)
            return []
        grid = self.render(
            [values for _entry, values in clean], [locate(e.line) for e, _ in clean], columns
        )
        self._set_source_info(grid)
        return [grid]

    def render(
        self, entries: list[dict[str, str]], locations: list[Location], columns: list[str]
    ) -> nodes.Element:
        """The grid of the valid ``entries``: a card each."""
        pairs = zip(entries, locations, strict=True)
        made = [self.make_card(entry, where) for entry, where in pairs]
        return cards.grid(self.schema.kind, columns, made)

    def make_card(self, entry: dict[str, str], location: Location) -> nodes.Element:
        """Turn one validated entry into a card node."""
        raise NotImplementedError

    def _in_file(self) -> str:
        return f" (in {self.options['file']})" if "file" in self.options else ""

    def warn(self, message: str, location: Location) -> None:
        logger.warning(
            f"{self.name}: {message}", type="bpd", subtype=self.schema.kind, location=location
        )

    def _validated(self, entry: Entry, locate: Locator) -> dict[str, str] | None:
        clean, problems = self.schema.validate(entry.value)
        for key, message in problems:
            self.warn(f"{message}; entry skipped", locate(entry.line_of(key)))
        return clean

    def _without_repeated_ids(
        self, clean: list[tuple[Entry, dict[str, str]]], locate: Locator
    ) -> list[tuple[Entry, dict[str, str]]]:
        """An id is a card's link to its section: a second card with it (a pasted entry
        not renamed) would send readers to another initiative's section."""
        first: dict[str, Entry] = {}
        kept = []
        for entry, values in clean:
            key = values.get("id")
            if key is not None and key in first:
                where = locate(first[key].line_of("id"))  # the same file: only its line
                line = where[1] if isinstance(where, tuple) else where.rsplit(":", 1)[1]
                self.warn(
                    f"duplicate id {key!r} (first at line {line}); entry skipped",
                    locate(entry.line_of("id")),
                )
                continue
            if key is not None:
                first[key] = entry
            kept.append((entry, values))
        return kept

    def _columns(self) -> list[str]:
        value = self.options.get("columns", self.default_columns)
        try:
            return row_columns_option(value)
        except ValueError as error:
            self.warn(
                f"invalid :columns: {value!r} ({error}); using the default",
                (self.env.docname, self.lineno),
            )
            return row_columns_option(self.default_columns)

    def _read_source(self) -> tuple[str, Locator] | None:
        """The YAML text and a function from its 0-based lines to warning locations."""
        here = (self.env.docname, self.lineno)
        if "file" in self.options:
            if self.content:
                self.warn("give either a :file: or a YAML body, not both", here)
                return None
            relative, absolute = self.env.relfn2path(self.options["file"])
            # A data file is part of the project: a path that leads out of the source
            # directory (``../../etc/passwd``, or a symbolic link pointing out) is
            # refused before anything is read, and the warning names only what was written.
            if leads_out(Path(absolute), Path(self.env.srcdir)):
                self.warn(
                    f":file: {self.options['file']!r} is outside the project; "
                    "a data file must be inside the site's source directory",
                    here,
                )
                return None
            # Recorded before reading, so fixing a missing or broken file rebuilds the page.
            self.env.note_dependency(relative)
            try:
                data = Path(absolute).read_bytes()
            except OSError as error:
                self.warn(f"cannot read {relative}: {error.strerror or error}", here)
                return None
            try:
                text = utf8_text(data)
            except NotUTF8 as error:
                self.warn(str(error), f"{absolute}:{error.line}")
                return None
            return text, lambda line: f"{absolute}:{line + 1}"
        if not self.content:
            self.warn(
                "needs a YAML list in its body or a :file: option (a body that starts "
                "with ':key:' or '---' is read as options: start each entry with '- ')",
                here,
            )
            return None
        first = self._first_body_line()

        def locate(line: int) -> Location:
            return (self.env.docname, first + line)

        return "\n".join(self.content), locate

    def _first_body_line(self) -> int:
        """The 1-based document line of the body's first line.

        MyST counts ``content_offset`` from the line after the fence (it is the
        number of option lines); docutils gives absolute lines in ``content.items``.
        """
        if type(self.state).__module__.startswith("myst_parser"):
            return self.lineno + 1 + self.content_offset
        return self.content.items[0][1] + 1

    def _set_source_info(self, grid: nodes.Element) -> None:
        # Every node needs a source for gettext to extract it and for warnings to
        # point somewhere; nodes that know their own line keep it.
        source, line = self.get_source_info()
        for node in grid.findall(nodes.Element):
            if not node.source:
                node.source = source
            if node.line is None:
                node.line = line


class LeadershipGridDirective(GridDirective):
    schema = LEADERSHIP
    default_columns = "1 2 2 4"

    def render(
        self, entries: list[dict[str, str]], locations: list[Location], columns: list[str]
    ) -> nodes.Element:
        """Cards; but a grid of names and nothing else (a council of twenty-four) is a
        list of names in columns: no pictures, no cards, light on a phone."""
        if all(set(entry) == {"name"} for entry in entries):
            return cards.names(self.schema.kind, [entry["name"] for entry in entries])
        return super().render(entries, locations, columns)

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
        if "role" in entry:  # a name alone has no role line
            role = cards.in_form(
                cards.text(entry["role"], ["bpd-role", "sd-card-text"], translatable=True),
                entry.get("form"),
            )
            role.line = _line_of(location)
            children.append(role)
            if "region" in entry:
                # A message of its own, joined to the role when the page is written.
                # Without the form: a region's name does not agree with a person, and
                # is translated once for everyone who serves it.
                region = cards.region(entry["region"])
                region.line = _line_of(location)
                children.append(region)
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
            if Path(absolute).is_file() and get_image_size(absolute) and photos.readable(absolute):
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
                photos.github_avatar_url(entry["github"], size),
                size,
                alt=None,
                classes=["bpd-photo"],
            )
            remote["bpd_photo_of"] = name
            return remote
        # The initials repeat the name printed next to them: decorative, so empty alt.
        return cards.image(
            photos.initials_data_uri(name, size), size, alt="", classes=["bpd-initials"]
        )


def _line_of(location: Location) -> int | None:
    if isinstance(location, tuple):
        return location[1]
    return None


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
