"""Files the site reads are the project's own: one that resolves outside it is refused unread.

A pull request may add a symbolic link where a data file or a catalog belongs
(``locales/sw/LC_MESSAGES/index.po -> /proc/self/environ``). Whatever reads such a
file would print its first lines in a warning, in a public CI log. Grid data files,
catalogs and ``locales/languages.toml`` are therefore resolved first, and a path
that leads out of the project is refused, naming only the path as it was written.
"""

from __future__ import annotations

import os
from pathlib import Path

#: What a refusal says after the path (never anything of the file it leads to).
LEADS_OUT = "a link to a file outside the project, not read"


def leads_out(path: Path, project: Path | None = None) -> bool:
    """Whether ``path`` resolves outside ``project``.

    Without ``project``: the folder that holds ``locales/`` when the path is inside
    one (a catalog, the language registry), else the path's own folder.
    """
    absolute = Path(os.path.abspath(path))  # absolute, links not followed
    if project is None:
        project = next(
            (folder.parent for folder in absolute.parents if folder.name == "locales"),
            absolute.parent,
        )
    return not absolute.resolve().is_relative_to(Path(project).resolve())
