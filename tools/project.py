"""A private copy of the project, to edit and build without touching the working tree
(the benchmarks and the integrity tests both need one), and the edits they make to it.

The files copied are the project's own: in a git checkout, what git tracks plus new
files it does not ignore; in a source archive (``git archive``, a release tarball,
GitHub's "Download ZIP"), which has no repository, every file on disk that
``.gitignore`` does not exclude (read by ``pathspec``, as git reads it).
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
from pathlib import Path, PurePosixPath

from pathspec import GitIgnoreSpec

from tools import ROOT


def copy_project(destination: Path, *, exclude: tuple[str, ...] = (), source: Path = ROOT) -> Path:
    """Copy the project's files to ``destination``, leaving out paths that start
    with one of ``exclude`` ("tests/")."""
    for name in project_files(source):
        if not name.startswith(exclude):
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, destination / name)
    return destination


def grid_to_data_file(
    project: Path,
    page: str = "about/index.md",
    directive: str = "leadership-grid",
    data: str = "about/leadership.yaml",
) -> Path:
    """Move the YAML body of ``page``'s first ``directive`` into the data file ``data``
    (relative to the project), leaving ``:file:`` in its place, as a site whose
    people live in a data file has it; the data file."""
    path, data_path = project / page, project / data
    text = path.read_text(encoding="utf-8")
    opening = f"```{{{directive}}}\n"
    start = text.index(opening)
    end = text.index("```\n", start + len(opening))
    data_path.write_text(text[start + len(opening) : end], encoding="utf-8")
    relative = posixpath.relpath(data, posixpath.dirname(page))
    block = f"{opening}:file: {relative}\n```\n"
    path.write_text(text[:start] + block + text[end + 4 :], encoding="utf-8")
    return data_path


#: The community's leadership in its groups (forty places, invented names): the test
#: root of grouped data files, added to a copy as a page of its own.
GROUPS_EXAMPLE = ROOT / "tests" / "roots" / "test-groups"

#: Where ``add_grouped_page`` puts the page (an orphan: in no navigation).
GROUPED_PAGE = "leadership-groups"


def add_grouped_page(project: Path, council: list[str] | None = None) -> Path:
    """Add the grouped leadership example to ``project``: its data file (``/_data/``),
    its photos (``/_static/leadership/``) and a page showing every group
    (``/leadership-groups/``); ``council`` replaces the council's names. The data file."""
    data = project / "_data" / "leadership.yaml"
    data.parent.mkdir(parents=True, exist_ok=True)
    text = (GROUPS_EXAMPLE / "_data" / "leadership.yaml").read_text(encoding="utf-8")
    if council is not None:
        text = text[: text.index("council:\n")] + "council:\n"
        text += "".join(f"  - {name}\n" for name in council)
    data.write_text(text, encoding="utf-8")
    for photo in (GROUPS_EXAMPLE / "_static" / "leadership").iterdir():
        shutil.copy2(photo, project / "_static" / "leadership" / photo.name)
    page = (GROUPS_EXAMPLE / "index.md").read_text(encoding="utf-8")
    (project / f"{GROUPED_PAGE}.md").write_text("---\norphan: true\n---\n\n" + page, "utf-8")
    return data


def add_languages(registry: Path, codes: list[str]) -> None:
    """Add ``codes`` to the ``languages`` list of ``registry`` (``locales/languages.toml``)
    as ``translations -- add`` does, every other line kept as it is. (The languages'
    catalogs are not made.)"""
    from tools.translations.update import with_language

    text = registry.read_text(encoding="utf-8")
    for code in codes:
        text = with_language(text, code)
    registry.write_text(text, encoding="utf-8")


def project_files(source: Path = ROOT) -> list[str]:
    """The project's files, as paths relative to ``source`` with forward slashes."""
    if (source / ".git").exists():
        try:
            listed = subprocess.run(
                ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                cwd=source, capture_output=True, text=True, check=True,
            ).stdout.splitlines()  # fmt: skip
        except (OSError, subprocess.CalledProcessError):
            pass  # no git on this machine: read the tree as an archive would be read
        else:
            # A tracked file deleted in the working tree is not part of it any more.
            return [name for name in listed if (source / name).is_file()]
    return _files_not_ignored(source)


def _files_not_ignored(source: Path) -> list[str]:
    gitignore = source / ".gitignore"
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.is_file() else []
    # Matched as git matches (negations, anchors, "**", directory-only patterns).
    ignored = GitIgnoreSpec.from_lines(lines)
    files = []
    for directory, subdirectories, names in os.walk(source):
        relative = PurePosixPath(Path(directory).relative_to(source).as_posix())
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name != ".git" and not ignored.match_file(f"{relative / name}/")
        )
        files += [
            path
            for path in ((relative / name).as_posix() for name in sorted(names))
            if not ignored.match_file(path)
        ]
    return files
