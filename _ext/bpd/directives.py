"""The common machinery of the grid directives: read the YAML, validate, report, render.

A subclass names its schema and default columns and turns one clean entry into
a card. Everything that can go wrong with content becomes a Sphinx warning
with a type (``bpd``), a subtype (the schema's kind) and the file and line of
the offending entry; the entry is dropped and the rest of the grid still renders.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.grids import row_columns_option

from . import cards
from .entries import Entry, YamlProblem, read_entries
from .schema import Schema

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
    }

    def run(self) -> list[nodes.Node]:
        columns = self._columns()
        source = self._read_source()
        if source is None:
            return []
        text, locate = source
        try:
            entries = read_entries(text)
        except YamlProblem as problem:
            self.warn(problem.message, locate(problem.line))
            return []
        made = [card for entry in entries if (card := self._card_for(entry, locate)) is not None]
        if not made:
            self.warn("no valid entries", (self.env.docname, self.lineno))
            return []
        grid = cards.grid(self.schema.kind, columns, made)
        self._set_source_info(grid)
        return [grid]

    def make_card(self, entry: dict[str, str], location: Location) -> nodes.Element:
        """Turn one validated entry into a card node."""
        raise NotImplementedError

    def warn(self, message: str, location: Location) -> None:
        logger.warning(
            f"{self.name}: {message}", type="bpd", subtype=self.schema.kind, location=location
        )

    def _card_for(self, entry: Entry, locate: Locator) -> nodes.Element | None:
        clean, problems = self.schema.validate(entry.value)
        for key, message in problems:
            self.warn(f"{message}; entry skipped", locate(entry.line_of(key)))
        if clean is None:
            return None
        return self.make_card(clean, locate(entry.line))

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
            resolved = Path(absolute).resolve()
            if not resolved.is_relative_to(Path(self.env.srcdir).resolve()):
                self.warn(
                    f":file: {self.options['file']!r} is outside the project; "
                    "a data file must be inside the site's source directory",
                    here,
                )
                return None
            # Recorded before reading, so fixing a missing or broken file rebuilds the page.
            self.env.note_dependency(relative)
            try:
                text = Path(absolute).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                reason = getattr(error, "strerror", None) or str(error)
                self.warn(f"cannot read {relative}: {reason}", here)
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
