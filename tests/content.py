"""What the project publishes, read from its own pages and data files: its pages, and
the entries of its grids. A test says what the site must show by reading it here,
never from a list written in the test, so that a contributor who rewords a sentence,
adds a leader, an initiative, a page or a language (as CONTRIBUTING.md and
TRANSLATING.md say) keeps a green suite (``tests/test_documented_changes.py``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from bpd.grids.data import read_entries

#: A fenced directive of MyST: its name, its options, its body.
_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)


@functools.cache
def config(project: Path) -> dict:
    """The values ``conf.py`` sets, read as Sphinx reads the file."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return eval_config_file(project / "conf.py", Tags())


@functools.cache
def documents(project: Path) -> tuple[str, ...]:
    """Every page Sphinx reads, by docname ("index", "about/index", "404"), as
    Sphinx itself finds them with the project's own ``exclude_patterns``."""
    from sphinx.project import Project

    conf = config(project)
    found = Project(project, conf["source_suffix"]).discover(conf["exclude_patterns"])
    return tuple(sorted(found))


def source(project: Path, docname: str) -> str:
    """The text of a page's source file."""
    return next(project.glob(f"{docname}.*")).read_text(encoding="utf-8")


def path_of(docname: str) -> str:
    """The page's published path, as the ``dirhtml`` builder writes it ("" for the
    home page, "about/" for about/index)."""
    if docname == "index":
        return ""
    return (docname.removesuffix("/index") if docname.endswith("/index") else docname) + "/"


@functools.cache
def pages(project: Path) -> tuple[str, ...]:
    """Every page's published path, the home page first."""
    return tuple(sorted(map(path_of, documents(project)), key=lambda page: (page != "", page)))


def grids(project: Path, directive: str) -> list[tuple[str, list[dict]]]:
    """Each ``directive`` (``leadership-grid``...) of the project's pages, in order, as
    (its page's path, its entries): the YAML of its body, or of its ``:file:`` (and
    ``:group:``). An entry that is a name alone is given as ``{"name": ...}``."""
    found = []
    for docname in documents(project):
        page = next(project.glob(f"{docname}.*"))
        for block in _DIRECTIVE.finditer(source(project, docname)):
            if block["name"] != directive:
                continue
            options = dict(re.findall(r"^:(\w+):\s*(.*?)\s*$", block["body"], re.MULTILINE))
            body = re.sub(r"^:\w+:.*\n", "", block["body"], flags=re.MULTILINE)
            if "file" in options:
                name = options["file"]
                data = project / name.lstrip("/") if name.startswith("/") else page.parent / name
                body = data.read_text(encoding="utf-8")
            entries = [
                entry.value if isinstance(entry.value, dict) else {"name": entry.value}
                for entry in read_entries(body, options.get("group"))
            ]
            found.append((path_of(docname), entries))
    return found


def grid_entries(project: Path, directive: str) -> dict[str, list[dict]]:
    """By page path, the entries of all the page's ``directive``s, in order."""
    by_page: dict[str, list[dict]] = {}
    for page, entries in grids(project, directive):
        by_page.setdefault(page, []).extend(entries)
    return by_page


def leaders(project: Path) -> dict[str, list[dict]]:
    """By page path, the people of its leadership grids."""
    return grid_entries(project, "leadership-grid")


def initiatives(project: Path) -> dict[str, list[dict]]:
    """By page path, the initiatives of its initiative grids."""
    return grid_entries(project, "initiative-grid")


def links(project: Path, docname: str) -> list[str]:
    """The targets of the links written in a page's Markdown (``[text](url)``, and
    sphinx-design's ``button-link``), that leave the site."""
    text = source(project, docname)
    written = re.findall(r"\]\(([a-z]+:[^)\s]+)\)", text)
    written += re.findall(r"^`{3,}\{button-link\}\s+(\S+)", text, re.MULTILINE)
    return written
