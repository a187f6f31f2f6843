"""The changes CONTRIBUTING.md and TRANSLATING.md tell people to make, made to a copy
of the project exactly as written there: a sentence reworded, a leader added, an
initiative added (its card and its section), an event added, a page added, and a
language added with a coordinator and a review. The suite must stay green after each of them
(``tests/test_documented_changes.py``): it tests behaviour, not today's content.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

#: The language the guide's example adds (TRANSLATING.md, "Adding a language").
NEW_LANGUAGE = "yo"


def reword_a_sentence(project: Path) -> None:
    """The first sentence of the About page's first paragraph, reworded."""
    page = project / "about" / "index.md"
    text = page.read_text(encoding="utf-8")
    paragraph = re.search(r"\n\n([A-Z][^\n]*)\n", text)
    assert paragraph, "the About page has a paragraph"
    line = paragraph.group(1)
    page.write_text(text.replace(line, "In short: " + line[0].lower() + line[1:], 1), "utf-8")


def add_a_leader(project: Path) -> None:
    """One more person at the end of the About page's leadership grid."""
    _append_to_grid(
        project / "about" / "index.md",
        "leadership-grid",
        "- name: Ada Nwosu\n  role: Community Manager\n  form: feminine\n  github: ada-nwosu\n",
    )


def add_an_initiative(project: Path) -> None:
    """A card in the initiative grid, and its labelled section on the initiatives page."""
    _append_to_grid(
        project / "about" / "index.md",
        "initiative-grid",
        "- id: python-in-schools\n  title: Python in Schools\n"
        "  summary: We bring Python to secondary schools.\n",
    )
    page = project / "initiatives" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n(python-in-schools)=\n## Python in Schools\n\n"
        "Volunteers teach Python in secondary schools, with teachers.\n",
        encoding="utf-8",
    )


def add_an_event(project: Path) -> None:
    """One more entry in the events' data file, as CONTRIBUTING's example writes it."""
    data = project / "_data" / "events.yaml"
    data.write_text(
        data.read_text(encoding="utf-8")
        + "\n- name: PyCon Testland 2031\n  url: https://example.org/pycon\n"
        "  start: 2031-08-28\n  end: 2031-08-30\n  kind: in-person\n  city: Accra\n"
        "  country: GH\n  summary: A conference where members of the community speak.\n",
        encoding="utf-8",
    )


def add_a_page(project: Path) -> None:
    """A new page, listed in the home page's table of contents."""
    (project / "code-of-conduct").mkdir()
    (project / "code-of-conduct" / "index.md").write_text(
        "---\nmyst:\n  html_meta:\n    description: How members of Black Python Devs treat "
        "each other, online and at events.\n---\n\n# Code of conduct\n\n"
        "Be kind, be patient, and assume good intent.\n",
        encoding="utf-8",
    )
    home = project / "index.md"
    text = home.read_text(encoding="utf-8")
    toctree = text.rindex("```{toctree}")
    end = text.index("```", toctree + 3)
    home.write_text(text[:end] + "code-of-conduct/index\n" + text[end:], encoding="utf-8")


def add_a_language(project: Path) -> None:
    """``translations -- add yo``, then a coordinator and a review in languages.toml."""
    translations("add", NEW_LANGUAGE, project=project)
    registry = project / "locales" / "languages.toml"
    text = registry.read_text(encoding="utf-8")
    table = f"[teams.{NEW_LANGUAGE}]\ncoordinators = []\n"  # as `add` writes it
    team = (
        f'[teams.{NEW_LANGUAGE}]\ncoordinators = ["ada-nwosu"]\n\n'
        f'[[teams.{NEW_LANGUAGE}.reviews]]\nby = ["kjaymiller"]\ndate = 2026-11-30\n'
        'note = "the home page"\n'
    )
    text = text.replace(table, team) if table in text else text + "\n" + team
    registry.write_text(text, encoding="utf-8")


def translations(*arguments: str, project: Path) -> None:
    """``python -m tools.translations ...`` in ``project``, as the nox session runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.translations", *arguments],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def _append_to_grid(page: Path, directive: str, entry: str) -> None:
    text = page.read_text(encoding="utf-8")
    start = text.index(f"```{{{directive}}}\n")
    end = text.index("```\n", start + 4)
    page.write_text(text[:end] + entry + text[end:], encoding="utf-8")


#: Every documented change, in the order a contributor might make them.
CHANGES = (reword_a_sentence, add_a_leader, add_an_initiative, add_an_event, add_a_page)


def make_every_change(project: Path) -> None:
    """Each documented content change, then ``update`` (as CONTRIBUTING says), then a
    language added as TRANSLATING says."""
    for change in CHANGES:
        change(project)
    translations("update", project=project)
    add_a_language(project)
