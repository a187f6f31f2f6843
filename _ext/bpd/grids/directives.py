"""The ``leadership-grid`` and ``initiative-grid`` directives: read the YAML, validate,
report, render.

``GridDirective`` is their common machinery (``event-grid``, in ``events``, is built
on it too); each directive names its schema and default columns and turns one clean
entry into a card. Everything that can go wrong with content becomes a Sphinx warning
with a type (``bpd``), a subtype (the schema's kind) and the file and line of the
offending key (or entry); the entry is dropped and the rest of the grid still renders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.images import get_image_size
from sphinx_design.grids import row_columns_option

from .. import photos
from ..languages.links import current_language
from ..project_files import NotUTF8, leads_out, utf8_text
from . import cards
from .data import Entry, YamlProblem, read_entries
from .schema import INITIATIVES, LEADERSHIP, Schema, is_site_path

logger = logging.getLogger(__name__)

#: Where a problem is: a (docname, line) pair or "path:line", as Sphinx's logger takes them.
Location = tuple[str, int] | str
Locator = Callable[[int], Location]


@dataclass(frozen=True)
class Where:
    """Where one entry was written: its line, and each of its keys'."""

    entry: Entry
    locate: Locator

    def at(self, key: str | None = None) -> Location:
        """The location of ``key`` (its own line), or of the entry."""
        return self.locate(self.entry.line_of(key))

    @property
    def line(self) -> int | None:
        """The entry's line in the page, for the nodes made from it (None in a data file)."""
        where = self.at()
        return where[1] if isinstance(where, tuple) else None


#: A key no two entries of a grid may share: (its field, the key, what the entry is).
Repeat = tuple[str, object, str]


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
            (values, where)
            for entry in entries
            if (values := self._validated(where := Where(entry, locate))) is not None
        ]
        clean = self._without_repeats(clean)
        if not clean:
            self.warn("no valid entries" + self._in_file(), here)
            return []
        made = self.render(clean, columns)
        for node in made:
            self._set_source_info(node)
        return made

    def render(
        self, clean: list[tuple[dict[str, object], Where]], columns: list[str]
    ) -> list[nodes.Element]:
        """The grid of the valid entries: a card each."""
        made = [self.make_card(values, where) for values, where in clean]
        return [cards.grid(self.schema.kind, columns, made)]

    def make_card(self, entry: dict[str, object], where: Where) -> nodes.Element:
        """Turn one validated entry into a card node."""
        raise NotImplementedError

    def repeats(self, entry: dict[str, object]) -> list[Repeat]:
        """The keys by which a second entry would be the same one again."""
        return []

    def checks(self, entry: dict[str, object]) -> list[tuple[str | None, str]]:
        """What is wrong with a clean entry as a whole, or with the site it is in:
        (key, message) pairs, as the schema gives them."""
        url = entry.get("url")
        if isinstance(url, str) and is_site_path(url) and self.page_of(url) is None:
            return [("url", f"'url': {url!r} is no page of this site")]
        return []

    def page_of(self, path: str) -> tuple[str, str] | None:
        """The page a site path ("/initiatives/", "/about/#our-goal") leads to, and
        its "#fragment"; None if it leads to no page."""
        path, hash_, fragment = path.partition("#")
        stem = unquote(path.split("?", 1)[0]).strip("/").removesuffix(".html")
        candidates = [stem, f"{stem}/index"] if stem else [self.config.root_doc]
        page = next((name for name in candidates if name in self.env.found_docs), None)
        return None if page is None else (page, hash_ + fragment)

    def link(self, url: str, label: str, classes: list[str]) -> nodes.paragraph:
        """``label`` linking to ``url``; a site path, to its page in the reader's language."""
        page = self.page_of(url) if is_site_path(url) else None
        if page is None:
            return cards.external_link(url, label, classes)
        return cards.page_link(*page, label, classes)

    def _in_file(self) -> str:
        return f" (in {self.options['file']})" if "file" in self.options else ""

    def warn(self, message: str, location: Location) -> None:
        logger.warning(
            f"{self.name}: {message}", type="bpd", subtype=self.schema.kind, location=location
        )

    def _validated(self, where: Where) -> dict[str, object] | None:
        clean, problems = self.schema.validate(where.entry.value)
        if clean is not None:
            problems = self.checks(clean)
        for key, message in problems:
            self.warn(f"{message}; entry skipped", where.at(key))
        return None if problems else clean

    def _without_repeats(
        self, clean: list[tuple[dict[str, object], Where]]
    ) -> list[tuple[dict[str, object], Where]]:
        """A second entry that is the first again: a pasted initiative not renamed would
        link to the other one's section; a person listed twice would be drawn twice."""
        first: dict[object, Where] = {}
        kept = []
        for values, where in clean:
            repeated = next(
                ((field, key, what) for field, key, what in self.repeats(values) if key in first),
                None,
            )
            if repeated is not None:
                field, key, what = repeated
                before = first[key].at(field)  # the same file: only its line
                line = before[1] if isinstance(before, tuple) else before.rsplit(":", 1)[1]
                self.warn(f"{what} (first at line {line}); entry skipped", where.at(field))
                continue
            for _field, key, _what in self.repeats(values):
                first.setdefault(key, where)
            kept.append((values, where))
        return kept

    def _columns(self) -> list[str]:
        value = self.options.get("columns", self.default_columns)
        try:
            return row_columns_option(value)
        except ValueError as error:
            self.warn(
                f"invalid :columns: {value!r} ({error}); using the default",
                (self.env.docname, self._option_line("columns")),
            )
            return row_columns_option(self.default_columns)

    def _option_line(self, name: str) -> int:
        """The line an option is written on (``:columns: ...``), before the body."""
        for offset, line in enumerate(self.block_text.splitlines()[1:], 1):
            if line.lstrip().startswith("- "):
                break  # the body
            if re.match(rf"\s*:?{re.escape(name)}:", line):
                return self.lineno + offset
        return self.lineno

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
        self, clean: list[tuple[dict[str, object], Where]], columns: list[str]
    ) -> list[nodes.Element]:
        """Cards; but a grid of names and nothing else (a council of twenty-four) is a
        list of names in columns: no pictures, no cards, light on a phone."""
        if all(set(values) == {"name"} for values, _where in clean):
            return [cards.names(self.schema.kind, [str(values["name"]) for values, _ in clean])]
        return super().render(clean, columns)

    def repeats(self, entry: dict[str, object]) -> list[Repeat]:
        name = str(entry["name"])
        found = [("name", ("name", " ".join(name.casefold().split())), f"{name} is listed twice")]
        if "github" in entry:
            handle = str(entry["github"])
            found.append(("github", ("github", handle.casefold()), f"@{handle} is listed twice"))
        return found

    def make_card(self, entry: dict[str, object], where: Where) -> nodes.Element:
        name = str(entry["name"])
        picture = self._picture(entry, where)
        children: list[nodes.Node] = [picture]
        if "alt" in entry and picture.get("bpd_photo_of"):
            # Only a photo has alt text of its own; initials are decorative.
            alt = cards.alt_text(str(entry["alt"]))
            alt.line = where.line
            children.append(alt)
        if "url" in entry:
            name_node = self.link(str(entry["url"]), name, ["bpd-name", "sd-card-title"])
        else:
            name_node = cards.text(name, ["bpd-name", "sd-card-title"], translatable=False)
        name_node["classes"].append("sd-font-weight-bold")
        children.append(name_node)
        if "role" in entry:  # a name alone has no role line
            role = cards.in_form(
                cards.text(str(entry["role"]), ["bpd-role", "sd-card-text"], translatable=True),
                entry.get("form"),
            )
            role.line = where.line
            children.append(role)
            if "region" in entry:
                # A message of its own, joined to the role when the page is written.
                # Without the form: a region's name does not agree with a person, and
                # is translated once for everyone who serves it.
                region = cards.region(str(entry["region"]))
                region.line = where.line
                children.append(region)
        if "country" in entry:
            children.append(
                cards.text(
                    country_name(str(entry["country"]), self.language),
                    ["bpd-country", "sd-card-text"],
                    translatable=False,
                )
            )
        if "github" in entry:
            handle = entry["github"]
            children.append(
                cards.external_link(
                    f"https://github.com/{handle}", f"@{handle}", ["bpd-github", "sd-card-text"]
                )
            )
        return cards.card(["bpd-person", "sd-text-center"], children)

    @property
    def language(self) -> str:
        return current_language(self.config).code

    def _picture(self, entry: dict[str, object], where: Where) -> nodes.image:
        size = self.config.bpd_avatar_size
        name = str(entry["name"])
        if "photo" in entry:
            written = str(entry["photo"])
            relative, absolute = self.env.relfn2path(written)
            if not Path(absolute).is_file():
                self.warn(
                    f"photo {written!r}: no such file ({relative}); using an initials avatar",
                    where.at("photo"),
                )
            elif get_image_size(absolute) and photos.readable(absolute):
                uri = photos.register(self.env, self.env.docname, Path(absolute), size)
                photo = cards.image(uri, size, alt=None, classes=["bpd-photo"])
                # Filled in after translation, in the page's language (see transforms).
                photo["bpd_photo_of"] = name
                return photo
            else:
                self.warn(
                    f"photo {written!r} is not a readable image; using an initials avatar",
                    where.at("photo"),
                )
        if self.config.bpd_github_avatars and "github" in entry:
            remote = cards.image(
                photos.github_avatar_url(str(entry["github"]), size),
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


def country_name(code: str, language: str) -> str:
    """A country's name in ``language``, as CLDR writes it ("GH": "Gana" in Hausa)."""
    from babel import Locale

    return Locale.parse(language).territories.get(code, code)


class InitiativeGridDirective(GridDirective):
    schema = INITIATIVES
    default_columns = "1 1 3 3"

    def repeats(self, entry: dict[str, object]) -> list[Repeat]:
        return [("id", ("id", entry["id"]), f"duplicate id {entry['id']!r}")]

    def make_card(self, entry: dict[str, object], where: Where) -> nodes.Element:
        title = cards.linked_title(str(entry["title"]), str(entry["id"]))
        summary = cards.text(
            str(entry["summary"]), ["sd-card-text", "bpd-summary"], translatable=True
        )
        for node in (title, summary):
            for element in node.findall(nodes.Element):
                element.line = where.line
        return cards.card(["bpd-initiative"], [title, summary])
